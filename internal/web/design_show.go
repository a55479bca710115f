package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/store"
)

// designList lists the designs of the caller's teams (a token's: of its
// team).
func (srv *Server) designList(c echo.Context) error {
	teams, err := srv.teamsOf(c.Request().Context(), principalOf(c))
	if err != nil {
		return err
	}
	ids := []string{}
	for _, t := range teams {
		ids = append(ids, t.ID)
	}
	list, err := srv.store.Designs(c.Request().Context(), ids)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"designs": nonNil(list)})
}

// load returns the design of the request at ?version= (or current), with
// its info.
func (srv *Server) load(c echo.Context) (store.Info, *design.Design, error) {
	return srv.loadFrom(c, srv.store.Design)
}

// loadShared is load for a handler that only reads the design: the
// current version comes from the store's shared documents.
func (srv *Server) loadShared(c echo.Context) (store.Info, *design.Design, error) {
	return srv.loadFrom(c, srv.store.DesignShared)
}

// loadFrom is load with the current version read by current.
func (srv *Server) loadFrom(c echo.Context, current func(context.Context, string) (store.Info, *design.Design, error)) (store.Info, *design.Design, error) {
	v, err := versionParam(c.QueryParam("version"), "version")
	if err != nil {
		return store.Info{}, nil, err
	}
	info, d, err := current(c.Request().Context(), c.Param("id"))
	if err != nil || v == 0 {
		return info, d, err
	}
	d, err = srv.versionOf(c.Request().Context(), info, d, v)
	info.Version = v
	return info, d, err
}

// versionOf is version v of the design whose current version (info, cur)
// the caller has: cur itself, or the version rebuilt from its revisions.
func (srv *Server) versionOf(ctx context.Context, info store.Info, cur *design.Design, v int64) (*design.Design, error) {
	switch {
	case v == info.Version:
		return cur, nil
	case v > info.Version:
		return nil, fmt.Errorf("version %d of a design at %d: %w", v, info.Version, store.ErrNotFound)
	}
	return srv.store.DesignAt(ctx, info.ID, v)
}

// designShow returns a design in the design file format, at ?version= or
// the current one, with an ETag of its version.
func (srv *Server) designShow(c echo.Context) error {
	info, d, err := srv.load(c)
	if err != nil {
		return err
	}
	etag := fmt.Sprintf(`"%s-%d"`, info.ID, info.Version)
	h := c.Response().Header()
	h.Set("ETag", etag)
	h.Set("X-Design-Version", fmt.Sprint(info.Version))
	if c.Request().Header.Get("If-None-Match") == etag {
		return c.NoContent(http.StatusNotModified)
	}
	data, err := design.Marshal(d)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, data)
}

// designDelete removes a design (its revisions stay).
func (srv *Server) designDelete(c echo.Context) error {
	if err := srv.store.DeleteDesign(c.Request().Context(), c.Param("id"), author(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
