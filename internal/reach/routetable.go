package reach

import (
	"net/netip"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// routeTable is a design route table with its implicit routes made
// explicit: local routes for the VPC's blocks and the prefix-list routes of
// the gateway endpoints associated with it. Routes are sorted longest
// prefix first, static before prefix-list at equal length; a customer
// prefix list stands as one route per entry.
type routeTable struct {
	id, vpc string
	routes  []route
	// managed are routes to AWS-managed prefix lists (service names or
	// pl- IDs), which match only service destinations.
	managed []route
	// unknown are routes whose destination is not known.
	unknown []route
	// editedBy is a custom resource that names the table: its function may
	// add or replace routes when deployed (the aws-samples Gateway Load
	// Balancer templates replace the local route this way), "" if none.
	editedBy string
}

type route struct {
	dest   string // as written, "local" for the VPC's own blocks
	p      netip.Prefix
	list   bool // from a prefix list
	target design.Target
}

func (an *Analyzer) indexRouteTables() {
	d := an.d
	endpoints := map[string][]*design.VPCEndpoint{} // route table -> gateway endpoints
	for _, id := range design.SortedIDs(d.VPCEndpoints) {
		if e := d.VPCEndpoints[id]; e.Type == design.EndpointGateway {
			for _, rt := range e.RouteTables {
				endpoints[rt] = append(endpoints[rt], e)
			}
		}
	}
	for _, id := range design.SortedIDs(d.RouteTables) {
		rt := d.RouteTables[id]
		c := &routeTable{id: id, vpc: rt.VPC}
		for _, p := range an.vpcBlocks[rt.VPC] {
			c.routes = append(c.routes, route{dest: "local", p: p, target: design.Target{Type: design.TargetLocal}})
		}
		if an.vpcUnknown[rt.VPC] {
			c.unknown = append(c.unknown, route{dest: "local", target: design.Target{Type: design.TargetLocal}})
		}
		for _, r := range rt.Routes {
			switch {
			case r.Destination != "":
				if p, ok := design.KnownCIDR(r.Destination); ok {
					c.routes = append(c.routes, route{dest: r.Destination, p: p, target: r.Target})
				} else {
					c.unknown = append(c.unknown, route{dest: r.Destination, target: r.Target})
				}
			case design.IsManagedPrefixList(r.PrefixList):
				c.managed = append(c.managed, route{dest: r.PrefixList, list: true, target: r.Target})
			default:
				entries, partial := an.listEntries(r.PrefixList)
				for _, p := range entries {
					c.routes = append(c.routes, route{dest: r.PrefixList, p: p, list: true, target: r.Target})
				}
				if partial {
					c.unknown = append(c.unknown, route{dest: r.PrefixList, list: true, target: r.Target})
				}
			}
		}
		for _, e := range endpoints[id] {
			c.managed = append(c.managed, route{dest: e.Service, list: true, target: design.Target{Type: design.TargetVPCEndpoint, ID: e.ID}})
		}
		sortedBySpecificity(c.routes, func(r route) int {
			if r.list {
				return 2 * r.p.Bits()
			}
			return 2*r.p.Bits() + 1
		})
		an.tables[id] = c
	}
	for subnet, id := range an.ix.Associations().RouteTables {
		an.subnetRT[subnet] = an.tables[id]
	}
	an.indexCustomEdits()
}

// indexCustomEdits marks the route tables that a custom resource names
// (the first by ID).
func (an *Analyzer) indexCustomEdits() {
	for _, id := range design.SortedIDs(an.d.Opaque) {
		if o := an.d.Opaque[id]; o.IsCustom() {
			o.Strings(func(s string) {
				if rt := an.tables[s]; rt != nil && rt.editedBy == "" {
					rt.editedBy = id
				}
			})
		}
	}
}

// routeLookup returns the route a table uses for packets to dst, by longest
// prefix; a service's prefix-list route (a gateway endpoint) wins for the
// service. decided is yes when the route (or the absence of one, nil) is
// certain, maybe when an unknown destination or an address known only as a
// block leaves it open; then the route returned is the best certain one.
func routeLookup(rt *routeTable, dst addr) (r *route, decided tri) {
	decided = yes
	if dst.service != "" {
		for i := range rt.managed {
			m := &rt.managed[i]
			if strings.EqualFold(m.dest, dst.service) {
				return m, yes
			}
			if !strings.HasPrefix(m.dest, "com.amazonaws.") {
				decided = maybe // a pl- ID: which service's is not known
			}
		}
	}
	if len(rt.unknown) > 0 {
		decided = maybe
	}
	for i := range rt.routes {
		switch dst.in(rt.routes[i].p) {
		case yes:
			return &rt.routes[i], decided
		case maybe:
			decided = maybe
		}
	}
	return nil, decided
}
