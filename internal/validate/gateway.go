package validate

import (
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// checkGateways runs the internet gateway, NAT gateway and Elastic IP rules:
// igw.duplicate, igw.unused, nat.not-public, nat.no-eip, nat.private-eip,
// nat.cross-az, workload.public-ip-no-igw and eip.unassociated.
func checkGateways(c *context) {
	checkInternetGateways(c)
	checkNATGateways(c)
	checkNATPlacement(c)
	checkPublicAddresses(c)
}

// checkInternetGateways reports VPCs with more than one internet gateway,
// and attached gateways that no route of their VPC uses.
func checkInternetGateways(c *context) {
	d := c.d
	used := map[string]bool{}
	for _, rt := range d.RouteTables {
		for _, r := range rt.Routes {
			if r.Target.Type != design.TargetInternetGateway {
				continue
			}
			if g := d.InternetGateways[r.Target.ID]; g != nil && g.VPC == rt.VPC {
				used[r.Target.ID] = true
			}
		}
	}
	for _, vpc := range c.ix.vpcIDs {
		igws := c.ix.InternetGatewaysOf(vpc)
		if len(igws) == 0 {
			continue
		}
		for _, extra := range igws[1:] {
			c.report("igw.duplicate", design.Path(d.InternetGateways[extra])+".vpc", ids(extra, vpc, igws[0]),
				"a VPC takes one internet gateway: detach this one",
				"internet gateway `%s` is a second gateway attached to VPC `%s` (`%s` is attached already)", extra, vpc, igws[0])
		}
		for _, g := range igws {
			if !used[g] {
				c.report("igw.unused", design.Path(d.InternetGateways[g]), ids(g, vpc),
					"route 0.0.0.0/0 (and ::/0) of the public subnets' route table to it, or detach it",
					"internet gateway `%s` is attached to VPC `%s` but no route of the VPC uses it", g, vpc)
			}
		}
	}
}

// checkNATGateways reports public NAT gateways outside public subnets or
// without an Elastic IP, and private NAT gateways with one.
func checkNATGateways(c *context) {
	isPublic := c.ix.IsPublic
	for _, id := range c.ix.natIDs {
		n := c.d.NATGateways[id]
		path := design.Path(n)
		switch n.Connectivity {
		case design.ConnectivityPublic:
			if s := c.d.Subnets[n.Subnet]; s != nil && !isPublic(n.Subnet) {
				c.report("nat.not-public", path+".subnet", ids(id, n.Subnet),
					"put the NAT gateway in a subnet whose route table sends 0.0.0.0/0 to the VPC's internet gateway",
					"public NAT gateway `%s` is in subnet `%s`, which has no route to an internet gateway of VPC `%s`", id, n.Subnet, s.VPC)
			}
			if n.EIP == "" {
				c.report("nat.no-eip", path+".eip", ids(id),
					"allocate an Elastic IP and give it to the NAT gateway",
					"public NAT gateway `%s` has no Elastic IP", id)
			}
		case design.ConnectivityPrivate:
			if n.EIP != "" {
				c.report("nat.private-eip", path+".eip", ids(id, n.EIP),
					"remove the Elastic IP, or make the NAT gateway public",
					"private NAT gateway `%s` has Elastic IP `%s`; private NAT gateways take none", id, n.EIP)
			}
		}
	}
}

// checkNATPlacement reports subnets whose IPv4 default route goes to a NAT
// gateway in another availability zone of the same VPC.
func checkNATPlacement(c *context) {
	d := c.d
	type natRoute struct {
		index int
		nat   *design.NATGateway
	}
	defaults := map[string][]natRoute{} // route table -> its default routes to NAT gateways
	for _, vpc := range c.ix.vpcIDs {
		for _, sid := range c.ix.SubnetsOf(vpc) {
			s := d.Subnets[sid]
			rt := c.ix.routeTable(sid)
			if rt == nil || !knownAZ(s.AZ) {
				continue
			}
			routes, ok := defaults[rt.ID]
			if !ok {
				for i, r := range rt.Routes {
					if r.Target.Type != design.TargetNATGateway || d.NATGateways[r.Target.ID] == nil {
						continue
					}
					if dest, ok := c.ix.prefix(r.Destination); ok && dest.Bits() == 0 && dest.Addr().Is4() {
						routes = append(routes, natRoute{i, d.NATGateways[r.Target.ID]})
					}
				}
				defaults[rt.ID] = routes
			}
			for _, r := range routes {
				ns := d.Subnets[r.nat.Subnet]
				if ns == nil || ns.VPC != s.VPC || !knownAZ(ns.AZ) || ns.AZ == s.AZ || isAZID(ns.AZ) != isAZID(s.AZ) {
					continue
				}
				c.report("nat.cross-az", design.Path(s), ids(sid, rt.ID, r.nat.ID),
					"give each AZ its own NAT gateway and route each private subnet to the one in its AZ",
					"subnet `%s` in %s sends its default route (route table `%s` route %d) to NAT gateway `%s` in %s: an outage of %s cuts its egress, and cross-AZ traffic is charged",
					sid, s.AZ, rt.ID, r.index, r.nat.ID, ns.AZ, ns.AZ)
			}
		}
	}
}

// knownAZ reports whether an availability zone value is set and known.
func knownAZ(az string) bool { return az != "" && !design.IsUnknown(az) }

// isAZID reports whether az is an AZ ID ("use1-az1") rather than a name
// ("us-east-1a"); the two cannot be compared.
func isAZID(az string) bool { return strings.Contains(az, "-az") }

// checkPublicAddresses reports workloads with a public IP or an Elastic IP
// in a subnet that is not public, and Elastic IPs attached to nothing. Each
// finding has its own path, so workloads are walked in any order.
func checkPublicAddresses(c *context) {
	isPublic := c.ix.IsPublic
	d := c.d
	for id, w := range d.Workloads {
		for i, ifc := range w.Interfaces {
			if w.PublicIPv4(i) && d.Subnets[ifc.Subnet] != nil && !isPublic(ifc.Subnet) {
				c.report("workload.public-ip-no-igw", itemPath(w, "interfaces", i)+".public_ip", ids(id, ifc.Subnet),
					"move the workload to a public subnet, or drop the public IP and reach the internet through a NAT gateway",
					"workload `%s` has a public IP in subnet `%s`, which has no route to an internet gateway of its VPC: the address is unreachable", id, ifc.Subnet)
			}
		}
	}
	natEIPs := map[string]bool{}
	for _, n := range d.NATGateways {
		if n.EIP != "" {
			natEIPs[n.EIP] = true
		}
	}
	for _, id := range design.SortedIDs(d.ElasticIPs) {
		e := d.ElasticIPs[id]
		if e.Workload == "" {
			if !natEIPs[id] {
				c.report("eip.unassociated", design.Path(e), ids(id),
					"associate it with a workload or a NAT gateway, or release it (an idle Elastic IP is charged)",
					"Elastic IP `%s` is associated with no workload and no NAT gateway", id)
			}
			continue
		}
		w := d.Workloads[e.Workload]
		if w == nil || len(w.Interfaces) == 0 {
			continue
		}
		// An Elastic IP associated with an instance goes to its primary
		// interface.
		sub := w.Interfaces[0].Subnet
		if d.Subnets[sub] != nil && !isPublic(sub) {
			c.report("workload.public-ip-no-igw", design.Path(e)+".workload", ids(e.Workload, sub, id),
				"move the workload to a public subnet, or release the Elastic IP and reach the internet through a NAT gateway",
				"workload `%s` has Elastic IP `%s` in subnet `%s`, which has no route to an internet gateway of its VPC: the address is unreachable", e.Workload, id, sub)
		}
	}
}
