package exporttest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	hcljson "github.com/hashicorp/hcl/v2/json"
)

// tfSubsetTypes are the resource types the embedded subset must hold.
var tfSubsetTypes = []string{
	"aws_vpc", "aws_vpc_ipv4_cidr_block_association", "aws_vpc_ipv6_cidr_block_association",
	"aws_subnet", "aws_route_table", "aws_route", "aws_route_table_association",
	"aws_main_route_table_association", "aws_default_route_table",
	"aws_network_acl", "aws_network_acl_rule", "aws_network_acl_association", "aws_default_network_acl",
	"aws_security_group", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
	"aws_default_security_group", "aws_ec2_managed_prefix_list", "aws_ec2_managed_prefix_list_entry",
	"aws_internet_gateway", "aws_internet_gateway_attachment", "aws_egress_only_internet_gateway",
	"aws_eip", "aws_eip_association", "aws_nat_gateway",
	"aws_vpc_endpoint", "aws_vpc_endpoint_service",
	"aws_vpc_peering_connection", "aws_vpc_peering_connection_accepter",
	"aws_ec2_transit_gateway", "aws_ec2_transit_gateway_vpc_attachment", "aws_ec2_transit_gateway_route_table",
	"aws_ec2_transit_gateway_route_table_association", "aws_ec2_transit_gateway_route_table_propagation",
	"aws_ec2_transit_gateway_route",
	"aws_vpclattice_service_network", "aws_vpclattice_service_network_vpc_association",
	"aws_flow_log", "aws_instance", "aws_network_interface", "aws_network_interface_attachment",
	"aws_lb", "aws_db_instance", "aws_db_subnet_group", "aws_lambda_function",
	"aws_cloudwatch_log_group", "aws_iam_role", "aws_s3_bucket",
}

const (
	// tfSourceDirEnv names the directory holding the schema source (the
	// file below, from tfSourceRepo at tfSourceCommit, and its licence as
	// LICENSE.terraform-aws-schema), outside the repository; only
	// TestTerraformSubset -update reads it.
	tfSourceDirEnv = "VPCBOARD_TF_SCHEMA_DIR"
	tfSourceFile   = "aws-provider-v" + tfProviderVersion + ".schema.json.gz"
	tfSourceSHA256 = "412a0888d4b2d94b912f9425846d340d6da7bccc593a3f8d0596e0d876bf1c5c"
	tfSourceRepo   = "github.com/lonegunmanb/terraform-aws-schema"
	tfSourceCommit = "6812d62211f5dc84e446faf0ffc86523c0c209bb"
	tfUpdateCmd    = "go test ./internal/export/exporttest -run TestTerraformSubset -update"
)

// The -update flag may also be wanted by other tests of this package, so it
// is defined only if nobody has defined it, and read through flag.Lookup.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "regenerate embedded test data from the schema source in $"+tfSourceDirEnv)
	}
}

func tfUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// TestTerraformSubset checks the embedded schema subset holds exactly the
// listed types and that SOURCES.md and LICENSE are there. With -update it
// regenerates the subset, SOURCES.md and LICENSE from the schema source.
func TestTerraformSubset(t *testing.T) {
	dir := filepath.Join("schemas", "terraform")
	if tfUpdating() {
		tfWriteSubset(t, dir)
	}
	got := TerraformTypes()
	want := slices.Sorted(slices.Values(tfSubsetTypes))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TerraformTypes() = %v; want %v", got, want)
	}
	if v := TerraformProviderVersion(); v != "6.47.0" {
		t.Errorf("TerraformProviderVersion() = %q; want %q", v, "6.47.0")
	}
	sources, err := os.ReadFile(filepath.Join(dir, "SOURCES.md"))
	if err != nil {
		t.Fatal(err)
	}
	if string(sources) != tfSourcesMD() {
		t.Errorf("schemas/terraform/SOURCES.md is stale; run %s", tfUpdateCmd)
	}
	if license, err := os.ReadFile(filepath.Join(dir, "LICENSE")); err != nil || !bytes.Contains(license, []byte("MIT License")) {
		t.Errorf("schemas/terraform/LICENSE missing or not the MIT license text (err %v)", err)
	}
}

// tfSourceDir is the directory of the schema source, from the environment.
func tfSourceDir(t *testing.T) string {
	dir := os.Getenv(tfSourceDirEnv)
	if dir == "" {
		t.Fatalf("-update needs the schema source: set %s to the directory holding %s (%s at %s)", tfSourceDirEnv, tfSourceFile, tfSourceRepo, tfSourceCommit)
	}
	return dir
}

// tfWriteSubset extracts the listed resource schemas from the source file.
func tfWriteSubset(t *testing.T, dir string) {
	src, err := os.ReadFile(filepath.Join(tfSourceDir(t), tfSourceFile))
	if err != nil {
		t.Fatalf("-update needs the schema source: %v", err)
	}
	if sum := sha256.Sum256(src); hex.EncodeToString(sum[:]) != tfSourceSHA256 {
		t.Fatalf("%s: sha256 %x; want %s (a new source needs SOURCES.md and the constants updated)", tfSourceFile, sum, tfSourceSHA256)
	}
	zr, err := gzip.NewReader(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ProviderSchemas map[string]struct {
			ResourceSchemas map[string]json.RawMessage `json:"resource_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	all := doc.ProviderSchemas[tfProviderAddress].ResourceSchemas
	subset := map[string]any{}
	for _, typ := range tfSubsetTypes {
		rs, ok := all[typ]
		if !ok {
			t.Fatalf("%s: no resource schema %s", tfSourceFile, typ)
		}
		d := json.NewDecoder(bytes.NewReader(rs))
		d.UseNumber() // keep numbers as written
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatal(err)
		}
		subset[typ] = v
	}
	out := map[string]any{
		"format_version": "1.0",
		"provider_schemas": map[string]any{
			tfProviderAddress: map[string]any{"resource_schemas": subset},
		},
	}
	var js bytes.Buffer
	enc := json.NewEncoder(&js) // maps are written with sorted keys
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression) // no name, no mod time: deterministic
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(js.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := tfDecodeSchema(gz.Bytes()); err != nil {
		t.Fatalf("the new subset does not decode: %v", err)
	}
	license, err := os.ReadFile(filepath.Join(tfSourceDir(t), "LICENSE.terraform-aws-schema"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		filepath.Base(tfSubsetFile): gz.Bytes(),
		"SOURCES.md":                []byte(tfSourcesMD()),
		"LICENSE":                   license,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tfSubsetGz = gz.Bytes() // not reloaded if the schema was already loaded
	t.Logf("wrote %s: %d bytes (%d uncompressed); rebuild to embed it", tfSubsetFile, gz.Len(), js.Len())
}

// tfSourcesMD is the content of schemas/terraform/SOURCES.md.
func tfSourcesMD() string {
	var b strings.Builder
	fmt.Fprintf(&b, `# hashicorp/aws %s resource schemas (subset)

%s holds the resource schemas of %d
resource types of the Terraform AWS provider (hashicorp/aws %s), in the
layout of `+"`terraform providers schema -json`"+` (keys sorted, gzip-compressed).
CheckTerraform (tf.go) checks exported main.tf.json files against it.

## Origin

- taken from `+"`aws-provider-v%s.schema.json.gz`"+` (sha256 `+"`%s`"+`),
  the full provider schema, kept outside this repository;
- which was rebuilt from the public GitHub repository `+"`%s`"+`, tag
  `+"`v%s`"+` (commit `+"`%s`"+`, 2026-05-28). That repository keeps, for each
  hashicorp/aws release, the output of `+"`terraform providers schema -json`"+`
  split into one Go file per type, each holding the schema JSON verbatim as a
  string constant; the full file was rebuilt from those constants (parsed with
  go/parser, none of that repository's code built or run). No package
  registry reachable from this project ships the aws provider schema JSON.

The subset keeps each type's schema exactly as in the source (descriptions
included); only the other types, the data sources and the ephemeral
resources are left out. None of the types here is among the few very large
schemas the source lacks (aws_quicksight_*, aws_wafv2_*).

The provider block's own schema is not in that source; the provider
arguments CheckTerraform accepts are a hand-kept list in tf_check.go.

## License

The source repository is under the MIT License, Copyright (c) Microsoft
Corporation: see LICENSE beside this file. The schema describes the
HashiCorp Terraform AWS provider (hashicorp/terraform-provider-aws, MPL-2.0);
it is interface data (names and types of arguments), used here only to
validate configurations.

## Regenerate

From the repository root, with the schema source (%s at %s, and its LICENSE as
LICENSE.terraform-aws-schema) in the directory named by VPCBOARD_TF_SCHEMA_DIR:

    %s

The type list is tfSubsetTypes in tf_test.go; the output is deterministic
for a given Go release.

## Types

`, tfProviderVersion, "`"+filepath.Base(tfSubsetFile)+"`", len(tfSubsetTypes), tfProviderVersion,
		tfProviderVersion, tfSourceSHA256, tfSourceRepo, tfProviderVersion, tfSourceCommit, tfSourceRepo, tfSourceCommit, tfUpdateCmd)
	for _, typ := range slices.Sorted(slices.Values(tfSubsetTypes)) {
		fmt.Fprintf(&b, "- %s\n", typ)
	}
	return b.String()
}

// tfValidConfig is a small configuration terraform validate accepts.
const tfValidConfig = `{
  "//": "generated by vpcboard",
  "terraform": {
    "required_version": ">= 1.5.0",
    "required_providers": {
      "aws": {"source": "hashicorp/aws", "version": "~> 6.0"}
    }
  },
  "provider": {
    "aws": [
      {"region": "${var.region}", "default_tags": {"tags": {"Project": "demo"}}},
      {"alias": "west", "region": "us-west-2"}
    ]
  },
  "variable": {
    "region": {"type": "string", "default": "eu-west-1", "description": "AWS region"},
    "azs": {"type": "list(string)", "default": ["eu-west-1a", "eu-west-1b"]},
    "ports": {"type": "map(object({ from = number, to = optional(number, 0) }))", "default": {}}
  },
  "locals": {
    "name": "demo-${var.region}",
    "literal": "not $${interpolated}"
  },
  "resource": {
    "aws_vpc": {
      "main": {
        "//": "the VPC",
        "cidr_block": "10.0.0.0/16",
        "enable_dns_hostnames": true,
        "tags": {"Name": "${local.name}"}
      }
    },
    "aws_subnet": {
      "app-a": {
        "vpc_id": "${aws_vpc.main.id}",
        "cidr_block": "${cidrsubnet(aws_vpc.main.cidr_block, 8, 1)}",
        "availability_zone": "${var.azs[0]}",
        "map_public_ip_on_launch": "false",
        "tags": {"Name": "app-a"}
      }
    },
    "aws_route_table": {
      "app": {"vpc_id": "${aws_vpc.main.id}"}
    },
    "aws_route": {
      "default": {
        "route_table_id": "${aws_route_table.app.id}",
        "destination_cidr_block": "0.0.0.0/0",
        "gateway_id": "${aws_internet_gateway.igw.id}",
        "depends_on": ["aws_internet_gateway.igw"]
      }
    },
    "aws_internet_gateway": {
      "igw": {"vpc_id": "${aws_vpc.main.id}", "provider": "aws"}
    },
    "aws_default_route_table": {
      "main": {
        "default_route_table_id": "${aws_vpc.main.default_route_table_id}",
        "tags": {"Name": "main"}
      }
    },
    "aws_security_group": {
      "web": {
        "name": "web",
        "vpc_id": "${aws_vpc.main.id}",
        "egress": [{
          "cidr_blocks": ["0.0.0.0/0"], "description": null, "from_port": 0,
          "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "-1",
          "security_groups": [], "self": false, "to_port": 0
        }],
        "lifecycle": {"create_before_destroy": true, "ignore_changes": ["tags"]}
      }
    },
    "aws_vpc_security_group_ingress_rule": {
      "web_https": {
        "security_group_id": "${aws_security_group.web.id}",
        "ip_protocol": "tcp",
        "from_port": 443,
        "to_port": "443",
        "cidr_ipv4": "0.0.0.0/0",
        "provider": "aws.west"
      }
    },
    "aws_network_acl_rule": {
      "allow": {
        "for_each": "${toset(var.azs)}",
        "network_acl_id": "${aws_vpc.main.default_network_acl_id}",
        "rule_number": 100,
        "egress": false,
        "protocol": "-1",
        "rule_action": "allow",
        "cidr_block": "${[for az in var.azs : az][0] == each.key ? \"10.0.0.0/8\" : \"0.0.0.0/0\"}"
      }
    },
    "aws_vpc_endpoint": {
      "s3": {
        "vpc_id": "${aws_vpc.main.id}",
        "service_name": "com.amazonaws.${var.region}.s3",
        "route_table_ids": ["${aws_route_table.app.id}"],
        "dns_options": {"dns_record_ip_type": "ipv4"}
      }
    }
  },
  "output": {
    "vpc_id": {"value": "${aws_vpc.main.id}"},
    "subnet_arns": {"value": "${[for s in [aws_subnet.app-a] : s.arn]}"}
  }
}`

func TestCheckTerraformValid(t *testing.T) {
	if got := CheckTerraform([]byte(tfValidConfig)); got != nil {
		t.Errorf("CheckTerraform(valid) = %q; want nil", got)
	}
}

// tfConfig wraps top-level members in a configuration with a valid
// terraform block.
func tfConfig(members ...string) string {
	s := `{"terraform": {"required_providers": {"aws": {"source": "hashicorp/aws", "version": ">= 6.0, < 7.0"}}}`
	for _, m := range members {
		s += ",\n" + m
	}
	return s + "}"
}

const tfVPC = `"aws_vpc": {"main": {"cidr_block": "10.0.0.0/16"}}`

func TestCheckTerraform(t *testing.T) {
	tests := []struct {
		name   string
		config string
		want   []string
	}{
		{
			name:   "unknown resource type",
			config: tfConfig(`"resource": {"aws_vpcx": {"main": {"cidr_block": "10.0.0.0/16"}}}`),
			want:   []string{"resource.aws_vpcx: unknown resource type (not in the embedded hashicorp/aws 6.47.0 schema subset)"},
		},
		{
			name:   "unknown argument",
			config: tfConfig(`"resource": {"aws_vpc": {"main": {"cidr_block": "10.0.0.0/16", "cidr": "10.0.0.0/16"}}}`),
			want:   []string{`resource.aws_vpc.main.cidr: unknown argument (aws_vpc has no argument or block "cidr")`},
		},
		{
			name:   "computed-only argument set",
			config: tfConfig(`"resource": {"aws_vpc": {"main": {"cidr_block": "10.0.0.0/16", "arn": "arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1"}}}`),
			want:   []string{"resource.aws_vpc.main.arn: computed-only attribute, set by the provider; it cannot be set in configuration"},
		},
		{
			name:   "missing required argument",
			config: tfConfig(`"resource": {"aws_subnet": {"app-a": {"cidr_block": "10.0.1.0/24"}}}`),
			want:   []string{"resource.aws_subnet.app-a.vpc_id: missing required argument"},
		},
		{
			name:   "wrong type",
			config: tfConfig(`"resource": {` + tfVPC + `, "aws_subnet": {"app-a": {"vpc_id": "${aws_vpc.main.id}", "cidr_block": ["10.0.1.0/24"]}}}`),
			want:   []string{"resource.aws_subnet.app-a.cidr_block: want string, got list"},
		},
		{
			name:   "reference to an undeclared resource",
			config: tfConfig(`"resource": {` + tfVPC + `, "aws_subnet": {"app-a": {"vpc_id": "${aws_vpc.other.id}", "cidr_block": "10.0.1.0/24"}}}`),
			want:   []string{"resource.aws_subnet.app-a.vpc_id: reference to undeclared resource aws_vpc.other"},
		},
		{
			name:   "reference to an attribute the type lacks",
			config: tfConfig(`"resource": {` + tfVPC + `, "aws_subnet": {"app-a": {"vpc_id": "${aws_vpc.main.vpc_id}", "cidr_block": "10.0.1.0/24"}}}`),
			want:   []string{`resource.aws_subnet.app-a.vpc_id: reference aws_vpc.main.vpc_id: aws_vpc has no attribute "vpc_id"`},
		},
		{
			name:   "undeclared variable",
			config: tfConfig(`"resource": {"aws_vpc": {"main": {"cidr_block": "${var.vpc_cidr}"}}}`),
			want:   []string{"resource.aws_vpc.main.cidr_block: reference to undeclared variable var.vpc_cidr"},
		},
		{
			name:   "bad resource name",
			config: tfConfig(`"resource": {"aws_vpc": {"1main": {"cidr_block": "10.0.0.0/16"}}}`),
			want:   []string{`resource.aws_vpc["1main"]: invalid resource name "1main" (want ^[a-zA-Z_][a-zA-Z0-9_-]*$)`},
		},
		{
			name: "unknown provider alias",
			config: tfConfig(`"provider": {"aws": [{"region": "eu-west-1"}, {"alias": "west", "region": "us-west-2"}]}`,
				`"resource": {"aws_vpc": {"main": {"cidr_block": "10.0.0.0/16", "provider": "aws.east"}}}`),
			want: []string{`resource.aws_vpc.main.provider: no provider "aws" block has alias "east"`},
		},
		{
			name:   "deprecated argument",
			config: tfConfig(`"resource": {"aws_iam_role": {"flow_logs": {"assume_role_policy": "{}", "managed_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}}}`),
			want:   []string{"deprecated: resource.aws_iam_role.flow_logs.managed_policy_arns: argument is deprecated in hashicorp/aws 6.47.0"},
		},
		{
			name: "bad nested block",
			config: tfConfig(`"resource": {` + tfVPC + `, "aws_vpc_endpoint": {"s3": {"vpc_id": "${aws_vpc.main.id}", "service_name": "com.amazonaws.eu-west-1.s3",
				"dns_options": [{"dns_record_ip_type": "ipv4"}, {"dns_record_ip_type": "dualstack"}]}}}`),
			want: []string{"resource.aws_vpc_endpoint.s3.dns_options: too many blocks: 2, at most 1 allowed"},
		},
		{
			name:   "duplicated key",
			config: tfConfig(`"resource": {"aws_vpc": {"main": {"cidr_block": "10.0.0.0/16", "cidr_block": "10.1.0.0/16"}}}`),
			want:   []string{`resource.aws_vpc.main.cidr_block: duplicate argument`},
		},
		{
			name:   "missing required_providers",
			config: `{"resource": {` + tfVPC + `}}`,
			want:   []string{`terraform.required_providers.aws: missing (want {"source": "hashicorp/aws", "version": "<constraint that 6.47.0 satisfies>"})`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckTerraform([]byte(tt.config)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CheckTerraform(%s) = %q; want %q", tt.config, got, tt.want)
			}
		})
	}
}

// TestCheckTerraformOther covers the checks beyond one-per-kind above.
func TestCheckTerraformOther(t *testing.T) {
	tests := []struct {
		name   string
		config string
		want   []string
	}{
		{
			name:   "not JSON",
			config: `{"resource": {}`,
			want:   []string{"invalid JSON: main.tf.json:1,1-2: Unclosed object; No closing brace was found for this JSON object."},
		},
		{
			name:   "version constraint the schema version does not satisfy",
			config: `{"terraform": {"required_providers": {"aws": {"source": "hashicorp/aws", "version": "~> 5.0"}}}}`,
			want:   []string{`terraform.required_providers.aws.version: constraint "~> 5.0" does not allow 6.47.0, the version the schema is from`},
		},
		{
			name:   "wrong provider source",
			config: `{"terraform": {"required_providers": {"aws": {"source": "example/aws", "version": "6.47.0"}}}}`,
			want:   []string{`terraform.required_providers.aws.source: want "hashicorp/aws", got "example/aws"`},
		},
		{
			name: "provider arguments",
			config: tfConfig(`"provider": {"aws": [{"region": "eu-west-1", "profile": "dev"}, {"alias": "a", "assume_role": {"session_name": "s"}},
				{"alias": "a"}, {"region": "us-east-1"}], "google": {}}`),
			want: []string{
				"provider.aws: 2 default configurations (blocks without alias); at most one is allowed",
				`provider.aws[0].profile: unknown or unchecked provider argument (the checker accepts only "alias", "allowed_account_ids", "assume_role", "default_tags", "region")`,
				"provider.aws[1].assume_role.role_arn: missing",
				`provider.aws[2].alias: duplicate alias "a"`,
				"provider.google: unknown provider (this checker knows only aws)",
			},
		},
		{
			name: "variables and outputs",
			config: tfConfig(`"variable": {"count": {}, "cidr": {"type": "lst(string)", "default": "${var.other}", "secret": true}}`,
				`"output": {"vpc": {"description": "no value"}}`),
			want: []string{
				`output.vpc.value: missing`,
				`variable.cidr.default: must be a literal value, without interpolation (write $${ for a literal ${)`,
				`variable.cidr.secret: unknown argument of a variable (want type, default, description, sensitive, nullable, ephemeral or validation)`,
				`variable.cidr.type: invalid type constraint: Invalid type specification: Keyword "lst" is not a valid type constructor.`,
				`variable.count: variable name "count" is reserved`,
			},
		},
		{
			name: "expressions hclsyntax rejects",
			config: tfConfig(`"variable": {"x": {}}`, `"resource": {"aws_vpc": {"main": {"cidr_block": "${var.x +}",
				"tags": {"a": "${cidrsub(\"10.0.0.0/16\", 8, 1)}", "b": "${(var.x}", "c": "${var.x}"}}}}`),
			want: []string{
				"resource.aws_vpc.main.cidr_block: Invalid expression: Expected the start of an expression, but found an invalid expression token.",
				`resource.aws_vpc.main.tags.a: Call to unknown function: There is no function named "cidrsub".`,
				"resource.aws_vpc.main.tags.b: Unbalanced parentheses: Expected a closing parenthesis to terminate the expression.",
			},
		},
		{
			name:   "required_version that is no constraint",
			config: `{"terraform": {"required_version": ">= one", "required_providers": {"aws": {"source": "hashicorp/aws", "version": "6.47.0"}}}}`,
			want:   []string{`terraform.required_version: invalid version constraint: malformed constraint: >= one`},
		},
		{
			name:   "aws_eip.vpc was removed in 6.0",
			config: tfConfig(`"resource": {"aws_eip": {"nat": {"vpc": true}}}`),
			want:   []string{`resource.aws_eip.nat.vpc: unknown argument (aws_eip has no argument or block "vpc")`},
		},
		{
			name: "object-typed attribute needs every attribute",
			config: tfConfig(`"resource": {` + tfVPC + `, "aws_security_group": {"web": {"vpc_id": "${aws_vpc.main.id}",
				"ingress": [{"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"], "description": null,
				"ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": [], "ports": 1}]}}}`),
			want: []string{
				`resource.aws_security_group.web.ingress: want set of object: element 0: attribute "self" is required`,
				"resource.aws_security_group.web.ingress[0].ports: unknown attribute of the object type (Terraform would drop it silently)",
			},
		},
		{
			name: "meta-arguments",
			config: tfConfig(`"resource": {` + tfVPC + `, "aws_subnet": {"a": {"vpc_id": "${aws_vpc.main.id}", "count": 2, "for_each": ["x"],
				"depends_on": ["${aws_vpc.main}", "aws_vpc.other", "aws_vpc.main"], "provider": "google",
				"lifecycle": {"ignore_changes": ["tags", "cidr"], "prevent_destroy": "yes"}}}}`),
			want: []string{
				`resource.aws_subnet.a.depends_on[0]: want a bare reference such as "aws_vpc.main", not an expression or template`,
				"resource.aws_subnet.a.depends_on[1]: reference to undeclared resource aws_vpc.other",
				`resource.aws_subnet.a.for_each: want a map or set of strings, got list (a JSON array is a tuple: write "${toset([...])}")`,
				`resource.aws_subnet.a.lifecycle.ignore_changes[1]: "cidr" is not an argument of this resource type`,
				`resource.aws_subnet.a.lifecycle.prevent_destroy: want bool, got string "yes"`,
				`resource.aws_subnet.a.provider: unknown provider "google" (want aws or aws.<alias>)`,
				"resource.aws_subnet.a: count and for_each may not both be set",
			},
		},
		{
			name: "templates",
			config: tfConfig(`"variable": {"env": {}}`, `"resource": {"aws_vpc": {"main": {"cidr_block": "${var.cidr",
				"tags": {"a": "$${var.literal}", "b": "${upper(\"${var.zone}\")}", "c": "%{ for t in var.tiers }${t}-${var.env}%{ endfor }",
				"d": "${local.name}-${data.aws_region.current.name}", "e": "${module.net.id}"}}}}`),
			want: []string{
				"resource.aws_vpc.main.cidr_block: Unclosed template interpolation sequence: There is no closing brace for this interpolation sequence before the end of the file. This might be caused by incorrect nesting inside the given expression.",
				"resource.aws_vpc.main.tags.b: reference to undeclared variable var.zone",
				"resource.aws_vpc.main.tags.c: reference to undeclared variable var.tiers",
				"resource.aws_vpc.main.tags.d: reference to undeclared data source data.aws_region.current",
				"resource.aws_vpc.main.tags.d: reference to undeclared local value local.name",
				"resource.aws_vpc.main.tags.e: reference to undeclared module module.net",
			},
		},
		{
			name: "reference paths through blocks and objects",
			config: tfConfig(`"resource": {"aws_instance": {"web": {"ami": "ami-12345678"}}, "aws_eip": {"web": {"instance": "${aws_instance.web.id}", "tags": {
				"ok1": "${aws_instance.web.root_block_device[0].volume_id}", "ok2": "${aws_instance.web.ebs_block_device[*].volume_id}",
				"ok3": "${aws_instance.web.tags.Name}", "bad1": "${aws_instance.web.root_block_device[0].volume}", "bad2": "${aws_instance.web.public_ipv4}"}}}}`),
			want: []string{
				`resource.aws_eip.web.tags.bad1: reference aws_instance.web.root_block_device[0].volume: aws_instance.root_block_device has no attribute "volume"`,
				`resource.aws_eip.web.tags.bad2: reference aws_instance.web.public_ipv4: aws_instance has no attribute "public_ipv4"`,
			},
		},
		{
			name: "nested block arguments and values",
			config: tfConfig(`"resource": {"aws_default_network_acl": {"default": {"default_network_acl_id": "acl-1",
				"ingress": [{"protocol": "-1", "rule_no": 100, "action": "allow", "from_port": 0, "to_port": 0, "cidr_block": "0.0.0.0/0"}, {"protocol": "-1", "rule_no": "one"}],
				"egress": "all"}}}`),
			want: []string{
				`resource.aws_default_network_acl.default.egress: Incorrect JSON value type: Either a JSON object or a JSON array is required, representing the contents of one or more "egress" blocks.`,
				"resource.aws_default_network_acl.default.ingress[1].action: missing required argument",
				"resource.aws_default_network_acl.default.ingress[1].from_port: missing required argument",
				`resource.aws_default_network_acl.default.ingress[1].rule_no: want number, got string "one"`,
				"resource.aws_default_network_acl.default.ingress[1].to_port: missing required argument",
			},
		},
		{
			name:   "min_items of a nested block",
			config: tfConfig(`"resource": {"aws_lambda_function": {"f": {"function_name": "f", "role": "arn:aws:iam::111122223333:role/f", "capacity_provider_config": {}}}}`),
			want:   []string{"resource.aws_lambda_function.f.capacity_provider_config.lambda_managed_instances_capacity_provider_config: missing required block (at least 1)"},
		},
		{
			name:   "deprecated block",
			config: tfConfig(`"resource": {"aws_s3_bucket": {"logs": {"bucket": "logs", "versioning": {"enabled": true}}}}`),
			want:   []string{"deprecated: resource.aws_s3_bucket.logs.versioning: block is deprecated in hashicorp/aws 6.47.0"},
		},
		{
			name:   "resource declared twice",
			config: tfConfig(`"resource": [{` + tfVPC + `}, {` + tfVPC + `}]`),
			want:   []string{"resource.aws_vpc.main: declared 2 times"},
		},
		{
			// hcl ignores "//" in a body, whatever its value, but a
			// "//" among the labels is a label, whose value is no block.
			name: "comments and unknown top-level keys",
			config: tfConfig(`"//": "ok", "resource": {"aws_vpc": {"main": {"//": 1, "cidr_block": "10.0.0.0/16"}}, "aws_subnet": {"//": "no"}}`,
				`"resources": {}`),
			want: []string{
				`resource: Incorrect JSON value type: Either a JSON object or a JSON array is required, representing the contents of one or more "resource" blocks.`,
				"resources: unknown top-level block type",
			},
		},
		{
			name: "a dynamic block binds its iterator",
			config: tfConfig(`"variable": {"rules": {"type": "list(object({ port = number }))"}}`,
				`"resource": {"aws_default_network_acl": {"default": {"default_network_acl_id": "acl-1", "dynamic": {
				"ingress": {"for_each": "${var.rules}", "iterator": "rule", "content": {"protocol": "tcp", "rule_no": 100, "action": "allow",
				"from_port": "${rule.value.port}", "to_port": "${rule.value.port}"}}, "nope": {"for_each": "${var.rules}", "content": {}}}}}}`),
			want: []string{
				`resource.aws_default_network_acl.default.dynamic.nope: aws_default_network_acl has no nested block "nope"`,
			},
		},
		{
			name:   "moved and import",
			config: tfConfig(`"resource": {`+tfVPC+`}`, `"moved": [{"from": "aws_vpc.old", "to": "aws_vpc.main"}, {"from": "aws_vpc.x", "to": "aws_vpc.y"}]`, `"import": {"to": "aws_vpc.main", "id": "vpc-0123"}`),
			want:   []string{"moved[1].to: reference to undeclared resource aws_vpc.y"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckTerraform([]byte(tt.config)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CheckTerraform(%s) = %q; want %q", tt.config, got, tt.want)
			}
		})
	}
}

// TestCheckTerraformDeterministic checks the result does not depend on map
// order: the same input gives the same, sorted, deduplicated problems.
func TestCheckTerraformDeterministic(t *testing.T) {
	config := []byte(tfConfig(`"resource": {"aws_subnet": {"a": {"cidr_block": ["x"], "arn": "x", "foo": 1, "tags": {"x": "${var.a}", "y": "${var.a}"}},
		"b": {"cidr_block": "${var.a}", "bar": 2}}}`))
	first := CheckTerraform(config)
	if !slices.IsSorted(first) || len(slices.Compact(slices.Clone(first))) != len(first) {
		t.Fatalf("CheckTerraform(...) = %q; want sorted and deduplicated", first)
	}
	for range 20 {
		if got := CheckTerraform(config); !reflect.DeepEqual(got, first) {
			t.Fatalf("CheckTerraform(...) = %q; want %q (same as the first run)", got, first)
		}
	}
}

// TestTFVersionMatches checks the provider version constraints as
// hashicorp/go-version reads them.
func TestTFVersionMatches(t *testing.T) {
	tests := []struct {
		constraint string
		want       bool
		wantErr    bool
	}{
		{"6.47.0", true, false},
		{"= 6.47.0", true, false},
		{"=6.47", true, false}, // missing parts are zero: = 6.47.0
		{"!= 6.47.0", false, false},
		{"~> 6.0", true, false},
		{"~> 6.47.0", true, false},
		{"~> 6.46.0", false, false},
		{"~> 5.0", false, false},
		{">= 6.0, < 7.0", true, false},
		{">= 5.0,< 6.0", false, false},
		{"> 6.47.0", false, false},
		{"<= 6.47.0", true, false},
		{">=6.47.1", false, false},
		{"~> 6.0.0-beta1", false, false},
		{"", false, true},
		{">=", false, true},
		{"~> six", false, true},
	}
	for _, tt := range tests {
		got, err := tfVersionMatches(tt.constraint)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("tfVersionMatches(%q) = %v, %v; want %v, error %v", tt.constraint, got, err, tt.want, tt.wantErr)
		}
	}
}

// TestCheckTerraformNestedType covers attributes with a nested_type, which
// none of the embedded types has in 6.47.0, against a made-up schema.
func TestCheckTerraformNestedType(t *testing.T) {
	schema, err := tfTestSchema(`{"aws_fake": {"version": 0, "block": {"attributes": {
		"id": {"type": "string", "computed": true},
		"one": {"nested_type": {"nesting_mode": "single", "attributes": {
			"name": {"type": "string", "required": true}, "size": {"type": "number", "optional": true}}}, "optional": true},
		"many": {"nested_type": {"nesting_mode": "list", "max_items": 2, "attributes": {
			"name": {"type": "string", "required": true}, "arn": {"type": "string", "computed": true}}}, "optional": true},
		"anything": {"type": "dynamic", "optional": true}}}}}`)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"valid", `{"one": {"name": "a", "size": "2"}, "many": [{"name": "b"}], "anything": [1, {"a": true}]}`, nil},
		{"pure template", `{"one": "${var.one}", "many": "${var.many}"}`, []string{
			"resource.aws_fake.x.many: reference to undeclared variable var.many",
			"resource.aws_fake.x.one: reference to undeclared variable var.one",
		}},
		{"problems", `{"one": {"size": true, "colour": "red"}, "many": [{"name": "b", "arn": "x"}, {"name": "c"}, {"name": "d"}]}`, []string{
			"resource.aws_fake.x.many: too many elements: 3, at most 2 allowed",
			"resource.aws_fake.x.many[0].arn: computed-only attribute, set by the provider; it cannot be set in configuration",
			"resource.aws_fake.x.one.colour: unknown attribute",
			"resource.aws_fake.x.one.name: missing required attribute",
			"resource.aws_fake.x.one.size: want number, got bool",
		}},
		{"wrong shape", `{"one": ["a"], "many": {"name": "b"}}`, []string{
			"resource.aws_fake.x.many: want list of objects, got object",
			"resource.aws_fake.x.one: want object, got list",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			config := tfConfig(`"resource": {"aws_fake": {"x": ` + tt.body + `}}`)
			f, diags := hcljson.Parse([]byte(config), "main.tf.json")
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if got := tfCheck(schema, f.Body, nil); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CheckTerraform(%s) = %q; want %q", tt.body, got, tt.want)
			}
		})
	}
}

// tfTestSchema builds a schema from resource schemas in the provider JSON layout.
func tfTestSchema(resources string) (*tfSchema, error) {
	doc := `{"format_version": "1.0", "provider_schemas": {"` + tfProviderAddress + `": {"resource_schemas": ` + resources + `}}}`
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	if _, err := zw.Write([]byte(doc)); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return tfDecodeSchema(gz.Bytes())
}

// FuzzCheckTerraform checks CheckTerraform does not panic and stays
// deterministic on arbitrary input.
func FuzzCheckTerraform(f *testing.F) {
	f.Add([]byte(tfValidConfig))
	f.Add([]byte(tfConfig(`"resource": {"aws_instance": {"web": {"ami": "${aws_x.y[\"${var.z}\"].a.*.b}", "root_block_device": [{"tags": {"${k}": "%{ for a, b in c }${a}%{ endfor }"}}]}}}`)))
	f.Add([]byte(`{"resource": [{"aws_vpc": [{"a": [{"dynamic": {"x": {"content": []}}}]}]}]}`))
	f.Fuzz(func(t *testing.T, config []byte) {
		first := CheckTerraform(config)
		if !slices.IsSorted(first) {
			t.Fatalf("CheckTerraform(%q) = %q; want sorted", config, first)
		}
		if again := CheckTerraform(config); !reflect.DeepEqual(again, first) {
			t.Fatalf("CheckTerraform(%q) = %q, then %q; want the same", config, first, again)
		}
	})
}
