package reach

import (
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

func TestFlowLogs(t *testing.T) {
	const acct, tail = "2 111111111111 ", " 10 840 1700000000 1700000060 "
	rec := func(eni, src, dst, sport, dport, proto, action string) string {
		return acct + eni + " " + src + " " + dst + " " + sport + " " + dport + " " + proto + tail + action + " OK"
	}
	natIP := func(b *builder) {
		n := b.d.NATGateways["nat"]
		if n == nil {
			e := &design.ElasticIP{}
			e.ID = "nat-eip"
			n = &design.NATGateway{Subnet: "pub", Connectivity: design.ConnectivityPublic, EIP: e.ID}
			n.ID = "nat"
		}
		n.PrivateIP = "10.0.0.5"
		b.put(n)
	}
	tests := []struct {
		name     string
		mod      func(b *builder)
		from, to string
		proto    string
		port     int
		want     []string
	}{{
		name: "accepted both ways", from: "w1", to: "w3", proto: "tcp", port: 443,
		want: []string{
			rec("eni-w1", "10.0.1.10", "10.0.2.10", "49152", "443", "6", "ACCEPT"),
			rec("eni-w3", "10.0.1.10", "10.0.2.10", "49152", "443", "6", "ACCEPT"),
			rec("eni-w3", "10.0.2.10", "10.0.1.10", "443", "49152", "6", "ACCEPT"),
			rec("eni-w1", "10.0.2.10", "10.0.1.10", "443", "49152", "6", "ACCEPT"),
		},
	}, {
		name: "same subnet", from: "w1", to: "w2", proto: "icmp", port: 8,
		want: []string{
			rec("eni-w1", "10.0.1.10", "10.0.1.11", "0", "0", "1", "ACCEPT"),
			rec("eni-w2", "10.0.1.10", "10.0.1.11", "0", "0", "1", "REJECT"),
		},
	}, {
		name: "rejected by the destination's group", from: "w1", to: "w3", proto: "tcp", port: 22,
		want: []string{
			rec("eni-w1", "10.0.1.10", "10.0.2.10", "49152", "22", "6", "ACCEPT"),
			rec("eni-w3", "10.0.1.10", "10.0.2.10", "49152", "22", "6", "REJECT"),
		},
	}, {
		name: "never leaves the source",
		mod:  func(b *builder) { b.sg("web", "va", "ingress tcp 443 10.0.0.0/16", "egress udp 53 0.0.0.0/0") },
		from: "w1", to: "w3", proto: "tcp", port: 443,
		want: []string{rec("eni-w1", "10.0.1.10", "10.0.2.10", "49152", "443", "6", "REJECT")},
	}, {
		name: "replies rejected by a stateless ACL",
		mod: func(b *builder) {
			b.nacl("n2", "va", []string{"s2"}, "in 100 tcp 443 10.0.1.0/24 allow", "out 100 tcp 443 10.0.1.0/24 allow")
		},
		from: "w1", to: "w3", proto: "tcp", port: 443,
		want: []string{
			rec("eni-w1", "10.0.1.10", "10.0.2.10", "49152", "443", "6", "ACCEPT"),
			rec("eni-w3", "10.0.1.10", "10.0.2.10", "49152", "443", "6", "ACCEPT"),
			rec("eni-w3", "10.0.2.10", "10.0.1.10", "443", "49152", "6", "REJECT"),
		},
	}, {
		name: "through a NAT gateway", mod: natIP, from: "w1", to: "internet", proto: "tcp", port: 443,
		want: []string{
			rec("eni-w1", "10.0.1.10", "-", "49152", "443", "6", "ACCEPT"),
			rec("eni-nat", "10.0.1.10", "10.0.0.5", "49152", "443", "6", "ACCEPT"),
			rec("eni-nat", "10.0.0.5", "-", "49152", "443", "6", "ACCEPT"),
			rec("eni-nat", "-", "10.0.0.5", "443", "49152", "6", "ACCEPT"),
			rec("eni-nat", "10.0.0.5", "10.0.1.10", "443", "49152", "6", "ACCEPT"),
			rec("eni-w1", "-", "10.0.1.10", "443", "49152", "6", "ACCEPT"),
		},
	}, {
		name: "from the internet", from: "internet", to: "pubw", proto: "tcp", port: 443,
		want: []string{rec("eni-pubw", "-", "10.0.0.10", "49152", "443", "6", "REJECT")},
	}, {
		name: "only ENIs covered by a flow log, only its traffic type",
		mod: func(b *builder) {
			fl := &design.FlowLog{Resource: "s2", TrafficType: "REJECT"}
			fl.ID = "fl"
			b.put(fl)
		},
		from: "w1", to: "w3", proto: "tcp", port: 22,
		want: []string{rec("eni-w3", "10.0.1.10", "10.0.2.10", "49152", "22", "6", "REJECT")},
	}, {
		name: "all traffic is no packet", from: "w1", to: "w3", proto: "all", port: 0,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := base(t, tt.mod)
			f, err := ParseFlow(d, tt.from, tt.to, tt.proto, tt.port)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Trace(d, f)
			if err != nil {
				t.Fatal(err)
			}
			if got := FlowLogs(d, f, r); !slices.Equal(got, tt.want) {
				t.Errorf("FlowLogs(%s -> %s %s %d) =\n%s\nwant\n%s", tt.from, tt.to, tt.proto, tt.port, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
