package diagram

import (
	"cmp"
	"net/netip"
	"slices"

	"github.com/vpcboard/vpcboard/internal/design"
)

// index holds what the builders look up about a design, computed once, in
// ID order: which subnets, gateways, tables and attachments each VPC has,
// and what sits in each subnet. The facts come from design.Index (so the
// diagram's public subnets are validate's); this index keeps what only the
// diagram needs: its natural VPC order, the layout of each subnet's
// interfaces, and the members whose VPC (or transit gateway, service
// network) the design does not hold left out, so a design that does not
// check still draws.
type index struct {
	d     *design.Design
	ix    *design.Index
	assoc design.Associations

	vpcs    []string            // VPC IDs, in natural order (vpc2 before vpc10)
	subnets map[string][]string // VPC -> its subnets
	// vpcOf maps every resource drawn inside a VPC of the design to that
	// VPC.
	vpcOf map[string]string

	igws, eigws, gatewayEndpoints, routeTables map[string][]string // VPC -> IDs
	attachments, latticeAssocs                 map[string][]string // VPC -> IDs
	peerings                                   map[string][]string // VPC -> peering IDs

	// inSubnet lists, per subnet, the resources with an ENI there: NAT
	// gateways, then interface and GWLB endpoints, then TGW attachments,
	// then workloads, each by ID, with the interface's index.
	inSubnet map[string][]eni

	tgwTables map[string][]string // TGW -> its route tables
	eipOf     map[string]string   // workload -> Elastic IP address (or ID)
	flowLogs  map[string][]string // VPC, subnet or workload -> its flow logs
}

// eni is one network interface of a resource in a subnet: the i-th subnet
// of an endpoint or the i-th interface of a workload.
type eni struct {
	id string
	i  int
}

func newIndex(d *design.Design) *index {
	ix := design.NewIndex(d)
	x := &index{
		d:                d,
		ix:               ix,
		assoc:            ix.Associations(),
		subnets:          map[string][]string{},
		vpcOf:            map[string]string{},
		igws:             map[string][]string{},
		eigws:            map[string][]string{},
		gatewayEndpoints: map[string][]string{},
		routeTables:      map[string][]string{},
		attachments:      map[string][]string{},
		latticeAssocs:    map[string][]string{},
		peerings:         map[string][]string{},
		inSubnet:         map[string][]eni{},
		tgwTables:        map[string][]string{},
		eipOf:            map[string]string{},
		flowLogs:         map[string][]string{},
	}
	x.vpcs = design.SortedIDs(d.VPCs)
	slices.SortFunc(x.vpcs, design.NaturalCompare)
	for _, v := range x.vpcs {
		x.indexVPC(v)
	}
	for _, id := range design.SortedIDs(d.TransitGateways) {
		x.tgwTables[id] = ix.TGWRouteTablesOf(id)
	}
	x.indexSubnets()
	for _, id := range design.SortedIDs(d.ElasticIPs) {
		if e := d.ElasticIPs[id]; e.Workload != "" && x.eipOf[e.Workload] == "" {
			x.eipOf[e.Workload] = cmp.Or(e.Address, id)
		}
	}
	for _, id := range design.SortedIDs(d.FlowLogs) {
		f := d.FlowLogs[id]
		x.flowLogs[f.Resource] = append(x.flowLogs[f.Resource], id)
	}
	return x
}

// indexVPC lists the members of VPC v that the diagram draws.
func (x *index) indexVPC(v string) {
	d, ix := x.d, x.ix
	member := func(m map[string][]string, ids []string) {
		m[v] = ids
		for _, id := range ids {
			x.vpcOf[id] = v
		}
	}
	member(x.subnets, ix.SubnetsOf(v))
	member(x.igws, ix.InternetGatewaysOf(v))
	member(x.eigws, ix.EgressOnlyGatewaysOf(v))
	member(x.routeTables, ix.RouteTablesOf(v))
	for _, id := range ix.EndpointsOf(v) {
		x.vpcOf[id] = v
		if e := d.VPCEndpoints[id]; e.Type == design.EndpointGateway || len(e.Subnets) == 0 {
			x.gatewayEndpoints[v] = append(x.gatewayEndpoints[v], id)
		}
	}
	x.attachments[v] = keep(ix.AttachmentsOf(v), func(id string) bool {
		return d.TransitGateways[d.TransitGatewayAttachments[id].TransitGateway] != nil
	})
	x.latticeAssocs[v] = keep(ix.LatticeAssociationsOf(v), func(id string) bool {
		return d.LatticeServiceNetworks[d.LatticeAssociations[id].ServiceNetwork] != nil
	})
	x.peerings[v] = keep(ix.PeeringsOf(v), func(id string) bool {
		return d.VPCs[d.PeeringConnections[id].Peer(v)] != nil
	})
}

// keep returns the IDs for which ok holds.
func keep(ids []string, ok func(string) bool) []string {
	var out []string
	for _, id := range ids {
		if ok(id) {
			out = append(out, id)
		}
	}
	return out
}

// indexSubnets lays out the interfaces in each subnet drawn and places NAT
// gateways and workloads in their subnet's VPC.
func (x *index) indexSubnets() {
	d := x.d
	inSubnet := func(id string, i int, subnet string) {
		if _, ok := x.vpcOf[subnet]; ok && d.Subnets[subnet] != nil {
			x.inSubnet[subnet] = append(x.inSubnet[subnet], eni{id, i})
		}
	}
	for _, id := range design.SortedIDs(d.NATGateways) {
		n := d.NATGateways[id]
		inSubnet(id, 0, n.Subnet)
		if v, ok := x.vpcOf[n.Subnet]; ok {
			x.vpcOf[id] = v
		}
	}
	for _, id := range design.SortedIDs(d.VPCEndpoints) {
		if e := d.VPCEndpoints[id]; x.vpcOf[id] != "" && !slices.Contains(x.gatewayEndpoints[e.VPC], id) {
			for i, s := range e.Subnets {
				inSubnet(id, i, s)
			}
		}
	}
	for _, id := range design.SortedIDs(d.TransitGatewayAttachments) {
		if at := d.TransitGatewayAttachments[id]; slices.Contains(x.attachments[at.VPC], id) {
			for i, s := range at.Subnets {
				inSubnet(id, i, s)
			}
		}
	}
	for _, id := range design.SortedIDs(d.Workloads) {
		for i, ifc := range d.Workloads[id].Interfaces {
			inSubnet(id, i, ifc.Subnet)
			if v, ok := x.vpcOf[ifc.Subnet]; ok && x.vpcOf[id] == "" {
				x.vpcOf[id] = v
			}
		}
	}
}

// name returns the display name of any resource, or its ID.
func (x *index) name(id string) string {
	r, ok := x.d.Lookup(id)
	if !ok {
		return id
	}
	type named interface{ DisplayName() string }
	if n, ok := r.(named); ok {
		return n.DisplayName()
	}
	return id
}

// names returns the display names of ids.
func (x *index) names(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = x.name(id)
	}
	return out
}

// rows returns the row of every subnet of a VPC, for laying out subnets of
// one tier side by side across the availability zones: tiers in the order
// of their lowest block (public subnets usually come first), each as many
// rows as its largest zone needs.
func (x *index) rows(vpc string, azOf func(string) string) map[string]int {
	type tierInfo struct {
		name  string
		first netip.Prefix
		known bool
		count map[string]int // AZ -> subnets
	}
	tiers := map[string]*tierInfo{}
	var order []*tierInfo
	for _, s := range x.subnets[vpc] {
		sn := x.d.Subnets[s]
		t := tiers[sn.Tier]
		if t == nil {
			t = &tierInfo{name: sn.Tier, count: map[string]int{}}
			tiers[sn.Tier] = t
			order = append(order, t)
		}
		if p, ok := design.KnownCIDR(sn.CIDR); ok && (!t.known || comparePrefix(p, t.first) < 0) {
			t.first, t.known = p, true
		}
		t.count[azOf(s)]++
	}
	slices.SortStableFunc(order, func(a, b *tierInfo) int {
		switch {
		case a.known && b.known:
			if c := comparePrefix(a.first, b.first); c != 0 {
				return c
			}
		case a.known != b.known:
			if a.known {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.name, b.name)
	})
	base := map[string]int{}
	next := 0
	for _, t := range order {
		base[t.name] = next
		height := 0
		for _, n := range t.count {
			height = max(height, n)
		}
		next += height
	}
	rows := map[string]int{}
	seen := map[[2]string]int{} // (AZ, tier) -> subnets placed
	for _, s := range x.sortedSubnets(vpc) {
		sn := x.d.Subnets[s]
		k := [2]string{azOf(s), sn.Tier}
		rows[s] = base[sn.Tier] + seen[k]
		seen[k]++
	}
	return rows
}

// sortedSubnets returns the subnets of vpc by tier, then block, then ID.
func (x *index) sortedSubnets(vpc string) []string {
	out := slices.Clone(x.subnets[vpc])
	slices.SortStableFunc(out, func(a, b string) int {
		sa, sb := x.d.Subnets[a], x.d.Subnets[b]
		if c := cmp.Compare(sa.Tier, sb.Tier); c != 0 {
			return c
		}
		pa, oka := design.KnownCIDR(sa.CIDR)
		pb, okb := design.KnownCIDR(sb.CIDR)
		switch {
		case oka && okb:
			if c := comparePrefix(pa, pb); c != 0 {
				return c
			}
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		}
		return cmp.Compare(a, b)
	})
	return out
}

func comparePrefix(a, b netip.Prefix) int {
	if c := a.Addr().Compare(b.Addr()); c != 0 {
		return c
	}
	return a.Bits() - b.Bits()
}
