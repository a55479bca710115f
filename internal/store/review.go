package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vpcboard/vpcboard/internal/design"
)

// Restore makes version v of a design current again, as a new revision
// (nothing is rewritten): the ops that turn the current document into v's
// resources, on behalf of author. base is the version the author saw.
func (s *Store) Restore(ctx context.Context, id string, base, v int64, author string) (Revision, error) {
	old, err := s.DesignAt(ctx, id, v)
	if err != nil {
		return Revision{}, err
	}
	_, cur, err := s.Design(ctx, id)
	if err != nil {
		return Revision{}, err
	}
	ops := design.OpsTo(cur, old)
	if len(ops) == 0 {
		return Revision{}, &NothingToDoError{Msg: fmt.Sprintf("the design is already as version %d was", v)}
	}
	return s.apply(ctx, id, base, ops, author, fmt.Sprintf("restored version %d", v))
}

// NothingToDoError refuses a change that would change nothing.
type NothingToDoError struct{ Msg string }

func (e *NothingToDoError) Error() string { return e.Msg }

// NameVersion gives version v of a design a name ("approved
// 2026-11-30"); a name names one version (naming another moves it).
func (s *Store) NameVersion(ctx context.Context, id string, v int64, name, by string) error {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return &design.FieldError{Path: "name", Msg: "a version's name has 1 to 100 characters"}
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO version_names (design_id, name, version, created_by)
		SELECT $1, $2, $3, $4 FROM designs WHERE id = $1 AND deleted_at IS NULL AND version >= $3 AND $3 >= 1
		ON CONFLICT (design_id, name) DO UPDATE SET version = EXCLUDED.version, created_by = EXCLUDED.created_by, created_at = now()`,
		id, name, v, by)
	if err != nil {
		return fmt.Errorf("store: name version: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("design %s version %d: %w", id, v, ErrNotFound)
	}
	return nil
}

// VersionNames returns the names of a design's versions, by version.
func (s *Store) VersionNames(ctx context.Context, id string) (map[int64][]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT version, name FROM version_names WHERE design_id = $1 ORDER BY version, name`, id)
	if err != nil {
		return nil, fmt.Errorf("store: version names: %w", err)
	}
	out := map[int64][]string{}
	var v int64
	var name string
	_, err = pgx.ForEachRow(rows, []any{&v, &name}, func() error {
		out[v] = append(out[v], name)
		return nil
	})
	return out, err
}

// VersionByName returns the version a name names.
func (s *Store) VersionByName(ctx context.Context, id, name string) (int64, error) {
	var v int64
	err := s.pool.QueryRow(ctx, `SELECT version FROM version_names WHERE design_id = $1 AND name = $2`, id, name).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("design %s version named %q: %w", id, name, ErrNotFound)
	}
	return v, err
}

// Comment is one comment of a design: on a resource (or the whole design
// when Resource is ""), a reply when Parent is set.
type Comment struct {
	ID         int64      `json:"id"`
	Version    int64      `json:"version"`
	Resource   string     `json:"resource,omitempty"`
	Parent     *int64     `json:"parent,omitempty"`
	Author     string     `json:"author"`
	Body       string     `json:"body"`
	Resolved   bool       `json:"resolved"`
	ResolvedBy string     `json:"resolved_by,omitempty"`
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
	Time       time.Time  `json:"time"`
}

// EventsChannel is the NOTIFY channel of a design's other events
// (comments), which live rooms pass on to their viewers as they come.
func EventsChannel(designID string) string { return "events_" + designID }

// AddComment stores a comment at the design's current version and tells
// the design's viewers. A reply goes on the thread of its parent.
func (s *Store) AddComment(ctx context.Context, designID string, c Comment) (Comment, error) {
	c.Body = strings.TrimSpace(c.Body)
	if c.Body == "" || len(c.Body) > 10000 {
		return Comment{}, &design.FieldError{Path: "body", Msg: "a comment has 1 to 10,000 characters"}
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var d *design.Design
		var doc []byte
		if err := tx.QueryRow(ctx, `SELECT version, document FROM designs WHERE id = $1 AND deleted_at IS NULL`, designID).Scan(&c.Version, &doc); errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("design %s: %w", designID, ErrNotFound)
		} else if err != nil {
			return err
		}
		if c.Parent != nil {
			var res string
			if err := tx.QueryRow(ctx, `SELECT resource FROM comments WHERE id = $1 AND design_id = $2 AND parent_id IS NULL`, *c.Parent, designID).Scan(&res); errors.Is(err, pgx.ErrNoRows) {
				return &design.FieldError{Path: "parent", Msg: fmt.Sprintf("no thread %d on this design", *c.Parent)}
			} else if err != nil {
				return err
			}
			c.Resource = res
		} else if c.Resource != "" {
			var err error
			if d, err = design.DecodeBytes(doc); err != nil {
				return err
			}
			if _, ok := d.Lookup(c.Resource); !ok {
				return &design.FieldError{Path: "resource", Msg: fmt.Sprintf("no resource %q in the design", c.Resource)}
			}
		}
		if err := tx.QueryRow(ctx, `INSERT INTO comments (design_id, version, resource, parent_id, author, body) VALUES ($1, $2, $3, $4, $5, $6)
			RETURNING id, created_at`, designID, c.Version, c.Resource, c.Parent, c.Author, c.Body).Scan(&c.ID, &c.Time); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, EventsChannel(designID), fmt.Sprintf(`{"type":"comment","id":%d}`, c.ID))
		return err
	})
	var fe *design.FieldError
	if errors.As(err, &fe) {
		return Comment{}, fe
	}
	if err != nil {
		return Comment{}, fmt.Errorf("store: comment: %w", err)
	}
	return c, nil
}

// Comments lists a design's comments, oldest first.
func (s *Store) Comments(ctx context.Context, designID string) ([]Comment, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, version, resource, parent_id, author, body, resolved, resolved_by, resolved_at, created_at
		FROM comments WHERE design_id = $1 ORDER BY id`, designID)
	if err != nil {
		return nil, fmt.Errorf("store: comments: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Comment, error) {
		var c Comment
		err := row.Scan(&c.ID, &c.Version, &c.Resource, &c.Parent, &c.Author, &c.Body, &c.Resolved, &c.ResolvedBy, &c.ResolvedAt, &c.Time)
		return c, err
	})
}

// ResolveComment resolves (or reopens) a thread, by who.
func (s *Store) ResolveComment(ctx context.Context, designID string, id int64, resolved bool, by string) error {
	tag, err := s.pool.Exec(ctx, `UPDATE comments SET resolved = $3, resolved_by = CASE WHEN $3 THEN $4 ELSE '' END,
		resolved_at = CASE WHEN $3 THEN now() END WHERE design_id = $1 AND id = $2 AND parent_id IS NULL`, designID, id, resolved, by)
	if err != nil {
		return fmt.Errorf("store: resolve comment: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("comment %d: %w", id, ErrNotFound)
	}
	return s.event(ctx, designID, "comment", id)
}

// event tells a design's viewers that a comment or review changed.
func (s *Store) event(ctx context.Context, designID, kind string, id int64) error {
	if _, err := s.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, EventsChannel(designID), fmt.Sprintf(`{"type":%q,"id":%d}`, kind, id)); err != nil {
		return fmt.Errorf("store: notify %s: %w", kind, err)
	}
	return nil
}

// Review asks for verdicts on the changes of a design since BaseVersion.
type Review struct {
	ID          int64     `json:"id"`
	BaseVersion int64     `json:"base_version"`
	BaseName    string    `json:"base_name,omitempty"`
	RequestedBy string    `json:"requested_by"`
	RequesterID int64     `json:"-"` // the requester's account; 0 when unknown
	RequestedAt time.Time `json:"requested_at"`
	Note        string    `json:"note,omitempty"`
	Verdicts    []Verdict `json:"verdicts"`
	// State: "open" (no verdict yet), "approved" (approvals and no
	// request for changes) or "changes_requested"; Stale: the design
	// changed after a verdict that counts.
	State string `json:"state"`
	Stale bool   `json:"stale"`
}

// Verdict is one reviewer's latest word on a review.
type Verdict struct {
	Reviewer string    `json:"reviewer"`
	Verdict  string    `json:"verdict"` // approve, request_changes
	Version  int64     `json:"version"` // the design's version when given
	Comment  string    `json:"comment,omitempty"`
	At       time.Time `json:"at"`
}

// Actor is who acts on a review: the name shown (an account, or an
// account's token) and the account behind it, which is what counts.
type Actor struct {
	Name    string
	Account int64
}

// RequestReview opens a review of the changes since version base (named
// name, or ""), asked for by by.
func (s *Store) RequestReview(ctx context.Context, designID string, base int64, name string, by Actor, note string) (Review, error) {
	r := Review{BaseVersion: base, BaseName: name, RequestedBy: by.Name, RequesterID: by.Account, Note: strings.TrimSpace(note), Verdicts: []Verdict{}, State: "open"}
	if len(r.Note) > 2000 {
		return Review{}, &design.FieldError{Path: "note", Msg: "a review's note has at most 2,000 characters"}
	}
	err := s.pool.QueryRow(ctx, `INSERT INTO reviews (design_id, base_version, base_name, requested_by, requester_id, note)
		SELECT $1, $2, $3, $4, $5, $6 FROM designs WHERE id = $1 AND deleted_at IS NULL AND version >= $2 AND $2 >= 1
		RETURNING id, requested_at`, designID, base, name, by.Name, by.Account, r.Note).Scan(&r.ID, &r.RequestedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return Review{}, fmt.Errorf("design %s version %d: %w", designID, base, ErrNotFound)
	}
	if err != nil {
		return Review{}, fmt.Errorf("store: request review: %w", err)
	}
	if err := s.event(ctx, designID, "review", r.ID); err != nil {
		return Review{}, err
	}
	return r, nil
}

// ErrOwnReview: the account that asked for a review cannot give it a
// verdict, by whatever credential.
var ErrOwnReview = errors.New("store: a review's requester cannot give it a verdict")

// GiveVerdict records a reviewer's verdict (replacing the earlier one of
// the same account, whichever credential gave it) at the design's current
// version. The accounts are compared, not the names: the requester's
// second token or browser session is still the requester.
func (s *Store) GiveVerdict(ctx context.Context, designID string, reviewID int64, reviewer Actor, verdict, comment string) error {
	if verdict != "approve" && verdict != "request_changes" {
		return &design.FieldError{Path: "verdict", Msg: fmt.Sprintf("verdict %q: want approve or request_changes", verdict)}
	}
	if reviewer.Account == 0 {
		return fmt.Errorf("store: verdict by %q: no account", reviewer.Name)
	}
	var by string
	var requester *int64
	err := s.pool.QueryRow(ctx, `SELECT requested_by, requester_id FROM reviews WHERE id = $1 AND design_id = $2`, reviewID, designID).Scan(&by, &requester)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("review %d: %w", reviewID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: verdict: %w", err)
	}
	if requester != nil && *requester == reviewer.Account || requester == nil && by == reviewer.Name {
		return ErrOwnReview
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// A verdict of before the accounts were recorded, under this name.
		if _, err := tx.Exec(ctx, `DELETE FROM review_verdicts WHERE review_id = $1 AND reviewer = $2 AND reviewer_id IS DISTINCT FROM $3`,
			reviewID, reviewer.Name, reviewer.Account); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO review_verdicts (review_id, reviewer, reviewer_id, verdict, version, comment)
			SELECT $1, $2, $3, $4, version, $5 FROM designs WHERE id = $6
			ON CONFLICT (review_id, reviewer_id) DO UPDATE SET reviewer = EXCLUDED.reviewer, verdict = EXCLUDED.verdict,
				version = EXCLUDED.version, comment = EXCLUDED.comment, at = now()`,
			reviewID, reviewer.Name, reviewer.Account, verdict, strings.TrimSpace(comment), designID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: verdict: %w", err)
	}
	return s.event(ctx, designID, "review", reviewID)
}

// Reviews lists a design's reviews, newest first, with their verdicts and
// state at the design's current version.
func (s *Store) Reviews(ctx context.Context, designID string) ([]Review, error) {
	var current int64
	if err := s.pool.QueryRow(ctx, `SELECT version FROM designs WHERE id = $1`, designID).Scan(&current); err != nil {
		return nil, fmt.Errorf("store: reviews: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT id, base_version, base_name, requested_by, coalesce(requester_id, 0), requested_at, note FROM reviews WHERE design_id = $1 ORDER BY id DESC`, designID)
	if err != nil {
		return nil, fmt.Errorf("store: reviews: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Review, error) {
		var r Review
		err := row.Scan(&r.ID, &r.BaseVersion, &r.BaseName, &r.RequestedBy, &r.RequesterID, &r.RequestedAt, &r.Note)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: reviews: %w", err)
	}
	// Every verdict of the design's reviews in one query.
	byReview := map[int64]int{}
	for i := range list {
		byReview[list[i].ID] = i
		list[i].Verdicts = []Verdict{}
	}
	rows, err = s.pool.Query(ctx, `SELECT v.review_id, v.reviewer, v.verdict, v.version, v.comment, v.at
		FROM review_verdicts v JOIN reviews r ON r.id = v.review_id WHERE r.design_id = $1 ORDER BY v.at, v.reviewer`, designID)
	if err != nil {
		return nil, fmt.Errorf("store: reviews: %w", err)
	}
	var rid int64
	var v Verdict
	if _, err := pgx.ForEachRow(rows, []any{&rid, &v.Reviewer, &v.Verdict, &v.Version, &v.Comment, &v.At}, func() error {
		if i, ok := byReview[rid]; ok {
			list[i].Verdicts = append(list[i].Verdicts, v)
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("store: reviews: %w", err)
	}
	for i := range list {
		r := &list[i]
		r.State = "open"
		for _, v := range r.Verdicts {
			switch {
			case v.Verdict == "request_changes":
				r.State = "changes_requested"
			case r.State == "open":
				r.State = "approved"
			}
			r.Stale = r.Stale || v.Version < current
		}
	}
	return list, nil
}
