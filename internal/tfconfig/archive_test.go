package tfconfig

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range sortedKeys(files) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[name]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestZipFS(t *testing.T) {
	data := zipOf(t, map[string]string{
		"net/README.md":          "x",
		"net/main.tf":            `module "m" { source = "./modules/sub" }`,
		"net/modules/sub/sub.tf": `resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }`,
	})
	if !IsZip(data) || IsZip([]byte(`{"format": 1}`)) {
		t.Fatal("IsZip")
	}
	fsys, root, err := ZipFS(data)
	if err != nil || root != "net" {
		t.Fatalf("ZipFS: root %q, %v; want net", root, err)
	}
	res, err := Load(fsys, root, Options{})
	if err != nil || len(res.Resources) != 1 || res.Resources[0].Address != "module.m.aws_vpc.v" {
		t.Fatalf("Load of the zip: %v %+v", err, res)
	}
	if _, _, err := ZipFS(zipOf(t, map[string]string{"a.txt": "x"})); err == nil || !strings.Contains(err.Error(), "no .tf") {
		t.Errorf("a zip without configuration: %v", err)
	}
	if _, _, err := ZipFS([]byte("PK\x03\x04garbage")); err == nil {
		t.Error("a broken zip was read")
	}
	// A module source cannot leave the archive.
	fsys, root, _ = ZipFS(zipOf(t, map[string]string{"main.tf": `module "m" { source = "../outside" }`}))
	if _, err := Load(fsys, root, Options{}); err == nil {
		t.Error("a module outside the zip was read")
	}
}

func TestFilesFS(t *testing.T) {
	fsys, root, err := FilesFS(map[string][]byte{
		"main.tf":          []byte(`variable "c" {}` + "\n" + `resource "aws_vpc" "v" { cidr_block = var.c }`),
		"terraform.tfvars": []byte(`c = "10.1.0.0/16"`),
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Load(fsys, root, Options{})
	if err != nil || res.Resources[0].Values["cidr_block"] != "10.1.0.0/16" {
		t.Fatalf("Load: %v %+v", err, res)
	}
	if _, _, err := FilesFS(map[string][]byte{"a/main.tf": nil, "b/main.tf": nil}); err == nil {
		t.Error("two files of one name were accepted")
	}
}
