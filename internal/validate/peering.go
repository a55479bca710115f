package validate

import (
	"fmt"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// checkPeering runs the VPC peering rules: peering.self, peering.duplicate,
// peering.cidr-overlap, peering.route-one-sided and peering.transitive.
func checkPeering(c *context) {
	d := c.d
	for _, id := range c.ix.peeringIDs {
		p := d.PeeringConnections[id]
		path := design.Path(p)
		if p.Requester == p.Accepter {
			c.report("peering.self", path+".accepter", ids(id, p.Requester),
				"peer the VPC with another VPC; traffic within a VPC needs no peering",
				"peering connection `%s` joins VPC `%s` with itself", id, p.Requester)
			continue
		}
		if same := c.ix.PeeringsBetween(p.Requester, p.Accepter); same[0] != id {
			c.report("peering.duplicate", path, ids(id, same[0]),
				"delete this peering connection and route through the first one",
				"peering connection `%s` joins VPCs `%s` and `%s`, which `%s` joins already", id, p.Requester, p.Accepter, same[0])
		}
		checkPeeringOverlap(c, p)
	}
	routes := peeringRoutes(c.ix)
	for _, id := range c.ix.peeringIDs {
		p := d.PeeringConnections[id]
		if p.Requester == p.Accepter || d.VPCs[p.Requester] == nil || d.VPCs[p.Accepter] == nil {
			continue
		}
		for _, side := range []string{p.Requester, p.Accepter} {
			out, back := routes[id][side], routes[id][p.Peer(side)]
			if len(out) == 0 || len(back) > 0 {
				continue
			}
			r := out[0]
			c.report("peering.route-one-sided", design.Path(p), ids(id, p.Peer(side), side),
				fmt.Sprintf("add a route for `%s`'s blocks to `%s` in the route tables of `%s`'s subnets that answer", side, id, p.Peer(side)),
				"VPC `%s` routes %s to peering connection `%s` (route table `%s`), but VPC `%s` has no route back through it",
				side, r.route.Dest(), id, r.table, p.Peer(side))
		}
	}
	checkTransitivePeering(c, routes)
}

// checkPeeringOverlap reports a peering between VPCs whose blocks overlap,
// naming every overlapping pair of blocks.
func checkPeeringOverlap(c *context, p *design.PeeringConnection) {
	var pairs []string
	for _, a := range c.ix.vpcBlocks(p.Requester) {
		for _, b := range c.ix.vpcBlocks(p.Accepter) {
			if a.Overlaps(b) {
				pairs = append(pairs, fmt.Sprintf("%s overlaps %s", a, b))
			}
		}
	}
	if len(pairs) == 0 {
		return
	}
	c.report("peering.cidr-overlap", design.Path(p), ids(p.ID, p.Requester, p.Accepter),
		"peer only VPCs whose blocks (IPv4 and IPv6, used or not) are disjoint; re-address one VPC or connect them another way",
		"peering connection `%s` joins VPCs `%s` and `%s` whose blocks overlap: %s", p.ID, p.Requester, p.Accepter, strings.Join(pairs, "; "))
}

// peeringRoute is a route through a peering connection in a route table of
// one of its VPCs.
type peeringRoute struct {
	table string
	index int
	route design.Route
}

// peeringRoutes returns, per peering connection and per VPC of it, the
// routes of that VPC's tables that target the connection. Routes in tables
// of other VPCs are route.target-foreign's business.
func peeringRoutes(ix *index) map[string]map[string][]peeringRoute {
	d := ix.d
	out := map[string]map[string][]peeringRoute{}
	for _, rid := range ix.tableIDs {
		rt := d.RouteTables[rid]
		for i, r := range rt.Routes {
			if r.Target.Type != design.TargetPeeringConnection {
				continue
			}
			p := d.PeeringConnections[r.Target.ID]
			if p == nil || p.Peer(rt.VPC) == "" {
				continue
			}
			if out[p.ID] == nil {
				out[p.ID] = map[string][]peeringRoute{}
			}
			out[p.ID][rt.VPC] = append(out[p.ID][rt.VPC], peeringRoute{rid, i, r})
		}
	}
	return out
}

// checkTransitivePeering reports routes of VPC A through peering A-B whose
// destination lies inside a block of a third VPC C that B is peered with
// and A is not: the traffic would need A->B->C, and peering is not
// transitive. A destination inside one of B's own blocks is left alone
// (B takes it), and one outside B that lies in no such C is
// route.peering-outside-peer's finding.
func checkTransitivePeering(c *context, routes map[string]map[string][]peeringRoute) {
	d := c.d
	for _, pid := range design.SortedIDs(routes) {
		p := d.PeeringConnections[pid]
		for _, a := range []string{p.Requester, p.Accepter} {
			b := p.Peer(a)
			for _, r := range routes[pid][a] {
				dest, ok := c.ix.prefix(r.route.Destination)
				if !ok {
					continue
				}
				cv, qid, ok := c.ix.transitiveHop(a, pid, dest)
				if !ok {
					continue
				}
				c.report("peering.transitive", itemPath(d.RouteTables[r.table], "routes", r.index), ids(r.table, pid, cv, qid),
					fmt.Sprintf("peer `%s` with `%s` directly and route %s to that peering, or connect the VPCs through a transit gateway", a, cv, dest),
					"route table `%s` sends %s to peering connection `%s` (to VPC `%s`), but %s is in VPC `%s`, which `%s` reaches only through `%s`'s peering `%s`: peering is not transitive",
					r.table, dest, pid, b, dest, cv, a, b, qid)
			}
		}
	}
}
