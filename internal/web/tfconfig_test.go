package web_test

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vpcboard/vpcboard/internal/web"
)

const tfTestdata = "../../internal/tfconfig/testdata/"

// webappZip zips the web application configuration of tfconfig's tests
// as app/ and the terraform-aws-vpc module it calls (source
// "../terraform-aws-vpc") beside it.
func webappZip(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, file string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(readFile(t, file)))
	}
	add("app/main.tf", tfTestdata+"webapp/main.tf")
	files, _ := filepath.Glob(tfTestdata + "terraform-aws-vpc/*.tf")
	for _, f := range files {
		add("terraform-aws-vpc/"+filepath.Base(f), f)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCreateFromTerraformConfigurationZip(t *testing.T) {
	c, _ := newServer(t)
	data := webappZip(t)
	q := url.Values{"root": {"app"}, "var": {`office_cidrs=["198.51.100.0/24"]`}}
	r := c.do("POST", "/api/v1/designs?"+q.Encode(), "application/zip", bytes.NewReader(data))
	if r.status != http.StatusCreated {
		t.Fatalf("POST zip = %d %s", r.status, r.body)
	}
	id, _ := r.json(t)["id"].(string)
	d := string(c.get("/api/v1/designs/" + id).body)
	for _, want := range []string{`"aws_instance.web.1"`, `"module.vpc.aws_subnet.private.0"`, `"198.51.100.0/24"`, `"name": "app"`} {
		if !strings.Contains(d, want) {
			t.Errorf("the design of the zip lacks %s", want)
		}
	}
	before := c.get("/api/v1/designs").body
	r = c.do("POST", "/api/v1/designs?root=app&var=nope%3D1", "application/zip", bytes.NewReader(data))
	if code, field := r.errorOf(t); r.status != http.StatusUnprocessableEntity || code != "bad_terraform" || field != "body" || !strings.Contains(string(r.body), "nope") {
		t.Errorf("an undeclared var = %d %s; want 422 bad_terraform naming it", r.status, r.body)
	}
	r = c.do("POST", "/api/v1/designs?var=novalue", "application/zip", bytes.NewReader(data))
	if _, field := r.errorOf(t); r.status != http.StatusBadRequest || field != "var" {
		t.Errorf("a var without = : %d %s; want 400 naming var", r.status, r.body)
	}
	r = c.do("POST", "/api/v1/designs", "application/zip", strings.NewReader("PK\x03\x04 not really"))
	if code, _ := r.errorOf(t); r.status != http.StatusUnprocessableEntity || code != "bad_terraform" {
		t.Errorf("a broken zip = %d %s; want 422 bad_terraform", r.status, r.body)
	}
	if after := c.get("/api/v1/designs").body; string(after) != string(before) {
		t.Error("a refused configuration changed the list of designs")
	}
}

// TestImportTerraformFiles: the list page imports a configuration given
// as several files, its tfvars read as Terraform reads them.
func TestImportTerraformFiles(t *testing.T) {
	w := newWorld(t, web.Options{})
	w.account("ana@example.com", "", 0)
	ses := w.signIn("ana@example.com")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for name, content := range map[string]string{
		"main.tf": `variable "cidr" {}` + "\n" + `resource "aws_vpc" "v" { cidr_block = var.cidr }` + "\n" + `resource "aws_subnet" "s" {
  count = 2
  vpc_id = aws_vpc.v.id
  availability_zone = "us-east-1a"
  cidr_block = cidrsubnet(var.cidr, 8, count.index)
}`,
		"terraform.tfvars": `cidr = "10.7.0.0/16"`,
	} {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(content))
	}
	mw.Close()
	r := ses.do("POST", "/designs/import", mw.FormDataContentType(), &buf)
	loc := r.header.Get("Location")
	if r.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/designs/") {
		t.Fatalf("import of two files = %d %s %s", r.status, loc, r.body)
	}
	page := string(ses.get(loc).body)
	if !strings.Contains(page, "10.7.1.0/24") {
		t.Errorf("the imported design's page lacks subnet 10.7.1.0/24")
	}
	// A zip of the configuration and the module it calls: the root is
	// the shallowest directory of .tf files, app/ before terraform-aws-vpc/.
	buf.Reset()
	mw = multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "webapp.zip")
	fw.Write(webappZip(t))
	mw.Close()
	r = ses.do("POST", "/designs/import", mw.FormDataContentType(), &buf)
	if loc = r.header.Get("Location"); r.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/designs/") || strings.Contains(loc, "error") {
		t.Fatalf("import of a zip = %d %s", r.status, loc)
	}
	if page := string(ses.get(loc).body); !strings.Contains(page, "aws_instance.web.1") {
		t.Errorf("the design of the zip lacks the second web server")
	}
	// A file that is not configuration among several is refused.
	buf.Reset()
	mw = multipart.NewWriter(&buf)
	for _, name := range []string{"main.tf", "notes.txt"} {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte("# x\n"))
	}
	mw.Close()
	r = ses.do("POST", "/designs/import", mw.FormDataContentType(), &buf)
	if loc := r.header.Get("Location"); r.status != http.StatusSeeOther || !strings.Contains(loc, "/?error=") || !strings.Contains(loc, "notes.txt") {
		t.Errorf("a .txt among .tf files = %d %s; want the list page naming it", r.status, loc)
	}
}

// corpusZip zips the .tf files of the vendored terraform-aws-vpc module
// (its root, modules/ and examples/) under terraform-aws-vpc/, as a user
// zips a checkout of the module's repository.
func corpusZip(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	base := tfTestdata + "terraform-aws-vpc"
	err := filepath.WalkDir(base, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".tf") {
			return err
		}
		rel, err := filepath.Rel(base, p)
		if err != nil {
			return err
		}
		w, err := zw.Create("terraform-aws-vpc/" + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write([]byte(readFile(t, p)))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPageImportsTerraformExample: the list page imports the "complete"
// example of a zipped checkout of terraform-aws-vpc, named in the form's
// root field (the zip's top directory is the module itself, which alone
// makes no subnets); the designer shows its subnets, endpoints and the
// import's notes (the zones assumed for the data source, the types kept).
func TestPageImportsTerraformExample(t *testing.T) {
	w := newWorld(t, web.Options{Renderer: renderer(t)})
	w.account("ana@example.com", "", 0)
	ctx := browser(t)
	signInBrowser(t, ctx, w.base, "ana@example.com")
	file := filepath.Join(t.TempDir(), "terraform-aws-vpc.zip")
	if err := os.WriteFile(file, corpusZip(t), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "upload the module's zip with the example as root",
		chromedp.Navigate(w.base+"/"),
		chromedp.SetUploadFiles(css(`[data-testid=import-file]`), []string{file}),
		chromedp.SetValue(css(`[data-testid=import-root]`), "terraform-aws-vpc/examples/complete"),
		chromedp.Click(css(`[data-testid=import]`)),
		chromedp.WaitVisible(css(`[data-testid=design-name]`)),
		waitJS(`document.querySelector('[data-testid=design-name]').textContent === 'complete'`),
		waitJS(`document.querySelector('#stage svg .res') !== null`),
		waitJS(`document.querySelector('[data-testid="tree-module.vpc.aws_subnet.private.0"]') !== null`),
		waitJS(`document.querySelector('[data-testid="tree-module.vpc_endpoints.aws_vpc_endpoint.this.s3"]') !== null`))
	notes := value(t, ctx, "the import's notes", chromedp.Evaluate[string](`(document.querySelector('[data-testid=import-notes]') || {}).innerText || ''`))
	for _, want := range []string{"zones assumed to be eu-west-1a", "aws_customer_gateway (3)"} {
		if !strings.Contains(notes, want) {
			t.Errorf("import notes lack %q:\n%s", want, notes)
		}
	}
	shot(t, ctx, "import-terraform-complete")
	run(t, ctx, "a root that is not in the zip is refused in the page, named",
		chromedp.Navigate(w.base+"/"),
		chromedp.SetUploadFiles(css(`[data-testid=import-file]`), []string{file}),
		chromedp.SetValue(css(`[data-testid=import-root]`), "terraform-aws-vpc/examples/nope"),
		chromedp.Click(css(`[data-testid=import]`)),
		chromedp.WaitVisible(css(`[data-testid=list-error]`)),
		waitJS(`document.querySelector('[data-testid=list-error]').textContent.includes('examples/nope')`))
}
