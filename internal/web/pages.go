package web

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/reach"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/web/templates"
)

// pageRoutes registers the designer's pages and fragments. Loading the
// designer, a diagram, a trace, the matrix, a diff, an import and a new
// design go through the API's per-account limit on expensive requests.
// Edits are not limited, as the API's ops are not, nor are the live
// fragments, which every viewer fetches once per version (they are
// computed once per version); the diagrams they draw wait in the render
// queue of the design's team like any other.
func (srv *Server) pageRoutes(e *echo.Echo, expensive echo.MiddlewareFunc) {
	get, post := http.MethodGet, http.MethodPost
	viewer, editor, owner := onDesign(auth.Viewer), onDesign(auth.Editor), onDesign(auth.Owner)
	srv.route(e, get, "/", signedIn, srv.pageList)
	srv.route(e, post, "/designs", signedIn, srv.pageCreate, expensive)
	srv.route(e, post, "/designs/import", signedIn, srv.pageImport, expensive)
	srv.route(e, post, "/designs/:id/delete", owner, srv.pageDelete)
	srv.route(e, get, "/designs/:id", viewer, srv.pageDesigner, expensive)
	srv.route(e, get, "/designs/:id/diagram", viewer, srv.fragDiagram, expensive)
	srv.route(e, get, "/designs/:id/inspector/:rid", viewer, srv.fragInspector)
	srv.route(e, get, "/designs/:id/inspector-new", editor, srv.fragInspectorNew)
	srv.route(e, post, "/designs/:id/edit", editor, srv.fragEdit)
	srv.route(e, post, "/designs/:id/delete-resource", editor, srv.fragDeleteResource)
	srv.route(e, post, "/designs/:id/apply", editor, srv.fragApply)
	srv.route(e, post, "/designs/:id/action", editor, srv.fragAction)
	srv.route(e, post, "/designs/:id/trace", viewer, srv.fragTrace, expensive, srv.heavy)
	srv.route(e, get, "/designs/:id/matrix", viewer, srv.fragMatrix, expensive, srv.heavy)
	srv.route(e, get, "/designs/:id/reachable/:wid", viewer, srv.fragReachable, expensive, srv.heavy)
	srv.route(e, get, "/designs/:id/fragments", viewer, srv.fragLive)
	srv.route(e, get, "/designs/:id/tree/:vpc", viewer, srv.fragTreeVPC)
	srv.route(e, get, "/designs/:id/findings", viewer, srv.fragFindings)
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
	info, d, err := srv.store.DesignShared(ctx, c.Param("id"))
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
	v := srv.designer(c, info, d, csrfToken(c))
	v.Page = srv.page(c, v.Page.Title)
	v.Role, v.Me = roleOf(c).String(), author(c)
	v.CanEdit, v.CanShare = roleOf(c) >= auth.Editor, roleOf(c) == auth.Owner
	v.Live = srv.hub != nil
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
	if past == 0 {
		v.ImportNotes = srv.importNotes(c, info)
	}
	c.Response().Header().Set("X-Design-Version", strconv.FormatInt(info.Version, 10))
	return render(c, http.StatusOK, templates.DesignerPage(*v))
}

func (srv *Server) fragDiagram(c echo.Context) error {
	info, d, err := srv.store.Design(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	dv := srv.diagramView(c.Request().Context(), info, d, c.QueryParam("view"))
	dv.Nav = navFor(c, dv.Nav)
	return render(c, http.StatusOK, templates.DiagramPane(dv, false))
}

func (srv *Server) fragInspector(c echo.Context) error {
	info, d, err := srv.loadShared(c) // ?version=N: as it was (a past version's page)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, templates.Inspector(inspector(info.ID, info.Version, d, "", c.Param("rid"))))
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
	v := inspector(info.ID, info.Version, d, k, "")
	if vpc, az := c.QueryParam("vpc"), c.QueryParam("az"); vpc != "" || az != "" {
		// ?vpc=&az=: a resource added from a VPC or a zone of the diagram.
		v.Fields = newFields(d, k, vpc, az)
	}
	return render(c, http.StatusOK, templates.Inspector(v))
}

// baseVersion is the version the edit is based on: the version of the
// design the posted form shows (its base_version field, set when the
// server rendered the form), not the latest one the page has heard of; a
// scripted client without the field may send it as X-Base-Version.
func baseVersion(c echo.Context) (int64, error) {
	s := c.FormValue("base_version")
	if s == "" {
		s = c.Request().Header.Get("X-Base-Version")
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 1 {
		return 0, badRequest("base_version", "missing the version the edit is based on")
	}
	return v, nil
}

// editing reads what an edit of the page starts from: the version its
// form was loaded at and the design as it is now.
func (srv *Server) editing(c echo.Context) (base int64, info store.Info, d *design.Design, err error) {
	if base, err = baseVersion(c); err != nil {
		return 0, info, nil, err
	}
	info, d, err = srv.store.DesignShared(c.Request().Context(), c.Param("id")) // the edit copies what it changes
	return base, info, d, err
}

// fragEdit saves the inspector's form as one put.
func (srv *Server) fragEdit(c echo.Context) error {
	base, info, d, err := srv.editing(c)
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
		// The form again, as typed and of the version it was loaded at.
		v := templates.InspectorView{DesignID: info.ID, Kind: string(k), ID: id, New: isNew, Version: base}
		errs := map[string]string{}
		if field != "" {
			errs[errKey(k, field)] = msg
		} else {
			v.Error = msg
		}
		var r design.Resource
		if !isNew {
			r, _ = d.Lookup(id)
		}
		v.Fields = formFields(d, k, r, form, errs)
		return render(c, http.StatusOK, templates.EditResponse(templates.EditResult{Inspector: v}))
	}
	if isNew && id == "" {
		// A new resource's ID is made from its name, renamable later.
		id = generateID(d, k, form.Get("name"))
	}
	if _, ok := d.Lookup(id); isNew && ok {
		return refuse("id", fmt.Sprintf("%q is taken", id))
	}
	value, made, err := parseForm(d, k, id, form)
	var fe *formError
	if errors.As(err, &fe) {
		return refuse(fe.field, fe.msg)
	}
	if err != nil {
		return err
	}
	ops := []design.Op{{Op: design.OpPut, Kind: k, ID: id, Value: value}}
	if len(made) > 0 {
		// The groups its rules name that are made in the same save.
		var sg design.SecurityGroup
		json.Unmarshal(value, &sg)
		ops = append(ops, newGroupOps(sg.VPC, made)...)
	}
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
	show := id
	if to := strings.TrimSpace(form.Get("rename")); !isNew && to != "" && to != id {
		more, err := renameOps(d, ops, id, to)
		var de *design.FieldError
		if errors.As(err, &de) {
			return refuse(fieldOf("x[x]."+de.Path), de.Msg)
		}
		if err != nil {
			return err
		}
		ops = append(ops, more...)
		show = to
	}
	mine := postedEdit{action: "/designs/" + info.ID + "/edit", kind: k, id: id, show: show, form: form}
	return srv.applyAndShow(c, info.ID, base, ops, mine, refuse)
}

func (srv *Server) fragDeleteResource(c echo.Context) error {
	base, info, d, err := srv.editing(c)
	if err != nil {
		return err
	}
	id := c.FormValue("id")
	refuse := func(_, msg string) error {
		v := inspector(info.ID, info.Version, d, "", id)
		v.Error = msg
		return render(c, http.StatusOK, templates.EditResponse(templates.EditResult{Inspector: v}))
	}
	op := design.Op{Op: design.OpDelete, ID: id, Cascade: c.FormValue("cascade") == "true"}
	mine := postedEdit{action: "/designs/" + info.ID + "/delete-resource", id: id, deleted: true,
		form: url.Values{"id": {id}, "cascade": {c.FormValue("cascade")}}}
	if r, ok := d.Lookup(id); ok {
		mine.kind = r.Kind()
	}
	return srv.applyAndShow(c, info.ID, base, []design.Op{op}, mine, refuse)
}

// editData is what the page keeps for undo and redo: the version an edit
// made, which an undo reverts (and a redo, the version the undo made).
type editData struct {
	Kind    string `json:"kind"`
	Version int64  `json:"version,omitempty"`
}

// applyAndShow applies the ops of a form based on version base and
// answers with the current inspector of the resource, the changed panels
// and the version made (for undo). An edit the design refuses goes to
// refuse with the field and the message; one over a later change of the
// resource is a conflict: theirs and mine side by side (409).
func (srv *Server) applyAndShow(c echo.Context, id string, base int64, ops []design.Op, mine postedEdit, refuse func(field, msg string) error) error {
	rev, err := srv.store.Apply(c.Request().Context(), id, base, ops, author(c))
	var fe *design.FieldError
	var ce *store.ConflictError
	var be *store.BaseError
	switch {
	case errors.As(err, &fe) && fieldOf(fe.Path) == "":
		return refuse("", fe.Error())
	case errors.As(err, &fe):
		return refuse(fieldOf(fe.Path), fe.Msg)
	case errors.As(err, &ce):
		return srv.showConflict(c, id, base, ce, mine)
	case errors.As(err, &be):
		return refuse("", be.Error())
	case err != nil:
		return err
	}
	show := cmp.Or(mine.show, mine.id)
	if mine.deleted {
		show = ""
	}
	return srv.showEdit(c, id, rev, "edit", show, nil)
}

// showEdit answers an edit, undo or redo that made revision rev: the
// inspector of show at the current version (or an empty one) with a
// status line (the revision's summary, or undo's note), the panels, and
// the version for the page's undo stack.
func (srv *Server) showEdit(c echo.Context, id string, rev store.Revision, kind, show string, undo *templates.UndoNote) error {
	info, d, err := srv.store.DesignShared(c.Request().Context(), id)
	if err != nil {
		return err
	}
	v := srv.designer(c, info, d, csrfToken(c))
	insp := templates.InspectorView{DesignID: id, Empty: true}
	if show != "" {
		if i := inspector(id, info.Version, d, "", show); !i.Empty {
			insp = i
		}
	}
	if undo != nil {
		insp.Undo = undo
	} else {
		insp.Notice = rev.Summary
	}
	c.Response().Header().Set("X-Design-Version", strconv.FormatInt(rev.Version, 10))
	return render(c, http.StatusOK, templates.EditResponse(templates.EditResult{
		Inspector: insp, Designer: v, Edit: editData{Kind: kind, Version: rev.Version},
	}))
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
	var note templates.PortNote
	if strings.TrimSpace(c.FormValue("port")) == "" && from != "" && to != "" {
		// No port given: one the destination opens to the source.
		if pc, err := reach.SuggestPort(d, from, to); err == nil {
			port, proto = pc.Port, string(pc.Protocol)
			note = templates.PortNote{Protocol: proto, Port: port, Why: pc.Why}
		}
	}
	v := templates.TraceResult{Flow: fmt.Sprintf("%s → %s %s %d", from, to, proto, port), Port: note}
	flow, err := reach.ParseFlow(d, from, to, proto, port)
	if err != nil {
		_, v.Error = flowWords(err)
		return render(c, http.StatusOK, templates.TraceResultView(v))
	}
	res, err := reach.Trace(d, flow)
	if err != nil {
		_, v.Error = flowWords(err)
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
