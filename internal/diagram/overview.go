package diagram

import (
	"slices"
	"strconv"

	"github.com/vpcboard/vpcboard/internal/design"
)

// overviewGraph returns the overview: a column of what connects VPCs
// (transit gateways, Lattice service networks, endpoint services), a
// column of one node per VPC, a column of internet gateways, and edges for
// TGW attachments, peering connections, Lattice associations and endpoint
// services.
func overviewGraph(x *index, viewID string) *graph {
	d := x.d
	g := newGraph(viewID, "LR")
	g.set("ranksep", "1.2") // room for the fans of hub edges
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

	// One column of VPCs, in peering order, right of the hubs; each
	// VPC's gateways right of it. A web page scrolls down well, and a
	// hub's edges fan out to one column without crossing rows of VPCs.
	order := peeredOrder(x)
	for _, v := range order {
		add(vpcNode(x, d.VPCs[v]))
		gws := append(slices.Clone(x.igws[v]), x.eigws[v]...)
		for _, gw := range gws {
			if ig := d.InternetGateways[gw]; ig != nil {
				add(gatewayNode(&ig.Base, design.KindInternetGateway, "internet gateway"))
			} else {
				add(gatewayNode(&d.EgressOnlyInternetGateways[gw].Base, design.KindEgressOnlyInternetGateway, "egress-only internet gateway"))
			}
			g.edges = append(g.edges, &edge{from: v, to: gw, attrs: []attr{
				a("id", "_edge/"+gw+"/vpc/"+v), a("class", "edge-gateway"), a("dir", "none"),
			}})
		}
	}
	if len(order) > 1 {
		g.body.ranks = append(g.body.ranks, order)
	}
	if len(hubs) > 0 && len(order) > 0 {
		g.edges = append(g.edges, &edge{from: hubs[0], to: order[0], attrs: []attr{a("style", "invis")}})
	}

	// Hub edges pull each hub level with its VPCs; peering and service
	// edges run along the column and leave the layout alone.
	hub := []attr{a("dir", "none"), a("color", colorNetwork), a("penwidth", "1.4")}
	loose := append([]attr{a("constraint", "false")}, hub...)
	for _, id := range design.SortedIDs(d.TransitGatewayAttachments) {
		at := d.TransitGatewayAttachments[id]
		if at == nil || !slices.Contains(x.attachments[at.VPC], id) {
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
		if la == nil || !slices.Contains(x.latticeAssocs[la.VPC], id) {
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

// vpcNode is a VPC in the overview: its blocks and what it holds.
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
	l.line(plural(len(x.subnets[v.ID]), "subnet"), plural(len(azs), "AZ"), plural(workloads, "workload"), plural(nats, "NAT gateway"))
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

// peeredOrder returns the VPCs by ID, each followed by the VPCs it peers
// with (breadth first), so that peered VPCs sit next to each other.
func peeredOrder(x *index) []string {
	seen := map[string]bool{}
	var order []string
	for _, v := range x.vpcs {
		if seen[v] {
			continue
		}
		seen[v] = true
		queue := []string{v}
		for len(queue) > 0 {
			cur := queue[0]
			queue = queue[1:]
			order = append(order, cur)
			for _, p := range x.peerings[cur] {
				if peer := x.d.PeeringConnections[p].Peer(cur); !seen[peer] {
					seen[peer] = true
					queue = append(queue, peer)
				}
			}
		}
	}
	return order
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
