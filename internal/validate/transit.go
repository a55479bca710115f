package validate

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"go4.org/netipx"

	"github.com/vpcboard/vpcboard/internal/design"
)

// checkTransit runs the transit gateway rules: tgw.association-duplicate,
// region.mismatch for attachments, tgw.attachment-overlap,
// tgw.attachment-az and tgw.route-missing.
func checkTransit(c *context) {
	t := newTransitView(c)
	checkTGWAssociations(c, t)
	checkAttachmentRegions(c)
	checkPropagationOverlap(c, t)
	checkAttachmentAZs(c, t)
	checkTGWRoutes(c, t)
}

// transitView is what the transit rules share: who is attached where, and
// which TGW route table each attachment uses.
type transitView struct {
	// attachmentOf maps a transit gateway and a VPC to the VPC's
	// attachment to it (the first by ID if there are several).
	attachmentOf map[[2]string]string
	// associations maps an attachment to the TGW route tables that list it
	// in Associations, sorted.
	associations map[string][]string
	// tgwRoutes maps a route table to the transit gateways it has routes
	// to.
	tgwRoutes map[string][]string
	// tables caches the routed address set of each TGW route table, keyed
	// by tgwTable.key.
	tables map[string]tgwRouted
	// used caches tableOf per attachment.
	used map[string]usedTable
}

// usedTable is the result of tableOf.
type usedTable struct {
	t  tgwTable
	ok bool
}

func newTransitView(c *context) *transitView {
	d := c.d
	t := &transitView{
		attachmentOf: map[[2]string]string{},
		associations: map[string][]string{},
		tgwRoutes:    map[string][]string{},
		tables:       map[string]tgwRouted{},
		used:         map[string]usedTable{},
	}
	for _, id := range c.ix.attachmentIDs {
		a := d.TransitGatewayAttachments[id]
		k := [2]string{a.TransitGateway, a.VPC}
		if _, ok := t.attachmentOf[k]; !ok {
			t.attachmentOf[k] = id
		}
	}
	for _, id := range c.ix.tgwTableIDs {
		for _, a := range d.TransitGatewayRouteTables[id].Associations {
			if !slices.Contains(t.associations[a], id) {
				t.associations[a] = append(t.associations[a], id)
			}
		}
	}
	for id, rt := range d.RouteTables {
		for _, r := range rt.Routes {
			if r.Target.Type == design.TargetTransitGateway && !slices.Contains(t.tgwRoutes[id], r.Target.ID) {
				t.tgwRoutes[id] = append(t.tgwRoutes[id], r.Target.ID)
			}
		}
	}
	return t
}

// tgwRegion returns a transit gateway's region: its own, else the
// design's.
func tgwRegion(d *design.Design, g *design.TransitGateway) string {
	if g.Region != "" {
		return g.Region
	}
	return d.Region
}

// checkTGWAssociations reports attachments associated with more than one
// TGW route table.
func checkTGWAssociations(c *context, t *transitView) {
	for _, a := range design.SortedIDs(t.associations) {
		tables := t.associations[a]
		for _, extra := range tables[1:] {
			rt := c.d.TransitGatewayRouteTables[extra]
			c.report("tgw.association-duplicate", itemPath(rt, "associations", slices.Index(rt.Associations, a)),
				ids(extra, a, tables[0]),
				"associate the attachment with one route table; propagate it to as many as needed",
				"attachment `%s` is associated with TGW route table `%s` and also with `%s`; an attachment has one association", a, tables[0], extra)
		}
	}
}

// checkAttachmentRegions reports attachments whose VPC is in another region
// than their transit gateway.
func checkAttachmentRegions(c *context) {
	d := c.d
	for _, id := range c.ix.attachmentIDs {
		a := d.TransitGatewayAttachments[id]
		v, g := d.VPCs[a.VPC], d.TransitGateways[a.TransitGateway]
		if v == nil || g == nil {
			continue
		}
		vr, gr := d.RegionOf(v), tgwRegion(d, g)
		if !knownRegion(vr) || !knownRegion(gr) || vr == gr {
			continue
		}
		c.report("region.mismatch", design.Path(a)+".vpc", ids(id, a.VPC, a.TransitGateway),
			"attach the VPC to a transit gateway of its own region, and peer the transit gateways across regions",
			"attachment `%s` joins VPC `%s` (%s) to transit gateway `%s` (%s); a VPC attaches only to a transit gateway of its region",
			id, a.VPC, vr, a.TransitGateway, gr)
	}
}

// tgwTable is a TGW route table as the rules see it: an explicit one of the
// design, or the implicit default table of a transit gateway with default
// association or propagation on.
type tgwTable struct {
	key  string // the table's ID, or "default:" and the gateway's ID
	name string // for messages
	// explicit is the design's table, nil for the implicit default table.
	explicit *design.TransitGatewayRouteTable
	tgw      string
}

// propagating returns the attachments whose VPC blocks the table learns:
// an explicit table's propagations, or for the implicit default table
// every attachment of the gateway when default propagation is on.
func (tt tgwTable) propagating(ix *index) []string {
	if tt.explicit != nil {
		return tt.explicit.Propagations
	}
	g := ix.d.TransitGateways[tt.tgw]
	if g == nil || !g.DefaultRouteTablePropagation {
		return nil
	}
	var out []string
	for _, id := range ix.attachmentIDs {
		if ix.d.TransitGatewayAttachments[id].TransitGateway == tt.tgw {
			out = append(out, id)
		}
	}
	return out
}

// tableOf returns the TGW route table an attachment uses: its explicit
// association, else the implicit default table when the gateway has
// default association on; ok is false when it uses none.
func (t *transitView) tableOf(d *design.Design, attachment string) (tgwTable, bool) {
	if u, ok := t.used[attachment]; ok {
		return u.t, u.ok
	}
	var u usedTable
	a := d.TransitGatewayAttachments[attachment]
	if tables := t.associations[attachment]; len(tables) > 0 {
		rt := d.TransitGatewayRouteTables[tables[0]]
		u = usedTable{tgwTable{key: rt.ID, name: "TGW route table `" + rt.ID + "`", explicit: rt, tgw: rt.TransitGateway}, true}
	} else if g := d.TransitGateways[a.TransitGateway]; g != nil && g.DefaultRouteTableAssociation {
		u = usedTable{tgwTable{key: "default:" + g.ID, name: "the default route table of `" + g.ID + "`", tgw: g.ID}, true}
	}
	t.used[attachment] = u
	return u.t, u.ok
}

// defaultTables returns the implicit default tables of the transit gateways
// with default propagation on: they receive propagations the design does
// not list in any table.
func defaultTables(d *design.Design) []tgwTable {
	var out []tgwTable
	for _, id := range design.SortedIDs(d.TransitGateways) {
		if d.TransitGateways[id].DefaultRouteTablePropagation {
			out = append(out, tgwTable{key: "default:" + id, name: "the default route table of `" + id + "`", tgw: id})
		}
	}
	return out
}

// checkPropagationOverlap reports attachments propagating into one TGW
// route table with overlapping VPC blocks: AWS does not propagate the
// later one's routes. Which one AWS drops depends on attachment order,
// which the design does not know; the later by ID is reported.
func checkPropagationOverlap(c *context, t *transitView) {
	d := c.d
	var tables []tgwTable
	for _, id := range c.ix.tgwTableIDs {
		rt := d.TransitGatewayRouteTables[id]
		tables = append(tables, tgwTable{key: id, name: "TGW route table `" + id + "`", explicit: rt, tgw: rt.TransitGateway})
	}
	tables = append(tables, defaultTables(d)...)
	type block struct {
		attachment string
		p          netip.Prefix
	}
	for _, tt := range tables {
		var blocks []block
		for _, aid := range tt.propagating(c.ix) {
			if a := d.TransitGatewayAttachments[aid]; a != nil {
				for _, p := range c.ix.vpcBlocks(a.VPC) {
					blocks = append(blocks, block{aid, p})
				}
			}
		}
		// Blocks nest or are disjoint: sorted by address then length, every
		// block that overlaps b and comes after it lies inside b.
		slices.SortFunc(blocks, func(x, y block) int {
			return cmp.Or(x.p.Addr().Compare(y.p.Addr()), cmp.Compare(x.p.Bits(), y.p.Bits()), strings.Compare(x.attachment, y.attachment))
		})
		reported := map[[2]string]bool{}
		for i, b := range blocks {
			for _, o := range blocks[i+1:] {
				if !b.p.Contains(o.p.Addr()) {
					break
				}
				first, later := min(b.attachment, o.attachment), max(b.attachment, o.attachment)
				va, vb := d.TransitGatewayAttachments[first].VPC, d.TransitGatewayAttachments[later].VPC
				if first == later || va == vb || reported[[2]string{first, later}] {
					continue
				}
				reported[[2]string{first, later}] = true
				path := design.Path(d.TransitGatewayAttachments[later])
				if tt.explicit != nil {
					path = itemPath(tt.explicit, "propagations", slices.Index(tt.explicit.Propagations, later))
				}
				c.report("tgw.attachment-overlap", path, ids(later, first, tt.key),
					"give the attached VPCs disjoint blocks, or propagate them into different route tables",
					"attachments `%s` (VPC `%s`) and `%s` (VPC `%s`) propagate overlapping blocks %s and %s into %s: the later attachment's routes are not propagated",
					first, va, later, vb, b.p, o.p, tt.name)
			}
		}
	}
}

// checkAttachmentAZs reports, per attachment and availability zone, the
// subnets with workloads that route to the transit gateway from an AZ where
// the attachment has no subnet: AWS forwards to the gateway only from AZs
// with an attachment subnet.
func checkAttachmentAZs(c *context, t *transitView) {
	d := c.d
	for _, id := range c.ix.attachmentIDs {
		a := d.TransitGatewayAttachments[id]
		var azs []string
		for _, s := range a.Subnets {
			sub := d.Subnets[s]
			if sub == nil {
				continue
			}
			if !knownAZ(sub.AZ) {
				azs = nil // an unknown AZ could be any: judge nothing
				break
			}
			azs = append(azs, sub.AZ)
		}
		if len(azs) == 0 {
			continue
		}
		missing := map[string][]string{} // AZ -> subnets
		for _, s := range c.ix.SubnetsOf(a.VPC) {
			sub := d.Subnets[s]
			rt := c.ix.routeTable(s)
			if len(c.ix.WorkloadsIn(s)) == 0 || rt == nil || !slices.Contains(t.tgwRoutes[rt.ID], a.TransitGateway) ||
				!knownAZ(sub.AZ) || slices.Contains(azs, sub.AZ) || isAZID(sub.AZ) != isAZID(azs[0]) {
				continue
			}
			missing[sub.AZ] = append(missing[sub.AZ], s)
		}
		for _, az := range design.SortedIDs(missing) {
			subs := missing[az]
			c.report("tgw.attachment-az", design.Path(a)+".subnets", append(ids(id), subs...),
				fmt.Sprintf("add a subnet of %s to attachment `%s`", az, id),
				"attachment `%s` has no subnet in %s, so the workloads of %s %s cannot reach transit gateway `%s` although their route table sends traffic to it",
				id, az, pluralNoun(len(subs), "subnet"), quoteList(subs), a.TransitGateway)
		}
	}
}

// tgwRouted is the address space a TGW route table forwards: longest prefix
// wins, a blackhole drops. unknown is set when a route or a propagated block
// is not known, and then nothing is judged.
type tgwRouted struct {
	// forwarded holds the forwarded addresses as sorted, disjoint ranges.
	forwarded  []netipx.IPRange
	blackholes []netip.Prefix
	unknown    bool
}

// forwardsAny reports whether the table forwards an address of the block p.
// Only the first range that ends at or after p's first address can hold
// one, so a binary search finds it.
func (r tgwRouted) forwardsAny(p netip.Prefix) bool {
	i, _ := slices.BinarySearchFunc(r.forwarded, p.Masked().Addr(), func(x netipx.IPRange, a netip.Addr) int { return x.To().Compare(a) })
	return i < len(r.forwarded) && r.forwarded[i].From().Compare(netipx.PrefixLastIP(p)) <= 0
}

// routed returns the routed space of a table, computed once.
func (t *transitView) routed(c *context, tt tgwTable) tgwRouted {
	if r, ok := t.tables[tt.key]; ok {
		return r
	}
	d := c.d
	type route struct {
		p         netip.Prefix
		static    bool
		blackhole bool
	}
	var routes []route
	var out tgwRouted
	for _, aid := range tt.propagating(c.ix) {
		a := d.TransitGatewayAttachments[aid]
		if a == nil {
			continue
		}
		if v := d.VPCs[a.VPC]; v == nil || slices.ContainsFunc(append(v.IPv4CIDRs(), v.IPv6CIDRs...), design.IsUnknown) {
			out.unknown = true
		}
		for _, p := range c.ix.vpcBlocks(a.VPC) {
			routes = append(routes, route{p: p})
		}
	}
	if tt.explicit != nil {
		for _, r := range tt.explicit.Routes {
			p, ok := c.ix.prefix(r.Destination)
			if !ok {
				out.unknown = true
				continue
			}
			routes = append(routes, route{p, true, r.Blackhole})
			if r.Blackhole {
				out.blackholes = append(out.blackholes, p)
			}
		}
	}
	// Applying routes from the shortest prefix to the longest, propagated
	// before static at equal length, leaves each address with the decision
	// of its longest match: static beats propagated.
	slices.SortStableFunc(routes, func(x, y route) int {
		return cmp.Or(cmp.Compare(x.p.Bits(), y.p.Bits()), compareBool(x.static, y.static))
	})
	var b netipx.IPSetBuilder
	for _, r := range routes {
		if r.blackhole {
			b.RemovePrefix(r.p)
		} else {
			b.AddPrefix(r.p)
		}
	}
	set, _ := b.IPSet()
	out.forwarded = set.Ranges()
	t.tables[tt.key] = out
	return out
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// checkTGWRoutes reports VPC routes to a transit gateway whose destination
// the TGW route table of the VPC's attachment does not forward at all (no
// route, or only blackholes). A destination the table forwards in part (a
// summary route such as 10.0.0.0/8 with routes for some VPCs) is accepted.
// Customer prefix lists are judged by their entries; AWS-managed ones are
// not judged.
func checkTGWRoutes(c *context, t *transitView) {
	d := c.d
	var dests []netip.Prefix
	for _, rid := range c.ix.tableIDs {
		rt := d.RouteTables[rid]
		// The routes of a table nearly always go to one transit gateway,
		// whose path is then looked up once.
		var via tgwPath
		for i, r := range rt.Routes {
			if r.Target.Type != design.TargetTransitGateway {
				continue
			}
			if !via.resolved || via.tgw != r.Target.ID {
				via = t.path(c, r.Target.ID, rt.VPC)
			}
			if !via.exists {
				continue
			}
			var ok bool
			dests, ok = routeDestinations(dests, c.ix, r)
			if !ok {
				continue
			}
			aid, tt := via.attachment, via.table
			if !via.attached {
				continue // route.target-foreign
			}
			if !via.associated {
				c.report("tgw.route-missing", itemPath(rt, "routes", i), ids(rid, r.Target.ID, aid),
					fmt.Sprintf("associate attachment `%s` with a TGW route table that routes %s", aid, r.Dest()),
					"route table `%s` sends %s to transit gateway `%s`, but attachment `%s` is associated with no TGW route table, so the gateway drops the traffic",
					rid, r.Dest(), r.Target.ID, aid)
				continue
			}
			routed := via.routed
			if routed.unknown || slices.ContainsFunc(dests, routed.forwardsAny) {
				continue
			}
			why := "has no route for it"
			if slices.ContainsFunc(routed.blackholes, func(b netip.Prefix) bool { return slices.ContainsFunc(dests, b.Overlaps) }) {
				why = "blackholes it"
			}
			res := ids(rid, r.Target.ID, aid)
			if tt.explicit != nil {
				res = ids(rid, r.Target.ID, aid, tt.explicit.ID)
			}
			c.report("tgw.route-missing", itemPath(rt, "routes", i), res,
				"add a route for "+r.Dest()+" to "+tt.name+" (or propagate the attachment of the VPC that holds it)",
				"route table `%s` sends %s to transit gateway `%s`, but %s, which attachment `%s` uses, %s",
				rid, r.Dest(), r.Target.ID, tt.name, aid, why)
		}
	}
}

// tgwPath is how a transit gateway takes what a VPC sends it: through the
// VPC's attachment to it and the TGW route table that attachment uses.
type tgwPath struct {
	resolved   bool // set by path
	tgw        string
	exists     bool // whether the transit gateway is in the design
	attachment string
	attached   bool // whether the VPC has an attachment to the gateway
	table      tgwTable
	associated bool // whether the attachment uses a TGW route table
	routed     tgwRouted
}

// path returns the path from vpc through transit gateway tgw.
func (t *transitView) path(c *context, tgw, vpc string) tgwPath {
	p := tgwPath{resolved: true, tgw: tgw, exists: c.d.TransitGateways[tgw] != nil}
	if !p.exists {
		return p
	}
	if p.attachment, p.attached = t.attachmentOf[[2]string{tgw, vpc}]; !p.attached {
		return p
	}
	if p.table, p.associated = t.tableOf(c.d, p.attachment); p.associated {
		p.routed = t.routed(c, p.table)
	}
	return p
}

// routeDestinations appends to buf[:0] the blocks a route's destination
// stands for: its CIDR, or the entries of a customer prefix list. ok is
// false when they are not known.
func routeDestinations(buf []netip.Prefix, ix *index, r design.Route) ([]netip.Prefix, bool) {
	out := buf[:0]
	if r.Destination != "" {
		p, ok := ix.prefix(r.Destination)
		return append(out, p), ok
	}
	pl := ix.d.PrefixLists[r.PrefixList]
	if pl == nil {
		return out, false
	}
	for _, e := range pl.Entries {
		p, ok := ix.prefix(e)
		if !ok {
			return out, false
		}
		out = append(out, p)
	}
	return out, len(out) > 0
}
