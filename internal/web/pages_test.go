package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/store/storetest"
	"github.com/vpcboard/vpcboard/internal/web"
)

// Names, tags and descriptions with markup and DOT/HTML-label
// metacharacters render as text in the page and in the SVG.
func TestPagesEscapeHostileStrings(t *testing.T) {
	s, _ := storetest.New(t)
	ts := httptest.NewServer(web.New(s, web.Options{Renderer: renderer(t)}))
	t.Cleanup(ts.Close)
	c := &client{t: t, base: ts.URL}
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

// A state-changing form without the CSRF token is refused and changes
// nothing; with the token from the page's cookie and meta tag it works.
func TestPagesNeedCSRFToken(t *testing.T) {
	s, _ := storetest.New(t)
	ts := httptest.NewServer(web.New(s, web.Options{}))
	t.Cleanup(ts.Close)
	c := &client{t: t, base: ts.URL}
	id := c.create(readFile(t, "../../examples/three-tier.json"))
	form := url.Values{"kind": {"subnet"}, "new": {"true"}, "id": {"x"}, "vpc": {"web-vpc"}, "az": {"us-east-1a"}, "cidr": {"10.0.99.0/24"}}
	r := c.do("POST", "/designs/"+id+"/edit", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), "X-Base-Version", "1")
	if r.status != http.StatusBadRequest && r.status != http.StatusForbidden {
		t.Errorf("edit without a CSRF token = %d; want 400 or 403", r.status)
	}
	r = c.do("POST", "/designs/"+id+"/edit", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()),
		"X-Base-Version", "1", "X-CSRF-Token", "forged", "Cookie", "vpcboard_csrf=other")
	if r.status != http.StatusForbidden {
		t.Errorf("edit with a forged CSRF token = %d; want 403", r.status)
	}
	if revs := c.get("/api/v1/designs/" + id + "/revisions"); len(revs.json(t)["revisions"].([]any)) != 1 {
		t.Error("a refused form changed the design")
	}
	// The page's token and cookie make it work.
	jar, _ := newJar()
	hc := &http.Client{Jar: jar}
	res, err := hc.Get(ts.URL + "/designs/" + id)
	if err != nil {
		t.Fatal(err)
	}
	page := readAll(t, res)
	m := regexp.MustCompile(`name="csrf-token" content="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no csrf-token meta in the designer page")
	}
	req, _ := http.NewRequest("POST", ts.URL+"/designs/"+id+"/edit", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-CSRF-Token", m[1])
	req.Header.Set("X-Base-Version", "1")
	res, err = hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(t, res); res.StatusCode != 200 || !strings.Contains(body, "added subnet x") {
		t.Errorf("edit with the page's token = %d %s", res.StatusCode, body[:min(300, len(body))])
	}
}
