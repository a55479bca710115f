package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// InvitationPrefix starts every invitation link's secret.
const InvitationPrefix = "vpci_"

// Invitation asks whoever holds its link's secret to join a team with a
// role. The address it was sent to is what the owner meant, not a proof:
// an account with that address joins nothing without the link, and the
// link works once, until it expires or an owner withdraws it.
type Invitation struct {
	ID        int64
	Team      string
	TeamName  string
	Email     string
	Role      Role
	InvitedBy string
	CreatedAt time.Time
	ExpiresAt time.Time
	// AcceptedBy is the account that used the link, 0 while unused.
	AcceptedBy int64
}

// Why an invitation link is refused (an unknown secret is ErrNotFound).
var (
	ErrInvitationUsed    = errors.New("auth: this invitation link was used already: ask the team's owner for a new one")
	ErrInvitationExpired = errors.New("auth: this invitation link has expired: ask the team's owner for a new one")
	ErrInvitationRevoked = errors.New("auth: this invitation was withdrawn by the team's owner")
	// ErrAlreadyMember: the account is in the team already; the link
	// stays unused.
	ErrAlreadyMember = errors.New("auth: you are a member of this team already")
)

// Invite makes an invitation link to team for the address email with a
// role, and returns its secret: shown once to the owner who asks, stored
// only as its SHA-256. Only owners invite; inviting an address again
// withdraws its earlier link. Whether the address has an account is not
// told (it joins through the link either way).
func (s *Service) Invite(ctx context.Context, actor User, team, email string, role Role) (string, Invitation, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return "", Invitation{}, err
	}
	if role < Viewer || role > Owner {
		return "", Invitation{}, &InputError{Field: "role", Msg: "want a role: owner, editor, commenter or viewer"}
	}
	plain, hash := secret(InvitationPrefix)
	inv := Invitation{Team: team, Email: email, Role: role, InvitedBy: actor.Email}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := requireOwner(ctx, tx, actor, team); err != nil {
			return err
		}
		var member bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.team = $1 AND u.email = $2)`,
			team, email).Scan(&member); err != nil {
			return err
		}
		if member {
			return &InputError{Field: "email", Msg: fmt.Sprintf("%s is a member already: change the role instead", email)}
		}
		if _, err := tx.Exec(ctx, `UPDATE invitations SET revoked_at = now() WHERE team = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL`,
			team, email); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO invitations (team, email, role, invited_by, hash, expires_at)
			VALUES ($1, $2, $3, $4, $5, now() + $6::interval) RETURNING id, created_at, expires_at, (SELECT name FROM teams WHERE id = $1)`,
			team, email, role.String(), actor.Email, hash, s.opts.InvitationTTL.String()).Scan(&inv.ID, &inv.CreatedAt, &inv.ExpiresAt, &inv.TeamName); err != nil {
			return err
		}
		return audit(ctx, tx, Event{Actor: actor.Email, Action: "member.invite", Team: team, Detail: fmt.Sprintf("%s as %s", email, role)})
	})
	if err != nil {
		return "", Invitation{}, wrap("invite", err)
	}
	return plain, inv, nil
}

// LookupInvitation returns the invitation of a link's secret while it can
// be joined; else ErrNotFound (no such link), ErrInvitationUsed,
// ErrInvitationExpired or ErrInvitationRevoked.
func (s *Service) LookupInvitation(ctx context.Context, plain string) (Invitation, error) {
	var inv Invitation
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		inv, err = openInvitation(ctx, tx, plain, false)
		return err
	})
	return inv, wrapInvitation("invitation", err)
}

// AcceptInvitation makes u a member of the invitation's team with its
// role, and uses up the link. A link u used already is ErrAlreadyMember
// (signing in through the link just after signing up through it).
func (s *Service) AcceptInvitation(ctx context.Context, u User, plain string) (Invitation, error) {
	var inv Invitation
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		inv, err = openInvitation(ctx, tx, plain, true)
		if errors.Is(err, ErrInvitationUsed) && inv.AcceptedBy == u.ID {
			return ErrAlreadyMember
		}
		if err != nil {
			return err
		}
		return join(ctx, tx, inv, u)
	})
	return inv, wrapInvitation("accept invitation", err)
}

// openInvitation reads the invitation of a secret that can still be
// joined, locked for the transaction when lock is set. A used, withdrawn
// or expired one is returned with the reason.
func openInvitation(ctx context.Context, tx pgx.Tx, plain string, lock bool) (Invitation, error) {
	if !strings.HasPrefix(plain, InvitationPrefix) || len(plain) > 100 {
		return Invitation{}, ErrNotFound
	}
	q := `SELECT i.id, i.team, t.name, i.email, i.role, i.invited_by, i.created_at, i.expires_at,
		coalesce(i.accepted_by, 0), i.accepted_at IS NOT NULL, i.revoked_at IS NOT NULL, i.expires_at <= now()
		FROM invitations i JOIN teams t ON t.id = i.team WHERE i.hash = $1`
	if lock {
		q += ` FOR UPDATE OF i`
	}
	var inv Invitation
	var role string
	var used, revoked, expired bool
	err := tx.QueryRow(ctx, q, hashSecret(plain)).Scan(&inv.ID, &inv.Team, &inv.TeamName, &inv.Email, &role, &inv.InvitedBy,
		&inv.CreatedAt, &inv.ExpiresAt, &inv.AcceptedBy, &used, &revoked, &expired)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return Invitation{}, ErrNotFound
	case err != nil:
		return Invitation{}, err
	}
	if inv.Role, err = ParseRole(role); err != nil {
		return Invitation{}, err
	}
	switch {
	case used:
		return inv, ErrInvitationUsed
	case revoked:
		return inv, ErrInvitationRevoked
	case expired:
		return inv, ErrInvitationExpired
	}
	return inv, nil
}

// join makes u a member as inv says and marks inv used, inside tx.
func join(ctx context.Context, tx pgx.Tx, inv Invitation, u User) error {
	tag, err := tx.Exec(ctx, `INSERT INTO memberships (user_id, team, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, u.ID, inv.Team, inv.Role.String())
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ErrAlreadyMember
	}
	if _, err := tx.Exec(ctx, `UPDATE invitations SET accepted_at = now(), accepted_by = $2 WHERE id = $1`, inv.ID, u.ID); err != nil {
		return err
	}
	return audit(ctx, tx, Event{Actor: u.Email, Action: "member.join", Team: inv.Team,
		Detail: fmt.Sprintf("as %s, by the invitation of %s sent to %s", inv.Role, inv.InvitedBy, inv.Email)})
}

// wrapInvitation is wrap that also passes the reasons a link is refused.
func wrapInvitation(op string, err error) error {
	for _, e := range []error{ErrInvitationUsed, ErrInvitationExpired, ErrInvitationRevoked, ErrAlreadyMember} {
		if errors.Is(err, e) {
			return err
		}
	}
	return wrap(op, err)
}

// CancelInvitation withdraws the open invitation of an address (owners
// only): its link no longer works.
func (s *Service) CancelInvitation(ctx context.Context, actor User, team, email string) error {
	return wrap("cancel invitation", pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := requireOwner(ctx, tx, actor, team); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE invitations SET revoked_at = now() WHERE team = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL`,
			team, strings.ToLower(strings.TrimSpace(email)))
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return audit(ctx, tx, Event{Actor: actor.Email, Action: "member.uninvite", Team: team, Detail: email})
	}))
}
