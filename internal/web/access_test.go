package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/web"
)

// routeAccess is who may use each route, written out here independently
// of the code: a route the server has and this table does not fails the
// test, as does one whose access differs.
//
//	public            anyone
//	signed-in         an account, by session or API token
//	session           an account in a browser session (not a token)
//	design:R          role R or more on the design (its team's role; a share link is viewer)
//	team:R            role R or more in the team
//	new               editor or owner of the team the new design goes to
//	...+session       and by a session, not a token
var routeAccess = map[string]string{
	"GET /healthz":                                   "public",
	"GET /readyz":                                    "public",
	"GET /static/*":                                  "public",
	"GET /login":                                     "public",
	"POST /login":                                    "public",
	"GET /signup":                                    "public",
	"POST /signup":                                   "public",
	"POST /logout":                                   "public",
	"GET /s/:secret":                                 "public",
	"GET /account":                                   "session",
	"POST /account/password":                         "session",
	"POST /account/tokens":                           "session",
	"POST /account/tokens/:tid/revoke":               "session",
	"POST /teams":                                    "session",
	"GET /teams/:team":                               "team:viewer",
	"POST /teams/:team/invite":                       "team:owner+session",
	"POST /teams/:team/members/:uid/role":            "team:owner+session",
	"POST /teams/:team/members/:uid/remove":          "team:viewer+session",
	"POST /teams/:team/invitations/cancel":           "team:owner+session",
	"GET /teams/:team/audit":                         "team:owner",
	"GET /join/:secret":                              "public",
	"POST /join/:secret":                             "session",
	"GET /":                                          "signed-in",
	"POST /designs":                                  "new",
	"POST /designs/import":                           "new",
	"POST /designs/:id/delete":                       "design:owner",
	"GET /designs/:id":                               "design:viewer",
	"GET /designs/:id/diagram":                       "design:viewer",
	"GET /designs/:id/inspector/:rid":                "design:viewer",
	"GET /designs/:id/inspector-new":                 "design:editor",
	"POST /designs/:id/edit":                         "design:editor",
	"POST /designs/:id/delete-resource":              "design:editor",
	"POST /designs/:id/apply":                        "design:editor",
	"POST /designs/:id/action":                       "design:editor",
	"POST /designs/:id/trace":                        "design:viewer",
	"GET /designs/:id/matrix":                        "design:viewer",
	"GET /designs/:id/reachable/:wid":                "design:viewer",
	"GET /designs/:id/fragments":                     "design:viewer",
	"GET /designs/:id/tree/:vpc":                     "design:viewer",
	"GET /designs/:id/findings":                      "design:viewer",
	"GET /designs/:id/ws":                            "design:viewer",
	"POST /designs/:id/comments/:cid/resolve":        "design:commenter",
	"POST /designs/:id/versions":                     "design:editor",
	"POST /designs/:id/reviews/:rid/verdict":         "design:commenter",
	"GET /api/v1/designs/:id/reviews":                "design:viewer",
	"POST /api/v1/designs/:id/reviews":               "design:editor",
	"POST /api/v1/designs/:id/reviews/:rid/verdict":  "design:commenter",
	"GET /designs/:id/diff":                          "design:viewer",
	"GET /designs/:id/history":                       "design:viewer",
	"GET /designs/:id/comments":                      "design:viewer",
	"POST /designs/:id/comment":                      "design:commenter",
	"GET /designs/:id/share":                         "design:owner+session",
	"POST /designs/:id/share":                        "design:owner+session",
	"POST /designs/:id/share/:sid/revoke":            "design:owner+session",
	"GET /api/v1/openapi.json":                       "public",
	"GET /api/v1/me":                                 "signed-in",
	"GET /api/v1/teams/:team/audit":                  "team:owner",
	"POST /api/v1/designs":                           "new",
	"GET /api/v1/designs":                            "signed-in",
	"GET /api/v1/designs/:id":                        "design:viewer",
	"DELETE /api/v1/designs/:id":                     "design:owner",
	"POST /api/v1/designs/:id/ops":                   "design:editor",
	"GET /api/v1/designs/:id/findings":               "design:viewer",
	"POST /api/v1/designs/:id/trace":                 "design:viewer",
	"GET /api/v1/designs/:id/matrix":                 "design:viewer",
	"GET /api/v1/designs/:id/export":                 "design:viewer",
	"GET /api/v1/designs/:id/diagram.svg":            "design:viewer",
	"GET /api/v1/designs/:id/diagram.png":            "design:viewer",
	"GET /api/v1/designs/:id/revisions":              "design:viewer",
	"GET /api/v1/designs/:id/revisions/:version":     "design:viewer",
	"GET /api/v1/designs/:id/live":                   "design:viewer",
	"GET /api/v1/designs/:id/diff":                   "design:viewer",
	"POST /api/v1/designs/:id/restore":               "design:editor",
	"POST /api/v1/designs/:id/names":                 "design:editor",
	"GET /api/v1/designs/:id/comments":               "design:viewer",
	"POST /api/v1/designs/:id/comments":              "design:commenter",
	"POST /api/v1/designs/:id/comments/:cid/resolve": "design:commenter",
}

// caller is one kind of principal of the walk.
type caller struct {
	name    string
	c       *client
	role    auth.Role // in team A
	share   bool      // holds a share link of the design
	account bool
	token   bool
}

// allowedBy says whether the table lets a caller use a route.
func allowedBy(level string, who caller) bool {
	level, session := strings.CutSuffix(level, "+session")
	if session && who.token {
		return false
	}
	kind, roleName, _ := strings.Cut(level, ":")
	need, _ := auth.ParseRole(roleName)
	switch kind {
	case "public":
		return true
	case "signed-in":
		return who.account
	case "session":
		return who.account && !who.token
	case "new":
		return who.role >= auth.Editor
	case "team":
		return who.role >= need
	case "design":
		r := who.role
		if r == auth.None && who.share {
			r = auth.Viewer
		}
		return r >= need
	}
	panic("unknown access level " + level)
}

// denied says whether a response is the access check's refusal: 401, the
// 403 of a weak role, the 404 of a design or team one may not know of,
// or the way to the sign-in form.
func denied(r response) bool {
	if r.status == http.StatusSeeOther {
		return strings.HasPrefix(r.header.Get("Location"), "/login?next=")
	}
	code, _, msg, ok := r.errorBody()
	if !ok {
		return false
	}
	switch {
	case r.status == http.StatusUnauthorized && code == "unauthorized":
		return true
	case r.status == http.StatusForbidden && code == "forbidden":
		return true
	case r.status == http.StatusNotFound && code == "not_found" && (msg == "no such design" || msg == "no such team"):
		return true
	}
	return false
}

// TestAuthorizationOfEveryRoute walks every registered route (HTML, API
// and websocket) with every kind of caller: nobody, a share link's guest,
// a member of another team, an administrator of another team, each role
// of the design's team by session, and API tokens of each role, and
// asserts that exactly the callers the table allows get past the access
// check.
func TestAuthorizationOfEveryRoute(t *testing.T) {
	w := newLiveWorld(t, web.Options{Renderer: renderer(t), SignUp: true, ExpensiveRate: 1e6, ExpensiveBurst: 1e6, SignInRate: 1e6, SignInBurst: 1e6,
		Auth: auth.Options{MaxFailures: 1e6}})
	owner, team := w.account("owner@a.example", "", 0)
	for _, r := range []auth.Role{auth.Viewer, auth.Commenter, auth.Editor} {
		w.account(r.String()+"@a.example", team, r)
	}
	w.account("stranger@b.example", "", 0)
	admin, _ := w.account("admin@c.example", "", 0)
	if _, err := w.store.Pool().Exec(context.Background(), `UPDATE users SET admin = true WHERE id = $1`, admin.ID); err != nil {
		t.Fatal(err)
	}
	ownerAPI := w.api(w.token(owner, team, auth.Owner))
	example := readFile(t, "../../examples/three-tier.json")
	id := ownerAPI.create(example)
	shareSecret := shareLink(t, w, id)

	nobody := w.anonymous()
	nobody.refreshCSRF("/login") // a visitor's browser has a CSRF token too: this tests access, not CSRF
	callers := []caller{{name: "anonymous", c: nobody}}
	guest := w.anonymous()
	if r := guest.get("/s/" + shareSecret); r.status != http.StatusSeeOther {
		t.Fatalf("open the share link = %d %s", r.status, r.body)
	}
	guest.refreshCSRF("/designs/" + id)
	callers = append(callers, caller{name: "share-link guest", c: guest, share: true})
	callers = append(callers, caller{name: "member of another team", c: w.signIn("stranger@b.example"), account: true},
		caller{name: "administrator of another team", c: w.signIn("admin@c.example"), account: true})
	for _, r := range auth.Roles() {
		callers = append(callers, caller{name: r.String(), c: w.signIn(r.String() + "@a.example"), role: r, account: true})
	}
	for _, r := range []auth.Role{auth.Viewer, auth.Editor, auth.Owner} {
		callers = append(callers, caller{name: r.String() + " token", c: w.api(w.token(owner, team, r)), role: r, account: true, token: true})
	}
	stranger, _ := w.auth.UserByEmail(context.Background(), "stranger@b.example")
	strangerTeams, _ := w.auth.TeamsOf(context.Background(), stranger.ID)
	callers = append(callers, caller{name: "token of another team", c: w.api(w.token(stranger, strangerTeams[0].ID, auth.Owner)), account: true, token: true})

	var routes []string
	for _, r := range w.routes {
		routes = append(routes, r.Method+" "+r.Path)
	}
	slices.Sort(routes)
	routes = slices.Compact(routes)
	for _, key := range routes {
		if _, ok := routeAccess[key]; !ok {
			t.Errorf("route %s has no entry in routeAccess: say who may use it", key)
		}
	}
	for key := range routeAccess {
		if !slices.Contains(routes, key) {
			t.Errorf("routeAccess has %s, which is not a route", key)
		}
	}
	// Sign-out last: it ends the caller's session.
	slices.SortStableFunc(routes, func(a, b string) int {
		return boolInt(a == "POST /logout") - boolInt(b == "POST /logout")
	})
	for _, key := range routes {
		level, ok := routeAccess[key]
		if !ok {
			continue
		}
		method, path, _ := strings.Cut(key, " ")
		for _, who := range callers {
			target := id
			if method == http.MethodDelete || strings.HasSuffix(path, "/delete") {
				target = ownerAPI.create(example) // each deletion its own design
			}
			p := fill(path, target, team)
			want := allowedBy(level, who)
			if strings.HasSuffix(path, "/ws") || strings.HasSuffix(path, "/live") {
				ok, status := dial(w, who.c, p)
				if ok != want {
					t.Errorf("%s as %s: websocket opened %t (status %d); want %t", key, who.name, ok, status, want)
				}
				continue
			}
			r := callRoute(who.c, method, p, team)
			if got := !denied(r); got != want || want && r.status >= 500 {
				t.Errorf("%s (%s) as %s = %d %.200s; want allowed %t", key, p, who.name, r.status, r.body, want)
			}
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// fill gives a route's parameters values that get past the access check
// without changing the design under test (unknown IDs, invalid values).
func fill(path, id, team string) string {
	return strings.NewReplacer(":id", id, ":team", team, ":rid", "app-1", ":wid", "app-1", ":version", "1",
		":tid", "999999", ":uid", "999999", ":sid", "999999", ":cid", "999999", ":rid", "999999", ":secret", "vpcs_nosuchlink", "*", "app.css").Replace(path)
}

// callRoute sends a request a route answers without side effects worth
// undoing: empty or invalid bodies, the team A asked for new designs.
func callRoute(c *client, method, path, team string) response {
	switch {
	case method == http.MethodGet || method == http.MethodDelete:
		return c.do(method, path, "", nil)
	case strings.HasPrefix(path, "/api/"):
		if path == "/api/v1/designs" {
			path += "?team=" + team
		}
		return c.do(method, path, "application/json", strings.NewReader(`{}`))
	}
	form := url.Values{"team": {team}, "role": {"nonsense"}, "email": {"not an email"}, "password": {"short"}, "name": {""}}
	return c.form(path, form)
}

// dial opens a websocket as the client would (its cookies or token, the
// page's origin) and says whether it opened, with the answer's status.
func dial(w *world, c *client, path string) (bool, int) {
	conn, res, err := c.socket(path, w.base)
	if err != nil {
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		return false, status
	}
	conn.Close()
	return true, http.StatusSwitchingProtocols
}

// shareLink makes a share link of a design as its owner would, in the
// browser, and returns its secret.
func shareLink(t *testing.T, w *world, id string) string {
	t.Helper()
	return shareLinkAs(t, w.signIn("owner@a.example"), id)
}
