package awsaccount

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// fakeAWS answers EC2, ELBv2 and RDS Query calls and Lambda's REST call
// from testdata/api, like the services would (no network). It counts
// calls, and answers the first throttle[action] calls with 503
// RequestLimitExceeded.
type fakeAWS struct {
	t        testing.TB
	mu       sync.Mutex
	calls    map[string]int
	attempts map[string][]string // the amz-sdk-request header of each call
	throttle map[string]int
	tokens   []string // NextToken of DescribeVpcs calls
}

func newFakeAWS(t testing.TB) (*fakeAWS, *httptest.Server) {
	f := &fakeAWS{t: t, calls: map[string]int{}, attempts: map[string][]string{}, throttle: map[string]int{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

// queryVersions tells the Query services apart by their API version.
var queryVersions = map[string]string{"2016-11-15": "ec2", "2015-12-01": "elbv2", "2014-10-31": "rds"}

func (f *fakeAWS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/2015-03-31/functions") {
		f.count("ListFunctions", r)
		w.Header().Set("Content-Type", "application/json")
		f.serveFile(w, "ListFunctions.json", "{}")
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	action, service := r.PostForm.Get("Action"), queryVersions[r.PostForm.Get("Version")]
	if action == "" || service == "" {
		f.t.Errorf("unexpected request %s %s %v", r.Method, r.URL, r.PostForm)
		http.Error(w, "unknown call", http.StatusBadRequest)
		return
	}
	if f.count(action, r) {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>d1ea7d7c-1b5d-4a4e-9f3c-example</RequestID></Response>`)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	switch {
	case action == "DescribeVpcs":
		f.mu.Lock()
		f.tokens = append(f.tokens, r.PostForm.Get("NextToken"))
		f.mu.Unlock()
		if r.PostForm.Get("NextToken") != "" {
			action += ".page2"
		}
	case action == "DescribeVpcAttribute":
		attr := r.PostForm.Get("Attribute")
		on := r.PostForm.Get("VpcId") == "vpc-3ac0fb5f"
		fmt.Fprintf(w, `<DescribeVpcAttributeResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><vpcId>%s</vpcId><%s><value>%t</value></%s></DescribeVpcAttributeResponse>`,
			r.PostForm.Get("VpcId"), attr, on, attr)
		return
	}
	empty := fmt.Sprintf(`<%sResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId></%sResponse>`, action, action)
	if service != "ec2" {
		empty = fmt.Sprintf(`<%sResponse><%sResult></%sResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></%sResponse>`, action, action, action, action)
	}
	f.serveFile(w, action+".xml", empty)
}

// count records a call and reports whether to throttle it.
func (f *fakeAWS) count(action string, r *http.Request) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[action]++
	f.attempts[action] = append(f.attempts[action], r.Header.Get("Amz-Sdk-Request"))
	if f.throttle[action] > 0 {
		f.throttle[action]--
		return true
	}
	return false
}

func (f *fakeAWS) serveFile(w http.ResponseWriter, name, otherwise string) {
	data, err := os.ReadFile(filepath.Join("testdata/api", name))
	if errors.Is(err, os.ErrNotExist) {
		data = []byte(otherwise)
	} else if err != nil {
		f.t.Error(err)
	}
	w.Write(data)
}

// testConfigEnv points the SDK's standard configuration at static
// credentials and away from the machine's files and instance metadata.
func testConfigEnv(t testing.TB) {
	dir := t.TempDir()
	for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_REGION": "", "AWS_CONFIG_FILE": filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"), "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": ""} {
		t.Setenv(k, v)
	}
}

func collectFake(t *testing.T, f *fakeAWS, url string) *Snapshot {
	t.Helper()
	testConfigEnv(t)
	cfg, err := LoadConfig(context.Background(), "", url)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Collect(context.Background(), cfg, []string{"us-west-2"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCollectPaginatesAndRetries runs the SDK against recorded answers:
// DescribeVpcs answers in two pages, DescribeSubnets is throttled once and
// the standard retryer tries again.
func TestCollectPaginatesAndRetries(t *testing.T) {
	f, srv := newFakeAWS(t)
	f.throttle["DescribeSubnets"] = 1
	s := collectFake(t, f, srv.URL)
	r := s.Regions["us-west-2"]
	if got := f.calls["DescribeVpcs"]; got != 2 || len(r.EC2.Vpcs) != 2 {
		t.Errorf("DescribeVpcs: %d calls, %d VPCs; want 2 pages with one VPC each", got, len(r.EC2.Vpcs))
	}
	if len(f.tokens) != 2 || f.tokens[0] != "" || f.tokens[1] != "eyJ2IjoiMiIsImMiOiJ2cGMtMWEyYjNjNGQifQ==" {
		t.Errorf("DescribeVpcs NextToken sent = %q; want none, then the first page's token", f.tokens)
	}
	if got := f.calls["DescribeSubnets"]; got != 2 || len(r.EC2.Subnets) != 3 {
		t.Errorf("DescribeSubnets: %d calls, %d subnets; want a throttled call, a retry, 3 subnets", got, len(r.EC2.Subnets))
	}
	if a := f.attempts["DescribeSubnets"]; len(a) != 2 || !strings.HasPrefix(a[1], "attempt=2") {
		t.Errorf("DescribeSubnets attempts = %q; want the SDK's second attempt", a)
	}
	if s.Account != "123456789012" {
		t.Errorf("account = %q", s.Account)
	}
	for _, want := range []string{"DescribeLoadBalancers", "DescribeDBInstances", "DescribeDBSubnetGroups", "ListFunctions", "SearchTransitGatewayRoutes",
		"GetTransitGatewayRouteTablePropagations", "DescribeFlowLogs", "DescribeManagedPrefixLists"} {
		if f.calls[want] == 0 {
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
	f, srv := newFakeAWS(t)
	f.throttle["DescribeNatGateways"] = 100
	testConfigEnv(t)
	cfg, err := LoadConfig(context.Background(), "", srv.URL)
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
	f, srv := newFakeAWS(t)
	s := collectFake(t, f, srv.URL)
	data, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	if !IsSnapshot(data) || strings.Contains(string(data), "null") {
		t.Fatalf("Encode: not a snapshot, or nulls left in:\n%.2000s", data)
	}
	again, _ := Encode(collectFake(t, f, srv.URL))
	if string(again) != string(data) {
		t.Error("two snapshots of the same answers differ")
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
		"arn:aws:rds:us-west-2:123456789012:db:mysqldb":                                                         design.WorkloadRDS,
		"arn:aws:lambda:us-west-2:123456789012:function:my-function":                                            design.WorkloadLambda,
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
