package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/review"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/web/templates"
)

// Reviews: diffs between versions, restoring a version, naming versions,
// and comments.

// versionRef reads a version given as a number or as a version's name;
// def when empty.
func (srv *Server) versionRef(c echo.Context, field, s string, def int64) (int64, error) {
	if s == "" {
		return def, nil
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		if v < 1 {
			return 0, badRequest(field, "%s %q: want a version from 1", field, s)
		}
		return v, nil
	}
	v, err := srv.store.VersionByName(c.Request().Context(), c.Param("id"), s)
	if errors.Is(err, store.ErrNotFound) {
		return 0, apiErrorf(http.StatusNotFound, "not_found", field, "no version named %q", s)
	}
	return v, err
}

// versionDiff is the diff between two versions of a design, with what
// the diff page also shows.
type versionDiff struct {
	info     store.Info // the design, at its current version
	from, to int64
	newer    *design.Design // version to
	diff     review.Diff
}

// diffOf computes the diff between ?from= and ?to= (versions or names;
// default: the version before to, and the current one).
func (srv *Server) diffOf(c echo.Context) (versionDiff, error) {
	ctx := c.Request().Context()
	var vd versionDiff
	info, cur, err := srv.store.Design(ctx, c.Param("id"))
	if err != nil {
		return vd, err
	}
	vd.info = info
	if err := charge(c, 2*matrixUnits(cur)); err != nil {
		return vd, err
	}
	if vd.to, err = srv.versionRef(c, "to", c.QueryParam("to"), info.Version); err != nil {
		return vd, err
	}
	if vd.from, err = srv.versionRef(c, "from", c.QueryParam("from"), max(vd.to-1, 1)); err != nil {
		return vd, err
	}
	older, err := srv.versionOf(ctx, info, cur, vd.from)
	if err != nil {
		return vd, err
	}
	if vd.newer, err = srv.versionOf(ctx, info, cur, vd.to); err != nil {
		return vd, err
	}
	vd.diff, err = review.Compare(older, vd.newer)
	return vd, err
}

// designDiff is the diff between two versions as JSON.
func (srv *Server) designDiff(c echo.Context) error {
	vd, err := srv.diffOf(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"from": vd.from, "to": vd.to, "diff": vd.diff})
}

// designRestore makes a past version current again as a new revision.
func (srv *Server) designRestore(c echo.Context) error {
	var body struct {
		Version     int64 `json:"version"`
		BaseVersion int64 `json:"base_version"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	if body.Version < 1 {
		return badRequest("version", "version: want the version to restore")
	}
	rev, err := srv.store.Restore(c.Request().Context(), c.Param("id"), body.BaseVersion, body.Version, author(c))
	var nd *store.NothingToDoError
	if errors.As(err, &nd) {
		return apiErrorf(http.StatusConflict, "unchanged", "version", "%s", nd.Msg)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"version": rev.Version, "summary": rev.Summary})
}

// designNameVersion names a version.
func (srv *Server) designNameVersion(c echo.Context) error {
	var body struct {
		Version int64  `json:"version"`
		Name    string `json:"name"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	if err := srv.store.NameVersion(c.Request().Context(), c.Param("id"), body.Version, body.Name, author(c)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"version": body.Version, "name": strings.TrimSpace(body.Name)})
}

var mention = regexp.MustCompile(`@([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+)`)

// commentItem is a comment with the members it mentions.
type commentItem struct {
	store.Comment
	Mentions []string `json:"mentions"`
}

// withMentions finds the team members a comment mentions (@handle).
func (srv *Server) withMentions(c echo.Context, list []store.Comment) ([]commentItem, error) {
	members, err := srv.auth.Members(c.Request().Context(), teamOf(c))
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, m := range members {
		known[m.Email] = !m.Pending
	}
	out := make([]commentItem, len(list))
	for i, cm := range list {
		out[i] = commentItem{Comment: cm, Mentions: []string{}}
		for _, m := range mention.FindAllStringSubmatch(cm.Body, -1) {
			if h := strings.ToLower(m[1]); known[h] {
				out[i].Mentions = append(out[i].Mentions, h)
			}
		}
	}
	return out, nil
}

// commentList lists a design's comments, oldest first.
func (srv *Server) commentList(c echo.Context) error {
	list, err := srv.store.Comments(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	out, err := srv.withMentions(c, list)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"comments": out})
}

// commentCreate adds a comment (or a reply).
func (srv *Server) commentCreate(c echo.Context) error {
	var body struct {
		Resource string `json:"resource"`
		Parent   *int64 `json:"parent"`
		Body     string `json:"body"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	cm, err := srv.store.AddComment(c.Request().Context(), c.Param("id"), store.Comment{Resource: body.Resource, Parent: body.Parent, Body: body.Body, Author: author(c)})
	if err != nil {
		return err
	}
	out, err := srv.withMentions(c, []store.Comment{cm})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, out[0])
}

// commentResolve resolves or reopens a thread.
func (srv *Server) commentResolve(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("cid"), 10, 64)
	if err != nil {
		return badRequest("cid", "comment %q: want a number", c.Param("cid"))
	}
	var body struct {
		Resolved bool `json:"resolved"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	if err := srv.store.ResolveComment(c.Request().Context(), c.Param("id"), id, body.Resolved, author(c)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"id": id, "resolved": body.Resolved})
}

// pageDiff is the diff between two versions as a page, the diagram of
// the newer marking what was added or changed.
func (srv *Server) pageDiff(c echo.Context) error {
	vd, err := srv.diffOf(c)
	if err != nil {
		return err
	}
	info, d := vd.info, vd.diff
	v := templates.DiffView{Page: srv.page(c, "Changes · "+orName(info.Name)), DesignID: info.ID, Name: orName(info.Name),
		From: vd.from, To: vd.to, OpensFromInternet: d.OpensFromInternet}
	for _, r := range d.Reach {
		v.Reach = append(v.Reach, templates.DiffSentence{Kind: r.Kind(), Says: r.Says})
	}
	for _, r := range d.Resources {
		dr := templates.DiffResource{Kind: string(r.Kind), ID: r.ID, Change: r.Change}
		for _, f := range r.Fields {
			dr.Fields = append(dr.Fields, f.Path+": "+rawOr(f.Old)+" → "+rawOr(f.New))
		}
		v.Resources = append(v.Resources, dr)
	}
	for _, f := range d.Findings.Appeared {
		v.Appeared = append(v.Appeared, f.Code+": "+f.Message)
	}
	for _, f := range d.Findings.Disappeared {
		v.Disappeared = append(v.Disappeared, f.Code+": "+f.Message)
	}
	drawn := info
	drawn.Version = vd.to // the diagram cache is keyed by version
	v.SVG = srv.diagramView(c.Request().Context(), drawn, vd.newer, c.QueryParam("view")).SVG
	// What a path now reaches is marked too: groups and rules are not
	// drawn, the workloads they open are.
	m := d.Marks()
	for _, r := range d.Reach {
		for _, id := range []string{r.From, r.To} {
			if _, ok := m[id]; !ok && r.Opened != "" && id != "internet" {
				m[id] = "opened"
			}
		}
	}
	marks, _ := json.Marshal(m)
	v.Marks = string(marks)
	return render(c, http.StatusOK, templates.DiffPage(v))
}

func rawOr(r json.RawMessage) string {
	if len(r) == 0 {
		return "(none)"
	}
	return string(r)
}

// fragHistory is the History tab.
func (srv *Server) fragHistory(c echo.Context) error {
	ctx := c.Request().Context()
	revs, err := srv.store.Revisions(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	names, err := srv.store.VersionNames(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	v := templates.HistoryView{DesignID: c.Param("id"), CSRF: csrfToken(c), CanEdit: roleOf(c) >= auth.Editor}
	if len(revs) > 0 {
		v.Current = revs[len(revs)-1].Version
	}
	for i := len(revs) - 1; i >= 0; i-- {
		r := revs[i]
		v.Rows = append(v.Rows, templates.HistoryRow{Version: r.Version, Author: r.Author, Time: stamp(r.Time), Summary: r.Summary,
			OpCount: len(r.Ops), Names: names[r.Version]})
	}
	return render(c, http.StatusOK, templates.HistoryPanel(v))
}

// commentsView builds the Comments tab.
func (srv *Server) commentsView(c echo.Context) (templates.CommentsView, error) {
	list, err := srv.store.Comments(c.Request().Context(), c.Param("id"))
	if err != nil {
		return templates.CommentsView{}, err
	}
	items, err := srv.withMentions(c, list)
	if err != nil {
		return templates.CommentsView{}, err
	}
	v := templates.CommentsView{DesignID: c.Param("id"), CanComment: roleOf(c) >= auth.Commenter, Selected: c.QueryParam("resource"), Open: openThreads(list)}
	byID := map[int64]int{}
	for _, it := range items {
		cm := it.Comment
		row := templates.CommentRow{Author: cm.Author, Body: cm.Body, Time: stamp(cm.Time), Mentions: it.Mentions}
		if cm.Parent != nil {
			if i, ok := byID[*cm.Parent]; ok {
				v.Threads[i].Comments = append(v.Threads[i].Comments, row)
			}
			continue
		}
		byID[cm.ID] = len(v.Threads)
		v.Threads = append(v.Threads, templates.Thread{ID: cm.ID, Resource: cm.Resource, Resolved: cm.Resolved, Comments: []templates.CommentRow{row}})
	}
	return v, nil
}

// openThreads lists the resources with an open thread, for the diagram's
// markers.
func openThreads(list []store.Comment) []string {
	open := []string{}
	for _, cm := range list {
		if cm.Parent == nil && !cm.Resolved && cm.Resource != "" && !slices.Contains(open, cm.Resource) {
			open = append(open, cm.Resource)
		}
	}
	return open
}

// fragComments is the Comments tab.
func (srv *Server) fragComments(c echo.Context) error {
	v, err := srv.commentsView(c)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, templates.CommentsPanel(v))
}

// fragComment posts a comment from the Comments tab.
func (srv *Server) fragComment(c echo.Context) error {
	cm := store.Comment{Resource: strings.TrimSpace(c.FormValue("resource")), Body: c.FormValue("body"), Author: author(c)}
	if p := c.FormValue("parent"); p != "" {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return badRequest("parent", "parent %q: want a thread's number", p)
		}
		cm.Parent, cm.Resource = &id, ""
	}
	_, err := srv.store.AddComment(c.Request().Context(), c.Param("id"), cm)
	var fe *design.FieldError
	if errors.As(err, &fe) {
		return apiErrorf(http.StatusUnprocessableEntity, "invalid", fe.Path, "%s", fe.Error())
	}
	if err != nil {
		return err
	}
	return srv.fragComments(c)
}

// reviewRequest opens a review of the changes since a version (a number
// or a name).
func (srv *Server) reviewRequest(c echo.Context) error {
	var body struct {
		Since string `json:"since"`
		Note  string `json:"note"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	r, err := srv.openReview(c, body.Since, body.Note)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, r)
}

func (srv *Server) openReview(c echo.Context, since, note string) (store.Review, error) {
	if since == "" {
		return store.Review{}, badRequest("since", "since: want the version (number or name) the review starts from")
	}
	v, err := srv.versionRef(c, "since", since, 0)
	if err != nil {
		return store.Review{}, err
	}
	name := ""
	if _, err := strconv.ParseInt(since, 10, 64); err != nil {
		name = since
	}
	return srv.store.RequestReview(c.Request().Context(), c.Param("id"), v, name, actor(c), note)
}

// reviewList lists a design's reviews with their state.
func (srv *Server) reviewList(c echo.Context) error {
	list, err := srv.store.Reviews(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"reviews": nonNil(list)})
}

func (srv *Server) verdict(c echo.Context, verdict, comment string) error {
	id, err := strconv.ParseInt(c.Param("rid"), 10, 64)
	if err != nil {
		return badRequest("rid", "review %q: want a number", c.Param("rid"))
	}
	err = srv.store.GiveVerdict(c.Request().Context(), c.Param("id"), id, actor(c), verdict, comment)
	if errors.Is(err, store.ErrOwnReview) {
		return apiErrorf(http.StatusForbidden, "forbidden", "", "you asked for this review: someone else gives it a verdict")
	}
	return err
}

// reviewVerdict records the caller's verdict on a review.
func (srv *Server) reviewVerdict(c echo.Context) error {
	var body struct {
		Verdict string `json:"verdict"`
		Comment string `json:"comment"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	if err := srv.verdict(c, body.Verdict, body.Comment); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"review": c.Param("rid"), "verdict": body.Verdict})
}

// pageVerdict is the designer's Approve / Request changes.
func (srv *Server) pageVerdict(c echo.Context) error {
	if err := srv.verdict(c, c.FormValue("verdict"), c.FormValue("comment")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/designs/"+c.Param("id"))
}

// pageVersionAction is the History tab's forms: name a version, ask for a
// review since it, or restore it.
func (srv *Server) pageVersionAction(c echo.Context) error {
	v, err := strconv.ParseInt(c.FormValue("version"), 10, 64)
	if err != nil || v < 1 {
		return badRequest("version", "version %q: want a version", c.FormValue("version"))
	}
	ctx := c.Request().Context()
	switch c.FormValue("action") {
	case "name":
		err = srv.store.NameVersion(ctx, c.Param("id"), v, c.FormValue("name"), author(c))
	case "review":
		_, err = srv.openReview(c, strconv.FormatInt(v, 10), c.FormValue("name"))
	case "restore":
		var info store.Info
		if info, _, err = srv.store.Design(ctx, c.Param("id")); err == nil {
			_, err = srv.store.Restore(ctx, c.Param("id"), info.Version, v, author(c))
		}
		var nd *store.NothingToDoError
		if errors.As(err, &nd) {
			err = apiErrorf(http.StatusConflict, "unchanged", "version", "%s", nd.Msg)
		}
	default:
		return badRequest("action", "action %q: want name, review or restore", c.FormValue("action"))
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/designs/"+c.Param("id"))
}

// reviewBadge is the latest review of a design for the header, nil when
// there is none.
func (srv *Server) reviewBadge(c echo.Context, id string) (*templates.ReviewBadge, error) {
	list, err := srv.store.Reviews(c.Request().Context(), id)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	r := list[0]
	since := "v" + strconv.FormatInt(r.BaseVersion, 10)
	if r.BaseName != "" {
		since = r.BaseName
	}
	label := map[string]string{"open": "review requested", "approved": "approved", "changes_requested": "changes requested"}[r.State]
	var who []string
	for _, v := range r.Verdicts {
		who = append(who, v.Reviewer)
	}
	if len(who) > 0 {
		label += " by " + strings.Join(who, ", ")
	}
	if r.Stale {
		label += " (changed since)"
	}
	b := &templates.ReviewBadge{ID: r.ID, State: r.State, Label: label, Detail: "review of the changes since " + since + ", asked by " + r.RequestedBy, CSRF: csrfToken(c),
		DiffURL:    "/designs/" + id + "/diff?from=" + strconv.FormatInt(r.BaseVersion, 10),
		VerdictURL: "/designs/" + id + "/reviews/" + strconv.FormatInt(r.ID, 10) + "/verdict",
		CanVote:    roleOf(c) >= auth.Commenter && actor(c).Account != r.RequesterID}
	return b, nil
}

// fragResolve resolves (?resolved=true) or reopens a thread from the
// Comments tab.
func (srv *Server) fragResolve(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("cid"), 10, 64)
	if err != nil {
		return badRequest("cid", "comment %q: want a number", c.Param("cid"))
	}
	if err := srv.store.ResolveComment(c.Request().Context(), c.Param("id"), id, c.QueryParam("resolved") == "true", author(c)); err != nil {
		return err
	}
	return srv.fragComments(c)
}
