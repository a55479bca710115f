package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/web"
)

// Names, tags and descriptions with markup and DOT/HTML-label
// metacharacters render as text in the page and in the SVG.
func TestPagesEscapeHostileStrings(t *testing.T) {
	w := newWorld(t, web.Options{Renderer: renderer(t)})
	ana, team := w.account("ana@example.com", "", 0)
	c := w.api(w.token(ana, team, auth.Owner))
	hostile := `<script>alert(1)</script>"'&{}|<b>x</b>\n`
	file := `{"format":1,"name":` + jsonString(hostile) + `,"region":"us-east-1",
	  "vpcs":{"v":{"tags":{"Name":` + jsonString(hostile) + `},"cidr":"10.0.0.0/16"}},
	  "subnets":{"s":{"vpc":"v","az":"us-east-1a","cidr":"10.0.1.0/24","tier":` + jsonString(hostile) + `,"tags":{"Name":` + jsonString(hostile) + `}}},
	  "security_groups":{"g":{"vpc":"v","description":` + jsonString(hostile) + `}}}`
	id := c.create(file)
	for _, path := range []string{"/", "/designs/" + id, "/designs/" + id + "/inspector/s", "/designs/" + id + "/inspector/g"} {
		r := c.get(path)
		if r.status != 200 {
			t.Fatalf("GET %s = %d", path, r.status)
		}
		body := string(r.body)
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<b>x</b>") {
			t.Errorf("GET %s has the hostile markup unescaped", path)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("GET %s does not show the hostile string as text", path)
		}
		if path == "/designs/"+id && !strings.Contains(body, "<svg") {
			t.Errorf("the designer page has no diagram")
		}
	}
	// Every script element of the page loads a file: none is inline.
	page := string(c.get("/designs/" + id).body)
	for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAllString(page, -1) {
		if !strings.Contains(m, `src="/static/`) {
			t.Errorf("inline or foreign script element %s", m)
		}
	}
	r := c.get("/designs/" + id)
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q; want scripts from the site only", csp)
	}
}

func jsonString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// A state-changing form without the CSRF token, or with a forged one, is
// refused and changes nothing; with the token of the page it works.
func TestPagesNeedCSRFToken(t *testing.T) {
	w := newWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	api := w.api(w.token(ana, team, auth.Owner))
	id := api.create(readFile(t, "../../examples/three-tier.json"))
	form := url.Values{"kind": {"subnet"}, "new": {"true"}, "id": {"x"}, "vpc": {"web-vpc"}, "az": {"us-east-1a"}, "cidr": {"10.0.99.0/24"}}
	c := w.signIn("ana@example.com")
	token := c.csrf
	c.csrf = ""
	r := c.do("POST", "/designs/"+id+"/edit", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), "X-Base-Version", "1")
	if code, _ := r.errorOf(t); r.status != http.StatusForbidden || code != "csrf" {
		t.Errorf("edit without a CSRF token = %d %s; want 403 csrf", r.status, code)
	}
	r = c.do("POST", "/designs/"+id+"/edit", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()),
		"X-Base-Version", "1", "X-CSRF-Token", "forged")
	if r.status != http.StatusForbidden {
		t.Errorf("edit with a forged CSRF token = %d; want 403", r.status)
	}
	// A form from another site, as a browser sends it.
	r = c.do("POST", "/designs/"+id+"/edit", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()),
		"X-Base-Version", "1", "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	if r.status != http.StatusForbidden {
		t.Errorf("edit from another site = %d; want 403", r.status)
	}
	// Sign-out is a state change too.
	if r := c.form("/logout", nil); r.status != http.StatusForbidden {
		t.Errorf("sign out without the token = %d; want 403", r.status)
	}
	if revs := api.get("/api/v1/designs/" + id + "/revisions"); len(revs.json(t)["revisions"].([]any)) != 1 {
		t.Error("a refused form changed the design")
	}
	c.csrf = token
	r = c.do("POST", "/designs/"+id+"/edit", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), "X-Base-Version", "1")
	if body := string(r.body); r.status != 200 || !strings.Contains(body, "added subnet x") {
		t.Errorf("edit with the page's token = %d %s", r.status, body[:min(300, len(body))])
	}
}
