package reach

import (
	"os"
	"slices"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/importer"
)

// importCorpus imports a template of the importer's acceptance corpus.
func importCorpus(t testing.TB, file string, params map[string]string) *design.Design {
	t.Helper()
	f, err := os.Open("../importer/testdata/corpus/" + file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := importer.Import(f, file, importer.Options{Params: params})
	if err != nil {
		t.Fatalf("importer.Import(%s): %v", file, err)
	}
	return res.Design
}

// The peering user guide: the private VPC's default route points at the
// peering, so its instance has no way to the internet, and the blocker is
// that route.
func TestCorpusPeeringNoInternet(t *testing.T) {
	d := importCorpus(t, "userguide-vpc-peering-two-vpcs-ec2.json", map[string]string{"EC2KeyPairName": "kp"})
	var private string
	for _, id := range design.SortedIDs(d.Workloads) {
		if d.Subnets[d.Workloads[id].Interfaces[0].Subnet].VPC == "myPrivateVPC" {
			private = id
		}
	}
	r := mustTrace(t, d, private, "internet", "tcp", 443)
	call := "Trace(" + private + " -> internet)"
	if r.Verdict != Unreachable {
		t.Errorf("%s.Verdict = %v; want unreachable", call, r.Verdict)
	}
	want := []string{"route RouteTable 0.0.0.0/0: route 0.0.0.0/0 in route table `RouteTable` to an internet gateway or a NAT gateway of VPC `myPrivateVPC`: peering `myVPCPeeringConnection` carries traffic only to VPC `myVPC`"}
	if got := blockers(r.Blockers); !slices.Equal(got, want) {
		t.Errorf("%s.Blockers = %q; want %q", call, got, want)
	}
	if n := len(r.Forward); n == 0 || r.Forward[n-1].Kind != KindPeering || r.Forward[n-1].Decision != DecisionDeny {
		t.Errorf("%s.Forward = %q; want it to end with a denying peering hop", call, hops(r.Forward))
	}
	// The public instance reaches the private one over the peering (ICMP
	// echo, which the private group allows from anywhere).
	var public string
	for _, id := range design.SortedIDs(d.Workloads) {
		if id != private {
			public = id
		}
	}
	if r := mustTrace(t, d, public, private, "icmp", 8); r.Verdict != Reachable {
		t.Errorf("Trace(%s -> %s icmp 8) = %v %q; want reachable", public, private, r.Verdict, blockers(r.Blockers))
	}
}

// The centralized-egress hub and spoke: spokes reach each other through the
// transit gateway (ICMP, as the groups allow) and the internet through the
// egress VPC's NAT gateway.
func TestCorpusHubSpokeEgress(t *testing.T) {
	d := importCorpus(t, "nfw-samples-tgw-hub-spoke-centralized-egress.yaml", map[string]string{"AvailabilityZoneSelection": "us-east-1a"})
	tests := []struct {
		from, to, proto string
		port            int
		verdict         Verdict
		kinds           []string
	}{
		{"EC2SubnetA", "EC2SubnetB", "icmp", 8, Reachable, []string{"route", "tgw-attachment", "tgw-route", "tgw-attachment", "sg-ingress"}},
		{"EC2SubnetB", "EC2SubnetA", "icmp", 8, Reachable, []string{"route", "tgw-attachment", "tgw-route", "tgw-attachment", "sg-ingress"}},
		{"EC2SubnetA", "internet", "tcp", 443, Reachable, []string{"tgw-route", "tgw-attachment", "route", "nat", "route", "igw"}},
		{"EC2SubnetB", "internet", "tcp", 443, Reachable, []string{"tgw-route", "tgw-attachment", "route", "nat", "route", "igw"}},
		// The spokes' groups allow only ICMP in.
		{"EC2SubnetA", "EC2SubnetB", "tcp", 22, Unreachable, []string{"tgw-route", "sg-ingress"}},
	}
	for _, tt := range tests {
		r := mustTrace(t, d, tt.from, tt.to, tt.proto, tt.port)
		call := "Trace(" + tt.from + " -> " + tt.to + " " + tt.proto + ")"
		if r.Verdict != tt.verdict {
			t.Errorf("%s = %v %q; want %v", call, r.Verdict, blockers(r.Blockers), tt.verdict)
		}
		if !subsequence(kindsOf(r.Forward), tt.kinds) {
			t.Errorf("%s.Forward = %q; want kinds %q in order", call, hops(r.Forward), tt.kinds)
		}
	}
	r := mustTrace(t, d, "EC2SubnetA", "internet", "tcp", 443)
	var nat string
	for _, h := range r.Forward {
		if h.Kind == KindNAT {
			nat = h.Resource
		}
	}
	if nat != "SubnetCNATGateway" {
		t.Errorf("Trace(EC2SubnetA -> internet) NAT = %q; want SubnetCNATGateway in the egress VPC (forward %q)", nat, hops(r.Forward))
	}
}

// The inspection variant sends egress through a Network Firewall endpoint
// whose ID is known only after deployment: the verdict is unknown, never
// reachable, and the undecided hop is that route.
func TestCorpusInspectionUnknown(t *testing.T) {
	d := importCorpus(t, "nfw-samples-tgw-inspection-vpc-network-firewall-1az.yaml", nil)
	r := mustTrace(t, d, "EC2SubnetA", "internet", "tcp", 443)
	last := hops(r.Forward)[len(r.Forward)-1]
	if r.Verdict != Unknown || last != "route SubnetCTGWRouteTable 0.0.0.0/0 unknown" {
		t.Errorf("Trace(EC2SubnetA -> internet) = %v ending %q; want unknown at route SubnetCTGWRouteTable 0.0.0.0/0", r.Verdict, last)
	}
}

func BenchmarkTrace(b *testing.B) {
	d := designtest.Generate(designtest.Base)
	an := New(d)
	f, err := ParseFlow(d, "vpc0-w5-0", "vpc3-w7-1", "tcp", 443)
	if err != nil {
		b.Fatal(err)
	}
	r, err := an.Trace(f)
	if err != nil {
		b.Fatal(err)
	}
	if !slices.Contains(kindsOf(r.Forward), KindTGWRoute) {
		b.Fatalf("Trace(vpc0-w5-0 -> vpc3-w7-1) = %q; want a path through the transit gateway", hops(r.Forward))
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := an.Trace(f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	d := designtest.Generate(designtest.Base)
	for b.Loop() {
		New(d)
	}
}
