package validate

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// entry returns a NACL entry; ports -1 means all ports.
func entry(n int, a design.Action, p design.Protocol, from, to int, cidr string) design.NACLEntry {
	e := design.NACLEntry{Number: n, Protocol: p, CIDR: cidr, Action: a}
	if from >= 0 {
		e.Ports = &design.PortRange{From: from, To: to}
	}
	return e
}

// icmpEntry returns an ICMP entry for a type and code (-1: any).
func icmpEntry(n int, a design.Action, typ, code int, cidr string) design.NACLEntry {
	return design.NACLEntry{Number: n, Protocol: design.ProtocolICMP, ICMP: &design.ICMPMatch{Type: typ, Code: code}, CIDR: cidr, Action: a}
}

const (
	allow = design.Allow
	deny  = design.Deny
	tcp   = design.ProtocolTCP
	udp   = design.ProtocolUDP
	all   = design.ProtocolAll
)

// naclVPC builds VPC v (10.0.0.0/16, with IPv6) and subnet s with a
// workload.
func naclVPC(t *testing.T) *netFixture {
	f := newNetFixture(t).vpc("v", "10.0.0.0/16", func(v *design.VPC) { v.IPv6CIDRs = []string{"2600:1f18:1::/56"} })
	return f.subnet("s", "v", "us-east-1a", "10.0.1.0/24").workload("w", "s")
}

// acl puts custom network ACL acl on subnet s.
func acl(f *netFixture, in, out []design.NACLEntry) {
	f.put(&design.NetworkACL{Base: baseOf("acl"), VPC: "v", Subnets: []string{"s"}, Inbound: in, Outbound: out})
}

func TestNACLRules(t *testing.T) {
	codes := []string{"nacl.rule-number", "nacl.default-missing", "nacl.assoc-duplicate", "nacl.shadowed",
		"nacl.return-blocked", "nacl.custom-empty"}
	allowAll := []design.NACLEntry{entry(100, allow, all, -1, 0, "0.0.0.0/0")}
	tests := []struct {
		name     string
		build    func(f *netFixture)
		want     []wantFinding
		wantOnly string // if set, only findings of this code are compared
	}{
		{
			name:  "AWS's default ACL, IPv4 and IPv6",
			build: func(f *netFixture) {},
		},
		{
			name: "a stateless web tier done right",
			build: func(f *netFixture) {
				acl(f, []design.NACLEntry{
					entry(100, allow, tcp, 443, 443, "0.0.0.0/0"),
					entry(110, allow, tcp, 1024, 65535, "0.0.0.0/0"),
				}, []design.NACLEntry{
					entry(90, deny, all, -1, 0, "192.0.2.0/24"), // a block list, not a missing return rule
					entry(100, allow, tcp, 1024, 65535, "0.0.0.0/0"),
					entry(110, allow, tcp, 443, 443, "0.0.0.0/0"),
				})
			},
		},
		{
			name: "rule numbers out of range and twice",
			build: func(f *netFixture) {
				acl(f, []design.NACLEntry{
					entry(0, allow, all, -1, 0, "0.0.0.0/0"),
					entry(32767, deny, all, -1, 0, "0.0.0.0/0"),
					entry(200, allow, tcp, 22, 22, "10.0.0.0/8"),
					entry(200, allow, tcp, 80, 80, "10.0.0.0/8"),
				}, allowAll)
			},
			wantOnly: "nacl.rule-number",
			want: []wantFinding{
				{"nacl.rule-number", "network-acl[acl].inbound[0].number", []string{"acl"}},
				{"nacl.rule-number", "network-acl[acl].inbound[1].number", []string{"acl"}},
				{"nacl.rule-number", "network-acl[acl].inbound[3].number", []string{"acl"}},
			},
		},
		{
			name:  "no default ACL",
			build: func(f *netFixture) { f.del(design.KindNetworkACL, design.DefaultNetworkACLID("v")) },
			want:  []wantFinding{{"nacl.default-missing", "vpc[v]", []string{"v"}}},
		},
		{
			name: "two default ACLs",
			build: func(f *netFixture) {
				f.put(&design.NetworkACL{Base: baseOf("v.z-default"), VPC: "v", Default: true, Inbound: allowAll, Outbound: allowAll})
			},
			want: []wantFinding{{"nacl.default-missing", "network-acl[v.z-default].default", []string{"v.z-default", "v", "v.default-nacl"}}},
		},
		{
			name: "subnet in two ACLs",
			build: func(f *netFixture) {
				acl(f, allowAll, allowAll)
				f.put(&design.NetworkACL{Base: baseOf("other"), VPC: "v", Subnets: []string{"s"}, Inbound: allowAll, Outbound: allowAll})
			},
			want: []wantFinding{{"nacl.assoc-duplicate", "network-acl[other].subnets[0]", []string{"other", "s", "acl"}}},
		},
		{
			name: "shadowed by one earlier rule, listed out of order",
			build: func(f *netFixture) {
				acl(f, []design.NACLEntry{
					entry(200, deny, tcp, 22, 22, "10.1.0.0/16"),
					entry(100, allow, tcp, -1, 0, "10.0.0.0/8"),
					entry(300, allow, all, -1, 0, "0.0.0.0/0"),
				}, allowAll)
			},
			want: []wantFinding{{"nacl.shadowed", "network-acl[acl].inbound[0]", []string{"acl"}}},
		},
		{
			name: "shadowed by the union of earlier rules: addresses, ports, both",
			build: func(f *netFixture) {
				acl(f, []design.NACLEntry{
					entry(100, allow, tcp, 0, 500, "0.0.0.0/1"),
					entry(110, allow, tcp, 0, 500, "128.0.0.0/1"),
					entry(120, deny, tcp, 443, 443, "0.0.0.0/0"), // addresses of 100 and 110
					entry(130, allow, udp, 0, 99, "10.0.0.0/8"),
					entry(140, allow, udp, 100, 65535, "10.0.0.0/8"),
					entry(150, deny, udp, 53, 123, "10.2.0.0/16"), // ports of 130 and 140
					entry(160, allow, all, -1, 0, "0.0.0.0/0"),
				}, allowAll)
			},
			want: []wantFinding{
				{"nacl.shadowed", "network-acl[acl].inbound[2]", nil},
				{"nacl.shadowed", "network-acl[acl].inbound[5]", nil},
			},
		},
		{
			name: "partly covered rules are not shadowed",
			build: func(f *netFixture) {
				acl(f, []design.NACLEntry{
					entry(100, allow, tcp, 0, 500, "0.0.0.0/1"),
					entry(110, allow, tcp, 400, 1000, "0.0.0.0/0"),
					entry(120, deny, tcp, 300, 600, "0.0.0.0/0"),   // 128.0.0.0/1 on 300-399 is left
					entry(130, deny, udp, 443, 443, "0.0.0.0/0"),   // another protocol
					entry(140, deny, tcp, 443, 443, "::/0"),        // another family
					entry(150, allow, all, -1, 0, "0.0.0.0/0"),     // other protocols
					entry(160, allow, all, -1, 0, "::/0"),          // IPv6
					entry(170, allow, tcp, 443, 443, "10.0.0.0/8"), // covered by 150: shadowed
				}, []design.NACLEntry{entry(100, allow, all, -1, 0, "0.0.0.0/0"), entry(110, allow, all, -1, 0, "::/0")})
			},
			want: []wantFinding{{"nacl.shadowed", "network-acl[acl].inbound[7]", nil}},
		},
		{
			name: "ICMP types and codes",
			build: func(f *netFixture) {
				acl(f, []design.NACLEntry{
					icmpEntry(100, allow, 3, -1, "0.0.0.0/0"),
					icmpEntry(110, deny, 3, 4, "10.0.0.0/8"), // inside type 3
					icmpEntry(120, deny, 8, 0, "0.0.0.0/0"),  // another type
					icmpEntry(130, allow, -1, -1, "0.0.0.0/0"),
					icmpEntry(140, allow, 0, 0, "10.0.0.0/8"), // inside all types
				}, allowAll)
			},
			wantOnly: "nacl.shadowed",
			want: []wantFinding{
				{"nacl.shadowed", "network-acl[acl].inbound[1]", nil},
				{"nacl.shadowed", "network-acl[acl].inbound[4]", nil},
			},
		},
		{
			name: "service allowed both ways, ephemeral return in neither",
			build: func(f *netFixture) {
				acl(f, []design.NACLEntry{entry(100, allow, tcp, 443, 443, "0.0.0.0/0")},
					[]design.NACLEntry{entry(100, allow, tcp, 443, 443, "0.0.0.0/0")})
			},
			want: []wantFinding{
				{"nacl.return-blocked", "network-acl[acl].inbound[0]", []string{"acl"}},
				{"nacl.return-blocked", "network-acl[acl].outbound[0]", []string{"acl"}},
			},
		},
		{
			name: "return allowed only to the VPC",
			build: func(f *netFixture) {
				acl(f, []design.NACLEntry{entry(100, allow, tcp, 443, 443, "0.0.0.0/0")},
					[]design.NACLEntry{entry(100, allow, tcp, 1024, 65535, "10.0.0.0/8")})
			},
			want: []wantFinding{{"nacl.return-blocked", "network-acl[acl].inbound[0]", nil}},
		},
		{
			name: "return denied by a catch-all deny first",
			build: func(f *netFixture) {
				acl(f, []design.NACLEntry{entry(100, allow, tcp, 5432, 5432, "10.0.0.0/16")},
					[]design.NACLEntry{entry(50, deny, all, -1, 0, "0.0.0.0/0"), entry(100, allow, tcp, 1024, 65535, "10.0.0.0/16")})
			},
			wantOnly: "nacl.return-blocked",
			want:     []wantFinding{{"nacl.return-blocked", "network-acl[acl].inbound[0]", nil}},
		},
		{
			name: "udp service with a tcp-only return",
			build: func(f *netFixture) {
				acl(f, []design.NACLEntry{entry(100, allow, udp, 53, 53, "10.0.0.0/8")},
					[]design.NACLEntry{entry(100, allow, tcp, 1024, 65535, "10.0.0.0/8")})
			},
			want: []wantFinding{{"nacl.return-blocked", "network-acl[acl].inbound[0]", nil}},
		},
		{
			name: "only the addresses a rule decides need a return",
			build: func(f *netFixture) {
				acl(f, []design.NACLEntry{
					entry(90, deny, tcp, 443, 443, "0.0.0.0/1"),
					entry(100, allow, tcp, 443, 443, "0.0.0.0/0"),
				}, []design.NACLEntry{entry(100, allow, tcp, 1024, 65535, "128.0.0.0/1")})
			},
		},
		{
			name: "the same without the earlier deny",
			build: func(f *netFixture) {
				acl(f, []design.NACLEntry{entry(100, allow, tcp, 443, 443, "0.0.0.0/0")},
					[]design.NACLEntry{entry(100, allow, tcp, 1024, 65535, "128.0.0.0/1")})
			},
			want: []wantFinding{{"nacl.return-blocked", "network-acl[acl].inbound[0]", nil}},
		},
		{
			name: "custom ACL without allow rules on a subnet with workloads",
			build: func(f *netFixture) {
				acl(f, []design.NACLEntry{entry(100, deny, all, -1, 0, "0.0.0.0/0")}, nil)
			},
			want: []wantFinding{{"nacl.custom-empty", "network-acl[acl]", []string{"acl", "s"}}},
		},
		{
			name: "empty ACL on a subnet without workloads",
			build: func(f *netFixture) {
				f.subnet("idle", "v", "us-east-1a", "10.0.2.0/24")
				f.put(&design.NetworkACL{Base: baseOf("acl"), VPC: "v", Subnets: []string{"idle"}})
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := naclVPC(t)
			tt.build(f)
			c := codes
			if tt.wantOnly != "" {
				c = []string{tt.wantOnly}
			}
			assertFindings(t, f.d, c, tt.want)
		})
	}
}

// TestShadowingOracle compares shadowingEntries with a brute-force oracle
// on a tiny space: addresses of 10.0.0.0/28, ports 0-7 (and 8 standing for
// 8-65535, where no generated range has a boundary), tcp, udp and all.
func TestShadowingOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	protos := []design.Protocol{tcp, udp, all}
	randomEntry := func(n int) aclEntry {
		p := protos[r.IntN(len(protos))]
		bits := 28 + r.IntN(5)
		addr := netip.AddrFrom4([4]byte{10, 0, 0, byte(r.IntN(16))})
		var ports *design.PortRange
		if r.IntN(4) > 0 {
			lo := r.IntN(8)
			ports = &design.PortRange{From: lo, To: lo + r.IntN(8-lo)}
		}
		tr, _ := trafficOf(p, ports, nil)
		return aclEntry{number: n, t: tr, block: netip.PrefixFrom(addr, bits).Masked()}
	}
	covered := func(earlier []aclEntry, b aclEntry) bool {
		// Protocol 47 stands for the protocols no entry names.
		points := []int{47}
		if b.t.proto != protoAll {
			points = []int{b.t.proto}
		}
		for _, proto := range points {
			for x := 0; x <= 8; x++ {
				if !b.t.matches(proto, x) {
					continue
				}
				for a := b.block.Addr(); b.block.Contains(a); a = a.Next() {
					if !slices.ContainsFunc(earlier, func(e aclEntry) bool { return e.t.matches(proto, x) && e.block.Contains(a) }) {
						return false
					}
				}
			}
		}
		return true
	}
	var buf aclBuffers // reused, as checkEntries does
	for i := range 50000 {
		n := 1 + r.IntN(8)
		entries := make([]aclEntry, n)
		for k := range entries {
			entries[k] = randomEntry(10 * (k + 1))
		}
		var overlapping []int
		for k, a := range entries[:n-1] {
			if a.t.overlaps(entries[n-1].t) && a.block.Overlaps(entries[n-1].block) {
				overlapping = append(overlapping, k)
			}
		}
		got := shadowingEntries(entries, n-1, overlapping, &buf) != nil
		if want := covered(entries[:n-1], entries[n-1]); got != want {
			desc := ""
			for _, e := range entries {
				desc += fmt.Sprintf("\n\t%d %v %v", e.number, e.t, e.block)
			}
			t.Fatalf("case %d: shadowingEntries = %v; oracle says %v for%s", i, got, want, desc)
		}
	}
}

// TestUncovered checks uncovered against the addresses it claims.
func TestUncovered(t *testing.T) {
	p := netip.MustParsePrefix
	tests := []struct {
		in     netip.Prefix
		blocks []netip.Prefix
		gap    netip.Prefix
		ok     bool
	}{
		{p("10.0.0.0/16"), nil, p("10.0.0.0/16"), true},
		{p("10.0.0.0/16"), []netip.Prefix{p("10.0.0.0/8")}, netip.Prefix{}, false},
		{p("10.0.0.0/16"), []netip.Prefix{p("10.0.0.0/17"), p("10.0.128.0/17")}, netip.Prefix{}, false},
		{p("10.0.0.0/16"), []netip.Prefix{p("10.0.0.0/17"), p("10.0.192.0/18")}, p("10.0.128.0/18"), true},
		{p("0.0.0.0/0"), []netip.Prefix{p("10.0.0.0/8")}, p("0.0.0.0/5"), true},
		{p("0.0.0.0/0"), []netip.Prefix{p("::/0")}, p("0.0.0.0/0"), true},
		{p("2600::/56"), []netip.Prefix{p("2600::/57"), p("2600:0:0:80::/57")}, netip.Prefix{}, false},
	}
	for _, tt := range tests {
		gap, ok := uncovered(tt.in, tt.blocks)
		if gap != tt.gap || ok != tt.ok {
			t.Errorf("uncovered(%v, %v) = %v, %v; want %v, %v", tt.in, tt.blocks, gap, ok, tt.gap, tt.ok)
		}
	}
}
