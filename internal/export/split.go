package export

import (
	"fmt"
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
// prefix is the default of ExportPrefix; rs are the resources of t.
//
// A template that fits one stack is that stack, its Resources those of rs.
func split(t *object, rs *resources, prefix string) []*object {
	outputs, _ := t.get("Outputs").(*object)
	if rs.len() <= maxStackResources && (outputs == nil || outputs.len() <= maxStackOutputs) {
		t.set("Resources", rs.object())
		return []*object{t}
	}
	rs.resolve()
	// The position of the resource each output refers to, -1 for none.
	var outputAt []int
	if outputs != nil {
		outputAt = rs.ints.make(outputs.len())
		for k, m := range outputs.members {
			var target string
			walkRefs(m.val, func(r ref) { target = r.target })
			outputAt[k] = rs.position(target)
		}
	}
	order, groups := dependencyOrder(rs)
	// Runs of the order that fit a stack's resources and bytes, cut where
	// the order moves to another VPC when the next VPC's run would not fit
	// whole; then a run that would export too many values to later stacks
	// is halved. A chunk is a run of the order, by position in it.
	runEnd := rs.ints.make(len(order)) // where the run of one group starting at k ends
	for k := len(order) - 1; k >= 0; k-- {
		if k+1 < len(order) && groups[k+1] == groups[k] {
			runEnd[k] = runEnd[k+1]
		} else {
			runEnd[k] = k + 1
		}
	}
	type chunk struct{ start, end int }
	var chunks []chunk
	start := 0
	for k, bytes := 0, 0; k <= len(order); k++ {
		full := k < len(order) && k > start && (k-start+1 > maxStackResources || bytes+len(rs.all[order[k]].text) > maxStackBytes)
		if k < len(order) && k > start && groups[k] != groups[k-1] {
			// A new run: cut before it unless it fits whole (or is
			// larger than a stack anyway).
			n := runEnd[k] - k
			full = full || k-start+n > maxStackResources && n <= maxStackResources
		}
		if k == len(order) || full {
			chunks = append(chunks, chunk{start, k})
			start, bytes = k, 0
		}
		if k < len(order) {
			bytes += len(rs.all[order[k]].text)
		}
	}
	stackOf := rs.ints.make(rs.len())      // by position in the template
	exported := make([][]string, rs.len()) // by position: the attributes later stacks import, sorted
	for {
		for s, c := range chunks {
			for _, i := range order[c.start:c.end] {
				stackOf[i] = s
			}
		}
		for i := range exported {
			exported[i] = exported[i][:0]
		}
		outs := make([]int, len(chunks))
		for _, i := range outputAt {
			if i >= 0 {
				outs[stackOf[i]]++
			} else {
				outs[0]++
			}
		}
		for _, i := range order {
			for _, r := range rs.all[i].links {
				if r.at < 0 || stackOf[r.at] == stackOf[i] {
					continue
				}
				if k, found := slices.BinarySearch(exported[r.at], r.attr); !found {
					exported[r.at] = slices.Insert(exported[r.at], k, r.attr)
					outs[stackOf[r.at]]++
				}
			}
		}
		over := slices.IndexFunc(outs, func(n int) bool { return n > maxStackOutputs })
		if over < 0 || chunks[over].end-chunks[over].start < 2 {
			break
		}
		c := chunks[over]
		mid := c.start + (c.end-c.start)/2
		chunks = slices.Concat(chunks[:over], []chunk{{c.start, mid}, {mid, c.end}}, chunks[over+1:])
	}
	params, _ := t.get("Parameters").(*object)
	// The stack of each output: that of the resource it refers to, the
	// first stack when it refers to none.
	outputStack := rs.ints.make(len(outputAt))
	for k, i := range outputAt {
		if i >= 0 {
			outputStack[k] = stackOf[i]
		}
	}
	out := make([]*object, len(chunks))
	rw := &rewriter{imports: map[ref]any{}}
	for s, c := range chunks {
		st := obj("AWSTemplateFormatVersion", t.get("AWSTemplateFormatVersion"),
			"Description", fmt.Sprintf("%s, stack %d of %d", t.get("Description"), s+1, len(chunks)))
		meta := newObject()
		if m, ok := t.get("Metadata").(*object); ok {
			meta = copyObject(m.get("vpcboard").(*object))
		}
		meta.set("stack", fmt.Sprintf("%d of %d: deploy in order; each imports what the earlier ones export", s+1, len(chunks)))
		st.set("Metadata", obj("vpcboard", meta))
		res, exports := &object{members: make([]member, 0, c.end-c.start)}, newObject()
		var used []bool // parameters of the template this stack uses, by position
		if params != nil {
			used = make([]bool, params.len())
		}
		rw.imported = false
		local := func(target string) bool {
			i := rs.position(target)
			return i < 0 || stackOf[i] == s
		}
		rw.local = local
		for _, i := range order[c.start:c.end] {
			w := rs.all[i]
			id := w.logical
			foreign := false
			for _, x := range w.links {
				foreign = foreign || x.at >= 0 && stackOf[x.at] != s
				if x.at < 0 && params != nil {
					if p := params.find(x.target); p >= 0 {
						used[p] = true
					}
				}
			}
			if foreign {
				r := *w.res
				if r.props != nil {
					r.props = rw.rewrite(r.props).(*object)
				}
				if elsewhere := func(d string) bool { return !local(d) }; slices.ContainsFunc(r.dependsOn, elsewhere) {
					r.dependsOn = slices.DeleteFunc(slices.Clone(r.dependsOn), elsewhere)
				}
				res.push(id, &r)
			} else {
				res.push(id, &w.encoded)
			}
			for _, attr := range exported[i] {
				v := any(refTo(id))
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
		if rw.imported || exports.len() > 0 {
			ps.set(exportPrefix, obj("Type", "String", "Default", prefix,
				"Description", "prefix of the names of the values these stacks export to each other (the same in every stack)"))
		}
		if params != nil {
			for p, m := range params.members {
				if used[p] {
					ps.set(m.key, m.val)
				}
			}
		}
		if ps.len() > 0 {
			st.set("Parameters", ps)
		}
		st.set("Resources", res)
		if outputs != nil {
			for k, m := range outputs.members {
				if outputStack[k] == s && exports.get(m.key) == nil {
					exports.set(m.key, m.val)
				}
			}
		}
		if exports.len() > 0 {
			st.set("Outputs", exports)
		}
		out[s] = st
	}
	return out
}

// same reports whether a rewritten value is the value itself: rewrite
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

// listAttr reports whether a Fn::GetAtt attribute is a list, which an
// output exports joined by commas.
func listAttr(attr string) bool { return attr == "Ipv6CidrBlocks" }

func exportKey(id, attr string) string {
	if attr == "" {
		return id
	}
	return id + attr
}

// dependencyOrder returns the positions of the resources in an order in
// which each comes after everything it references, keeping the resources
// of one VPC together where it can (a topological sort that takes from the
// group it is in while that group has a resource ready), so that few
// references cross from one stack to another. groups gives the group of
// each resource of the order: a number for its VPC, -1 for none.
func dependencyOrder(rs *resources) (order, groups []int) {
	n := rs.len()
	// dependents[start[j]:start[j+1]] are the resources that reference j
	// (once for each reference), pending[i] the references of i to
	// resources not yet in the order.
	pending := rs.ints.make(n)
	start := rs.ints.make(n + 1)
	for i := range n {
		for _, r := range rs.all[i].links {
			if r.at >= 0 && r.at != i {
				pending[i]++
				start[r.at+1]++
			}
		}
	}
	for j := range n {
		start[j+1] += start[j]
	}
	dependents := rs.ints.make(start[n])
	fill := rs.ints.make(n)
	copy(fill, start[:n])
	for i := range n {
		for _, r := range rs.all[i].links {
			if r.at >= 0 && r.at != i {
				dependents[fill[r.at]] = i
				fill[r.at]++
			}
		}
	}
	// group: the VPC a resource belongs to, the first one reached through
	// its references; -1 for resources of no VPC. ready[g+1] holds the
	// ready resources of group g, in template order.
	group := rs.ints.make(n)
	for i := range group {
		group[i] = -2
	}
	ready := [][]int{nil}
	var groupOf func(i int) int
	groupOf = func(i int) int {
		if group[i] != -2 {
			return group[i]
		}
		group[i] = -1
		if rs.all[i].vpc {
			group[i] = len(ready) - 1
			ready = append(ready, nil)
			return group[i]
		}
		for _, r := range rs.all[i].links {
			if r.at < 0 {
				continue
			}
			if g := groupOf(r.at); g >= 0 {
				group[i] = g
				break
			}
		}
		return group[i]
	}
	push := func(i int) {
		g := groupOf(i)
		q := ready[g+1]
		k, _ := slices.BinarySearch(q, i)
		ready[g+1] = slices.Insert(q, k, i)
	}
	for i := range n {
		if pending[i] == 0 {
			push(i)
		}
	}
	order = rs.ints.make(n)[:0]
	groups = rs.ints.make(n)[:0]
	cur := -1
	for len(order) < n {
		if len(ready[cur+1]) == 0 {
			// The group whose next ready resource comes first in the
			// template.
			best, first := 0, n
			found := false
			for g, q := range ready {
				if len(q) > 0 && q[0] < first {
					best, first, found = g-1, q[0], true
				}
			}
			if !found {
				// A cycle, which a template cannot have: keep the rest
				// in template order rather than lose it.
				for i := range n {
					if pending[i] > 0 {
						order = append(order, i)
						groups = append(groups, -1)
					}
				}
				break
			}
			cur = best
		}
		q := ready[cur+1]
		i := q[0]
		ready[cur+1] = q[1:]
		order = append(order, i)
		groups = append(groups, cur)
		for _, j := range dependents[start[i]:start[i+1]] {
			if pending[j]--; pending[j] == 0 {
				push(j)
			}
		}
	}
	return order, groups
}

// subVars calls fn for each variable of an Fn::Sub string, in order: what
// `\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}` matches (the whole variable,
// its target and its attribute, "" for none). Scanned by hand: the regular
// expression cost ~6 M instructions an export of the base design, for the
// thousands of outputs and resources with an Fn::Sub.
func subVars(s string, fn func(whole, target, attr string)) {
	for i := 0; ; {
		k := strings.Index(s[i:], "${")
		if k < 0 {
			return
		}
		start := i + k
		j := start + 2
		for j < len(s) && isAlnum(s[j]) {
			j++
		}
		nameEnd, attrStart := j, j
		if j > start+2 && j < len(s) && s[j] == '.' {
			attrStart = j + 1
			for j = attrStart; j < len(s) && (isAlnum(s[j]) || s[j] == '.'); j++ {
			}
			if j == attrStart {
				j = -1 // "." with no attribute: no variable here
			}
		}
		if j > start+2 && j < len(s) && s[j] == '}' {
			fn(s[start:j+1], s[start+2:nameEnd], s[min(attrStart, j):j])
			i = j + 1
			continue
		}
		i = start + 1
	}
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// walkRefs calls fn for every reference in v: Ref, Fn::GetAtt, the
// variables of Fn::Sub and the names of DependsOn.
func walkRefs(v any, fn func(ref)) {
	switch x := v.(type) {
	case ref:
		fn(x)
	case *resource:
		for _, d := range x.dependsOn {
			fn(ref{target: d})
		}
		if x.props != nil {
			walkRefs(x.props, fn)
		}
	case *object:
		for _, m := range x.members {
			if s, ok := m.val.(string); ok && m.key == "Fn::Sub" && x.len() == 1 {
				subVars(s, func(_, target, attr string) { fn(ref{target, attr}) })
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

// A rewriter makes the references of a stack's resources to resources
// that are not local imports.
type rewriter struct {
	local    func(string) bool
	imported bool // whether it made an import for the stack
	// imports are the imports made, by what they import: one value for
	// all the references to a resource (the VPCs, route tables and groups
	// that thousands of resources reference), as nothing changes them.
	imports map[ref]any
}

// importOf returns importOf(target, attr), made once.
func (rw *rewriter) importOf(target, attr string) any {
	k := ref{target, attr}
	v, ok := rw.imports[k]
	if !ok {
		v = importOf(target, attr)
		rw.imports[k] = v
	}
	return v
}

// rewrite returns a copy of v in which references to resources that are
// not local become imports; it sets rw.imported when it made one.
func (rw *rewriter) rewrite(v any) any {
	local := rw.local
	switch x := v.(type) {
	case ref:
		if !local(x.target) {
			rw.imported = true
			return rw.importOf(x.target, x.attr)
		}
	case *object:
		if s, ok := x.get("Fn::Sub").(string); ok && x.len() == 1 {
			vars := newObject()
			subVars(s, func(whole, target, attr string) {
				if !local(target) {
					name := target + strings.ReplaceAll(attr, ".", "")
					s = strings.ReplaceAll(s, whole, "${"+name+"}")
					vars.set(name, rw.importOf(target, attr))
				}
			})
			if vars.len() > 0 {
				rw.imported = true
				return obj("Fn::Sub", []any{s, vars})
			}
		}
		var c *object // copied on the first change
		for i, m := range x.members {
			nv := rw.rewrite(m.val)
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
			nv := rw.rewrite(it)
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

func copyObject(o *object) *object {
	c := &object{members: make([]member, len(o.members))}
	copy(c.members, o.members)
	return c
}
