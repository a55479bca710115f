package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// TeamsOf lists the teams of an account with its role in each, by name.
func (s *Service) TeamsOf(ctx context.Context, userID int64) ([]Team, error) {
	rows, err := s.pool.Query(ctx, `SELECT t.id, t.name, m.role FROM memberships m JOIN teams t ON t.id = m.team
		WHERE m.user_id = $1 ORDER BY t.name, t.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("auth: teams: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Team, error) {
		var t Team
		var role string
		err := row.Scan(&t.ID, &t.Name, &role)
		t.Role, _ = ParseRole(role)
		return t, err
	})
}

// Team returns a team with u's role in it (None when not a member).
func (s *Service) Team(ctx context.Context, userID int64, id string) (Team, error) {
	t := Team{ID: id}
	var role *string
	err := s.pool.QueryRow(ctx, `SELECT t.name, m.role FROM teams t LEFT JOIN memberships m ON m.team = t.id AND m.user_id = $2
		WHERE t.id = $1`, id, userID).Scan(&t.Name, &role)
	if errors.Is(err, pgx.ErrNoRows) {
		return Team{}, ErrNotFound
	}
	if err != nil {
		return Team{}, fmt.Errorf("auth: team: %w", err)
	}
	if role != nil {
		t.Role, _ = ParseRole(*role)
	}
	return t, nil
}

// RoleIn is u's role in a team, None when not a member.
func (s *Service) RoleIn(ctx context.Context, userID int64, team string) (Role, error) {
	var role string
	err := s.pool.QueryRow(ctx, `SELECT role FROM memberships WHERE user_id = $1 AND team = $2`, userID, team).Scan(&role)
	if errors.Is(err, pgx.ErrNoRows) {
		return None, nil
	}
	if err != nil {
		return None, fmt.Errorf("auth: role: %w", err)
	}
	return ParseRole(role)
}

// CreateTeam makes a team with u as its owner.
func (s *Service) CreateTeam(ctx context.Context, u User, name string) (Team, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return Team{}, &InputError{Field: "name", Msg: "a team needs a name of 1 to 100 characters"}
	}
	t := Team{ID: newID(), Name: name, Role: Owner}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO teams (id, name) VALUES ($1, $2)`, t.ID, name); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO memberships (user_id, team, role) VALUES ($1, $2, 'owner')`, u.ID, t.ID); err != nil {
			return err
		}
		return audit(ctx, tx, Event{Actor: u.Email, Action: "team.create", Team: t.ID, Detail: name})
	})
	if err != nil {
		return Team{}, fmt.Errorf("auth: create team: %w", err)
	}
	return t, nil
}

// Member is a member of a team, or an address invited whose link is
// still open (Pending, until Expires).
type Member struct {
	UserID  int64
	Email   string
	Role    Role
	Pending bool
	Since   time.Time
	Expires time.Time // of a pending invitation's link
}

// Members lists a team's members and open invitations by handle.
func (s *Service) Members(ctx context.Context, team string) ([]Member, error) {
	rows, err := s.pool.Query(ctx, `SELECT u.id, u.email, m.role, false, m.created_at, NULL::timestamptz FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.team = $1
		UNION ALL SELECT 0, email, role, true, created_at, expires_at FROM invitations WHERE team = $1 AND accepted_at IS NULL AND revoked_at IS NULL
		ORDER BY 2, 4`, team)
	if err != nil {
		return nil, fmt.Errorf("auth: members: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Member, error) {
		var m Member
		var role string
		var expires *time.Time
		err := row.Scan(&m.UserID, &m.Email, &role, &m.Pending, &m.Since, &expires)
		m.Role, _ = ParseRole(role)
		if expires != nil {
			m.Expires = *expires
		}
		return m, err
	})
}

// requireOwner checks that actor owns team, inside tx.
func requireOwner(ctx context.Context, tx pgx.Tx, actor User, team string) error {
	var role string
	err := tx.QueryRow(ctx, `SELECT role FROM memberships WHERE user_id = $1 AND team = $2`, actor.ID, team).Scan(&role)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if role != "owner" {
		return ErrForbidden
	}
	return nil
}

// SetRole changes a member's role (owners only); a team keeps at least one
// owner.
func (s *Service) SetRole(ctx context.Context, actor User, team string, userID int64, role Role) error {
	if role < Viewer || role > Owner {
		return &InputError{Field: "role", Msg: "want a role: owner, editor, commenter or viewer"}
	}
	return wrap("set role", s.changeMember(ctx, actor, team, userID, func(tx pgx.Tx, email string) error {
		if _, err := tx.Exec(ctx, `UPDATE memberships SET role = $3 WHERE user_id = $1 AND team = $2`, userID, team, role.String()); err != nil {
			return err
		}
		return audit(ctx, tx, Event{Actor: actor.Email, Action: "member.role", Team: team, Detail: fmt.Sprintf("%s to %s", email, role)})
	}))
}

// RemoveMember takes a member out of a team (owners only, or the member
// itself); a team keeps at least one owner.
func (s *Service) RemoveMember(ctx context.Context, actor User, team string, userID int64) error {
	return wrap("remove member", s.changeMember(ctx, actor, team, userID, func(tx pgx.Tx, email string) error {
		if _, err := tx.Exec(ctx, `DELETE FROM memberships WHERE user_id = $1 AND team = $2`, userID, team); err != nil {
			return err
		}
		return audit(ctx, tx, Event{Actor: actor.Email, Action: "member.remove", Team: team, Detail: email})
	}))
}

// changeMember runs change on a membership after the checks both role
// changes and removals need, then tells the replicas.
func (s *Service) changeMember(ctx context.Context, actor User, team string, userID int64, change func(tx pgx.Tx, email string) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if actor.ID != userID {
			if err := requireOwner(ctx, tx, actor, team); err != nil {
				return err
			}
		}
		// Lock the team's owners so two owners demoting each other at once
		// cannot leave none.
		rows, err := tx.Query(ctx, `SELECT user_id FROM memberships WHERE team = $1 AND role = 'owner' FOR UPDATE`, team)
		if err != nil {
			return err
		}
		owners, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		var email string
		if err := tx.QueryRow(ctx, `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.user_id = $1 AND m.team = $2`,
			userID, team).Scan(&email); errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		if err := change(tx, email); err != nil {
			return err
		}
		var left int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM memberships WHERE team = $1 AND role = 'owner'`, team).Scan(&left); err != nil {
			return err
		}
		if left == 0 && len(owners) > 0 {
			return &InputError{Field: "role", Msg: "a team needs an owner: make someone else owner first"}
		}
		return notify(ctx, tx, "team:"+team)
	})
}

// wrap names the operation on unexpected errors and passes the ones
// callers tell apart.
func wrap(op string, err error) error {
	var ie *InputError
	if err == nil || errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) || errors.As(err, &ie) {
		return err
	}
	return fmt.Errorf("auth: %s: %w", op, err)
}
