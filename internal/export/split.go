package export

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// CloudFormation's quotas per template (AWS CloudFormation User Guide,
// "Understand CloudFormation quotas"), with a margin for what the split
// adds (imports, outputs, parameters).
const (
	maxStackResources = 450
	maxStackOutputs   = 180
	maxStackBytes     = 800_000 // of a template read from S3; the limit is 1 MB
)

// exportPrefix is the parameter of split stacks that prefixes the names of
// the values they export to each other.
const exportPrefix = "ExportPrefix"

// split cuts a template that exceeds CloudFormation's quotas into stacks to
// be deployed in order. Resources are ordered by dependency depth (what a
// resource references comes first) and cut into runs that fit the quotas;
// a reference to a resource of an earlier stack becomes Fn::ImportValue of
// a value that stack exports as ${ExportPrefix}-<logical ID>[-<attr>].
// prefix is the default of ExportPrefix.
//
// split also returns the JSON text of the resources it measured, which
// encodeJSONWith writes as they are.
func split(t *object, prefix string) ([]*object, map[*object][]byte) {
	res := t.get("Resources").(*object)
	if res.len() <= maxStackResources {
		return []*object{t}, nil
	}
	// The resources are encoded once, into one buffer: to measure them,
	// and for the final text of those the split does not change.
	var arena bytes.Buffer
	arena.Grow(600 * res.len())
	spans := make(map[*object][2]int, res.len())
	sizeOf := func(v *object) int {
		start := arena.Len()
		jsonWriter{b: &arena}.value(v, 2)
		spans[v] = [2]int{start, arena.Len()}
		return arena.Len() - start
	}
	refs := make(map[string][]ref, res.len())
	for _, m := range res.members {
		var rs []ref
		walkRefs(m.val, func(target, attr string) { rs = append(rs, ref{target, attr}) })
		refs[m.key] = rs
	}
	order, groups := dependencyOrder(res, refs)
	sizes := make([]int, len(order))
	for i, id := range order {
		sizes[i] = sizeOf(res.get(id).(*object))
	}
	// Runs of the order that fit a stack's resources and bytes, cut where
	// the order moves to another VPC when the next VPC's run would not fit
	// whole; then a run that would export too many values to later stacks
	// is halved.
	runEnd := make([]int, len(order)) // where the run of one group starting at i ends
	for i := len(order) - 1; i >= 0; i-- {
		if i+1 < len(order) && groups[i+1] == groups[i] {
			runEnd[i] = runEnd[i+1]
		} else {
			runEnd[i] = i + 1
		}
	}
	var chunks [][]string
	start := 0
	for i, bytes := 0, 0; i <= len(order); i++ {
		full := i < len(order) && i > start && (i-start+1 > maxStackResources || bytes+sizes[i] > maxStackBytes)
		if i < len(order) && i > start && groups[i] != groups[i-1] {
			// A new run: cut before it unless it fits whole (or is
			// larger than a stack anyway).
			n := runEnd[i] - i
			full = full || i-start+n > maxStackResources && n <= maxStackResources
		}
		if i == len(order) || full {
			chunks = append(chunks, order[start:i])
			start, bytes = i, 0
		}
		if i < len(order) {
			bytes += sizes[i]
		}
	}
	var stackOf map[string]int
	var exported map[string]map[string]bool
	for {
		stackOf = map[string]int{}
		for i, c := range chunks {
			for _, id := range c {
				stackOf[id] = i
			}
		}
		exported = map[string]map[string]bool{}
		outs := make([]int, len(chunks))
		for _, id := range order {
			for _, r := range refs[id] {
				if j, ok := stackOf[r.target]; ok && j != stackOf[id] && !exported[r.target][r.attr] {
					if exported[r.target] == nil {
						exported[r.target] = map[string]bool{}
					}
					exported[r.target][r.attr] = true
					outs[j]++
				}
			}
		}
		over := slices.IndexFunc(outs, func(n int) bool { return n > maxStackOutputs })
		if over < 0 || len(chunks[over]) < 2 {
			break
		}
		c := chunks[over]
		chunks = slices.Concat(chunks[:over], [][]string{c[:len(c)/2], c[len(c)/2:]}, chunks[over+1:])
	}
	frags := make(map[*object][]byte, len(spans))
	text := arena.Bytes()
	for o, sp := range spans {
		frags[o] = text[sp[0]:sp[1]:sp[1]]
	}
	params, _ := t.get("Parameters").(*object)
	outputs, _ := t.get("Outputs").(*object)
	out := make([]*object, len(chunks))
	for i, c := range chunks {
		st := obj("AWSTemplateFormatVersion", t.get("AWSTemplateFormatVersion"),
			"Description", fmt.Sprintf("%s, stack %d of %d", t.get("Description"), i+1, len(chunks)))
		meta := newObject()
		if m, ok := t.get("Metadata").(*object); ok {
			meta = copyObject(m.get("vpcboard").(*object))
		}
		meta.set("stack", fmt.Sprintf("%d of %d: deploy in order; each imports what the earlier ones export", i+1, len(chunks)))
		st.set("Metadata", obj("vpcboard", meta))
		rs, exports := newObject(), newObject()
		used := map[string]bool{}
		imported := false
		local := func(target string) bool { return stackOf[target] == i || !isResource(res, target) }
		for _, id := range c {
			r := res.get(id).(*object)
			foreign := false
			for _, x := range refs[id] {
				foreign = foreign || !local(x.target)
				if params != nil && params.get(x.target) != nil {
					used[x.target] = true
				}
			}
			if foreign {
				r = copyObject(r)
				if p, ok := r.get("Properties").(*object); ok {
					r.set("Properties", rewriteRefs(p, local, &imported))
				}
				dependsOnHere(r, local)
			}
			rs.set(id, r)
			for _, attr := range sortedKeys(exported[id]) {
				v := any(obj("Ref", id))
				if attr != "" {
					v = getAtt(id, attr)
					if listAttr(attr) {
						v = obj("Fn::Join", []any{",", v})
					}
				}
				exports.set(exportKey(id, attr), obj("Value", v, "Export", obj("Name", obj("Fn::Sub", "${"+exportPrefix+"}-"+exportKey(id, attr)))))
			}
		}
		ps := newObject()
		if imported || exports.len() > 0 {
			ps.set(exportPrefix, obj("Type", "String", "Default", prefix,
				"Description", "prefix of the names of the values these stacks export to each other (the same in every stack)"))
		}
		if params != nil {
			for _, m := range params.members {
				if used[m.key] {
					ps.set(m.key, m.val)
				}
			}
		}
		if ps.len() > 0 {
			st.set("Parameters", ps)
		}
		st.set("Resources", rs)
		if outputs != nil {
			for _, m := range outputs.members {
				var target string
				walkRefs(m.val, func(t, _ string) { target = t })
				if stackOf[target] == i && exports.get(m.key) == nil {
					exports.set(m.key, m.val)
				}
			}
		}
		if exports.len() > 0 {
			st.set("Outputs", exports)
		}
		out[i] = st
	}
	return out, frags
}

// same reports whether a rewritten value is the value itself: rewriteRefs
// returns its input when it changes nothing.
func same(a, b any) bool {
	switch x := a.(type) {
	case *object:
		y, ok := b.(*object)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	}
	return true
}

// ref is one reference of a resource: its target and attribute ("" for
// Ref).
type ref struct{ target, attr string }

func isResource(res *object, id string) bool { return res.get(id) != nil }

// listAttr reports whether a Fn::GetAtt attribute is a list, which an
// output exports joined by commas.
func listAttr(attr string) bool { return attr == "Ipv6CidrBlocks" }

func exportKey(id, attr string) string {
	if attr == "" {
		return id
	}
	return id + attr
}

// dependencyOrder returns the logical IDs of the resources in an order in
// which each comes after everything it references, keeping the resources
// of one VPC together where it can (a topological sort that takes from the
// group it is in while that group has a resource ready), so that few
// references cross from one stack to another. groups gives the group of
// each resource of the order: the index of its VPC, -1 for none.
func dependencyOrder(res *object, refs map[string][]ref) (order []string, groups []int) {
	n := res.len()
	index := make(map[string]int, n)
	for i, m := range res.members {
		index[m.key] = i
	}
	deps := make([][]int, n)       // resources each one references
	dependents := make([][]int, n) // resources that reference each one
	pending := make([]int, n)
	for i, m := range res.members {
		for _, r := range refs[m.key] {
			if j, ok := index[r.target]; ok && j != i && !slices.Contains(deps[i], j) {
				deps[i] = append(deps[i], j)
				dependents[j] = append(dependents[j], i)
				pending[i]++
			}
		}
	}
	// group: the VPC a resource belongs to, the first one reached through
	// its references; -1 for resources of no VPC.
	group := make([]int, n)
	for i := range group {
		group[i] = -2
	}
	var groupOf func(i int) int
	groupOf = func(i int) int {
		if group[i] != -2 {
			return group[i]
		}
		group[i] = -1
		if typ, _ := res.members[i].val.(*object).get("Type").(string); typ == "AWS::EC2::VPC" {
			group[i] = i
			return i
		}
		for _, j := range deps[i] {
			if g := groupOf(j); g >= 0 {
				group[i] = g
				break
			}
		}
		return group[i]
	}
	ready := map[int][]int{} // group -> ready resources, in template order
	push := func(i int) {
		g := groupOf(i)
		q := ready[g]
		k, _ := slices.BinarySearch(q, i)
		ready[g] = slices.Insert(q, k, i)
	}
	for i := range n {
		if pending[i] == 0 {
			push(i)
		}
	}
	out := make([]string, 0, n)
	groups = make([]int, 0, n)
	cur := -1
	for len(out) < n {
		if len(ready[cur]) == 0 {
			// The group whose next ready resource comes first in the
			// template.
			best, first := 0, n
			found := false
			for g, q := range ready {
				if len(q) > 0 && q[0] < first {
					best, first, found = g, q[0], true
				}
			}
			if !found {
				// A cycle, which a template cannot have: keep the rest
				// in template order rather than lose it.
				for i := range n {
					if pending[i] > 0 {
						out = append(out, res.members[i].key)
						groups = append(groups, -1)
					}
				}
				break
			}
			cur = best
		}
		i := ready[cur][0]
		ready[cur] = ready[cur][1:]
		out = append(out, res.members[i].key)
		groups = append(groups, cur)
		for _, j := range dependents[i] {
			if pending[j]--; pending[j] == 0 {
				push(j)
			}
		}
	}
	return out, groups
}

var subVar = regexp.MustCompile(`\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}`)

// walkRefs calls fn for every reference in v: Ref, Fn::GetAtt, the
// variables of Fn::Sub and the names of DependsOn.
func walkRefs(v any, fn func(target, attr string)) {
	switch x := v.(type) {
	case *object:
		for _, m := range x.members {
			switch m.key {
			case "Ref":
				if s, ok := m.val.(string); ok && x.len() == 1 {
					fn(s, "")
					continue
				}
			case "Fn::GetAtt":
				if l, ok := m.val.([]any); ok && len(l) == 2 && x.len() == 1 {
					a, _ := l[0].(string)
					b, _ := l[1].(string)
					fn(a, b)
					continue
				}
			case "Fn::Sub":
				if s, ok := m.val.(string); ok && x.len() == 1 {
					for _, g := range subVar.FindAllStringSubmatch(s, -1) {
						fn(g[1], g[2])
					}
					continue
				}
			case "DependsOn":
				switch d := m.val.(type) {
				case string:
					fn(d, "")
				case []any:
					for _, it := range d {
						s, _ := it.(string)
						fn(s, "")
					}
				}
				continue
			}
			walkRefs(m.val, fn)
		}
	case []any:
		for _, it := range x {
			walkRefs(it, fn)
		}
	}
}

// importOf returns the Fn::ImportValue of what another stack exports for
// target and attr.
func importOf(target, attr string) any {
	v := any(obj("Fn::ImportValue", obj("Fn::Sub", "${"+exportPrefix+"}-"+exportKey(target, attr))))
	if listAttr(attr) {
		v = obj("Fn::Split", []any{",", v})
	}
	return v
}

// rewriteRefs returns a copy of v in which references to resources that
// are not local become imports; it sets *imported when it made one.
func rewriteRefs(v any, local func(string) bool, imported *bool) any {
	switch x := v.(type) {
	case *object:
		if x.len() == 1 {
			m := x.members[0]
			switch m.key {
			case "Ref":
				if s, ok := m.val.(string); ok && !local(s) {
					*imported = true
					return importOf(s, "")
				}
			case "Fn::GetAtt":
				if l, ok := m.val.([]any); ok && len(l) == 2 {
					if s, ok := l[0].(string); ok && !local(s) {
						*imported = true
						return importOf(s, l[1].(string))
					}
				}
			case "Fn::Sub":
				if s, ok := m.val.(string); ok {
					vars := newObject()
					for _, g := range subVar.FindAllStringSubmatch(s, -1) {
						if !local(g[1]) {
							name := g[1] + strings.ReplaceAll(g[2], ".", "")
							s = strings.ReplaceAll(s, g[0], "${"+name+"}")
							vars.set(name, importOf(g[1], g[2]))
						}
					}
					if vars.len() > 0 {
						*imported = true
						return obj("Fn::Sub", []any{s, vars})
					}
				}
			}
		}
		var c *object // copied on the first change
		for i, m := range x.members {
			nv := rewriteRefs(m.val, local, imported)
			if c == nil && !same(nv, m.val) {
				c = copyObject(x)
			}
			if c != nil {
				c.members[i].val = nv
			}
		}
		if c == nil {
			return x
		}
		return c
	case []any:
		var c []any
		for i, it := range x {
			nv := rewriteRefs(it, local, imported)
			if c == nil && !same(nv, it) {
				c = slices.Clone(x)
			}
			if c != nil {
				c[i] = nv
			}
		}
		if c == nil {
			return x
		}
		return c
	}
	return v
}

// dependsOnHere drops the DependsOn entries of r that name resources of
// other stacks: the stacks' order provides them.
func dependsOnHere(r *object, local func(string) bool) {
	var keep []any
	switch d := r.get("DependsOn").(type) {
	case nil:
		return
	case string:
		if local(d) {
			keep = append(keep, d)
		}
	case []any:
		for _, it := range d {
			if s, _ := it.(string); local(s) {
				keep = append(keep, s)
			}
		}
	}
	i := r.find("DependsOn")
	switch len(keep) {
	case 0:
		r.members = append(r.members[:i:i], r.members[i+1:]...)
		r.idx = nil
	case 1:
		r.members[i].val = keep[0]
	default:
		r.members[i].val = keep
	}
}

func copyObject(o *object) *object {
	c := &object{members: make([]member, len(o.members))}
	copy(c.members, o.members)
	return c
}

func sortedKeys(m map[string]bool) []string { return slices.Sorted(maps.Keys(m)) }
