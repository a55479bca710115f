package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/web"
)

// TestTerraformConfigsCanBeTurnedOff: a server started with
// TERRAFORM_CONFIGS=false (TerraformConfigsOff) does not evaluate uploaded
// Terraform configurations, which servers do by default in bounded
// children (TestHostileConfigurationsMeetTheServersLimits). The API
// answers 422 naming the body and why, the page's import says so on the
// list page, and no design is made.
func TestTerraformConfigsCanBeTurnedOff(t *testing.T) {
	w := newWorld(t, web.Options{TerraformConfigsOff: true})
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

// TestPageSaysTerraformConfigsAreOff: on a server started with
// TERRAFORM_CONFIGS=false, choosing a configuration's files in the list
// page's import brings the page back with the reason and what to do
// instead.
func TestPageSaysTerraformConfigsAreOff(t *testing.T) {
	w := newWorld(t, web.Options{TerraformConfigsOff: true})
	w.account("ana@example.com", "", 0)
	ctx := browser(t)
	signInBrowser(t, ctx, w.base, "ana@example.com")
	file := filepath.Join(t.TempDir(), "main.tf")
	if err := os.WriteFile(file, []byte(`resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "import main.tf",
		chromedp.Navigate(w.base+"/"),
		chromedp.SetUploadFiles(css(`[data-testid=import-file]`), []string{file}),
		chromedp.Click(css(`[data-testid=import]`)),
		chromedp.WaitVisible(css(`[data-testid=list-error]`)))
	msg := value(t, ctx, "the notice", chromedp.Text(css(`[data-testid=list-error]`)))
	if !strings.Contains(msg, "does not evaluate uploaded Terraform configurations") || !strings.Contains(msg, "TERRAFORM_CONFIGS=false") || !strings.Contains(msg, "vpcboard import DIR") {
		t.Errorf("list page notice = %q; want why and the CLI to use instead", msg)
	}
	shot(t, ctx, "import-terraform-off")
}
