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
}

// Short, long, common, patterned and contextual passwords are refused,
// with the reason.
func TestCheckPassword(t *testing.T) {
	tests := []struct {
		pw, email, want string // want: "" for accepted, else part of the message
	}{
		{"short", "ana@example.com", "at least 10"},
		{"correct horse battery", "ana@example.com", ""},
		{"walnut copper tundra " + strings.Repeat("z", 52), "ana@example.com", "at most 72 bytes"},
		{"1234567890", "ana@example.com", "too easy to guess"},
		{"password123!", "ana@example.com", "too easy to guess"},
		{"qwertyuiop", "ana@example.com", "too easy to guess"},
		{strings.Repeat("x", 72), "ana@example.com", "too easy to guess"},
		{"ana.smith-is-great", "ana.smith@example.com", "your email"},
		{"my dog Smith rules!", "ana.smith@example.com", "part of it (smith)"},
		{"my VPCBoard secret", "ana@example.com", "name of this site"},
		{"walnut copper tundra", "", ""},
	}
	for _, tt := range tests {
		err := auth.CheckPassword(tt.pw, tt.email)
		var ie *auth.InputError
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckPassword(%q, %q) = %v; want nil", tt.pw, tt.email, err)
		case tt.want != "" && (!errors.As(err, &ie) || ie.Field != "password" || !strings.Contains(ie.Msg, tt.want)):
			t.Errorf("CheckPassword(%q, %q) = %v; want an error on field password saying %q", tt.pw, tt.email, err, tt.want)
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
