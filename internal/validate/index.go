package validate

import (
	"net/netip"

	"github.com/vpcboard/vpcboard/internal/design"
)

// index holds what many rules need, computed once per validation: parsed
// blocks, and who belongs to or is associated with whom. Malformed and
// unknown values are left out (checkStructure reports the malformed ones).
type index struct {
	d *design.Design

	vpcIDs []string // sorted
	// vpcV4 and vpcV6 are the VPCs' parsed blocks, masked, in file order.
	vpcV4, vpcV6 map[string][]netip.Prefix

	subnetsOf map[string][]string // VPC -> its subnets, sorted
	// subnetV4 and subnetV6 are the subnets' parsed blocks, masked.
	subnetV4, subnetV6 map[string]netip.Prefix

	mainTables  map[string][]string // VPC -> its main route tables, sorted
	tablesOf    map[string][]string // VPC -> all its route tables, sorted
	explicitRT  map[string][]string // subnet -> route tables explicitly associated, sorted
	defaultACLs map[string][]string // VPC -> its default NACLs, sorted
	explicitACL map[string][]string // subnet -> NACLs explicitly associated, sorted

	igwsOf      map[string][]string // VPC -> attached IGWs, sorted
	workloadsIn map[string][]string // subnet -> workloads with an ENI there, sorted, once per ENI

	// pairs and peersOf are built on first use by peeringPairs.
	pairs   map[vpcPair][]string
	peersOf map[string][]string // VPC -> its peerings with other VPCs, sorted
}

func newIndex(d *design.Design) *index {
	ix := &index{
		d:           d,
		vpcIDs:      design.SortedIDs(d.VPCs),
		vpcV4:       map[string][]netip.Prefix{},
		vpcV6:       map[string][]netip.Prefix{},
		subnetsOf:   map[string][]string{},
		subnetV4:    map[string]netip.Prefix{},
		subnetV6:    map[string]netip.Prefix{},
		mainTables:  map[string][]string{},
		tablesOf:    map[string][]string{},
		explicitRT:  map[string][]string{},
		defaultACLs: map[string][]string{},
		explicitACL: map[string][]string{},
		igwsOf:      map[string][]string{},
		workloadsIn: map[string][]string{},
	}
	for _, id := range ix.vpcIDs {
		v := d.VPCs[id]
		for _, s := range v.IPv4CIDRs() {
			if p, ok := prefix(s); ok && p.Addr().Is4() {
				ix.vpcV4[id] = append(ix.vpcV4[id], p)
			}
		}
		for _, s := range v.IPv6CIDRs {
			if p, ok := prefix(s); ok && p.Addr().Is6() {
				ix.vpcV6[id] = append(ix.vpcV6[id], p)
			}
		}
	}
	for _, id := range design.SortedIDs(d.Subnets) {
		s := d.Subnets[id]
		ix.subnetsOf[s.VPC] = append(ix.subnetsOf[s.VPC], id)
		if p, ok := prefix(s.CIDR); ok {
			ix.subnetV4[id] = p
		}
		if p, ok := prefix(s.IPv6CIDR); ok {
			ix.subnetV6[id] = p
		}
	}
	for _, id := range design.SortedIDs(d.RouteTables) {
		rt := d.RouteTables[id]
		ix.tablesOf[rt.VPC] = append(ix.tablesOf[rt.VPC], id)
		if rt.Main {
			ix.mainTables[rt.VPC] = append(ix.mainTables[rt.VPC], id)
		}
		for _, s := range rt.Subnets {
			ix.explicitRT[s] = append(ix.explicitRT[s], id)
		}
	}
	for _, id := range design.SortedIDs(d.NetworkACLs) {
		n := d.NetworkACLs[id]
		if n.Default {
			ix.defaultACLs[n.VPC] = append(ix.defaultACLs[n.VPC], id)
		}
		for _, s := range n.Subnets {
			ix.explicitACL[s] = append(ix.explicitACL[s], id)
		}
	}
	for _, id := range design.SortedIDs(d.InternetGateways) {
		if g := d.InternetGateways[id]; g.VPC != "" {
			ix.igwsOf[g.VPC] = append(ix.igwsOf[g.VPC], id)
		}
	}
	for _, id := range design.SortedIDs(d.Workloads) {
		for _, ifc := range d.Workloads[id].Interfaces {
			ix.workloadsIn[ifc.Subnet] = append(ix.workloadsIn[ifc.Subnet], id)
		}
	}
	return ix
}

// prefix parses a known, well-formed CIDR and masks it.
func prefix(s string) (netip.Prefix, bool) {
	if s == "" || design.IsUnknown(s) {
		return netip.Prefix{}, false
	}
	p, err := design.ParseCIDR(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	return p.Masked(), true
}

// routeTable returns the table a subnet uses: its explicit association (the
// first, if there are several) or its VPC's main table. It returns nil if
// there is none.
func (ix *index) routeTable(subnetID string) *design.RouteTable {
	if t := ix.explicitRT[subnetID]; len(t) > 0 {
		return ix.d.RouteTables[t[0]]
	}
	s := ix.d.Subnets[subnetID]
	if s == nil {
		return nil
	}
	if m := ix.mainTables[s.VPC]; len(m) > 0 {
		return ix.d.RouteTables[m[0]]
	}
	return nil
}

// networkACL returns the NACL a subnet uses: its explicit association or
// its VPC's default NACL, or nil.
func (ix *index) networkACL(subnetID string) *design.NetworkACL {
	if t := ix.explicitACL[subnetID]; len(t) > 0 {
		return ix.d.NetworkACLs[t[0]]
	}
	s := ix.d.Subnets[subnetID]
	if s == nil {
		return nil
	}
	if m := ix.defaultACLs[s.VPC]; len(m) > 0 {
		return ix.d.NetworkACLs[m[0]]
	}
	return nil
}

// isPublic reports whether a subnet's route table sends 0.0.0.0/0 or ::/0 to
// an internet gateway attached to the subnet's own VPC.
func (ix *index) isPublic(subnetID string) bool {
	s := ix.d.Subnets[subnetID]
	rt := ix.routeTable(subnetID)
	if s == nil || rt == nil {
		return false
	}
	for _, r := range rt.Routes {
		if r.Target.Type != design.TargetInternetGateway || (r.Destination != "0.0.0.0/0" && r.Destination != "::/0") {
			continue
		}
		if g := ix.d.InternetGateways[r.Target.ID]; g != nil && g.VPC == s.VPC {
			return true
		}
	}
	return false
}

// vpcOfTarget returns the VPC a route target belongs to, and whether that
// is known. Peering connections and transit gateways belong to no single
// VPC and are not handled here.
func (ix *index) vpcOfTarget(t design.Target) (string, bool) {
	d := ix.d
	switch t.Type {
	case design.TargetInternetGateway:
		if g := d.InternetGateways[t.ID]; g != nil {
			return g.VPC, true
		}
	case design.TargetEgressOnlyInternetGateway:
		if g := d.EgressOnlyInternetGateways[t.ID]; g != nil {
			return g.VPC, true
		}
	case design.TargetNATGateway:
		if n := d.NATGateways[t.ID]; n != nil {
			if s := d.Subnets[n.Subnet]; s != nil {
				return s.VPC, true
			}
		}
	case design.TargetVPCEndpoint:
		if e := d.VPCEndpoints[t.ID]; e != nil {
			return e.VPC, true
		}
	case design.TargetNetworkInterface:
		if w := d.Workloads[t.ID]; w != nil && len(w.Interfaces) > 0 {
			if s := d.Subnets[w.Interfaces[0].Subnet]; s != nil {
				return s.VPC, true
			}
		}
	}
	return "", false
}
