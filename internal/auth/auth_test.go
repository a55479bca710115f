package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/store/storetest"
)

func TestRolesAndHandles(t *testing.T) {
	for _, r := range auth.Roles() {
		if got, err := auth.ParseRole(r.String()); err != nil || got != r {
			t.Errorf("ParseRole(%q) = %v, %v", r, got, err)
		}
	}
	if _, err := auth.ParseRole("none"); err == nil {
		t.Error(`ParseRole("none") is not an error`)
	}
	for in, want := range map[string]string{" Ana@Example.COM ": "ana@example.com", "ops@localhost": "ops@localhost",
		"ana": "", "ana@example": "", "<ana@example.com>": "", "Ana <ana@example.com>": "", "a@b.c,d@e.f": ""} {
		got, err := auth.NormalizeEmail(in)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for pw, ok := range map[string]bool{"short": false, "ten chars!": true, strings.Repeat("x", 72): true, strings.Repeat("x", 73): false} {
		if err := auth.CheckPassword(pw); (err == nil) != ok {
			t.Errorf("CheckPassword(%d bytes) = %v", len(pw), err)
		}
	}
}

// A team always keeps an owner; only owners change members; a token is
// worth nothing once its user has left the team.
func TestTeamsKeepAnOwner(t *testing.T) {
	ctx := context.Background()
	s, _ := storetest.New(t)
	svc := auth.New(s, auth.Options{BcryptCost: bcrypt.MinCost})
	ana, err := svc.CreateUser(ctx, auth.NewUser{Email: "ana@example.com", Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	teams, _ := svc.TeamsOf(ctx, ana.ID)
	team := teams[0].ID
	bo, err := svc.CreateUser(ctx, auth.NewUser{Email: "bo@example.com", Password: "long enough password", Team: team, Role: auth.Editor})
	if err != nil {
		t.Fatal(err)
	}
	var ie *auth.InputError
	if err := svc.SetRole(ctx, ana, team, ana.ID, auth.Editor); !errors.As(err, &ie) {
		t.Errorf("the last owner demoted herself: %v", err)
	}
	if err := svc.SetRole(ctx, bo, team, ana.ID, auth.Viewer); !errors.Is(err, auth.ErrForbidden) {
		t.Errorf("an editor changed the owner's role: %v", err)
	}
	secret, _, err := svc.CreateToken(ctx, bo, team, auth.Editor, "ci")
	if err != nil {
		t.Fatal(err)
	}
	if _, tk, err := svc.LookupToken(ctx, secret); err != nil || tk.Role != auth.Editor {
		t.Fatalf("LookupToken = %v, %v", tk.Role, err)
	}
	if err := svc.RemoveMember(ctx, bo, team, bo.ID); err != nil {
		t.Fatalf("bo leaves: %v", err)
	}
	if _, _, err := svc.LookupToken(ctx, secret); !errors.Is(err, auth.ErrBadCredentials) {
		t.Errorf("the token of a user who left = %v; want ErrBadCredentials", err)
	}
	if _, _, err := svc.LookupToken(ctx, "vpcb_guessed"); !errors.Is(err, auth.ErrBadCredentials) {
		t.Errorf("a guessed token = %v", err)
	}
	// Hashes only: no secret is stored.
	var n int
	s.Pool().QueryRow(ctx, `SELECT count(*) FROM api_tokens WHERE position($1 in encode(hash, 'escape')) > 0`, secret).Scan(&n)
	if n != 0 {
		t.Error("a token's secret is in the database")
	}
}
