package validate

import (
	"net/netip"

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

	// Index holds the derived facts every analysis shares: members of
	// each VPC, associations, public subnets, workloads per subnet,
	// peerings.
	*design.Index

	// cidrs holds every CIDR value parsed so far (see cidr): the families
	// read the same values many times, a subnet's block or the VPC block a
	// route, a NACL entry and a rule all name.
	cidrs map[string]cidr

	// spaces holds the address space of every VPC of the design.
	spaces map[string]*vpcSpace
	// subnetBlocks holds the blocks of every subnet, both families, with
	// the subnet's VPC; it is built on first use by isSubnetBlock.
	subnetBlocks map[subnetKey]bool
}

func newIndex(d *design.Design) *index {
	nv, ns := len(d.VPCs), len(d.Subnets)
	x := design.NewIndex(d)
	ix := &index{
		d:             d,
		Index:         x,
		vpcIDs:        x.IDs(design.KindVPC),
		tableIDs:      x.IDs(design.KindRouteTable),
		aclIDs:        x.IDs(design.KindNetworkACL),
		groupIDs:      x.IDs(design.KindSecurityGroup),
		natIDs:        x.IDs(design.KindNATGateway),
		endpointIDs:   x.IDs(design.KindVPCEndpoint),
		latticeIDs:    x.IDs(design.KindLatticeAssociation),
		peeringIDs:    x.IDs(design.KindPeeringConnection),
		attachmentIDs: x.IDs(design.KindTransitGatewayAttachment),
		tgwTableIDs:   x.IDs(design.KindTransitGatewayRouteTable),
		vpcV4:         make(map[string][]netip.Prefix, nv),
		vpcV6:         map[string][]netip.Prefix{},
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
	return ix.d.RouteTables[ix.RouteTableOf(subnetID)]
}

// vpcOfTarget returns the VPC a route target belongs to (see
// design.Index.VPCOf), and whether that is known. Peering connections and
// transit gateways belong to no single VPC and are not handled here.
func (ix *index) vpcOfTarget(t design.Target) (string, bool) {
	d := ix.d
	var exists bool
	switch t.Type {
	case design.TargetInternetGateway:
		_, exists = d.InternetGateways[t.ID]
	case design.TargetEgressOnlyInternetGateway:
		_, exists = d.EgressOnlyInternetGateways[t.ID]
	case design.TargetNATGateway:
		_, exists = d.NATGateways[t.ID]
	case design.TargetVPCEndpoint:
		_, exists = d.VPCEndpoints[t.ID]
	case design.TargetNetworkInterface:
		_, exists = d.Workloads[t.ID]
	}
	v := ix.VPCOf(t.ID)
	return v, exists && v != ""
}
