package reach

import (
	"fmt"

	"github.com/vpcboard/vpcboard/internal/design"
)

// siteKind says where a site is.
type siteKind uint8

const (
	// siteENI is a network interface: a workload's, an interface
	// endpoint's or a NAT gateway's.
	siteENI siteKind = iota + 1
	// siteSubnet is an address of a subnet with no ENI, so no group.
	siteSubnet
	// siteOutside is a host outside the design: the internet, an outside
	// address, a service's public address.
	siteOutside
)

// site is one end of a flow, or a NAT gateway that takes a source's place.
type site struct {
	kind     siteKind
	subnet   string
	vpc      string
	a        addr
	workload string
	iface    int    // the workload's interface
	endpoint string // interface endpoint
	nat      string
	groups   []*securityGroup
	groupIDs []string
	// public reports whether the site has a public address of the flow's
	// family, which an internet gateway needs.
	public bool
	label  string // "workload `app-1`", for messages
}

// sites returns the places an endpoint stands for: a source is one (a
// workload's first interface), a destination may be several (one per
// interface of a workload, or per subnet of an interface endpoint), of
// which the trace keeps the best.
func (an *Analyzer) sites(e Endpoint, is6, source bool, srcVPC string) ([]*site, error) {
	d := an.d
	switch e.Kind {
	case EndpointWorkload:
		w := d.Workloads[e.ID]
		if w.Type == design.WorkloadGWLB {
			return nil, fmt.Errorf("workload %q is a Gateway Load Balancer, which opens no connections and takes none addressed to it: "+
				"it passes on to its appliances, in GENEVE (udp 6081), the traffic its endpoints send it; trace the flow between the workloads it inspects", e.ID)
		}
		var out []*site
		for i := range w.Interfaces {
			if s := an.eniSite(w, i, is6); s != nil {
				out = append(out, s)
			}
			if source && len(out) > 0 {
				break
			}
		}
		if len(out) == 0 {
			if len(w.Interfaces) == 0 {
				return nil, fmt.Errorf("workload %q has no network interface", e.ID)
			}
			return nil, fmt.Errorf("workload %q has no IPv6 address", e.ID)
		}
		return out, nil
	case EndpointSubnet:
		s := an.subnetSite(e.ID, is6)
		if s == nil {
			return nil, fmt.Errorf("subnet %q has no IPv6 block", e.ID)
		}
		return []*site{s}, nil
	case EndpointAddress:
		if e.ID == "" {
			return []*site{{kind: siteOutside, a: addr{p: e.Prefix, is6: e.Prefix.Addr().Is6()}, label: e.Prefix.String()}}, nil
		}
		if ref, ok := an.ix.InterfaceAt(e.Prefix.Addr()); ok && e.Prefix.IsSingleIP() {
			s := an.eniSite(d.Workloads[ref.Workload], ref.Index, is6)
			s.a = addr{p: e.Prefix, is6: is6}
			return []*site{s}, nil
		}
		s := an.subnetSite(e.ID, is6)
		s.a = addr{p: e.Prefix, is6: is6}
		s.label = e.Prefix.String()
		return []*site{s}, nil
	case EndpointInternet:
		return []*site{{kind: siteOutside, a: addr{world: true, is6: is6}, label: "the internet"}}, nil
	case EndpointService:
		if eps := an.ifEndpoints[[2]string{srcVPC, e.ID}]; len(eps) > 0 {
			var out []*site
			for _, id := range eps {
				ep := d.VPCEndpoints[id]
				for _, sub := range ep.Subnets {
					if s := an.endpointSite(ep, sub, is6); s != nil {
						out = append(out, s)
					}
				}
			}
			if len(out) > 0 {
				return out, nil
			}
		}
		region := an.regionOf[srcVPC]
		if region == "" {
			region = d.Region
		}
		name := "com.amazonaws." + region + "." + e.ID
		return []*site{{kind: siteOutside, a: addr{world: true, is6: is6, service: name}, label: "service " + name}}, nil
	}
	return nil, fmt.Errorf("invalid endpoint")
}

// eniSite returns the site of interface i of a workload, or nil when it has
// no address of the family.
func (an *Analyzer) eniSite(w *design.Workload, i int, is6 bool) *site {
	ifc := w.Interfaces[i]
	s := &site{kind: siteENI, subnet: ifc.Subnet, vpc: an.vpcOf(ifc.Subnet), workload: w.ID, iface: i, label: "workload `" + w.ID + "`"}
	if is6 {
		if len(ifc.IPv6) == 0 {
			return nil
		}
		s.a = an.hostAddr(ifc.IPv6[0], ifc.Subnet, true)
		s.public = true
	} else {
		s.a = an.hostAddr(ifc.PrivateIP, ifc.Subnet, false)
		// An Elastic IP associated with an instance goes to its primary
		// interface.
		eip := len(an.ix.ElasticIPsOf(w.ID)) > 0 && (i == 0 || w.Type != design.WorkloadInstance)
		s.public = w.PublicIPv4(i) || eip
	}
	an.setGroups(s, w.SecurityGroups)
	return s
}

// endpointSite returns the site of an interface endpoint's ENI in a subnet.
func (an *Analyzer) endpointSite(ep *design.VPCEndpoint, subnet string, is6 bool) *site {
	blk := an.subnetBlock(subnet, is6)
	if is6 && !blk.IsValid() {
		return nil
	}
	s := &site{kind: siteENI, subnet: subnet, vpc: ep.VPC, endpoint: ep.ID, a: addr{p: blk, is6: is6},
		label: "interface endpoint `" + ep.ID + "`"}
	an.setGroups(s, ep.SecurityGroups)
	return s
}

// subnetSite returns the site of any address of a subnet, or nil when it
// has no block of the family.
func (an *Analyzer) subnetSite(subnet string, is6 bool) *site {
	sub := an.d.Subnets[subnet]
	if is6 && sub.IPv6CIDR == "" {
		return nil
	}
	return &site{kind: siteSubnet, subnet: subnet, vpc: sub.VPC, a: addr{p: an.subnetBlock(subnet, is6), is6: is6},
		public: is6 || sub.MapPublicIP, label: "subnet `" + subnet + "`"}
}

// natSite returns the site of a NAT gateway, which takes the place of the
// source it translates.
func (an *Analyzer) natSite(n *design.NATGateway) *site {
	return &site{kind: siteENI, subnet: n.Subnet, vpc: an.vpcOf(n.Subnet), nat: n.ID,
		a:      an.hostAddr(n.PrivateIP, n.Subnet, false),
		public: n.Connectivity == design.ConnectivityPublic && n.EIP != "", label: "NAT gateway `" + n.ID + "`"}
}

// hostAddr returns an ENI's address: the address when known, else the
// block of its subnet.
func (an *Analyzer) hostAddr(s, subnet string, is6 bool) addr {
	if p, ok := hostPrefix(s); ok {
		return addr{p: p, is6: is6}
	}
	return addr{p: an.subnetBlock(subnet, is6), is6: is6}
}

// setGroups gives a site its groups, or its VPC's default group when it
// names none (as AWS does).
func (an *Analyzer) setGroups(s *site, ids []string) {
	if len(ids) == 0 {
		if g := an.defaultSG[s.vpc]; g != nil {
			s.groups, s.groupIDs = []*securityGroup{g}, []string{g.id}
		}
		return
	}
	for _, id := range ids {
		if g := an.groups[id]; g != nil {
			s.groups = append(s.groups, g)
		}
	}
	s.groupIDs = ids
}

// blockOf returns the block to name in a fix for an address of a subnet:
// the subnet's block when the address lies in it, else the address.
func (an *Analyzer) blockOf(a addr, subnet string) string {
	if subnet != "" && !a.world {
		if b := an.subnetBlock(subnet, a.is6); b.IsValid() {
			return b.String()
		}
	}
	return a.cidr()
}
