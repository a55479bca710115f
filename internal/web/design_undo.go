package web

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/web/templates"
)

// fragApply undoes or redoes an edit the page made: it reverts the
// revision the page names (version; the page keeps the version each of
// its edits and undos made) and is refused, changing nothing, when a
// resource that revision touched is no longer as it left it. Either way
// the inspector says what happened.
func (srv *Server) fragApply(c echo.Context) error {
	ctx := c.Request().Context()
	kind := c.FormValue("kind")
	if kind != "undo" && kind != "redo" {
		return badRequest("kind", "want undo or redo")
	}
	v, err := strconv.ParseInt(c.FormValue("version"), 10, 64)
	if err != nil || v < 1 {
		return badRequest("version", "version %q: want the version of the edit to %s", c.FormValue("version"), kind)
	}
	id := c.Param("id")
	reverted, err := srv.store.Revision(ctx, id, v)
	if errors.Is(err, store.ErrNotFound) {
		return badRequest("version", "version %d is not a version of the design", v)
	}
	if err != nil {
		return err
	}
	// An undo names the edit it takes back; a redo takes back an undo,
	// whose own summary would mislead ("deleted" for an add undone), so
	// it says what it did again.
	what := ""
	if kind == "undo" {
		what = fmt.Sprintf(" version %d (%s)", v, reverted.Summary)
	}
	show := ""
	if len(reverted.Ops) > 0 {
		show = reverted.Ops[0].ID
	}
	rev, err := srv.store.Revert(ctx, id, v, author(c))
	var ce *store.ConflictError
	var nd *store.NothingToDoError
	var fe *design.FieldError
	why := ""
	switch {
	case errors.As(err, &ce):
		changes, err := srv.changesSince(ctx, id, v, ce)
		if err != nil {
			return err
		}
		why = strings.Join(slices.Sorted(maps.Keys(ce.Changed)), ", ") + " changed since (" + strings.Join(changes, "; ") + ")"
	case errors.As(err, &nd):
		why = nd.Msg
	case errors.As(err, &fe):
		why = fe.Error()
	case err != nil:
		return err
	default:
		text := "Undid" + what + "."
		if kind == "redo" {
			text = "Redid: " + rev.Summary + "."
		}
		return srv.showEdit(c, id, rev, kind, show, &templates.UndoNote{Text: text})
	}
	return srv.showUndoRefused(c, id, show, "Cannot "+kind+what+": "+why+". Nothing was changed.")
}

// showUndoRefused answers a refused undo or redo: 409, the inspector of
// show at the current version with why, and the current panels.
func (srv *Server) showUndoRefused(c echo.Context, id, show, why string) error {
	ctx := c.Request().Context()
	info, d, err := srv.store.Design(ctx, id)
	if err != nil {
		return err
	}
	insp := templates.InspectorView{DesignID: id, Empty: true}
	if i := inspector(id, info.Version, d, "", show); !i.Empty {
		insp = i
	}
	insp.Undo = &templates.UndoNote{Refused: true, Text: why}
	v := srv.designer(c, info, d, csrfToken(c))
	c.Response().Header().Set("X-Design-Version", strconv.FormatInt(info.Version, 10))
	return render(c, http.StatusConflict, templates.EditResponse(templates.EditResult{Inspector: insp, Designer: v, Edit: editData{Kind: "refused"}}))
}
