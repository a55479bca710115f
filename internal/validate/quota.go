package validate

import (
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// familyNames names the two address families a quota counts apart, as
// indices into a count.
var familyNames = [2]string{"IPv4", "IPv6"}

// count is a number of routes or rules per address family: IPv4, IPv6.
type count [2]int

// checkQuotas compares the design with c.cfg.Quotas. Each finding has its
// own path, so resources are visited in any order. As AWS does, routes,
// NACL rules and security group rules are counted per address family; a
// reference to a customer-managed prefix list counts as its entries (AWS
// counts its maximum size, which the design does not hold), one to an
// AWS-managed list as one; a rule naming a security group counts in both
// families; and each NACL direction includes its default deny rule.
func checkQuotas(c *context) {
	q := c.quotas()
	d := c.d
	for _, id := range c.ix.vpcIDs {
		if n := len(d.VPCs[id].IPv4CIDRs()); n > q.CIDRsPerVPC {
			c.report("quota.vpc-cidrs", "vpc["+id+"].secondary_cidrs", ids(id), hintQuota("cidrs_per_vpc", "or use fewer, larger blocks"),
				"vpc `%s` has %d IPv4 blocks; the quota is %d", id, n, q.CIDRsPerVPC)
		}
		if n := len(c.ix.SubnetsOf(id)); n > q.SubnetsPerVPC {
			c.report("quota.subnets", "vpc["+id+"]", ids(id), hintQuota("subnets_per_vpc", "or use fewer, larger subnets"),
				"vpc `%s` has %d subnets; the quota is %d", id, n, q.SubnetsPerVPC)
		}
		if n := len(c.ix.RouteTablesOf(id)); n > q.RouteTablesPerVPC {
			c.report("quota.route-tables", "vpc["+id+"]", ids(id), hintQuota("route_tables_per_vpc", "or share tables between subnets with the same routes"),
				"vpc `%s` has %d route tables (the main one included); the quota is %d", id, n, q.RouteTablesPerVPC)
		}
	}
	for id, rt := range d.RouteTables {
		var n count
		for _, r := range rt.Routes {
			c.weigh(&n, r.Destination, r.PrefixList)
		}
		for f, k := range n {
			if k > q.RoutesPerTable {
				c.report("quota.routes", "route-table["+id+"].routes", ids(id), hintQuota("routes_per_table", "or summarise destinations into fewer, larger blocks"),
					"route-table `%s` has %d %s routes; the quota is %d", id, k, familyNames[f], q.RoutesPerTable)
			}
		}
	}
	for id, acl := range d.NetworkACLs {
		for _, dir := range []struct {
			name    string
			entries []design.NACLEntry
		}{{"inbound", acl.Inbound}, {"outbound", acl.Outbound}} {
			n := count{1, 0} // the IPv4 default deny rule
			for _, e := range dir.entries {
				c.weigh(&n, e.CIDR, "")
			}
			if n[1] > 0 {
				n[1]++ // the IPv6 default deny rule
			}
			for f, k := range n {
				if k > q.NACLRulesPerDirection {
					c.report("quota.nacl-rules", "network-acl["+id+"]."+dir.name, ids(id), hintQuota("nacl_rules_per_direction", "or merge rules"),
						"network-acl `%s` has %d %s %s rules counting the default deny; the quota is %d", id, k, dir.name, familyNames[f], q.NACLRulesPerDirection)
				}
			}
		}
	}
	// largest is, per group, its largest count of rules in one direction
	// and family, for quota.rules-x-sgs.
	largest := make(map[string]int, len(d.SecurityGroups))
	for id, g := range d.SecurityGroups {
		most := 0
		for _, dir := range []struct {
			name  string
			rules []design.SGRule
		}{{"ingress", g.Ingress}, {"egress", g.Egress}} {
			var n count
			for _, r := range dir.rules {
				if r.Group != "" {
					n[0]++
					n[1]++
					continue
				}
				c.weigh(&n, r.CIDR, r.PrefixList)
			}
			for f, k := range n {
				most = max(most, k)
				if k > q.SGRulesPerDirection {
					c.report("quota.sg-rules", "security-group["+id+"]."+dir.name, ids(id), hintQuota("sg_rules_per_direction", "or split the rules over several groups"),
						"security-group `%s` has %d %s %s rules; the quota is %d", id, k, dir.name, familyNames[f], q.SGRulesPerDirection)
				}
			}
		}
		largest[id] = most
	}
	for id, w := range d.Workloads {
		if len(w.Interfaces) > 0 {
			c.groupsPerENI(q, design.KindWorkload, id, w.SecurityGroups, largest)
		}
	}
	for id, e := range d.VPCEndpoints {
		if e.Type == design.EndpointInterface {
			c.groupsPerENI(q, design.KindVPCEndpoint, id, e.SecurityGroups, largest)
		}
	}
}

// groupsPerENI reports quota.sgs-per-eni and quota.rules-x-sgs for the
// groups of the ENIs of one resource of kind k.
func (c *context) groupsPerENI(q Quotas, k design.Kind, id string, groups []string, largest map[string]int) {
	path := func() string { return string(k) + "[" + id + "].security_groups" }
	if n := len(groups); n > q.SGsPerENI {
		c.report("quota.sgs-per-eni", path(), append(ids(id), groups...), hintQuota("sgs_per_eni", "or merge groups"),
			"%s `%s` has %d security groups on its ENIs; the quota is %d", k, id, n, q.SGsPerENI)
	}
	most, by := 0, ""
	for _, g := range groups {
		if largest[g] > most {
			most, by = largest[g], g
		}
	}
	if len(groups)*most > q.RulesTimesSGs {
		c.report("quota.rules-x-sgs", path(), append(ids(id), groups...), "AWS caps security groups per ENI times rules per group at 1000 whatever the quotas: use fewer groups or fewer rules",
			"%s `%s` has %d security groups and `%s` has %d rules in one direction: %d x %d = %d exceeds %d",
			k, id, len(groups), by, most, len(groups), most, len(groups)*most, q.RulesTimesSGs)
	}
}

// weigh adds to n what one route or rule to cidr or prefixList counts
// against a quota. Unknown blocks count as IPv4.
func (c *context) weigh(n *count, cidr, prefixList string) {
	one := func(s string) {
		if strings.IndexByte(s, ':') >= 0 && !design.IsUnknown(s) {
			n[1]++
		} else {
			n[0]++
		}
	}
	switch pl := c.d.PrefixLists[prefixList]; {
	case cidr != "" || prefixList == "":
		one(cidr)
	case pl != nil && len(pl.Entries) > 0:
		for _, e := range pl.Entries {
			one(e)
		}
	default:
		n[0]++ // an AWS-managed list, whose weight the design does not hold
	}
}

// quotas returns the configured quotas, each zero one replaced by AWS's
// default.
func (c *context) quotas() Quotas {
	q, def := c.cfg.Quotas, DefaultQuotas
	for _, f := range []struct{ v, def *int }{
		{&q.CIDRsPerVPC, &def.CIDRsPerVPC}, {&q.SubnetsPerVPC, &def.SubnetsPerVPC},
		{&q.RouteTablesPerVPC, &def.RouteTablesPerVPC}, {&q.RoutesPerTable, &def.RoutesPerTable},
		{&q.NACLRulesPerDirection, &def.NACLRulesPerDirection}, {&q.SGRulesPerDirection, &def.SGRulesPerDirection},
		{&q.SGsPerENI, &def.SGsPerENI}, {&q.RulesTimesSGs, &def.RulesTimesSGs},
	} {
		if *f.v <= 0 {
			*f.v = *f.def
		}
	}
	return q
}

// hintQuota says how to raise a quota named as in Quotas' JSON, or what
// else to do.
func hintQuota(name, otherwise string) string {
	return "request a quota increase and validate with --quota " + name + "=N, " + otherwise
}
