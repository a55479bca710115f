package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Event is one line of the audit trail: who did what, in which team and
// design. Edits of designs are their revisions; the trail shows both.
type Event struct {
	At     time.Time
	Actor  string
	Action string // user.create, session.create, member.invite, token.revoke, design.edit, ...
	Team   string
	Design string
	Detail string
}

func audit(ctx context.Context, tx pgx.Tx, e Event) error {
	_, err := tx.Exec(ctx, `INSERT INTO audit_events (actor, action, team, design_id, detail) VALUES ($1, $2, $3, $4, $5)`,
		e.Actor, e.Action, e.Team, e.Design, truncate(e.Detail, 500))
	return err
}

// Audit records an event that has no transaction of its own (a sign-in);
// a failure to record is not the caller's failure.
func (s *Service) Audit(ctx context.Context, e Event) {
	_, _ = s.pool.Exec(ctx, `INSERT INTO audit_events (actor, action, team, design_id, detail) VALUES ($1, $2, $3, $4, $5)`,
		e.Actor, e.Action, e.Team, e.Design, truncate(e.Detail, 500))
}

// AuditOf returns the newest events of a team, limit at most: its
// membership, token and share-link events and the revisions of its
// designs, newest first.
func (s *Service) AuditOf(ctx context.Context, team string, limit int) ([]Event, error) {
	rows, err := s.pool.Query(ctx, `SELECT at, actor, action, team, design_id, detail FROM audit_events WHERE team = $1
		UNION ALL
		SELECT r.created_at, r.author, CASE WHEN r.version = 1 THEN 'design.create' ELSE 'design.edit' END, d.team, d.id,
			'v' || r.version || ': ' || r.summary
		FROM revisions r JOIN designs d ON d.id = r.design_id WHERE d.team = $1
		ORDER BY 1 DESC LIMIT $2`, team, limit)
	if err != nil {
		return nil, fmt.Errorf("auth: audit: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Event, error) {
		var e Event
		err := row.Scan(&e.At, &e.Actor, &e.Action, &e.Team, &e.Design, &e.Detail)
		return e, err
	})
}
