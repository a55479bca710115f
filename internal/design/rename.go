package design

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// Rename returns the ops that give resource old the ID new, as one batch:
// a put of the resource under its new ID, a put of every resource that
// references it (itself included, as a group's rule naming its own group)
// with those references changed, and the delete of the old ID. There is no
// rename op: a revision of these ops says exactly what changed, and undo
// reverts it like any other batch.
func Rename(d *Design, old, new string) ([]Op, error) {
	r, ok := d.Lookup(old)
	if !ok {
		return nil, fieldErrorf("id", ReasonDangling, "no resource with id %q to rename", old)
	}
	switch {
	case !ValidID(new):
		return nil, fieldErrorf("rename", ReasonInvalid, "%q is not an ID (letters, digits, . _ : -, starting with a letter or digit)", new)
	case new == old:
		return nil, fieldErrorf("rename", ReasonInvalid, "%q is already its ID", new)
	}
	if _, taken := d.Lookup(new); taken {
		return nil, fieldErrorf("rename", ReasonInvalid, "%q is taken", new)
	}
	renamed, err := replaceRefs(r, new, old, new)
	if err != nil {
		return nil, err
	}
	ops := []Op{Put(renamed)}
	var referrers []Resource
	d.Each(func(x Resource) {
		if x.ResourceID() != old && references(x, old) {
			referrers = append(referrers, x)
		}
	})
	byID := map[string]Resource{}
	for _, x := range referrers {
		y, err := replaceRefs(x, x.ResourceID(), old, new)
		if err != nil {
			return nil, err
		}
		byID[y.ResourceID()] = y
	}
	for _, id := range SortedIDs(byID) {
		ops = append(ops, Put(byID[id]))
	}
	return append(ops, Delete(r.Kind(), old)), nil
}

// replaceRefs returns a copy of r with the ID id whose references to old
// name new instead.
func replaceRefs(r Resource, id, old, new string) (Resource, error) {
	data, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	eachRef(r, func(f field, ref string, _ Kind, _ ...Kind) {
		if ref == old {
			setAt(v, f.String(), new)
		}
	})
	out, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	renamed, err := DecodeResource(r.Kind(), id, out)
	if err != nil {
		return nil, err
	}
	// The new ID may sort elsewhere in depends_on, which stays sorted.
	slices.Sort(renamed.base().DependsOn)
	return renamed, nil
}

// setAt sets the string at a field path such as ".routes[2].target.id"
// in a decoded JSON value.
func setAt(v any, path, s string) {
	var parts []string
	for _, p := range strings.Split(strings.TrimPrefix(path, "."), ".") {
		name, idx, hasIdx := strings.Cut(p, "[")
		parts = append(parts, name)
		if hasIdx {
			parts = append(parts, "["+strings.TrimSuffix(idx, "]"))
		}
	}
	cur := v
	for i, p := range parts {
		last := i == len(parts)-1
		if n, ok := strings.CutPrefix(p, "["); ok {
			list, _ := cur.([]any)
			k, err := strconv.Atoi(n)
			if err != nil || k < 0 || k >= len(list) {
				return
			}
			if last {
				list[k] = s
				return
			}
			cur = list[k]
			continue
		}
		m, _ := cur.(map[string]any)
		if m == nil {
			return
		}
		if last {
			m[p] = s
			return
		}
		cur = m[p]
	}
}
