package validate

import (
	"fmt"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

func TestQuotaRules(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{
			name: "defaults apply to zero fields",
			cfg:  Config{Quotas: Quotas{CIDRsPerVPC: 1}},
		},
		{
			name: "VPC blocks",
			cfg:  Config{Quotas: Quotas{CIDRsPerVPC: 2}},
			edit: func(t *testing.T, d *design.Design) {
				d.VPCs["app"].SecondaryCIDRs = []string{"10.21.0.0/16", "10.22.0.0/16"}
			},
			want: []string{"quota.vpc-cidrs vpc[app].secondary_cidrs app"},
		},
		{
			name: "subnets and route tables per VPC",
			cfg:  Config{Quotas: Quotas{SubnetsPerVPC: 3, RouteTablesPerVPC: 2}},
			want: []string{
				"quota.route-tables vpc[app] app", // the main table counts
				"quota.subnets vpc[app] app",
			},
		},
		{
			name: "routes per table and family; a prefix list weighs its entries",
			cfg:  Config{Quotas: Quotas{RoutesPerTable: 2}},
			edit: func(t *testing.T, d *design.Design) {
				d.PrefixLists = map[string]*design.PrefixList{"corp": {Base: design.Base{ID: "corp"}, Entries: []string{"192.168.0.0/24", "192.168.1.0/24"}}}
				rt := d.RouteTables["private-rt"]
				rt.Routes = append(rt.Routes,
					design.Route{PrefixList: "corp", Target: design.Target{Type: design.TargetNATGateway, ID: "nat"}}, // 2 IPv4 routes
					design.Route{PrefixList: "com.amazonaws.us-east-1.s3", Target: design.Target{Type: design.TargetNATGateway, ID: "nat"}})
				pub := d.RouteTables["public-rt"]
				pub.Routes = append(pub.Routes, to("::/0", design.TargetInternetGateway, "igw"), to("2600::/16", design.TargetInternetGateway, "igw"))
			},
			want: []string{"quota.routes route-table[private-rt].routes private-rt"},
		},
		{
			name: "NACL rules per direction count the default deny",
			cfg:  Config{Quotas: Quotas{NACLRulesPerDirection: 2}},
			edit: func(t *testing.T, d *design.Design) {
				n := d.NetworkACLs["app.default-nacl"]
				n.Inbound = append(n.Inbound, design.NACLEntry{Number: 200, Protocol: design.ProtocolTCP, CIDR: "10.0.0.0/8", Action: design.Allow})
				n.Outbound = append(n.Outbound, design.NACLEntry{Number: 200, Protocol: design.ProtocolAll, CIDR: "::/0", Action: design.Allow})
			},
			want: []string{"quota.nacl-rules network-acl[app.default-nacl].inbound app.default-nacl"},
		},
		{
			name: "security group rules per direction; group references count in both families",
			cfg:  Config{Quotas: Quotas{SGRulesPerDirection: 2}},
			edit: func(t *testing.T, d *design.Design) {
				g := d.SecurityGroups["app.default-sg"]
				g.Ingress = append(g.Ingress, design.SGRule{Protocol: design.ProtocolTCP, CIDR: "::/0"}, design.SGRule{Protocol: design.ProtocolTCP, CIDR: "2600::/16"})
				g.Egress = append(g.Egress, design.SGRule{Protocol: design.ProtocolTCP, CIDR: "10.0.0.0/8"})
			},
			want: []string{"quota.sg-rules security-group[app.default-sg].ingress app.default-sg"},
		},
		{
			name: "security groups per ENI, workloads and interface endpoints",
			cfg:  Config{Quotas: Quotas{SGsPerENI: 1}},
			edit: func(t *testing.T, d *design.Design) {
				mustApply(t, d, design.Put(&design.SecurityGroup{Base: design.Base{ID: "extra"}, VPC: "app"}))
				d.Workloads["web-1"].SecurityGroups = append(d.Workloads["web-1"].SecurityGroups, "extra")
				d.VPCEndpoints = map[string]*design.VPCEndpoint{"ssm": {Base: design.Base{ID: "ssm"}, VPC: "app", Type: design.EndpointInterface,
					Service: "com.amazonaws.us-east-1.ssm", Subnets: []string{"app-a"}, SecurityGroups: []string{"app.default-sg", "extra"}}}
			},
			want: []string{
				"quota.sgs-per-eni vpc-endpoint[ssm].security_groups ssm,app.default-sg,extra",
				"quota.sgs-per-eni workload[web-1].security_groups web-1,app.default-sg,extra",
			},
		},
		{
			name: "groups times rules",
			cfg:  Config{Quotas: Quotas{RulesTimesSGs: 3}},
			edit: func(t *testing.T, d *design.Design) {
				g := &design.SecurityGroup{Base: design.Base{ID: "extra"}, VPC: "app"}
				g.Ingress = []design.SGRule{{Protocol: design.ProtocolTCP, CIDR: "10.0.0.0/8"}, {Protocol: design.ProtocolTCP, CIDR: "172.16.0.0/12"}}
				mustApply(t, d, design.Put(g))
				d.Workloads["web-1"].SecurityGroups = append(d.Workloads["web-1"].SecurityGroups, "extra") // 2 x 2 > 3
			},
			want: []string{"quota.rules-x-sgs workload[web-1].security_groups web-1,app.default-sg,extra"},
		},
	})
}

func TestQuotaMessage(t *testing.T) {
	d := testDesign(t)
	n := d.NetworkACLs["app.default-nacl"]
	for i := range 19 {
		n.Inbound = append(n.Inbound, design.NACLEntry{Number: 200 + i, Protocol: design.ProtocolTCP, CIDR: fmt.Sprintf("10.%d.0.0/16", i), Action: design.Deny})
	}
	want := "network-acl `app.default-nacl` has 21 inbound IPv4 rules counting the default deny; the quota is 20"
	if got := message(t, d, "quota.nacl-rules"); got != want {
		t.Errorf("message = %q; want %q", got, want)
	}
}
