package web_test

import (
	"context"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/internal/store/storetest"
	"github.com/vpcboard/vpcboard/internal/web"
)

// password is every test account's password.
const password = "correct horse battery"

// world is a server with accounts: tests make the people they need.
type world struct {
	t      testing.TB
	base   string
	store  *store.Store
	auth   *auth.Service
	routes []*echo.Route
}

// newWorld serves vpcboard over a fresh database, started by web.Start
// as cmd/server starts it. Passwords hash at bcrypt's lowest cost, so that
// tests sign in quickly.
func newWorld(t testing.TB, opts web.Options) *world {
	return startWorld(t, web.ServeOptions{Options: opts})
}

// newLiveWorld is newWorld with live updates: a hub on the store.
func newLiveWorld(t testing.TB, opts web.Options) *world {
	return startWorld(t, web.ServeOptions{Options: opts, Live: true})
}

// startWorld is newWorld with the server's options (time-outs).
func startWorld(t testing.TB, opts web.ServeOptions) *world {
	t.Helper()
	s, _ := storetest.New(t)
	opts.Auth.BcryptCost = bcrypt.MinCost
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	run := web.Start(s, ln, opts)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := run.Shutdown(ctx); err != nil {
			t.Errorf("shut the server down: %v", err)
		}
	})
	return &world{t: t, base: "http://" + ln.Addr().String(), store: s, auth: auth.New(s, opts.Auth), routes: run.Routes()}
}

// account makes an account. With team "" it gets a team of its own, as
// owner; else it joins team with role. It returns the user and its team.
func (w *world) account(email, team string, role auth.Role) (auth.User, string) {
	w.t.Helper()
	u, err := w.auth.CreateUser(context.Background(), auth.NewUser{Email: email, Password: password, Team: team, Role: role})
	if err != nil {
		w.t.Fatalf("make account %s: %v", email, err)
	}
	teams, err := w.auth.TeamsOf(context.Background(), u.ID)
	if err != nil || len(teams) == 0 {
		w.t.Fatalf("teams of %s: %v", email, err)
	}
	return u, teams[0].ID
}

// token makes an API token of u for team.
func (w *world) token(u auth.User, team string, role auth.Role) string {
	w.t.Helper()
	secret, _, err := w.auth.CreateToken(context.Background(), u, team, role, "test")
	if err != nil {
		w.t.Fatalf("token for %s: %v", u.Email, err)
	}
	return secret
}

// api is a client that sends token as a bearer.
func (w *world) api(token string) *client { return &client{t: w.t, base: w.base, token: token} }

// anonymous is a client with cookies and no account.
func (w *world) anonymous() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: w.t, base: w.base, hc: &http.Client{Jar: jar, CheckRedirect: noRedirect}}
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// signIn is a browser-like client signed in through the sign-in form,
// which sends the page's CSRF token with every state-changing request.
func (w *world) signIn(email string) *client {
	w.t.Helper()
	c := w.anonymous()
	c.refreshCSRF("/login")
	r := c.form("/login", url.Values{"email": {email}, "password": {password}})
	if r.status != http.StatusSeeOther {
		w.t.Fatalf("sign in %s = %d %s", email, r.status, r.body)
	}
	c.refreshCSRF("/account")
	return c
}

var csrfMeta = regexp.MustCompile(`name="csrf-token" content="([^"]*)"`)

// refreshCSRF reads the CSRF token from a page.
func (c *client) refreshCSRF(path string) {
	c.t.Helper()
	r := c.get(path)
	m := csrfMeta.FindSubmatch(r.body)
	if m == nil {
		c.t.Fatalf("GET %s = %d has no csrf-token", path, r.status)
	}
	c.csrf = string(m[1])
}

// form posts a form with the CSRF token.
func (c *client) form(path string, v url.Values) response {
	c.t.Helper()
	return c.do("POST", path, "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
}

// cookie is the value of one of the client's cookies.
func (c *client) cookie(name string) string {
	u, _ := url.Parse(c.base)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// socket dials a websocket of the server as the client: its token or
// cookies, from a page of origin.
func (c *client) socket(path, origin string) (*websocket.Conn, *http.Response, error) {
	h := http.Header{"Origin": {origin}}
	if c.token != "" {
		h.Set("Authorization", "Bearer "+c.token)
	}
	if c.hc != nil {
		u, _ := url.Parse(c.base)
		for _, ck := range c.hc.Jar.Cookies(u) {
			h.Add("Cookie", ck.Name+"="+ck.Value)
		}
	}
	return websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(c.base, "http")+path, h)
}
