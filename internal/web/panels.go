package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/web/templates"
)

// The page names the VPCs of its tree the viewer opened and closed in
// these headers (IDs URL-escaped, separated by commas), on every request
// whose answer redraws the tree: an edit's answer and a live update then
// render the rows of the open VPCs only.
const (
	headerTreeOpen   = "X-Tree-Open"
	headerTreeClosed = "X-Tree-Closed"
)

// treeState is the open and closed VPCs a request names.
type treeState struct{ opened, closed []string }

func treeStateOf(c echo.Context) treeState {
	h := c.Request().Header
	return treeState{idList(h.Get(headerTreeOpen)), idList(h.Get(headerTreeClosed))}
}

// idList reads a header's list of IDs, sorted, once each.
func idList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if id, err := url.PathUnescape(strings.TrimSpace(part)); err == nil && id != "" {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// apply returns t with the state's open and closed VPCs.
func (s treeState) apply(t templates.Tree) templates.Tree {
	t.Opened, t.Closed = set(s.opened), set(s.closed)
	return t
}

// key names the state in a cache key.
func (s treeState) key() string {
	return strings.Join(s.opened, ",") + "|" + strings.Join(s.closed, ",")
}

func set(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// versionPanels returns the panels of the version the request names
// (?version=, else the current one) with the diagram of ?view=: kept ones
// when the version's are, else built from the design at that version.
func (srv *Server) versionPanels(c echo.Context) (templates.Designer, error) {
	v, err := versionParam(c.QueryParam("version"), "version")
	if err != nil {
		return templates.Designer{}, err
	}
	view := c.QueryParam("view")
	if v > 0 {
		if p, ok := srv.panels.Get(diagramKey{c.Param("id"), v, view}); ok {
			return p, nil
		}
	}
	info, d, err := srv.loadShared(c)
	if err != nil {
		return templates.Designer{}, err
	}
	return srv.panelsOf(c.Request().Context(), info, d, view), nil
}

// fragTreeVPC answers the rows of a VPC of the tree, opened in the page:
// of the version the page shows (?version=), or the current one.
func (srv *Server) fragTreeVPC(c echo.Context) error {
	p, err := srv.versionPanels(c)
	if err != nil {
		return err
	}
	vpc := c.Param("vpc")
	for _, g := range p.Tree.Groups {
		for _, n := range g.Nodes {
			if n.Kind == "vpc" && n.ID == vpc {
				c.Response().Header().Set("X-Design-Version", strconv.FormatInt(p.Version, 10))
				return render(c, http.StatusOK, templates.VPCRows(n, true))
			}
		}
	}
	return apiErrorf(http.StatusNotFound, "not_found", "vpc", "the design has no VPC %q at version %d", vpc, p.Version)
}

// fragFindings answers the findings panel's rows from ?from= on: a page
// of them, or every one with ?all=true (a filter looks at them all), and
// the panel's "show more" for the rows after them.
func (srv *Server) fragFindings(c echo.Context) error {
	from, err := strconv.Atoi(c.QueryParam("from"))
	if err != nil || from < 0 {
		return badRequest("from", "the first finding to show is a number from 0, not %q", c.QueryParam("from"))
	}
	p, err := srv.versionPanels(c)
	if err != nil {
		return err
	}
	r := templates.FindingsRows{View: p.Findings, From: from, All: c.QueryParam("all") == "true"}
	return render(c, http.StatusOK, templates.FindingsPageView(r))
}
