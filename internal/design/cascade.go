package design

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Expand returns ops ready to apply to d: deletes without a kind get the
// kind of the resource they name, and cascading deletes become the ops of
// CascadeDelete. Applying the expanded ops needs no further knowledge of
// d, so they are what a revision records.
func Expand(d *Design, ops []Op) ([]Op, error) {
	need := false
	for _, o := range ops {
		need = need || o.Op == OpDelete && (o.Kind == "" || o.Cascade)
	}
	if !need {
		return ops, nil
	}
	out := make([]Op, 0, len(ops))
	for i, o := range ops {
		if o.Op != OpDelete {
			out = append(out, o)
			continue
		}
		if o.Kind == "" {
			r, ok := d.Lookup(o.ID)
			if !ok {
				return nil, fieldErrorf(fmt.Sprintf("ops[%d].id", i), ReasonDangling, "no resource with id %q to delete", o.ID)
			}
			o.Kind = r.Kind()
		}
		if !o.Cascade {
			out = append(out, o)
			continue
		}
		more, err := CascadeDelete(d, o.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	return out, nil
}

// CascadeDelete returns the ops that delete resource id and everything
// that cannot do without it. A reference in a list goes from the list (a
// subnet from a route table's associations, a group from a workload's
// groups, a route to a deleted target, a rule naming a deleted group); a
// resource left invalid without the reference (a subnet without its VPC,
// a NAT gateway without its subnet) is deleted in turn, and so on. The ops
// put the changed referrers first, then delete, each sorted by ID.
func CascadeDelete(d *Design, id string) ([]Op, error) {
	r, ok := d.Lookup(id)
	if !ok {
		return nil, fieldErrorf("id", ReasonDangling, "no resource with id %q to delete", id)
	}
	deleted := map[string]Kind{id: r.Kind()}
	changed := map[string]Resource{}
	queue := []string{id}
	current := func(x Resource) Resource {
		if c, ok := changed[x.ResourceID()]; ok {
			return c
		}
		return x
	}
	for len(queue) > 0 {
		gone := queue[0]
		queue = queue[1:]
		var referrers []Resource
		d.Each(func(x Resource) {
			if _, del := deleted[x.ResourceID()]; !del && references(current(x), gone) {
				referrers = append(referrers, current(x))
			}
		})
		for _, x := range referrers {
			y, ok := without(x, gone)
			if !ok {
				deleted[x.ResourceID()] = x.Kind()
				delete(changed, x.ResourceID())
				queue = append(queue, x.ResourceID())
				continue
			}
			changed[x.ResourceID()] = y
		}
	}
	var ops []Op
	for _, cid := range SortedIDs(changed) {
		ops = append(ops, Put(changed[cid]))
	}
	for _, did := range SortedIDs(deleted) {
		ops = append(ops, Delete(deleted[did], did))
	}
	return ops, nil
}

// references reports whether r names id.
func references(r Resource, id string) bool {
	found := false
	eachRef(r, func(_ field, ref string, _ Kind, _ ...Kind) { found = found || ref == id })
	return found
}

// without returns a copy of r without its references to id, or false
// when r cannot do without them: removing one leaves r with a structural
// problem it did not have.
func without(r Resource, id string) (Resource, bool) {
	before := problems(r)
	cur := r
	for references(cur, id) {
		var at field
		eachRef(cur, func(f field, ref string, _ Kind, _ ...Kind) {
			if ref == id {
				at = f // the last one, so that list indices stay valid
			}
		})
		next, ok := removeField(cur, at)
		if !ok {
			return nil, false
		}
		cur = next
	}
	if problems(cur) > before {
		return nil, false
	}
	return cur, true
}

func problems(r Resource) int {
	c := &checker{}
	c.checkValues(r)
	return len(c.errs)
}

// removeField returns a copy of r without the field at: the item of the
// first list on its path (a route, a rule, a subnet of a list), or the
// field itself when no list is on it.
func removeField(r Resource, at field) (Resource, bool) {
	data, err := json.Marshal(r)
	if err != nil {
		return nil, false
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, false
	}
	name := strings.TrimPrefix(at.name, ".")
	if at.i >= 0 {
		list, ok := v[name].([]any)
		if !ok || at.i >= len(list) {
			return nil, false
		}
		v[name] = append(list[:at.i:at.i], list[at.i+1:]...)
	} else if strings.Contains(name, ".") || strings.Contains(name, "[") {
		// A path such as ".interfaces[0].subnet" is formatted into name
		// by item(p.String()+...): find its first list.
		head, rest, _ := strings.Cut(name, "[")
		idx, _, _ := strings.Cut(rest, "]")
		i, err := strconv.Atoi(idx)
		list, ok := v[head].([]any)
		if err != nil || !ok || i >= len(list) {
			return nil, false
		}
		v[head] = append(list[:i:i], list[i+1:]...)
	} else {
		delete(v, name)
	}
	out, err := json.Marshal(v)
	if err != nil {
		return nil, false
	}
	next, err := DecodeResource(r.Kind(), r.ResourceID(), out)
	if err != nil {
		return nil, false
	}
	return next, true
}

// Referrers returns the paths of the fields that reference id
// ("route-table[rt-a].subnets[0]"), sorted.
func (d *Design) Referrers(id string) []string {
	ov := overlay{d: d, put: map[string]Resource{}, del: map[string]bool{}}
	return ov.referrers(id)
}
