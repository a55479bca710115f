package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/web"
)

// A review's requester cannot approve it under another credential: not
// with a second token, not in a browser session; another account can.
func TestRequesterCannotApproveOwnReview(t *testing.T) {
	w := newWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	w.account("bo@example.com", team, auth.Commenter)
	first := w.api(w.token(ana, team, auth.Owner))
	id := first.create(readFile(t, "../../examples/three-tier.json"))
	first.post("/api/v1/designs/"+id+"/ops", ops(1, fmt.Sprintf(subnetOp, "app-c", "10.0.12.0/24")))
	r := first.post("/api/v1/designs/"+id+"/reviews", `{"since":"1"}`)
	if r.status != http.StatusCreated {
		t.Fatalf("ask for a review = %d %s", r.status, r.body)
	}
	rid := int(r.json(t)["id"].(float64))
	apiVerdict := fmt.Sprintf("/api/v1/designs/%s/reviews/%d/verdict", id, rid)
	pageVerdict := fmt.Sprintf("/designs/%s/reviews/%d/verdict", id, rid)

	secret, _, err := w.auth.CreateToken(context.Background(), ana, team, auth.Editor, "second")
	if err != nil {
		t.Fatal(err)
	}
	second := w.api(secret)
	if r := second.post(apiVerdict, `{"verdict":"approve"}`); r.status != http.StatusForbidden {
		t.Errorf("the requester approves with a second token = %d %s; want 403", r.status, r.body)
	}
	session := w.signIn("ana@example.com")
	session.refreshCSRF("/designs/" + id)
	if r := session.form(pageVerdict, url.Values{"verdict": {"approve"}}); r.status != http.StatusForbidden {
		t.Errorf("the requester approves in a browser session = %d %.200s; want 403", r.status, r.body)
	}
	if r := session.post(apiVerdict, `{"verdict":"approve"}`); r.status != http.StatusForbidden {
		t.Errorf("the requester approves through the API in a browser session = %d %.200s; want 403", r.status, r.body)
	}
	list := first.get("/api/v1/designs/" + id + "/reviews").json(t)["reviews"].([]any)
	if rv := list[0].(map[string]any); rv["state"] != "open" || len(rv["verdicts"].([]any)) != 0 {
		t.Fatalf("after the requester's attempts the review is %v with verdicts %v; want open with none", rv["state"], rv["verdicts"])
	}
	bo := w.signIn("bo@example.com")
	bo.refreshCSRF("/designs/" + id)
	if r := bo.form(pageVerdict, url.Values{"verdict": {"approve"}}); r.status != http.StatusSeeOther {
		t.Fatalf("another account approves = %d %.200s; want 303", r.status, r.body)
	}
	// One account has one verdict, whichever credential gave it.
	boUser := mustUser(t, w, "bo@example.com")
	if r := w.api(w.token(boUser, team, auth.Commenter)).post(apiVerdict, `{"verdict":"request_changes"}`); r.status != http.StatusOK {
		t.Fatalf("bo asks for changes with a token = %d %s", r.status, r.body)
	}
	list = first.get("/api/v1/designs/" + id + "/reviews").json(t)["reviews"].([]any)
	if rv := list[0].(map[string]any); rv["state"] != "changes_requested" || len(rv["verdicts"].([]any)) != 1 {
		t.Errorf("after bo's approval by session and request for changes by token: %v with %d verdicts; want changes_requested with 1",
			rv["state"], len(rv["verdicts"].([]any)))
	}
}

// Session tokens are kept only as their SHA-256: whoever reads the
// sessions table cannot take over a session, and the session still works.
func TestSessionTokensAreHashedAtRest(t *testing.T) {
	w := newWorld(t, web.Options{})
	w.account("ana@example.com", "", 0)
	c := w.signIn("ana@example.com")
	token := c.cookie("vpcboard_session")
	if token == "" {
		t.Fatal("no session cookie after sign-in")
	}
	rows, err := w.store.Pool().Query(context.Background(), `SELECT token FROM sessions`)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(token))
	if slices.Contains(keys, token) || !slices.Contains(keys, hex.EncodeToString(sum[:])) {
		t.Errorf("sessions table keys %q; want the SHA-256 of the cookie's token, not the token", keys)
	}
	if r := c.get("/api/v1/me"); r.status != http.StatusOK || !strings.Contains(string(r.body), "ana@example.com") {
		t.Errorf("GET /api/v1/me with the session = %d %s", r.status, r.body)
	}
	stolen := &client{t: t, base: w.base}
	if r := stolen.do("GET", "/api/v1/me", "", nil, "Cookie", "vpcboard_session="+keys[0]); r.status != http.StatusUnauthorized {
		t.Errorf("the stored key as a cookie = %d; want 401", r.status)
	}
}

// Common and contextual passwords are refused at sign-up and at a
// password change, with a message naming the field.
func TestWeakPasswordsRefused(t *testing.T) {
	w := newWorld(t, web.Options{SignUp: true})
	cy := w.anonymous()
	cy.refreshCSRF("/signup")
	for _, pw := range []string{"1234567890", "cy.jones.2026!", "vpcboard rocks"} {
		r := cy.form("/signup", url.Values{"email": {"cy.jones@example.com"}, "password": {pw}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(string(r.body), "password") {
			t.Errorf("sign up with password %q = %d %.300s; want 422 naming the password", pw, r.status, r.body)
		}
	}
	if _, err := w.auth.UserByEmail(context.Background(), "cy.jones@example.com"); err == nil {
		t.Error("a refused sign-up made the account")
	}
	w.account("ana@example.com", "", 0)
	ana := w.signIn("ana@example.com")
	r := ana.form("/account/password", url.Values{"old": {password}, "new": {"ana@example.com"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(string(r.body), "new password") {
		t.Errorf("change to the email as password = %d %.300s; want 422 naming the new password", r.status, r.body)
	}
	if r := ana.get("/api/v1/me"); r.status != http.StatusOK {
		t.Errorf("the refused change ended the session: %d", r.status)
	}
}
