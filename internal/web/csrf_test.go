package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/web"
)

// plant sets a cookie in the client's browser the way a page of a sibling
// subdomain or another port of the same host can (cookies are per host,
// not per origin).
func (c *client) plant(name, value string) {
	u, _ := url.Parse(c.base)
	c.hc.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// forge posts a form the way an attacker's same-site page makes the
// victim's browser post it: the victim's cookies, the attacker's fields,
// no header the page could not set.
func (c *client) forge(path string, v url.Values) response {
	c.t.Helper()
	token := c.csrf
	c.csrf = ""
	defer func() { c.csrf = token }()
	return c.do("POST", path, "application/x-www-form-urlencoded", strings.NewReader(v.Encode()),
		"Sec-Fetch-Site", "same-site", "Origin", "http://evil.localhost:8081")
}

// The CSRF token is bound to the session: a same-site attacker who plants
// a vpcboard_csrf cookie and a matching _csrf field, or who sends the
// token of its own session, cannot post on the victim's session; the
// victim's own forms work.
func TestCSRFTokenBoundToSession(t *testing.T) {
	w := newWorld(t, web.Options{})
	_, team := w.account("ana@example.com", "", 0)
	eve, _ := w.account("eve@example.com", team, auth.Viewer)
	ana := w.signIn("ana@example.com")
	attacker := w.signIn("eve@example.com")
	roleOfEve := func() auth.Role {
		t.Helper()
		r, err := w.auth.RoleIn(context.Background(), eve.ID, team)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	promote := fmt.Sprintf("/teams/%s/members/%d/role", team, eve.ID)
	forged := []struct {
		name   string
		cookie string // planted vpcboard_csrf, "" for none
		token  string
	}{
		{"planted cookie and field", "attacker-chosen", "attacker-chosen"},
		{"the attacker's own session's token", "", attacker.csrf},
		{"the attacker's token, planted as a cookie too", attacker.csrf, attacker.csrf},
		{"no token", "", ""},
	}
	for _, f := range forged {
		if f.cookie != "" {
			ana.plant("vpcboard_csrf", f.cookie)
		}
		r := ana.forge(promote, url.Values{"role": {"owner"}, "_csrf": {f.token}})
		if r.status != http.StatusForbidden {
			t.Errorf("%s: forged role change = %d; want 403", f.name, r.status)
		} else if code, field := r.errorOf(t); code != "csrf" || field != "_csrf" {
			t.Errorf("%s: forged role change = %s %s; want csrf _csrf", f.name, code, field)
		}
		if got := roleOfEve(); got != auth.Viewer {
			t.Fatalf("%s: after a forged request eve is %s; want viewer", f.name, got)
		}
	}
	// The victim's own page's token, in a form field or the header, works.
	r := ana.forge(promote, url.Values{"role": {"commenter"}, "_csrf": {ana.csrf}})
	if r.status != http.StatusOK || roleOfEve() != auth.Commenter {
		t.Errorf("role change with the page's token in _csrf = %d, eve is %s; want 200, commenter", r.status, roleOfEve())
	}
	if r := ana.form(promote, url.Values{"role": {"editor"}}); r.status != http.StatusOK || roleOfEve() != auth.Editor {
		t.Errorf("role change with the page's token in X-CSRF-Token = %d, eve is %s; want 200, editor", r.status, roleOfEve())
	}
	// A cross-site request is refused even with the right token.
	r = ana.do("POST", promote, "application/x-www-form-urlencoded", strings.NewReader(url.Values{"role": {"owner"}}.Encode()),
		"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	if r.status != http.StatusForbidden || roleOfEve() != auth.Editor {
		t.Errorf("cross-site role change = %d, eve is %s; want 403, editor", r.status, roleOfEve())
	}
}

// The sign-in form is bound to the visitor's session too (login CSRF): a
// planted token, or the token of the attacker's own visit, does not sign
// the victim's browser into the attacker's account.
func TestSignInFormNeedsTheVisitorsToken(t *testing.T) {
	w := newWorld(t, web.Options{})
	w.account("eve@example.com", "", 0)
	attacker := w.anonymous()
	attacker.refreshCSRF("/login")
	victim := w.anonymous()
	victim.refreshCSRF("/login")
	login := url.Values{"email": {"eve@example.com"}, "password": {password}}
	for _, f := range []struct{ name, cookie, token string }{
		{"planted cookie and field", "attacker-chosen", "attacker-chosen"},
		{"the attacker's visit's token", attacker.csrf, attacker.csrf},
	} {
		victim.plant("vpcboard_csrf", f.cookie)
		form := url.Values{"_csrf": {f.token}}
		for k, v := range login {
			form[k] = v
		}
		r := victim.forge("/login", form)
		if r.status != http.StatusForbidden {
			t.Errorf("%s: forged sign-in = %d; want 403", f.name, r.status)
		}
		if me := victim.get("/api/v1/me"); me.status != http.StatusUnauthorized {
			t.Errorf("%s: after a forged sign-in /api/v1/me = %d; want 401 (not signed in)", f.name, me.status)
		}
	}
	// A visitor with no session at all (the form was never loaded) is
	// refused too.
	fresh := w.anonymous()
	fresh.plant("vpcboard_csrf", "attacker-chosen")
	form := url.Values{"_csrf": {"attacker-chosen"}, "email": login["email"], "password": login["password"]}
	if r := fresh.forge("/login", form); r.status != http.StatusForbidden {
		t.Errorf("sign-in without a session = %d; want 403", r.status)
	}
}

// Signing in renews the session's token and gives a new CSRF token: the
// forms of the page after signing in work, and the token of the visit
// before (which whoever planted the session knows) no longer does.
func TestCSRFTokenAfterSignIn(t *testing.T) {
	w := newWorld(t, web.Options{})
	w.account("ana@example.com", "", 0)
	c := w.anonymous()
	c.refreshCSRF("/login")
	before, session := c.csrf, c.cookie("vpcboard_session")
	if session == "" {
		t.Fatal("the sign-in page gives a visitor no session")
	}
	r := c.form("/login", url.Values{"email": {"ana@example.com"}, "password": {password}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("sign in = %d %s; want 303", r.status, r.body)
	}
	if c.cookie("vpcboard_session") == session {
		t.Error("signing in kept the visitor's session token")
	}
	c.refreshCSRF(r.header.Get("Location"))
	if c.csrf == before {
		t.Error("signing in kept the visitor's CSRF token")
	}
	if r := c.form("/teams", url.Values{"name": {"After sign-in"}}); r.status != http.StatusSeeOther {
		t.Errorf("a form of the page after sign-in = %d %s; want 303", r.status, r.body)
	}
	after := c.csrf
	c.csrf = before
	if r := c.form("/teams", url.Values{"name": {"With the visitor's token"}}); r.status != http.StatusForbidden {
		t.Errorf("a form with the token of the visit before sign-in = %d; want 403", r.status)
	}
	c.csrf = after
	if r := c.form("/teams", url.Values{"name": {"Again"}}); r.status != http.StatusSeeOther {
		t.Errorf("a second form of the page after sign-in = %d %s; want 303", r.status, r.body)
	}
}

// An attacker who plants a session of its own in the victim's browser
// (a cookie of the same name from a sibling subdomain) knows that
// session's CSRF token; once the victim signs in on it, the token is
// worth nothing.
func TestPlantedSessionTokenDiesAtSignIn(t *testing.T) {
	w := newWorld(t, web.Options{})
	_, team := w.account("ana@example.com", "", 0)
	eve, _ := w.account("eve@example.com", team, auth.Viewer)
	attacker := w.anonymous()
	attacker.refreshCSRF("/login")
	victim := w.anonymous()
	victim.plant("vpcboard_session", attacker.cookie("vpcboard_session"))
	victim.refreshCSRF("/login") // the page is rendered for the planted session
	if victim.csrf != attacker.csrf {
		t.Fatalf("the planted session's page has token %q; want the attacker's %q", victim.csrf, attacker.csrf)
	}
	if r := victim.form("/login", url.Values{"email": {"ana@example.com"}, "password": {password}}); r.status != http.StatusSeeOther {
		t.Fatalf("sign in = %d %s; want 303", r.status, r.body)
	}
	promote := fmt.Sprintf("/teams/%s/members/%d/role", team, eve.ID)
	victim.csrf = attacker.csrf
	if r := victim.forge(promote, url.Values{"role": {"owner"}, "_csrf": {attacker.csrf}}); r.status != http.StatusForbidden {
		t.Errorf("a forged role change with the planted session's token = %d; want 403", r.status)
	}
	if role, err := w.auth.RoleIn(context.Background(), eve.ID, team); err != nil || role != auth.Viewer {
		t.Errorf("after the forged request eve is %s (%v); want viewer", role, err)
	}
}
