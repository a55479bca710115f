package web

import (
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
// (no login CSRF). Signing in renews the session's token but keeps its
// data, so pages loaded before keep working; signing out ends both.

// sessCSRF is the session key of the CSRF token.
const sessCSRF = "csrf"

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
		want := srv.sessions.GetString(r.Context(), sessCSRF)
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
	if t := sessions.GetString(ctx, sessCSRF); t != "" {
		return t
	}
	t := rand.Text() // 128 random bits
	sessions.Put(ctx, sessCSRF, t)
	return t
}
