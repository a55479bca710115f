package tfimport_test

import (
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/tfimport"
	"github.com/vpcboard/vpcboard/internal/validate"
)

func TestDesignID(t *testing.T) {
	for in, want := range map[string]string{
		"module.vpc.aws_subnet.private[0]":     "module.vpc.aws_subnet.private.0",
		`aws_subnet.app["a"]`:                  "aws_subnet.app.a",
		`module.net["eu"].aws_vpc.this`:        "module.net.eu.aws_vpc.this",
		`aws_subnet.app["us-east-1a/private"]`: "aws_subnet.app.us-east-1a-private",
		"aws_vpc.main":                         "aws_vpc.main",
	} {
		if got := tfimport.DesignID(in); got != want || !design.ValidID(got) {
			t.Errorf("DesignID(%s) = %s (valid %v); want %s", in, got, design.ValidID(got), want)
		}
	}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/threetier/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func buildThreeTier(t *testing.T, kind string) *tfimport.Result {
	t.Helper()
	var rs []tfimport.Resource
	var err error
	switch kind {
	case "terraform.tfstate":
		rs, err = tfimport.ReadStateFile(readFixture(t, kind))
	case "state.json":
		rs, err = tfimport.ReadShowState(readFixture(t, kind))
	case "plan.json":
		var p *tfimport.Plan
		p, err = tfimport.ReadPlan(readFixture(t, kind))
		if err == nil {
			rs = p.Prior
		}
	}
	if err != nil {
		t.Fatalf("%s: %v", kind, err)
	}
	res, err := tfimport.Build(rs, tfimport.Options{Name: "three-tier"})
	if err != nil {
		t.Fatalf("%s: %v", kind, err)
	}
	return res
}

// The state file, the show -json of the state and the plan's prior state
// describe the same resources, and make the same design.
func TestThreeTierInputsAgree(t *testing.T) {
	var first []byte
	for _, kind := range []string{"terraform.tfstate", "state.json", "plan.json"} {
		res := buildThreeTier(t, kind)
		data, err := design.Marshal(res.Design)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = data
		} else if string(data) != string(first) {
			t.Errorf("%s makes another design than terraform.tfstate:\n%s", kind, data)
		}
	}
}

func TestThreeTierMapping(t *testing.T) {
	res := buildThreeTier(t, "terraform.tfstate")
	d := res.Design
	if errs := design.Check(d); len(errs) > 0 {
		t.Fatalf("Check: %v", errs)
	}
	const vpc = "module.vpc.aws_vpc.this"
	if d.Region != "us-east-1" || d.VPCs[vpc] == nil || d.VPCs[vpc].CIDR != "10.0.0.0/16" || d.VPCs[vpc].Tags["Name"] != "three-tier" {
		t.Errorf("region %q, vpc %+v", d.Region, d.VPCs[vpc])
	}
	// The implicit resources AWS makes with the VPC, and the references
	// to AWS IDs mapped back to design IDs.
	for _, id := range []string{design.MainRouteTableID(vpc), design.DefaultNetworkACLID(vpc), design.DefaultSecurityGroupID(vpc)} {
		if _, ok := d.Lookup(id); !ok {
			t.Errorf("no %s", id)
		}
	}
	if g := d.InternetGateways["module.vpc.aws_internet_gateway.this"]; g == nil || g.VPC != vpc {
		t.Errorf("internet gateway %+v", g)
	}
	if s := d.Subnets["module.vpc.aws_subnet.db.a"]; s == nil || s.VPC != vpc || s.AZ != "us-east-1a" || s.CIDR != "10.0.20.0/24" {
		t.Errorf("subnet db.a %+v", s)
	}
	// The aws_route shows inline in the refreshed table too: one route.
	app := d.RouteTables["module.vpc.aws_route_table.app"]
	if app == nil || len(app.Routes) != 1 || app.Routes[0].Target.ID != "module.vpc.aws_nat_gateway.this" ||
		!slices.Equal(app.Subnets, []string{"module.vpc.aws_subnet.app.0", "module.vpc.aws_subnet.app.1"}) {
		t.Errorf("app route table %+v", app)
	}
	if g := d.SecurityGroups["aws_security_group.app"]; g == nil || len(g.Ingress) != 1 || g.Ingress[0].Group != "aws_security_group.alb" {
		t.Errorf("app group %+v: want the rule once, from the alb group", g)
	}
	if g := d.SecurityGroups["aws_security_group.db"]; g == nil || len(g.Egress) != 0 || len(g.Ingress) != 1 {
		t.Errorf("db group %+v: want no egress (Terraform removes AWS's default) and one ingress rule", g)
	}
	if n := d.NetworkACLs["module.vpc.aws_network_acl.db"]; n == nil || len(n.Inbound) != 1 || len(n.Subnets) != 2 || n.Inbound[0].Ports == nil || n.Inbound[0].Ports.From != 5432 {
		t.Errorf("db acl %+v", n)
	}
	if e := d.ElasticIPs["module.vpc.aws_eip.nat"]; e == nil || e.Address != "203.0.113.10" {
		t.Errorf("eip %+v", e)
	}
	if w := d.Workloads["aws_db_instance.db"]; w == nil || len(w.Interfaces) != 2 || w.Interfaces[0].Subnet != "module.vpc.aws_subnet.db.a" {
		t.Errorf("db instance %+v: want interfaces in the subnets of its group", w)
	}
	if w := d.Workloads["aws_lb.web"]; w == nil || w.Type != design.WorkloadALB || len(w.Interfaces) != 2 || !w.Interfaces[0].PublicIP {
		t.Errorf("load balancer %+v", w)
	}
	// The defensible finding of this network: one NAT gateway for two AZs.
	var codes []string
	for _, f := range validate.Validate(d, validate.Config{}) {
		codes = append(codes, f.Code)
	}
	if !slices.Equal(codes, []string{"nat.cross-az"}) {
		t.Errorf("findings %v; want nat.cross-az only", codes)
	}
}

// The planned values of the plan hold the new bastion, whose group ID is
// not known before apply: the configuration's reference makes it the new
// group's design ID.
func TestPlanPlannedValues(t *testing.T) {
	p, err := tfimport.ReadPlan(readFixture(t, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := tfimport.Build(p.Planned, tfimport.Options{Name: "plan"})
	if err != nil {
		t.Fatal(err)
	}
	w := res.Design.Workloads["aws_instance.bastion"]
	if w == nil || !slices.Equal(w.SecurityGroups, []string{"aws_security_group.bastion"}) || len(w.Interfaces) != 1 ||
		w.Interfaces[0].Subnet != "module.vpc.aws_subnet.public.0" || !w.Interfaces[0].PublicIP {
		t.Fatalf("bastion %+v", w)
	}
	if got := w.Interfaces[0].PrivateIP; design.UnknownReason(got) != "aws_instance.bastion.private_ip known after apply" {
		t.Errorf("bastion private IP %q; want unknown, known after apply", got)
	}
}

func TestStateFileVersion(t *testing.T) {
	_, err := tfimport.ReadStateFile([]byte(`{"version": 3, "terraform_version": "0.11.14", "lineage": "x", "resources": []}`))
	if err == nil || !strings.Contains(err.Error(), "version: 3") {
		t.Errorf("err = %v; want one naming version 3", err)
	}
}

func TestDetect(t *testing.T) {
	for name, want := range map[string]tfimport.Kind{"terraform.tfstate": tfimport.StateFile, "state.json": tfimport.ShowState, "plan.json": tfimport.ShowPlan, "main.tf": tfimport.NotTerraform} {
		if got := tfimport.Detect(readFixture(t, name)); got != want {
			t.Errorf("Detect(%s) = %v; want %v", name, got, want)
		}
	}
	if got := tfimport.Detect([]byte(`{"format": 1, "vpcs": {}}`)); got != tfimport.NotTerraform {
		t.Errorf("Detect(design) = %v", got)
	}
}

// res is a managed resource for the tests of single types.
func res(address, typ, values string) tfimport.Resource {
	var v map[string]any
	dec := json.NewDecoder(strings.NewReader(values))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		panic(address + ": " + err.Error())
	}
	return tfimport.Resource{Address: address, Mode: "managed", Type: typ, Values: v}
}

// An attribute the importer cannot read is named as Terraform names it
// (aws_vpc.this.cidr_block, not the CloudFormation property CidrBlock the
// translation reads it through), and once: the caller adds the file name.
func TestBadAttributeNamesTheAttribute(t *testing.T) {
	for _, c := range []struct {
		address, attr string
		value         any
		want          string
	}{
		{"module.vpc.aws_vpc.this", "cidr_block", map[string]any{"a": "b"}, "module.vpc.aws_vpc.this.cidr_block: want a string, got a mapping"},
		{"aws_security_group_rule.db_from_app", "from_port", "abc", `aws_security_group_rule.db_from_app.from_port: want a number, got "abc"`},
		// Inline blocks: the block's path, and names that differ.
		{"module.vpc.aws_network_acl.db", "ingress.0.rule_no", "x", `module.vpc.aws_network_acl.db.ingress.0.rule_no: want a number, got "x"`},
		{"module.vpc.aws_route_table.public", "route.0.cidr_block", map[string]any{"a": "b"}, "module.vpc.aws_route_table.public.route.0.cidr_block: want a string, got a mapping"},
		// Wrong types that were dropped without a word.
		{"module.vpc.aws_vpc.this", "cidr_block", []any{"10.0.0.0/16"}, "module.vpc.aws_vpc.this.cidr_block: want a string, got a list"},
		{"aws_security_group_rule.db_from_app", "from_port", true, `aws_security_group_rule.db_from_app.from_port: want a number, got "true"`},
		{"module.vpc.aws_subnet.public[0]", "map_public_ip_on_launch", "yes", `module.vpc.aws_subnet.public[0].map_public_ip_on_launch: want true or false, got "yes"`},
	} {
		rs, i := stateResources(t, c.address)
		setAttribute(rs[i].Values, c.attr, c.value)
		_, err := tfimport.Build(rs, tfimport.Options{Name: "three-tier"})
		if err == nil || err.Error() != c.want {
			t.Errorf("%s.%s = %v: err = %v; want %q", c.address, c.attr, c.value, err, c.want)
		}
	}
}

// A warning about a resource names it by its address alone, not with the
// CloudFormation type it was translated to.
func TestWarningsSpeakTerraform(t *testing.T) {
	rs, i := stateResources(t, "module.vpc.aws_route_table_association.public[0]")
	rs[i].Values["route_table_id"] = "rtb-nope"
	res, err := tfimport.Build(rs, tfimport.Options{Name: "three-tier"})
	if err != nil {
		t.Fatal(err)
	}
	want := "module.vpc.aws_route_table_association.public[0]: route-table unknown(external rtb-nope) is not among the resources; kept as an opaque resource"
	if !slices.Contains(res.Warnings, want) {
		t.Errorf("warnings lack %q:\n%s", want, strings.Join(res.Warnings, "\n"))
	}
	for _, w := range res.Warnings {
		if strings.Contains(w, "AWS::") {
			t.Errorf("warning speaks CloudFormation: %s", w)
		}
	}
}

// An unknown attribute whose reason names it already (a configuration's
// "X could not be evaluated: ...") is not named twice.
func TestUnknownReasonNamesAttributeOnce(t *testing.T) {
	const addr = "module.vpc.aws_route_table_association.public[0]"
	rs, i := stateResources(t, addr)
	rs[i].Unknown = map[string]string{"route_table_id": addr + ".route_table_id could not be evaluated: boom"}
	res, err := tfimport.Build(rs, tfimport.Options{Name: "three-tier"})
	if err != nil {
		t.Fatal(err)
	}
	want := addr + ": route-table unknown(" + addr + ".route_table_id could not be evaluated: boom) is not among the resources"
	if !slices.ContainsFunc(res.Warnings, func(w string) bool { return strings.HasPrefix(w, want) }) {
		t.Errorf("warnings lack %q:\n%s", want, strings.Join(res.Warnings, "\n"))
	}
}

// stateResources returns the three-tier state's resources and the index
// of the one at address, for a test to spoil.
func stateResources(t *testing.T, address string) ([]tfimport.Resource, int) {
	t.Helper()
	rs, err := tfimport.ReadStateFile(readFixture(t, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rs, func(r tfimport.Resource) bool { return r.Address == address })
	if i < 0 {
		t.Fatalf("no %s in the fixture", address)
	}
	return rs, i
}

// setAttribute sets the attribute at path ("route.0.cidr_block") of a
// resource's values.
func setAttribute(m map[string]any, path string, value any) {
	parts := strings.Split(path, ".")
	for len(parts) > 2 {
		i, _ := strconv.Atoi(parts[1])
		m = m[parts[0]].([]any)[i].(map[string]any)
		parts = parts[2:]
	}
	m[parts[0]] = value
}
