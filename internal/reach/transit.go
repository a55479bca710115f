package reach

import (
	"net/netip"
	"slices"

	"github.com/vpcboard/vpcboard/internal/design"
)

// tgwTable is a transit gateway route table as a trace uses it: an explicit
// table of the design, or the implicit default table of a gateway with
// default association. Its routes are the static routes and the blocks of
// the propagating attachments' VPCs, longest prefix first, static before
// propagated at equal length.
type tgwTable struct {
	// id is the table's design ID, or the gateway's for its implicit
	// default table.
	id       string
	implicit bool
	routes   []tgwRoute
	unknown  bool // some route's destination is not known
}

type tgwRoute struct {
	dest       string
	p          netip.Prefix
	attachment string
	blackhole  bool
	propagated bool
}

func (an *Analyzer) indexTransit() {
	d := an.d
	byTGW := map[string][]string{} // gateway -> its attachments, sorted
	for _, id := range design.SortedIDs(d.TransitGatewayAttachments) {
		a := d.TransitGatewayAttachments[id]
		byTGW[a.TransitGateway] = append(byTGW[a.TransitGateway], id)
	}
	for _, id := range design.SortedIDs(d.TransitGatewayRouteTables) {
		t := d.TransitGatewayRouteTables[id]
		tt := an.compileTGWTable(id, false, t.Routes, t.Propagations)
		an.tgwTables[id] = tt
		for _, a := range t.Associations {
			if an.tgwTableOf[a] == nil {
				an.tgwTableOf[a] = tt
			}
		}
	}
	for _, gid := range design.SortedIDs(d.TransitGateways) {
		g := d.TransitGateways[gid]
		if !g.DefaultRouteTableAssociation {
			continue
		}
		var props []string
		if g.DefaultRouteTablePropagation {
			props = byTGW[gid]
		}
		tt := an.compileTGWTable(gid, true, nil, props)
		for _, a := range byTGW[gid] {
			if an.tgwTableOf[a] == nil {
				an.tgwTableOf[a] = tt
			}
		}
	}
}

func (an *Analyzer) compileTGWTable(id string, implicit bool, static []design.TGWRoute, props []string) *tgwTable {
	tt := &tgwTable{id: id, implicit: implicit}
	for _, r := range static {
		p, ok := design.KnownCIDR(r.Destination)
		if !ok {
			tt.unknown = true
			continue
		}
		tt.routes = append(tt.routes, tgwRoute{dest: r.Destination, p: p, attachment: r.Attachment, blackhole: r.Blackhole})
	}
	for _, aid := range props {
		a := an.d.TransitGatewayAttachments[aid]
		if a == nil {
			continue
		}
		if an.vpcUnknown[a.VPC] {
			tt.unknown = true
		}
		for _, p := range an.vpcBlocks[a.VPC] {
			tt.routes = append(tt.routes, tgwRoute{dest: p.String(), p: p, attachment: aid, propagated: true})
		}
	}
	sortedBySpecificity(tt.routes, func(r tgwRoute) int {
		if r.propagated {
			return 2 * r.p.Bits()
		}
		return 2*r.p.Bits() + 1
	})
	return tt
}

// lookup returns the route of the table for dst by longest prefix, and
// whether that is certain (see routeLookup).
func (tt *tgwTable) lookup(dst addr) (*tgwRoute, tri) {
	decided := yes
	if tt.unknown {
		decided = maybe
	}
	for i := range tt.routes {
		switch dst.in(tt.routes[i].p) {
		case yes:
			return &tt.routes[i], decided
		case maybe:
			decided = maybe
		}
	}
	return nil, decided
}

// attachmentSubnet returns the subnet of an attachment in an availability
// zone, or "".
func (an *Analyzer) attachmentSubnet(att, az string) string {
	a := an.d.TransitGatewayAttachments[att]
	if a == nil {
		return ""
	}
	i := slices.IndexFunc(a.Subnets, func(s string) bool { return an.azOf[s] == az })
	if i < 0 {
		return ""
	}
	return a.Subnets[i]
}
