package validate

import (
	"net/netip"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

func TestCIDRRules(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{
			name: "host bits everywhere",
			edit: func(t *testing.T, d *design.Design) {
				d.VPCs["app"].CIDR = "10.20.0.1/16"
				d.VPCs["app"].IPv6CIDRs = []string{"2600:1f18:1:1::/56"}
				d.Subnets["pub-b"].CIDR = "10.20.1.9/24"
				d.RouteTables["private-rt"].Routes = append(d.RouteTables["private-rt"].Routes, to("192.168.1.1/24", design.TargetNATGateway, "nat"))
				n := d.NetworkACLs["app.default-nacl"]
				n.Inbound = append(n.Inbound, design.NACLEntry{Number: 200, Protocol: design.ProtocolAll, CIDR: "10.0.0.1/8", Action: design.Deny})
				g := d.SecurityGroups["app.default-sg"]
				g.Egress = append(g.Egress, design.SGRule{Protocol: design.ProtocolTCP, CIDR: "172.16.0.1/12"})
				d.TransitGatewayRouteTables = map[string]*design.TransitGatewayRouteTable{"tgw-rt": {Base: design.Base{ID: "tgw-rt"},
					TransitGateway: "tgw", Routes: []design.TGWRoute{{Destination: "10.0.0.5/8", Blackhole: true}}}}
				d.PrefixLists = map[string]*design.PrefixList{"pl": {Base: design.Base{ID: "pl"}, Entries: []string{"10.1.0.0/16", "10.2.0.9/16"}}}
			},
			want: []string{
				"cidr.host-bits network-acl[app.default-nacl].inbound[1].cidr app.default-nacl",
				"cidr.host-bits prefix-list[pl].entries[1] pl",
				"cidr.host-bits route-table[private-rt].routes[1].destination private-rt",
				"cidr.host-bits security-group[app.default-sg].egress[1].cidr app.default-sg",
				"cidr.host-bits subnet[pub-b].cidr pub-b",
				"cidr.host-bits transit-gateway-route-table[tgw-rt].routes[0].destination tgw-rt",
				"cidr.host-bits vpc[app].cidr app",
				"cidr.host-bits vpc[app].ipv6_cidrs[0] app",
			},
		},
		{
			name: "block of the other family",
			edit: func(t *testing.T, d *design.Design) {
				d.VPCs["app"].IPv6CIDRs = []string{"10.99.0.0/16"}
				d.VPCs["app"].SecondaryCIDRs = []string{"2600:1f18::/56"}
			},
			want: []string{
				"cidr.invalid vpc[app].ipv6_cidrs[0] app",
				"cidr.invalid vpc[app].secondary_cidrs[0] app",
			},
		},
		{
			name: "VPC block sizes",
			edit: func(t *testing.T, d *design.Design) {
				d.VPCs["app"].SecondaryCIDRs = []string{"10.21.0.0/29", "10.22.0.0/28", "10.24.0.0/15"}
			},
			want: []string{
				"vpc.cidr-size vpc[app].secondary_cidrs[0] app",
				"vpc.cidr-size vpc[app].secondary_cidrs[2] app",
			},
		},
		{
			name: "overlapping VPC blocks are reported at the later one",
			edit: func(t *testing.T, d *design.Design) {
				d.VPCs["app"].SecondaryCIDRs = []string{"10.21.0.0/16", "10.20.128.0/17", "10.21.0.0/16"}
				d.VPCs["app"].IPv6CIDRs = []string{"2600:1f18:1::/56", "2600:1f18:1::/56"}
			},
			want: []string{
				"vpc.cidr-overlap vpc[app].ipv6_cidrs[1] app",
				"vpc.cidr-overlap vpc[app].secondary_cidrs[1] app",
				"vpc.cidr-overlap vpc[app].secondary_cidrs[2] app",
			},
		},
		{
			name: "RFC 1918 mixing, 198.19 and link-local",
			edit: func(t *testing.T, d *design.Design) {
				d.VPCs["app"].SecondaryCIDRs = []string{"172.20.0.0/16", "100.64.0.0/16", "10.30.0.0/16", "198.19.0.0/16", "169.254.0.0/16", "192.168.0.0/16"}
			},
			want: []string{
				"quota.vpc-cidrs vpc[app].secondary_cidrs app",
				"vpc.cidr-mixing vpc[app].secondary_cidrs[0] app",
				"vpc.cidr-mixing vpc[app].secondary_cidrs[3] app",
				"vpc.cidr-mixing vpc[app].secondary_cidrs[4] app",
				"vpc.cidr-mixing vpc[app].secondary_cidrs[5] app",
			},
		},
		{
			name: "link-local primary",
			edit: func(t *testing.T, d *design.Design) { addVPC(t, d, "ll", "169.254.0.0/16") },
			want: []string{"vpc.cidr-mixing vpc[ll].cidr ll"},
		},
		{
			name: "docker range",
			edit: func(t *testing.T, d *design.Design) { addVPC(t, d, "dock", "172.16.0.0/16", "172.17.128.0/17") },
			want: []string{"vpc.cidr-docker vpc[dock].secondary_cidrs[0] dock"},
		},
		{
			name: "public space; 100.64/10 and 198.19/16 are not public",
			edit: func(t *testing.T, d *design.Design) {
				addVPC(t, d, "pub", "54.10.0.0/16", "100.64.0.0/16")
				addVPC(t, d, "cgnat", "100.100.0.0/16", "100.101.0.0/16")
				addVPC(t, d, "bench", "198.19.0.0/16", "100.64.0.0/16")
			},
			want: []string{"vpc.cidr-public vpc[pub].cidr pub"},
		},
		{
			name: "secondary block covering a route",
			edit: func(t *testing.T, d *design.Design) {
				d.VPCs["app"].SecondaryCIDRs = []string{"10.21.0.0/16"}
				d.Subnets["spare"] = &design.Subnet{Base: design.Base{ID: "spare"}, VPC: "app", AZ: "us-east-1a", CIDR: "10.21.9.0/24", Tier: "app"}
				rt := d.RouteTables["private-rt"]
				rt.Routes = append(rt.Routes,
					to("10.21.5.0/24", design.TargetNATGateway, "nat"), // conflict
					to("10.21.9.0/24", design.TargetNATGateway, "nat"), // a whole subnet to a middlebox
					to("10.21.0.0/16", design.TargetNATGateway, "nat"), // the local route's target replaced
					to("10.20.5.0/24", design.TargetNATGateway, "nat"), // inside the primary block
				)
			},
			want: []string{
				"route.local-override route-table[private-rt].routes[4].destination private-rt,app",
				"vpc.cidr-route-conflict vpc[app].secondary_cidrs[0] app,private-rt",
			},
		},
	})
}

func TestMixingRestriction(t *testing.T) {
	p := netip.MustParsePrefix
	tests := []struct {
		primary, s string
		earlier    []string
		restricted bool
	}{
		{"10.1.0.0/16", "10.2.0.0/16", nil, false},
		{"10.1.0.0/16", "172.16.0.0/16", nil, true},
		{"10.1.0.0/16", "192.168.0.0/16", nil, true},
		{"10.1.0.0/16", "198.19.0.0/16", nil, true},
		{"10.1.0.0/16", "100.64.0.0/16", nil, false},
		{"10.1.0.0/16", "54.0.0.0/16", nil, false},
		{"10.1.0.0/16", "10.0.0.0/16", []string{"10.1.0.0/16"}, true}, // a block in 10.0.0.0/15 keeps 10.0.0.0/16 out
		{"10.2.0.0/16", "10.0.0.0/16", []string{"10.2.0.0/16"}, false},
		{"10.2.0.0/16", "10.0.4.0/24", []string{"10.2.0.0/16", "10.1.0.0/16"}, true},
		{"172.20.0.0/16", "172.21.0.0/16", nil, false},
		{"172.20.0.0/16", "172.31.0.0/16", nil, true},
		{"172.20.0.0/16", "10.0.0.0/16", nil, true},
		{"172.20.0.0/16", "198.19.0.0/16", nil, true},
		{"192.168.0.0/16", "192.168.0.0/20", nil, false},
		{"192.168.0.0/20", "172.16.0.0/16", nil, true},
		{"192.168.0.0/20", "198.19.0.0/16", nil, true},
		{"198.19.0.0/16", "10.0.0.0/16", nil, true},
		{"198.19.0.0/16", "100.64.0.0/16", nil, false},
		{"54.0.0.0/16", "10.0.0.0/16", nil, true},
		{"54.0.0.0/16", "198.19.0.0/16", nil, true},
		{"100.64.0.0/16", "54.1.0.0/16", nil, false},
		{"100.64.0.0/16", "198.19.0.0/16", nil, true},
	}
	for _, tt := range tests {
		var earlier []netip.Prefix
		for _, e := range tt.earlier {
			earlier = append(earlier, p(e))
		}
		if earlier == nil {
			earlier = []netip.Prefix{p(tt.primary)}
		}
		why := mixingRestriction(p(tt.primary), earlier, p(tt.s))
		if (why != "") != tt.restricted {
			t.Errorf("mixingRestriction(%s, %v, %s) = %q; want restricted %v", tt.primary, tt.earlier, tt.s, why, tt.restricted)
		}
	}
}

func TestCIDRMessages(t *testing.T) {
	d := testDesign(t)
	d.Subnets["pub-b"].CIDR = "10.20.1.5/24"
	want := "subnet `pub-b` cidr 10.20.1.5/24 has host bits set: AWS stores it as 10.20.1.0/24"
	if got := message(t, d, "cidr.host-bits"); got != want {
		t.Errorf("host-bits message = %q; want %q", got, want)
	}
	d = testDesign(t)
	d.VPCs["app"].SecondaryCIDRs = []string{"172.20.0.0/16"}
	want = "vpc `app` secondary block 172.20.0.0/16 cannot join primary block 10.20.0.0/16: AWS does not mix RFC 1918 ranges in one VPC (172.20.0.0/16 is not in 10.0.0.0/8)"
	if got := message(t, d, "vpc.cidr-mixing"); got != want {
		t.Errorf("mixing message = %q; want %q", got, want)
	}
}
