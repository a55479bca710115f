package main

import (
	"encoding/json"
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

func TestExportUsage(t *testing.T) {
	for _, args := range [][]string{
		{"export", "../../examples/three-tier.json"},
		{"export", "../../examples/three-tier.json", "--to", "pulumi"},
		{"export", "../../examples/three-tier.json", "--to", "terraform", "--format", "xml"},
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
