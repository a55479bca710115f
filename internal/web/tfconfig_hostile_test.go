package web_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/web"
)

// hostileZip writes a zip of the entries (name -> content) in order.
func hostileZip(t *testing.T, entries ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		f, err := zw.Create(e[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(e[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// An uploaded configuration never makes the server read its own files:
// a module source or a root climbing out of the zip, entries named with
// "..", an absolute path or a symbolic link, a file that inflates past
// the limits, too many entries. Each is a 422 (400 for a bad var) and
// no design is stored.
func TestCreateFromHostileTerraformZip(t *testing.T) {
	c, _ := newServer(t)
	vpc := `resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }` + "\n"
	many := make([][2]string, 10001)
	for i := range many {
		many[i] = [2]string{fmt.Sprintf("m%05d.tf", i), ""}
	}
	var link bytes.Buffer
	zw := zip.NewWriter(&link)
	h := &zip.FileHeader{Name: "mod/main.tf"}
	h.SetMode(0o777 | 1<<27) // fs.ModeSymlink
	lf, _ := zw.CreateHeader(h)
	lf.Write([]byte("/etc/hostname"))
	mf, _ := zw.Create("main.tf")
	mf.Write([]byte(vpc + `module "m" { source = "./mod" }` + "\n"))
	zw.Close()

	before := c.get("/api/v1/designs").body
	for _, tc := range []struct {
		name, query string
		data        []byte
	}{
		{"a module source out of the zip", "", hostileZip(t, [2]string{"main.tf", vpc + `module "m" { source = "../../../../../../../../../etc" }` + "\n"})},
		{"a module source out of the zip's folder", "", hostileZip(t, [2]string{"app/main.tf", vpc + `module "m" { source = "../../x" }` + "\n"}, [2]string{"x/main.tf", vpc})},
		{"a root out of the zip", "root=../../../../etc", hostileZip(t, [2]string{"main.tf", vpc})},
		{"a root at an absolute path", "root=" + url.QueryEscape("/etc/ssl"), hostileZip(t, [2]string{"x.txt", ""}, [2]string{"main.tf", vpc})},
		{"entries out of the zip only", "", hostileZip(t, [2]string{"../main.tf", vpc}, [2]string{"/etc/main.tf", vpc})},
		{"a symbolic link to a host file", "", link.Bytes()},
		{"a file inflating past the limit", "", hostileZip(t, [2]string{"main.tf", vpc + "# " + strings.Repeat("a", 5<<20) + "\n"})},
		{"too many entries", "", hostileZip(t, many...)},
	} {
		r := c.do("POST", "/api/v1/designs?"+tc.query, "application/zip", bytes.NewReader(tc.data))
		if r.status != http.StatusUnprocessableEntity && r.status != http.StatusBadRequest {
			t.Errorf("%s: POST = %d %.300s; want 422", tc.name, r.status, r.body)
		}
		if strings.Contains(string(r.body), "localhost") || strings.Contains(string(r.body), "root:") {
			t.Errorf("%s: the answer shows a host file: %.300s", tc.name, r.body)
		}
	}
	// A root that is not a folder of the zip is named as the field.
	for _, root := range []string{"../../../../etc", "/etc/ssl", "a/../../b", "nope"} {
		r := c.do("POST", "/api/v1/designs?root="+url.QueryEscape(root), "application/zip", bytes.NewReader(hostileZip(t, [2]string{"main.tf", vpc})))
		if _, field := r.errorOf(t); r.status/100 != 4 || field != "root" {
			t.Errorf("root %q: %d %.300s; want a 4xx naming root", root, r.status, r.body)
		}
	}
	if after := c.get("/api/v1/designs").body; string(after) != string(before) {
		t.Error("a refused configuration changed the list of designs")
	}
	if r := c.do("POST", "/api/v1/designs?root=%2F", "application/zip", bytes.NewReader(hostileZip(t, [2]string{"main.tf", vpc}))); r.status != http.StatusCreated {
		t.Errorf("root / (the zip's top folder): %d %.300s; want 201", r.status, r.body)
	}
}

// The list page's import reads several files as one folder by their base
// names: two files of one base name (a folder's upload sends
// "a/main.tf" and "b/main.tf") are refused, not one silently dropped.
func TestImportTerraformFilesRefusesTwoOfOneName(t *testing.T) {
	w := newWorld(t, web.Options{})
	w.account("ana@example.com", "", 0)
	ses := w.signIn("ana@example.com")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range [][2]string{
		{"a/main.tf", `resource "aws_vpc" "a" { cidr_block = "10.1.0.0/16" }`},
		{"b/main.tf", `resource "aws_vpc" "b" { cidr_block = "10.2.0.0/16" }`},
	} {
		fw, err := mw.CreateFormFile("file", f[0])
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(f[1]))
	}
	mw.Close()
	r := ses.do("POST", "/designs/import", mw.FormDataContentType(), &buf)
	if loc := r.header.Get("Location"); r.status != http.StatusSeeOther || !strings.Contains(loc, "/?error=") || !strings.Contains(loc, "main.tf") {
		t.Errorf("two files called main.tf = %d %s; want the list page naming main.tf", r.status, loc)
	}
}
