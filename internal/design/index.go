package design

import (
	"iter"
	"maps"
	"net/netip"
	"slices"
	"sync"
)

// Index holds the facts that analyses derive from a design rather than read
// off one resource: which VPC a resource is in, what each VPC holds, which
// route table and network ACL each subnet uses, which subnets are public,
// what sits in each subnet, which peerings and attachments join what, and
// which interface holds an address. Package validate, reach, diagram,
// export and web all ask these questions; answering them here once keeps
// them from answering differently (they did: validate and diagram once
// disagreed on what a public subnet is).
//
// An Index is a snapshot of the design at NewIndex and is never updated:
// see the package documentation for who builds one when. Every method only
// reads, so an Index is safe for concurrent use by any number of
// goroutines; the parts built on first use (the sorted IDs of a kind, the
// users of tables and ACLs, the facts fewer analyses ask for, the address
// table) are built under a sync.Once. Slices and maps it returns are
// shared: callers must not modify them.
//
// Every list is in ascending ID order. References to missing resources are
// kept as written (a subnet of a VPC the design lacks is listed under that
// ID): callers that draw or export only what exists check existence
// themselves, and Check reports the dangling reference.
type Index struct {
	d     *Design
	assoc Associations

	subnetsOf, routeTablesOf, igwsOf map[string][]string // VPC -> IDs
	mainTables, defaultACLs          map[string][]string // VPC -> IDs
	explicitRT, explicitACL          map[string][]string // subnet -> tables (ACLs) that list it
	workloadsIn                      map[string][]string // subnet -> workloads, once per interface there
	publicTable                      map[string]bool     // route tables with a route to their VPC's internet gateway
	behindEdge                       map[[2]string]bool  // {VPC, destination} an edge table of the VPC routes
	edgeTable                        map[string]string   // internet gateway -> its edge table

	peeringsOf map[string][]string    // VPC -> peerings with another VPC
	peeringsBy map[[2]string][]string // {VPC, VPC}, lesser first -> peerings

	// The facts fewer analyses ask for are built on first use: validating
	// a design of 2,000 workloads should not pay for them.
	moreOnce  sync.Once
	more      *moreFacts
	addrOnce  sync.Once                   // builds byAddr
	byAddr    map[netip.Addr]InterfaceRef // interface address -> first interface holding it
	usersOnce sync.Once                   // builds usedBy
	usedBy    map[string][]string         // route table or ACL -> subnets using it

	// ids holds the IDs of each kind in ascending order, each sorted on
	// first use (analyses walk some kinds in order, not all).
	ids map[Kind]*sortedIDs
}

// moreFacts are the facts of an Index built on first use.
type moreFacts struct {
	aclsOf, groupsOf, eigwsOf, endpointsOf map[string][]string    // VPC -> IDs
	attachmentsOf, latticeOf               map[string][]string    // VPC -> IDs
	attachmentsT                           map[[2]string][]string // {transit gateway, VPC} -> attachments
	tgwTables                              map[string][]string    // transit gateway -> its route tables
	natsIn                                 map[string][]string    // subnet -> NAT gateways
	enisOf                                 map[string][]string    // instance -> ENI workloads attached to it
	eipsOf                                 map[string][]string    // workload -> its Elastic IPs
	natOfEIP                               map[string]string      // Elastic IP -> the first NAT gateway using it
}

// sortedIDs is the IDs of one kind, sorted once.
type sortedIDs struct {
	once sync.Once
	ids  []string
}

// InterfaceRef names one network interface: the i-th interface of a
// workload.
type InterfaceRef struct {
	Workload string
	Index    int
}

// NewIndex derives the index of d. d must not change while the Index is in
// use (build a new one after an edit).
func NewIndex(d *Design) *Index {
	nv, ns := len(d.VPCs), len(d.Subnets)
	x := &Index{
		d:             d,
		subnetsOf:     make(map[string][]string, nv),
		routeTablesOf: make(map[string][]string, nv),
		igwsOf:        map[string][]string{},
		mainTables:    make(map[string][]string, nv),
		defaultACLs:   make(map[string][]string, nv),
		explicitRT:    make(map[string][]string, ns),
		explicitACL:   make(map[string][]string, ns),
		ids:           make(map[Kind]*sortedIDs, len(kinds)),
		workloadsIn:   make(map[string][]string, ns),
		publicTable:   make(map[string]bool, len(d.RouteTables)),
		behindEdge:    map[[2]string]bool{},
		edgeTable:     map[string]string{},
		peeringsOf:    map[string][]string{},
		peeringsBy:    map[[2]string][]string{},
	}
	for _, k := range kinds {
		x.ids[k.kind] = &sortedIDs{}
	}
	x.indexMembers()
	x.indexAssociations()
	x.indexSubnetMembers()
	x.indexConnections()
	x.indexPublic()
	return x
}

// member lists resource id, which names its vpc, in m.
func member(m map[string][]string, id, vpc string) {
	if vpc != "" {
		m[vpc] = append(m[vpc], id)
	}
}

// indexMembers lists what names its VPC itself.
func (x *Index) indexMembers() {
	d := x.d
	for id, s := range d.Subnets {
		member(x.subnetsOf, id, s.VPC)
	}
	for _, ids := range x.subnetsOf {
		slices.Sort(ids)
	}
	for _, id := range x.IDs(KindRouteTable) {
		member(x.routeTablesOf, id, d.RouteTables[id].VPC)
	}
	for _, id := range x.IDs(KindInternetGateway) {
		member(x.igwsOf, id, d.InternetGateways[id].VPC)
	}
}

// indexAssociations works out which route table and network ACL each
// subnet uses (see Associations) and, the other way, which subnets use
// each table and ACL.
func (x *Index) indexAssociations() {
	d := x.d
	x.assoc = Associations{
		RouteTables: make(map[string]string, len(d.Subnets)),
		NetworkACLs: make(map[string]string, len(d.Subnets)),
	}
	for _, id := range x.IDs(KindRouteTable) {
		rt := d.RouteTables[id]
		if rt.Main {
			x.mainTables[rt.VPC] = append(x.mainTables[rt.VPC], id)
		}
		for _, s := range rt.Subnets {
			x.explicitRT[s] = append(x.explicitRT[s], id)
		}
		for _, g := range rt.Gateways {
			if x.edgeTable[g] == "" {
				x.edgeTable[g] = id
			}
		}
	}
	for _, id := range x.IDs(KindNetworkACL) {
		n := d.NetworkACLs[id]
		if n.Default {
			x.defaultACLs[n.VPC] = append(x.defaultACLs[n.VPC], id)
		}
		for _, s := range n.Subnets {
			x.explicitACL[s] = append(x.explicitACL[s], id)
		}
	}
	for id, s := range d.Subnets {
		if rt := first(x.explicitRT[id], x.mainTables[s.VPC]); rt != "" {
			x.assoc.RouteTables[id] = rt
		}
		if acl := first(x.explicitACL[id], x.defaultACLs[s.VPC]); acl != "" {
			x.assoc.NetworkACLs[id] = acl
		}
	}
}

// indexUsers lists the subnets that use each route table and ACL.
func (x *Index) indexUsers() {
	x.usedBy = map[string][]string{}
	for _, m := range []map[string]string{x.assoc.RouteTables, x.assoc.NetworkACLs} {
		for s, t := range m {
			x.usedBy[t] = append(x.usedBy[t], s)
		}
	}
	for _, subnets := range x.usedBy {
		slices.Sort(subnets)
	}
}

// first returns the first ID of the first non-empty list, or "".
func first(lists ...[]string) string {
	for _, l := range lists {
		if len(l) > 0 {
			return l[0]
		}
	}
	return ""
}

// indexSubnetMembers lists the workloads in each subnet.
func (x *Index) indexSubnetMembers() {
	d := x.d
	// Workloads are the most numerous kind: walked in map order, their
	// short lists sorted after.
	for id, w := range d.Workloads {
		for _, ifc := range w.Interfaces {
			x.workloadsIn[ifc.Subnet] = append(x.workloadsIn[ifc.Subnet], id)
		}
	}
	for _, ids := range x.workloadsIn {
		slices.Sort(ids)
	}
}

// indexConnections lists the peerings between VPCs.
func (x *Index) indexConnections() {
	d := x.d
	for _, id := range x.IDs(KindPeeringConnection) {
		p := d.PeeringConnections[id]
		if p.Requester == p.Accepter {
			continue
		}
		k := vpcPair(p.Requester, p.Accepter)
		x.peeringsBy[k] = append(x.peeringsBy[k], id)
		x.peeringsOf[p.Requester] = append(x.peeringsOf[p.Requester], id)
		x.peeringsOf[p.Accepter] = append(x.peeringsOf[p.Accepter], id)
	}
}

// facts returns the facts built on first use.
func (x *Index) facts() *moreFacts {
	x.moreOnce.Do(x.indexMore)
	return x.more
}

func (x *Index) indexMore() {
	d := x.d
	m := &moreFacts{
		aclsOf: map[string][]string{}, groupsOf: map[string][]string{}, eigwsOf: map[string][]string{},
		endpointsOf: map[string][]string{}, attachmentsOf: map[string][]string{}, latticeOf: map[string][]string{},
		attachmentsT: map[[2]string][]string{}, tgwTables: map[string][]string{}, natsIn: map[string][]string{},
		enisOf: map[string][]string{}, eipsOf: map[string][]string{}, natOfEIP: map[string]string{},
	}
	for _, id := range x.IDs(KindNetworkACL) {
		member(m.aclsOf, id, d.NetworkACLs[id].VPC)
	}
	for _, id := range x.IDs(KindSecurityGroup) {
		member(m.groupsOf, id, d.SecurityGroups[id].VPC)
	}
	for _, id := range x.IDs(KindEgressOnlyInternetGateway) {
		member(m.eigwsOf, id, d.EgressOnlyInternetGateways[id].VPC)
	}
	for _, id := range x.IDs(KindVPCEndpoint) {
		member(m.endpointsOf, id, d.VPCEndpoints[id].VPC)
	}
	for _, id := range x.IDs(KindTransitGatewayAttachment) {
		a := d.TransitGatewayAttachments[id]
		member(m.attachmentsOf, id, a.VPC)
		k := [2]string{a.TransitGateway, a.VPC}
		m.attachmentsT[k] = append(m.attachmentsT[k], id)
	}
	for _, id := range x.IDs(KindLatticeAssociation) {
		member(m.latticeOf, id, d.LatticeAssociations[id].VPC)
	}
	for _, id := range x.IDs(KindTransitGatewayRouteTable) {
		t := d.TransitGatewayRouteTables[id]
		m.tgwTables[t.TransitGateway] = append(m.tgwTables[t.TransitGateway], id)
	}
	for _, id := range x.IDs(KindNATGateway) {
		n := d.NATGateways[id]
		m.natsIn[n.Subnet] = append(m.natsIn[n.Subnet], id)
		if n.EIP != "" && m.natOfEIP[n.EIP] == "" {
			m.natOfEIP[n.EIP] = id
		}
	}
	for id, w := range d.Workloads {
		if w.Type == WorkloadENI && w.AttachedTo != "" {
			m.enisOf[w.AttachedTo] = append(m.enisOf[w.AttachedTo], id)
		}
	}
	for _, ids := range m.enisOf {
		slices.Sort(ids)
	}
	for _, id := range x.IDs(KindElasticIP) {
		if w := d.ElasticIPs[id].Workload; w != "" {
			m.eipsOf[w] = append(m.eipsOf[w], id)
		}
	}
	x.more = m
}

func vpcPair(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// indexPublic decides which subnets are public. AWS ("Subnets for your
// VPC", subnet types): a public subnet has a direct route to an internet
// gateway. The gateway must be attached to the subnet's own VPC: AWS
// refuses a route to another VPC's gateway, and a design that holds one
// anyway (route.target-foreign) gets nothing through it. A subnet behind
// ingress routing is public too: its default route goes to the appliance,
// and the edge table of its VPC's internet gateway routes its block there
// (AWS, "Gateway route tables").
func (x *Index) indexPublic() {
	d := x.d
	for id, rt := range d.RouteTables {
		if slices.ContainsFunc(rt.Routes, func(r Route) bool {
			if r.Target.Type != TargetInternetGateway {
				return false
			}
			g := d.InternetGateways[r.Target.ID]
			return g != nil && g.VPC == rt.VPC
		}) {
			x.publicTable[id] = true
		}
		if !slices.ContainsFunc(rt.Gateways, func(g string) bool {
			gw := d.InternetGateways[g]
			return gw != nil && gw.VPC == rt.VPC
		}) {
			continue
		}
		for _, r := range rt.Routes {
			if r.Destination != "" {
				x.behindEdge[[2]string{rt.VPC, r.Destination}] = true
			}
		}
	}
}

// Design returns the design the index was built from.
func (x *Index) Design() *Design { return x.d }

// Associations returns the route table and network ACL of every subnet.
// The maps are shared: read them only.
func (x *Index) Associations() Associations { return x.assoc }

// RouteTableOf returns the ID of the route table subnet uses: the table
// that lists it (the first by ID), else its VPC's main table; "" if none.
func (x *Index) RouteTableOf(subnet string) string { return x.assoc.RouteTables[subnet] }

// NetworkACLOf returns the ID of the network ACL subnet uses: the ACL
// that lists it (the first by ID), else its VPC's default ACL; "" if none.
func (x *Index) NetworkACLOf(subnet string) string { return x.assoc.NetworkACLs[subnet] }

// IsPublic reports whether subnet is public: its route table has a route
// to an internet gateway attached to the subnet's VPC, or an edge table of
// that gateway routes the subnet's block (ingress routing).
func (x *Index) IsPublic(subnet string) bool {
	if x.publicTable[x.assoc.RouteTables[subnet]] {
		return true
	}
	s := x.d.Subnets[subnet]
	return s != nil && len(x.behindEdge) > 0 &&
		(s.CIDR != "" && x.behindEdge[[2]string{s.VPC, s.CIDR}] || s.IPv6CIDR != "" && x.behindEdge[[2]string{s.VPC, s.IPv6CIDR}])
}

// VPCOf returns the VPC a resource is in: the VPC it names (subnets, route
// tables, ACLs, groups, gateways, endpoints, attachments, Lattice
// associations), its subnet's (NAT gateways; workloads, by their first
// interface in a subnet of the design), or its resource's (flow logs);
// "" if none. It reads the resource where it is, subnets first (traces
// ask about subnets most): nothing is stored, which keeps building the
// index cheap.
func (x *Index) VPCOf(id string) string {
	d := x.d
	if s, ok := d.Subnets[id]; ok {
		return s.VPC
	}
	r, ok := d.Lookup(id)
	if !ok {
		return ""
	}
	switch r := r.(type) {
	case *RouteTable:
		return r.VPC
	case *NetworkACL:
		return r.VPC
	case *SecurityGroup:
		return r.VPC
	case *InternetGateway:
		return r.VPC
	case *EgressOnlyInternetGateway:
		return r.VPC
	case *VPCEndpoint:
		return r.VPC
	case *TransitGatewayAttachment:
		return r.VPC
	case *LatticeAssociation:
		return r.VPC
	case *NATGateway:
		return x.subnetVPC(r.Subnet)
	case *ElasticIP:
		// The VPC of what holds the address: its workload, else the NAT
		// gateway using it; none while it is unassociated.
		if r.Workload != "" {
			return x.VPCOf(r.Workload)
		}
		if n := x.NATGatewayOfEIP(id); n != "" {
			return x.VPCOf(n)
		}
	case *Workload:
		for _, ifc := range r.Interfaces {
			if v := x.subnetVPC(ifc.Subnet); v != "" {
				return v
			}
		}
	case *FlowLog:
		if _, ok := d.VPCs[r.Resource]; ok {
			return r.Resource
		}
		if _, ok := d.FlowLogs[r.Resource]; !ok {
			return x.VPCOf(r.Resource)
		}
	}
	return ""
}

// subnetVPC returns the VPC of a subnet of the design, or "".
func (x *Index) subnetVPC(id string) string {
	if s := x.d.Subnets[id]; s != nil {
		return s.VPC
	}
	return ""
}

// SubnetsOf returns the subnets of a VPC.
func (x *Index) SubnetsOf(vpc string) []string { return x.subnetsOf[vpc] }

// RouteTablesOf returns the route tables of a VPC.
func (x *Index) RouteTablesOf(vpc string) []string { return x.routeTablesOf[vpc] }

// NetworkACLsOf returns the network ACLs of a VPC.
func (x *Index) NetworkACLsOf(vpc string) []string { return x.facts().aclsOf[vpc] }

// SecurityGroupsOf returns the security groups of a VPC.
func (x *Index) SecurityGroupsOf(vpc string) []string { return x.facts().groupsOf[vpc] }

// InternetGatewaysOf returns the internet gateways attached to a VPC (AWS
// allows one; validate reports the others).
func (x *Index) InternetGatewaysOf(vpc string) []string { return x.igwsOf[vpc] }

// EgressOnlyGatewaysOf returns the egress-only internet gateways of a VPC.
func (x *Index) EgressOnlyGatewaysOf(vpc string) []string { return x.facts().eigwsOf[vpc] }

// EndpointsOf returns the VPC endpoints of a VPC, of every type.
func (x *Index) EndpointsOf(vpc string) []string { return x.facts().endpointsOf[vpc] }

// AttachmentsOf returns the transit gateway attachments of a VPC.
func (x *Index) AttachmentsOf(vpc string) []string { return x.facts().attachmentsOf[vpc] }

// AttachmentsBetween returns the attachments of a VPC to a transit gateway.
func (x *Index) AttachmentsBetween(tgw, vpc string) []string {
	return x.facts().attachmentsT[[2]string{tgw, vpc}]
}

// LatticeAssociationsOf returns the Lattice associations of a VPC.
func (x *Index) LatticeAssociationsOf(vpc string) []string { return x.facts().latticeOf[vpc] }

// TGWRouteTablesOf returns the route tables of a transit gateway.
func (x *Index) TGWRouteTablesOf(tgw string) []string { return x.facts().tgwTables[tgw] }

// MainRouteTables returns the route tables marked main in a VPC (one, in
// a design that validates).
func (x *Index) MainRouteTables(vpc string) []string { return x.mainTables[vpc] }

// DefaultNetworkACLs returns the network ACLs marked default in a VPC.
func (x *Index) DefaultNetworkACLs(vpc string) []string { return x.defaultACLs[vpc] }

// ExplicitRouteTables returns the route tables that list subnet.
func (x *Index) ExplicitRouteTables(subnet string) []string { return x.explicitRT[subnet] }

// ExplicitNetworkACLs returns the network ACLs that list subnet.
func (x *Index) ExplicitNetworkACLs(subnet string) []string { return x.explicitACL[subnet] }

// ExplicitRouteTableLists yields every subnet ID that route tables list
// (existing or not) with the tables that list it, once per entry, in no
// particular order.
func (x *Index) ExplicitRouteTableLists() iter.Seq2[string, []string] { return maps.All(x.explicitRT) }

// ExplicitNetworkACLLists yields every subnet ID that network ACLs list
// with the ACLs that list it, once per entry, in no particular order.
func (x *Index) ExplicitNetworkACLLists() iter.Seq2[string, []string] { return maps.All(x.explicitACL) }

// UsersOf returns the subnets that use a route table or network ACL,
// explicitly or as their VPC's main table or default ACL.
func (x *Index) UsersOf(tableOrACL string) []string {
	x.usersOnce.Do(x.indexUsers)
	return x.usedBy[tableOrACL]
}

// IDs returns the IDs of kind k in ascending order.
func (x *Index) IDs(k Kind) []string {
	s := x.ids[k]
	if s == nil {
		return nil
	}
	s.once.Do(func() {
		for _, ki := range kinds {
			if ki.kind == k {
				s.ids = ki.ids(x.d)
			}
		}
	})
	return s.ids
}

// EdgeTableOf returns the route table associated with an internet gateway
// (an edge association), the first by ID; "" if none.
func (x *Index) EdgeTableOf(igw string) string { return x.edgeTable[igw] }

// WorkloadsIn returns the workloads with an interface in subnet, once per
// interface there.
func (x *Index) WorkloadsIn(subnet string) []string { return x.workloadsIn[subnet] }

// NATGatewaysIn returns the NAT gateways in subnet.
func (x *Index) NATGatewaysIn(subnet string) []string { return x.facts().natsIn[subnet] }

// PeeringsOf returns the peering connections of a VPC with another VPC.
func (x *Index) PeeringsOf(vpc string) []string { return x.peeringsOf[vpc] }

// PeeringsBetween returns the peering connections that join two distinct
// VPCs, whichever requested.
func (x *Index) PeeringsBetween(a, b string) []string { return x.peeringsBy[vpcPair(a, b)] }

// ElasticIPsOf returns the Elastic IPs associated with a workload.
func (x *Index) ElasticIPsOf(workload string) []string { return x.facts().eipsOf[workload] }

// NATGatewayOfEIP returns the NAT gateway that uses an Elastic IP (the
// first by ID), or "".
func (x *Index) NATGatewayOfEIP(eip string) string { return x.facts().natOfEIP[eip] }

// AttachedENIs returns the ENI workloads attached to an instance.
func (x *Index) AttachedENIs(instance string) []string { return x.facts().enisOf[instance] }

// InterfaceAt returns the interface that holds a known address, as its
// private, secondary or IPv6 address; the first by workload ID and
// interface when several claim it (validate reports those).
func (x *Index) InterfaceAt(a netip.Addr) (InterfaceRef, bool) {
	x.addrOnce.Do(x.indexAddresses)
	i, ok := x.byAddr[a]
	return i, ok
}

func (x *Index) indexAddresses() {
	d := x.d
	x.byAddr = map[netip.Addr]InterfaceRef{}
	for _, id := range SortedIDs(d.Workloads) {
		for i, ifc := range d.Workloads[id].Interfaces {
			for _, a := range ifc.Addresses() {
				if _, dup := x.byAddr[a]; !dup {
					x.byAddr[a] = InterfaceRef{id, i}
				}
			}
		}
	}
}
