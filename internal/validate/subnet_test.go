package validate

import (
	"fmt"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

func TestSubnetRules(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{
			name: "IPv4 block outside the VPC",
			edit: func(t *testing.T, d *design.Design) { d.Subnets["pub-b"].CIDR = "10.99.1.0/24" },
			want: []string{"subnet.outside-vpc subnet[pub-b].cidr pub-b,app"},
		},
		{
			name: "inside a secondary block",
			edit: func(t *testing.T, d *design.Design) {
				d.VPCs["app"].SecondaryCIDRs = []string{"10.99.0.0/16"}
				d.Subnets["pub-b"].CIDR = "10.99.1.0/24"
			},
		},
		{
			name: "an unknown VPC block may hold the subnet",
			edit: func(t *testing.T, d *design.Design) {
				d.VPCs["app"].SecondaryCIDRs = []string{design.Unknown("Fn::ImportValue net-cidr")}
				d.Subnets["pub-b"].CIDR = "10.99.1.0/24"
			},
		},
		{
			name: "IPv6 blocks",
			edit: func(t *testing.T, d *design.Design) {
				addVPC(t, d, "six", "10.40.0.0/16")
				d.VPCs["six"].IPv6CIDRs = []string{"2600:1f18:1::/56"}
				addVPC(t, d, "later", "10.41.0.0/16")
				d.VPCs["later"].IPv6CIDRs = []string{design.Unknown("Fn::GetAtt VPC.Ipv6CidrBlocks")}
				for _, s := range []*design.Subnet{
					{Base: design.Base{ID: "six-a"}, VPC: "six", AZ: "us-east-1a", IPv6CIDR: "2600:1f18:1:1::/64"},
					{Base: design.Base{ID: "six-b"}, VPC: "six", AZ: "us-east-1b", IPv6CIDR: "2600:1f18:2::/64"},
					{Base: design.Base{ID: "later-a"}, VPC: "later", AZ: "us-east-1a", IPv6CIDR: "2600:1f18:3::/64"},
				} {
					d.Subnets[s.ID] = s
				}
				d.Subnets["pub-b"].IPv6CIDR = "2600:1f18:1:2::/64" // app has no IPv6 block
			},
			want: []string{
				"subnet.outside-vpc subnet[pub-b].ipv6_cidr pub-b,app",
				"subnet.outside-vpc subnet[six-b].ipv6_cidr six-b,six",
			},
		},
		{
			name: "sizes",
			edit: func(t *testing.T, d *design.Design) {
				d.VPCs["app"].IPv6CIDRs = []string{"2600:1f18:1::/56"}
				d.Subnets["pub-b"].CIDR = "10.20.1.0/29"
				d.Subnets["app-b"].IPv6CIDR = "2600:1f18:1::/60"
				d.Subnets["app-a"].IPv6CIDR = "2600:1f18:1:1::/64"
			},
			want: []string{
				"subnet.size subnet[app-b].ipv6_cidr app-b",
				"subnet.size subnet[pub-b].cidr pub-b",
				"subnet.overlap subnet[app-b].ipv6_cidr app-b,app-a",
			},
		},
		{
			name: "overlaps name both subnets, the outer first",
			edit: func(t *testing.T, d *design.Design) {
				d.Subnets["pub-b"].CIDR = "10.20.0.128/25"
				d.Subnets["tiny"] = &design.Subnet{Base: design.Base{ID: "tiny"}, VPC: "app", AZ: "us-east-1b", CIDR: "10.20.0.0/28", Tier: "app"}
				d.Subnets["twin"] = &design.Subnet{Base: design.Base{ID: "twin"}, VPC: "app", AZ: "us-east-1b", CIDR: "10.20.11.0/24", Tier: "app"}
			},
			want: []string{
				"subnet.overlap subnet[app-b].cidr app-b,twin",
				"subnet.overlap subnet[pub-a].cidr pub-a,pub-b",
				"subnet.overlap subnet[pub-a].cidr pub-a,tiny",
			},
		},
		{
			name: "subnets of different VPCs do not overlap",
			edit: func(t *testing.T, d *design.Design) {
				addVPC(t, d, "copy", "10.20.0.0/16")
				d.Subnets["copy-a"] = &design.Subnet{Base: design.Base{ID: "copy-a"}, VPC: "copy", AZ: "us-east-1a", CIDR: "10.20.0.0/24"}
			},
		},
		{
			name: "availability zones",
			edit: func(t *testing.T, d *design.Design) {
				d.Subnets["pub-a"].AZ = ""
				d.Subnets["pub-b"].AZ = "eu-west-1b"
				d.Subnets["app-a"].AZ = "us-east-12a"
				d.Subnets["app-b"].AZ = "use1-az2"
				for i, az := range []string{design.Unknown("Fn::GetAZs"), "us-east-1-bos-1a", "use1-bos1-az1"} {
					id := fmt.Sprintf("more-%d", i)
					d.Subnets[id] = &design.Subnet{Base: design.Base{ID: id}, VPC: "app", AZ: az, CIDR: fmt.Sprintf("10.20.%d.0/24", 100+i), Tier: "more"}
				}
			},
			want: []string{
				"subnet.az-missing subnet[app-a].az app-a,app",
				"subnet.az-missing subnet[pub-a].az pub-a",
				"subnet.az-missing subnet[pub-b].az pub-b,app",
			},
		},
		{
			name: "reserved addresses",
			edit: func(t *testing.T, d *design.Design) {
				ifc := &d.Workloads["web-1"].Interfaces[0]
				ifc.PrivateIP = "10.20.10.0"
				ifc.SecondaryIPs = []string{"10.20.10.1", "10.20.10.2", "10.20.10.3", "10.20.10.4", "10.20.10.254", "10.20.10.255"}
			},
			want: []string{
				"subnet.ip-reserved workload[web-1].interfaces[0].private_ip web-1,app-a",
				"subnet.ip-reserved workload[web-1].interfaces[0].secondary_ips[0] web-1,app-a",
				"subnet.ip-reserved workload[web-1].interfaces[0].secondary_ips[1] web-1,app-a",
				"subnet.ip-reserved workload[web-1].interfaces[0].secondary_ips[2] web-1,app-a",
				"subnet.ip-reserved workload[web-1].interfaces[0].secondary_ips[5] web-1,app-a",
			},
		},
		{
			name: "addresses outside the subnet",
			edit: func(t *testing.T, d *design.Design) {
				ifc := &d.Workloads["web-1"].Interfaces[0]
				ifc.PrivateIP = "10.20.11.5"                  // app-b's
				ifc.IPv6 = []string{"2600:1f18:1:1::10"}      // app-a has no IPv6 block
				d.NATGateways["nat"].PrivateIP = "10.20.10.9" // not in pub-a
				d.Workloads["web-2"].Interfaces[0].PrivateIP = design.Unknown("Fn::GetAtt")
			},
			want: []string{
				"subnet.ip-outside nat-gateway[nat].private_ip nat,pub-a",
				"subnet.ip-outside workload[web-1].interfaces[0].ipv6[0] web-1,app-a",
				"subnet.ip-outside workload[web-1].interfaces[0].private_ip web-1,app-a",
			},
		},
		{
			name: "duplicate addresses in one VPC",
			edit: func(t *testing.T, d *design.Design) {
				d.Workloads["web-2"].Interfaces = append(d.Workloads["web-2"].Interfaces,
					design.Interface{Subnet: "app-a", PrivateIP: "10.20.10.10", SecondaryIPs: []string{"10.20.10.20", "10.20.10.20"}})
				d.Workloads["db"] = &design.Workload{Base: design.Base{ID: "db"}, Type: design.WorkloadRDS,
					Interfaces: []design.Interface{{Subnet: "pub-a", PrivateIP: "10.20.0.50"}}}
				d.NATGateways["nat"].PrivateIP = "10.20.0.50"
				// The same address in another VPC is no duplicate.
				addVPC(t, d, "copy", "10.20.0.0/16")
				d.Subnets["copy-a"] = &design.Subnet{Base: design.Base{ID: "copy-a"}, VPC: "copy", AZ: "us-east-1a", CIDR: "10.20.10.0/24"}
				d.Workloads["copy-1"] = &design.Workload{Base: design.Base{ID: "copy-1"}, Type: design.WorkloadInstance,
					Interfaces: []design.Interface{{Subnet: "copy-a", PrivateIP: "10.20.10.10"}}}
			},
			want: []string{
				"subnet.ip-duplicate nat-gateway[nat].private_ip nat,db",
				"subnet.ip-duplicate workload[web-2].interfaces[1].private_ip web-2,web-1",
				"subnet.ip-duplicate workload[web-2].interfaces[1].secondary_ips[1] web-2,web-2",
				"vpc.single-az vpc[copy] copy,copy-a",
			},
		},
		{
			name: "exhausted subnet counts every ENI and secondary address",
			edit: func(t *testing.T, d *design.Design) {
				d.Subnets["pub-b"].CIDR = "10.20.1.0/28" // 11 usable
				for i := range 8 {
					id := fmt.Sprintf("w%d", i)
					d.Workloads[id] = &design.Workload{Base: design.Base{ID: id}, Type: design.WorkloadInstance,
						Interfaces: []design.Interface{{Subnet: "pub-b"}}}
				}
				d.Workloads["w0"].Interfaces[0].SecondaryIPs = []string{"10.20.1.5"}
				d.VPCEndpoints = map[string]*design.VPCEndpoint{"ssm": {Base: design.Base{ID: "ssm"}, VPC: "app",
					Type: design.EndpointInterface, Service: "com.amazonaws.us-east-1.ssm", Subnets: []string{"pub-b", "pub-a"}}}
				d.NATGateways["nat-b"] = &design.NATGateway{Base: design.Base{ID: "nat-b"}, Subnet: "pub-b", Connectivity: design.ConnectivityPrivate}
				d.TransitGateways = map[string]*design.TransitGateway{"tgw": {Base: design.Base{ID: "tgw"}}}
				d.TransitGatewayAttachments = map[string]*design.TransitGatewayAttachment{"att": {Base: design.Base{ID: "att"},
					TransitGateway: "tgw", VPC: "app", Subnets: []string{"pub-b"}}}
			},
			want: []string{"subnet.exhausted subnet[pub-b].cidr pub-b"},
		},
		{
			name: "a tier in one AZ while the VPC uses two",
			edit: func(t *testing.T, d *design.Design) {
				d.Subnets["pub-b"].AZ = "us-east-1a"
				d.Subnets["solo"] = &design.Subnet{Base: design.Base{ID: "solo"}, VPC: "app", AZ: "us-east-1b", CIDR: "10.20.50.0/24", Tier: "data"}
			},
			want: []string{
				"vpc.single-az vpc[app] app,pub-a,pub-b", // public by its route table
				"vpc.single-az vpc[app] app,solo",
			},
		},
		{
			name: "a VPC with workloads in one AZ",
			edit: func(t *testing.T, d *design.Design) {
				for _, s := range d.Subnets {
					s.AZ = "us-east-1a"
				}
			},
			want: []string{"vpc.single-az vpc[app] app,app-a,app-b,pub-a,pub-b"},
		},
		{
			name: "a VPC without workloads may sit in one AZ",
			edit: func(t *testing.T, d *design.Design) {
				for _, s := range d.Subnets {
					s.AZ = "us-east-1a"
				}
				d.Workloads = nil
			},
		},
		{
			name: "an unknown AZ leaves its tier undecided",
			edit: func(t *testing.T, d *design.Design) {
				d.Subnets["app-b"].AZ = design.Unknown("Fn::Select 1 Fn::GetAZs")
			},
		},
	})
}

func TestSubnetMessages(t *testing.T) {
	d := testDesign(t)
	d.Subnets["pub-b"].CIDR = "10.20.0.128/25"
	want := "subnet `pub-a` 10.20.0.0/24 overlaps `pub-b` 10.20.0.128/25"
	if got := message(t, d, "subnet.overlap"); got != want {
		t.Errorf("overlap message = %q; want %q", got, want)
	}
	d = testDesign(t)
	d.Workloads["web-1"].Interfaces[0].PrivateIP = "10.20.10.2"
	want = "workload `web-1` address 10.20.10.2 is the Amazon DNS server of subnet `app-a` 10.20.10.0/24"
	if got := message(t, d, "subnet.ip-reserved"); got != want {
		t.Errorf("reserved message = %q; want %q", got, want)
	}
}

func TestAZInRegion(t *testing.T) {
	tests := []struct {
		az, region string
		want       bool
	}{
		{"us-east-1a", "us-east-1", true},
		{"us-east-1f", "us-east-1", true},
		{"us-west-2-lax-1a", "us-west-2", true},
		{"us-east-1-wl1-bos-wlz-1", "us-east-1", true},
		{"use1-az1", "us-east-1", true},
		{"usw2-lax1-az1", "us-east-1", true}, // AZ IDs are taken on trust
		{"us-east-12a", "us-east-1", false},
		{"us-east-1", "us-east-1", false},
		{"us-east-1-", "us-east-1", false},
		{"eu-west-1a", "us-east-1", false},
		{"a", "us-east-1", false},
	}
	for _, tt := range tests {
		if got := azInRegion(tt.az, tt.region); got != tt.want {
			t.Errorf("azInRegion(%q, %q) = %v; want %v", tt.az, tt.region, got, tt.want)
		}
	}
}
