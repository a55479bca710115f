package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/importer"
	"github.com/vpcboard/vpcboard/internal/reach"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/web/templates"
)

// pageRoutes registers the designer's pages and fragments.
func (srv *Server) pageRoutes(e *echo.Echo, expensive echo.MiddlewareFunc) {
	get, post := http.MethodGet, http.MethodPost
	viewer, editor, owner := onDesign(auth.Viewer), onDesign(auth.Editor), onDesign(auth.Owner)
	srv.route(e, get, "/", signedIn, srv.pageList)
	srv.route(e, post, "/designs", signedIn, srv.pageCreate)
	srv.route(e, post, "/designs/import", signedIn, srv.pageImport, expensive)
	srv.route(e, post, "/designs/:id/delete", owner, srv.pageDelete)
	srv.route(e, get, "/designs/:id", viewer, srv.pageDesigner)
	srv.route(e, get, "/designs/:id/diagram", viewer, srv.fragDiagram, expensive)
	srv.route(e, get, "/designs/:id/inspector/:rid", viewer, srv.fragInspector)
	srv.route(e, get, "/designs/:id/inspector-new", editor, srv.fragInspectorNew)
	srv.route(e, post, "/designs/:id/edit", editor, srv.fragEdit)
	srv.route(e, post, "/designs/:id/delete-resource", editor, srv.fragDeleteResource)
	srv.route(e, post, "/designs/:id/apply", editor, srv.fragApply)
	srv.route(e, post, "/designs/:id/trace", viewer, srv.fragTrace, expensive, srv.heavy)
	srv.route(e, get, "/designs/:id/matrix", viewer, srv.fragMatrix, expensive, srv.heavy)
	srv.route(e, get, "/designs/:id/reachable/:wid", viewer, srv.fragReachable, expensive, srv.heavy)
	srv.route(e, get, "/designs/:id/fragments", viewer, srv.fragLive)
	srv.route(e, get, "/designs/:id/ws", viewer, srv.pageLive)
	srv.route(e, get, "/designs/:id/share", owner.bySession(), srv.pageShare)
	srv.route(e, post, "/designs/:id/share", owner.bySession(), srv.pageShareCreate)
	srv.route(e, post, "/designs/:id/share/:sid/revoke", owner.bySession(), srv.pageShareRevoke)
	srv.route(e, get, "/s/:secret", public, srv.pageShareOpen)
	srv.route(e, get, "/designs/:id/diff", viewer, srv.pageDiff, expensive, srv.heavy)
	srv.route(e, get, "/designs/:id/history", viewer, srv.fragHistory)
	srv.route(e, get, "/designs/:id/comments", viewer, srv.fragComments)
	srv.route(e, post, "/designs/:id/comment", onDesign(auth.Commenter), srv.fragComment)
	srv.route(e, post, "/designs/:id/comments/:cid/resolve", onDesign(auth.Commenter), srv.fragResolve)
	srv.route(e, post, "/designs/:id/versions", editor, srv.pageVersionAction)
	srv.route(e, post, "/designs/:id/reviews/:rid/verdict", onDesign(auth.Commenter), srv.pageVerdict)
}

// render writes a templ component. It renders even when the request's
// context has ended (the error handler runs after the timeout's): the
// header is written by then.
func render(c echo.Context, status int, t templ.Component) error {
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	c.Response().WriteHeader(status)
	return t.Render(context.WithoutCancel(c.Request().Context()), c.Response())
}

func csrfToken(c echo.Context) string {
	s, _ := c.Get("csrf").(string)
	return s
}

func (srv *Server) pageList(c echo.Context) error {
	ctx := c.Request().Context()
	teams, err := srv.teamsOf(ctx, principalOf(c))
	if err != nil {
		return err
	}
	ids, names, roles := []string{}, map[string]string{}, map[string]auth.Role{}
	v := templates.ListPage{Page: srv.page(c, "Designs"), Error: c.QueryParam("error")}
	for _, t := range teams {
		ids = append(ids, t.ID)
		names[t.ID], roles[t.ID] = t.Name, t.Role
		if t.Role >= auth.Editor {
			v.Teams = append(v.Teams, templates.TeamRow{ID: t.ID, Name: t.Name, Role: t.Role.String()})
		}
	}
	list, err := srv.store.Designs(ctx, ids)
	if err != nil {
		return err
	}
	for _, d := range list {
		v.Designs = append(v.Designs, templates.DesignRow{ID: d.ID, Name: orName(d.Name), Owner: d.Owner, Team: names[d.Team],
			Updated: d.UpdatedAt.UTC().Format("2006-01-02 15:04 UTC"), Version: d.Version, CanDelete: roles[d.Team] == auth.Owner})
	}
	return render(c, http.StatusOK, templates.List(v))
}

// listError goes back to the list with a message.
func listError(c echo.Context, msg string) error {
	return c.Redirect(http.StatusSeeOther, "/?error="+url.QueryEscape(truncate(msg, 300)))
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func (srv *Server) pageCreate(c echo.Context) error {
	team, err := srv.teamForNew(c, c.FormValue("team"))
	if err != nil {
		return err // the form offers only teams where one may edit
	}
	name := strings.TrimSpace(c.FormValue("name"))
	if name == "" || len(name) > 200 {
		return listError(c, "a design needs a name of 1 to 200 characters")
	}
	info, err := srv.store.CreateDesign(c.Request().Context(), team, design.New(name), author(c))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/designs/"+info.ID)
}

func (srv *Server) pageImport(c echo.Context) error {
	team, err := srv.teamForNew(c, c.FormValue("team"))
	if err != nil {
		return err
	}
	fh, err := c.FormFile("template")
	if err != nil {
		return listError(c, "choose a CloudFormation template to import")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, importer.MaxTemplateSize+1))
	if err != nil {
		return err
	}
	res, err := importer.Import(bytes.NewReader(data), fh.Filename, importer.Options{})
	if err != nil {
		return listError(c, err.Error())
	}
	if errs := design.Check(res.Design); len(errs) > 0 {
		return listError(c, errs[0].Error())
	}
	info, err := srv.store.CreateDesign(c.Request().Context(), team, res.Design, author(c))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/designs/"+info.ID)
}

func (srv *Server) pageDelete(c echo.Context) error {
	if err := srv.store.DeleteDesign(c.Request().Context(), c.Param("id"), author(c)); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/")
}

func (srv *Server) pageDesigner(c echo.Context) error {
	ctx := c.Request().Context()
	past, err := versionParam(c.QueryParam("version"), "version") // ?version=N: a past version, read-only
	if err != nil {
		return err
	}
	info, d, err := srv.store.Design(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	current := info
	if past != 0 {
		if d, err = srv.versionOf(ctx, info, d, past); err != nil {
			return err
		}
		info.Version = past
	}
	v := srv.designer(ctx, info, d, c.QueryParam("view"), csrfToken(c))
	v.Page = srv.page(c, v.Page.Title)
	v.Role, v.Me = roleOf(c).String(), author(c)
	v.CanEdit, v.CanShare = roleOf(c) >= auth.Editor, roleOf(c) == auth.Owner
	if info.Version < current.Version {
		v.Past, v.Current, v.CanEdit, v.Role = info.Version, current.Version, false, "viewer"
	}
	if v.Review, err = srv.reviewBadge(c, info.ID); err != nil {
		return err
	}
	comments, err := srv.store.Comments(ctx, info.ID)
	if err != nil {
		return err
	}
	v.Commented = openThreads(comments)
	c.Response().Header().Set("X-Design-Version", strconv.FormatInt(info.Version, 10))
	return render(c, http.StatusOK, templates.DesignerPage(*v))
}

func (srv *Server) fragDiagram(c echo.Context) error {
	info, d, err := srv.store.Design(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, templates.DiagramPane(srv.diagramView(c.Request().Context(), info.ID, d, c.QueryParam("view")), false))
}

func (srv *Server) fragInspector(c echo.Context) error {
	info, d, err := srv.load(c) // ?version=N: as it was (a past version's page)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, templates.Inspector(inspector(info.ID, d, "", c.Param("rid"))))
}

func (srv *Server) fragInspectorNew(c echo.Context) error {
	info, d, err := srv.store.Design(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	k := design.Kind(c.QueryParam("kind"))
	if k == "" {
		return render(c, http.StatusOK, templates.Inspector(templates.InspectorView{DesignID: info.ID, Empty: true}))
	}
	if _, err := design.DecodeResource(k, "x", []byte("{}")); err != nil || k == design.KindOpaque {
		return badRequest("kind", "%q is not a kind of resource", string(k))
	}
	return render(c, http.StatusOK, templates.Inspector(inspector(info.ID, d, k, "")))
}

// baseVersion is the version the page showed when the user edited.
func baseVersion(c echo.Context) (int64, error) {
	s := c.Request().Header.Get("X-Base-Version")
	if s == "" {
		s = c.FormValue("base_version")
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 1 {
		return 0, badRequest("base_version", "missing the version the edit is based on")
	}
	return v, nil
}

// fragEdit saves the inspector's form as one put.
func (srv *Server) fragEdit(c echo.Context) error {
	ctx := c.Request().Context()
	info, d, err := srv.store.Design(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return badRequest("body", "unreadable form: %v", err)
	}
	k := design.Kind(form.Get("kind"))
	id := strings.TrimSpace(form.Get("id"))
	isNew := form.Get("new") == "true"
	refuse := func(field, msg string) error {
		v := templates.InspectorView{DesignID: info.ID, Kind: string(k), ID: id, New: isNew}
		errs := map[string]string{}
		if field != "" {
			errs[field] = msg
		} else {
			v.Error = msg
		}
		v.Fields = formFields(d, k, nil, form, errs)
		if !isNew {
			v.Fields = v.Fields[1:] // the ID is not editable
		}
		return render(c, http.StatusOK, templates.EditResponse(templates.EditResult{Inspector: v}))
	}
	if _, ok := d.Lookup(id); isNew && ok {
		return refuse("id", fmt.Sprintf("%q is taken", id))
	}
	value, err := parseForm(k, form)
	var fe *formError
	if errors.As(err, &fe) {
		return refuse(fe.field, fe.msg)
	}
	if err != nil {
		return err
	}
	ops := []design.Op{{Op: design.OpPut, Kind: k, ID: id, Value: value}}
	if isNew && k == design.KindVPC {
		// A new VPC comes with what AWS creates with it: the main route
		// table, the default network ACL and the default security group.
		r, err := ops[0].Resource()
		if err != nil {
			var fe *design.FieldError
			if errors.As(err, &fe) {
				return refuse(fieldOf(fe.Path), fe.Msg)
			}
			return refuse("", err.Error())
		}
		ops = design.NewVPCOps(r.(*design.VPC))
	}
	return srv.applyAndShow(c, info, ops, "edit", refuse, id)
}

func (srv *Server) fragDeleteResource(c echo.Context) error {
	ctx := c.Request().Context()
	info, d, err := srv.store.Design(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	id := c.FormValue("id")
	refuse := func(_, msg string) error {
		v := inspector(info.ID, d, "", id)
		v.Error = msg
		return render(c, http.StatusOK, templates.EditResponse(templates.EditResult{Inspector: v}))
	}
	op := design.Op{Op: design.OpDelete, ID: id, Cascade: c.FormValue("cascade") == "true"}
	return srv.applyAndShow(c, info, []design.Op{op}, "edit", refuse, "")
}

// fragApply applies ops the page sends: an undo or a redo.
func (srv *Server) fragApply(c echo.Context) error {
	ctx := c.Request().Context()
	info, d, err := srv.store.Design(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	var ops []design.Op
	if err := json.Unmarshal([]byte(c.FormValue("ops")), &ops); err != nil || len(ops) == 0 {
		return badRequest("ops", "want a JSON list of ops")
	}
	kind := c.FormValue("kind")
	if kind != "undo" && kind != "redo" {
		return badRequest("kind", "want undo or redo")
	}
	refuse := func(_, msg string) error {
		v := templates.InspectorView{DesignID: info.ID, Empty: true}
		if v2 := inspector(info.ID, d, "", ops[0].ID); !v2.Empty {
			v = v2
		}
		v.Error = "cannot " + kind + ": " + msg
		return render(c, http.StatusOK, templates.EditResponse(templates.EditResult{Inspector: v}))
	}
	return srv.applyAndShow(c, info, ops, kind, refuse, ops[0].ID)
}

// editData is what the page keeps for undo and redo: the ops that revert
// an edit.
type editData struct {
	Kind    string      `json:"kind"`
	Undo    []design.Op `json:"undo"`
	Version int64       `json:"version"`
}

// applyAndShow applies ops and answers with the inspector of show (or an
// empty one, with the revision's summary), the changed panels, and the
// ops that undo the edit. A refused edit goes to refuse with the field and
// the message.
func (srv *Server) applyAndShow(c echo.Context, info store.Info, ops []design.Op, kind string, refuse func(field, msg string) error, show string) error {
	ctx := c.Request().Context()
	base, err := baseVersion(c)
	if err != nil {
		return err
	}
	rev, err := srv.store.Apply(ctx, info.ID, base, ops, author(c))
	var fe *design.FieldError
	var ce *store.ConflictError
	var be *store.BaseError
	switch {
	case errors.As(err, &fe):
		return refuse(fieldOf(fe.Path), fe.Msg)
	case errors.As(err, &ce):
		return srv.showConflict(c, info.ID, ce, show)
	case errors.As(err, &be):
		return refuse("", be.Error())
	case err != nil:
		return err
	}
	before, err := srv.store.DesignAt(ctx, info.ID, rev.Version-1)
	if err != nil {
		return err
	}
	info2, d, err := srv.store.Design(ctx, info.ID)
	if err != nil {
		return err
	}
	v := srv.designer(ctx, info2, d, c.QueryParam("view"), csrfToken(c))
	insp := templates.InspectorView{DesignID: info.ID, Empty: true}
	if show != "" {
		if i := inspector(info.ID, d, "", show); !i.Empty {
			insp = i
		}
	}
	insp.Notice = rev.Summary
	c.Response().Header().Set("X-Design-Version", strconv.FormatInt(rev.Version, 10))
	return render(c, http.StatusOK, templates.EditResponse(templates.EditResult{
		Inspector: insp, Designer: v, Edit: editData{Kind: kind, Undo: inverse(before, rev.Ops), Version: rev.Version},
	}))
}

// showConflict answers an edit refused because someone changed the
// resource since the page's version: the inspector shows their version of
// it with a notice (nothing of the edit was saved), and the panels the
// current version, so that nothing is overwritten unseen.
func (srv *Server) showConflict(c echo.Context, id string, ce *store.ConflictError, show string) error {
	ctx := c.Request().Context()
	info, d, err := srv.store.Design(ctx, id)
	if err != nil {
		return err
	}
	insp := templates.InspectorView{DesignID: id, Empty: true}
	if show != "" {
		if i := inspector(id, d, "", show); !i.Empty {
			insp = i
		}
	}
	insp.Error = "not saved: " + ce.Error() + ". The form shows the current version; make your change again on it."
	v := srv.designer(ctx, info, d, c.QueryParam("view"), csrfToken(c))
	c.Response().Header().Set("X-Design-Version", strconv.FormatInt(info.Version, 10))
	return render(c, http.StatusOK, templates.EditResponse(templates.EditResult{Inspector: insp, Designer: v, Edit: editData{Kind: "conflict"}}))
}

// inverse returns the ops that take the design back from after ops to
// before.
func inverse(before *design.Design, ops []design.Op) []design.Op {
	out := make([]design.Op, 0, len(ops))
	seen := map[string]bool{}
	for i := len(ops) - 1; i >= 0; i-- {
		o := ops[i]
		if seen[o.ID] {
			continue
		}
		seen[o.ID] = true
		if r, ok := before.Lookup(o.ID); ok {
			out = append(out, design.Put(r))
		} else {
			out = append(out, design.Op{Op: design.OpDelete, Kind: o.Kind, ID: o.ID})
		}
	}
	return out
}

// traceOverlay is what the diagram overlay of a trace needs.
type traceOverlay struct {
	Hops      []string `json:"hops"`
	Blocked   []string `json:"blocked"`
	Reachable []string `json:"reachable,omitempty"`
}

func (srv *Server) fragTrace(c echo.Context) error {
	_, d, err := srv.store.Design(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	port, _ := strconv.Atoi(c.FormValue("port"))
	from, to, proto := strings.TrimSpace(c.FormValue("from")), strings.TrimSpace(c.FormValue("to")), c.FormValue("protocol")
	v := templates.TraceResult{Flow: fmt.Sprintf("%s → %s %s %d", from, to, proto, port)}
	flow, err := reach.ParseFlow(d, from, to, proto, port)
	if err != nil {
		v.Error = err.Error()
		return render(c, http.StatusOK, templates.TraceResultView(v))
	}
	res, err := reach.Trace(d, flow)
	if err != nil {
		v.Error = err.Error()
		return render(c, http.StatusOK, templates.TraceResultView(v))
	}
	return render(c, http.StatusOK, templates.TraceResultView(traceView(v, d, flow, res)))
}

func (srv *Server) fragMatrix(c echo.Context) error {
	info, d, err := srv.store.Design(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	if err := charge(c, matrixUnits(d)); err != nil {
		return err
	}
	m, err := srv.matrices.of(info, d)
	if err != nil {
		return err
	}
	v, err := matrixView(m)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, templates.MatrixTable(v))
}

func (srv *Server) fragReachable(c echo.Context) error {
	info, d, err := srv.store.Design(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	if _, ok := d.Workloads[c.Param("wid")]; !ok {
		return badRequest("workload", "%q is not a workload", c.Param("wid"))
	}
	if err := charge(c, matrixUnits(d)); err != nil {
		return err
	}
	m, err := srv.matrices.of(info, d)
	if err != nil {
		return err
	}
	v, err := reachableView(m, c.Param("wid"))
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, templates.ReachablePanel(v))
}
