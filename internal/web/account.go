package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/web/templates"
)

// accountRoutes registers sign-in, sign-up, the account page and teams.
func (srv *Server) accountRoutes(e *echo.Echo, signIn echo.MiddlewareFunc) {
	get, post := http.MethodGet, http.MethodPost
	srv.route(e, get, "/login", public, srv.pageLogin)
	srv.route(e, post, "/login", public, srv.pageLoginPost, signIn)
	srv.route(e, get, "/signup", public, srv.pageSignup)
	srv.route(e, post, "/signup", public, srv.pageSignupPost, signIn)
	srv.route(e, post, "/logout", public, srv.pageLogout)
	srv.route(e, get, "/account", inSession, srv.pageAccount)
	srv.route(e, post, "/account/password", inSession, srv.pagePassword)
	srv.route(e, post, "/account/tokens", inSession, srv.pageTokenCreate)
	srv.route(e, post, "/account/tokens/:tid/revoke", inSession, srv.pageTokenRevoke)
	srv.route(e, post, "/teams", inSession, srv.pageTeamCreate)
	srv.route(e, get, "/teams/:team", onTeam(auth.Viewer), srv.pageTeam)
	srv.route(e, post, "/teams/:team/invite", onTeam(auth.Owner).bySession(), srv.pageInvite)
	srv.route(e, post, "/teams/:team/members/:uid/role", onTeam(auth.Owner).bySession(), srv.pageSetRole)
	srv.route(e, post, "/teams/:team/members/:uid/remove", onTeam(auth.Viewer).bySession(), srv.pageRemoveMember)
	srv.route(e, post, "/teams/:team/invitations/cancel", onTeam(auth.Owner).bySession(), srv.pageCancelInvitation)
	srv.route(e, get, "/join/:secret", public, srv.pageJoin)
	srv.route(e, post, "/join/:secret", inSession, srv.pageJoinPost)
	srv.route(e, get, "/teams/:team/audit", onTeam(auth.Owner), srv.pageAudit)
}

func (srv *Server) page(c echo.Context, title string) templates.Page {
	p := templates.Page{Title: title, CSRF: csrfToken(c)}
	if u := principalOf(c).user; u != nil {
		p.User = u.Email
	}
	return p
}

// nextPath is where to go after signing in: a path of this site only.
func nextPath(s string) string {
	u, err := url.Parse(s)
	if err != nil || s == "" || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/\\") ||
		u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return s
}

func (srv *Server) pageLogin(c echo.Context) error {
	if principalOf(c).user != nil {
		return c.Redirect(http.StatusSeeOther, nextPath(c.QueryParam("next")))
	}
	return render(c, http.StatusOK, templates.Login(templates.LoginPage{Page: srv.page(c, "Sign in"),
		Next: nextPath(c.QueryParam("next")), SignUp: srv.opts.SignUp}))
}

func (srv *Server) pageLoginPost(c echo.Context) error {
	email, next, invitation := c.FormValue("email"), nextPath(c.FormValue("next")), c.FormValue("invitation")
	u, err := srv.auth.Authenticate(c.Request().Context(), email, c.FormValue("password"), c.RealIP())
	var te *auth.ThrottledError
	status, msg := http.StatusUnauthorized, "wrong email or password"
	switch {
	case errors.As(err, &te):
		status, msg = http.StatusTooManyRequests, te.Error()
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(te.RetryAfter.Seconds())+1))
	case errors.Is(err, auth.ErrBadCredentials):
	case err != nil:
		return err
	default:
		if err := srv.signIn(c, u); err != nil {
			return err
		}
		if invitation != "" {
			return srv.join(c, u, invitation)
		}
		return c.Redirect(http.StatusSeeOther, next)
	}
	return render(c, status, templates.Login(templates.LoginPage{Page: srv.page(c, "Sign in"), Next: next,
		Email: email, Error: msg, SignUp: srv.opts.SignUp, Invitation: invitation}))
}

// signIn starts an account's session under a new session token (what an
// attacker planted before is worth nothing).
func (srv *Server) signIn(c echo.Context, u auth.User) error {
	ctx := c.Request().Context()
	if err := srv.sessions.RenewToken(ctx); err != nil {
		return err
	}
	srv.sessions.Put(ctx, sessUser, u.ID)
	srv.sessions.Put(ctx, sessEpoch, u.Epoch)
	srv.sessions.Put(ctx, sessAt, time.Now().UTC().Format(time.RFC3339))
	return nil
}

func (srv *Server) pageSignup(c echo.Context) error {
	if !srv.opts.SignUp {
		return apiErrorf(http.StatusNotFound, "not_found", "", "sign-up is closed here: ask an administrator for an account")
	}
	return render(c, http.StatusOK, templates.Signup(templates.LoginPage{Page: srv.page(c, "Sign up"), SignUp: true}))
}

// pageSignupPost makes an account, and answers the same whether the
// email had one or not (the password is hashed either way): the sign-in
// form, filled in, with a notice that fits both. Nothing of the existing
// account changes. Through an invitation link the new account joins its
// team, and sign-up works even when it is closed to others.
func (srv *Server) pageSignupPost(c echo.Context) error {
	email, invitation := c.FormValue("email"), c.FormValue("invitation")
	if !srv.opts.SignUp && invitation == "" {
		return apiErrorf(http.StatusNotFound, "not_found", "", "sign-up is closed here: ask an administrator for an account")
	}
	_, err := srv.auth.CreateUser(c.Request().Context(), auth.NewUser{Email: email, Password: c.FormValue("password"), Invitation: invitation})
	var ie *auth.InputError
	switch {
	case errors.Is(err, auth.ErrAccountExists):
	case errors.As(err, &ie):
		return render(c, http.StatusUnprocessableEntity, templates.Signup(templates.LoginPage{Page: srv.page(c, "Sign up"),
			Email: email, Error: ie.Msg, SignUp: true, Invitation: invitation}))
	case err != nil:
		return srv.invitationRefused(c, err)
	}
	if e, err := auth.NormalizeEmail(email); err == nil {
		email = e
	}
	return render(c, http.StatusOK, templates.Login(templates.LoginPage{Page: srv.page(c, "Sign in"), Next: "/", Email: email,
		Notice: "You can sign in now as " + email + ". If this address had an account already, sign in with its password: nothing of it has changed.",
		SignUp: srv.opts.SignUp, Invitation: invitation}))
}

func (srv *Server) pageLogout(c echo.Context) error {
	p := principalOf(c)
	if p.user != nil && p.token == nil {
		if err := srv.sessions.Destroy(c.Request().Context()); err != nil {
			return err
		}
		srv.auth.SignedOut(c.Request().Context(), *p.user)
	}
	return c.Redirect(http.StatusSeeOther, "/login")
}

func (srv *Server) accountView(c echo.Context) (templates.AccountPage, error) {
	ctx := c.Request().Context()
	u := principalOf(c).user
	v := templates.AccountPage{Page: srv.page(c, "Account"), Email: u.Email}
	teams, err := srv.auth.TeamsOf(ctx, u.ID)
	if err != nil {
		return v, err
	}
	for _, t := range teams {
		v.Teams = append(v.Teams, templates.TeamRow{ID: t.ID, Name: t.Name, Role: t.Role.String()})
	}
	tokens, err := srv.auth.Tokens(ctx, *u)
	if err != nil {
		return v, err
	}
	for _, t := range tokens {
		row := templates.TokenRow{ID: t.ID, Name: t.Name, Team: t.TeamName, Role: t.Role.String(), Created: stamp(t.CreatedAt), LastUsed: "never"}
		if t.LastUsed != nil {
			row.LastUsed = stamp(*t.LastUsed)
		}
		if t.Revoked != nil {
			row.Revoked = stamp(*t.Revoked)
		}
		v.Tokens = append(v.Tokens, row)
	}
	for _, r := range auth.Roles() {
		v.Roles = append(v.Roles, r.String())
	}
	return v, nil
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

func (srv *Server) pageAccount(c echo.Context) error {
	v, err := srv.accountView(c)
	if err != nil {
		return err
	}
	v.Notice = c.QueryParam("notice")
	return render(c, http.StatusOK, templates.Account(v))
}

// accountAgain shows the account page after a form, with its outcome.
func (srv *Server) accountAgain(c echo.Context, err error, set func(*templates.AccountPage)) error {
	var ie *auth.InputError
	status := http.StatusOK
	if err != nil && !errors.As(err, &ie) && !errors.Is(err, auth.ErrNotFound) {
		return err
	}
	v, verr := srv.accountView(c)
	if verr != nil {
		return verr
	}
	switch {
	case ie != nil:
		status, v.Error = http.StatusUnprocessableEntity, ie.Msg
	case err != nil:
		status, v.Error = http.StatusNotFound, "no such token or team"
	default:
		set(&v)
	}
	return render(c, status, templates.Account(v))
}

func (srv *Server) pagePassword(c echo.Context) error {
	ctx := c.Request().Context()
	u := principalOf(c).user
	epoch, err := srv.auth.ChangePassword(ctx, *u, c.FormValue("old"), c.FormValue("new"))
	if err == nil {
		// This session goes on under a new token and the new epoch; every
		// other session of the account has ended.
		if err = srv.sessions.RenewToken(ctx); err == nil {
			srv.sessions.Put(ctx, sessEpoch, epoch)
		}
	}
	return srv.accountAgain(c, err, func(v *templates.AccountPage) {
		v.Notice = "Password changed; your other sessions have ended."
	})
}

func (srv *Server) pageTokenCreate(c echo.Context) error {
	u := principalOf(c).user
	role, err := auth.ParseRole(c.FormValue("role"))
	var secret string
	if err == nil {
		secret, _, err = srv.auth.CreateToken(c.Request().Context(), *u, c.FormValue("team"), role, c.FormValue("name"))
	}
	return srv.accountAgain(c, err, func(v *templates.AccountPage) { v.NewToken = secret })
}

func (srv *Server) pageTokenRevoke(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("tid"), 10, 64)
	if err != nil {
		return badRequest("tid", "token %q: want a number", c.Param("tid"))
	}
	err = srv.auth.RevokeToken(c.Request().Context(), *principalOf(c).user, id)
	return srv.accountAgain(c, err, func(v *templates.AccountPage) { v.Notice = "Token revoked." })
}

func (srv *Server) pageTeamCreate(c echo.Context) error {
	t, err := srv.auth.CreateTeam(c.Request().Context(), *principalOf(c).user, c.FormValue("name"))
	if err != nil {
		return srv.accountAgain(c, err, nil)
	}
	return c.Redirect(http.StatusSeeOther, "/teams/"+t.ID)
}

func (srv *Server) teamView(c echo.Context) (templates.TeamPage, error) {
	ctx := c.Request().Context()
	p := principalOf(c)
	t, err := srv.auth.Team(ctx, p.user.ID, teamOf(c))
	if err != nil {
		return templates.TeamPage{}, err
	}
	v := templates.TeamPage{Page: srv.page(c, t.Name), ID: t.ID, Name: t.Name, Role: roleOf(c).String(),
		Owner: roleOf(c) == auth.Owner, Me: p.user.ID}
	members, err := srv.auth.Members(ctx, t.ID)
	if err != nil {
		return v, err
	}
	for _, m := range members {
		row := templates.MemberRow{UserID: m.UserID, Email: m.Email, Role: m.Role.String(), Pending: m.Pending}
		switch {
		case m.Pending && m.Expires.After(time.Now()):
			row.Expires = "works until " + stamp(m.Expires)
		case m.Pending:
			row.Expires = "expired " + stamp(m.Expires)
		}
		v.Members = append(v.Members, row)
	}
	for _, r := range auth.Roles() {
		v.Roles = append(v.Roles, r.String())
	}
	return v, nil
}

func (srv *Server) pageTeam(c echo.Context) error {
	v, err := srv.teamView(c)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, templates.TeamView(v))
}

// teamAgain shows the team page after a form, with its outcome (and what
// set adds to the page when it went well).
func (srv *Server) teamAgain(c echo.Context, err error, notice string, set ...func(*templates.TeamPage)) error {
	var ie *auth.InputError
	status := http.StatusOK
	switch {
	case errors.As(err, &ie):
		status = http.StatusUnprocessableEntity
	case errors.Is(err, auth.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, auth.ErrForbidden):
		status = http.StatusForbidden
	case err != nil:
		return err
	}
	if status == http.StatusOK {
		// The change may have been to one's own role, or leaving the team
		// (then there is no team page to show).
		role, err := srv.auth.RoleIn(c.Request().Context(), principalOf(c).user.ID, teamOf(c))
		if err != nil {
			return err
		}
		if role == auth.None {
			return c.Redirect(http.StatusSeeOther, "/account?notice="+url.QueryEscape("You left the team."))
		}
		c.Set("role", role)
	}
	v, verr := srv.teamView(c)
	if verr != nil {
		return verr
	}
	switch {
	case ie != nil:
		v.Error = ie.Msg
	case status == http.StatusNotFound:
		v.Error = "no such member or invitation"
	case status == http.StatusForbidden:
		v.Error = "only the team's owners can do that"
	default:
		v.Notice = notice
		for _, f := range set {
			f(&v)
		}
	}
	return render(c, status, templates.TeamView(v))
}

func uidParam(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("uid"), 10, 64)
	if err != nil {
		return 0, badRequest("uid", "member %q: want a number", c.Param("uid"))
	}
	return id, nil
}

func (srv *Server) pageSetRole(c echo.Context) error {
	uid, err := uidParam(c)
	if err != nil {
		return err
	}
	role, err := auth.ParseRole(c.FormValue("role"))
	if err == nil {
		err = srv.auth.SetRole(c.Request().Context(), *principalOf(c).user, teamOf(c), uid, role)
	}
	return srv.teamAgain(c, err, "Role changed.")
}

func (srv *Server) pageRemoveMember(c echo.Context) error {
	uid, err := uidParam(c)
	if err != nil {
		return err
	}
	err = srv.auth.RemoveMember(c.Request().Context(), *principalOf(c).user, teamOf(c), uid)
	return srv.teamAgain(c, err, "Member removed.")
}

func (srv *Server) auditEvents(c echo.Context) ([]auth.Event, error) {
	return srv.auth.AuditOf(c.Request().Context(), teamOf(c), 500)
}

func (srv *Server) pageAudit(c echo.Context) error {
	events, err := srv.auditEvents(c)
	if err != nil {
		return err
	}
	t, err := srv.auth.Team(c.Request().Context(), principalOf(c).user.ID, teamOf(c))
	if err != nil {
		return err
	}
	v := templates.AuditPage{Page: srv.page(c, "Audit · "+t.Name), TeamID: t.ID, TeamName: t.Name}
	for _, e := range events {
		v.Events = append(v.Events, templates.AuditRow{At: stamp(e.At), Actor: e.Actor, Action: e.Action, Design: e.Design, Detail: e.Detail})
	}
	return render(c, http.StatusOK, templates.Audit(v))
}

// apiAudit is the team's audit trail as JSON, newest first.
func (srv *Server) apiAudit(c echo.Context) error {
	events, err := srv.auditEvents(c)
	if err != nil {
		return err
	}
	type event struct {
		At     time.Time `json:"at"`
		Actor  string    `json:"actor"`
		Action string    `json:"action"`
		Design string    `json:"design,omitempty"`
		Detail string    `json:"detail,omitempty"`
	}
	out := []event{}
	for _, e := range events {
		out = append(out, event{At: e.At.UTC(), Actor: e.Actor, Action: e.Action, Design: e.Design, Detail: e.Detail})
	}
	return c.JSON(http.StatusOK, map[string]any{"events": out})
}

// apiMe says who the caller is and what teams it sees.
func (srv *Server) apiMe(c echo.Context) error {
	p := principalOf(c)
	teams, err := srv.teamsOf(c.Request().Context(), p)
	if err != nil {
		return err
	}
	type team struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Role string `json:"role"`
	}
	out := []team{}
	for _, t := range teams {
		out = append(out, team{ID: t.ID, Name: t.Name, Role: t.Role.String()})
	}
	body := map[string]any{"email": p.user.Email, "admin": p.user.Admin, "teams": out}
	if p.token != nil {
		body["token"] = map[string]any{"id": p.token.ID, "name": p.token.Name, "team": p.token.Team, "role": p.token.Role.String()}
	}
	return c.JSON(http.StatusOK, body)
}
