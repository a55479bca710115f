package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/store/storetest"
)

// webappZip zips tfconfig's web application configuration as app/ and the
// terraform-aws-vpc module it calls beside it; extra entries are added.
func webappZip(t *testing.T, extra ...[2]string) []byte {
	t.Helper()
	const testdata = "../../internal/tfconfig/testdata/"
	files := map[string]string{"app/main.tf": testdata + "webapp/main.tf"}
	tfs, _ := filepath.Glob(testdata + "terraform-aws-vpc/*.tf")
	for _, f := range tfs {
		files["terraform-aws-vpc/"+filepath.Base(f)] = f
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	write := func(name string, data []byte) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	for name, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		write(name, data)
	}
	for _, e := range extra {
		write(e[0], []byte(e[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// postZip posts a zip of a configuration and returns the status and the
// error's code and message.
func (p *proc) postZip(t *testing.T, query url.Values, data []byte) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", p.base+"/api/v1/designs?"+query.Encode(), bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/zip")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST zip: %v", err)
	}
	defer res.Body.Close()
	var body struct {
		Error struct{ Code, Message string }
	}
	json.NewDecoder(res.Body).Decode(&body)
	return res.StatusCode, body.Error.Code, body.Error.Message
}

// TestTerraformConfigurationsInBoundedChildren: the server binary, with
// no TERRAFORM_CONFIGS, evaluates an uploaded configuration in a copy of
// itself started with -tfconfig-eval: a real one imports, one that asks
// for more memory than TERRAFORM_MEMORY is answered 422 naming that
// limit, and the server goes on. TERRAFORM_CONFIGS=false refuses them.
func TestTerraformConfigurationsInBoundedChildren(t *testing.T) {
	dbURL := storetest.Database(t)
	token = owner(t, "DATABASE_URL="+dbURL)
	p := start(t, "DATABASE_URL="+dbURL, "TERRAFORM_MEMORY=512")
	app := url.Values{"root": {"app"}}
	hostile := webappZip(t, [2]string{"big/main.tf", `locals {
  x = setproduct(range(1000), range(1000), range(1000))
}
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
  tags       = { n = length(local.x) }
}
`})
	if status, code, msg := p.postZip(t, url.Values{"root": {"big"}}, hostile); status != 422 || code != "bad_terraform" ||
		!strings.Contains(msg, "needs more memory than the server allows") || !strings.Contains(msg, "(limit 512 MiB)") {
		t.Errorf("a configuration over the memory limit = %d %s %q; want 422 bad_terraform naming 512 MiB", status, code, msg)
	}
	if status, code, msg := p.postZip(t, app, webappZip(t)); status != 201 {
		t.Errorf("a real configuration = %d %s %q; want 201", status, code, msg)
	}
	if code, _ := p.call(t, "GET", "/readyz", ""); code != 200 {
		t.Errorf("readyz after them = %d", code)
	}
	p.stop(t)
	if !strings.Contains(p.stderr.String(), "terraform configuration over a limit") {
		t.Errorf("the server's log does not say the configuration went over a limit:\n%s", p.stderr)
	}

	q := start(t, "DATABASE_URL="+dbURL, "TERRAFORM_CONFIGS=false")
	if status, code, _ := q.postZip(t, app, webappZip(t)); status != 422 || code != "terraform_configs_off" {
		t.Errorf("with TERRAFORM_CONFIGS=false = %d %s; want 422 terraform_configs_off", status, code)
	}
	q.stop(t)
}
