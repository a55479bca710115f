package web_test

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vpcboard/vpcboard/internal/web"
)

const awsSnapshot = "../awsaccount/testdata/snapshot-us-west-2.json"

// TestCreateFromAWSSnapshot: POST /api/v1/designs takes a snapshot of
// `vpcboard snapshot` like a design file; a snapshot of another version is
// refused naming the field, and nothing is stored.
func TestCreateFromAWSSnapshot(t *testing.T) {
	c, _ := newServer(t)
	r := c.do("POST", "/api/v1/designs?name=prod", "application/json", strings.NewReader(readFile(t, awsSnapshot)))
	if r.status != http.StatusCreated {
		t.Fatalf("POST /api/v1/designs (snapshot) = %d %s; want 201", r.status, r.body)
	}
	d := c.get("/api/v1/designs/" + r.json(t)["id"].(string)).json(t)
	vpcs, _ := d["vpcs"].(map[string]any)
	if d["region"] != "us-west-2" || d["name"] != "prod" || vpcs["vpc-3ac0fb5f"] == nil {
		t.Errorf("design = region %v, name %v, VPCs %v; want us-west-2, prod, vpc-3ac0fb5f", d["region"], d["name"], vpcs)
	}
	before := c.get("/api/v1/designs").body
	bad := `{"format": "vpcboard-aws-snapshot", "version": 7, "regions": {}}`
	r = c.do("POST", "/api/v1/designs", "application/json", strings.NewReader(bad))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(string(r.body), `"field":"version"`) || !strings.Contains(string(r.body), "bad_snapshot") {
		t.Errorf("POST a snapshot of version 7 = %d %s; want 422 bad_snapshot naming version", r.status, r.body)
	}
	if after := c.get("/api/v1/designs").body; string(after) != string(before) {
		t.Errorf("a refused snapshot changed the designs:\n%s\n%s", before, after)
	}
}

// TestPageImportsAWSSnapshot: the list page's import takes a snapshot and
// opens its diagram.
func TestPageImportsAWSSnapshot(t *testing.T) {
	w := newWorld(t, web.Options{Renderer: renderer(t)})
	w.account("ana@example.com", "", 0)
	ctx := browser(t)
	signInBrowser(t, ctx, w.base, "ana@example.com")
	file, err := filepath.Abs(awsSnapshot)
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "upload the snapshot",
		chromedp.Navigate(w.base+"/"),
		chromedp.SetUploadFiles(css(`[data-testid=import-file]`), []string{file}),
		chromedp.Click(css(`[data-testid=import]`)),
		chromedp.WaitVisible(css(`[data-testid=design-name]`)),
		waitJS(`document.querySelector('[data-testid=design-name]').textContent === 'snapshot-us-west-2'`),
		waitJS(`document.querySelector('#stage svg').textContent.includes('web')`))
}
