package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/web"
)

// badTexts are text PostgreSQL cannot store.
var badTexts = []struct{ name, text string }{
	{"NUL", "a\x00b"},
	{"invalid UTF-8", "a\xffb"},
}

// jsonText writes s as a JSON string as a client may: a NUL escaped,
// other bytes as they are (invalid UTF-8 too).
func jsonText(s string) string { return `"` + strings.ReplaceAll(s, "\x00", `\u0000`) + `"` }

// snapshot is every stored row but sessions', as text: what a refused
// request must leave as it was.
func snapshot(t *testing.T, w *world) string {
	t.Helper()
	ctx := context.Background()
	rows, err := w.store.Pool().Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'sessions' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, table := range tables {
		var n int
		var digest string
		q := fmt.Sprintf(`SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM %q t`, table)
		if err := w.store.Pool().QueryRow(ctx, q).Scan(&n, &digest); err != nil {
			t.Fatalf("snapshot %s: %v", table, err)
		}
		fmt.Fprintf(&b, "%s %d %s\n", table, n, digest)
	}
	return b.String()
}

// multipartBody is a form with fields and one file.
func multipartBody(t *testing.T, fields map[string]string, file, fileName, content string) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile(file, fileName)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(content))
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), buf.String()
}

// NUL bytes and invalid UTF-8 in any text a request carries (its path,
// a query parameter, a form field, a file name, a JSON string or key),
// anonymous or signed in, are refused with 400 naming the field, and
// change nothing stored.
func TestTextInputsRefuseNULAndInvalidUTF8(t *testing.T) {
	w := newWorld(t, web.Options{SignUp: true})
	ana, team := w.account("ana@example.com", "", 0)
	bob, _ := w.account("bob@example.com", team, auth.Editor)
	api := w.api(w.token(ana, team, auth.Owner))
	id := api.create(readFile(t, "../../examples/three-tier.json"))
	if r := api.post("/api/v1/designs/"+id+"/ops", ops(1, fmt.Sprintf(subnetOp, "x", "10.0.99.0/24"))); r.status != http.StatusOK {
		t.Fatalf("ops = %d %s", r.status, r.body)
	}
	r := api.post("/api/v1/designs/"+id+"/reviews", `{"since":"1","note":"please"}`)
	if r.status != http.StatusCreated {
		t.Fatalf("review = %d %s", r.status, r.body)
	}
	rid := fmt.Sprint(r.json(t)["id"])
	anon := w.anonymous()
	anon.refreshCSRF("/login")
	ses := w.signIn("ana@example.com")
	design, teamPath := "/designs/"+id, "/teams/"+team
	form := func(c *client, path string, fields ...string) func(bad string) response {
		return func(bad string) response {
			v := url.Values{}
			for i := 0; i+1 < len(fields); i += 2 {
				v.Set(fields[i], strings.ReplaceAll(fields[i+1], "BAD", bad))
			}
			return c.form(path, v)
		}
	}
	jsonPost := func(c *client, path, body string) func(bad string) response {
		return func(bad string) response {
			return c.post(path, strings.ReplaceAll(body, `"BAD"`, jsonText(bad)))
		}
	}
	get := func(c *client, path string) func(bad string) response {
		return func(bad string) response {
			return c.get(strings.ReplaceAll(path, "BAD", url.QueryEscape(bad)))
		}
	}
	tests := []struct {
		name  string
		send  func(bad string) response
		field string
	}{
		// The path and the query, before any session or credential is
		// looked at.
		{"anonymous path", get(anon, "/designs/BAD"), "path"},
		{"anonymous share link", get(anon, "/s/BAD"), "path"},
		{"anonymous API path", get(w.api(""), "/api/v1/designs/BAD"), "path"},
		{"anonymous query", get(anon, "/login?next=BAD"), "next"},
		{"signed-in path", get(ses, "/designs/BAD/history"), "path"},
		{"signed-in query", get(ses, design+"?view=BAD"), "view"},
		{"API query", get(api, "/api/v1/designs/"+id+"/export?format=BAD"), "format"},
		{"API diff", get(api, "/api/v1/designs/"+id+"/diff?from=BAD"), "from"},
		{"API live", get(api, "/api/v1/designs/"+id+"/live?since=BAD"), "since"},
		{"API new design's name", func(bad string) response {
			return api.post("/api/v1/designs?name="+url.QueryEscape(bad), "")
		}, "name"},
		// Forms of anonymous visitors.
		{"sign-in email", form(anon, "/login", "email", "BAD", "password", password), "email"},
		{"sign-in password", form(anon, "/login", "email", "ana@example.com", "password", "BAD"), "password"},
		{"sign-in next", form(anon, "/login", "email", "ana@example.com", "password", password, "next", "/BAD"), "next"},
		{"sign-up email", form(anon, "/signup", "email", "BAD@example.com", "password", "a long enough password"), "email"},
		{"sign-up password", form(anon, "/signup", "email", "cy@example.com", "password", "long BAD password"), "password"},
		// Account and team forms.
		{"password old", form(ses, "/account/password", "old", "BAD", "new", "another long password"), "old"},
		{"password new", form(ses, "/account/password", "old", password, "new", "another BAD password"), "new"},
		{"token name", form(ses, "/account/tokens", "name", "BAD", "team", team, "role", "viewer"), "name"},
		{"token team", form(ses, "/account/tokens", "name", "ci", "team", "BAD", "role", "viewer"), "team"},
		{"token role", form(ses, "/account/tokens", "name", "ci", "team", team, "role", "BAD"), "role"},
		{"team name", form(ses, "/teams", "name", "BAD"), "name"},
		{"invite email", form(ses, teamPath+"/invite", "email", "BAD@example.com", "role", "viewer"), "email"},
		{"invite role", form(ses, teamPath+"/invite", "email", "dan@example.com", "role", "BAD"), "role"},
		{"cancel invitation", form(ses, teamPath+"/invitations/cancel", "email", "BAD"), "email"},
		{"member role", form(ses, fmt.Sprintf("%s/members/%d/role", teamPath, bob.ID), "role", "BAD"), "role"},
		// Designer forms.
		{"new design name", form(ses, "/designs", "name", "BAD"), "name"},
		{"new design team", form(ses, "/designs", "name", "n", "team", "BAD"), "team"},
		{"import team", func(bad string) response {
			ct, body := multipartBody(t, map[string]string{"team": bad}, "template", "t.json", `{"Resources":{}}`)
			return ses.do("POST", "/designs/import", ct, strings.NewReader(body))
		}, "team"},
		{"import file name", func(bad string) response {
			// A file name with a NUL is no file name to Go's multipart
			// reader (the form then has no file): only invalid UTF-8 is
			// a file name to refuse.
			bad = strings.ReplaceAll(bad, "\x00", "\xff")
			ct, body := multipartBody(t, nil, "template", bad+".json", `{"Resources":{}}`)
			return ses.do("POST", "/designs/import", ct, strings.NewReader(body))
		}, "template"},
		{"inspector id", form(ses, design+"/edit", "kind", "subnet", "new", "true", "id", "BAD", "vpc", "web-vpc", "az", "us-east-1a", "cidr", "10.0.98.0/24"), "id"},
		{"inspector tags", form(ses, design+"/edit", "kind", "subnet", "new", "true", "id", "y", "vpc", "web-vpc", "az", "us-east-1a", "cidr", "10.0.98.0/24", "tags", "Name=BAD"), "tags"},
		{"inspector kind", form(ses, design+"/edit", "kind", "BAD"), "kind"},
		// JSON in a form field (the inspector's lists, an apply's ops)
		// may spell a NUL as an escape.
		{"inspector JSON field", func(string) response {
			return ses.form(design+"/edit", url.Values{"kind": {"security-group"}, "new": {"true"}, "id": {"sg-x"}, "vpc": {"web-vpc"}, "base_version": {"2"},
				"ingress": {`[{"protocol":"tcp","ports":{"from":22,"to":22},"cidr":"10.0.0.0/8","description":"a\u0000b"}]`}})
		}, "ingress[0].description"},
		{"apply ops JSON", func(string) response {
			return ses.form(design+"/apply", url.Values{"kind": {"undo"}, "base_version": {"2"},
				"ops": {`[{"op":"put","kind":"vpc","id":"v9","value":{"cidr":"10.9.0.0/16","tags":{"Name":"a\u0000b"}}}]`}})
		}, "ops[0].value.tags.Name"},
		{"delete resource", form(ses, design+"/delete-resource", "id", "BAD"), "id"},
		{"apply ops", form(ses, design+"/apply", "ops", `[{"op":"delete","id":"BAD"}]`), "ops"},
		{"trace from", form(ses, design+"/trace", "from", "BAD", "to", "internet", "protocol", "tcp", "port", "443"), "from"},
		{"comment body", form(ses, design+"/comment", "resource", "app-a", "body", "BAD"), "body"},
		{"comment resource", form(ses, design+"/comment", "resource", "BAD", "body", "hello"), "resource"},
		{"resolve", func(bad string) response {
			return ses.form(design+"/comments/1/resolve?resolved="+url.QueryEscape(bad), nil)
		}, "resolved"},
		{"version name", form(ses, design+"/versions", "version", "1", "action", "name", "name", "BAD"), "name"},
		{"verdict comment", form(ses, design+"/reviews/"+rid+"/verdict", "verdict", "approve", "comment", "BAD"), "comment"},
		// JSON bodies, by bearer token and by session.
		{"design file", jsonPost(api, "/api/v1/designs", `{"format":1,"name":"BAD"}`), "name"},
		{"design file tag", jsonPost(api, "/api/v1/designs", `{"format":1,"vpcs":{"v":{"cidr":"10.0.0.0/16","tags":{"Name":"BAD"}}}}`), "vpcs.v.tags.Name"},
		{"op value", jsonPost(api, "/api/v1/designs/"+id+"/ops", ops(2, `{"op":"put","kind":"subnet","id":"z","value":{"vpc":"web-vpc","az":"us-east-1a","cidr":"10.0.97.0/24","tags":{"Name":"BAD"}}}`)), "ops[0].value.tags.Name"},
		{"op id", jsonPost(api, "/api/v1/designs/"+id+"/ops", ops(2, `{"op":"delete","id":"BAD"}`)), "ops[0].id"},
		{"op tag key", jsonPost(api, "/api/v1/designs/"+id+"/ops", ops(2, `{"op":"put","kind":"vpc","id":"v2","value":{"cidr":"10.9.0.0/16","tags":{"BAD":"x"}}}`)), "ops[0].value.tags."},
		{"trace", jsonPost(api, "/api/v1/designs/"+id+"/trace", `{"from":"BAD","to":"internet"}`), "from"},
		{"version name", jsonPost(api, "/api/v1/designs/"+id+"/names", `{"version":1,"name":"BAD"}`), "name"},
		{"comment", jsonPost(api, "/api/v1/designs/"+id+"/comments", `{"resource":"app-a","body":"BAD"}`), "body"},
		{"review note", jsonPost(api, "/api/v1/designs/"+id+"/reviews", `{"since":"1","note":"BAD"}`), "note"},
		{"review since", jsonPost(api, "/api/v1/designs/"+id+"/reviews", `{"since":"BAD"}`), "since"},
		{"verdict", jsonPost(api, "/api/v1/designs/"+id+"/reviews/"+rid+"/verdict", `{"verdict":"approve","comment":"BAD"}`), "comment"},
		{"session JSON", jsonPost(ses, "/api/v1/designs/"+id+"/comments", `{"resource":"app-a","body":"BAD"}`), "body"},
		{"template body", func(bad string) response {
			return api.do("POST", "/api/v1/designs", "application/yaml", strings.NewReader("Resources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n      Tags: [{Key: Name, Value: "+bad+"}]\n"))
		}, "body"},
	}
	before := snapshot(t, w)
	for _, tt := range tests {
		for _, bad := range badTexts {
			r := tt.send(bad.text)
			if r.status != http.StatusBadRequest {
				t.Errorf("%s with %s = %d %.300s; want 400", tt.name, bad.name, r.status, r.body)
				continue
			}
			if code, field := r.errorOf(t); code != "bad_text" || !strings.HasPrefix(field, tt.field) {
				t.Errorf("%s with %s = 400 %s %q; want bad_text %q", tt.name, bad.name, code, field, tt.field)
			}
		}
	}
	// A template may spell a NUL as an escape ("\0" in YAML): the
	// importer refuses it, naming the line.
	r = api.do("POST", "/api/v1/designs", "application/yaml",
		strings.NewReader("Resources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n      Tags: [{Key: Name, Value: \"a\\0b\"}]\n"))
	if code, _ := r.errorOf(t); r.status != http.StatusUnprocessableEntity || code != "bad_template" || !strings.Contains(string(r.body), "line 6") && !strings.Contains(string(r.body), ":6:") {
		t.Errorf("a template with an escaped NUL = %d %s; want 422 bad_template at line 6", r.status, r.body)
	}
	if after := snapshot(t, w); after != before {
		t.Errorf("refused requests changed what is stored:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}
