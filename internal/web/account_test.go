package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

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

var invitationLink = regexp.MustCompile(`/join/(vpci_[A-Za-z0-9_-]+)`)

// invite invites email to team as role from the team page, as its owner
// does, and returns the link's secret shown once.
func invite(t *testing.T, owner *client, team, email, role string) string {
	t.Helper()
	owner.refreshCSRF("/teams/" + team)
	r := owner.form("/teams/"+team+"/invite", url.Values{"email": {email}, "role": {role}})
	m := invitationLink.FindSubmatch(r.body)
	if r.status != http.StatusOK || m == nil {
		t.Fatalf("invite %s = %d with no link %.300s", email, r.status, r.body)
	}
	return string(m[1])
}

// teamsOf is what GET /api/v1/me says of a client's teams: role by team.
func teamsOf(t *testing.T, c *client) map[string]string {
	t.Helper()
	r := c.get("/api/v1/me")
	if r.status != http.StatusOK {
		t.Fatalf("GET /api/v1/me = %d %s", r.status, r.body)
	}
	out := map[string]string{}
	for _, tm := range r.json(t)["teams"].([]any) {
		out[tm.(map[string]any)["id"].(string)] = tm.(map[string]any)["role"].(string)
	}
	return out
}

// An invitation is joined through its link only: whoever signs up with
// the invited address without it gets nothing. The link works once, by
// sign-up, sign-in or a signed-in click; a used, expired or withdrawn link
// is refused with a page that says so. Its secret is stored hashed and
// never logged.
func TestInvitationLinks(t *testing.T) {
	var buf syncBuffer
	w := newWorld(t, web.Options{SignUp: true, Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	_, team := w.account("ana@example.com", "", 0)
	ana := w.signIn("ana@example.com")
	secret := invite(t, ana, team, "cy@example.com", "commenter")

	// The old attack: an outsider signs up first with the invited address.
	outsider := w.anonymous()
	outsider.refreshCSRF("/signup")
	outsider.form("/signup", url.Values{"email": {"cy@example.com"}, "password": {password}})
	outsider = w.signIn("cy@example.com")
	if role, ok := teamsOf(t, outsider)[team]; ok {
		t.Fatalf("an outsider who signed up with the invited address is %s in the team; want nothing", role)
	}

	// At rest only the SHA-256 of the secret; not in the log.
	ctx := context.Background()
	var plain, hashed int
	sum := sha256.Sum256([]byte(secret))
	if err := w.store.Pool().QueryRow(ctx, `SELECT count(*) FILTER (WHERE i::text LIKE '%' || $1 || '%'), count(*) FILTER (WHERE hash = $2) FROM invitations i`,
		secret, sum[:]).Scan(&plain, &hashed); err != nil {
		t.Fatal(err)
	}
	if plain != 0 || hashed != 1 {
		t.Errorf("invitations rows with the secret: %d, with its SHA-256: %d; want 0 and 1", plain, hashed)
	}

	// The link, opened, says what it joins; signing up through it joins.
	dee := w.anonymous()
	page := dee.get("/join/" + secret)
	if page.status != http.StatusOK || !strings.Contains(string(page.body), "as commenter") {
		t.Fatalf("open the invitation link = %d %.300s", page.status, page.body)
	}
	dee.csrf = string(csrfMeta.FindSubmatch(page.body)[1])
	r := dee.form("/signup", url.Values{"email": {"dee@example.com"}, "password": {password}, "invitation": {secret}})
	if r.status != http.StatusOK || !strings.Contains(string(r.body), `name="invitation"`) {
		t.Fatalf("sign up through the link = %d %.300s; want the sign-in form, still with the invitation", r.status, r.body)
	}
	// The answer's sign-in form (which carries the link, so that an
	// account that existed joins when it signs in) opens the team.
	dee.csrf = string(csrfMeta.FindSubmatch(r.body)[1])
	r = dee.form("/login", url.Values{"email": {"dee@example.com"}, "password": {password}, "invitation": {secret}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/teams/"+team {
		t.Errorf("sign in after signing up through the link = %d to %q; want 303 to the team", r.status, r.header.Get("Location"))
	}
	if role := teamsOf(t, dee)[team]; role != "commenter" {
		t.Errorf("dee's role after signing up through the link = %q; want commenter", role)
	}

	// Used: refused, by the page and by sign-in through it.
	if r := w.anonymous().get("/join/" + secret); r.status != http.StatusGone || !strings.Contains(string(r.body), "used already") {
		t.Errorf("open a used link = %d %.300s; want 410 saying it was used", r.status, r.body)
	}
	w.account("eve@example.com", "", 0)
	eve := w.anonymous()
	eve.refreshCSRF("/login")
	if r := eve.form("/login", url.Values{"email": {"eve@example.com"}, "password": {password}, "invitation": {secret}}); r.status != http.StatusGone {
		t.Errorf("sign in through a used link = %d; want 410", r.status)
	}
	if _, ok := teamsOf(t, eve)[team]; ok {
		t.Error("eve joined through a used link")
	}

	// Sign-in through a fresh link joins an existing account.
	w.account("bo@example.com", "", 0)
	boSecret := invite(t, ana, team, "bo@example.com", "viewer")
	bo := w.anonymous()
	bo.refreshCSRF("/join/" + boSecret)
	r = bo.form("/login", url.Values{"email": {"bo@example.com"}, "password": {password}, "invitation": {boSecret}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/teams/"+team {
		t.Errorf("sign in through the link = %d to %q; want 303 to the team", r.status, r.header.Get("Location"))
	}
	if role := teamsOf(t, bo)[team]; role != "viewer" {
		t.Errorf("bo's role after signing in through the link = %q; want viewer", role)
	}

	// A signed-in account joins with a click; expired and withdrawn links
	// are refused, saying why.
	fay, _ := w.account("fay@example.com", "", 0)
	fayWeb := w.signIn("fay@example.com")
	expired := invite(t, ana, team, "fay@example.com", "editor")
	if _, err := w.store.Pool().Exec(ctx, `UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE hash = $1`, hashOf(expired)); err != nil {
		t.Fatal(err)
	}
	fayWeb.refreshCSRF("/account")
	if r := fayWeb.form("/join/"+expired, nil); r.status != http.StatusGone || !strings.Contains(string(r.body), "expired") {
		t.Errorf("join through an expired link = %d %.300s; want 410 saying it expired", r.status, r.body)
	}
	withdrawn := invite(t, ana, team, "fay@example.com", "editor")
	if r := ana.form("/teams/"+team+"/invitations/cancel", url.Values{"email": {"fay@example.com"}}); r.status != http.StatusOK {
		t.Fatalf("withdraw = %d", r.status)
	}
	if r := fayWeb.form("/join/"+withdrawn, nil); r.status != http.StatusGone || !strings.Contains(string(r.body), "withdrawn") {
		t.Errorf("join through a withdrawn link = %d %.300s; want 410 saying it was withdrawn", r.status, r.body)
	}
	if r := w.anonymous().get("/join/vpci_nosuchlink"); r.status != http.StatusNotFound {
		t.Errorf("open an unknown link = %d; want 404", r.status)
	}
	fresh := invite(t, ana, team, "fay@example.com", "editor")
	if r := fayWeb.form("/join/"+fresh, nil); r.status != http.StatusSeeOther {
		t.Errorf("join through a fresh link = %d %.300s", r.status, r.body)
	}
	if role, _ := w.auth.RoleIn(ctx, fay.ID, team); role != auth.Editor {
		t.Errorf("fay's role after joining = %s; want editor", role)
	}
	log := buf.String()
	for _, s := range []string{secret, boSecret, expired, withdrawn, fresh} {
		if strings.Contains(log, s) {
			t.Errorf("the log has an invitation's secret")
		}
	}
	if !strings.Contains(log, "/join/…") {
		t.Errorf("the log has no masked invitation request:\n%.2000s", log)
	}
}

func hashOf(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}

// Sign-up does not tell whether an address has an account: the answer is
// the same (the sign-in form, filled in, with a notice that fits both),
// the existing account is untouched, and the honest newcomer signs in
// from that page.
func TestSignUpDoesNotRevealAccounts(t *testing.T) {
	w := newWorld(t, web.Options{SignUp: true})
	w.account("ana@example.com", "", 0)
	signUp := func(email, pw string) (*client, response) {
		c := w.anonymous()
		c.refreshCSRF("/signup")
		return c, c.form("/signup", url.Values{"email": {email}, "password": {pw}})
	}
	fresh, newcomer := signUp("cy@example.com", password)
	_, taken := signUp("ana@example.com", "walnut copper tundra")
	normalize := func(r response) string {
		body := csrfMeta.ReplaceAllString(string(r.body), "")
		body = regexp.MustCompile(`name="_csrf" value="[^"]*"`).ReplaceAllString(body, "")
		return strings.NewReplacer("cy@example.com", "EMAIL", "ana@example.com", "EMAIL").Replace(body)
	}
	sessionSet := func(r response) bool {
		return slices.ContainsFunc(r.header.Values("Set-Cookie"), func(s string) bool { return strings.HasPrefix(s, "vpcboard_session=") })
	}
	// A visitor has a session of its own (it holds the CSRF token of the
	// sign-in form): the answer may renew it, the same way for both, but
	// never signs anyone in.
	if newcomer.status != taken.status || normalize(newcomer) != normalize(taken) || sessionSet(newcomer) != sessionSet(taken) {
		t.Errorf("sign-up of a new address = %d, of an address with an account = %d; want the same answer\nnew:   %.400s\ntaken: %.400s",
			newcomer.status, taken.status, normalize(newcomer), normalize(taken))
	}
	if r := fresh.get("/account"); r.status != http.StatusSeeOther {
		t.Errorf("GET /account after sign-up = %d; want 303 to the sign-in form (sign-up signs nobody in)", r.status)
	}
	if !strings.Contains(string(newcomer.body), `action="/login"`) || !strings.Contains(string(newcomer.body), `value="cy@example.com"`) {
		t.Errorf("the answer to sign-up is not the sign-in form filled in: %.400s", newcomer.body)
	}
	// The existing account keeps its password; the newcomer signs in from
	// the page they got.
	w.signIn("ana@example.com")
	c := w.anonymous()
	c.refreshCSRF("/login")
	if r := c.form("/login", url.Values{"email": {"ana@example.com"}, "password": {"walnut copper tundra"}}); r.status != http.StatusUnauthorized {
		t.Errorf("sign in to ana with the sign-up's password = %d; want 401", r.status)
	}
	fresh.csrf = string(csrfMeta.FindSubmatch(newcomer.body)[1])
	if r := fresh.form("/login", url.Values{"email": {"cy@example.com"}, "password": {password}, "next": {"/"}}); r.status != http.StatusSeeOther {
		t.Errorf("the newcomer signs in from the answer's form = %d", r.status)
	}
	if r := fresh.get("/api/v1/me"); r.status != http.StatusOK {
		t.Errorf("the newcomer after signing in: %d", r.status)
	}
}

// A stranger guessing an owner's password cannot lock the owner out: the
// owner signs in from an address it signed in from before while the
// stranger, from another, waits longer after each failure, and guessing
// from addresses the owner never used stops at the per-account limit.
func TestStrangerCannotLockOwnerOut(t *testing.T) {
	w := newWorld(t, web.Options{TrustProxy: true, SignInRate: 1e6, SignInBurst: 1e6,
		Auth: auth.Options{Backoff: time.Hour}}) // an hour: the backoff cannot run out during the test
	w.account("ana@example.com", "", 0)
	from := func(addr, pw string) response {
		c := w.anonymous()
		c.refreshCSRF("/login")
		return c.do("POST", "/login", "application/x-www-form-urlencoded",
			strings.NewReader(url.Values{"email": {"ana@example.com"}, "password": {pw}}.Encode()), "X-Forwarded-For", addr)
	}
	const home, stranger, botnet = "198.51.100.7", "203.0.113.9", "192.0.2."
	if r := from(home, password); r.status != http.StatusSeeOther {
		t.Fatalf("ana signs in from home = %d", r.status)
	}
	var codes []int
	for i := range 10 {
		codes = append(codes, from(stranger, fmt.Sprintf("guess-%d-wrong", i)).status)
	}
	want := []int{401, 401, 401, 429, 429, 429, 429, 429, 429, 429}
	if !slices.Equal(codes, want) {
		t.Errorf("ten guesses from one address = %v; want %v (three failures, then a backoff)", codes, want)
	}
	if r := from(stranger, password); r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Errorf("the right password from the stranger's address during its backoff = %d (Retry-After %q); want 429", r.status, r.header.Get("Retry-After"))
	}
	// Guesses from other addresses meet the per-account limit (five).
	for i := range 2 {
		if r := from(fmt.Sprintf("%s%d", botnet, i+1), "another-wrong-guess"); r.status != http.StatusUnauthorized {
			t.Errorf("guess %d from a new address = %d; want 401", i+4, r.status)
		}
	}
	if r := from(botnet+"99", password); r.status != http.StatusTooManyRequests {
		t.Errorf("the right password from an unknown address after five failures = %d; want 429", r.status)
	}
	if r := from(home, password); r.status != http.StatusSeeOther {
		t.Errorf("ana signs in from home while strangers guess = %d %.200s; want 303", r.status, r.body)
	}
}
