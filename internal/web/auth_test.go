package web_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/live"
	"github.com/vpcboard/vpcboard/internal/web"
)

// Signing in gives a new session token: one planted in the browser
// before (session fixation), or the guest session it had, is worth
// nothing afterwards.
func TestSignInRotatesTheSession(t *testing.T) {
	w := newWorld(t, web.Options{})
	w.account("ana@example.com", "", 0)
	c := w.anonymous()
	u, _ := url.Parse(w.base)
	c.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "vpcboard_session", Value: "planted-by-an-attacker", Path: "/"}})
	c.refreshCSRF("/login")
	if r := c.form("/login", url.Values{"email": {"ana@example.com"}, "password": {password}}); r.status != http.StatusSeeOther {
		t.Fatalf("sign in = %d", r.status)
	}
	after := c.cookie("vpcboard_session")
	if after == "" || after == "planted-by-an-attacker" {
		t.Fatalf("session cookie after sign-in = %q; want a new token", after)
	}
	// A guest session (a share link redeemed) becomes a new one at sign-in.
	w.account("bo@example.com", "", 0)
	bo := w.signIn("bo@example.com")
	id := w.api(w.token(mustUser(t, w, "bo@example.com"), teamOf(t, w, "bo@example.com"), auth.Owner)).create(readFile(t, "../../examples/three-tier.json"))
	secret := shareLinkAs(t, bo, id)
	g := w.anonymous()
	if r := g.get("/s/" + secret); r.status != http.StatusSeeOther {
		t.Fatalf("open share link = %d", r.status)
	}
	guest := g.cookie("vpcboard_session")
	if guest == "" {
		t.Fatal("no session after opening a share link")
	}
	g.refreshCSRF("/login")
	if r := g.form("/login", url.Values{"email": {"ana@example.com"}, "password": {password}}); r.status != http.StatusSeeOther {
		t.Fatalf("sign in = %d", r.status)
	}
	if now := g.cookie("vpcboard_session"); now == guest || now == "" {
		t.Errorf("session cookie kept its token across sign-in")
	}
	old := &client{t: t, base: w.base}
	if r := old.do("GET", "/api/v1/me", "", nil, "Cookie", "vpcboard_session="+guest); r.status != http.StatusUnauthorized {
		t.Errorf("the guest session's old token after sign-in = %d; want 401", r.status)
	}
	if r := g.get("/api/v1/me"); r.status != 200 || !strings.Contains(string(r.body), "ana@example.com") {
		t.Errorf("GET /api/v1/me with the new session = %d %s", r.status, r.body)
	}
	// Sign-out ends the session on the server, not only in the browser.
	token := g.cookie("vpcboard_session")
	g.refreshCSRF("/account") // signing in gave the session a new CSRF token
	if r := g.form("/logout", nil); r.status != http.StatusSeeOther {
		t.Fatalf("sign out = %d", r.status)
	}
	if r := old.do("GET", "/api/v1/me", "", nil, "Cookie", "vpcboard_session="+token); r.status != http.StatusUnauthorized {
		t.Errorf("a signed-out session's token = %d; want 401", r.status)
	}
}

func mustUser(t *testing.T, w *world, email string) auth.User {
	t.Helper()
	u, err := w.auth.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func teamOf(t *testing.T, w *world, email string) string {
	t.Helper()
	teams, err := w.auth.TeamsOf(context.Background(), mustUser(t, w, email).ID)
	if err != nil || len(teams) == 0 {
		t.Fatalf("teams of %s: %v", email, err)
	}
	return teams[0].ID
}

// shareLinkAs makes a share link with a signed-in owner's client.
func shareLinkAs(t *testing.T, owner *client, id string) string {
	t.Helper()
	r := owner.form("/designs/"+id+"/share", nil)
	m := regexp.MustCompile(`/s/(vpcs_[A-Za-z0-9_-]+)`).FindSubmatch(r.body)
	if r.status != 200 || m == nil {
		t.Fatalf("make a share link = %d %s", r.status, r.body)
	}
	return string(m[1])
}

// openSocket dials a design's websocket as c from the page's origin, or
// fails the test.
func openSocket(t *testing.T, w *world, c *client, path string) *websocket.Conn {
	t.Helper()
	conn, res, err := c.socket(path, w.base)
	if err != nil {
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		t.Fatalf("open %s: %v (%d)", path, err, status)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// closedForAccess reads until the socket closes and says whether it
// closed for revoked access.
func closedForAccess(conn *websocket.Conn) error {
	if code, err := closeCode(conn); code != live.CloseRevoked {
		return fmt.Errorf("the socket ended otherwise: %v", err)
	}
	return nil
}

// closeCode reads until the socket closes and returns its close code (0
// when it ended without one) and the error that ended it. The deadline
// only bounds a failing test.
func closeCode(conn *websocket.Conn) (int, error) {
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	for {
		_, _, err := conn.ReadMessage()
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code, err
		}
		return 0, err
	}
}

// Revoking a token, removing a member, revoking a share link and signing
// out take effect at once: the next request is refused and the open
// websockets of that credential close.
func TestRevocationClosesWebsockets(t *testing.T) {
	w := newLiveWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	bo, _ := w.account("bo@example.com", team, auth.Editor)
	anaAPI := w.api(w.token(ana, team, auth.Owner))
	id := anaAPI.create(readFile(t, "../../examples/three-tier.json"))
	anaWeb := w.signIn("ana@example.com")

	// A token: revoked on the account page.
	ci, _, err := w.auth.CreateToken(context.Background(), ana, team, auth.Viewer, "ci")
	if err != nil {
		t.Fatal(err)
	}
	ciClient := w.api(ci)
	tokenSock := openSocket(t, w, ciClient, "/api/v1/designs/"+id+"/live")
	tokens, _ := w.auth.Tokens(context.Background(), ana)
	var ciID int64
	for _, tk := range tokens {
		if tk.Name == "ci" {
			ciID = tk.ID
		}
	}
	if r := anaWeb.form(fmt.Sprintf("/account/tokens/%d/revoke", ciID), nil); r.status != 200 {
		t.Fatalf("revoke = %d %s", r.status, r.body)
	}
	if r := ciClient.get("/api/v1/designs/" + id); r.status != http.StatusUnauthorized {
		t.Errorf("a revoked token = %d; want 401", r.status)
	}
	if err := closedForAccess(tokenSock); err != nil {
		t.Errorf("the revoked token's websocket: %v", err)
	}

	// A member removed: bo's designer websocket closes.
	boWeb := w.signIn("bo@example.com")
	boSock := openSocket(t, w, boWeb, "/designs/"+id+"/ws")
	if r := anaWeb.form(fmt.Sprintf("/teams/%s/members/%d/remove", team, bo.ID), nil); r.status != 200 {
		t.Fatalf("remove bo = %d %s", r.status, r.body)
	}
	if r := boWeb.get("/api/v1/designs/" + id); r.status != http.StatusNotFound {
		t.Errorf("a removed member reads the design: %d; want 404", r.status)
	}
	if err := closedForAccess(boSock); err != nil {
		t.Errorf("the removed member's websocket: %v", err)
	}

	// A share link revoked: the guest's websocket closes.
	secret := shareLinkAs(t, anaWeb, id)
	guest := w.anonymous()
	guest.get("/s/" + secret)
	guestSock := openSocket(t, w, guest, "/designs/"+id+"/ws")
	links, _ := w.auth.ShareLinks(context.Background(), id)
	anaWeb.refreshCSRF("/designs/" + id + "/share")
	if r := anaWeb.form(fmt.Sprintf("/designs/%s/share/%d/revoke", id, links[0].ID), nil); r.status != http.StatusSeeOther {
		t.Fatalf("revoke the link = %d %s", r.status, r.body)
	}
	if r := guest.get("/designs/" + id); !denied(r) {
		t.Errorf("a revoked share link opens the design: %d", r.status)
	}
	if err := closedForAccess(guestSock); err != nil {
		t.Errorf("the revoked share link's websocket: %v", err)
	}

	// Sign-out closes the session's websockets; ana's token's stay open.
	sessSock := openSocket(t, w, anaWeb, "/designs/"+id+"/ws")
	apiSock := openSocket(t, w, anaAPI, "/api/v1/designs/"+id+"/live")
	if r := anaWeb.form("/logout", nil); r.status != http.StatusSeeOther {
		t.Fatalf("sign out = %d", r.status)
	}
	if err := closedForAccess(sessSock); err != nil {
		t.Errorf("the signed-out session's websocket: %v", err)
	}
	anaAPI.post("/api/v1/designs/"+id+"/ops", ops(1, fmt.Sprintf(subnetOp, "app-z", "10.0.77.0/24")))
	apiSock.SetReadDeadline(time.Now().Add(20 * time.Second))
	if _, msg, err := apiSock.ReadMessage(); err != nil || !strings.Contains(string(msg), "app-z") {
		t.Errorf("the token's stream after the session ended: %v %s; want the next version", err, msg)
	}
}

// A websocket from a page of another site is refused, even with the
// user's cookies.
func TestCrossOriginWebsocketRefused(t *testing.T) {
	w := newLiveWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	id := w.api(w.token(ana, team, auth.Owner)).create(readFile(t, "../../examples/three-tier.json"))
	c := w.signIn("ana@example.com")
	_, res, err := c.socket("/designs/"+id+"/ws", "https://evil.example")
	if err == nil || res == nil || res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin websocket: %v; want 403", err)
	}
	openSocket(t, w, c, "/designs/"+id+"/ws") // same origin opens
}

// Guessing a password is throttled: after five failures the right
// password is refused too, for that handle from addresses that have not
// signed in to it, until the window passes; others still sign in.
// (TestStrangerCannotLockOwnerOut tests the backoff per address and the
// owner's own address.) Expensive endpoints are rate-limited per account.
func TestBruteForceIsThrottled(t *testing.T) {
	w := newWorld(t, web.Options{ExpensiveRate: 0.001, ExpensiveBurst: 3, Auth: auth.Options{Backoff: time.Nanosecond}})
	ana, team := w.account("ana@example.com", "", 0)
	w.account("bo@example.com", "", 0)
	c := w.anonymous()
	c.refreshCSRF("/login")
	for i := range 5 {
		r := c.form("/login", url.Values{"email": {"ana@example.com"}, "password": {fmt.Sprintf("guess-%d-wrong", i)}})
		if r.status != http.StatusUnauthorized {
			t.Fatalf("wrong password %d = %d; want 401", i, r.status)
		}
	}
	r := c.form("/login", url.Values{"email": {"ana@example.com"}, "password": {password}})
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Errorf("right password after five failures = %d (Retry-After %q); want 429", r.status, r.header.Get("Retry-After"))
	}
	if me := c.get("/api/v1/me"); me.status != http.StatusUnauthorized {
		t.Errorf("after the refused sign-in the browser is signed in: %d", me.status)
	}
	if !strings.Contains(string(r.body), "too many failed sign-ins") {
		t.Errorf("the page does not say why: %.300s", r.body)
	}
	w.signIn("bo@example.com") // another handle is not locked

	api := w.api(w.token(ana, team, auth.Owner))
	id := api.create(readFile(t, "../../examples/three-tier.json")) // the first of the burst of three
	var codes []int
	for range 3 {
		codes = append(codes, api.get("/api/v1/designs/"+id+"/matrix").status)
	}
	if codes[0] != 200 || codes[1] != 200 || codes[2] != http.StatusTooManyRequests {
		// (the rate refills one request in 1,000 s: no refill during the test)
		t.Errorf("a design made, then three matrix requests, with a burst of three = %v; want 200 200 429", codes)
	}
}

// A second team's member sees nothing of the first team's designs: not in
// the lists (page and API), not the design, its SVG or its findings, and
// no live message of it.
func TestOtherTeamSeesNothing(t *testing.T) {
	w := newLiveWorld(t, web.Options{Renderer: renderer(t)})
	ana, team := w.account("ana@example.com", "", 0)
	bo, boTeam := w.account("bo@example.com", "", 0)
	anaAPI := w.api(w.token(ana, team, auth.Owner))
	secretName := "ana-secret-network"
	id := anaAPI.create(strings.Replace(readFile(t, "../../examples/three-tier.json"), `"name": "three-tier"`, `"name": "`+secretName+`"`, 1))
	boAPI := w.api(w.token(bo, boTeam, auth.Owner))
	boOwn := boAPI.create(readFile(t, "../../examples/three-tier.json"))
	boWeb := w.signIn("bo@example.com")
	for _, c := range []*client{boAPI, boWeb} {
		for _, path := range []string{"/", "/api/v1/designs"} {
			r := c.get(path)
			if r.status != 200 || strings.Contains(string(r.body), id) || strings.Contains(string(r.body), secretName) {
				t.Errorf("GET %s for bo = %d and shows ana's design", path, r.status)
			}
			if !strings.Contains(string(r.body), boOwn) {
				t.Errorf("GET %s for bo does not show bo's own design", path)
			}
		}
		for _, path := range []string{"/designs/" + id, "/designs/" + id + "/diagram", "/designs/" + id + "/fragments",
			"/api/v1/designs/" + id, "/api/v1/designs/" + id + "/findings", "/api/v1/designs/" + id + "/export?format=terraform"} {
			if r := c.get(path); r.status != http.StatusNotFound || strings.Contains(string(r.body), secretName) || strings.Contains(string(r.body), "<svg") {
				t.Errorf("GET %s for bo = %d; want 404 and nothing of the design", path, r.status)
			}
		}
	}
	// bo's live socket on his own design hears nothing of ana's edits.
	sock := openSocket(t, w, boWeb, "/designs/"+boOwn+"/ws")
	anaAPI.post("/api/v1/designs/"+id+"/ops", ops(1, fmt.Sprintf(subnetOp, "app-q", "10.0.88.0/24")))
	boAPI.post("/api/v1/designs/"+boOwn+"/ops", ops(1, fmt.Sprintf(subnetOp, "bo-own", "10.0.89.0/24")))
	sock.SetReadDeadline(time.Now().Add(20 * time.Second))
	for {
		_, msg, err := sock.ReadMessage()
		if err != nil {
			t.Fatalf("bo's socket: %v", err)
		}
		if strings.Contains(string(msg), "app-q") || strings.Contains(string(msg), id) {
			t.Fatalf("bo's socket carried ana's edit: %s", msg)
		}
		if strings.Contains(string(msg), "bo-own") {
			break // bo's own edit arrived; ana's, made before it, did not
		}
	}
}

// Changing the password ends every other session of the account.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	w := newWorld(t, web.Options{})
	w.account("ana@example.com", "", 0)
	laptop, phone := w.signIn("ana@example.com"), w.signIn("ana@example.com")
	r := laptop.form("/account/password", url.Values{"old": {password}, "new": {"a much longer new passphrase"}})
	if r.status != 200 || !strings.Contains(string(r.body), "Password changed") {
		t.Fatalf("change password = %d %.300s", r.status, r.body)
	}
	if r := laptop.get("/api/v1/me"); r.status != 200 {
		t.Errorf("the session that changed it = %d; want 200", r.status)
	}
	if r := phone.get("/api/v1/me"); r.status != http.StatusUnauthorized {
		t.Errorf("another session after the change = %d; want 401", r.status)
	}
	if r := laptop.form("/account/password", url.Values{"old": {"wrong"}, "new": {"another long passphrase"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("change with a wrong current password = %d; want 422", r.status)
	}
}

// A token acts with at most its user's current role: demote the user and
// the token is demoted with them; a token never mints tokens.
func TestTokenFollowsItsUsersRole(t *testing.T) {
	w := newWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	bo, _ := w.account("bo@example.com", team, auth.Editor)
	id := w.api(w.token(ana, team, auth.Owner)).create(readFile(t, "../../examples/three-tier.json"))
	boAPI := w.api(w.token(bo, team, auth.Editor))
	if r := boAPI.post("/api/v1/designs/"+id+"/ops", ops(1, fmt.Sprintf(subnetOp, "app-c", "10.0.12.0/24"))); r.status != 200 {
		t.Fatalf("editor token edits = %d %s", r.status, r.body)
	}
	if _, _, err := w.auth.CreateToken(context.Background(), bo, team, auth.Owner, "more"); err == nil {
		t.Error("an editor made an owner token")
	}
	if err := w.auth.SetRole(context.Background(), ana, team, bo.ID, auth.Viewer); err != nil {
		t.Fatal(err)
	}
	if r := boAPI.post("/api/v1/designs/"+id+"/ops", ops(2, fmt.Sprintf(subnetOp, "app-d", "10.0.13.0/24"))); r.status != http.StatusForbidden {
		t.Errorf("the token of a user made viewer edits: %d; want 403", r.status)
	}
	if r := boAPI.form("/account/tokens", url.Values{"team": {team}, "role": {"viewer"}, "name": {"x"}}); r.status != http.StatusForbidden {
		t.Errorf("a token on the account page = %d; want 403", r.status)
	}
	// The last owner cannot leave or demote themselves.
	if err := w.auth.RemoveMember(context.Background(), ana, team, ana.ID); err == nil {
		t.Error("the last owner left the team")
	}
}

// Sign-up can be closed; an invitation link still makes an account,
// which joins the team.
func TestSignUpAndInvitations(t *testing.T) {
	w := newWorld(t, web.Options{})
	if r := w.anonymous().get("/signup"); r.status != http.StatusNotFound {
		t.Errorf("GET /signup with sign-up closed = %d; want 404", r.status)
	}
	_, team := w.account("ana@example.com", "", 0)
	ana := w.signIn("ana@example.com")
	secret := invite(t, ana, team, "cy@example.com", "commenter")
	cy := w.anonymous()
	cy.refreshCSRF("/join/" + secret)
	if r := cy.form("/signup", url.Values{"email": {"cy@example.com"}, "password": {"short"}}); r.status != http.StatusNotFound {
		t.Errorf("sign up without the link, sign-up closed = %d; want 404", r.status)
	}
	if r := cy.form("/signup", url.Values{"email": {"cy@example.com"}, "password": {"short"}, "invitation": {secret}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(string(r.body), "at least 10") {
		t.Errorf("sign up with a short password = %d", r.status)
	}
	if r := cy.form("/signup", url.Values{"email": {"cy@example.com"}, "password": {password}, "invitation": {secret}}); r.status != http.StatusOK {
		t.Fatalf("sign up = %d %s", r.status, r.body)
	}
	if role := teamsOf(t, w.signIn("cy@example.com"))[team]; role != "commenter" {
		t.Errorf("cy's role after sign-up through the link = %q; want commenter", role)
	}
}

// No password, token, share-link secret or session token reaches the log.
func TestNoSecretInLogs(t *testing.T) {
	var buf syncBuffer
	w := newWorld(t, web.Options{Logger: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	ana, team := w.account("ana@example.com", "", 0)
	token := w.token(ana, team, auth.Owner)
	api := w.api(token)
	id := api.create(readFile(t, "../../examples/three-tier.json"))
	c := w.signIn("ana@example.com")
	secret := shareLinkAs(t, c, id)
	g := w.anonymous()
	g.get("/s/" + secret)
	g.get("/designs/" + id)
	bad := w.anonymous()
	bad.refreshCSRF("/login")
	bad.form("/login", url.Values{"email": {"ana@example.com"}, "password": {"wrong-password-xyz"}})
	api.get("/api/v1/designs?token=" + token)
	log := buf.String()
	if !strings.Contains(log, "/api/v1/designs") {
		t.Fatalf("the log has no requests:\n%s", log)
	}
	for name, s := range map[string]string{"password": password, "wrong password": "wrong-password-xyz", "token": token,
		"share link": secret, "session": c.cookie("vpcboard_session"), "guest session": g.cookie("vpcboard_session")} {
		if s != "" && strings.Contains(log, s) {
			t.Errorf("the log has the %s", name)
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A client cannot dodge the sign-in limit per address by claiming another
// address in X-Forwarded-For (GO-2026-6872: echo trusts it by default;
// vpcboard only with TrustProxy).
func TestSpoofedForwardedForDoesNotBypassLimits(t *testing.T) {
	w := newWorld(t, web.Options{SignInRate: 0.001, SignInBurst: 2})
	c := w.anonymous()
	c.refreshCSRF("/login")
	var codes []int
	for i := range 3 {
		r := c.do("POST", "/login", "application/x-www-form-urlencoded", strings.NewReader("email=x%40example.com&password=wrong"),
			"X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i), "X-Real-IP", fmt.Sprintf("198.51.100.%d", i))
		codes = append(codes, r.status)
	}
	if codes[2] != http.StatusTooManyRequests {
		t.Errorf("three sign-ins from 'different' forwarded addresses with a burst of two = %v; want the third refused (429)", codes)
	}
}

// A session unused for its idle timeout ends (here four seconds: the
// server's default is 12 hours). The timeout must outlast signing in (the
// sign-in form's CSRF token lives in the visitor's session) on a loaded
// machine.
func TestIdleSessionEnds(t *testing.T) {
	w := newWorld(t, web.Options{SessionIdle: 4 * time.Second})
	w.account("ana@example.com", "", 0)
	c := w.signIn("ana@example.com")
	if r := c.get("/api/v1/me"); r.status != 200 {
		t.Fatalf("a fresh session = %d", r.status)
	}
	time.Sleep(5 * time.Second) // past the idle timeout; what is asserted is the refusal, not a duration
	if r := c.get("/api/v1/me"); r.status != http.StatusUnauthorized {
		t.Errorf("a session idle past its timeout = %d; want 401", r.status)
	}
}

// The audit trail of a team names who did what: accounts, invitations,
// tokens, share links and the revisions of its designs.
func TestAuditTrail(t *testing.T) {
	w := newWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	anaAPI := w.api(w.token(ana, team, auth.Owner))
	id := anaAPI.create(readFile(t, "../../examples/three-tier.json"))
	anaAPI.post("/api/v1/designs/"+id+"/ops", ops(1, fmt.Sprintf(subnetOp, "app-c", "10.0.12.0/24")))
	web := w.signIn("ana@example.com")
	web.refreshCSRF("/teams/" + team)
	web.form("/teams/"+team+"/invite", url.Values{"email": {"bo@example.com"}, "role": {"viewer"}})
	shareLinkAs(t, web, id)
	r := anaAPI.get("/api/v1/teams/" + team + "/audit")
	if r.status != 200 {
		t.Fatalf("audit = %d %s", r.status, r.body)
	}
	body := string(r.body)
	for _, want := range []string{`"action":"user.create"`, `"action":"token.create"`, `"action":"member.invite"`, `"detail":"bo@example.com as viewer"`,
		`"action":"share.create"`, `"action":"design.create"`, `"action":"design.edit"`, `"detail":"v2: added subnet app-c"`, `"actor":"ana@example.com (token test)"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the audit trail has no %s:\n%.3000s", want, body)
		}
	}
	if page := web.get("/teams/" + team + "/audit"); page.status != 200 || !strings.Contains(string(page.body), "member.invite") {
		t.Errorf("the audit page = %d", page.status)
	}
}
