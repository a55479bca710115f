package validate

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// Destinations AWS reserves in route tables, and the NAT64 prefix that may
// be routed to a NAT gateway.
var (
	reservedDests = []netip.Prefix{netip.MustParsePrefix("169.254.168.0/22"), netip.MustParsePrefix("fd00:ec2::/32")}
	nat64         = netip.MustParsePrefix("64:ff9b::/96")
)

// checkRoutes reports the route table rules: one main table per VPC, one
// table per subnet, and what is wrong with each route's destination and
// target. route.target-missing comes from checkStructure.
func checkRoutes(c *context) {
	d := c.d
	for _, vpc := range c.ix.vpcIDs {
		mains := c.ix.MainRouteTables(vpc)
		if len(mains) == 0 {
			c.report("route.main-missing", "vpc["+vpc+"]", ids(vpc), "mark one of the VPC's route tables main: subnets without an explicit association use it",
				"vpc `%s` has no main route table", vpc)
		}
		for _, t := range mains[min(1, len(mains)):] {
			c.report("route.main-duplicate", "route-table["+t+"].main", ids(t, mains[0], vpc), "keep one main table per VPC; associate the others with subnets explicitly",
				"route-table `%s` is a second main table of vpc `%s` (`%s` is main)", t, vpc, mains[0])
		}
	}
	checkAssociations(c)
	tgws := attachedVPCs(d)
	cidrs := map[netip.Prefix]int{}
	lists := map[string]int{}
	for id, rt := range d.RouteTables {
		if !rt.Main && len(rt.Subnets) == 0 && len(rt.Gateways) == 0 {
			c.report("route.unused-table", "route-table["+id+"]", ids(id), "associate the table with a subnet or a gateway, or delete it",
				"route-table `%s` is not main and has no subnet or gateway", id)
		}
		checkEdgeTable(c, rt)
		clear(cidrs)
		clear(lists)
		space := c.ix.spaces[rt.VPC]
		for i, r := range rt.Routes {
			x := routeRef{rt: rt, i: i, r: r}
			x.dest, x.isCIDR = c.ix.prefix(r.Destination)
			checkDestination(c, x, cidrs, lists)
			checkRoute(c, x, space, tgws)
		}
	}
}

// checkEdgeTable reports, for a route table associated with internet
// gateways (a gateway route table), an association with another VPC's
// gateway and each route AWS refuses there: every route but the local one
// must send the whole CIDR block of a subnet of the VPC, or the VPC's
// whole block, to a network interface, a Gateway Load Balancer endpoint or
// a Network Firewall endpoint; no prefix list (AWS, "Gateway route
// tables"). Destinations and targets known only after deployment pass.
func checkEdgeTable(c *context, rt *design.RouteTable) {
	if len(rt.Gateways) == 0 {
		return
	}
	d := c.d
	for i, g := range rt.Gateways {
		if gw := d.InternetGateways[g]; gw != nil && gw.VPC != rt.VPC && gw.VPC != "" && !design.IsUnknown(gw.VPC) && !design.IsUnknown(rt.VPC) {
			c.report("route.edge-route", itemPath(rt, "gateways", i), ids(rt.ID, g),
				"associate the gateway with a route table of its own VPC",
				"route-table `%s` of vpc `%s` is associated with internet gateway `%s` of vpc `%s`", rt.ID, rt.VPC, g, gw.VPC)
		}
	}
	for i, r := range rt.Routes {
		if design.IsUnknown(r.Destination) || design.IsUnknown(r.Target.ID) {
			continue
		}
		p, ok := c.ix.prefix(r.Destination)
		if ok && (c.ix.isSubnetBlock(rt.VPC, p) || slices.Contains(c.ix.vpcV4[rt.VPC], p) || slices.Contains(c.ix.vpcV6[rt.VPC], p)) && edgeTarget(d, r.Target) {
			checkEdgeSymmetry(c, rt, i, p)
			continue
		}
		c.report("route.edge-route", itemPath(rt, "routes", i), ids(rt.ID, r.Target.ID),
			"route only whole subnet (or VPC) blocks, each to a network interface, a Gateway Load Balancer endpoint or a Network Firewall endpoint",
			"route-table `%s` (the edge table of internet gateway `%s`) sends %s to %s: a gateway route table sends only the whole CIDR block of a subnet of vpc `%s` (or of the VPC) to a network interface, a Gateway Load Balancer endpoint or a Network Firewall endpoint",
			rt.ID, strings.Join(rt.Gateways, "`, `"), r.Dest(), r.Target, rt.VPC)
	}
}

// checkEdgeSymmetry reports the subnets of block p, which route i of the
// edge table rt sends through an appliance, whose own default route for
// p's family goes straight to an internet gateway: their replies skip the
// appliance, and AWS does not support asymmetric routing through one
// (AWS, "Gateway route tables", rules and considerations).
func checkEdgeSymmetry(c *context, rt *design.RouteTable, i int, p netip.Prefix) {
	r := rt.Routes[i]
	def := "0.0.0.0/0"
	if p.Addr().Is6() {
		def = "::/0"
	}
	for _, sid := range c.ix.SubnetsOf(rt.VPC) {
		s := c.d.Subnets[sid]
		if b, ok := c.ix.prefix(s.CIDR); !ok || b != p {
			if b6, ok6 := c.ix.prefix(s.IPv6CIDR); !ok6 || b6 != p {
				continue
			}
		}
		srt := c.ix.routeTable(sid)
		if srt == nil {
			continue
		}
		for _, back := range srt.Routes {
			if back.Destination != def || back.Target.Type != design.TargetInternetGateway {
				continue
			}
			c.report("route.edge-asymmetric", itemPath(rt, "routes", i), ids(rt.ID, sid, srt.ID),
				fmt.Sprintf("route %s of route table `%s` to %s, so that replies go back through the appliance", def, srt.ID, r.Target),
				"route-table `%s` sends traffic from the internet for subnet `%s` to %s, but the subnet's route table `%s` sends %s straight to internet gateway `%s`: the replies skip the appliance, and AWS does not support asymmetric routing through one",
				rt.ID, sid, r.Target, srt.ID, def, back.Target.ID)
		}
	}
}

// edgeTarget reports whether a route of a gateway route table may send
// traffic to t: a network interface or a Gateway Load Balancer endpoint (a
// Network Firewall endpoint is one, known only after deployment).
func edgeTarget(d *design.Design, t design.Target) bool {
	switch t.Type {
	case design.TargetNetworkInterface:
		return true
	case design.TargetVPCEndpoint:
		e := d.VPCEndpoints[t.ID]
		return e == nil || e.Type == design.EndpointGatewayLoadBalancer
	}
	return false
}

// checkAssociations reports subnets associated with more than one table or
// with a table of another VPC.
func checkAssociations(c *context) {
	for s, tables := range c.ix.ExplicitRouteTableLists() {
		sub := c.d.Subnets[s]
		for k, t := range tables {
			rt := c.d.RouteTables[t]
			if k > 0 && tables[k-1] == t {
				// Listed twice in the table: the index holds t once per entry.
				c.report("route.assoc-duplicate", associationPath(rt, s, 2), ids(s, t), "list the subnet once",
					"subnet `%s` is listed twice in route-table `%s`", s, t)
				continue
			}
			if k > 0 {
				c.report("route.assoc-duplicate", associationPath(rt, s, 1), ids(s, tables[0], t), "keep one association: a subnet uses exactly one route table",
					"subnet `%s` is associated with route-table `%s` and `%s`", s, tables[0], t)
			}
			if sub != nil && sub.VPC != rt.VPC && !design.IsUnknown(sub.VPC) && !design.IsUnknown(rt.VPC) {
				c.report("route.assoc-foreign", associationPath(rt, s, 1), ids(t, s), "associate the subnet with a route table of its own VPC",
					"route-table `%s` of vpc `%s` is associated with subnet `%s` of vpc `%s`", t, rt.VPC, s, sub.VPC)
			}
		}
	}
}

// associationPath returns the path of the nth entry (from 1) of subnet in
// the table's subnets.
func associationPath(rt *design.RouteTable, subnet string, nth int) string {
	for i, s := range rt.Subnets {
		if s == subnet {
			if nth--; nth == 0 {
				return fmt.Sprintf("route-table[%s].subnets[%d]", rt.ID, i)
			}
		}
	}
	return "route-table[" + rt.ID + "].subnets"
}

// checkDestination reports a destination used twice in one table (cidrs
// and lists hold the destinations seen so far) or reserved by AWS.
func checkDestination(c *context, x routeRef, cidrs map[netip.Prefix]int, lists map[string]int) {
	rt, i, r, dest := x.rt, x.i, x.r, x.dest
	dup, seen := -1, false
	if x.isCIDR {
		for _, res := range reservedDests {
			if covers(res, dest) {
				c.report("route.reserved-dest", x.path(".destination"), ids(rt.ID), "remove the route: AWS keeps this range for the instance metadata, DNS and time services",
					"route-table `%s` route %d destination %s is inside reserved %s", rt.ID, i, r.Destination, res)
			}
		}
		if dup, seen = cidrs[dest]; !seen {
			cidrs[dest] = i
		}
	} else if r.Destination == "" && r.PrefixList != "" && !design.IsUnknown(r.PrefixList) {
		if dup, seen = lists[r.PrefixList]; !seen {
			lists[r.PrefixList] = i
		}
	}
	if seen {
		suffix := ".destination"
		if !x.isCIDR {
			suffix = ".prefix_list"
		}
		c.report("route.dest-duplicate", x.path(suffix), ids(rt.ID), "keep one route per destination",
			"route-table `%s` routes %d and %d both go to %s", rt.ID, dup, i, r.Dest())
	}
}

// routeRef is one route of a table, for messages: paths and labels are
// built only when a route has something to report.
type routeRef struct {
	rt *design.RouteTable
	i  int
	r  design.Route
	// dest is the destination when it is a known, well-formed CIDR, which
	// isCIDR reports.
	dest   netip.Prefix
	isCIDR bool
}

// path returns the design path of the route followed by suffix.
func (x routeRef) path(suffix string) string {
	return fmt.Sprintf("route-table[%s].routes[%d]%s", x.rt.ID, x.i, suffix)
}

// label returns "route-table `rt` route 2 to 10.1.0.0/16 via peering-connection `pcx`".
func (x routeRef) label() string {
	return fmt.Sprintf("route-table `%s` route %d to %s via %s", x.rt.ID, x.i, x.r.Dest(), targetName(x.r.Target))
}

// checkRoute reports the problems of one route's target. space is the
// address space of the table's VPC, nil if it is not in the design; tgws
// holds the VPCs attached to each transit gateway (see attachedVPCs).
func checkRoute(c *context, x routeRef, space *vpcSpace, tgws map[string]map[string]bool) {
	d, rt, t, dest, isCIDR := c.d, x.rt, x.r.Target, x.dest, x.isCIDR
	if isCIDR && space != nil {
		if b, conflict := localConflict(c.ix, space, x.r, dest); conflict && !b.secondary {
			c.report("route.local-override", x.path(".destination"), ids(rt.ID, rt.VPC),
				"route a whole subnet's block to a NAT gateway, ENI or GWLB endpoint, or remove the route: the local route already carries this traffic",
				"%s is inside the local route for %s of vpc `%s`", x.label(), b.p, rt.VPC)
		}
	}
	if isCIDR {
		switch {
		case dest.Addr().Is4() && t.Type == design.TargetEgressOnlyInternetGateway:
			c.report("route.family-mismatch", x.path(""), ids(rt.ID, t.ID), "send IPv4 to an internet gateway or a NAT gateway; an egress-only internet gateway carries IPv6 only",
				"%s sends IPv4 to an egress-only internet gateway", x.label())
		case dest.Addr().Is6() && t.Type == design.TargetNATGateway && !covers(nat64, dest):
			c.report("route.family-mismatch", x.path(""), ids(rt.ID, t.ID), "send IPv6 to an egress-only or an internet gateway; a NAT gateway takes IPv6 only for NAT64 (64:ff9b::/96)",
				"%s sends IPv6 to a NAT gateway", x.label())
		}
	}
	if t.ID != "" && design.IsUnknown(t.ID) {
		return
	}
	blackhole := func(why string) {
		c.report("route.blackhole", x.path(".target"), ids(rt.ID, t.ID), "point the route at a target that can carry the traffic, or remove it",
			"%s drops traffic: %s", x.label(), why)
	}
	switch t.Type {
	case design.TargetBlackhole:
		c.report("route.blackhole", x.path(".target"), ids(rt.ID), "point the route at a target that can carry the traffic, or remove it",
			"%s drops traffic: its target is a blackhole", x.label())
		return
	case design.TargetInternetGateway:
		if g := d.InternetGateways[t.ID]; g != nil && g.VPC == "" {
			blackhole(fmt.Sprintf("internet gateway `%s` is not attached to a VPC", t.ID))
			return
		}
	case design.TargetNATGateway:
		if n := d.NATGateways[t.ID]; n != nil && d.Subnets[n.Subnet] == nil && !design.IsUnknown(n.Subnet) {
			blackhole(fmt.Sprintf("NAT gateway `%s` is in subnet `%s`, which is not in the design", t.ID, n.Subnet))
			return
		}
	case design.TargetVPCEndpoint:
		if e := d.VPCEndpoints[t.ID]; e != nil && e.Type == design.EndpointInterface {
			blackhole(fmt.Sprintf("`%s` is an interface endpoint; only Gateway Load Balancer endpoints (and gateway endpoints, through their prefix lists) take routes", t.ID))
			return
		}
	case design.TargetNetworkInterface:
		w := d.Workloads[t.ID]
		switch {
		case w == nil:
			return
		case len(w.Interfaces) == 0:
			blackhole(fmt.Sprintf("workload `%s` has no network interface", t.ID))
			return
		case w.SourceDestCheck == nil || *w.SourceDestCheck:
			blackhole(fmt.Sprintf("workload `%s` has source/destination checking on, so it drops traffic not addressed to it", t.ID))
		}
	case design.TargetPeeringConnection:
		checkPeeringRoute(c, x)
		return
	case design.TargetTransitGateway:
		if vpcs := tgws[t.ID]; d.TransitGateways[t.ID] != nil && !vpcs[rt.VPC] && !vpcs[""] && !design.IsUnknown(rt.VPC) {
			c.report("route.target-foreign", x.path(".target"), ids(rt.ID, t.ID), "attach the VPC to the transit gateway, with a subnet in each AZ that uses it",
				"%s has no attachment in vpc `%s`", x.label(), rt.VPC)
		}
		return
	}
	if owner, ok := c.ix.vpcOfTarget(t); ok && owner != rt.VPC && owner != "" && !design.IsUnknown(owner) && !design.IsUnknown(rt.VPC) {
		c.report("route.target-foreign", x.path(".target"), ids(rt.ID, t.ID, owner), "use a target of the table's own VPC",
			"%s belongs to vpc `%s`, not to the table's vpc `%s`", x.label(), owner, rt.VPC)
	}
}

// checkPeeringRoute reports a route via a peering connection that does not
// include the table's VPC, or whose destination is not inside the peer VPC.
func checkPeeringRoute(c *context, x routeRef) {
	rt := x.rt
	p := c.d.PeeringConnections[x.r.Target.ID]
	if p == nil || design.IsUnknown(p.Requester) || design.IsUnknown(p.Accepter) || design.IsUnknown(rt.VPC) {
		return
	}
	peer := p.Peer(rt.VPC)
	if peer == "" {
		c.report("route.target-foreign", x.path(".target"), ids(rt.ID, p.ID), "route through a peering connection of the table's own VPC",
			"%s joins vpc `%s` and vpc `%s`, not the table's vpc `%s`", x.label(), p.Requester, p.Accepter, rt.VPC)
		return
	}
	ps := c.ix.spaces[peer]
	if !x.isCIDR || ps == nil {
		return
	}
	if _, inside := ps.within(x.dest); inside || !ps.complete(x.dest) {
		return
	}
	if _, _, transitive := c.ix.transitiveHop(rt.VPC, p.ID, x.dest); transitive {
		return // peering.transitive names the VPC the route really needs
	}
	var blocks []string
	carries := "it carries nothing: the peer has no block in it"
	for _, b := range ps.blocks(x.dest) {
		blocks = append(blocks, b.p.String())
		if b.p.Overlaps(x.dest) {
			carries = "it carries only the peer's blocks; the rest is dropped at the peering"
		}
	}
	where := "which has no " + familyOf(x.dest.Addr()) + " block"
	if len(blocks) > 0 {
		where = strings.Join(blocks, ", ")
	}
	c.report("route.peering-outside-peer", x.path(".destination"), ids(rt.ID, p.ID, peer),
		"route only the peer VPC's blocks through the peering: it does not carry traffic on to other networks (no transitive or edge-to-edge routing)",
		"%s is not inside peer vpc `%s` (%s): %s", x.label(), peer, where, carries)
}

// localConflict reports whether a route of a table of the VPC with address
// space s, to the CIDR dest, lies inside a block of the VPC, where the
// local route already sends traffic, without being a route AWS allows there:
// to a whole subnet's block, or replacing the local route's target for a
// whole VPC block, through a NAT gateway, an ENI or a Gateway Load Balancer
// endpoint. It returns the VPC block.
func localConflict(ix *index, s *vpcSpace, r design.Route, dest netip.Prefix) (vpcBlock, bool) {
	if r.Target.Type == design.TargetLocal {
		return vpcBlock{}, false
	}
	b, inside := s.within(dest)
	if !inside {
		return vpcBlock{}, false
	}
	if middlebox(ix.d, r.Target) && (dest == b.p || ix.isSubnetBlock(s.id, dest)) {
		return b, false
	}
	return b, true
}

// middlebox reports whether a target may take traffic within its VPC: a NAT
// gateway, an ENI or a Gateway Load Balancer endpoint. An endpoint that is
// not in the design is given the benefit of the doubt.
func middlebox(d *design.Design, t design.Target) bool {
	switch t.Type {
	case design.TargetNATGateway, design.TargetNetworkInterface:
		return true
	case design.TargetVPCEndpoint:
		e := d.VPCEndpoints[t.ID]
		return e == nil || e.Type == design.EndpointGatewayLoadBalancer
	}
	return false
}

// attachedVPCs returns the VPCs attached to each transit gateway; ""
// stands for an attachment whose VPC is unknown.
func attachedVPCs(d *design.Design) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, a := range d.TransitGatewayAttachments {
		if out[a.TransitGateway] == nil {
			out[a.TransitGateway] = map[string]bool{}
		}
		vpc := a.VPC
		if design.IsUnknown(vpc) {
			vpc = ""
		}
		out[a.TransitGateway][vpc] = true
	}
	return out
}
