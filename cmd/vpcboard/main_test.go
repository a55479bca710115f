package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// vpcboard runs the CLI in-process and returns its exit code and output.
func vpcboard(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const overlapping = `{"format": 1, "region": "us-east-1",
  "vpcs": {"v": {"cidr": "10.1.0.0/16"}},
  "route_tables": {"v.main-rtb": {"vpc": "v", "main": true}},
  "network_acls": {"v.default-nacl": {"vpc": "v", "default": true,
    "inbound": [{"number": 100, "protocol": "all", "cidr": "0.0.0.0/0", "action": "allow"}],
    "outbound": [{"number": 100, "protocol": "all", "cidr": "0.0.0.0/0", "action": "allow"}]}},
  "subnets": {
    "app-a": {"vpc": "v", "az": "us-east-1a", "cidr": "10.1.1.0/24"},
    "app-b": {"vpc": "v", "az": "us-east-1b", "cidr": "10.1.1.128/25"}
  }
}`

func TestValidateExamplesAreClean(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.json")
	if len(files) != 3 {
		t.Fatalf("examples: %d files; want 3", len(files))
	}
	for _, f := range files {
		code, out, errOut := vpcboard(t, "validate", f)
		if code != exitOK || !strings.Contains(out, " 0 errors") {
			t.Errorf("validate %s = exit %d\n%s%s; want exit 0 and no errors", f, code, out, errOut)
		}
	}
}

func TestValidateJSONFindings(t *testing.T) {
	p := writeFile(t, "overlap.json", overlapping)
	code, out, errOut := vpcboard(t, "validate", "--format", "json", p)
	if code != exitFindings {
		t.Fatalf("validate overlap = exit %d (%s); want %d", code, errOut, exitFindings)
	}
	var got struct {
		Findings []struct {
			File, Severity, Code, Message, Path string
			Resources                           []string
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	found := false
	for _, f := range got.Findings {
		if f.Code == "subnet.overlap" {
			found = true
			if f.Severity != "error" || f.File != p || strings.Join(f.Resources, ",") != "app-a,app-b" ||
				f.Message != "subnet `app-a` 10.1.1.0/24 overlaps `app-b` 10.1.1.128/25" {
				t.Errorf("subnet.overlap finding = %+v", f)
			}
		}
	}
	if !found {
		t.Errorf("no subnet.overlap finding in %s", out)
	}
}

func TestValidateBadInput(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.json")
	fh, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := fh.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	tests := []struct {
		name, file string
		code       int
		want       string
	}{
		{"truncated", writeFile(t, "t.json", `{"format": 1, "vpcs": {"v": {"cidr": "10.`), exitInput, "t.json: line 1, column 42: unexpected end of input (truncated file?)"},
		{"wrong type", writeFile(t, "w.json", "{\"format\": 1,\n\"vpcs\": {\"v\": {\"cidr\": 10}}}"), exitInput, "w.json: line 2, column 26: vpcs.v.cidr: got JSON number, want a string"},
		{"missing file", filepath.Join(t.TempDir(), "nope.json"), exitInput, "no such file"},
		{"50 MB", big, exitInput, "big.json: larger than the 16 MiB limit"},
		{"bad yaml", writeFile(t, "b.yaml", "Resources:\n  VPC:\n    Type: AWS::EC2::VPC\n    Properties: [unclosed\n"), exitInput, "b.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := vpcboard(t, "validate", tt.file)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("validate %s = exit %d, stderr %q, stdout %q; want exit %d and stderr containing %q", tt.name, code, errOut, out, tt.code, tt.want)
			}
		})
	}
}

func TestValidateFindsStructuralProblemsInFiles(t *testing.T) {
	p := writeFile(t, "bad.json", `{"format": 1, "region": "us-east-1",
  "vpcs": {"v": {"cidr": "10.0.0.0/33"}},
  "subnets": {"s": {"vpc": "gone", "az": "us-east-1a", "cidr": "10.0.0.0/24"}}}`)
	code, out, _ := vpcboard(t, "validate", p)
	if code != exitFindings {
		t.Errorf("exit %d; want %d", code, exitFindings)
	}
	for _, want := range []string{
		`error cidr.invalid vpc[v].cidr: vpc ` + "`v`" + ` "10.0.0.0/33" is not a CIDR block`,
		`error design.ref-missing subnet[s].vpc: subnet ` + "`s`" + `: no vpc with id "gone"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},
		{"validate"},
		{"validate", "--format", "xml", "x.json"},
		{"validate", "--quota", "subnets=5", "../../examples/three-tier.json"},
		{"validate", "--param", "novalue", "../../examples/three-tier.json"},
		{"plan", "../../examples/three-tier.json"},
		{"plan", "../../examples/three-tier.json", "--vpc", "web-vpc", "--size", "33"},
	} {
		if code, _, errOut := vpcboard(t, args...); code != exitInput || errOut == "" {
			t.Errorf("vpcboard %v = exit %d, stderr %q; want exit 2 with a message", args, code, errOut)
		}
	}
}

func TestQuotaOverride(t *testing.T) {
	_, out, _ := vpcboard(t, "validate", "--quota", "subnets_per_vpc=3", "../../examples/three-tier.json")
	if !strings.Contains(out, "quota.subnets") {
		t.Errorf("with subnets_per_vpc=3, no quota.subnets finding:\n%s", out)
	}
}

func TestRules(t *testing.T) {
	code, out, _ := vpcboard(t, "rules")
	if code != exitOK || !strings.Contains(out, "subnet.overlap") || !strings.Contains(out, "peering.transitive") {
		t.Errorf("rules = exit %d\n%s", code, out)
	}
	_, out, _ = vpcboard(t, "rules", "--format", "json")
	var got struct {
		Rules []struct{ Code, Severity string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Rules) < 60 {
		t.Errorf("rules --format json: %v, %d rules", err, len(got.Rules))
	}
}

func TestPlan(t *testing.T) {
	code, out, errOut := vpcboard(t, "plan", "../../examples/three-tier.json", "--vpc", "web-vpc", "--size", "24", "--az", "us-east-1c")
	if code != exitOK || !strings.Contains(out, "next /24: 10.0.2.0/24") {
		t.Errorf("plan = exit %d\n%s%s; want next /24: 10.0.2.0/24", code, out, errOut)
	}
	code, _, errOut = vpcboard(t, "plan", "../../examples/three-tier.json", "--vpc", "nope", "--size", "24")
	if code != exitInput || !strings.Contains(errOut, "nope") {
		t.Errorf("plan --vpc nope = exit %d, %q", code, errOut)
	}
}

func TestTrace(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--from", "app-1", "--to", "db", "--port", "5432"}, exitOK, "app-1 -> db tcp 5432: reachable"},
		{[]string{"--from", "internet", "--to", "app-1", "--port", "8080"}, exitUnreachable, "blocked at sg-ingress app-sg"},
		{[]string{"--from", "app-1", "--to", "nope"}, exitInput, `--to "nope"`},
		{[]string{"--from", "app-1", "--to", "db", "--port", "70000"}, exitInput, "--port 70000"},
		{[]string{"--from", "app-1", "--to", "db", "--protocol", "tcpp"}, exitInput, `"tcpp" is not a protocol`},
	}
	for _, tt := range tests {
		args := append([]string{"trace", "../../examples/three-tier.json"}, tt.args...)
		code, out, errOut := vpcboard(t, args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("vpcboard %v = exit %d\n%s%s\nwant exit %d and %q", args, code, out, errOut, tt.code, tt.want)
		}
	}
	code, out, _ := vpcboard(t, "trace", "../../examples/three-tier.json", "--from", "app-1", "--to", "db", "--port", "5432", "--format", "json")
	var res struct {
		Verdict string
		Forward []struct{ Kind, Resource, Rule, Decision string }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != exitOK || res.Verdict != "reachable" || len(res.Forward) == 0 || res.Forward[0].Kind != "sg-egress" {
		t.Errorf("trace --format json = exit %d, %v, %+v", code, err, res)
	}
}

func TestTraceUnknown(t *testing.T) {
	code, out, errOut := vpcboard(t, "trace", "--from", "EC2SubnetA", "--to", "internet", "--port", "443",
		"../../internal/importer/testdata/corpus/nfw-samples-tgw-inspection-vpc-network-firewall-1az.yaml")
	if code != exitUnknown || !strings.Contains(out, ": unknown") {
		t.Errorf("trace through a firewall endpoint = exit %d\n%s%s; want exit 3, unknown", code, out, errOut)
	}
}

func TestTraceFlowLogs(t *testing.T) {
	code, out, errOut := vpcboard(t, "trace", "../../examples/three-tier.json", "--from", "app-1", "--to", "db", "--port", "5432", "--flow-logs")
	if code != exitOK || !strings.Contains(out, "flow logs:") || !strings.Contains(out, "eni-app-1 10.0.10.10 10.0.20.10 49152 5432 6 ") || !strings.Contains(out, " ACCEPT OK") {
		t.Errorf("trace --flow-logs = exit %d\n%s%s", code, out, errOut)
	}
}

func TestMatrix(t *testing.T) {
	code, out, errOut := vpcboard(t, "matrix", "../../examples/three-tier.json")
	if code != exitOK || !strings.Contains(out, "app-1 -> db: tcp 5432") {
		t.Errorf("matrix = exit %d\n%s%s; want app-1 -> db: tcp 5432", code, out, errOut)
	}
	_, out, _ = vpcboard(t, "matrix", "--format", "csv", "../../examples/three-tier.json")
	if !strings.HasPrefix(out, "from,to,allowed,unknown\n") {
		t.Errorf("matrix --format csv starts %q", out[:min(len(out), 40)])
	}
	_, out, _ = vpcboard(t, "matrix", "--format", "json", "../../examples/three-tier.json")
	var m struct {
		Pairs []struct{ From, To, Allowed string }
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil || len(m.Pairs) == 0 {
		t.Errorf("matrix --format json: %v, %d pairs", err, len(m.Pairs))
	}
}

// vpcboard diff exits 1 when the new version opens a path from the
// internet (the CI gate), 0 when it does not, 2 on bad input; --format
// json carries the same.
func TestDiffGate(t *testing.T) {
	old := "../../examples/three-tier.json"
	data, err := os.ReadFile(old)
	if err != nil {
		t.Fatal(err)
	}
	ssh := strings.Replace(string(data), `"description": "HTTPS"
        }
      ],`, `"description": "HTTPS"
        },
        {"protocol": "tcp", "ports": {"from": 22, "to": 22}, "cidr": "0.0.0.0/0"}
      ],`, 1)
	if ssh == string(data) {
		t.Fatal("the example changed: the test's edit does not apply")
	}
	opened := writeFile(t, "opened.json", ssh)
	var out, errOut strings.Builder
	if code := run([]string{"diff", old, opened}, &out, &errOut); code != 1 || !strings.Contains(out.String(), "now allows tcp 22 from the internet to `web-alb`") {
		t.Errorf("diff that opens SSH = exit %d\n%s%s; want 1 and the opened path", code, out.String(), errOut.String())
	}
	out.Reset()
	if code := run([]string{"diff", opened, old, "--format", "json"}, &out, &errOut); code != 0 {
		t.Errorf("diff that closes it = exit %d; want 0", code)
	}
	var d struct {
		Opens bool                                `json:"opens_from_internet"`
		Reach []struct{ From, To, Closed string } `json:"reachability"`
	}
	if err := json.Unmarshal([]byte(out.String()), &d); err != nil || d.Opens || len(d.Reach) == 0 {
		t.Errorf("diff --format json = %v %s", err, out.String())
	}
	if code := run([]string{"diff", old}, &out, &errOut); code != 2 {
		t.Errorf("diff with one file = exit %d; want 2", code)
	}
	if code := run([]string{"diff", old, old}, &out, &errOut); code != 0 {
		t.Errorf("diff of a file with itself = exit %d; want 0", code)
	}
}

// TestTraceAWSSemanticsSecondPass checks the exit status of traces over
// the templates of issue 16 ("AWS semantics, second pass").
func TestTraceAWSSemanticsSecondPass(t *testing.T) {
	tests := []struct {
		file string
		args []string
		code int
		want string
	}{
		{"01-egress-only-igw.yaml", []string{"--from", "::/0", "--to", "Web", "--port", "443"}, exitUnreachable, "egress-only internet gateway `Eigw`"},
		{"02-public-ip.yaml", []string{"--from", "internet", "--to", "NoPublicIp", "--port", "443"}, exitUnreachable, "no public address"},
		{"03-tgw-nacl-same-subnet.yaml", []string{"--from", "Client", "--to", "Server", "--port", "443"}, exitUnreachable, "blocked at nacl-inbound AclB"},
		{"04-ingress-appliance.yaml", []string{"--from", "internet", "--to", "Db", "--port", "443"}, exitUnreachable, "source/destination check of workload `Strict`"},
		{"04-ingress-appliance.yaml", []string{"--from", "internet", "--to", "Web", "--port", "443"}, exitUnknown, "middlebox `Box`"},
		{"04-ingress-firewall.yaml", []string{"--from", "internet", "--to", "Web", "--port", "443"}, exitUnknown, "AWS Network Firewall `Firewall`"},
		{"05-nat-instance.yaml", []string{"--from", "App", "--to", "internet", "--port", "443"}, exitUnknown, "NAT instance `NatInstance`"},
		{"06-unknown-tgw-attachment.yaml", []string{"--from", "Host", "--to", "192.168.1.10", "--port", "443"}, exitUnknown, "is not in the design"},
		{"07-tgw-sg-referencing.yaml", []string{"--from", "Client", "--to", "Server", "--port", "443"}, exitOK, "security group referencing on"},
		{"07-tgw-sg-referencing.yaml", []string{"--from", "Client", "--to", "Other", "--port", "443"}, exitUnreachable, "blocked at sg-ingress OtherSG"},
		{"07-tgw-sg-referencing.yaml", []string{"--from", "Pinned", "--to", "Server", "--port", "443"}, exitUnreachable, "blocked at sg-egress PinnedSG"},
		{"10-interface-endpoint-private-dns.yaml", []string{"--from", "Host", "--to", "ssm", "--port", "443"}, exitUnreachable, "no route for"},
	}
	for _, tt := range tests {
		args := append([]string{"trace", "../../internal/reach/testdata/aws16/" + tt.file}, tt.args...)
		code, out, errOut := vpcboard(t, args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("vpcboard %v = exit %d\n%s%s\nwant exit %d and %q", args, code, out, errOut, tt.code, tt.want)
		}
	}
}
