package tfimport

import (
	"reflect"
	"slices"

	"github.com/vpcboard/vpcboard/internal/design"
)

// dedupeRules removes repeated routes, ACL entries and associations, and
// security group rules. A state
// lists a table's routes and a group's rules inline after a refresh,
// including those that aws_route and rule resources made, which the
// design then holds twice.
func dedupeRules(d *design.Design) {
	for _, id := range design.SortedIDs(d.RouteTables) {
		rt := d.RouteTables[id]
		rt.Routes = dedupe(rt.Routes)
	}
	for _, id := range design.SortedIDs(d.SecurityGroups) {
		g := d.SecurityGroups[id]
		g.Ingress = dedupe(g.Ingress)
		g.Egress = dedupe(g.Egress)
	}
	for _, id := range design.SortedIDs(d.NetworkACLs) {
		n := d.NetworkACLs[id]
		n.Inbound, n.Outbound, n.Subnets = dedupe(n.Inbound), dedupe(n.Outbound), dedupe(n.Subnets)
	}
}

// dedupe keeps the first of equal items.
func dedupe[T any](xs []T) []T {
	var out []T
	for _, x := range xs {
		if !slices.ContainsFunc(out, func(y T) bool { return reflect.DeepEqual(x, y) }) {
			out = append(out, x)
		}
	}
	return out
}

// removeFirst removes the first rule equal to r.
func removeFirst(rs []design.SGRule, r design.SGRule) []design.SGRule {
	for i, x := range rs {
		if reflect.DeepEqual(x, r) {
			return slices.Delete(slices.Clone(rs), i, i+1)
		}
	}
	return rs
}

// tagMap turns a CloudFormation tag list back into a map.
func tagMap(tags []any) map[string]string {
	out := map[string]string{}
	for _, t := range tags {
		m := t.(map[string]any)
		out[m["Key"].(string)] = m["Value"].(string)
	}
	return out
}

func sortedKeys(m map[string]any) []string { return design.SortedIDs(m) }
