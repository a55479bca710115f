package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// TokenPrefix starts every API token, so that scanners find leaked ones.
const TokenPrefix = "vpcb_"

// SharePrefix starts every share link's secret.
const SharePrefix = "vpcs_"

// Token is an API token: a user's access to one team, capped at a role.
type Token struct {
	ID        int64
	UserID    int64
	Team      string
	TeamName  string
	Role      Role // as granted; the effective role is at most the user's
	Name      string
	CreatedAt time.Time
	LastUsed  *time.Time
	Revoked   *time.Time
}

// CreateToken makes a token for u in team with at most u's own role
// there, and returns its secret: shown once, stored only as a hash.
func (s *Service) CreateToken(ctx context.Context, u User, team string, role Role, name string) (string, Token, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", Token{}, &InputError{Field: "name", Msg: "a token needs a name of 1 to 100 characters (what uses it)"}
	}
	if role < Viewer || role > Owner {
		return "", Token{}, &InputError{Field: "role", Msg: "want a role: owner, editor, commenter or viewer"}
	}
	mine, err := s.RoleIn(ctx, u.ID, team)
	if err != nil {
		return "", Token{}, err
	}
	if mine == None {
		return "", Token{}, ErrNotFound
	}
	if role > mine {
		return "", Token{}, &InputError{Field: "role", Msg: fmt.Sprintf("you are %s in this team: a token cannot have more (%s)", mine, role)}
	}
	plain, hash := secret(TokenPrefix)
	t := Token{UserID: u.ID, Team: team, Role: role, Name: name}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO api_tokens (hash, user_id, team, role, name) VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`,
			hash, u.ID, team, role.String(), name).Scan(&t.ID, &t.CreatedAt); err != nil {
			return err
		}
		return audit(ctx, tx, Event{Actor: u.Email, Action: "token.create", Team: team, Detail: fmt.Sprintf("#%d %q as %s", t.ID, name, role)})
	})
	if err != nil {
		return "", Token{}, fmt.Errorf("auth: create token: %w", err)
	}
	return plain, t, nil
}

const tokenColumns = `t.id, t.user_id, t.team, tm.name, t.role, t.name, t.created_at, t.last_used_at, t.revoked_at`

func scanToken(row pgx.Row) (Token, error) {
	var t Token
	var role string
	err := row.Scan(&t.ID, &t.UserID, &t.Team, &t.TeamName, &role, &t.Name, &t.CreatedAt, &t.LastUsed, &t.Revoked)
	t.Role, _ = ParseRole(role)
	return t, err
}

// Tokens lists u's tokens, newest first, revoked ones included.
func (s *Service) Tokens(ctx context.Context, u User) ([]Token, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+tokenColumns+` FROM api_tokens t JOIN teams tm ON tm.id = t.team
		WHERE t.user_id = $1 ORDER BY t.id DESC`, u.ID)
	if err != nil {
		return nil, fmt.Errorf("auth: tokens: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Token, error) { return scanToken(row) })
}

// RevokeToken ends one of u's tokens at once: the next request with it
// is refused, and its websockets close.
func (s *Service) RevokeToken(ctx context.Context, u User, id int64) error {
	return wrap("revoke token", pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var team string
		err := tx.QueryRow(ctx, `UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING team`,
			id, u.ID).Scan(&team)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := audit(ctx, tx, Event{Actor: u.Email, Action: "token.revoke", Team: team, Detail: fmt.Sprintf("#%d", id)}); err != nil {
			return err
		}
		return notify(ctx, tx, fmt.Sprintf("user:%d", u.ID))
	}))
}

// LookupToken returns the user and token of a secret, with the token's
// effective role: the lesser of its own and the user's in the team (a
// user who left the team has a token worth nothing). Bad, revoked and
// powerless tokens are ErrBadCredentials. Last use is recorded to the
// minute.
func (s *Service) LookupToken(ctx context.Context, plain string) (User, Token, error) {
	if !strings.HasPrefix(plain, TokenPrefix) || len(plain) > 100 {
		return User{}, Token{}, ErrBadCredentials
	}
	var u User
	var member *string
	row := s.pool.QueryRow(ctx, `SELECT `+tokenColumns+`, u.email, u.admin, u.session_epoch, u.disabled, m.role
		FROM api_tokens t JOIN teams tm ON tm.id = t.team JOIN users u ON u.id = t.user_id
		LEFT JOIN memberships m ON m.user_id = t.user_id AND m.team = t.team
		WHERE t.hash = $1`, hashSecret(plain))
	var t Token
	var role string
	err := row.Scan(&t.ID, &t.UserID, &t.Team, &t.TeamName, &role, &t.Name, &t.CreatedAt, &t.LastUsed, &t.Revoked,
		&u.Email, &u.Admin, &u.Epoch, &u.Disabled, &member)
	if errors.Is(err, pgx.ErrNoRows) {
		return User{}, Token{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, Token{}, fmt.Errorf("auth: token: %w", err)
	}
	u.ID = t.UserID
	t.Role, _ = ParseRole(role)
	if member == nil || t.Revoked != nil || u.Disabled {
		return User{}, Token{}, ErrBadCredentials
	}
	if m, _ := ParseRole(*member); m < t.Role {
		t.Role = m
	}
	if t.LastUsed == nil || time.Since(*t.LastUsed) > time.Minute {
		if _, err := s.pool.Exec(ctx, `UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, t.ID); err != nil {
			return User{}, Token{}, fmt.Errorf("auth: token: %w", err)
		}
	}
	return u, t, nil
}

// ShareLink grants viewer access to one design to whoever has its secret.
type ShareLink struct {
	ID        int64
	DesignID  string
	CreatedBy string
	CreatedAt time.Time
	Revoked   *time.Time
}

// CreateShareLink makes a link to design (of team) and returns its
// secret, shown once.
func (s *Service) CreateShareLink(ctx context.Context, actor User, team, designID string) (string, ShareLink, error) {
	plain, hash := secret(SharePrefix)
	l := ShareLink{DesignID: designID, CreatedBy: actor.Email}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO share_links (hash, design_id, created_by) VALUES ($1, $2, $3) RETURNING id, created_at`,
			hash, designID, actor.Email).Scan(&l.ID, &l.CreatedAt); err != nil {
			return err
		}
		return audit(ctx, tx, Event{Actor: actor.Email, Action: "share.create", Team: team, Design: designID, Detail: fmt.Sprintf("#%d", l.ID)})
	})
	if err != nil {
		return "", ShareLink{}, fmt.Errorf("auth: create share link: %w", err)
	}
	return plain, l, nil
}

// ShareLinks lists a design's links, newest first, revoked ones included.
func (s *Service) ShareLinks(ctx context.Context, designID string) ([]ShareLink, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, design_id, created_by, created_at, revoked_at FROM share_links WHERE design_id = $1 ORDER BY id DESC`, designID)
	if err != nil {
		return nil, fmt.Errorf("auth: share links: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (ShareLink, error) {
		var l ShareLink
		err := row.Scan(&l.ID, &l.DesignID, &l.CreatedBy, &l.CreatedAt, &l.Revoked)
		return l, err
	})
}

// RevokeShareLink ends a link at once, open websockets included.
func (s *Service) RevokeShareLink(ctx context.Context, actor User, team, designID string, id int64) error {
	return wrap("revoke share link", pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE share_links SET revoked_at = now() WHERE id = $1 AND design_id = $2 AND revoked_at IS NULL`, id, designID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		if err := audit(ctx, tx, Event{Actor: actor.Email, Action: "share.revoke", Team: team, Design: designID, Detail: fmt.Sprintf("#%d", id)}); err != nil {
			return err
		}
		return notify(ctx, tx, "design:"+designID)
	}))
}

// LookupShareLink returns the live link of a secret.
func (s *Service) LookupShareLink(ctx context.Context, plain string) (ShareLink, error) {
	if !strings.HasPrefix(plain, SharePrefix) || len(plain) > 100 {
		return ShareLink{}, ErrNotFound
	}
	var l ShareLink
	err := s.pool.QueryRow(ctx, `SELECT s.id, s.design_id, s.created_by, s.created_at FROM share_links s JOIN designs d ON d.id = s.design_id
		WHERE s.hash = $1 AND s.revoked_at IS NULL AND d.deleted_at IS NULL`, hashSecret(plain)).Scan(&l.ID, &l.DesignID, &l.CreatedBy, &l.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return ShareLink{}, ErrNotFound
	}
	if err != nil {
		return ShareLink{}, fmt.Errorf("auth: share link: %w", err)
	}
	return l, nil
}

// SharedWith says whether one of the links (by ID) is live and opens
// designID.
func (s *Service) SharedWith(ctx context.Context, links []int64, designID string) (bool, error) {
	if len(links) == 0 {
		return false, nil
	}
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM share_links WHERE id = ANY($1) AND design_id = $2 AND revoked_at IS NULL)`,
		links, designID).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("auth: share link: %w", err)
	}
	return ok, nil
}
