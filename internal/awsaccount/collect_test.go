package awsaccount

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/awsaccount/awstest"
	"github.com/vpcboard/vpcboard/internal/design"
)

func collectFake(t *testing.T, f *awstest.Server) *Snapshot {
	t.Helper()
	awstest.ConfigEnv(t)
	cfg, err := LoadConfig(context.Background(), "", f.URL())
	if err != nil {
		t.Fatal(err)
	}
	s, err := Collect(context.Background(), cfg, []string{"us-west-2"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var update = flag.Bool("update", false, "rewrite the golden snapshot")

// TestCollectPaginatesAndRetries runs the SDK against recorded answers:
// DescribeVpcs answers in two pages, DescribeSubnets is throttled once and
// the standard retryer tries again.
func TestCollectPaginatesAndRetries(t *testing.T) {
	f := awstest.NewServer(t, "testdata/api")
	f.Throttle["DescribeSubnets"] = 1
	s := collectFake(t, f)
	r := s.Regions["us-west-2"]
	if got := f.Calls["DescribeVpcs"]; got != 2 || len(r.EC2.Vpcs) != 2 {
		t.Errorf("DescribeVpcs: %d calls, %d VPCs; want 2 pages with one VPC each", got, len(r.EC2.Vpcs))
	}
	if len(f.Tokens) != 2 || f.Tokens[0] != "" || f.Tokens[1] != "eyJ2IjoiMiIsImMiOiJ2cGMtMWEyYjNjNGQifQ==" {
		t.Errorf("DescribeVpcs NextToken sent = %q; want none, then the first page's token", f.Tokens)
	}
	if got := f.Calls["DescribeSubnets"]; got != 2 || len(r.EC2.Subnets) != 3 {
		t.Errorf("DescribeSubnets: %d calls, %d subnets; want a throttled call, a retry, 3 subnets", got, len(r.EC2.Subnets))
	}
	if a := f.Attempts["DescribeSubnets"]; len(a) != 2 || !strings.HasPrefix(a[1], "attempt=2") {
		t.Errorf("DescribeSubnets attempts = %q; want the SDK's second attempt", a)
	}
	if s.Account != "123456789012" {
		t.Errorf("account = %q", s.Account)
	}
	for _, want := range []string{"DescribeLoadBalancers", "DescribeDBInstances", "DescribeDBSubnetGroups", "ListFunctions", "SearchTransitGatewayRoutes",
		"GetTransitGatewayRouteTablePropagations", "DescribeFlowLogs", "DescribeManagedPrefixLists"} {
		if f.Calls[want] == 0 {
			t.Errorf("no %s call", want)
		}
	}
	if len(r.ELBv2.LoadBalancers) != 1 || len(r.RDS.DBInstances) != 1 || len(r.Lambda.Functions) != 1 {
		t.Errorf("workloads: %d load balancers, %d databases, %d functions; want one each", len(r.ELBv2.LoadBalancers), len(r.RDS.DBInstances), len(r.Lambda.Functions))
	}
}

// TestCollectGivesUpNamingTheAction: a call throttled on every attempt
// fails the snapshot with the IAM action in the message.
func TestCollectGivesUpNamingTheAction(t *testing.T) {
	f := awstest.NewServer(t, "testdata/api")
	f.Throttle["DescribeNatGateways"] = 100
	awstest.ConfigEnv(t)
	cfg, err := LoadConfig(context.Background(), "", f.URL())
	if err != nil {
		t.Fatal(err)
	}
	cfg.RetryMaxAttempts = 2
	_, err = Collect(context.Background(), cfg, []string{"us-west-2"})
	if err == nil || !strings.Contains(err.Error(), "region us-west-2: ec2:DescribeNatGateways") || !strings.Contains(err.Error(), "RequestLimitExceeded") {
		t.Fatalf("err = %v; want the region, the action and the throttling", err)
	}
}

// TestSnapshotImportValidate: snapshot -> file -> import -> validate.
func TestSnapshotImportValidate(t *testing.T) {
	f := awstest.NewServer(t, "testdata/api")
	s := collectFake(t, f)
	data, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	if !IsSnapshot(data) || strings.Contains(string(data), "null") {
		t.Fatalf("Encode: not a snapshot, or nulls left in:\n%.2000s", data)
	}
	again, _ := Encode(collectFake(t, f))
	if string(again) != string(data) {
		t.Error("two snapshots of the same answers differ")
	}
	// The golden file is what the web and command tests upload; it changes
	// only when the format or the recorded answers do.
	const golden = "testdata/snapshot-us-west-2.json"
	if *update {
		if err := os.WriteFile(golden, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want, err := os.ReadFile(golden); err != nil || string(want) != string(data) {
		t.Errorf("the snapshot differs from %s (go test -run TestSnapshotImportValidate -update rewrites it): %v", golden, err)
	}
	res, err := Import(data, "account")
	if err != nil {
		t.Fatal(err)
	}
	d := res.Design
	for _, e := range design.Check(d) {
		t.Errorf("design.Check: %v", e)
	}
	web := d.VPCs["vpc-3ac0fb5f"]
	if web == nil || web.DisplayName() != "web" || strings.Join(web.SecondaryCIDRs, ",") != "100.64.0.0/16" || !web.DNSHostnamesEnabled() {
		t.Errorf("web VPC: %+v", web)
	}
	if d.Region != "us-west-2" || d.Account != "123456789012" {
		t.Errorf("region, account = %q, %q", d.Region, d.Account)
	}
	rt := d.RouteTables["rtb-22574640"]
	if rt == nil || !rt.Main || fmt.Sprint(rt.Routes) != "[{0.0.0.0/0  internet-gateway igw-eaad4883} {10.1.0.0/16  transit-gateway tgw-0262a0e521EXAMPLE}]" {
		t.Errorf("main route table of the web VPC: %+v", rt)
	}
	// The reference's example route to a deleted peering connection, state
	// blackhole: it drops traffic, it names no peering connection.
	if rt := d.RouteTables["rtb-f9ad4890"]; rt == nil || !strings.Contains(fmt.Sprint(rt.Routes), "{11.0.0.0/22  blackhole}") {
		t.Errorf("the data VPC's table lacks the blackhole route: %+v", rt)
	}
	tgw := d.TransitGatewayRouteTables["tgw-rtb-018774adf3EXAMPLE"]
	if tgw == nil || len(tgw.Associations) != 2 || len(tgw.Propagations) != 2 || fmt.Sprint(tgw.Routes) != "[{192.168.0.0/16  true}]" {
		t.Errorf("transit gateway route table: %+v", tgw)
	}
	if g := d.TransitGateways["tgw-0262a0e521EXAMPLE"]; g == nil || g.ASN != 64516 || g.DefaultRouteTableAssociation {
		t.Errorf("transit gateway: %+v (its default table is listed, not implicit)", g)
	}
	for id, typ := range map[string]design.WorkloadType{
		"i-1234567890abcdef0": design.WorkloadInstance,
		"arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer.app.my-load-balancer.50dc6c495c0c9188": design.WorkloadALB,
		"arn:aws:rds:us-west-2:123456789012:db:mysqldb":                                                          design.WorkloadRDS,
		"arn:aws:lambda:us-west-2:123456789012:function:my-function":                                             design.WorkloadLambda,
	} {
		if w := d.Workloads[id]; w == nil || w.Type != typ || len(w.Interfaces) == 0 || len(w.SecurityGroups) == 0 {
			t.Errorf("workload %s: %+v; want a %s with interfaces and groups", id, w, typ)
		}
	}
	got := strings.Join(findings(d), "\n")
	t.Logf("findings:\n%s\nwarnings: %v", got, res.Warnings)
	if strings.Contains(got, "error ") {
		t.Errorf("error findings:\n%s", got)
	}
}

// TestCollectRegions: two regions make one snapshot and one design; each
// VPC says its region, and the peering connection both regions list is one
// resource joining the two VPCs. With one region read, the other side is
// an external VPC.
func TestCollectRegions(t *testing.T) {
	f := awstest.NewServer(t, "testdata/api")
	awstest.ConfigEnv(t)
	cfg, err := LoadConfig(context.Background(), "", f.URL())
	if err != nil {
		t.Fatal(err)
	}
	s, err := Collect(context.Background(), cfg, []string{"us-west-2", "eu-west-1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Regions) != 2 || len(s.Regions["eu-west-1"].EC2.Vpcs) != 1 {
		t.Fatalf("regions: %v", s.Regions)
	}
	res, err := Map(s, "two regions")
	if err != nil {
		t.Fatal(err)
	}
	d := res.Design
	for _, e := range design.Check(d) {
		t.Errorf("design.Check: %v", e)
	}
	if d.Region != "" || d.VPCs["vpc-0e1f2a3b"].Region != "eu-west-1" || d.VPCs["vpc-3ac0fb5f"].Region != "us-west-2" {
		t.Errorf("regions: design %q, VPCs %+v", d.Region, d.VPCs)
	}
	pc := d.PeeringConnections["pcx-111aaa111"]
	if len(d.PeeringConnections) != 1 || pc.Requester != "vpc-3ac0fb5f" || pc.Accepter != "vpc-0e1f2a3b" {
		t.Errorf("peering: %+v", d.PeeringConnections)
	}
	one := collectFake(t, f)
	res, err = Map(one, "one region")
	if err != nil {
		t.Fatal(err)
	}
	if pc := res.Design.PeeringConnections["pcx-111aaa111"]; pc == nil ||
		design.UnknownReason(pc.Accepter) != "external vpc-0e1f2a3b in account 123456789012, region eu-west-1, 10.2.0.0/16" {
		t.Errorf("peering with one region read: %+v", pc)
	}
}

// TestLoadConfigRetries: the standard retryer with 10 attempts, unless the
// environment says otherwise.
func TestLoadConfigRetries(t *testing.T) {
	awstest.ConfigEnv(t)
	cfg, err := LoadConfig(context.Background(), "", "")
	if err != nil || cfg.RetryMode != "standard" || cfg.RetryMaxAttempts != 10 {
		t.Errorf("LoadConfig = %s, %d attempts, %v; want standard, 10", cfg.RetryMode, cfg.RetryMaxAttempts, err)
	}
	t.Setenv("AWS_MAX_ATTEMPTS", "3")
	if cfg, _ := LoadConfig(context.Background(), "", ""); cfg.RetryMaxAttempts != 3 {
		t.Errorf("with AWS_MAX_ATTEMPTS=3: %d attempts", cfg.RetryMaxAttempts)
	}
}

// TestCollectLeavesOutLambdaEnvironment: ListFunctions answers each
// function's environment variables in clear, where secrets often live;
// the snapshot, a file passed around and uploaded, must not hold them.
func TestCollectLeavesOutLambdaEnvironment(t *testing.T) {
	s := collectFake(t, awstest.NewServer(t, "testdata/api"))
	data, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "planted-lambda-secret") || strings.Contains(string(data), "DB_PASSWORD") {
		t.Errorf("the snapshot holds a Lambda function's environment variables")
	}
	if fns := s.Regions["us-west-2"].Lambda.Functions; len(fns) != 1 || fns[0].VpcConfig == nil {
		t.Errorf("functions = %+v; want the one function with its VPC configuration", fns)
	}
}
