package reach

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// base builds VPC va (10.0.0.0/16): public subnet pub with an internet
// gateway and NAT gateway nat; private subnets s1 and s2 routing
// 0.0.0.0/0 to the NAT; workloads w1 and w2 in s1, w3 in s2, pubw (public
// IP) in pub, all in group web (tcp 443 from the VPC in, everything out).
// mod adds or replaces resources.
func base(t *testing.T, mod func(b *builder)) *design.Design {
	b := newBuilder(t)
	b.vpc("va", "10.0.0.0/16")
	b.subnet("pub", "va", "us-east-1a", "10.0.0.0/24")
	b.subnet("s1", "va", "us-east-1a", "10.0.1.0/24")
	b.subnet("s2", "va", "us-east-1a", "10.0.2.0/24")
	b.igw("igw", "va")
	b.nat("nat", "pub")
	b.table("pub-rt", "va", []string{"pub"}, "0.0.0.0/0>internet-gateway:igw")
	b.table("priv-rt", "va", []string{"s1", "s2"}, "0.0.0.0/0>nat-gateway:nat")
	b.sg("web", "va", "ingress tcp 443 10.0.0.0/16", "egress all - 0.0.0.0/0")
	b.workload("w1", "s1", "10.0.1.10", "web")
	b.workload("w2", "s1", "10.0.1.11", "web")
	b.workload("w3", "s2", "10.0.2.10", "web")
	b.workload("pubw", "pub", "10.0.0.10", "web").Interfaces[0].PublicIP = true
	if mod != nil {
		mod(b)
	}
	return b.build()
}

// withPeer adds VPC vb (10.1.0.0/16) with subnet b1, workload wb in group
// bweb (tcp 443 from group web), peered with va by pcx, with routes both
// ways.
func withPeer(b *builder) {
	b.vpc("vb", "10.1.0.0/16")
	b.subnet("b1", "vb", "us-east-1a", "10.1.1.0/24")
	b.peering("pcx", "va", "vb")
	b.table("priv-rt", "va", []string{"s1", "s2"}, "0.0.0.0/0>nat-gateway:nat", "10.1.0.0/16>peering-connection:pcx")
	b.table("b-rt", "vb", []string{"b1"}, "10.0.0.0/16>peering-connection:pcx")
	b.sg("bweb", "vb", "ingress tcp 443 web", "egress all - 0.0.0.0/0")
	b.workload("wb", "b1", "10.1.1.10", "bweb")
}

// withTGW adds VPC vb as withPeer does but joined to va by transit gateway
// tgw (default association and propagation), attached through s2 and b1.
func withTGW(b *builder) {
	b.vpc("vb", "10.1.0.0/16")
	b.subnet("b1", "vb", "us-east-1a", "10.1.1.0/24")
	g := &design.TransitGateway{DefaultRouteTableAssociation: true, DefaultRouteTablePropagation: true}
	g.ID = "tgw"
	b.put(g)
	for _, a := range [][3]string{{"att-a", "va", "s2"}, {"att-b", "vb", "b1"}} {
		att := &design.TransitGatewayAttachment{TransitGateway: "tgw", VPC: a[1], Subnets: []string{a[2]}}
		att.ID = a[0]
		b.put(att)
	}
	b.table("priv-rt", "va", []string{"s1", "s2"}, "0.0.0.0/0>nat-gateway:nat", "10.1.0.0/16>transit-gateway:tgw")
	b.table("b-rt", "vb", []string{"b1"}, "10.0.0.0/16>transit-gateway:tgw")
	b.sg("bweb", "vb", "ingress tcp 443 10.0.0.0/8", "egress all - 0.0.0.0/0")
	b.workload("wb", "b1", "10.1.1.10", "bweb")
}

const (
	dnacl = "va.default-nacl"
	bnacl = "vb.default-nacl"
)

func TestTrace(t *testing.T) {
	tests := []struct {
		name     string
		mod      func(b *builder)
		from, to string
		proto    string
		port     int
		verdict  Verdict
		forward  []string
		ret      []string // nil: not checked
		blockers []string
	}{{
		name: "same subnet skips NACLs and routes", from: "w1", to: "w2", proto: "tcp", port: 443, verdict: Reachable,
		forward: []string{"sg-egress web egress[0] allow", "local s1 allow", "sg-ingress web ingress[0] allow"},
		ret:     []string{"local s1 allow"},
	}, {
		name: "same VPC, different subnets", from: "w1", to: "w3", proto: "tcp", port: 443, verdict: Reachable,
		forward: []string{"sg-egress web egress[0] allow", "nacl-outbound " + dnacl + " 100 allow", "route priv-rt local allow",
			"nacl-inbound " + dnacl + " 100 allow", "sg-ingress web ingress[0] allow"},
		ret: []string{"nacl-outbound " + dnacl + " 100 allow", "route priv-rt local allow", "nacl-inbound " + dnacl + " 100 allow"},
	}, {
		name: "stateless NACL without the return rule",
		mod: func(b *builder) {
			b.nacl("n2", "va", []string{"s2"}, "in 100 tcp 443 10.0.1.0/24 allow", "out 100 tcp 443 10.0.1.0/24 allow")
		},
		from: "w1", to: "w3", proto: "tcp", port: 443, verdict: Unreachable,
		forward: []string{"sg-egress web egress[0] allow", "nacl-outbound " + dnacl + " 100 allow", "route priv-rt local allow",
			"nacl-inbound n2 100 allow", "sg-ingress web ingress[0] allow"},
		ret:      []string{"nacl-outbound n2 * deny", "route priv-rt local allow", "nacl-inbound " + dnacl + " 100 allow"},
		blockers: []string{"nacl-outbound n2 *: add outbound rule to NACL `n2` allowing tcp 1024-65535 to 10.0.1.0/24"},
	}, {
		name: "every blocker: SG egress and a NACL deny rule",
		mod: func(b *builder) {
			b.sg("web", "va", "ingress tcp 443 10.0.0.0/16", "egress udp 53 0.0.0.0/0")
			b.nacl("n2", "va", []string{"s2"}, "in 90 tcp 443 10.0.1.0/24 deny", "in 100 all - 0.0.0.0/0 allow", "out 100 all - 0.0.0.0/0 allow")
		},
		from: "w1", to: "w3", proto: "tcp", port: 443, verdict: Unreachable,
		forward: []string{"sg-egress web deny", "nacl-outbound " + dnacl + " 100 allow", "route priv-rt local allow",
			"nacl-inbound n2 90 deny", "sg-ingress web ingress[0] allow"},
		blockers: []string{
			"sg-egress web: add egress rule to security group `web` allowing tcp 443 to security group `web`",
			"nacl-inbound n2 90: add inbound rule to NACL `n2` allowing tcp 443 from 10.0.1.0/24 numbered below 90",
		},
	}, {
		name: "internet out through a NAT gateway", from: "w1", to: "internet", proto: "tcp", port: 443, verdict: Reachable,
		forward: []string{"sg-egress web egress[0] allow", "nacl-outbound " + dnacl + " 100 allow", "route priv-rt 0.0.0.0/0 allow",
			"nacl-inbound " + dnacl + " 100 allow", "nat nat allow", "nacl-outbound " + dnacl + " 100 allow",
			"route pub-rt 0.0.0.0/0 allow", "igw igw allow"},
		ret: []string{"igw igw allow", "nacl-inbound " + dnacl + " 100 allow", "nat nat allow", "nacl-outbound " + dnacl + " 100 allow",
			"route pub-rt local allow", "nacl-inbound " + dnacl + " 100 allow"},
	}, {
		name: "internet out through the IGW with a public IP", from: "pubw", to: "internet", proto: "tcp", port: 443, verdict: Reachable,
		forward: []string{"sg-egress web egress[0] allow", "nacl-outbound " + dnacl + " 100 allow", "route pub-rt 0.0.0.0/0 allow", "igw igw allow"},
		ret:     []string{"igw igw allow", "nacl-inbound " + dnacl + " 100 allow"},
	}, {
		name: "internet out through the IGW without a public address",
		mod:  func(b *builder) { b.workload("pubw", "pub", "10.0.0.10", "web") },
		from: "pubw", to: "internet", proto: "tcp", port: 443, verdict: Unreachable,
		forward:  []string{"sg-egress web egress[0] allow", "nacl-outbound " + dnacl + " 100 allow", "route pub-rt 0.0.0.0/0 allow", "igw igw deny"},
		blockers: []string{"igw pubw: give workload `pubw` a public IP or an Elastic IP, or route 0.0.0.0/0 in route table `pub-rt` to a NAT gateway"},
	}, {
		name: "internet in: the group does not allow the world", from: "internet", to: "pubw", proto: "tcp", port: 443, verdict: Unreachable,
		forward:  []string{"igw igw allow", "nacl-inbound " + dnacl + " 100 allow", "sg-ingress web deny"},
		ret:      []string{"nacl-outbound " + dnacl + " 100 allow", "route pub-rt 0.0.0.0/0 allow", "igw igw allow"},
		blockers: []string{"sg-ingress web: add ingress rule to security group `web` allowing tcp 443 from 0.0.0.0/0"},
	}, {
		name: "internet in to a private workload: no public address, replies through the NAT",
		mod:  func(b *builder) { b.sg("web", "va", "ingress tcp 443 0.0.0.0/0", "egress all - 0.0.0.0/0") },
		from: "internet", to: "w1", proto: "tcp", port: 443, verdict: Unreachable,
		forward: []string{"igw igw deny", "nacl-inbound " + dnacl + " 100 allow", "sg-ingress web ingress[0] allow"},
		ret:     []string{"nacl-outbound " + dnacl + " 100 allow", "route priv-rt 0.0.0.0/0 allow", "nat nat deny"},
		blockers: []string{
			"igw w1: give workload `w1` a public IP or an Elastic IP, or reach it through a load balancer in a public subnet",
			"route priv-rt 0.0.0.0/0: route 0.0.0.0/0 in route table `priv-rt` to internet gateway `igw` (replies must leave the way the connection came in)",
		},
	}, {
		name: "peering, with a group reference across it", mod: withPeer,
		from: "w1", to: "wb", proto: "tcp", port: 443, verdict: Reachable,
		forward: []string{"sg-egress web egress[0] allow", "nacl-outbound " + dnacl + " 100 allow", "route priv-rt 10.1.0.0/16 allow",
			"peering pcx allow", "nacl-inbound " + bnacl + " 100 allow", "sg-ingress bweb ingress[0] allow"},
		ret: []string{"nacl-outbound " + bnacl + " 100 allow", "route b-rt 10.0.0.0/16 allow", "peering pcx allow", "nacl-inbound " + dnacl + " 100 allow"},
	}, {
		name: "peering without a route back",
		mod: func(b *builder) {
			withPeer(b)
			b.table("b-rt", "vb", []string{"b1"})
		},
		from: "w1", to: "wb", proto: "tcp", port: 443, verdict: Unreachable,
		ret:      []string{"nacl-outbound " + bnacl + " 100 allow", "route b-rt deny"},
		blockers: []string{"route b-rt: add a route for 10.0.0.0/16 to route table `b-rt` through peering connection `pcx`"},
	}, {
		name: "group references do not cross regions",
		mod: func(b *builder) {
			withPeer(b)
			v := &design.VPC{CIDR: "10.1.0.0/16", Region: "eu-west-1"}
			v.ID = "vb"
			b.put(v)
			b.subnet("b1", "vb", "eu-west-1a", "10.1.1.0/24")
		},
		from: "w1", to: "wb", proto: "tcp", port: 443, verdict: Unreachable,
		forward: []string{"sg-egress web egress[0] allow", "nacl-outbound " + dnacl + " 100 allow", "route priv-rt 10.1.0.0/16 allow",
			"peering pcx allow", "nacl-inbound " + bnacl + " 100 allow", "sg-ingress bweb deny"},
		blockers: []string{"sg-ingress bweb: add ingress rule to security group `bweb` allowing tcp 443 from 10.0.1.10/32"},
	}, {
		name: "no transitive peering",
		mod: func(b *builder) {
			withPeer(b)
			b.vpc("vc", "10.2.0.0/16")
			b.subnet("c1", "vc", "us-east-1a", "10.2.1.0/24")
			b.workload("wc", "c1", "10.2.1.10")
			b.peering("pcx-bc", "vb", "vc")
			b.table("priv-rt", "va", []string{"s1", "s2"}, "0.0.0.0/0>nat-gateway:nat", "10.1.0.0/16>peering-connection:pcx", "10.2.0.0/16>peering-connection:pcx")
		},
		from: "w1", to: "wc", proto: "tcp", port: 443, verdict: Unreachable,
		forward:  []string{"sg-egress web egress[0] allow", "nacl-outbound " + dnacl + " 100 allow", "route priv-rt 10.2.0.0/16 allow", "peering pcx deny"},
		ret:      []string{},
		blockers: []string{"route priv-rt 10.2.0.0/16: peer VPC `va` with VPC `vc` (or join them with a transit gateway) and route 10.2.0.0/16 in route table `priv-rt` to it"},
	}, {
		name: "transit gateway with default association and propagation", mod: withTGW,
		from: "w1", to: "wb", proto: "tcp", port: 443, verdict: Reachable,
		forward: []string{"sg-egress web egress[0] allow", "nacl-outbound " + dnacl + " 100 allow", "route priv-rt 10.1.0.0/16 allow",
			"tgw-attachment att-a s2 allow", "nacl-inbound " + dnacl + " 100 allow", "tgw-route tgw 10.1.0.0/16 allow",
			"tgw-attachment att-b b1 allow", "local b1 allow", "sg-ingress bweb ingress[0] allow"},
		ret: []string{"nacl-outbound " + bnacl + " 100 allow", "route b-rt 10.0.0.0/16 allow", "tgw-attachment att-b b1 allow",
			"tgw-route tgw 10.0.0.0/16 allow", "tgw-attachment att-a s2 allow", "nacl-outbound " + dnacl + " 100 allow",
			"route priv-rt local allow", "nacl-inbound " + dnacl + " 100 allow"},
	}, {
		name: "transit gateway blackhole",
		mod: func(b *builder) {
			withTGW(b)
			tt := &design.TransitGatewayRouteTable{TransitGateway: "tgw", Associations: []string{"att-a"},
				Routes: []design.TGWRoute{{Destination: "10.1.0.0/16", Blackhole: true}}}
			tt.ID = "tgw-rt"
			b.put(tt)
		},
		from: "w1", to: "wb", proto: "tcp", port: 443, verdict: Unreachable,
		forward: []string{"sg-egress web egress[0] allow", "nacl-outbound " + dnacl + " 100 allow", "route priv-rt 10.1.0.0/16 allow",
			"tgw-attachment att-a s2 allow", "nacl-inbound " + dnacl + " 100 allow", "tgw-route tgw-rt 10.1.0.0/16 deny"},
		blockers: []string{"tgw-route tgw-rt 10.1.0.0/16: remove the blackhole route 10.1.0.0/16 from TGW route table `tgw-rt`"},
	}, {
		name: "transit gateway attachment without a subnet in the source's AZ",
		mod: func(b *builder) {
			withTGW(b)
			b.subnet("s1", "va", "us-east-1b", "10.0.1.0/24")
		},
		from: "w1", to: "wb", proto: "tcp", port: 443, verdict: Unreachable,
		forward:  []string{"sg-egress web egress[0] allow", "nacl-outbound " + dnacl + " 100 allow", "route priv-rt 10.1.0.0/16 allow", "tgw-attachment att-a deny"},
		blockers: []string{"tgw-attachment att-a: add a subnet in us-east-1b to attachment `att-a`"},
	}, {
		name: "gateway endpoint",
		mod: func(b *builder) {
			e := &design.VPCEndpoint{VPC: "va", Type: design.EndpointGateway, Service: "com.amazonaws.us-east-1.s3", RouteTables: []string{"priv-rt"}}
			e.ID = "s3-ep"
			b.put(e)
		},
		from: "w1", to: "s3", proto: "tcp", port: 443, verdict: Reachable,
		forward: []string{"sg-egress web egress[0] allow", "nacl-outbound " + dnacl + " 100 allow",
			"route priv-rt com.amazonaws.us-east-1.s3 allow", "endpoint s3-ep allow"},
		ret: []string{"endpoint s3-ep allow", "nacl-inbound " + dnacl + " 100 allow"},
	}, {
		name: "gateway endpoint: the group must allow the prefix list",
		mod: func(b *builder) {
			e := &design.VPCEndpoint{VPC: "va", Type: design.EndpointGateway, Service: "com.amazonaws.us-east-1.s3", RouteTables: []string{"priv-rt"}}
			e.ID = "s3-ep"
			b.put(e)
			b.sg("web", "va", "egress tcp 443 10.0.0.0/8")
		},
		from: "w1", to: "s3", proto: "tcp", port: 443, verdict: Unreachable,
		forward: []string{"sg-egress web deny", "nacl-outbound " + dnacl + " 100 allow",
			"route priv-rt com.amazonaws.us-east-1.s3 allow", "endpoint s3-ep allow"},
		blockers: []string{"sg-egress web: add egress rule to security group `web` allowing tcp 443 to com.amazonaws.us-east-1.s3"},
	}, {
		name: "interface endpoint is an ENI with its own groups",
		mod: func(b *builder) {
			b.sg("ep-sg", "va", "ingress tcp 443 10.0.1.0/24")
			e := &design.VPCEndpoint{VPC: "va", Type: design.EndpointInterface, Service: "com.amazonaws.us-east-1.ssm", Subnets: []string{"s2"}, SecurityGroups: []string{"ep-sg"}}
			e.ID = "ssm-ep"
			b.put(e)
		},
		from: "w1", to: "ssm", proto: "tcp", port: 443, verdict: Reachable,
		forward: []string{"sg-egress web egress[0] allow", "nacl-outbound " + dnacl + " 100 allow", "route priv-rt local allow",
			"nacl-inbound " + dnacl + " 100 allow", "sg-ingress ep-sg ingress[0] allow", "endpoint ssm-ep allow"},
	}, {
		name: "an address not allocated stands for its subnet",
		mod:  func(b *builder) { b.workload("w3", "s2", "", "web") },
		from: "w1", to: "w3", proto: "tcp", port: 443, verdict: Reachable,
	}, {
		name: "an address not allocated where a rule names one address",
		mod: func(b *builder) {
			b.sg("db", "va", "ingress tcp 5432 10.0.1.10/32")
			b.workload("w1", "s1", "", "web")
			b.workload("w3", "s2", "10.0.2.10", "db")
		},
		from: "w1", to: "w3", proto: "tcp", port: 5432, verdict: Unknown,
		forward: []string{"sg-egress web egress[0] allow", "nacl-outbound " + dnacl + " 100 allow", "route priv-rt local allow",
			"nacl-inbound " + dnacl + " 100 allow", "sg-ingress db ingress[0] unknown"},
	}, {
		name: "route target known only after deployment",
		mod: func(b *builder) {
			b.table("priv-rt", "va", []string{"s1", "s2"}, "0.0.0.0/0>vpc-endpoint:"+design.Unknown("Fn::GetAtt Firewall.EndpointIds"))
		},
		from: "w1", to: "internet", proto: "tcp", port: 443, verdict: Unknown,
		forward: []string{"sg-egress web egress[0] allow", "nacl-outbound " + dnacl + " 100 allow", "route priv-rt 0.0.0.0/0 unknown"},
		ret:     []string{},
	}, {
		name: "IPv6 out through an egress-only internet gateway",
		mod: func(b *builder) {
			b.vpc("v6", "10.6.0.0/16", "2600:1f18:1::/56")
			s := b.subnet("s6", "v6", "us-east-1a", "10.6.1.0/24")
			s.IPv6CIDR = "2600:1f18:1:1::/64"
			g := &design.EgressOnlyInternetGateway{VPC: "v6"}
			g.ID = "eigw"
			b.put(g)
			b.table("rt6", "v6", []string{"s6"}, "::/0>egress-only-internet-gateway:eigw")
			b.workload("w6", "s6", "10.6.1.10").Interfaces[0].IPv6 = []string{"2600:1f18:1:1::10"}
		},
		from: "w6", to: "::/0", proto: "tcp", port: 443, verdict: Reachable,
		forward: []string{"sg-egress v6.default-sg egress[1] allow", "nacl-outbound v6.default-nacl 101 allow", "route rt6 ::/0 allow", "igw eigw allow"},
		ret:     []string{"igw eigw allow", "nacl-inbound v6.default-nacl 101 allow"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := base(t, tt.mod)
			r := mustTrace(t, d, tt.from, tt.to, tt.proto, tt.port)
			call := "Trace(" + tt.from + " -> " + tt.to + ")"
			if r.Verdict != tt.verdict {
				t.Errorf("%s.Verdict = %v; want %v", call, r.Verdict, tt.verdict)
			}
			if tt.forward != nil && !slices.Equal(hops(r.Forward), tt.forward) {
				t.Errorf("%s.Forward = %q; want %q", call, hops(r.Forward), tt.forward)
			}
			if tt.ret != nil && !slices.Equal(hops(r.Return), tt.ret) {
				t.Errorf("%s.Return = %q; want %q", call, hops(r.Return), tt.ret)
			}
			if want := tt.blockers; tt.verdict == Unreachable || len(want) > 0 {
				if !slices.Equal(blockers(r.Blockers), want) {
					t.Errorf("%s.Blockers = %q; want %q", call, blockers(r.Blockers), want)
				}
			}
		})
	}
}

func TestTraceExamples(t *testing.T) {
	tests := []struct {
		example, from, to string
		port              int
		verdict           Verdict
		kinds             []string // kinds the forward path must pass, in order
		blockers          int
	}{
		{"three-tier", "app-1", "db", 5432, Reachable, []string{"sg-egress", "nacl-outbound", "route", "nacl-inbound", "sg-ingress"}, 0},
		{"three-tier", "internet", "app-1", 8080, Unreachable, []string{"igw", "nacl-inbound", "sg-ingress"}, 3},
		{"hub-and-spoke", "spoke-a-app", "spoke-b-app", 443, Reachable, []string{"route", "tgw-attachment", "tgw-route", "tgw-attachment", "sg-ingress"}, 0},
		{"hub-and-spoke", "spoke-a-app", "internet", 443, Reachable, []string{"tgw-route", "nat", "igw"}, 0},
		{"peered-s3", "app-server", "shared-api", 443, Reachable, []string{"route", "peering", "sg-ingress"}, 0},
		{"peered-s3", "app-server", "s3", 443, Reachable, []string{"route", "endpoint"}, 0},
	}
	for _, tt := range tests {
		d := loadExample(t, tt.example)
		r := mustTrace(t, d, tt.from, tt.to, "tcp", tt.port)
		call := "Trace(" + tt.example + ": " + tt.from + " -> " + tt.to + ")"
		if r.Verdict != tt.verdict || len(r.Blockers) != tt.blockers {
			t.Errorf("%s = %v with %d blockers %q; want %v with %d", call, r.Verdict, len(r.Blockers), blockers(r.Blockers), tt.verdict, tt.blockers)
		}
		if !subsequence(kindsOf(r.Forward), tt.kinds) {
			t.Errorf("%s.Forward = %q; want kinds %q in order", call, hops(r.Forward), tt.kinds)
		}
	}
	// The three-tier data tier: the return rule of data-nacl covers the app
	// tier's ephemeral ports, and the blockers of internet -> app-1 name the
	// exact rules.
	d := loadExample(t, "three-tier")
	r := mustTrace(t, d, "internet", "app-1", "tcp", 8080)
	want := []string{
		"igw app-1: give workload `app-1` a public IP or an Elastic IP, or reach it through a load balancer in a public subnet",
		"sg-ingress app-sg: add ingress rule to security group `app-sg` allowing tcp 8080 from 0.0.0.0/0",
		"route app-rt-a 0.0.0.0/0: route 0.0.0.0/0 in route table `app-rt-a` to internet gateway `igw` (replies must leave the way the connection came in)",
	}
	if got := blockers(r.Blockers); !slices.Equal(got, want) {
		t.Errorf("Trace(three-tier: internet -> app-1).Blockers = %q; want %q", got, want)
	}
}

func kindsOf(hs []Hop) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Kind
	}
	return out
}

// subsequence reports whether want appears in got in order.
func subsequence(got, want []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}

func TestResultJSON(t *testing.T) {
	d := loadExample(t, "three-tier")
	r := mustTrace(t, d, "app-1", "db", "tcp", 5432)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), `{"verdict":"reachable","forward":[{"kind":"sg-egress","resource":"app-sg","rule":"egress[0]","decision":"allow"`) ||
		!strings.HasSuffix(string(b), `],"blockers":[]}`) {
		t.Errorf("json.Marshal(Trace(app-1 -> db)) = %s; want verdict, forward, return, blockers", b)
	}
	var v Verdict
	if _, err := v.MarshalText(); err == nil {
		t.Errorf("Verdict(0).MarshalText() = nil error; want an error")
	}
	for _, want := range []Verdict{Reachable, Unreachable, Unknown} {
		text, _ := want.MarshalText()
		if err := v.UnmarshalText(text); err != nil || v != want {
			t.Errorf("UnmarshalText(%s) = %v, %v; want %v", text, v, err, want)
		}
	}
}

func TestParseFlowErrors(t *testing.T) {
	d := loadExample(t, "three-tier")
	tests := []struct {
		from, to, proto string
		port            int
		want            string
	}{
		{"Wbe", "db", "tcp", 443, `--from "Wbe": no workload, subnet or service with id "Wbe"`},
		{"app-1", "nope", "tcp", 443, `--to "nope": no workload, subnet or service with id "nope"`},
		{"app-1", "web-vpc", "tcp", 443, `--to "web-vpc": "web-vpc" is a vpc; want a workload, a subnet, internet, an address or a service`},
		{"app-1", "db", "tcpp", 443, `--protocol: "tcpp" is not a protocol`},
		{"app-1", "db", "tcp", 70000, `--port 70000: not a tcp port (want 0-65535)`},
		{"app-1", "db", "udp", -1, `--port -1: not a udp port (want 0-65535)`},
		{"app-1", "db", "icmp", 300, `--port 300: not an ICMP type`},
		{"s3", "db", "tcp", 443, `--from "s3": a service can only be a destination`},
		{"internet", "0.0.0.0/0", "tcp", 443, `at least one end must be in the design`},
		{"app-1", "10.0.0.0/8", "tcp", 443, `lies in VPC "web-vpc" but in no single subnet`},
		{"app-1", "app-1", "tcp", 443, `--from and --to: both are "app-1"`},
	}
	for _, tt := range tests {
		_, err := ParseFlow(d, tt.from, tt.to, tt.proto, tt.port)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseFlow(%q, %q, %q, %d) error = %v; want %q", tt.from, tt.to, tt.proto, tt.port, err, tt.want)
		}
	}
}

func TestParseEndpoint(t *testing.T) {
	d := loadExample(t, "three-tier")
	tests := []struct {
		in   string
		want Endpoint
	}{
		{"app-1", Endpoint{Kind: EndpointWorkload, ID: "app-1"}},
		{"data-a", Endpoint{Kind: EndpointSubnet, ID: "data-a"}},
		{"internet", Endpoint{Kind: EndpointInternet, Prefix: mustPrefix("0.0.0.0/0")}},
		{"::/0", Endpoint{Kind: EndpointInternet, Prefix: mustPrefix("::/0")}},
		{"10.0.20.10", Endpoint{Kind: EndpointAddress, ID: "data-a", Prefix: mustPrefix("10.0.20.10/32")}},
		{"203.0.113.0/24", Endpoint{Kind: EndpointAddress, Prefix: mustPrefix("203.0.113.0/24")}},
		{"s3", Endpoint{Kind: EndpointService, ID: "s3"}},
		{"com.amazonaws.us-east-1.dynamodb", Endpoint{Kind: EndpointService, ID: "dynamodb"}},
	}
	for _, tt := range tests {
		got, err := ParseEndpoint(d, tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseEndpoint(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
		if err == nil && got.String() != tt.in && !strings.HasPrefix(tt.in, "com.") {
			t.Errorf("ParseEndpoint(%q).String() = %q; want %q", tt.in, got.String(), tt.in)
		}
	}
}
