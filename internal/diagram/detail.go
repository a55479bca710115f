package diagram

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// detail builds a detail diagram: some VPCs drawn in full (VPC > AZ >
// subnet clusters holding what has an ENI there), and what connects them
// above: transit gateways with their route tables, peer VPCs, Lattice
// service networks and endpoint services.
type detail struct {
	x *index
	g *graph
	// drawn holds the VPCs drawn as clusters.
	drawn map[string]bool
	// anchor is, per drawn VPC, the node that edges to the VPC's cluster
	// attach to (clipped at the cluster by lhead or ltail).
	anchor map[string]string
	// placed holds the resources with ENIs drawn in full (in the subnet
	// of their first ENI in a drawn VPC), and the gateway endpoints.
	placed map[string]bool
	// rep is, per subnet drawn, a node in its cluster: the tail of its
	// route edges (clipped at the cluster).
	rep map[string]string
	// regions holds the cluster of each region of the VPCs drawn.
	regions map[string]*cluster
}

// detailGraph returns the detail diagram of the VPCs vpcs; context are the
// resources outside them (TGWs, peerings to VPCs not drawn, Lattice
// networks, endpoint services) that the diagram shows: all of them for the
// full view, those touching the VPC for a VPC view.
func detailGraph(x *index, vpcs []string, viewID string, all bool) *graph {
	b := &detail{
		x:      x,
		g:      newGraph(viewID, "TB"),
		drawn:  map[string]bool{},
		anchor: map[string]string{},
		placed: map[string]bool{},
		rep:    map[string]string{}, regions: map[string]*cluster{},
	}
	for _, v := range vpcs {
		b.drawn[v] = true
	}
	for _, v := range vpcs {
		b.vpc(v)
	}
	b.transitGateways(all)
	b.peerings()
	b.lattice(all)
	b.endpointServices(all)
	for _, v := range vpcs {
		b.routes(v)
	}
	b.groups()
	b.g.comments = append(b.g.comments, omitted(x.d)...)
	return b.g
}

// vpc adds the cluster of one VPC: one cluster per availability zone with
// the subnets stacked by tier, the gateways and gateway endpoints in a row
// above them, and the route tables in a block beside them.
func (b *detail) vpc(id string) {
	x, v := b.x, b.x.d.VPCs[id]
	c := b.region(x.d.RegionOf(v)).sub(newCluster(id, class(design.KindVPC), vpcLabel(x.d, v), vpcTooltip(x, v).String(),
		look{style: "rounded", color: colorNetwork, penwidth: "2", margin: "12"}))
	azOf := func(s string) string { return x.d.Subnets[s].AZ }
	rows := x.rows(id, azOf)
	var azs []string
	byAZ := map[string][]string{}
	for _, s := range x.sortedSubnets(id) {
		az := azOf(s)
		if byAZ[az] == nil {
			azs = append(azs, az)
		}
		byAZ[az] = append(byAZ[az], s)
	}
	slices.Sort(azs)
	type stacked struct {
		rep string // a node of the subnet
		row int
	}
	var stacks [][]stacked
	for _, az := range azs {
		subnets := byAZ[az]
		slices.SortStableFunc(subnets, func(p, q string) int { return cmp.Compare(rows[p], rows[q]) })
		azID := "_az/" + id + "/" + idPart(az)
		ac := c.sub(newCluster(azID, "az", azLabel(az), "availability zone "+clean(cmp.Or(az, "not set"), maxTooltipLine),
			look{style: "dashed,rounded", color: colorAZ}))
		var stack []stacked
		for _, s := range subnets {
			stack = append(stack, stacked{b.subnet(ac, s), rows[s]})
		}
		stacks = append(stacks, stack)
	}

	// The gateways and gateway endpoints in a row above the zones.
	var own []*node
	for _, g := range x.igws[id] {
		own = append(own, gatewayNode(&x.d.InternetGateways[g].Base, design.KindInternetGateway, "internet gateway"))
	}
	for _, g := range x.eigws[id] {
		own = append(own, gatewayNode(&x.d.EgressOnlyInternetGateways[g].Base, design.KindEgressOnlyInternetGateway, "egress-only internet gateway"))
	}
	for _, e := range x.gatewayEndpoints[id] {
		own = append(own, endpointNode(x, e))
		b.placed[e] = true
	}
	for _, n := range own {
		c.add(n)
		b.g.nodes++
	}
	// The route tables in a block beside the zones, as many columns as
	// it takes to stay within the height of the subnets: rows are shared
	// with the other VPCs, so a block taller than the VPC would stretch
	// them all.
	if tables := x.routeTables[id]; len(tables) > 0 {
		height := 1
		for _, stack := range stacks {
			if len(stack) > 0 {
				height = max(height, stack[len(stack)-1].row+2)
			}
		}
		cols := (len(tables) + height - 1) / height
		rtID := "_rts/" + id
		rc := c.sub(newCluster(rtID, "route-tables", newLabel(), "route tables of "+x.name(id), look{style: "invis", color: colorRoute}))
		for i, rt := range tables {
			n := rc.add(routeTableNode(x, rt))
			b.g.nodes++
			if i >= cols {
				b.g.edges = append(b.g.edges, &edge{from: rc.nodes[i-cols].name, to: n.name, attrs: []attr{a("style", "invis")}})
			}
		}
		own = append(own, rc.nodes[0])
	}
	b.anchor[id] = "_top/" + id
	if len(own) > 0 {
		b.anchor[id] = own[0].name
	} else {
		c.add(&node{name: b.anchor[id], attrs: invisible(b.anchor[id])})
	}
	for _, stack := range stacks {
		prev, prevRow := b.anchor[id], -1
		for _, s := range stack {
			b.g.edges = append(b.g.edges, &edge{from: prev, to: s.rep, attrs: []attr{
				a("style", "invis"), a("minlen", strconv.Itoa(s.row-prevRow)),
			}})
			prev, prevRow = s.rep, s.row
		}
	}
}

// colorRegion is the colour of region boxes, as AWS draws them.
const colorRegion = "#00A4A6"

// region returns the cluster of a region, the box the VPCs of the region
// are drawn in (AWS's "Region" group: a dashed teal box named top left).
func (b *detail) region(name string) *cluster {
	if c := b.regions[name]; c != nil {
		return c
	}
	l := newLabel().line("Region " + cmp.Or(name, "not set"))
	c := b.g.body.sub(newCluster("_region/"+idPart(name), "region", l, "region "+clean(cmp.Or(name, "not set"), maxTooltipLine),
		look{style: "dashed", color: colorRegion, margin: "16"}))
	b.regions[name] = c
	return c
}

// subnet adds the cluster of one subnet and returns the name of a node in
// it, for the edges that stack the subnets of a zone.
func (b *detail) subnet(az *cluster, id string) string {
	x, s := b.x, b.x.d.Subnets[id]
	cls, fill, color := class(design.KindSubnet, "subnet-private"), "#EEF5FA", colorPrivate
	if x.ix.IsPublic(id) {
		cls, fill, color = class(design.KindSubnet, "subnet-public"), "#F2F7E6", colorPublic
	}
	c := az.sub(newCluster(id, cls, subnetLabel(x, s), subnetTooltip(x, s),
		look{style: "rounded,filled", color: color, fill: fill}))
	for _, e := range x.inSubnet[id] {
		if e.i == b.primaryIndex(e.id) {
			c.add(b.resourceNode(e.id))
			b.placed[e.id] = true
		} else {
			c.add(partNode(x, e))
		}
		b.g.nodes++
	}
	if len(c.nodes) == 0 {
		name := "_empty/" + id
		c.add(&node{name: name, attrs: []attr{a("id", name), a("style", "invis"), a("shape", "box"),
			a("width", "1.2"), a("height", "0.3"), a("label", "")}})
	}
	b.rep[id] = c.nodes[0].name
	return c.nodes[0].name
}

// primaryIndex returns the index of the first ENI of a resource that is in
// a drawn VPC: where the resource is drawn in full; its other ENIs are
// drawn as parts, and every ENI of a TGW attachment.
func (b *detail) primaryIndex(id string) int {
	x := b.x
	var subnets []string
	if x.d.TransitGatewayAttachments[id] != nil {
		return -1 // drawn as an edge; its ENIs are parts
	}
	if w := x.d.Workloads[id]; w != nil {
		subnets = w.Subnets()
	} else if e := x.d.VPCEndpoints[id]; e != nil {
		subnets = e.Subnets
	} else {
		return 0
	}
	for i, s := range subnets {
		if b.drawn[x.vpcOf[s]] {
			return i
		}
	}
	return -1
}

// resourceNode returns the node of a resource with an ENI in a subnet.
func (b *detail) resourceNode(id string) *node {
	x := b.x
	if n := x.d.NATGateways[id]; n != nil {
		return natNode(x, n)
	}
	if e := x.d.VPCEndpoints[id]; e != nil {
		return endpointNode(x, id)
	}
	return workloadNode(x, x.d.Workloads[id])
}

// transitGateways adds the transit gateways, each a cluster of its route
// tables (or a node when it has none), and one edge per attachment of a
// drawn VPC, from the route table it is associated with.
func (b *detail) transitGateways(all bool) {
	x := b.x
	attached := map[string][]string{} // TGW -> attachments of drawn VPCs
	for _, v := range x.vpcs {
		if b.drawn[v] {
			for _, at := range x.attachments[v] {
				tg := x.d.TransitGatewayAttachments[at].TransitGateway
				attached[tg] = append(attached[tg], at)
			}
		}
	}
	for _, id := range design.SortedIDs(x.d.TransitGateways) {
		t := x.d.TransitGateways[id]
		if t == nil || !all && len(attached[id]) == 0 {
			continue
		}
		slices.Sort(attached[id])
		tables := x.tgwTables[id]
		assocOf := map[string]string{} // attachment -> its table
		var tail string
		if len(tables) == 0 {
			b.g.body.add(tgwNode(x, t))
			b.g.nodes++
			tail = id
		} else {
			c := b.g.body.sub(newCluster(id, class(design.KindTransitGateway), tgwLabel(x, t), tgwTooltip(x, t),
				look{style: "rounded,filled", color: colorNetwork, fill: "#F4EFFF"}))
			for _, rt := range tables {
				c.add(tgwTableNode(x, rt))
				b.g.nodes++
				for _, at := range x.d.TransitGatewayRouteTables[rt].Associations {
					if assocOf[at] == "" {
						assocOf[at] = rt
					}
				}
			}
			tail = tables[0]
		}
		for _, at := range attached[id] {
			att := x.d.TransitGatewayAttachments[at]
			attrs := []attr{a("id", at), a("class", "res kind-transit-gateway-attachment"),
				a("tooltip", attachmentTooltip(x, att)), a("lhead", "cluster_"+att.VPC),
				a("dir", "none"), a("color", colorNetwork), a("penwidth", "1.6")}
			attrs = append(attrs, routedLabel(x.routedVia(att.VPC, id))...)
			from := assocOf[at]
			if from == "" {
				from = tail
				if len(tables) > 0 {
					attrs = append(attrs, a("ltail", "cluster_"+id))
				}
			}
			b.g.edges = append(b.g.edges, &edge{from: from, to: b.anchor[att.VPC], attrs: attrs})
		}
	}
}

// peerings adds the peering connections of the drawn VPCs: between two
// drawn VPCs, a node with an edge to each; to a VPC not drawn, an edge
// from a small node of that VPC.
func (b *detail) peerings() {
	x := b.x
	stubs := map[string]bool{}
	for _, id := range design.SortedIDs(x.d.PeeringConnections) {
		p := x.d.PeeringConnections[id]
		if p == nil || len(x.peerings[p.Requester]) == 0 || !b.drawn[p.Requester] && !b.drawn[p.Accepter] {
			continue
		}
		style := []attr{a("dir", "none"), a("color", colorNetwork), a("penwidth", "1.6"), a("style", "dashed")}
		if b.drawn[p.Requester] && b.drawn[p.Accepter] {
			// A node above the two clusters, with an edge down to each:
			// an edge between side-by-side clusters would be a stub.
			b.g.body.add(peeringNode(x, p))
			b.g.nodes++
			for _, side := range []struct{ role, vpc string }{{"requester", p.Requester}, {"accepter", p.Accepter}} {
				eid := "_edge/" + id + "/" + side.role + "/" + side.vpc
				b.g.edges = append(b.g.edges, &edge{from: id, to: b.anchor[side.vpc], attrs: append(append([]attr{
					a("id", eid), a("class", "edge-peering"), a("tooltip", peeringTooltip(x, p)), a("lhead", "cluster_"+side.vpc),
				}, style...), routedLabel(x.routedVia(side.vpc, id))...)})
			}
			continue
		}
		// One side is not drawn: a node for that VPC above the cluster of
		// the other, and the peering as the edge between them.
		peer, vpc := p.Requester, p.Accepter
		if b.drawn[peer] {
			peer, vpc = vpc, peer
		}
		if !stubs[peer] {
			stubs[peer] = true
			b.g.body.add(peerNode(x, x.d.VPCs[peer]))
			b.g.nodes++
		}
		b.g.edges = append(b.g.edges, &edge{from: peer, to: b.anchor[vpc], attrs: append(append([]attr{
			a("id", id), a("class", class(design.KindPeeringConnection)), a("tooltip", peeringTooltip(x, p)),
			a("lhead", "cluster_"+vpc),
		}, style...), routedLabel(x.routedVia(vpc, id))...)})
	}
}

// lattice adds the Lattice service networks and one edge per association
// with a drawn VPC.
func (b *detail) lattice(all bool) {
	x := b.x
	used := map[string][]string{} // network -> associations of drawn VPCs
	for _, v := range x.vpcs {
		if b.drawn[v] {
			for _, as := range x.latticeAssocs[v] {
				n := x.d.LatticeAssociations[as].ServiceNetwork
				used[n] = append(used[n], as)
			}
		}
	}
	for _, id := range design.SortedIDs(x.d.LatticeServiceNetworks) {
		n := x.d.LatticeServiceNetworks[id]
		if n == nil || !all && len(used[id]) == 0 {
			continue
		}
		b.g.body.add(latticeNode(x, n))
		b.g.nodes++
		slices.Sort(used[id])
		for _, as := range used[id] {
			la := x.d.LatticeAssociations[as]
			b.g.edges = append(b.g.edges, &edge{from: id, to: b.anchor[la.VPC], attrs: []attr{
				a("id", as), a("class", "res kind-lattice-association"),
				a("tooltip", latticeAssocTooltip(x, la)), a("lhead", "cluster_"+la.VPC),
				a("dir", "none"), a("color", colorNetwork), a("penwidth", "1.6"),
			}})
		}
	}
}

// endpointServices adds the endpoint services, with dashed edges to their
// load balancers and from the endpoints that consume them, where those
// are drawn.
func (b *detail) endpointServices(all bool) {
	x := b.x
	consumers := map[string][]string{}
	for _, id := range design.SortedIDs(x.d.VPCEndpoints) {
		if e := x.d.VPCEndpoints[id]; e != nil && e.EndpointService != "" && b.placed[id] {
			consumers[e.EndpointService] = append(consumers[e.EndpointService], id)
		}
	}
	for _, id := range design.SortedIDs(x.d.EndpointServices) {
		s := x.d.EndpointServices[id]
		if s == nil {
			continue
		}
		var lbs []string
		for _, lb := range s.LoadBalancers {
			if b.placed[lb] && !slices.Contains(lbs, lb) {
				lbs = append(lbs, lb)
			}
		}
		if !all && len(lbs) == 0 && len(consumers[id]) == 0 {
			continue
		}
		b.g.body.add(endpointServiceNode(x, s))
		b.g.nodes++
		for _, lb := range lbs {
			eid := "_edge/" + id + "/lb/" + lb
			b.g.edges = append(b.g.edges, &edge{from: id, to: lb, attrs: []attr{
				a("id", eid), a("class", "edge-service-lb"), a("tooltip", "endpoint service "+id+" → load balancer "+lb),
				a("style", "dashed"), a("constraint", "false"), a("color", colorNetwork),
			}})
		}
		for _, ep := range consumers[id] {
			eid := "_edge/" + ep + "/service/" + id
			b.g.edges = append(b.g.edges, &edge{from: ep, to: id, attrs: []attr{
				a("id", eid), a("class", "edge-endpoint-service"), a("tooltip", "endpoint "+ep+" → endpoint service "+id),
				a("style", "dashed"), a("constraint", "false"), a("color", colorNetwork),
			}})
		}
	}
}

// invisible returns the attributes of an invisible helper node that holds
// a place in the layout.
func invisible(id string) []attr {
	return []attr{a("id", id), a("style", "invis"), a("shape", "point"), a("width", "0.01"), a("label", "")}
}

// routes adds the routes of a drawn VPC's subnets as edges, from each
// subnet to each target in the VPC that its route table sends traffic to
// (one edge per subnet and target, labelled with the destinations):
// internet and egress-only gateways, NAT gateways, endpoints and workloads
// drawn. Routes to transit gateways and peering connections label their
// attachment and peering edges instead (routedVia). Local and blackhole
// routes, and routes to what the view does not draw, are in the table's
// label only. The gateway
// endpoints of a subnet's table get an edge too, labelled with their
// service: the routes to them are implicit.
func (b *detail) routes(vpc string) {
	x := b.x
	type target struct{ node, kind string }
	type routed struct {
		order []target
		dests map[target][]string
	}
	of := map[string]*routed{} // route table -> where it sends traffic
	tableRoutes := func(id string) *routed {
		if r := of[id]; r != nil {
			return r
		}
		r := &routed{dests: map[target][]string{}}
		of[id] = r
		add := func(t target, dest string) {
			if _, ok := r.dests[t]; !ok {
				r.order = append(r.order, t)
			}
			if dest != "" && !slices.Contains(r.dests[t], dest) {
				r.dests[t] = append(r.dests[t], dest)
			}
		}
		rt := x.d.RouteTables[id]
		for _, route := range rt.Routes {
			tid := route.Target.ID
			t := target{kind: string(route.Target.Type)}
			switch route.Target.Type {
			case design.TargetInternetGateway, design.TargetEgressOnlyInternetGateway:
				if x.vpcOf[tid] == vpc {
					t.node = tid
				}
			case design.TargetNATGateway, design.TargetVPCEndpoint, design.TargetNetworkInterface:
				if b.placed[tid] {
					t.node = tid
				}
			}
			if t.node != "" {
				add(t, routeDest(x, route))
			}
		}
		for _, e := range x.gatewayEndpoints[vpc] {
			if ep := x.d.VPCEndpoints[e]; slices.Contains(ep.RouteTables, id) {
				add(target{node: e, kind: string(design.TargetVPCEndpoint)}, ep.ServiceShortName())
			}
		}
		return r
	}
	for _, s := range x.sortedSubnets(vpc) {
		rt := x.assoc.RouteTables[s]
		if x.d.RouteTables[rt] == nil || b.rep[s] == "" {
			continue
		}
		r := tableRoutes(rt)
		for _, t := range r.order {
			attrs := []attr{
				a("id", "_edge/"+s+"/route/"+t.node), a("class", "edge-route route-"+enumClass(t.kind)),
				a("tooltip", clean(x.name(s)+" → "+x.name(t.node)+" (route table "+x.name(rt)+"): "+strings.Join(r.dests[t], ", "), maxTooltipLine)),
				a("label", listed(textAll(r.dests[t]), 3)), a("color", routeColor(t.kind)), a("fontcolor", routeColor(t.kind)),
				a("constraint", "false"), a("penwidth", "1.3"),
			}
			if !slices.ContainsFunc(x.inSubnet[s], func(e eni) bool { return e.id == t.node }) {
				attrs = append(attrs, a("ltail", "cluster_"+s))
			}
			b.g.edges = append(b.g.edges, &edge{from: b.rep[s], to: t.node, attrs: attrs})
		}
	}
}

// routeColor is the colour of a route edge to a target of type kind.
func routeColor(kind string) string {
	switch design.TargetType(kind) {
	case design.TargetInternetGateway, design.TargetEgressOnlyInternetGateway:
		return colorPublic
	case design.TargetNATGateway:
		return colorCompute
	case design.TargetTransitGateway, design.TargetPeeringConnection:
		return colorNetwork
	}
	return colorRoute
}

// routedVia returns the destinations that the route tables of a VPC send
// to target (a transit gateway or peering connection), in table and route
// order, each once.
func (x *index) routedVia(vpc, target string) []string {
	var out []string
	for _, rt := range x.routeTables[vpc] {
		for _, r := range x.d.RouteTables[rt].Routes {
			if r.Target.ID == target && r.Target.Type != design.TargetLocal {
				if d := routeDest(x, r); !slices.Contains(out, d) {
					out = append(out, d)
				}
			}
		}
	}
	return out
}

// routedLabel is the label of an edge that destinations are routed over.
func routedLabel(dests []string) []attr {
	if len(dests) == 0 {
		return nil
	}
	return []attr{a("label", listed(textAll(dests), 3)), a("fontcolor", colorNetwork)}
}

// maxGroupEdges is the most security-group edges a view draws: past that
// they would hide the network, and labels and tooltips name the groups.
const maxGroupEdges = 40

// colorGroup is the colour of security-group edges (AWS's security red).
const colorGroup = "#DD344C"

// groups adds, between the workloads and endpoints drawn, an edge for
// each pair that a security group rule allows: from a member of the
// rule's source group to a member of the group with the rule, labelled
// with the protocols and ports, one edge per pair. Pairs in two VPCs (long
// arcs across the picture) and a group's rules that allow its own members
// are left out, and so is every edge when there would be more than
// maxGroupEdges.
func (b *detail) groups() {
	x := b.x
	members := map[string][]string{} // group -> members drawn, by ID
	add := func(id string, groups []string) {
		if b.placed[id] {
			for _, g := range uniq(groups) {
				members[g] = append(members[g], id)
			}
		}
	}
	for _, id := range design.SortedIDs(x.d.Workloads) {
		if w := x.d.Workloads[id]; w != nil {
			add(id, w.SecurityGroups)
		}
	}
	for _, id := range design.SortedIDs(x.d.VPCEndpoints) {
		if e := x.d.VPCEndpoints[id]; e != nil {
			add(id, e.SecurityGroups)
		}
	}
	type pair struct{ from, to string }
	var order []pair
	ports := map[pair][]string{}
	for _, gid := range design.SortedIDs(x.d.SecurityGroups) {
		g := x.d.SecurityGroups[gid]
		if g == nil || len(members[gid]) == 0 {
			continue
		}
		for _, r := range g.Ingress {
			if r.Group == "" || r.Group == gid {
				continue
			}
			what := ruleText(r)
			for _, from := range members[r.Group] {
				for _, to := range members[gid] {
					if from == to || x.vpcOf[from] != x.vpcOf[to] {
						continue
					}
					p := pair{from, to}
					if _, ok := ports[p]; !ok {
						order = append(order, p)
					}
					if !slices.Contains(ports[p], what) {
						ports[p] = append(ports[p], what)
					}
				}
			}
		}
	}
	if len(order) > maxGroupEdges {
		b.g.comments = append(b.g.comments, "security-group edges not drawn: "+strconv.Itoa(len(order))+" pairs")
		return
	}
	for _, p := range order {
		b.g.edges = append(b.g.edges, &edge{from: p.from, to: p.to, attrs: []attr{
			a("id", "_edge/"+p.to+"/sg/"+p.from), a("class", "edge-sg"),
			a("tooltip", clean("security groups allow "+x.name(p.from)+" → "+x.name(p.to)+": "+strings.Join(ports[p], ", "), maxTooltipLine)),
			a("label", listed(textAll(ports[p]), 3)), a("color", colorGroup), a("fontcolor", colorGroup),
			a("style", "dotted"), a("constraint", "false"), a("penwidth", "1.3"),
		}})
	}
}

// ruleText says what a security group rule allows: "tcp 5432", "all".
func ruleText(r design.SGRule) string {
	switch r.Protocol {
	case design.ProtocolAll:
		return "all"
	case design.ProtocolTCP, design.ProtocolUDP:
		return string(r.Protocol) + " " + r.PortRange().String()
	}
	return string(r.Protocol)
}
