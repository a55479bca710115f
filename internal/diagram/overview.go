package diagram

import (
	"slices"
	"strconv"

	"github.com/vpcboard/vpcboard/internal/design"
)

// overviewGraph returns the overview: a row of what connects VPCs
// (transit gateways, Lattice service networks, endpoint services) above a
// grid of one node per VPC, in natural order (vpc2 before vpc10), left to
// right and then down, each VPC's internet gateways right of it; and
// edges for TGW attachments, peering connections, Lattice associations
// and endpoint services, which leave the grid as it is.
func overviewGraph(x *index, viewID string) *graph {
	d := x.d
	g := newGraph(viewID, "TB")
	g.set("ranksep", "0.6")
	g.set("nodesep", "0.35")
	g.set("newrank", "true")
	g.comments = omitted(d)
	add := func(n *node) {
		g.body.add(n)
		g.nodes++
	}

	var hubs []string
	for _, id := range design.SortedIDs(d.TransitGateways) {
		if t := d.TransitGateways[id]; t != nil {
			add(tgwNode(x, t))
			hubs = append(hubs, id)
		}
	}
	for _, id := range design.SortedIDs(d.LatticeServiceNetworks) {
		if n := d.LatticeServiceNetworks[id]; n != nil {
			add(latticeNode(x, n))
			hubs = append(hubs, id)
		}
	}
	for _, id := range design.SortedIDs(d.EndpointServices) {
		if s := d.EndpointServices[id]; s != nil {
			add(endpointServiceNode(x, s))
			hubs = append(hubs, id)
		}
	}
	if len(hubs) > 1 {
		g.body.ranks = append(g.body.ranks, hubs)
	}

	// The grid: rows of gridColumns VPCs, each followed by its gateways
	// on its row; invisible edges hold the columns and rows in place.
	cols := gridColumns(len(x.vpcs))
	var prevRow []string
	for start := 0; start < len(x.vpcs); start += cols {
		row := x.vpcs[start:min(start+cols, len(x.vpcs))]
		var rank []string
		for _, v := range row {
			add(vpcNode(x, d.VPCs[v]))
			rank = append(rank, v)
			gws := append(slices.Clone(x.igws[v]), x.eigws[v]...)
			for _, gw := range gws {
				if ig := d.InternetGateways[gw]; ig != nil {
					add(gatewayNode(&ig.Base, design.KindInternetGateway, "internet gateway"))
				} else {
					add(gatewayNode(&d.EgressOnlyInternetGateways[gw].Base, design.KindEgressOnlyInternetGateway, "egress-only internet gateway"))
				}
				rank = append(rank, gw)
				g.edges = append(g.edges, &edge{from: v, to: gw, attrs: []attr{
					a("id", "_edge/"+gw+"/vpc/"+v), a("class", "edge-gateway"), a("dir", "none"), a("color", colorPublic),
				}})
			}
		}
		if len(rank) > 1 {
			g.body.ranks = append(g.body.ranks, rank)
		}
		for i, v := range row {
			switch {
			case prevRow != nil:
				g.edges = append(g.edges, &edge{from: prevRow[min(i, len(prevRow)-1)], to: v, attrs: []attr{a("style", "invis")}})
			case len(hubs) > 0:
				g.edges = append(g.edges, &edge{from: hubs[min(i, len(hubs)-1)], to: v, attrs: []attr{a("style", "invis"), a("minlen", "2")}})
			}
		}
		prevRow = row
	}

	// Edges between hubs and VPCs leave the grid alone.
	hub := []attr{a("dir", "none"), a("color", colorNetwork), a("penwidth", "1.2"), a("constraint", "false")}
	loose := hub
	// A hub with many VPCs would fan its edges out over the whole grid:
	// past maxHubEdges, its VPCs name it instead (vpcNode).
	spokes := map[string]int{}
	for _, v := range x.vpcs {
		for _, at := range x.attachments[v] {
			spokes[d.TransitGatewayAttachments[at].TransitGateway]++
		}
		for _, la := range x.latticeAssocs[v] {
			spokes[d.LatticeAssociations[la].ServiceNetwork]++
		}
	}
	for _, h := range hubs {
		if spokes[h] > maxHubEdges {
			g.comments = append(g.comments, "not drawn as edges: the "+strconv.Itoa(spokes[h])+" VPCs of "+h+", which name it")
		}
	}
	for _, id := range design.SortedIDs(d.TransitGatewayAttachments) {
		at := d.TransitGatewayAttachments[id]
		if at == nil || !slices.Contains(x.attachments[at.VPC], id) || spokes[at.TransitGateway] > maxHubEdges {
			continue
		}
		g.edges = append(g.edges, &edge{from: at.TransitGateway, to: at.VPC, attrs: append([]attr{
			a("id", id), a("class", class(design.KindTransitGatewayAttachment)), a("tooltip", attachmentTooltip(x, at)),
		}, hub...)})
	}
	for _, id := range design.SortedIDs(d.PeeringConnections) {
		p := d.PeeringConnections[id]
		if p == nil || !slices.Contains(x.peerings[p.Requester], id) {
			continue
		}
		g.edges = append(g.edges, &edge{from: p.Requester, to: p.Accepter, attrs: append([]attr{
			a("id", id), a("class", class(design.KindPeeringConnection)), a("tooltip", peeringTooltip(x, p)),
			a("style", "dashed"),
		}, loose...)})
	}
	for _, id := range design.SortedIDs(d.LatticeAssociations) {
		la := d.LatticeAssociations[id]
		if la == nil || !slices.Contains(x.latticeAssocs[la.VPC], id) || spokes[la.ServiceNetwork] > maxHubEdges {
			continue
		}
		g.edges = append(g.edges, &edge{from: la.ServiceNetwork, to: la.VPC, attrs: append([]attr{
			a("id", id), a("class", class(design.KindLatticeAssociation)), a("tooltip", latticeAssocTooltip(x, la)),
		}, hub...)})
	}
	for _, id := range design.SortedIDs(d.EndpointServices) {
		if d.EndpointServices[id] == nil {
			continue
		}
		for _, e := range serviceEdges(x, id) {
			g.edges = append(g.edges, &edge{from: e.vpc, to: id, attrs: append([]attr{
				a("id", "_edge/"+id+"/"+e.role+"/"+e.vpc), a("class", "edge-service-"+e.role),
				a("tooltip", e.role+" VPC "+x.name(e.vpc)+" · endpoint service "+x.name(id)), a("style", "dashed"),
			}, loose...)})
		}
	}
	return g
}

// maxHubEdges is the most VPCs whose edges to a hub (a transit gateway or
// Lattice service network) the overview draws.
const maxHubEdges = 6

// vpcNode is a VPC in the overview: its blocks, what it holds and the
// hubs it is attached to.
func vpcNode(x *index, v *design.VPC) *node {
	azs := map[string]bool{}
	workloads, nats := 0, 0
	for _, s := range x.subnets[v.ID] {
		azs[x.d.Subnets[s].AZ] = true
		for _, e := range x.inSubnet[s] {
			switch {
			case x.d.NATGateways[e.id] != nil:
				nats++
			case x.d.Workloads[e.id] != nil && e.i == 0:
				workloads++
			}
		}
	}
	l := vpcLabel(x.d, v)
	l.line(plural(len(x.subnets[v.ID]), "subnet"), plural(len(azs), "AZ"))
	l.line(plural(workloads, "workload"), plural(nats, "NAT gateway"))
	var hubs []string
	for _, at := range x.attachments[v.ID] {
		hubs = append(hubs, x.name(x.d.TransitGatewayAttachments[at].TransitGateway))
	}
	for _, la := range x.latticeAssocs[v.ID] {
		hubs = append(hubs, x.name(x.d.LatticeAssociations[la].ServiceNetwork))
	}
	if len(hubs) > 0 {
		l.line("attached to " + listed(textAll(uniq(hubs)), maxListed))
	}
	return resNode(v.ID, class(design.KindVPC), l, vpcTooltip(x, v), a("color", colorNetwork), a("penwidth", "2"))
}

func plural(n int, what string) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// gridColumns returns the columns of the overview's grid of n VPCs: about
// a third as many as rows, as a VPC with its gateway is about five times
// as wide as tall and a screen is wider than tall.
func gridColumns(n int) int {
	c := 1
	for c*c*3 < n {
		c++
	}
	return c
}

// serviceEdge is a VPC's part in an endpoint service: "provider" (it holds
// a load balancer of the service) or "consumer" (an endpoint of it).
type serviceEdge struct{ vpc, role string }

func serviceEdges(x *index, svc string) []serviceEdge {
	var out []serviceEdge
	seen := map[serviceEdge]bool{}
	addEdge := func(e serviceEdge) {
		if e.vpc != "" && !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	lbs := slices.Clone(x.d.EndpointServices[svc].LoadBalancers)
	slices.Sort(lbs)
	for _, lb := range lbs {
		addEdge(serviceEdge{x.vpcOf[lb], "provider"})
	}
	for _, id := range design.SortedIDs(x.d.VPCEndpoints) {
		if e := x.d.VPCEndpoints[id]; e != nil && e.EndpointService == svc && x.vpcOf[id] != "" {
			addEdge(serviceEdge{e.VPC, "consumer"})
		}
	}
	return out
}
