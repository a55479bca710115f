package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/web/templates"
)

// Invitations: an owner makes a link for an address and a role and passes
// it on; whoever opens it joins by signing in, by signing up, or with a
// click when signed in. The secret is in the path, so the request log
// masks it (loggedPath).

// pageInvite makes an invitation link and shows it, once, to the owner
// who passes it on; whether the address has an account is not told.
func (srv *Server) pageInvite(c echo.Context) error {
	role, err := auth.ParseRole(c.FormValue("role"))
	var secret string
	var inv auth.Invitation
	if err == nil {
		secret, inv, err = srv.auth.Invite(c.Request().Context(), *principalOf(c).user, teamOf(c), c.FormValue("email"), role)
	}
	return srv.teamAgain(c, err, fmt.Sprintf("Invitation of %s as %s made: send them this link. It works once, until %s.", inv.Email, inv.Role, stamp(inv.ExpiresAt)),
		func(v *templates.TeamPage) { v.NewInvitation = srv.baseURL(c) + "/join/" + secret })
}

func (srv *Server) pageCancelInvitation(c echo.Context) error {
	err := srv.auth.CancelInvitation(c.Request().Context(), *principalOf(c).user, teamOf(c), c.FormValue("email"))
	return srv.teamAgain(c, err, "Invitation withdrawn.")
}

// pageJoin shows an invitation link: what it joins, and how.
func (srv *Server) pageJoin(c echo.Context) error {
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	inv, err := srv.auth.LookupInvitation(c.Request().Context(), c.Param("secret"))
	if err != nil {
		return srv.invitationRefused(c, err)
	}
	return render(c, http.StatusOK, templates.Join(templates.JoinPage{Page: srv.page(c, "Join "+inv.TeamName), Secret: c.Param("secret"),
		Team: inv.TeamName, Role: inv.Role.String(), InvitedBy: inv.InvitedBy, Email: inv.Email, Expires: stamp(inv.ExpiresAt)}))
}

// pageJoinPost joins the invitation's team as the signed-in account.
func (srv *Server) pageJoinPost(c echo.Context) error {
	return srv.join(c, *principalOf(c).user, c.Param("secret"))
}

// join makes u a member through an invitation link and opens the team.
func (srv *Server) join(c echo.Context, u auth.User, secret string) error {
	inv, err := srv.auth.AcceptInvitation(c.Request().Context(), u, secret)
	if err != nil && !errors.Is(err, auth.ErrAlreadyMember) {
		return srv.invitationRefused(c, err)
	}
	return c.Redirect(http.StatusSeeOther, "/teams/"+inv.Team)
}

// invitationRefused is the page of an invitation link that cannot be
// joined, saying why.
func (srv *Server) invitationRefused(c echo.Context, err error) error {
	status, msg := http.StatusGone, ""
	switch {
	case errors.Is(err, auth.ErrNotFound):
		status, msg = http.StatusNotFound, "There is no such invitation: check the link, or ask the team's owner for a new one."
	case errors.Is(err, auth.ErrInvitationUsed):
		msg = "This invitation link was used already: each link joins one account once. Ask the team's owner for a new one."
	case errors.Is(err, auth.ErrInvitationExpired):
		msg = "This invitation link has expired. Ask the team's owner for a new one."
	case errors.Is(err, auth.ErrInvitationRevoked):
		msg = "This invitation was withdrawn by the team's owner."
	default:
		return err
	}
	return render(c, status, templates.ErrorPage(srv.page(c, http.StatusText(status)), status, msg))
}
