package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"net/http"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"
)

// CSRF protection is a synchronizer token kept in the session: a page
// carries its session's token (<meta name="csrf-token">, the _csrf field
// of its forms) and every state-changing request made with the session
// cookie must send it back (X-CSRF-Token or _csrf). Unlike a token in a
// cookie of its own, which a page of a sibling subdomain or another port
// can overwrite, the token is only known to pages of this site rendered
// for this session. Anonymous visitors get a session when a page with a
// form is first shown, so the sign-in and sign-up forms are bound too
// (no login CSRF). A token is good for the account it was made for (or
// for a visitor): signing in, as the session's token, gives a new one, so
// that whoever planted a session of theirs in a browser before its owner
// signed in cannot use that session's token afterwards.

// Session keys: the CSRF token and the account it was made for (0: a
// visitor).
const (
	sessCSRF    = "csrf"
	sessCSRFFor = "csrf_for"
)

// csrfSessions is the echo context key under which checkCSRF leaves the
// session manager for csrfToken, on requests that have a session.
const csrfSessions = "csrf-sessions"

// checkCSRF refuses a state-changing request made with the session
// cookie that does not send the session's CSRF token, and any
// state-changing request a browser says comes from another site. A
// request with a bearer token carries no cookie a forger could ride on;
// it and the requests identify leaves without a session (health checks,
// static files) pass.
func (srv *Server) checkCSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p, ok := c.Get("principal").(*principal)
		if !ok || p.token != nil {
			return next(c)
		}
		c.Set(csrfSessions, srv.sessions)
		r := c.Request()
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			return next(c)
		}
		if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
			return errCSRF()
		}
		sent := r.Header.Get(echo.HeaderXCSRFToken)
		if sent == "" {
			sent = c.FormValue("_csrf")
		}
		want := sessionCSRF(r.Context(), srv.sessions)
		if want == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(want)) != 1 {
			return errCSRF()
		}
		return next(c)
	}
}

func errCSRF() error {
	return apiErrorf(http.StatusForbidden, "csrf", "_csrf", "the form is stale or came from another site: reload the page and try again")
}

// csrfToken is the CSRF token of the request's session, made on first
// use (which starts an anonymous visitor's session); "" for a request
// without a session (a bearer token, a health check).
func csrfToken(c echo.Context) string {
	sessions, ok := c.Get(csrfSessions).(*scs.SessionManager)
	if !ok {
		return ""
	}
	ctx := c.Request().Context()
	if t := sessionCSRF(ctx, sessions); t != "" {
		return t
	}
	t := rand.Text() // at least 128 random bits
	sessions.Put(ctx, sessCSRF, t)
	sessions.Put(ctx, sessCSRFFor, sessions.GetInt64(ctx, sessUser))
	return t
}

// sessionCSRF is the session's CSRF token if it was made for the
// session's account (or visitor), else "".
func sessionCSRF(ctx context.Context, sessions *scs.SessionManager) string {
	if sessions.GetInt64(ctx, sessCSRFFor) != sessions.GetInt64(ctx, sessUser) {
		return ""
	}
	return sessions.GetString(ctx, sessCSRF)
}
