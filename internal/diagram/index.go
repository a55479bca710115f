package diagram

import (
	"cmp"
	"net/netip"
	"slices"

	"github.com/vpcboard/vpcboard/internal/design"
)

// index holds what the builders look up about a design, computed once, in
// ID order: which subnets, gateways, tables and attachments each VPC has,
// and what sits in each subnet. References to missing resources are
// skipped, so a design that does not check still draws.
type index struct {
	d     *design.Design
	assoc design.Associations

	vpcs    []string            // VPC IDs, in natural order (vpc2 before vpc10)
	subnets map[string][]string // VPC -> its subnets
	// vpcOf maps every resource drawn inside a VPC to that VPC.
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

	public map[string]bool // subnets whose route table has a route to an internet gateway
	// usedBy lists, per route table and network ACL, the subnets that use
	// it (explicitly or as the VPC's main table or default ACL).
	usedBy   map[string][]string
	flowLogs map[string][]string // VPC, subnet or workload -> its flow logs
}

// eni is one network interface of a resource in a subnet: the i-th subnet
// of an endpoint or the i-th interface of a workload.
type eni struct {
	id string
	i  int
}

func newIndex(d *design.Design) *index {
	x := &index{
		d:                d,
		assoc:            d.Associations(),
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
		public:           map[string]bool{},
		usedBy:           map[string][]string{},
		flowLogs:         map[string][]string{},
	}
	for _, id := range design.SortedIDs(d.VPCs) {
		if d.VPCs[id] != nil {
			x.vpcs = append(x.vpcs, id)
		}
	}
	slices.SortFunc(x.vpcs, naturalCompare)
	hasVPC := func(id string) bool { v, ok := d.VPCs[id]; return ok && v != nil }
	for _, id := range design.SortedIDs(d.Subnets) {
		if s := d.Subnets[id]; s != nil && hasVPC(s.VPC) {
			x.subnets[s.VPC] = append(x.subnets[s.VPC], id)
			x.vpcOf[id] = s.VPC
		}
	}
	inVPC := func(m map[string][]string, id, vpc string) {
		if hasVPC(vpc) {
			m[vpc] = append(m[vpc], id)
			x.vpcOf[id] = vpc
		}
	}
	for _, id := range design.SortedIDs(d.InternetGateways) {
		if g := d.InternetGateways[id]; g != nil {
			inVPC(x.igws, id, g.VPC)
		}
	}
	for _, id := range design.SortedIDs(d.EgressOnlyInternetGateways) {
		if g := d.EgressOnlyInternetGateways[id]; g != nil {
			inVPC(x.eigws, id, g.VPC)
		}
	}
	for _, id := range design.SortedIDs(d.RouteTables) {
		if rt := d.RouteTables[id]; rt != nil {
			inVPC(x.routeTables, id, rt.VPC)
		}
	}
	for _, id := range design.SortedIDs(d.TransitGatewayAttachments) {
		if a := d.TransitGatewayAttachments[id]; a != nil && d.TransitGateways[a.TransitGateway] != nil && hasVPC(a.VPC) {
			x.attachments[a.VPC] = append(x.attachments[a.VPC], id)
		}
	}
	for _, id := range design.SortedIDs(d.LatticeAssociations) {
		if a := d.LatticeAssociations[id]; a != nil && d.LatticeServiceNetworks[a.ServiceNetwork] != nil && hasVPC(a.VPC) {
			x.latticeAssocs[a.VPC] = append(x.latticeAssocs[a.VPC], id)
		}
	}
	for _, id := range design.SortedIDs(d.PeeringConnections) {
		if p := d.PeeringConnections[id]; p != nil && hasVPC(p.Requester) && hasVPC(p.Accepter) && p.Requester != p.Accepter {
			x.peerings[p.Requester] = append(x.peerings[p.Requester], id)
			x.peerings[p.Accepter] = append(x.peerings[p.Accepter], id)
		}
	}
	for _, id := range design.SortedIDs(d.TransitGatewayRouteTables) {
		if t := d.TransitGatewayRouteTables[id]; t != nil && d.TransitGateways[t.TransitGateway] != nil {
			x.tgwTables[t.TransitGateway] = append(x.tgwTables[t.TransitGateway], id)
		}
	}

	inSubnet := func(id string, i int, subnet string) {
		if _, ok := x.vpcOf[subnet]; ok && d.Subnets[subnet] != nil {
			x.inSubnet[subnet] = append(x.inSubnet[subnet], eni{id, i})
		}
	}
	for _, id := range design.SortedIDs(d.NATGateways) {
		if n := d.NATGateways[id]; n != nil {
			inSubnet(id, 0, n.Subnet)
			if v, ok := x.vpcOf[n.Subnet]; ok {
				x.vpcOf[id] = v
			}
		}
	}
	for _, id := range design.SortedIDs(d.VPCEndpoints) {
		e := d.VPCEndpoints[id]
		switch {
		case e == nil || !hasVPC(e.VPC):
		case e.Type == design.EndpointGateway || len(e.Subnets) == 0:
			inVPC(x.gatewayEndpoints, id, e.VPC)
		default:
			x.vpcOf[id] = e.VPC
			for i, s := range e.Subnets {
				inSubnet(id, i, s)
			}
		}
	}
	for _, id := range design.SortedIDs(d.TransitGatewayAttachments) {
		if at := d.TransitGatewayAttachments[id]; at != nil && slices.Contains(x.attachments[at.VPC], id) {
			for i, s := range at.Subnets {
				inSubnet(id, i, s)
			}
		}
	}
	for _, id := range design.SortedIDs(d.Workloads) {
		w := d.Workloads[id]
		if w == nil {
			continue
		}
		for i, ifc := range w.Interfaces {
			inSubnet(id, i, ifc.Subnet)
			if v, ok := x.vpcOf[ifc.Subnet]; ok && x.vpcOf[id] == "" {
				x.vpcOf[id] = v
			}
		}
	}
	for _, id := range design.SortedIDs(d.ElasticIPs) {
		if e := d.ElasticIPs[id]; e != nil && e.Workload != "" && x.eipOf[e.Workload] == "" {
			x.eipOf[e.Workload] = cmp.Or(e.Address, id)
		}
	}
	for _, id := range design.SortedIDs(d.FlowLogs) {
		if f := d.FlowLogs[id]; f != nil {
			x.flowLogs[f.Resource] = append(x.flowLogs[f.Resource], id)
		}
	}
	for _, s := range design.SortedIDs(x.assoc.RouteTables) {
		x.usedBy[x.assoc.RouteTables[s]] = append(x.usedBy[x.assoc.RouteTables[s]], s)
	}
	for _, s := range design.SortedIDs(x.assoc.NetworkACLs) {
		x.usedBy[x.assoc.NetworkACLs[s]] = append(x.usedBy[x.assoc.NetworkACLs[s]], s)
	}
	for s, rt := range x.assoc.RouteTables {
		if t := d.RouteTables[rt]; t != nil && slices.ContainsFunc(t.Routes, func(r design.Route) bool {
			return r.Target.Type == design.TargetInternetGateway
		}) {
			x.public[s] = true
		}
	}
	return x
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
