package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/store"
)

// Every route says who may use it (route registers it with its access);
// TestAuthorizationOfEveryRoute walks them all.
type accessKind int

const (
	accPublic   accessKind = iota // anyone
	accSignedIn                   // an account, by session or token
	accDesign                     // a role in the team of the design :id (or a share link: viewer)
	accTeam                       // a role in the team :team
)

type access struct {
	kind accessKind
	role auth.Role
	// session: a person in the browser, not an API token (managing
	// accounts, members, tokens and links: a token must not mint tokens).
	session bool
}

var (
	public   = access{kind: accPublic}
	signedIn = access{kind: accSignedIn}
	// inSession is signedIn by a session only.
	inSession = access{kind: accSignedIn, session: true}
)

func onDesign(r auth.Role) access { return access{kind: accDesign, role: r} }
func onTeam(r auth.Role) access   { return access{kind: accTeam, role: r} }

// bySession is a by a session only.
func (a access) bySession() access { a.session = true; return a }

// principal is who makes a request: an account by session or by API
// token, share links the session holds, or nobody.
type principal struct {
	user    *auth.User
	token   *auth.Token // by Authorization: Bearer; scoped to its team
	bearer  string      // the token's secret, kept in memory for websockets' re-checks
	session string      // the session's token, likewise
	shares  []int64     // share links redeemed in this session
}

// name is who the principal is in revisions and presence.
func (p *principal) name() string {
	switch {
	case p.user != nil && p.token != nil:
		return p.user.Email + " (token " + p.token.Name + ")"
	case p.user != nil:
		return p.user.Email
	case len(p.shares) > 0:
		return "guest (share link)"
	}
	return "anonymous"
}

func principalOf(c echo.Context) *principal {
	if p, ok := c.Get("principal").(*principal); ok {
		return p
	}
	return &principal{}
}

// author is who makes an edit.
func author(c echo.Context) string { return principalOf(c).name() }

// actor is who acts on a review: the name shown and the account behind it
// (0 for a guest), which is what reviews compare.
func actor(c echo.Context) store.Actor {
	a := store.Actor{Name: author(c)}
	if u := principalOf(c).user; u != nil {
		a.Account = u.ID
	}
	return a
}

// Session keys.
const (
	sessUser   = "user"
	sessEpoch  = "epoch"
	sessShares = "shares"
	sessAt     = "signed_in_at"
)

// identify finds the principal of every request: a bearer token (a bad
// one is refused here), else the session cookie. It loads the session
// and commits it before the response's header is written.
func (srv *Server) identify(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if p := r.URL.Path; p == "/healthz" || p == "/readyz" || strings.HasPrefix(p, "/static/") {
			return next(c) // health checks and files answer whatever the database and credentials
		}
		if h := r.Header.Get(echo.HeaderAuthorization); h != "" {
			bearer, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				return unauthorized("the Authorization header takes a token: Bearer vpcb_...")
			}
			p, err := srv.credentials(r.Context(), bearer, "")
			if err != nil {
				return err
			}
			c.Set("principal", p)
			return next(c)
		}
		var token string
		if ck, err := r.Cookie(sessionCookie); err == nil {
			token = ck.Value
		}
		ctx, err := srv.sessions.Load(r.Context(), token)
		if err != nil {
			return err
		}
		c.SetRequest(r.WithContext(ctx))
		c.Response().Header().Add("Vary", "Cookie")
		c.Response().Before(func() { srv.saveSession(c, ctx) })
		p, err := srv.fromSession(ctx)
		if err != nil {
			return err
		}
		c.Set("principal", p)
		return next(c)
	}
}

const sessionCookie = "vpcboard_session"

// saveSession commits a changed session and sets (or clears) its cookie:
// HttpOnly, SameSite=Lax (a link from elsewhere may open a page; every
// change also needs the CSRF token), Secure over TLS.
func (srv *Server) saveSession(c echo.Context, ctx context.Context) {
	var token string
	var expiry time.Time
	switch srv.sessions.Status(ctx) {
	case scs.Modified:
		var err error
		if token, expiry, err = srv.sessions.Commit(ctx); err != nil {
			srv.log.Error("save the session", "error", err.Error())
			return
		}
	case scs.Destroyed:
	default:
		return
	}
	ck := &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: srv.secure(c)}
	if token == "" {
		ck.MaxAge = -1
	} else {
		ck.Expires = expiry
	}
	c.Response().Header().Add("Set-Cookie", ck.String())
	c.Response().Header().Set("Cache-Control", "no-store")
}

// secure says whether the request came over TLS (directly, or by a proxy
// the server trusts), or the server is told its cookies must be Secure.
func (srv *Server) secure(c echo.Context) bool {
	return srv.opts.SecureCookies || c.Request().TLS != nil ||
		srv.opts.TrustProxy && c.Request().Header.Get("X-Forwarded-Proto") == "https"
}

// credentials makes the principal of a bearer token or a session token,
// as identify does; websockets re-check theirs with it when access
// changes.
func (srv *Server) credentials(ctx context.Context, bearer, session string) (*principal, error) {
	if bearer != "" {
		u, t, err := srv.auth.LookupToken(ctx, bearer)
		if errors.Is(err, auth.ErrBadCredentials) {
			return nil, unauthorized("the token is not valid (revoked, expired, or its user left the team)")
		}
		if err != nil {
			return nil, err
		}
		return &principal{user: &u, token: &t, bearer: bearer}, nil
	}
	ctx, err := srv.sessions.Load(ctx, session)
	if err != nil {
		return nil, err
	}
	if srv.sessions.Token(ctx) == "" {
		return &principal{}, nil
	}
	return srv.fromSession(ctx)
}

// fromSession reads a loaded session. A session of a disabled account or
// of an older epoch (the password changed) is void and destroyed.
func (srv *Server) fromSession(ctx context.Context) (*principal, error) {
	p := &principal{session: srv.sessions.Token(ctx)}
	for _, s := range strings.Split(srv.sessions.GetString(ctx, sessShares), ",") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			p.shares = append(p.shares, id)
		}
	}
	uid := srv.sessions.GetInt64(ctx, sessUser)
	if uid == 0 {
		return p, nil
	}
	u, err := srv.auth.UserByID(ctx, uid)
	if errors.Is(err, auth.ErrNotFound) || err == nil && (u.Disabled || u.Epoch != srv.sessions.GetInt64(ctx, sessEpoch)) {
		return &principal{}, srv.sessions.Destroy(ctx)
	}
	if err != nil {
		return nil, err
	}
	p.user = &u
	return p, nil
}

func unauthorized(msg string) *apiError {
	return &apiError{Status: http.StatusUnauthorized, Code: "unauthorized", Message: msg}
}

// authorize enforces a route's access. Who may not know a design or team
// exists gets 404, as for one that does not; who may see it but not do
// this gets 403.
func (srv *Server) authorize(a access) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			p := principalOf(c)
			ctx := c.Request().Context()
			if a.session && p.token != nil {
				return apiErrorf(http.StatusForbidden, "forbidden", "", "this needs a signed-in session, not an API token")
			}
			switch a.kind {
			case accPublic:
				return next(c)
			case accDesign:
				team, err := srv.store.DesignTeam(ctx, c.Param("id"))
				if err != nil {
					if errors.Is(err, store.ErrNotFound) && p.user == nil && len(p.shares) == 0 {
						return srv.signInFirst(c)
					}
					return err
				}
				role, err := srv.roleOn(ctx, p, c.Param("id"), team)
				if err != nil {
					return err
				}
				if role == auth.None && p.user == nil {
					return srv.signInFirst(c)
				}
				if err := allowed(role, a.role, "design"); err != nil {
					return err
				}
				c.Set("team", team)
				c.Set("role", role)
				return next(c)
			}
			if p.user == nil {
				return srv.signInFirst(c)
			}
			if a.kind == accTeam {
				team := c.Param("team")
				role, err := srv.roleIn(ctx, p, team)
				if err != nil {
					return err
				}
				if err := allowed(role, a.role, "team"); err != nil {
					return err
				}
				c.Set("team", team)
				c.Set("role", role)
			}
			return next(c)
		}
	}
}

func allowed(have, need auth.Role, what string) error {
	if have == auth.None {
		return &apiError{Status: http.StatusNotFound, Code: "not_found", Message: "no such " + what}
	}
	if have < need {
		return apiErrorf(http.StatusForbidden, "forbidden", "", "you are %s in this %s: this needs %s", have, what, need)
	}
	return nil
}

// signInFirst answers a request that needs an account: pages go to the
// sign-in form and come back, the rest get 401.
func (srv *Server) signInFirst(c echo.Context) error {
	r := c.Request()
	if r.Method == http.MethodGet && !strings.HasPrefix(r.URL.Path, "/api/") && r.Header.Get("HX-Request") == "" &&
		r.Header.Get("Upgrade") == "" {
		return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(r.URL.RequestURI()))
	}
	c.Response().Header().Set("WWW-Authenticate", `Bearer realm="vpcboard"`)
	return unauthorized("sign in first (a session, or Authorization: Bearer with an API token)")
}

// roleIn is the principal's role in a team; a token's is its own, in its
// team only.
func (srv *Server) roleIn(ctx context.Context, p *principal, team string) (auth.Role, error) {
	switch {
	case p.token != nil:
		if p.token.Team == team {
			return p.token.Role, nil
		}
		return auth.None, nil
	case p.user != nil:
		return srv.auth.RoleIn(ctx, p.user.ID, team)
	}
	return auth.None, nil
}

// roleOn is the principal's role on a design of team: the team role, or
// viewer by a share link of the design.
func (srv *Server) roleOn(ctx context.Context, p *principal, designID, team string) (auth.Role, error) {
	role, err := srv.roleIn(ctx, p, team)
	if err != nil || role != auth.None || p.token != nil {
		return role, err
	}
	ok, err := srv.auth.SharedWith(ctx, p.shares, designID)
	if ok {
		return auth.Viewer, err
	}
	return auth.None, err
}

// roleOf is the role authorize found for this request's design or team.
func roleOf(c echo.Context) auth.Role {
	r, _ := c.Get("role").(auth.Role)
	return r
}

// teamOf is the team authorize found for this request's design or team.
func teamOf(c echo.Context) string {
	s, _ := c.Get("team").(string)
	return s
}

// teamForNew picks the team a new design goes to: the one asked for, else
// the token's, else the caller's first where it may edit. It must be one
// where the caller is editor or owner.
func (srv *Server) teamForNew(c echo.Context, asked string) (string, error) {
	p := principalOf(c)
	ctx := c.Request().Context()
	if asked == "" && p.token != nil {
		asked = p.token.Team
	}
	if asked == "" {
		teams, err := srv.auth.TeamsOf(ctx, p.user.ID)
		if err != nil {
			return "", err
		}
		for _, t := range teams {
			if t.Role >= auth.Editor {
				return t.ID, nil
			}
		}
		return "", apiErrorf(http.StatusForbidden, "forbidden", "team", "you can edit in no team: ask a team's owner to make you an editor")
	}
	role, err := srv.roleIn(ctx, p, asked)
	if err != nil {
		return "", err
	}
	if role == auth.None {
		return "", apiErrorf(http.StatusNotFound, "not_found", "team", "no such team")
	}
	if role < auth.Editor {
		return "", apiErrorf(http.StatusForbidden, "forbidden", "team", "you are %s in this team: making designs needs editor", role)
	}
	return asked, nil
}

// teamsOf lists the teams whose designs the principal sees.
func (srv *Server) teamsOf(ctx context.Context, p *principal) ([]auth.Team, error) {
	if p.token != nil {
		return []auth.Team{{ID: p.token.Team, Name: p.token.TeamName, Role: p.token.Role}}, nil
	}
	if p.user == nil {
		return nil, nil
	}
	return srv.auth.TeamsOf(ctx, p.user.ID)
}
