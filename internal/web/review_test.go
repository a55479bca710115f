package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/web"
)

// The diff of two versions says what changed and the path it opened;
// restoring the old version gives back its document exactly, as a new
// revision; a named version can be diffed by its name.
func TestDiffRestoreAndNamedVersions(t *testing.T) {
	c, _ := newServer(t)
	file := readFile(t, "../../examples/three-tier.json")
	id := c.create(file)
	if r := c.post("/api/v1/designs/"+id+"/names", `{"version":1,"name":"approved 2026-11-30"}`); r.status != 200 {
		t.Fatalf("name version 1 = %d %s", r.status, r.body)
	}
	ssh := `{"op":"put","kind":"security-group","id":"alb-sg","value":{"vpc":"web-vpc","description":"HTTPS from the internet",
	  "ingress":[{"protocol":"tcp","ports":{"from":443,"to":443},"cidr":"0.0.0.0/0","description":"HTTPS"},{"protocol":"tcp","ports":{"from":22,"to":22},"cidr":"0.0.0.0/0"}],
	  "egress":[{"protocol":"tcp","ports":{"from":8080,"to":8080},"group":"app-sg"}]}}`
	if r := c.post("/api/v1/designs/"+id+"/ops", ops(1, ssh)); r.status != 200 {
		t.Fatalf("ops = %d %s", r.status, r.body)
	}
	r := c.get("/api/v1/designs/" + id + "/diff?from=approved%202026-11-30")
	if r.status != 200 {
		t.Fatalf("diff = %d %s", r.status, r.body)
	}
	body := string(r.body)
	for _, want := range []string{`"from":1`, `"to":2`, `"opens_from_internet":true`, `"id":"alb-sg"`, `"path":"ingress[1]"`, "now allows tcp 22 from the internet to `web-alb`"} {
		if !strings.Contains(body, want) {
			t.Errorf("the diff has no %s:\n%.2000s", want, body)
		}
	}
	if r := c.get("/api/v1/designs/" + id + "/diff?from=no-such-name"); r.status != 404 {
		t.Errorf("diff from an unknown name = %d; want 404", r.status)
	}
	r = c.post("/api/v1/designs/"+id+"/restore", `{"version":1,"base_version":2}`)
	if r.status != 200 || version(t, r) != 3 || r.json(t)["summary"] != "restored version 1" {
		t.Fatalf("restore = %d %s; want version 3, restored version 1", r.status, r.body)
	}
	if now := c.get("/api/v1/designs/" + id); !jsonEqual(t, now.body, []byte(file)) {
		t.Error("after restoring version 1 the design is not version 1's document")
	}
	if r := c.post("/api/v1/designs/"+id+"/restore", `{"version":1,"base_version":3}`); r.status != http.StatusConflict {
		t.Errorf("restoring the version it already is = %d; want 409", r.status)
	}
	revs := c.get("/api/v1/designs/" + id + "/revisions")
	if !strings.Contains(string(revs.body), `"names":["approved 2026-11-30"]`) || len(revs.json(t)["revisions"].([]any)) != 3 {
		t.Errorf("revisions = %s; want three, the first named", revs.body)
	}
}

// Commenters comment but do not edit; viewers read comments but do not
// comment; a comment reaches the designer's viewers live; threads resolve
// and reopen; mentions name members.
func TestCommentsRespectRoles(t *testing.T) {
	w := newLiveWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	cyUser, _ := w.account("cy@example.com", team, auth.Commenter)
	viUser, _ := w.account("vi@example.com", team, auth.Viewer)
	anaAPI := w.api(w.token(ana, team, auth.Owner))
	cy := w.api(w.token(cyUser, team, auth.Commenter))
	vi := w.api(w.token(viUser, team, auth.Viewer))
	id := anaAPI.create(readFile(t, "../../examples/three-tier.json"))
	sock := openSocket(t, w, w.signIn("ana@example.com"), "/designs/"+id+"/ws")

	r := cy.post("/api/v1/designs/"+id+"/comments", `{"resource":"db-sg","body":"why 5432 from the whole app tier? @ana@example.com @nobody@example.com"}`)
	if r.status != http.StatusCreated {
		t.Fatalf("commenter comments = %d %s", r.status, r.body)
	}
	thread := int(r.json(t)["id"].(float64))
	if m := r.json(t)["mentions"].([]any); len(m) != 1 || m[0] != "ana@example.com" {
		t.Errorf("mentions = %v; want ana only (nobody is not a member)", m)
	}
	if r := cy.post("/api/v1/designs/"+id+"/ops", ops(1, fmt.Sprintf(subnetOp, "x", "10.0.99.0/24"))); r.status != http.StatusForbidden {
		t.Errorf("commenter edits = %d; want 403", r.status)
	}
	if r := vi.post("/api/v1/designs/"+id+"/comments", `{"body":"a viewer's comment"}`); r.status != http.StatusForbidden {
		t.Errorf("viewer comments = %d; want 403", r.status)
	}
	if r := anaAPI.post("/api/v1/designs/"+id+"/comments", fmt.Sprintf(`{"parent":%d,"body":"narrowed next"}`, thread)); r.status != http.StatusCreated || r.json(t)["resource"] != "db-sg" {
		t.Errorf("reply = %d %s; want 201 on db-sg's thread", r.status, r.body)
	}
	if r := cy.post("/api/v1/designs/"+id+"/comments", `{"resource":"no-such","body":"x"}`); r.status != http.StatusUnprocessableEntity {
		t.Errorf("comment on a missing resource = %d; want 422", r.status)
	}
	if r := cy.post(fmt.Sprintf("/api/v1/designs/%s/comments/%d/resolve", id, thread), `{"resolved":true}`); r.status != 200 {
		t.Errorf("resolve = %d %s", r.status, r.body)
	}
	list := vi.get("/api/v1/designs/" + id + "/comments")
	if body := string(list.body); list.status != 200 || !strings.Contains(body, `"resolved":true`) || !strings.Contains(body, `"resolved_by":"cy@example.com (token test)"`) || strings.Count(body, `"body"`) != 2 {
		t.Errorf("viewer lists comments = %d %s", list.status, list.body)
	}
	sock.SetReadDeadline(time.Now().Add(20 * time.Second))
	for {
		_, msg, err := sock.ReadMessage()
		if err != nil {
			t.Fatalf("no comment event on the designer's socket: %v", err)
		}
		if strings.Contains(string(msg), fmt.Sprintf(`{"type":"comment","id":%d}`, thread)) {
			break
		}
	}
}

// A review of the changes since a named version: editors ask, others give
// verdicts (not the one who asked), the state follows, and an edit after a
// verdict makes it stale. A past version opens read-only.
func TestReviewState(t *testing.T) {
	w := newWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	boUser, _ := w.account("bo@example.com", team, auth.Commenter)
	viUser, _ := w.account("vi@example.com", team, auth.Viewer)
	anaAPI := w.api(w.token(ana, team, auth.Owner))
	bo := w.api(w.token(boUser, team, auth.Commenter))
	vi := w.api(w.token(viUser, team, auth.Viewer))
	id := anaAPI.create(readFile(t, "../../examples/three-tier.json"))
	anaAPI.post("/api/v1/designs/"+id+"/names", `{"version":1,"name":"approved 2026-11-30"}`)
	anaAPI.post("/api/v1/designs/"+id+"/ops", ops(1, fmt.Sprintf(subnetOp, "app-c", "10.0.12.0/24")))
	if r := vi.post("/api/v1/designs/"+id+"/reviews", `{"since":"approved 2026-11-30"}`); r.status != http.StatusForbidden {
		t.Errorf("a viewer asks for a review = %d; want 403", r.status)
	}
	r := anaAPI.post("/api/v1/designs/"+id+"/reviews", `{"since":"approved 2026-11-30","note":"app-c for the new tier"}`)
	if r.status != http.StatusCreated || r.json(t)["base_version"] != 1.0 || r.json(t)["state"] != "open" {
		t.Fatalf("ask for a review = %d %s", r.status, r.body)
	}
	rid := int(r.json(t)["id"].(float64))
	verdict := func(c *client, v string) response {
		return c.post(fmt.Sprintf("/api/v1/designs/%s/reviews/%d/verdict", id, rid), `{"verdict":"`+v+`"}`)
	}
	if r := verdict(anaAPI, "approve"); r.status != http.StatusForbidden {
		t.Errorf("the requester approves = %d; want 403", r.status)
	}
	if r := verdict(vi, "approve"); r.status != http.StatusForbidden {
		t.Errorf("a viewer approves = %d; want 403", r.status)
	}
	state := func() (string, bool) {
		list := anaAPI.get("/api/v1/designs/" + id + "/reviews").json(t)["reviews"].([]any)
		rv := list[0].(map[string]any)
		return rv["state"].(string), rv["stale"].(bool)
	}
	if r := verdict(bo, "approve"); r.status != 200 {
		t.Fatalf("bo approves = %d %s", r.status, r.body)
	}
	if s, stale := state(); s != "approved" || stale {
		t.Errorf("after bo's approval: %s, stale %t; want approved, not stale", s, stale)
	}
	anaAPI.post("/api/v1/designs/"+id+"/ops", ops(2, fmt.Sprintf(subnetOp, "app-d", "10.0.13.0/24")))
	if s, stale := state(); s != "approved" || !stale {
		t.Errorf("after an edit: %s, stale %t; want approved and stale", s, stale)
	}
	verdict(bo, "request_changes")
	if s, _ := state(); s != "changes_requested" {
		t.Errorf("after bo asks for changes: %s", s)
	}
	page := string(anaAPI.get("/designs/" + id).body)
	if !strings.Contains(page, `data-testid="review-state"`) || !strings.Contains(page, "changes requested by bo@example.com (token test)") {
		t.Errorf("the designer does not show the review state")
	}
	if r := anaAPI.get("/designs/" + id + "/inspector/app-c?version=1"); strings.Contains(string(r.body), "10.0.12.0/24") {
		t.Errorf("the inspector of version 1 shows app-c, made in version 2")
	}
	if r := anaAPI.get("/designs/" + id + "/inspector/app-c"); !strings.Contains(string(r.body), "10.0.12.0/24") {
		t.Errorf("the inspector of the current version does not show app-c: %d", r.status)
	}
	past := string(anaAPI.get("/designs/" + id + "?version=1").body)
	if !strings.Contains(past, `data-past="1"`) || !strings.Contains(past, "version 1 of 3, read-only") || strings.Contains(past, `id="app-c"`) {
		t.Errorf("version 1 in the designer is not read-only version 1")
	}
}
