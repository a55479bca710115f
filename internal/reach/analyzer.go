package reach

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// Analyzer answers reachability questions about one design. New builds its
// indexes once; the design must not change while the Analyzer is in use.
// An Analyzer is safe for concurrent use.
type Analyzer struct {
	d  *design.Design
	ix *design.Index // the derived facts shared with validate and diagram

	vpcBlocks   map[string][]netip.Prefix // VPC -> its known blocks, masked
	vpcUnknown  map[string]bool           // VPC -> some block unknown
	subnetV4    map[string]netip.Prefix   // invalid when unknown
	subnetV6    map[string]netip.Prefix
	subnetRT    map[string]*routeTable // subnet -> the table it uses
	subnetNACL  map[string]*networkACL // subnet -> the ACL it uses
	groups      map[string]*securityGroup
	defaultSG   map[string]*securityGroup // VPC -> its default group
	tgwTableOf  map[string]*tgwTable      // attachment -> its associated table
	ifEndpoints map[[2]string][]string    // {VPC, service short name} -> interface endpoints with private DNS
	regionOf    map[string]string         // VPC -> region
	tables      map[string]*routeTable    // by ID
	acls        map[string]*networkACL    // by ID
	tgwTables   map[string]*tgwTable      // by key
	azOf        map[string]string         // subnet -> AZ
}

// New returns the Analyzer of d.
func New(d *design.Design) *Analyzer {
	an := &Analyzer{
		d:           d,
		ix:          design.NewIndex(d),
		vpcBlocks:   map[string][]netip.Prefix{},
		vpcUnknown:  map[string]bool{},
		subnetV4:    map[string]netip.Prefix{},
		subnetV6:    map[string]netip.Prefix{},
		subnetRT:    map[string]*routeTable{},
		subnetNACL:  map[string]*networkACL{},
		groups:      map[string]*securityGroup{},
		defaultSG:   map[string]*securityGroup{},
		tgwTableOf:  map[string]*tgwTable{},
		ifEndpoints: map[[2]string][]string{},
		regionOf:    map[string]string{},
		tables:      map[string]*routeTable{},
		acls:        map[string]*networkACL{},
		tgwTables:   map[string]*tgwTable{},
		azOf:        map[string]string{},
	}
	for _, id := range design.SortedIDs(d.VPCs) {
		v := d.VPCs[id]
		an.regionOf[id] = d.RegionOf(v)
		for _, c := range append(v.IPv4CIDRs(), v.IPv6CIDRs...) {
			if p, ok := design.KnownCIDR(c); ok {
				an.vpcBlocks[id] = append(an.vpcBlocks[id], p)
			} else {
				an.vpcUnknown[id] = true
			}
		}
	}
	for _, id := range design.SortedIDs(d.Subnets) {
		s := d.Subnets[id]
		an.subnetV4[id], _ = design.KnownCIDR(s.CIDR)
		an.subnetV6[id], _ = design.KnownCIDR(s.IPv6CIDR)
		an.azOf[id] = s.AZ
	}
	an.indexGateways()
	an.indexRouteTables()
	an.indexNACLs()
	an.indexGroups()
	an.indexTransit()
	return an
}

func (an *Analyzer) indexGateways() {
	d := an.d
	for _, id := range design.SortedIDs(d.VPCEndpoints) {
		e := d.VPCEndpoints[id]
		// Only private DNS makes the service's regional name resolve to
		// the endpoint's addresses; without it the name is the public
		// endpoint's.
		if e.Type == design.EndpointInterface && e.PrivateDNS {
			k := [2]string{e.VPC, strings.ToLower(e.ServiceShortName())}
			an.ifEndpoints[k] = append(an.ifEndpoints[k], id)
		}
	}
}

// igwOf returns the internet gateway attached to a VPC (the first by ID),
// or "".
func (an *Analyzer) igwOf(vpc string) string { return first(an.ix.InternetGatewaysOf(vpc)) }

// pcxBetween returns a peering that joins two VPCs (the first by ID), or "".
func (an *Analyzer) pcxBetween(a, b string) string { return first(an.ix.PeeringsBetween(a, b)) }

// attachment returns the attachment of a VPC to a transit gateway (the
// first by ID), or "".
func (an *Analyzer) attachment(tgw, vpc string) string {
	return first(an.ix.AttachmentsBetween(tgw, vpc))
}

// vpcOf returns the VPC of a subnet (or other resource), or "".
func (an *Analyzer) vpcOf(id string) string { return an.ix.VPCOf(id) }

func first(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return ids[0]
}

// vpcContains reports whether every address of a lies in a block of the
// VPC.
func (an *Analyzer) vpcContains(vpc string, a addr) tri {
	out := no
	for _, p := range an.vpcBlocks[vpc] {
		switch a.in(p) {
		case yes:
			return yes
		case maybe:
			out = maybe
		}
	}
	if an.vpcUnknown[vpc] && out == no && !a.world {
		out = maybe
	}
	return out
}

// subnetBlock returns the block of a subnet in a family; invalid when
// unknown or absent.
func (an *Analyzer) subnetBlock(subnet string, is6 bool) netip.Prefix {
	if is6 {
		return an.subnetV6[subnet]
	}
	return an.subnetV4[subnet]
}

// routeTableOf returns the route table of a subnet, or nil.
func (an *Analyzer) routeTableOf(subnet string) *routeTable { return an.subnetRT[subnet] }

// naclOf returns the network ACL of a subnet, or nil.
func (an *Analyzer) naclOf(subnet string) *networkACL { return an.subnetNACL[subnet] }

func itoa(n int) string { return strconv.Itoa(n) }

// sortedBySpecificity sorts prefixes' holders longest prefix first, stable.
func sortedBySpecificity[T any](xs []T, bits func(T) int) {
	slices.SortStableFunc(xs, func(a, b T) int { return bits(b) - bits(a) })
}
