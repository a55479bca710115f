// Package auth is accounts, teams and their roles, API tokens, share links,
// sign-in throttling and the audit trail, over the store's database.
//
// Passwords are hashed with bcrypt (golang.org/x/crypto); API tokens and
// share links are random 256-bit secrets of which only the SHA-256 is
// kept (they are not guessable, so a slow hash would buy nothing). Every
// change that takes access away NOTIFYs Channel, so each replica can close
// the websockets that lost it.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/crypto/bcrypt"

	"github.com/vpcboard/vpcboard/internal/store"
)

// Channel is the NOTIFY channel of access changes. The payload names what
// changed: "team:<id>", "user:<id>", "design:<id>", or "*".
const Channel = "vpcboard_access"

// Role is what a member may do in a team, in increasing power.
type Role int

// The roles. None is no access.
const (
	None Role = iota
	Viewer
	Commenter
	Editor
	Owner
)

var roleNames = [...]string{"none", "viewer", "commenter", "editor", "owner"}

func (r Role) String() string {
	if r < None || r > Owner {
		return fmt.Sprintf("role(%d)", int(r))
	}
	return roleNames[r]
}

// Roles lists the roles a member can have, weakest first.
func Roles() []Role { return []Role{Viewer, Commenter, Editor, Owner} }

// ParseRole reads a role's name.
func ParseRole(s string) (Role, error) {
	for i, n := range roleNames {
		if i > 0 && n == s {
			return Role(i), nil
		}
	}
	return None, &InputError{Field: "role", Msg: fmt.Sprintf("role %q: want owner, editor, commenter or viewer", s)}
}

// InputError is a value the caller gave that cannot be taken.
type InputError struct{ Field, Msg string }

func (e *InputError) Error() string { return e.Msg }

// Errors callers tell apart.
var (
	// ErrBadCredentials: unknown handle, wrong password, bad or revoked token.
	ErrBadCredentials = errors.New("auth: wrong handle or password")
	// ErrNotFound: no such user, team, token or link (or not yours).
	ErrNotFound = errors.New("auth: not found")
	// ErrForbidden: the actor's role does not allow it.
	ErrForbidden = errors.New("auth: not allowed")
	// ErrAccountExists: an account has this email already. Sign-up must
	// not tell it (it answers as if the account were made).
	ErrAccountExists = &InputError{Field: "email", Msg: "an account with this email exists already"}
)

// ThrottledError refuses a sign-in after too many failures.
type ThrottledError struct{ RetryAfter time.Duration }

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("too many failed sign-ins; try again in %s", e.RetryAfter.Round(time.Second))
}

// Options tune a Service; zero values are defaults.
type Options struct {
	// BcryptCost is the password hash cost; default 12 (tests use
	// bcrypt.MinCost).
	BcryptCost int
	// MaxFailures is how many failed sign-ins of one handle within
	// FailureWindow refuse it to the addresses that have not signed in to
	// it within KnownFor (default 5): a stranger cannot lock the owner out
	// where the owner signs in. An address gets four times as many over all
	// handles.
	MaxFailures   int
	FailureWindow time.Duration // default 15 minutes
	KnownFor      time.Duration // default 30 days
	// Backoff is how long one handle from one address waits after its
	// third failure within FailureWindow, doubling with each failure after
	// (at most FailureWindow); default 1 s.
	Backoff time.Duration
	// InvitationTTL is how long an invitation link works; default 7 days.
	InvitationTTL time.Duration
}

// Service is access control over a store's database.
type Service struct {
	pool  *pgxpool.Pool
	opts  Options
	dummy []byte // a hash to compare against for unknown handles
}

// New returns the service over s.
func New(s *store.Store, opts Options) *Service {
	if opts.BcryptCost == 0 {
		opts.BcryptCost = 12
	}
	if opts.MaxFailures == 0 {
		opts.MaxFailures = 5
	}
	if opts.FailureWindow == 0 {
		opts.FailureWindow = 15 * time.Minute
	}
	if opts.KnownFor == 0 {
		opts.KnownFor = 30 * 24 * time.Hour
	}
	if opts.Backoff == 0 {
		opts.Backoff = time.Second
	}
	if opts.InvitationTTL == 0 {
		opts.InvitationTTL = 7 * 24 * time.Hour
	}
	dummy, _ := bcrypt.GenerateFromPassword([]byte("no such account, same work"), opts.BcryptCost)
	return &Service{pool: s.Pool(), opts: opts, dummy: dummy}
}

// User is an account.
type User struct {
	ID       int64
	Email    string
	Admin    bool
	Epoch    int64 // session epoch: sessions of an older one are void
	Disabled bool
}

// Team is a team and the role of whoever asked in it.
type Team struct {
	ID, Name string
	Role     Role
}

// NormalizeEmail checks an email-like handle and returns its canonical
// (lower-case) form.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") && !strings.HasSuffix(s, "@localhost") {
		return "", &InputError{Field: "email", Msg: fmt.Sprintf("%q is not an email address (name@example.com)", truncate(s, 80))}
	}
	return s, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// NewUser is an account to make.
type NewUser struct {
	Email, Password string
	Admin           bool
	// Team and Role: join this team (made if it does not exist) with this
	// role; without Team the account gets a team of its own, as owner.
	Team string
	Role Role
	// Invitation is an invitation link's secret: the account joins its
	// team with its role instead (and uses the link up).
	Invitation string
}

// CreateUser makes an account and its team membership: the team given,
// the invitation's, or a team of its own. An address that has an account
// already is ErrAccountExists, after the same work (the password hashed).
// An invitation that cannot be joined is its reason (ErrInvitationUsed...)
// and nothing is made.
func (s *Service) CreateUser(ctx context.Context, nu NewUser) (User, error) {
	email, err := NormalizeEmail(nu.Email)
	if err != nil {
		return User{}, err
	}
	if err := CheckPassword(nu.Password, email); err != nil {
		return User{}, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(nu.Password), s.opts.BcryptCost)
	if err != nil {
		return User{}, fmt.Errorf("auth: hash: %w", err)
	}
	u := User{Email: email, Admin: nu.Admin}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var inv Invitation
		if nu.Invitation != "" {
			var err error
			if inv, err = openInvitation(ctx, tx, nu.Invitation, true); err != nil {
				return err
			}
		}
		err := tx.QueryRow(ctx, `INSERT INTO users (email, password_hash, admin) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING RETURNING id`,
			email, string(hash), nu.Admin).Scan(&u.ID)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrAccountExists
		}
		if err != nil {
			return err
		}
		if nu.Invitation != "" {
			if err := join(ctx, tx, inv, u); err != nil {
				return err
			}
			return audit(ctx, tx, Event{Actor: email, Action: "user.create", Team: inv.Team, Detail: fmt.Sprintf("role %s by invitation, admin %t", inv.Role, nu.Admin)})
		}
		team, role := nu.Team, nu.Role
		if team == "" {
			team, role = newID(), Owner
			if _, err := tx.Exec(ctx, `INSERT INTO teams (id, name) VALUES ($1, $2)`, team, email); err != nil {
				return err
			}
		} else {
			if role == None {
				return &InputError{Field: "role", Msg: "joining a team needs a role"}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO teams (id, name) VALUES ($1, $1) ON CONFLICT DO NOTHING`, team); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO memberships (user_id, team, role) VALUES ($1, $2, $3)`, u.ID, team, role.String()); err != nil {
			return err
		}
		return audit(ctx, tx, Event{Actor: email, Action: "user.create", Team: team, Detail: fmt.Sprintf("role %s, admin %t", role, nu.Admin)})
	})
	if err != nil {
		return User{}, wrapInvitation("create user", err)
	}
	return u, nil
}

// freeFailures is how many failures of one handle from one address come
// without a wait.
const freeFailures = 3

// Authenticate checks a handle and password from an address. Failures
// are counted in the database (replicas share them) three ways, and past a
// limit every attempt, right or wrong, is a *ThrottledError (and is not
// counted): a handle from one address waits Backoff after its third
// failure, twice as long after each one more; an address that failed
// 4×MaxFailures times in the window waits for the window; and a handle
// that failed MaxFailures times from anywhere is refused to the addresses
// that have not signed in to it within KnownFor. So strangers cannot lock
// an owner out where the owner signs in, and guessing from many addresses
// still meets a limit. Unknown handles are counted alike (whether one
// exists is not told).
func (s *Service) Authenticate(ctx context.Context, email, password, from string) (User, error) {
	email = truncate(strings.ToLower(strings.TrimSpace(email)), 254)
	pair, byEmail, byAddr := "pair:"+email+"|"+from, "email:"+email, "addr:"+from
	var nPair, nEmail, nAddr int
	var lastPair, oldestEmail, oldestAddr time.Time
	var known bool
	err := s.pool.QueryRow(ctx, `SELECT
			count(*) FILTER (WHERE key = $1), coalesce(max(at) FILTER (WHERE key = $1), now()),
			count(*) FILTER (WHERE key = $2), coalesce(min(at) FILTER (WHERE key = $2), now()),
			count(*) FILTER (WHERE key = $3), coalesce(min(at) FILTER (WHERE key = $3), now()),
			EXISTS (SELECT 1 FROM sign_in_addresses WHERE email = $5 AND addr = $6 AND at > now() - $7::interval)
		FROM login_failures WHERE key = ANY(ARRAY[$1, $2, $3]) AND at > now() - $4::interval`,
		pair, byEmail, byAddr, s.opts.FailureWindow.String(), email, from, s.opts.KnownFor.String()).
		Scan(&nPair, &lastPair, &nEmail, &oldestEmail, &nAddr, &oldestAddr, &known)
	if err != nil {
		return User{}, fmt.Errorf("auth: sign in: %w", err)
	}
	var wait time.Duration
	if nPair >= freeFailures {
		wait = max(wait, time.Until(lastPair.Add(min(s.opts.Backoff<<min(nPair-freeFailures, 30), s.opts.FailureWindow))))
	}
	if nAddr >= 4*s.opts.MaxFailures {
		wait = max(wait, time.Until(oldestAddr.Add(s.opts.FailureWindow)))
	}
	if nEmail >= s.opts.MaxFailures && !known {
		wait = max(wait, time.Until(oldestEmail.Add(s.opts.FailureWindow)))
	}
	if wait > 0 {
		return User{}, &ThrottledError{RetryAfter: max(wait, time.Second)}
	}
	var u User
	var hash string
	err = s.pool.QueryRow(ctx, `SELECT id, email, admin, session_epoch, disabled, password_hash FROM users WHERE email = $1`, email).
		Scan(&u.ID, &u.Email, &u.Admin, &u.Epoch, &u.Disabled, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		bcrypt.CompareHashAndPassword(s.dummy, []byte(password)) // same time as a wrong password
		err = ErrBadCredentials
	} else if err == nil && (bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil || u.Disabled) {
		err = ErrBadCredentials
	}
	if errors.Is(err, ErrBadCredentials) {
		_, ferr := s.pool.Exec(ctx, `INSERT INTO login_failures (key) VALUES ($1), ($2), ($3)`, pair, byEmail, byAddr)
		_, _ = s.pool.Exec(ctx, `DELETE FROM login_failures WHERE at < now() - $1::interval`, s.opts.FailureWindow.String())
		s.Audit(ctx, Event{Actor: email, Action: "session.fail", Detail: "from " + from})
		if ferr != nil {
			return User{}, fmt.Errorf("auth: sign in: %w", ferr)
		}
		return User{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, fmt.Errorf("auth: sign in: %w", err)
	}
	// This address is known to the handle from now on; its own failures
	// are forgiven (the handle's count stays: it limits the others).
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM login_failures WHERE key = $1`, pair); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sign_in_addresses WHERE email = $1 AND at < now() - $2::interval`, email, s.opts.KnownFor.String()); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO sign_in_addresses (email, addr) VALUES ($1, $2) ON CONFLICT (email, addr) DO UPDATE SET at = now()`, email, from)
		return err
	})
	if err != nil {
		return User{}, fmt.Errorf("auth: sign in: %w", err)
	}
	s.Audit(ctx, Event{Actor: u.Email, Action: "session.create", Detail: "from " + from})
	return u, nil
}

// UserByID returns an account.
func (s *Service) UserByID(ctx context.Context, id int64) (User, error) {
	return s.user(ctx, `id = $1`, id)
}

// UserByEmail returns an account by its handle.
func (s *Service) UserByEmail(ctx context.Context, email string) (User, error) {
	return s.user(ctx, `email = $1`, strings.ToLower(strings.TrimSpace(email)))
}

func (s *Service) user(ctx context.Context, where string, arg any) (User, error) {
	var u User
	err := s.pool.QueryRow(ctx, `SELECT id, email, admin, session_epoch, disabled FROM users WHERE `+where, arg).
		Scan(&u.ID, &u.Email, &u.Admin, &u.Epoch, &u.Disabled)
	if errors.Is(err, pgx.ErrNoRows) {
		return User{}, ErrNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("auth: user: %w", err)
	}
	return u, nil
}

// ChangePassword replaces a password after checking the old one. It ends
// every other session of the account (the epoch grows) and returns the
// new epoch for the session that asked.
func (s *Service) ChangePassword(ctx context.Context, u User, old, new string) (int64, error) {
	var hash string
	if err := s.pool.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&hash); err != nil {
		return 0, fmt.Errorf("auth: change password: %w", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(old)) != nil {
		return 0, &InputError{Field: "old", Msg: "the current password is not right"}
	}
	if err := checkPassword("new", "the new password", new, u.Email); err != nil {
		return 0, err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(new), s.opts.BcryptCost)
	if err != nil {
		return 0, fmt.Errorf("auth: hash: %w", err)
	}
	var epoch int64
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `UPDATE users SET password_hash = $2, session_epoch = session_epoch + 1 WHERE id = $1 RETURNING session_epoch`,
			u.ID, string(h)).Scan(&epoch); err != nil {
			return err
		}
		if err := audit(ctx, tx, Event{Actor: u.Email, Action: "user.password"}); err != nil {
			return err
		}
		return notify(ctx, tx, fmt.Sprintf("user:%d", u.ID))
	})
	if err != nil {
		return 0, fmt.Errorf("auth: change password: %w", err)
	}
	return epoch, nil
}

// SignedOut tells the replicas that a session of u ended (its websockets
// close).
func (s *Service) SignedOut(ctx context.Context, u User) {
	s.Audit(ctx, Event{Actor: u.Email, Action: "session.delete"})
	_, _ = s.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, Channel, fmt.Sprintf("user:%d", u.ID))
}

func notify(ctx context.Context, tx pgx.Tx, payload string) error {
	_, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, Channel, payload)
	return err
}

// newID is a team's ID: 12 random letters and digits.
func newID() string {
	b := make([]byte, 9)
	rand.Read(b)
	return strings.ToLower(base64.RawURLEncoding.EncodeToString(b))[:12]
}

// secret returns a new random secret with its prefix and its hash.
func secret(prefix string) (string, []byte) {
	b := make([]byte, 32)
	rand.Read(b)
	plain := prefix + base64.RawURLEncoding.EncodeToString(b)
	return plain, hashSecret(plain)
}

func hashSecret(plain string) []byte {
	h := sha256.Sum256([]byte(plain))
	return h[:]
}
