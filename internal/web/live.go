package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/live"
)

// liveStream is the JSON event stream for integrations: one message per
// committed version, {"type":"version","version":N,"author":...,
// "summary":...,"ops":[...]}, from ?since=N (default: from now).
func (srv *Server) liveStream(c echo.Context) error {
	return srv.serveLive(c, false)
}

// pageLive is the designer's stream: versions and presence.
func (srv *Server) pageLive(c echo.Context) error {
	return srv.serveLive(c, true)
}

func (srv *Server) serveLive(c echo.Context, presence bool) error {
	if srv.hub == nil {
		return apiErrorf(http.StatusNotImplemented, "no_live", "", "this server has no live updates")
	}
	if !live.CheckOrigin(c.Request()) {
		return apiErrorf(http.StatusForbidden, "bad_origin", "", "a websocket from another site")
	}
	info, _, err := srv.store.Design(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	since := info.Version
	if s := c.QueryParam("since"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v < 0 {
			return badRequest("since", "since %q: want a version", s)
		}
		since = v
	}
	user := ""
	if presence {
		user = author(c)
	}
	// The websocket outlives the request's timeout, and ends when its
	// viewer loses access (guard).
	ctx, done := srv.guard.watch(principalOf(c), info.ID, teamOf(c))
	defer done()
	return srv.hub.Serve(c.Response(), c.Request().WithContext(ctx), info.ID,
		live.Stream{Since: since, User: user, Versions: true, Presence: presence})
}
