package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/vpcboard/vpcboard/internal/design"
)

const lastChanges = `SELECT resource_id, version FROM resource_versions
WHERE design_id = $1 AND resource_id = ANY($2)`

// Revert undoes revision v of a design as a new revision, on behalf of
// author: each resource v put or deleted goes back to what it was before
// v. It is refused with a *ConflictError, and nothing is written, when one
// of those resources is no longer as v left it: someone changed it since,
// and reverting would throw their change away unseen. What counts is the
// resource's state, not its history: a later change that was itself
// reverted does not stand in the way (two undos in a row), and reverting a
// revert redoes. A missing revision gives ErrNotFound; one that changed
// nothing, a *NothingToDoError.
func (s *Store) Revert(ctx context.Context, id string, v int64, author string) (Revision, error) {
	rev, err := s.Revision(ctx, id, v)
	if err != nil {
		return Revision{}, err
	}
	if v < 2 {
		return Revision{}, &NothingToDoError{Msg: "version 1 made the design: there is nothing before it to go back to"}
	}
	before, err := s.DesignAt(ctx, id, v-1)
	if err != nil {
		return Revision{}, err
	}
	ops := inverse(before, rev.Ops)
	if len(ops) == 0 {
		return Revision{}, &NothingToDoError{Msg: fmt.Sprintf("version %d changed nothing", v)}
	}
	after, err := copyDesign(before)
	if err != nil {
		return Revision{}, fmt.Errorf("store: revert version %d of %s: %w", v, id, err)
	}
	if err := design.Apply(after, rev.Ops...); err != nil {
		return Revision{}, fmt.Errorf("store: revert version %d of %s: revision does not apply: %w", v, id, err)
	}
	info, now, err := s.Design(ctx, id)
	if err != nil {
		return Revision{}, err
	}
	touched := touchedIDs(rev.Ops)
	var moved []string
	for _, rid := range touched {
		same, err := sameResource(after, now, rid)
		if err != nil {
			return Revision{}, fmt.Errorf("store: revert version %d of %s: %w", v, id, err)
		}
		if !same {
			moved = append(moved, rid)
		}
	}
	if len(moved) > 0 {
		ce, err := s.conflictOf(ctx, id, info.Version, moved, now)
		if err != nil {
			return Revision{}, fmt.Errorf("store: revert version %d of %s: %w", v, id, err)
		}
		return Revision{}, fmt.Errorf("store: revert version %d of %s: %w", v, id, ce)
	}
	// From the version just read: a change of these resources in between
	// is a conflict of the apply.
	return s.apply(ctx, id, info.Version, ops, author, "")
}

// inverse returns the ops that take the resources ops touch back to what
// they were in before: a put of the resource before held, a delete of one
// it lacked.
func inverse(before *design.Design, ops []design.Op) []design.Op {
	out := make([]design.Op, 0, len(ops))
	seen := map[string]bool{}
	for i := len(ops) - 1; i >= 0; i-- {
		o := ops[i]
		if seen[o.ID] {
			continue
		}
		seen[o.ID] = true
		if r, ok := before.Lookup(o.ID); ok {
			out = append(out, design.Put(r))
		} else {
			out = append(out, design.Op{Op: design.OpDelete, Kind: o.Kind, ID: o.ID})
		}
	}
	return out
}

// sameResource reports whether a and b hold resource id alike: both lack
// it, or both have it with the same value.
func sameResource(a, b *design.Design, id string) (bool, error) {
	x, inA := a.Lookup(id)
	y, inB := b.Lookup(id)
	if !inA || !inB {
		return inA == inB, nil
	}
	jx, err := json.Marshal(x)
	if err != nil {
		return false, err
	}
	jy, err := json.Marshal(y)
	if err != nil {
		return false, err
	}
	return string(jx) == string(jy), nil
}

// conflictOf is the *ConflictError of resources ids of a design at
// version: their current state in d and the version that last changed
// each.
func (s *Store) conflictOf(ctx context.Context, id string, version int64, ids []string, d *design.Design) (*ConflictError, error) {
	rows, err := s.pool.Query(ctx, lastChanges, id, ids)
	if err != nil {
		return nil, err
	}
	last := map[string]int64{}
	var rid string
	var v int64
	if _, err := pgx.ForEachRow(rows, []any{&rid, &v}, func() error { last[rid] = v; return nil }); err != nil {
		return nil, err
	}
	ce := &ConflictError{Version: version, Current: map[string]json.RawMessage{}, Changed: map[string]int64{}}
	for _, rid := range ids {
		ce.Changed[rid] = last[rid]
		ce.Current[rid] = json.RawMessage("null")
		if r, ok := d.Lookup(rid); ok {
			data, err := json.Marshal(r)
			if err != nil {
				return nil, err
			}
			ce.Current[rid] = data
		}
	}
	return ce, nil
}

// copyDesign returns a copy of d that shares nothing with it.
func copyDesign(d *design.Design) (*design.Design, error) {
	data, err := design.Marshal(d)
	if err != nil {
		return nil, err
	}
	return design.DecodeBytes(data)
}
