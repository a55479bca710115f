package main

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExport(t *testing.T) {
	tests := []struct {
		to, format, want string
	}{
		{"cloudformation", "json", `"AWSTemplateFormatVersion": "2010-09-09"`},
		{"cloudformation", "yaml", `AWSTemplateFormatVersion: "2010-09-09"`},
		{"terraform", "json", `"aws_vpc"`},
	}
	for _, tt := range tests {
		code, out, errOut := vpcboard(t, "export", "../../examples/three-tier.json", "--to", tt.to, "--format", tt.format)
		if code != exitOK || !strings.Contains(out, tt.want) {
			t.Errorf("export --to %s --format %s = exit %d, output without %s\n%s", tt.to, tt.format, code, tt.want, errOut)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "main.tf.json")
	if code, _, errOut := vpcboard(t, "export", "../../examples/hub-and-spoke.json", "--to", "terraform", "-o", path); code != exitOK {
		t.Fatalf("export -o %s = exit %d: %s", path, code, errOut)
	}
	data, err := os.ReadFile(path)
	if err != nil || !json.Valid(data) {
		t.Errorf("export -o wrote %d bytes of invalid JSON (%v)", len(data), err)
	}
}

// A design with validation errors is exported only with --force, and the
// output then lists the findings it carries.
func TestExportForce(t *testing.T) {
	p := writeFile(t, "overlap.json", overlapping)
	code, out, errOut := vpcboard(t, "export", p, "--to", "cloudformation")
	if code != exitFindings || out != "" || !strings.Contains(errOut, "subnet.overlap") || !strings.Contains(errOut, "--force") {
		t.Errorf("export of an invalid design = exit %d, %d bytes out, stderr %q; want exit 1, nothing written, the finding and --force named", code, len(out), errOut)
	}
	for _, to := range []string{"cloudformation", "terraform"} {
		code, out, errOut = vpcboard(t, "export", p, "--to", to, "--force")
		if code != exitOK || !strings.Contains(out, "subnet.overlap") || !strings.Contains(errOut, "carries") {
			t.Errorf("export --force --to %s = exit %d, output lists the finding: %v; stderr %q", to, code, strings.Contains(out, "subnet.overlap"), errOut)
		}
	}
}

// TestExportHCL: --to terraform --format hcl writes main.tf, outputs.tf,
// variables.tf and versions.tf into the folder -o names, or into the zip
// when it ends in .zip, the same files either way; standard output, which
// takes one file, is refused with a message saying so (issue 17.7).
func TestExportHCL(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tf")
	if code, _, errOut := vpcboard(t, "export", "../../examples/three-tier.json", "--to", "terraform", "--format", "hcl", "-o", dir); code != exitOK {
		t.Fatalf("export --format hcl -o %s = exit %d: %s", dir, code, errOut)
	}
	files := map[string]string{}
	for _, name := range []string{"main.tf", "outputs.tf", "variables.tf", "versions.tf"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(data)
	}
	if !strings.Contains(files["main.tf"], `resource "aws_vpc"`) || !strings.Contains(files["versions.tf"], "required_version") ||
		!strings.Contains(files["outputs.tf"], `output "`) || !strings.Contains(files["variables.tf"], `variable "`) {
		t.Errorf("the HCL files lack their blocks:\n%v", files)
	}
	archive := filepath.Join(t.TempDir(), "three-tier.zip")
	if code, _, errOut := vpcboard(t, "export", "../../examples/three-tier.json", "--to", "terraform", "--format", "hcl", "-o", archive); code != exitOK {
		t.Fatalf("export --format hcl -o %s = exit %d: %s", archive, code, errOut)
	}
	z, err := zip.OpenReader(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil || string(data) != files[f.Name] {
			t.Errorf("zip's %s differs from the folder's (%v)", f.Name, err)
		}
	}
	if len(z.File) != len(files) {
		t.Errorf("zip holds %d files; want %d", len(z.File), len(files))
	}
	code, out, errOut := vpcboard(t, "export", "../../examples/three-tier.json", "--to", "terraform", "--format", "hcl")
	if code != exitInput || out != "" || !strings.Contains(errOut, "main.tf, outputs.tf, variables.tf, versions.tf") || !strings.Contains(errOut, ".zip") {
		t.Errorf("export --format hcl to standard output = exit %d, %d bytes, %q; want a refusal naming the files and -o", code, len(out), errOut)
	}
}

func TestExportUsage(t *testing.T) {
	for _, args := range [][]string{
		{"export", "../../examples/three-tier.json"},
		{"export", "../../examples/three-tier.json", "--to", "pulumi"},
		{"export", "../../examples/three-tier.json", "--to", "terraform", "--format", "xml"},
		{"export", "../../examples/three-tier.json", "--to", "terraform", "--format", "yaml"},
		{"export", "../../examples/three-tier.json", "--to", "cloudformation", "--format", "hcl"},
		{"export", "no-such-file.json", "--to", "terraform"},
	} {
		if code, _, errOut := vpcboard(t, args...); code != exitInput || errOut == "" {
			t.Errorf("vpcboard %v = exit %d (%q); want %d with a message", args, code, errOut, exitInput)
		}
	}
}

// TestExportAndMatrixOfStacks: export and matrix accept --stacks with the
// templates of one network, as validate and import do (issue 17.6).
func TestExportAndMatrixOfStacks(t *testing.T) {
	corpus := "../../internal/importer/testdata/corpus/"
	stacks := []string{"--stacks", corpus + "widdix-vpc-3azs-ipv6-eigw-nacl.yaml", corpus + "widdix-vpc-endpoint-s3-cross-stack.yaml",
		"--param", "ParentVPCStack=widdix-vpc-3azs-ipv6-eigw-nacl"}
	code, out, errOut := vpcboard(t, append([]string{"export", "--to", "cloudformation"}, stacks...)...)
	if code != exitOK || !strings.Contains(out, `"AWS::EC2::VPCEndpoint"`) || !strings.Contains(out, `"AWS::EC2::VPC"`) {
		t.Errorf("export --stacks = exit %d\n%.400s\n%s; want one template of both stacks", code, out, errOut)
	}
	code, out, errOut = vpcboard(t, append([]string{"export", "--to", "terraform"}, stacks...)...)
	if code != exitOK || !strings.Contains(out, `"aws_vpc_endpoint"`) {
		t.Errorf("export --to terraform --stacks = exit %d\n%.400s\n%s", code, out, errOut)
	}
	code, out, errOut = vpcboard(t, append([]string{"matrix", "--format", "json"}, stacks...)...)
	if code != exitOK || !strings.HasPrefix(strings.TrimSpace(out), "{") {
		t.Errorf("matrix --stacks = exit %d\n%.400s\n%s", code, out, errOut)
	}
}
