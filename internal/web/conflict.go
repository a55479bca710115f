package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/web/templates"
)

// postedEdit is an edit of the inspector as the page posted it: enough to
// show it beside theirs when it conflicts, and to post it again.
type postedEdit struct {
	action  string // where the form was posted
	kind    design.Kind
	id      string
	show    string     // the ID shown after the save, when a rename changes it
	form    url.Values // the posted fields
	deleted bool       // the edit deletes the resource
}

// showConflict answers an edit refused because someone changed the
// resource after base, the version the form was loaded at: 409, with
// nothing saved, their value and the one posted field by field, and two
// ways on: take theirs (the form at the current version, the posted
// values dropped) or put mine on top of theirs (the posted values again,
// based on the current version). The panels show the current version.
func (srv *Server) showConflict(c echo.Context, id string, base int64, ce *store.ConflictError, mine postedEdit) error {
	ctx := c.Request().Context()
	info, d, err := srv.store.Design(ctx, id)
	if err != nil {
		return err
	}
	// The resource as the form was loaded, to tell which of mine are
	// only what the form showed.
	before, err := srv.versionOf(ctx, info, d, base)
	if err != nil {
		return err
	}
	cv := conflictView(before, d, info.Version, base, mine)
	if cv.Changes, err = srv.changesSince(ctx, id, base, ce); err != nil {
		return err
	}
	cv.TakeTheirs = "/designs/" + id + "/inspector/" + url.PathEscape(mine.id)
	insp := templates.InspectorView{DesignID: id, Kind: string(mine.kind), ID: mine.id, Version: info.Version, Conflict: &cv}
	if r, ok := d.Lookup(mine.id); ok {
		insp.Kind = string(r.Kind())
	}
	v := srv.designer(c, info, d, csrfToken(c))
	c.Response().Header().Set("X-Design-Version", strconv.FormatInt(info.Version, 10))
	return render(c, http.StatusConflict, templates.EditResponse(templates.EditResult{Inspector: insp, Designer: v, Edit: editData{Kind: "conflict"}}))
}

// conflictView compares the resource of mine as design d holds it at
// version (theirs) with mine, field by field, marking the fields of mine
// that are as before (the design at base) held them, and makes the form
// that posts mine again on top of version.
func conflictView(before, d *design.Design, version, base int64, mine postedEdit) templates.ConflictView {
	cv := templates.ConflictView{Base: base, Version: version, MineDeleted: mine.deleted, Action: mine.action}
	k := mine.kind
	r, ok := d.Lookup(mine.id)
	if ok {
		k = r.Kind()
	}
	cv.TheirsDeleted = !ok
	theirs, ours := map[string]templates.Field{}, map[string]templates.Field{}
	if ok {
		for _, f := range formFields(d, k, r, nil, nil) {
			theirs[f.Name] = f
		}
	}
	if !mine.deleted {
		for _, f := range formFields(d, k, nil, mine.form, nil) {
			ours[f.Name] = f
		}
	}
	old := map[string]templates.Field{}
	if r, ok := before.Lookup(mine.id); ok {
		for _, f := range formFields(before, k, r, nil, nil) {
			old[f.Name] = f
		}
	}
	for _, f := range fieldsOf(k) {
		t, m := shown(theirs[f.name]), shown(ours[f.name])
		if t == m {
			cv.Same++
			continue
		}
		_, had := old[f.name]
		cv.Rows = append(cv.Rows, templates.ConflictRow{Name: f.name, Label: label(f.name), Theirs: t, Mine: m,
			MineAsLoaded: had && !mine.deleted && m == shown(old[f.name])})
	}
	names := make([]string, 0, len(mine.form))
	for name := range mine.form {
		if name != "base_version" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		for _, value := range mine.form[name] { // every value: a list of picks, the rows markers
			if name == "new" && ok {
				value = "false" // theirs exists now: mine replaces it
			}
			cv.Mine = append(cv.Mine, templates.Hidden{Name: name, Value: value})
		}
	}
	cv.Mine = append(cv.Mine, templates.Hidden{Name: "base_version", Value: strconv.FormatInt(version, 10)})
	return cv
}

// shown is how the conflict view shows a field's value.
func shown(f templates.Field) string {
	if f.Type == "checkbox" {
		return strconv.FormatBool(f.Checked)
	}
	return strings.TrimSpace(f.Value)
}

// maxChanges bounds the changes a conflict lists.
const maxChanges = 5

// changesSince says who changed the resources of a conflict after version
// base, one line a revision: "version 3 by bo@example.com: changed
// subnet app-a".
func (srv *Server) changesSince(ctx context.Context, designID string, base int64, ce *store.ConflictError) ([]string, error) {
	revs, err := srv.store.RevisionsAfter(ctx, designID, base, 1000) // the conflict lists 5 and counts the rest
	if err != nil {
		return nil, err
	}
	var out []string
	more := 0
	for _, rev := range revs {
		if !slices.ContainsFunc(rev.Ops, func(o design.Op) bool { _, ok := ce.Changed[o.ID]; return ok }) {
			continue
		}
		if len(out) == maxChanges {
			more++
			continue
		}
		out = append(out, fmt.Sprintf("version %d by %s: %s", rev.Version, rev.Author, rev.Summary))
	}
	if more > 0 {
		out = append(out, fmt.Sprintf("and %d more", more))
	}
	return out, nil
}
