package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/web"
)

// TestTerraformConfigsOffByDefault: a server started as cmd/server starts
// it by default does not evaluate uploaded Terraform configurations (their
// evaluation is not yet bounded in memory: one upload of nested for
// expressions could exhaust the server's). The API answers 422 naming
// the body and why, the page's import says so on the list page, and no
// design is made.
func TestTerraformConfigsOffByDefault(t *testing.T) {
	w := newWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	api := w.api(w.token(ana, team, auth.Owner))
	before := string(api.get("/api/v1/designs").body)

	r := api.do("POST", "/api/v1/designs", "application/zip", bytes.NewReader(webappZip(t)))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(string(r.body), "terraform_configs_off") || !strings.Contains(string(r.body), "vpcboard import") {
		t.Errorf("POST a zip of a configuration = %d %s; want 422 terraform_configs_off saying to use the CLI", r.status, r.body)
	}

	ses := w.signIn("ana@example.com")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "main.tf")
	fw.Write([]byte(`resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }` + "\n"))
	mw.Close()
	r = ses.do("POST", "/designs/import", mw.FormDataContentType(), &buf)
	loc, _ := url.QueryUnescape(r.header.Get("Location"))
	if r.status != http.StatusSeeOther || !strings.Contains(loc, "does not evaluate uploaded Terraform configurations") {
		t.Errorf("page import of main.tf = %d %s; want the list page saying configurations are not evaluated here", r.status, loc)
	}
	if after := string(api.get("/api/v1/designs").body); after != before {
		t.Errorf("designs after the refused uploads:\n%s\nwant as before:\n%s", after, before)
	}
}
