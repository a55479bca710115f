// Package review compares two versions of a design as a reviewer asks:
// which resources were added, removed or changed (field by field), which
// findings appeared or disappeared, and which traffic became reachable or
// unreachable between which workloads, computed from the reachability
// matrix of each version. It is pure: the server, the CLI (vpcboard diff)
// and the designer all use it.
package review

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/reach"
	"github.com/vpcboard/vpcboard/internal/validate"
)

// Diff is what changed from one version of a design to another.
type Diff struct {
	Resources []ResourceChange `json:"resources"`
	Findings  FindingChanges   `json:"findings"`
	Reach     []ReachChange    `json:"reachability"`
	// OpensFromInternet: some traffic from the internet gets through that
	// did not before (the CI gate of vpcboard diff).
	OpensFromInternet bool `json:"opens_from_internet"`
}

// ResourceChange is one resource added, removed or changed.
type ResourceChange struct {
	Kind   design.Kind   `json:"kind"`
	ID     string        `json:"id"`
	Change string        `json:"change"` // added, removed, changed
	Fields []FieldChange `json:"fields,omitempty"`
}

// FieldChange is one field of a changed resource, by its path in the
// design file ("cidr", "rules[2].ports", "tags.Name"); Old or New is
// absent when the field was added or removed.
type FieldChange struct {
	Path string          `json:"path"`
	Old  json.RawMessage `json:"old,omitempty"`
	New  json.RawMessage `json:"new,omitempty"`
}

// FindingChanges are the findings of the new version the old did not
// have, and those of the old that are gone.
type FindingChanges struct {
	Appeared    []validate.Diagnostic `json:"appeared"`
	Disappeared []validate.Diagnostic `json:"disappeared"`
}

// ReachChange is what changed from one workload (or the internet) to
// another: the traffic that now gets through and did not (Opened), and
// that no longer does (Closed), in the matrix's compact form.
type ReachChange struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Opened string `json:"opened,omitempty"`
	Closed string `json:"closed,omitempty"`
	// Says it in a sentence: "now allows tcp 22 from the internet to
	// `bastion`", "`app` can no longer reach `db` on tcp 5432".
	Says string `json:"says"`
}

// Kind says whether the change opened traffic, closed it, or both
// ("opened", "closed", "changed").
func (c ReachChange) Kind() string {
	switch {
	case c.Closed == "":
		return "opened"
	case c.Opened == "":
		return "closed"
	}
	return "changed"
}

// Compare computes the diff from old to new. The two matrices are
// computed at once, on two cores where there are. When the change is only
// to security groups' rules, only the pairs of the workloads in those
// groups can have changed, and only those are computed (affected).
func Compare(old, new *design.Design) (Diff, error) { return compare(old, new, true) }

func compare(old, new *design.Design, mayNarrow bool) (Diff, error) {
	var d Diff
	d.Resources = resourceChanges(old, new)
	affected, narrow := groupMembers(old, new, d.Resources)
	narrow = narrow && mayNarrow
	var mOld, mNew reach.MatrixResult
	var errOld, errNew error
	matrix := func(x *design.Design) (reach.MatrixResult, error) {
		if narrow {
			return reach.New(x).MatrixAmong(affected)
		}
		return reach.Matrix(x)
	}
	var wg sync.WaitGroup
	wg.Go(func() { mOld, errOld = matrix(old) })
	wg.Go(func() { mNew, errNew = matrix(new) })
	d.Findings = findingChanges(old, new)
	wg.Wait()
	if err := cmp.Or(errOld, errNew); err != nil {
		return Diff{}, err
	}
	var err error
	d.Reach, err = reachChanges(mOld, mNew, narrow, affected)
	for _, c := range d.Reach {
		d.OpensFromInternet = d.OpensFromInternet || c.From == reach.Internet && c.Opened != ""
	}
	return d, err
}

// groupMembers says whether every change is to the rules of security
// groups (their ingress, egress, description or tags) whose only users
// are workloads, and returns those workloads, sorted. Then only pairs
// with one of them at an end can reach differently: memberships, routes,
// ACLs and gateways are as they were, and a rule naming a group as its
// peer depends on the group's members, not its rules.
func groupMembers(old, new *design.Design, changes []ResourceChange) ([]string, bool) {
	if len(changes) == 0 {
		return nil, false
	}
	var members []string
	for _, c := range changes {
		if c.Kind != design.KindSecurityGroup || c.Change != "changed" {
			return nil, false
		}
		for _, f := range c.Fields {
			top, _, _ := strings.Cut(f.Path, "[")
			top, _, _ = strings.Cut(top, ".")
			if top != "ingress" && top != "egress" && top != "description" && top != "tags" {
				return nil, false
			}
		}
		for _, d := range []*design.Design{old, new} {
			for _, ref := range d.Referrers(c.ID) {
				kind, rest, _ := strings.Cut(ref, "[")
				id, field, _ := strings.Cut(rest, "]")
				switch {
				case kind == string(design.KindWorkload):
					members = append(members, id)
				case kind == string(design.KindSecurityGroup) && (strings.HasPrefix(field, ".ingress") || strings.HasPrefix(field, ".egress")):
					// a peer reference: membership matters, not rules
				default:
					return nil, false // an endpoint's, or anything else's
				}
			}
		}
	}
	slices.Sort(members)
	return slices.Compact(members), true
}

// Changed says whether the diff has anything in it.
func (d Diff) Changed() bool {
	return len(d.Resources)+len(d.Findings.Appeared)+len(d.Findings.Disappeared)+len(d.Reach) > 0
}

// Marks are the IDs of the resources the diff touches, by change, for the
// diagram's overlay.
func (d Diff) Marks() map[string]string {
	m := map[string]string{}
	for _, r := range d.Resources {
		m[r.ID] = r.Change
	}
	return m
}

type keyed struct {
	kind design.Kind
	doc  []byte // the resource as design-file JSON
}

// resources returns every resource by ID, as its design-file JSON.
func resources(d *design.Design) map[string]keyed {
	out := map[string]keyed{}
	d.Each(func(r design.Resource) {
		data, err := json.Marshal(r)
		if err == nil {
			out[r.ResourceID()] = keyed{r.Kind(), data}
		}
	})
	return out
}

func resourceChanges(old, new *design.Design) []ResourceChange {
	var a, b map[string]keyed
	var wg sync.WaitGroup
	wg.Go(func() { a = resources(old) })
	b = resources(new)
	wg.Wait()
	var out []ResourceChange
	for id, ra := range a {
		rb, ok := b[id]
		switch {
		case !ok:
			out = append(out, ResourceChange{Kind: ra.kind, ID: id, Change: "removed"})
		case ra.kind != rb.kind:
			out = append(out, ResourceChange{Kind: ra.kind, ID: id, Change: "removed"},
				ResourceChange{Kind: rb.kind, ID: id, Change: "added"})
		case !bytes.Equal(ra.doc, rb.doc):
			// Only what differs is read field by field.
			var va, vb any
			json.Unmarshal(ra.doc, &va)
			json.Unmarshal(rb.doc, &vb)
			if fields := fieldChanges("", va, vb); len(fields) > 0 {
				out = append(out, ResourceChange{Kind: rb.kind, ID: id, Change: "changed", Fields: fields})
			}
		}
	}
	for id, rb := range b {
		if _, ok := a[id]; !ok {
			out = append(out, ResourceChange{Kind: rb.kind, ID: id, Change: "added"})
		}
	}
	slices.SortFunc(out, func(x, y ResourceChange) int {
		return cmp.Or(cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.ID, y.ID), cmp.Compare(x.Change, y.Change))
	})
	return out
}

// fieldChanges compares two JSON values, descending into objects and
// lists.
func fieldChanges(path string, a, b any) []FieldChange {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		keys := map[string]bool{}
		for k := range am {
			keys[k] = true
		}
		for k := range bm {
			keys[k] = true
		}
		var names []string
		for k := range keys {
			names = append(names, k)
		}
		sort.Strings(names)
		var out []FieldChange
		for _, k := range names {
			p := k
			if path != "" {
				p = path + "." + k
			}
			va, ina := am[k]
			vb, inb := bm[k]
			switch {
			case !ina:
				out = append(out, FieldChange{Path: p, New: raw(vb)})
			case !inb:
				out = append(out, FieldChange{Path: p, Old: raw(va)})
			default:
				out = append(out, fieldChanges(p, va, vb)...)
			}
		}
		return out
	}
	al, aok := a.([]any)
	bl, bok := b.([]any)
	if aok && bok {
		// Element by element; what one list has beyond the other's end
		// was added or removed.
		var out []FieldChange
		for i := range max(len(al), len(bl)) {
			p := fmt.Sprintf("%s[%d]", path, i)
			switch {
			case i >= len(al):
				out = append(out, FieldChange{Path: p, New: raw(bl[i])})
			case i >= len(bl):
				out = append(out, FieldChange{Path: p, Old: raw(al[i])})
			default:
				out = append(out, fieldChanges(p, al[i], bl[i])...)
			}
		}
		return out
	}
	if ra, rb := raw(a), raw(b); !bytes.Equal(ra, rb) {
		return []FieldChange{{Path: path, Old: ra, New: rb}}
	}
	return nil
}

func raw(v any) json.RawMessage {
	data, _ := json.Marshal(v) // from json.Unmarshal: always marshals, with sorted keys
	return data
}

func findingChanges(old, new *design.Design) FindingChanges {
	cfg := validate.Config{Quotas: validate.DefaultQuotas}
	a, b := validate.Validate(old, cfg), validate.Validate(new, cfg)
	key := func(d validate.Diagnostic) string { return d.Code + "\x00" + d.Path + "\x00" + d.Message }
	in := func(list []validate.Diagnostic) map[string]bool {
		m := map[string]bool{}
		for _, d := range list {
			m[key(d)] = true
		}
		return m
	}
	ka, kb := in(a), in(b)
	out := FindingChanges{Appeared: []validate.Diagnostic{}, Disappeared: []validate.Diagnostic{}}
	for _, d := range b {
		if !ka[key(d)] {
			out.Appeared = append(out.Appeared, d)
		}
	}
	for _, d := range a {
		if !kb[key(d)] {
			out.Disappeared = append(out.Disappeared, d)
		}
	}
	return out
}

func reachChanges(a, b reach.MatrixResult, narrow bool, affected []string) ([]ReachChange, error) {
	names := append(slices.Clone(a.Names()), b.Names()...)
	slices.Sort(names)
	names = slices.Compact(names)
	// Positions in each matrix (-1: not in that version: nothing allowed).
	ia, ib := make([]int, len(names)), make([]int, len(names))
	hot := make([]bool, len(names)) // with narrow, the pairs to look at have one of these
	for k, n := range names {
		ia[k], ib[k] = -1, -1
		if i, ok := a.Index(n); ok {
			ia[k] = i
		}
		if i, ok := b.Index(n); ok {
			ib[k] = i
		}
		_, hot[k] = slices.BinarySearch(affected, n)
	}
	// Many pairs share their traffic: subtract each distinct couple once.
	type couple struct{ old, new string }
	memo := map[couple][2]string{}
	out := []ReachChange{}
	for x, from := range names {
		for y, to := range names {
			if x == y || from == reach.Internet && to == reach.Internet || narrow && !hot[x] && !hot[y] {
				continue
			}
			var c couple
			if ia[x] >= 0 && ia[y] >= 0 {
				c.old = a.At(ia[x], ia[y]).Allowed
			}
			if ib[x] >= 0 && ib[y] >= 0 {
				c.new = b.At(ib[x], ib[y]).Allowed
			}
			if c.old == c.new {
				continue
			}
			d, ok := memo[c]
			if !ok {
				to1, err := reach.ParseTraffic(c.old)
				if err != nil {
					return nil, err
				}
				tn, err := reach.ParseTraffic(c.new)
				if err != nil {
					return nil, err
				}
				d = [2]string{tn.Minus(to1).String(), to1.Minus(tn).String()}
				memo[c] = d
			}
			rc := ReachChange{From: from, To: to, Opened: d[0], Closed: d[1]}
			rc.Says = says(rc)
			out = append(out, rc)
		}
	}
	return out, nil
}

func name(n string) string {
	if n == reach.Internet {
		return "the internet"
	}
	return "`" + n + "`"
}

func says(c ReachChange) string {
	switch {
	case c.Opened != "" && c.Closed != "":
		return fmt.Sprintf("now allows %s from %s to %s, and no longer %s", c.Opened, name(c.From), name(c.To), c.Closed)
	case c.Opened != "":
		return fmt.Sprintf("now allows %s from %s to %s", c.Opened, name(c.From), name(c.To))
	}
	return fmt.Sprintf("%s can no longer reach %s on %s", name(c.From), name(c.To), c.Closed)
}
