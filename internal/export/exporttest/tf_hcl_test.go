package exporttest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// tfHCLFixture reads the hand-written module in testdata/hcl: main.tf,
// variables.tf, outputs.tf and versions.tf, the files an HCL export writes.
func tfHCLFixture(t *testing.T) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "hcl", "*.tf"))
	if err != nil || len(names) != 4 {
		t.Fatalf("testdata/hcl: %v, %v; want four .tf files", names, err)
	}
	files := map[string][]byte{}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(n)] = data
	}
	return files
}

func TestCheckTerraformHCLValid(t *testing.T) {
	if got := CheckTerraformHCL(tfHCLFixture(t)); got != nil {
		t.Errorf("CheckTerraformHCL(testdata/hcl) = %q; want nil", got)
	}
}

// TestCheckTerraformHCL breaks the fixture one way at a time and checks
// each break is reported, at the block address and argument.
func TestCheckTerraformHCL(t *testing.T) {
	tests := []struct {
		name, file, old, new string
		want                 []string
	}{
		{
			name: "unknown argument", file: "main.tf",
			old: `cidr_block           = "10.0.0.0/16"`, new: `cidr = "10.0.0.0/16"`,
			want: []string{`resource.aws_vpc.main.cidr: unknown argument (aws_vpc has no argument or block "cidr")`},
		},
		{
			name: "wrong type", file: "main.tf",
			old: `instance_type = "t3.micro"`, new: `instance_type = ["t3.micro"]`,
			want: []string{"resource.aws_instance.web.instance_type: want string, got list"},
		},
		{
			name: "missing required argument", file: "main.tf",
			old: "route_table_id         = aws_route_table.app.id\n", new: "",
			want: []string{"resource.aws_route.default.route_table_id: missing required argument"},
		},
		{
			name: "undeclared variable", file: "main.tf",
			old: "var.azs[count.index]", new: "var.zones[count.index]",
			want: []string{"resource.aws_subnet.app.availability_zone: reference to undeclared variable var.zones"},
		},
		{
			name: "attribute the type lacks", file: "outputs.tf",
			old: "root_block_device[0].volume_id", new: "root_block_device[0].volume",
			want: []string{`output.root_volume.value: reference aws_instance.web.root_block_device[0].volume: aws_instance.root_block_device has no attribute "volume"`},
		},
		{
			name: "attribute written as a block", file: "main.tf",
			old: `protocol    = "-1"`, new: `proto = "-1"`,
			want: []string{"resource.aws_security_group.web.egress.proto: unknown attribute of aws_security_group"},
		},
		{
			name: "unknown function", file: "main.tf",
			old: "cidr_block        = cidrsubnet(", new: "cidr_block        = cidrsub(",
			want: []string{`resource.aws_subnet.app.cidr_block: Call to unknown function: There is no function named "cidrsub".`},
		},
		{
			name: "iterator not bound", file: "main.tf",
			old: "from_port  = rule.value.port", new: "from_port  = ingress.value.port",
			want: []string{"resource.aws_default_network_acl.default.dynamic.ingress.content.from_port: reference to undeclared resource ingress.value"},
		},
		{
			name: "literal meta-argument", file: "main.tf",
			old: "create_before_destroy = true", new: "create_before_destroy = var.region",
			want: []string{"resource.aws_security_group.web.lifecycle.create_before_destroy: must be a literal value: Variables not allowed: Variables may not be used here."},
		},
		{
			name: "provider version the schema does not satisfy", file: "versions.tf",
			old: `version = "~> 6.0"`, new: `version = "~> 5.0"`,
			want: []string{`terraform.required_providers.aws.version: constraint "~> 5.0" does not allow 6.47.0, the version the schema is from`},
		},
		{
			name: "unknown provider alias", file: "main.tf",
			old: "provider          = aws.west", new: "provider          = aws.east",
			want: []string{`resource.aws_vpc_security_group_ingress_rule.web_https.provider: no provider "aws" block has alias "east"`},
		},
		{
			name: "variable default of the wrong type", file: "variables.tf",
			old: "default = [{ port = 443 }]", new: `default = [{ port = "https" }]`,
			want: []string{`variable.rules.default[0].port: a number is required`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := tfHCLFixture(t)
			text := string(files[tt.file])
			if !strings.Contains(text, tt.old) {
				t.Fatalf("%s has no %q", tt.file, tt.old)
			}
			files[tt.file] = []byte(strings.Replace(text, tt.old, tt.new, 1))
			if got := CheckTerraformHCL(files); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CheckTerraformHCL(%s: %q → %q) = %q; want %q", tt.file, tt.old, tt.new, got, tt.want)
			}
		})
	}
}

// TestCheckTerraformHCLFiles covers what concerns the files: a syntax
// error (reported with its place), names declared in two files,
// references across files, and names that are not Terraform files.
func TestCheckTerraformHCLFiles(t *testing.T) {
	files := tfHCLFixture(t)
	files["main.tf"] = []byte(strings.Replace(string(files["main.tf"]), "vpc_id = aws_vpc.main.id\n}", "vpc_id = aws_vpc.main.id +\n}", 1))
	got := CheckTerraformHCL(files)
	if len(got) != 1 || !strings.HasPrefix(got[0], "main.tf: main.tf:") || !strings.Contains(got[0], "Invalid expression") {
		t.Errorf("CheckTerraformHCL(main.tf with a syntax error) = %q; want one problem at main.tf:line,col", got)
	}

	files = tfHCLFixture(t)
	files["extra.tf.json"] = []byte(`{"resource": {"aws_vpc": {"main": {"cidr_block": "10.1.0.0/16"}}}}`)
	files["README.md"] = []byte("# not Terraform\n")
	delete(files, "variables.tf")
	want := []string{
		"README.md: not a Terraform file (want name.tf or name.tf.json)",
		"locals.name: reference to undeclared variable var.region",
		"provider.aws[0].region: reference to undeclared variable var.region",
		"resource.aws_default_network_acl.default.dynamic.ingress.for_each: reference to undeclared variable var.rules",
		"resource.aws_subnet.app.availability_zone: reference to undeclared variable var.azs",
		"resource.aws_subnet.app.count: reference to undeclared variable var.azs",
		"resource.aws_vpc.main: declared 2 times",
	}
	if got := CheckTerraformHCL(files); !reflect.DeepEqual(got, want) {
		t.Errorf("CheckTerraformHCL(two files declare aws_vpc.main, no variables.tf) = %q; want %q", got, want)
	}
}
