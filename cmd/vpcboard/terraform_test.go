package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const threeTier = "../../internal/tfimport/testdata/threetier/"

// The CI gate: a plan that adds a bastion whose group lets SSH in from
// anywhere opens a path from the internet.
func TestDiffTerraformPlanOpensSSH(t *testing.T) {
	code, out, errOut := vpcboard(t, "diff", threeTier+"plan.json")
	if code != exitOpens {
		t.Fatalf("diff plan.json = exit %d\n%s%s; want %d", code, out, errOut, exitOpens)
	}
	for _, want := range []string{
		"+ workload aws_instance.bastion",
		"+ warning sg.world-admin: security group `aws_security_group.bastion` ingress rule 0 opens tcp 22 to 0.0.0.0/0: SSH (22)",
		"+ now allows tcp 22 from the internet to `aws_instance.bastion`",
		"This change opens traffic from the internet.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diff output lacks %q:\n%s", want, out)
		}
	}
}

// The same network read from the state file and from the show -json of
// the state: nothing changes.
func TestDiffTerraformStates(t *testing.T) {
	code, out, errOut := vpcboard(t, "diff", threeTier+"terraform.tfstate", threeTier+"state.json")
	if code != exitOK || out != "no changes\n" {
		t.Errorf("diff state files = exit %d\n%s%s; want no changes", code, out, errOut)
	}
}

func TestDiffOneFileMustBePlan(t *testing.T) {
	code, _, errOut := vpcboard(t, "diff", threeTier+"terraform.tfstate")
	if code != exitInput || !strings.Contains(errOut, "only when it is a Terraform plan") {
		t.Errorf("diff state = exit %d, %s", code, errOut)
	}
}

// Every command that reads designs reads Terraform state.
func TestCommandsReadTerraformState(t *testing.T) {
	code, out, errOut := vpcboard(t, "validate", threeTier+"terraform.tfstate")
	if code != exitOK || !strings.Contains(out, "nat.cross-az") {
		t.Errorf("validate = exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = vpcboard(t, "matrix", threeTier+"state.json")
	if code != exitOK || !strings.Contains(out, "aws_instance.app.0 -> aws_db_instance.db: tcp 5432") || !strings.Contains(out, "internet -> aws_lb.web: tcp 443") {
		t.Errorf("matrix = exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = vpcboard(t, "import", threeTier+"terraform.tfstate")
	// The DB subnet group is read for the database's subnets: no warning
	// calls it a type not modelled.
	if code != exitOK || !strings.Contains(out, `"module.vpc.aws_subnet.db.a"`) || strings.Contains(errOut, "not modelled") {
		t.Errorf("import = exit %d\n%s", code, errOut)
	}
}

func TestTerraformStateBadVersion(t *testing.T) {
	p := writeFile(t, "old.tfstate", `{"version": 3, "terraform_version": "0.11.14", "lineage": "x", "resources": []}`)
	code, _, errOut := vpcboard(t, "validate", p)
	if code != exitInput || !strings.Contains(errOut, "old.tfstate: state: version: 3") {
		t.Errorf("validate old state = exit %d, %s", code, errOut)
	}
}

// The plan of the first apply knows no IDs; its configuration's
// references put the new resources' stand-ins in their place, so the
// planned network is the network of the state after the apply: the same
// matrix, cell for cell, and no cell left unknown (a group whose rules are
// rule resources has its ingress unknown in the plan, which is no rule,
// not an unknown one).
func TestPlanCreateMatrixMatchesState(t *testing.T) {
	code, planned, errOut := vpcboard(t, "matrix", threeTier+"plan-create.json")
	if code != exitOK {
		t.Fatalf("matrix plan-create.json = exit %d %s", code, errOut)
	}
	_, state, _ := vpcboard(t, "matrix", threeTier+"terraform.tfstate")
	if cells := strings.Split(strings.TrimSpace(state), "\n"); len(cells) != 10 {
		t.Fatalf("the state's matrix has %d cells:\n%s", len(cells), state)
	}
	if planned != state {
		t.Errorf("the planned matrix differs from the state's:\n%s\nstate:\n%s", planned, state)
	}
	if code, out, _ := vpcboard(t, "diff", threeTier+"plan-create.json"); code != exitOpens || !strings.Contains(out, "+ now allows tcp 443 from the internet to `aws_lb.web`") {
		t.Errorf("diff plan-create.json = exit %d\n%s", code, out)
	}
}

// The export of an imported state names the Terraform types it keeps
// opaque as Terraform types, not CloudFormation ones.
func TestExportStateNamesTerraformTypes(t *testing.T) {
	code, _, errOut := vpcboard(t, "export", threeTier+"terraform.tfstate", "--to", "terraform")
	if code != exitOK || !strings.Contains(errOut, "not exported: 1 resources of Terraform type aws_db_subnet_group") {
		t.Errorf("export = exit %d\n%s", code, errOut)
	}
}

// -var given for a state (not a configuration directory) cannot change
// anything: the command says so rather than dropping it silently.
func TestVarOnStateWarns(t *testing.T) {
	code, _, errOut := vpcboard(t, "import", threeTier+"terraform.tfstate", "-var", "az_count=3", "-o", t.TempDir()+"/d.json")
	if code != exitOK || !strings.Contains(errOut, "terraform.tfstate: -var and -var-file are read only for a Terraform configuration directory") {
		t.Errorf("import state -var = exit %d, stderr:\n%s\nwant exit 0 and a warning that -var is ignored", code, errOut)
	}
	code, _, errOut = vpcboard(t, "import", threeTier+"terraform.tfstate", "-o", t.TempDir()+"/d.json")
	if code != exitOK || strings.Contains(errOut, "-var") {
		t.Errorf("import state without -var = exit %d, stderr:\n%s\nwant no -var warning", code, errOut)
	}
}

// --stacks given a Terraform state says it reads templates only, rather
// than the template reader's "Resources: missing".
func TestStacksRefusesTerraformState(t *testing.T) {
	code, _, errOut := vpcboard(t, "import", "--stacks", threeTier+"terraform.tfstate", threeTier+"state.json")
	want := "terraform.tfstate: --stacks reads CloudFormation templates only, and this is not one (it reads as terraform-state; read it without --stacks)"
	if code != exitInput || !strings.Contains(errOut, want) {
		t.Errorf("import --stacks state = exit %d, stderr:\n%s\nwant exit %d and %q", code, errOut, exitInput, want)
	}
}

// A flag the input does not read (--region for a snapshot, which holds
// its regions; --param for a state) is named in a warning, not dropped.
func TestUnreadFlagsWarn(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"../../internal/awsaccount/testdata/snapshot-us-west-2.json", "--region", "eu-west-1"}, "snapshot-us-west-2.json: --region: not read for this input (aws-snapshot); ignored"},
		{[]string{threeTier + "terraform.tfstate", "--param", "A=1", "--stack-name", "x"}, "terraform.tfstate: --param, --stack-name: not read for this input (terraform-state); ignored"},
		{[]string{threeTier, "--param", "A=1"}, "threetier/: --param: not read for this input (terraform-configuration); ignored"},
	} {
		code, _, errOut := vpcboard(t, append([]string{"import", "-o", t.TempDir() + "/d.json"}, c.args...)...)
		if code != exitOK || !strings.Contains(errOut, c.want) {
			t.Errorf("import %v = exit %d, stderr:\n%s\nwant exit 0 and %q", c.args, code, errOut, c.want)
		}
	}
}

// TestDiffSaysWhatTheImportAssumed: diff prints the import's warnings (a
// resource kept opaque) on stderr, as validate and import do, and keeps
// stdout the diff; a plan's warning of both sides is said once.
func TestDiffSaysWhatTheImportAssumed(t *testing.T) {
	dir := t.TempDir()
	bucket := map[string]any{"mode": "managed", "type": "aws_s3_bucket", "name": "logs",
		"provider":  `provider["registry.terraform.io/hashicorp/aws"]`,
		"instances": []any{map[string]any{"schema_version": 0, "attributes": map[string]any{"id": "logs", "bucket": "logs"}}}}
	var state map[string]any
	readJSON(t, threeTier+"terraform.tfstate", &state)
	state["resources"] = append(state["resources"].([]any), bucket)
	withBucket := writeJSON(t, dir, "bucket.tfstate", state)

	code, out, errOut := vpcboard(t, "diff", threeTier+"terraform.tfstate", withBucket)
	if code != exitOK || !strings.Contains(out, "+ opaque aws_s3_bucket.logs") ||
		!strings.Contains(errOut, "warning: "+withBucket+": kept 1 resources of types not modelled: aws_s3_bucket (1)") {
		t.Errorf("diff states = exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if strings.Contains(out, "warning") {
		t.Errorf("warnings went to stdout:\n%s", out)
	}

	var plan map[string]any
	readJSON(t, threeTier+"plan.json", &plan)
	for _, side := range []string{"prior_state", "planned_values"} {
		vals := plan[side].(map[string]any)
		if side == "prior_state" {
			vals = vals["values"].(map[string]any)
		}
		root := vals["root_module"].(map[string]any)
		root["resources"] = append(root["resources"].([]any), map[string]any{
			"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs",
			"provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
			"values": map[string]any{"id": "logs", "bucket": "logs"}})
	}
	planFile := writeJSON(t, dir, "plan.json", plan)
	code, _, errOut = vpcboard(t, "diff", planFile)
	want := "warning: " + planFile + ": kept 1 resources of types not modelled: aws_s3_bucket (1)\n"
	if code != exitOpens || strings.Count(errOut, "aws_s3_bucket") != 1 || !strings.Contains(errOut, want) {
		t.Errorf("diff plan = exit %d\nstderr:\n%s\nwant once: %s", code, errOut, want)
	}
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}

func writeJSON(t *testing.T, dir, name string, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
