package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// revisionItem is one line of a design's history.
type revisionItem struct {
	Version int64     `json:"version"`
	Author  string    `json:"author"`
	Time    time.Time `json:"time"`
	Summary string    `json:"summary"`
	OpCount int       `json:"op_count"`
	Names   []string  `json:"names,omitempty"` // what the version is called ("approved 2026-11-30")
}

// revisionList returns a design's revisions, oldest first, without ops.
func (srv *Server) revisionList(c echo.Context) error {
	revs, err := srv.store.Revisions(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	names, err := srv.store.VersionNames(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	out := make([]revisionItem, len(revs))
	for i, r := range revs {
		out[i] = revisionItem{Version: r.Version, Author: r.Author, Time: r.Time, Summary: r.Summary, OpCount: len(r.Ops), Names: names[r.Version]}
	}
	return c.JSON(http.StatusOK, map[string]any{"revisions": out})
}

// revisionShow returns one revision with its ops.
func (srv *Server) revisionShow(c echo.Context) error {
	v, err := versionParam(c.Param("version"), "version")
	if err != nil {
		return err
	}
	rev, err := srv.store.Revision(c.Request().Context(), c.Param("id"), v)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rev)
}
