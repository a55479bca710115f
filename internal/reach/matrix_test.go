package reach

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
)

// endpointOf returns the flow end of a matrix name.
func endpointOf(d *design.Design, name string) Endpoint {
	if name == Internet {
		e, _ := ParseEndpoint(d, "internet")
		return e
	}
	return Endpoint{Kind: EndpointWorkload, ID: name}
}

// checkMatrixAgainstTrace traces every pair of the matrix of d at the first
// point of every element and compares the verdict with the matrix.
func checkMatrixAgainstTrace(t *testing.T, d *design.Design) {
	t.Helper()
	an := New(d)
	m, err := an.Matrix()
	if err != nil {
		t.Fatal(err)
	}
	elems := an.elements()
	m.Each(func(p MatrixPair) bool {
		allowed := make(bits, (len(elems)+63)/64)
		unknown := make(bits, len(allowed))
		for i, e := range elems {
			f := Flow{From: endpointOf(d, p.From), To: endpointOf(d, p.To), Protocol: protocolOf(e.proto), Port: e.lo}
			if e.proto == 1 {
				// A flow names an ICMP type, code 0: take such a point
				// of the element, if it has one.
				ty := (e.lo + 0xff) >> 8
				if ty<<8 > e.hi {
					continue
				}
				f.Port = ty
			}
			r, err := an.Trace(f)
			if err != nil {
				t.Fatalf("Trace(%s -> %s): %v", p.From, p.To, err)
			}
			switch r.Verdict {
			case Reachable:
				allowed.set(i)
			case Unknown:
				unknown.set(i)
			}
		}
		if a, u := render(elems, allowed), render(elems, unknown); a != p.Allowed || u != p.Unknown {
			t.Errorf("Matrix pair %s -> %s = %q, unknown %q; Trace says %q, unknown %q", p.From, p.To, p.Allowed, p.Unknown, a, u)
		}
		return !t.Failed()
	})
}

func protocolOf(n int) design.Protocol {
	switch n {
	case 6:
		return design.ProtocolTCP
	case 17:
		return design.ProtocolUDP
	}
	return design.ProtocolICMP
}

func TestMatrixAgreesWithTrace(t *testing.T) {
	tests := []struct {
		name string
		mod  func(b *builder)
	}{
		{"base", nil},
		{"peering", withPeer},
		{"transit gateway", withTGW},
		{"an address rule in a NAT gateway's subnet", func(b *builder) {
			b.workload("pubw2", "pub", "10.0.0.11", "web").Interfaces[0].PublicIP = true
			b.nacl("n2", "va", []string{"s2"}, "in 100 udp 23 10.0.0.11/32 allow", "out 100 all - 0.0.0.0/0 allow")
			b.sg("web", "va", "ingress all - 10.0.0.0/16", "egress all - 0.0.0.0/0")
		}},
		{"ACLs", func(b *builder) {
			b.nacl("n2", "va", []string{"s2"}, "in 100 tcp 443 10.0.1.0/24 allow", "in 110 udp 53 10.0.1.10/32 allow",
				"in 120 icmp - 0.0.0.0/0 allow", "out 100 tcp 1024-65535 10.0.1.0/24 allow", "out 110 all - 10.0.1.11/32 allow")
			b.sg("db", "va", "ingress tcp 5432 web", "ingress udp 50-60 10.0.1.10/32", "ingress icmp - 10.0.0.0/8", "egress all - 0.0.0.0/0")
			b.workload("w4", "s2", "10.0.2.11", "db")
			b.workload("w5", "s2", "10.0.2.12", "db")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkMatrixAgainstTrace(t, base(t, tt.mod)) })
	}
	for _, name := range []string{"three-tier", "hub-and-spoke", "peered-s3"} {
		t.Run(name, func(t *testing.T) { checkMatrixAgainstTrace(t, loadExample(t, name)) })
	}
	for _, c := range []struct {
		file   string
		params map[string]string
	}{
		{"userguide-vpc-peering-two-vpcs-ec2.json", map[string]string{"EC2KeyPairName": "kp"}},
		{"nfw-samples-tgw-hub-spoke-centralized-egress.yaml", map[string]string{"AvailabilityZoneSelection": "us-east-1a"}},
		{"nfw-samples-tgw-inspection-vpc-network-firewall-1az.yaml", nil},
		{"cfn-samples-ec2-eni-multiple-static-ips-eip.yaml", nil},
		{"cfn-samples-ecs-fargate-private-vpc-sg-selfref-ddb-endpoint.yaml", nil},
		{"cfn-samples-isolated-vpc-interface-endpoint-ec2.yaml", nil},
		{"cfn-samples-vpc-managed-nat-private-subnet.json", nil},
	} {
		t.Run(c.file, func(t *testing.T) { checkMatrixAgainstTrace(t, importCorpus(t, c.file, c.params)) })
	}
	t.Run("generated", func(t *testing.T) {
		checkMatrixAgainstTrace(t, designtest.Generate(designtest.Size{VPCs: 3, SubnetsPerVPC: 5, WorkloadsPer: 2,
			GroupsPerVPC: 3, RulesPerGroup: 6, TablesPerVPC: 3, RoutesPerTable: 3, NACLsPerVPC: 2, EntriesPerNACL: 6}))
	})
}

func TestMatrix(t *testing.T) {
	d := base(t, func(b *builder) {
		b.sg("db", "va", "ingress tcp 5432 web", "ingress tcp 8000-8100 10.0.1.0/24", "ingress udp 53 10.0.0.0/16",
			"ingress icmp - 10.0.0.0/16", "egress all - 0.0.0.0/0")
		b.workload("w3", "s2", "10.0.2.10", "db")
	})
	m, err := Matrix(d)
	if err != nil {
		t.Fatal(err)
	}
	want := map[[2]string]string{
		{"w1", "w3"}:         "tcp 5432, 8000-8100; udp 53; icmp all",
		{"pubw", "w3"}:       "tcp 5432; udp 53; icmp all",
		{"w3", "w1"}:         "tcp 443",
		{"w1", "w2"}:         "tcp 443",
		{"internet", "pubw"}: "",
		{"w1", "internet"}:   "tcp all; udp all; icmp all",
	}
	for k, w := range want {
		p, ok := m.Pair(k[0], k[1])
		if !ok || p.Allowed != w || p.Unknown != "" {
			t.Errorf("Matrix.Pair(%s, %s) = %+v, %v; want allowed %q", k[0], k[1], p, ok, w)
		}
	}
	if n := len(m.Pairs()); n != 4*3+2*4 {
		t.Errorf("len(Pairs()) = %d; want %d", n, 4*3+2*4)
	}
	var js, txt, csv strings.Builder
	for _, err := range []error{m.WriteJSON(&js), m.WriteText(&txt), m.WriteCSV(&csv)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct{ name, out, want string }{
		{"json", js.String(), `{"from":"w1","to":"w3","allowed":"tcp 5432, 8000-8100; udp 53; icmp all","unknown":""}`},
		{"text", txt.String(), "w1 -> w3: tcp 5432, 8000-8100; udp 53; icmp all\n"},
		{"csv", csv.String(), "w1,w3,\"tcp 5432, 8000-8100; udp 53; icmp all\",\n"},
	} {
		if !strings.Contains(c.out, c.want) {
			t.Errorf("%s output lacks %q:\n%s", c.name, c.want, c.out)
		}
	}
	if b, err := json.Marshal(m); err != nil || !json.Valid(b) {
		t.Errorf("json.Marshal(matrix) = %.40s, %v; want valid JSON", b, err)
	}
	if !strings.HasPrefix(js.String(), `{"pairs":[`) || !strings.HasPrefix(csv.String(), "from,to,allowed,unknown\n") {
		t.Errorf("JSON or CSV heading wrong:\n%s\n%s", js.String()[:20], csv.String()[:30])
	}
}

// WriteJSON writes what encoding/json makes of each pair, for a generated
// design with many classes and for a matrix of some pairs only.
func TestMatrixWriteJSONIsEncodingJSON(t *testing.T) {
	d := designtest.Generate(smallGenerated.Scale(3))
	an := New(d)
	whole, err := an.Matrix()
	if err != nil {
		t.Fatal(err)
	}
	among, err := an.MatrixAmong(whole.Names()[:2])
	if err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]MatrixResult{"Matrix": whole, "MatrixAmong": among} {
		var want strings.Builder
		want.WriteString(`{"pairs":[`)
		for i, p := range m.Pairs() {
			b, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			if i > 0 {
				want.WriteString(",")
			}
			want.WriteString("\n" + string(b))
		}
		want.WriteString("\n]}\n")
		var got strings.Builder
		if err := m.WriteJSON(&got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: WriteJSON differs from encoding/json of Pairs (%d and %d bytes)", name, got.Len(), want.Len())
		}
	}
}

// TestGatewayLoadBalancerIsNoEnd: a Gateway Load Balancer opens no
// connections and takes none addressed to it (it passes on, in GENEVE,
// what its endpoints send it), so the matrix has no row or column for it
// and a trace from or to it says why instead of listing it as a source
// to the internet.
func TestGatewayLoadBalancerIsNoEnd(t *testing.T) {
	d := loadExample(t, "three-tier")
	d.Workloads["fw"] = &design.Workload{Base: design.Base{ID: "fw"}, Type: design.WorkloadGWLB,
		Interfaces: []design.Interface{{Subnet: "app-a"}}}
	an := New(d)
	m, err := an.Matrix()
	if err != nil {
		t.Fatal(err)
	}
	m.Each(func(p MatrixPair) bool {
		if p.From == "fw" || p.To == "fw" {
			t.Errorf("the matrix has a pair with the Gateway Load Balancer: %s -> %s %s", p.From, p.To, p.Allowed)
		}
		return true
	})
	internet, _ := ParseEndpoint(d, "internet")
	fw := Endpoint{Kind: EndpointWorkload, ID: "fw"}
	for _, f := range []Flow{
		{From: fw, To: internet, Protocol: design.ProtocolTCP, Port: 443},
		{From: internet, To: fw, Protocol: design.ProtocolTCP, Port: 443},
	} {
		_, err := an.Trace(f)
		var fe *FlowError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), "Gateway Load Balancer") {
			t.Errorf("Trace(%s -> %s) error = %v; want a flow error saying a Gateway Load Balancer is no end", f.From, f.To, err)
		}
	}
}
