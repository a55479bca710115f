package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vpcboard/vpcboard/internal/design"
)

// Revision is one version of a design: who made it, when, and how.
type Revision struct {
	Version int64       `json:"version"`
	Author  string      `json:"author"`
	Time    time.Time   `json:"time"`
	Summary string      `json:"summary"`
	Ops     []design.Op `json:"ops"`
}

// ConflictError is an edit refused because resources it touches changed
// after its base version. Current holds their state now (null for a
// resource deleted since), in the design file format.
type ConflictError struct {
	Version int64                      // the design's current version
	Current map[string]json.RawMessage // resource ID -> current value or null
	Changed map[string]int64           // resource ID -> the version that changed it
}

// Error names the resources.
func (e *ConflictError) Error() string {
	ids := make([]string, 0, len(e.Changed))
	for id := range e.Changed {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return fmt.Sprintf("changed since the base version by a later edit: %s (now at version %d)", strings.Join(ids, ", "), e.Version)
}

// Is reports whether target is ErrConflict.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// BaseError is an edit whose base version is not a version of the design.
type BaseError struct{ Base, Version int64 }

func (e *BaseError) Error() string {
	return fmt.Sprintf("base_version %d is not a version of the design (it is at %d)", e.Base, e.Version)
}

// lockDesign locks a design's row and reads its version, and its document
// unless the version is $2, the one whose document the cache holds.
const lockDesign = `SELECT version, CASE WHEN version = $2 THEN NULL ELSE document END
FROM designs WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`

const changedSince = `SELECT resource_id, version FROM resource_versions
WHERE design_id = $1 AND resource_id = ANY($2) AND version > $3`

const updateDesign = `UPDATE designs SET version = $2, document = $3, name = $4, updated_at = now() WHERE id = $1`

const touch = `INSERT INTO resource_versions (design_id, resource_id, version)
SELECT $1, unnest($2::text[]), $3
ON CONFLICT (design_id, resource_id) DO UPDATE SET version = excluded.version`

// Apply applies a batch of ops to a design in one transaction, on behalf
// of author, and returns the new revision. base is the version the author
// edited: if a resource an op touches was changed after base, nothing is
// written and the error is a *ConflictError; edits of other resources
// since base do not matter. An op the design refuses gives its
// *design.FieldError and writes nothing. Ops on a missing design give
// ErrNotFound. The store keeps the resources of put ops (in the document
// it keeps decoded for the next edit): the caller must not change them.
func (s *Store) Apply(ctx context.Context, id string, base int64, ops []design.Op, author string) (Revision, error) {
	return s.apply(ctx, id, base, ops, author, "")
}

// apply is Apply with a summary of its own ("" says what the ops do).
func (s *Store) apply(ctx context.Context, id string, base int64, ops []design.Op, author, summary string) (Revision, error) {
	var rev Revision
	// d is the document the edit changes, taken from the cache or decoded;
	// kept says the version it is when it goes back to the cache.
	var d *design.Design
	var kept int64
	var size int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// The lock, and the resources the ops name that changed after
		// base, in one round trip: the second statement's snapshot is
		// taken once the first holds the lock, so it sees every edit
		// committed before this one.
		var version int64
		var doc []byte
		var changed []change
		var lb pgx.Batch
		lb.Queue(lockDesign, id, max(s.docs.version(id), s.shared.version(id))).QueryRow(func(row pgx.Row) error { return row.Scan(&version, &doc) })
		named := touchedIDs(ops)
		lb.Queue(changedSince, id, named, base).Query(func(rows pgx.Rows) error {
			var err error
			changed, err = pgx.CollectRows(rows, scanChange)
			return err
		})
		err := tx.SendBatch(ctx, &lb).Close()
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("design %s: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if d, size = s.docs.take(id, version); d == nil {
			// The version its readers share (the page's first edit).
			d, size = s.shared.get(id, version)
		}
		if d == nil {
			if doc == nil {
				// The cache lost the version between the two looks.
				if err := tx.QueryRow(ctx, `SELECT document FROM designs WHERE id = $1`, id).Scan(&doc); err != nil {
					return err
				}
			}
			s.decodes.Add(1)
			if d, err = design.DecodeBytes(doc); err != nil {
				return fmt.Errorf("stored document: %w", err)
			}
			size = int64(len(doc))
		}
		kept = version
		if base < 1 || base > version {
			return &BaseError{Base: base, Version: version}
		}
		if ops, err = design.Expand(d, ops); err != nil {
			return err
		}
		touched := touchedIDs(ops)
		if more := notIn(touched, named); len(more) > 0 && base < version {
			// Cascades and kinds the expansion added.
			rows, err := tx.Query(ctx, changedSince, id, more, base)
			if err != nil {
				return err
			}
			extra, err := pgx.CollectRows(rows, scanChange)
			if err != nil {
				return err
			}
			changed = append(changed, extra...)
		}
		if len(changed) > 0 {
			return conflictError(version, changed, d)
		}
		before := existing(d, touched)
		// On a copy: d may be the version's shared document (DesignShared).
		after := d.Shallow()
		if err := design.Apply(after, ops...); err != nil {
			return err // d is unchanged
		}
		d, kept = after, 0 // changed, and not committed yet
		next, err := design.MarshalCompact(d)
		if err != nil {
			return err
		}
		size = int64(len(next))
		if summary == "" {
			summary = summarize(ops, before)
		}
		rev = Revision{Version: version + 1, Author: author, Summary: summary, Ops: ops}
		rawOps, err := json.Marshal(ops)
		if err != nil {
			return err
		}
		var snapshot []byte
		if rev.Version%SnapshotEvery == 0 {
			snapshot = next
		}
		// The writes go in one round trip.
		var b pgx.Batch
		b.Queue(updateDesign, id, rev.Version, next, d.Name)
		b.Queue(insertRevision, id, rev.Version, author, rev.Summary, rawOps, snapshot).QueryRow(func(row pgx.Row) error {
			return row.Scan(&rev.Time)
		})
		b.Queue(touch, id, touched, rev.Version)
		b.Queue(`SELECT pg_notify($1, $2)`, Channel(id), fmt.Sprint(rev.Version))
		if err := tx.SendBatch(ctx, &b).Close(); err != nil {
			return err
		}
		if s.afterWrite != nil {
			return s.afterWrite(ctx, tx)
		}
		return nil
	})
	if err == nil {
		kept = rev.Version
		// The readers of the new version (the edit's answer, every
		// viewer's live update) share it undecoded: no edit changes a
		// document in place.
		s.shared.put(id, kept, d, size)
	}
	if d != nil && kept > 0 {
		s.docs.put(id, kept, d, size)
	}
	if err != nil {
		return Revision{}, fmt.Errorf("store: apply to design %s: %w", id, err)
	}
	return rev, nil
}

// touchedIDs returns the IDs the ops put or delete, sorted, once each.
func touchedIDs(ops []design.Op) []string {
	ids := make([]string, 0, len(ops))
	for _, o := range ops {
		ids = append(ids, o.ID)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// existing reports which of ids the design holds now.
func existing(d *design.Design, ids []string) map[string]bool {
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		_, out[id] = d.Lookup(id)
	}
	return out
}

// change is a resource changed after an edit's base version: its ID and
// the version that last changed it.
type change struct {
	id string
	v  int64
}

func scanChange(row pgx.CollectableRow) (change, error) {
	var c change
	err := row.Scan(&c.id, &c.v)
	return c, err
}

// notIn returns the IDs of ids (sorted) that are not in of (sorted).
func notIn(ids, of []string) []string {
	var out []string
	for _, id := range ids {
		if _, ok := slices.BinarySearch(of, id); !ok {
			out = append(out, id)
		}
	}
	return out
}

// conflictError is the *ConflictError of resources changed after an
// edit's base, with their state in d, the design at version.
func conflictError(version int64, changed []change, d *design.Design) error {
	ce := &ConflictError{Version: version, Current: map[string]json.RawMessage{}, Changed: map[string]int64{}}
	for _, c := range changed {
		ce.Changed[c.id] = c.v
		ce.Current[c.id] = json.RawMessage("null")
		if r, ok := d.Lookup(c.id); ok {
			v, err := json.Marshal(r)
			if err != nil {
				return err
			}
			ce.Current[c.id] = v
		}
	}
	return ce
}

// summarize says in one line what the ops did: "added subnet app-c",
// "changed 3 resources: ...".
func summarize(ops []design.Op, before map[string]bool) string {
	parts := make([]string, 0, len(ops))
	for _, o := range ops {
		verb := "changed"
		switch {
		case o.Op == design.OpDelete:
			verb = "deleted"
		case !before[o.ID]:
			verb = "added"
		}
		parts = append(parts, fmt.Sprintf("%s %s %s", verb, o.Kind, o.ID))
	}
	switch {
	case len(parts) == 0:
		return "no change"
	case len(parts) == 1:
		return parts[0]
	case len(parts) > 5:
		return fmt.Sprintf("%d changes: %s, ...", len(parts), strings.Join(parts[:5], ", "))
	}
	return fmt.Sprintf("%d changes: %s", len(parts), strings.Join(parts, ", "))
}

const listRevisions = `SELECT version, author, created_at, summary, ops FROM revisions
WHERE design_id = $1 AND version > $2 ORDER BY version LIMIT $3`

// Revisions returns the revisions of a design, oldest first.
func (s *Store) Revisions(ctx context.Context, id string) ([]Revision, error) {
	return s.revisions(ctx, id, 0, 1<<62)
}

// RevisionsAfter returns the revisions of a design after version v, oldest
// first, at most limit of them (the rest come on the next call). A
// deleted design gives ErrNotFound.
func (s *Store) RevisionsAfter(ctx context.Context, id string, v int64, limit int) ([]Revision, error) {
	return s.revisions(ctx, id, v, int64(limit))
}

func (s *Store) revisions(ctx context.Context, id string, after, limit int64) ([]Revision, error) {
	if err := s.pool.QueryRow(ctx, `SELECT 1 FROM designs WHERE id = $1 AND deleted_at IS NULL`, id).Scan(new(int)); errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("store: design %s: %w", id, ErrNotFound)
	}
	rows, err := s.pool.Query(ctx, listRevisions, id, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: revisions of %s: %w", id, err)
	}
	out, err := pgx.CollectRows(rows, scanRevision)
	if err != nil {
		return nil, fmt.Errorf("store: revisions of %s: %w", id, err)
	}
	return out, nil
}

// Revision returns revision v of a design.
func (s *Store) Revision(ctx context.Context, id string, v int64) (Revision, error) {
	rows, err := s.pool.Query(ctx, `SELECT r.version, r.author, r.created_at, r.summary, r.ops FROM revisions r
JOIN designs d ON d.id = r.design_id AND d.deleted_at IS NULL WHERE r.design_id = $1 AND r.version = $2`, id, v)
	if err != nil {
		return Revision{}, fmt.Errorf("store: revision %d of %s: %w", v, id, err)
	}
	rev, err := pgx.CollectExactlyOneRow(rows, scanRevision)
	if errors.Is(err, pgx.ErrNoRows) {
		return Revision{}, fmt.Errorf("store: revision %d of %s: %w", v, id, ErrNotFound)
	}
	if err != nil {
		return Revision{}, fmt.Errorf("store: revision %d of %s: %w", v, id, err)
	}
	return rev, nil
}

func scanRevision(row pgx.CollectableRow) (Revision, error) {
	var r Revision
	var raw []byte
	if err := row.Scan(&r.Version, &r.Author, &r.Time, &r.Summary, &raw); err != nil {
		return r, err
	}
	if err := json.Unmarshal(raw, &r.Ops); err != nil {
		return r, err
	}
	if r.Ops == nil {
		r.Ops = []design.Op{}
	}
	return r, nil
}
