package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const webapp = "../../internal/tfconfig/testdata/webapp"

// TestTerraformDirectory: every command that reads designs reads a
// directory of .tf files as a Terraform configuration, with -var and
// -var-file.
func TestTerraformDirectory(t *testing.T) {
	code, out, errOut := vpcboard(t, "matrix", webapp)
	if code != exitOK || !strings.Contains(out, "internet -> aws_instance.web.0: tcp 80, 443") || strings.Contains(out, "tcp 22") {
		t.Fatalf("matrix webapp = exit %d\n%s%s", code, out, errOut)
	}
	// The office range opens SSH through the second dynamic ingress block.
	vars := writeFile(t, "office.tfvars", `office_cidrs = ["0.0.0.0/0"]`)
	code, out, errOut = vpcboard(t, "matrix", webapp, "-var-file", vars)
	if code != exitOK || !strings.Contains(out, "internet -> aws_instance.web.0: tcp 22, 80, 443") {
		t.Fatalf("matrix with -var-file = exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = vpcboard(t, "matrix", webapp, "-var-file", vars, "-var", `office_cidrs=["192.0.2.0/24"]`)
	if code != exitOK || !strings.Contains(out, "internet -> aws_instance.web.0: tcp 80, 443") {
		t.Fatalf("matrix with -var after -var-file = exit %d\n%s%s", code, out, errOut)
	}
	design := filepath.Join(t.TempDir(), "design.json")
	code, _, errOut = vpcboard(t, "import", webapp, "-var", "azs=[\"eu-west-1a\"]", "-o", design)
	if code != exitOK {
		t.Fatalf("import = exit %d\n%s", code, errOut)
	}
	data, err := os.ReadFile(design)
	if err != nil || !strings.Contains(string(data), `"aws_instance.web.0"`) || strings.Contains(string(data), `"aws_instance.web.1"`) {
		t.Errorf("import with one zone wrote:\n%.2000s", data)
	}
	code, out, errOut = vpcboard(t, "diff", design, webapp)
	if code == exitInput || !strings.Contains(out, "aws_instance.web.1") {
		t.Errorf("diff one zone -> two zones = exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = vpcboard(t, "validate", webapp)
	if code != exitOK || !strings.Contains(out, "warning nat.cross-az") {
		t.Errorf("validate webapp = exit %d\n%s", code, out)
	}
}

func TestTerraformDirectoryRefusals(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"import", webapp, "-var", "nope=1"}, `declares no variable "nope"`},
		{[]string{"import", webapp, "-var", "novalue"}, `-var "novalue": want name=value`},
		{[]string{"import", webapp, "-var-file", "/nonexistent.tfvars"}, "-var-file"},
		{[]string{"import", t.TempDir()}, "no .tf or .tf.json files"},
	} {
		code, _, errOut := vpcboard(t, c.args...)
		if code != exitInput || !strings.Contains(errOut, c.want) {
			t.Errorf("%v = exit %d\n%s; want exit %d and %q", c.args, code, errOut, exitInput, c.want)
		}
	}
}
