package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/web/templates"
)

// Share links: an owner makes a link that lets whoever opens it view one
// design (read-only, live) without an account, until it is revoked.

func (srv *Server) shareView(c echo.Context) (templates.SharePage, error) {
	ctx := c.Request().Context()
	info, _, err := srv.store.Design(ctx, c.Param("id"))
	if err != nil {
		return templates.SharePage{}, err
	}
	v := templates.SharePage{Page: srv.page(c, "Share · "+orName(info.Name)), DesignID: info.ID, DesignName: orName(info.Name)}
	links, err := srv.auth.ShareLinks(ctx, info.ID)
	if err != nil {
		return v, err
	}
	for _, l := range links {
		row := templates.ShareRow{ID: l.ID, CreatedBy: l.CreatedBy, Created: stamp(l.CreatedAt)}
		if l.Revoked != nil {
			row.Revoked = stamp(*l.Revoked)
		}
		v.Links = append(v.Links, row)
	}
	return v, nil
}

func (srv *Server) pageShare(c echo.Context) error {
	v, err := srv.shareView(c)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, templates.Share(v))
}

func (srv *Server) pageShareCreate(c echo.Context) error {
	secret, _, err := srv.auth.CreateShareLink(c.Request().Context(), *principalOf(c).user, teamOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	v, err := srv.shareView(c)
	if err != nil {
		return err
	}
	v.NewLink = srv.baseURL(c) + "/s/" + secret
	return render(c, http.StatusOK, templates.Share(v))
}

func (srv *Server) pageShareRevoke(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("sid"), 10, 64)
	if err != nil {
		return badRequest("sid", "share link %q: want a number", c.Param("sid"))
	}
	err = srv.auth.RevokeShareLink(c.Request().Context(), *principalOf(c).user, teamOf(c), c.Param("id"), id)
	if errors.Is(err, auth.ErrNotFound) {
		return apiErrorf(http.StatusNotFound, "not_found", "sid", "no live share link %d on this design", id)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/designs/"+c.Param("id")+"/share")
}

// pageShareOpen redeems a link: the session remembers it and the design
// opens. The secret is in the path, so the request log masks it.
func (srv *Server) pageShareOpen(c echo.Context) error {
	ctx := c.Request().Context()
	l, err := srv.auth.LookupShareLink(ctx, c.Param("secret"))
	if errors.Is(err, auth.ErrNotFound) {
		return apiErrorf(http.StatusNotFound, "not_found", "", "this share link does not exist or was revoked")
	}
	if err != nil {
		return err
	}
	ids := strings.Split(srv.sessions.GetString(ctx, sessShares), ",")
	have := false
	for _, s := range ids {
		have = have || s == strconv.FormatInt(l.ID, 10)
	}
	if !have {
		if len(ids) > 50 {
			ids = ids[len(ids)-50:]
		}
		srv.sessions.Put(ctx, sessShares, strings.Trim(strings.Join(append(ids, strconv.FormatInt(l.ID, 10)), ","), ","))
	}
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return c.Redirect(http.StatusSeeOther, "/designs/"+l.DesignID)
}

// baseURL is how this server is reached, for links it hands out.
func (srv *Server) baseURL(c echo.Context) string {
	scheme := "http"
	if srv.secure(c) {
		scheme = "https"
	}
	return scheme + "://" + c.Request().Host
}
