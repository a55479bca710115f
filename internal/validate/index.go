package validate

import (
	"net/netip"
	"slices"

	"github.com/vpcboard/vpcboard/internal/design"
)

// index holds what many rules need, computed once per validation: sorted
// IDs, parsed blocks, and who belongs to or is associated with whom.
// Malformed and unknown values are left out (checkStructure reports the
// malformed ones).
type index struct {
	d *design.Design

	// The IDs of the kinds that the rule families walk in ID order, sorted
	// once: sorting thousands of IDs in every family that walks them was a
	// large part of a validation. Families whose findings each have their
	// own path walk the design's maps instead.
	vpcIDs, tableIDs, aclIDs, groupIDs, natIDs                      []string
	endpointIDs, latticeIDs, peeringIDs, attachmentIDs, tgwTableIDs []string

	// vpcV4 and vpcV6 are the VPCs' parsed blocks, masked, in file order.
	vpcV4, vpcV6 map[string][]netip.Prefix

	subnetsOf map[string][]string // VPC -> its subnets, sorted

	mainTables  map[string][]string // VPC -> its main route tables, sorted
	tablesOf    map[string][]string // VPC -> all its route tables, sorted
	explicitRT  map[string][]string // subnet -> route tables explicitly associated, sorted
	defaultACLs map[string][]string // VPC -> its default NACLs, sorted
	explicitACL map[string][]string // subnet -> NACLs explicitly associated, sorted

	// assoc is the route table and NACL each subnet uses.
	assoc design.Associations

	igwsOf      map[string][]string // VPC -> attached IGWs, sorted
	workloadsIn map[string][]string // subnet -> workloads with an ENI there, sorted, once per ENI

	// cidrs holds every CIDR value parsed so far (see cidr): the families
	// read the same values many times, a subnet's block or the VPC block a
	// route, a NACL entry and a rule all name.
	cidrs map[string]cidr

	// spaces holds the address space of every VPC of the design.
	spaces map[string]*vpcSpace
	// subnetBlocks holds the blocks of every subnet, both families, with
	// the subnet's VPC; it is built on first use by isSubnetBlock.
	subnetBlocks map[subnetKey]bool

	// pairs and peersOf are built on first use by peeringPairs.
	pairs   map[vpcPair][]string
	peersOf map[string][]string // VPC -> its peerings with other VPCs, sorted
}

func newIndex(d *design.Design) *index {
	nv, ns := len(d.VPCs), len(d.Subnets)
	ix := &index{
		d:             d,
		assoc:         d.Associations(),
		vpcIDs:        design.SortedIDs(d.VPCs),
		tableIDs:      design.SortedIDs(d.RouteTables),
		aclIDs:        design.SortedIDs(d.NetworkACLs),
		groupIDs:      design.SortedIDs(d.SecurityGroups),
		natIDs:        design.SortedIDs(d.NATGateways),
		endpointIDs:   design.SortedIDs(d.VPCEndpoints),
		latticeIDs:    design.SortedIDs(d.LatticeAssociations),
		peeringIDs:    design.SortedIDs(d.PeeringConnections),
		attachmentIDs: design.SortedIDs(d.TransitGatewayAttachments),
		tgwTableIDs:   design.SortedIDs(d.TransitGatewayRouteTables),
		vpcV4:         make(map[string][]netip.Prefix, nv),
		vpcV6:         map[string][]netip.Prefix{},
		subnetsOf:     make(map[string][]string, nv),
		mainTables:    make(map[string][]string, nv),
		tablesOf:      make(map[string][]string, nv),
		explicitRT:    make(map[string][]string, ns),
		defaultACLs:   make(map[string][]string, nv),
		explicitACL:   make(map[string][]string, ns),
		igwsOf:        make(map[string][]string, nv),
		workloadsIn:   make(map[string][]string, ns),
		// Subnets have distinct blocks; rules and routes mostly name
		// those and the VPCs'.
		cidrs:  make(map[string]cidr, nv+ns),
		spaces: make(map[string]*vpcSpace, nv),
	}
	for _, id := range ix.vpcIDs {
		v := d.VPCs[id]
		ix.spaces[id] = newSpace(v)
		for _, s := range v.IPv4CIDRs() {
			if p, ok := ix.prefix(s); ok && p.Addr().Is4() {
				ix.vpcV4[id] = append(ix.vpcV4[id], p)
			}
		}
		for _, s := range v.IPv6CIDRs {
			if p, ok := ix.prefix(s); ok && p.Addr().Is6() {
				ix.vpcV6[id] = append(ix.vpcV6[id], p)
			}
		}
	}
	for id, s := range d.Subnets {
		ix.subnetsOf[s.VPC] = append(ix.subnetsOf[s.VPC], id)
	}
	for _, id := range ix.tableIDs {
		rt := d.RouteTables[id]
		ix.tablesOf[rt.VPC] = append(ix.tablesOf[rt.VPC], id)
		if rt.Main {
			ix.mainTables[rt.VPC] = append(ix.mainTables[rt.VPC], id)
		}
		for _, s := range rt.Subnets {
			ix.explicitRT[s] = append(ix.explicitRT[s], id)
		}
	}
	for _, id := range ix.aclIDs {
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
	for id, w := range d.Workloads {
		for _, ifc := range w.Interfaces {
			ix.workloadsIn[ifc.Subnet] = append(ix.workloadsIn[ifc.Subnet], id)
		}
	}
	// Sorting each short list costs less than sorting all the subnets and
	// workloads first.
	for _, lists := range []map[string][]string{ix.subnetsOf, ix.workloadsIn} {
		for _, ids := range lists {
			slices.Sort(ids)
		}
	}
	return ix
}

// cidr is a CIDR value of the design as the rules use it.
type cidr struct {
	// p is the block, masked; the zero Prefix when the value is empty,
	// unknown or malformed.
	p netip.Prefix
	// hostBits reports whether the value as written has host bits set.
	hostBits bool
}

// cidr returns the parsed form of the CIDR value s, parsing each distinct
// value once per validation.
func (ix *index) cidr(s string) cidr {
	if s == "" {
		return cidr{}
	}
	if v, ok := ix.cidrs[s]; ok {
		return v
	}
	var v cidr
	if !design.IsUnknown(s) {
		if p, err := design.ParseCIDR(s); err == nil {
			v = cidr{p: p.Masked(), hostBits: p.Masked() != p}
		}
	}
	ix.cidrs[s] = v
	return v
}

// prefix returns the masked block of a known, well-formed CIDR value, like
// design.KnownCIDR, through the index's parsed values.
func (ix *index) prefix(s string) (netip.Prefix, bool) {
	p := ix.cidr(s).p
	return p, p.IsValid()
}

// hasHostBits reports whether s is a known, well-formed CIDR with host bits
// set.
func (ix *index) hasHostBits(s string) bool { return ix.cidr(s).hostBits }

// subnetBlock returns the parsed block of a subnet's cidr field, or of its
// ipv6_cidr field when v6 is set, if the subnet exists and the value is
// known and well formed.
func (ix *index) subnetBlock(id string, v6 bool) (netip.Prefix, bool) {
	s := ix.d.Subnets[id]
	switch {
	case s == nil:
		return netip.Prefix{}, false
	case v6:
		return ix.prefix(s.IPv6CIDR)
	}
	return ix.prefix(s.CIDR)
}

// subnetKey is a block of a subnet of a VPC.
type subnetKey struct {
	vpc string
	p   netip.Prefix
}

// isSubnetBlock reports whether p is the block of a subnet of vpc, of
// either family.
func (ix *index) isSubnetBlock(vpc string, p netip.Prefix) bool {
	if ix.subnetBlocks == nil {
		ix.subnetBlocks = make(map[subnetKey]bool, len(ix.d.Subnets))
		for _, s := range ix.d.Subnets {
			for _, raw := range [...]string{s.CIDR, s.IPv6CIDR} {
				if b, ok := ix.prefix(raw); ok {
					ix.subnetBlocks[subnetKey{s.VPC, b}] = true
				}
			}
		}
	}
	return ix.subnetBlocks[subnetKey{vpc, p}]
}

// routeTable returns the table a subnet uses (see design.Associations),
// or nil.
func (ix *index) routeTable(subnetID string) *design.RouteTable {
	return ix.d.RouteTables[ix.assoc.RouteTables[subnetID]]
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
	return ix.behindEdge(s)
}

// behindEdge reports whether the edge table of an internet gateway of the
// subnet's VPC routes the subnet's block (to an appliance): ingress
// routing, where the subnet's own default route goes to the appliance, not
// to the gateway (AWS, "Gateway route tables").
func (ix *index) behindEdge(s *design.Subnet) bool {
	for _, id := range ix.tablesOf[s.VPC] {
		rt := ix.d.RouteTables[id]
		attached := false
		for _, g := range rt.Gateways {
			gw := ix.d.InternetGateways[g]
			attached = attached || gw != nil && gw.VPC == s.VPC
		}
		if !attached {
			continue
		}
		for _, r := range rt.Routes {
			if r.Destination != "" && (r.Destination == s.CIDR || r.Destination == s.IPv6CIDR) {
				return true
			}
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
