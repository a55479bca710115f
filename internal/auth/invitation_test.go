package auth_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/store/storetest"
)

// An invitation link works once even when several accounts use it at the
// same moment; only owners invite; an account with the invited address
// gets nothing without the link.
func TestInvitationIsSingleUse(t *testing.T) {
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
	if _, _, err := svc.Invite(ctx, bo, team, "cy@example.com", auth.Viewer); !errors.Is(err, auth.ErrForbidden) {
		t.Errorf("an editor invites = %v; want ErrForbidden", err)
	}
	secret, inv, err := svc.Invite(ctx, ana, team, "cy@example.com", auth.Commenter)
	if err != nil {
		t.Fatal(err)
	}
	if !inv.ExpiresAt.After(inv.CreatedAt) {
		t.Errorf("the invitation expires at %v, made at %v", inv.ExpiresAt, inv.CreatedAt)
	}
	cy, err := svc.CreateUser(ctx, auth.NewUser{Email: "cy@example.com", Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	if role, _ := svc.RoleIn(ctx, cy.ID, team); role != auth.None {
		t.Fatalf("an account made with the invited address is %s in the team without the link", role)
	}
	var users []auth.User
	for _, e := range []string{"d1@example.com", "d2@example.com", "d3@example.com", "d4@example.com"} {
		u, err := svc.CreateUser(ctx, auth.NewUser{Email: e, Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	errs := make([]error, len(users))
	var wg sync.WaitGroup
	for i, u := range users {
		wg.Go(func() { _, errs[i] = svc.AcceptInvitation(ctx, u, secret) })
	}
	wg.Wait()
	joined := 0
	for i, err := range errs {
		switch {
		case err == nil:
			joined++
		case !errors.Is(err, auth.ErrInvitationUsed):
			t.Errorf("accept %d = %v; want nil or ErrInvitationUsed", i, err)
		}
	}
	if joined != 1 {
		t.Errorf("%d accounts joined through one link at once; want 1", joined)
	}
}
