package validate

import (
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// twoAZ builds VPC v (10.0.0.0/16) with internet gateway igw, public
// subnets pub-a and pub-b, private subnets app-a and app-b (AZs a and b), a
// public NAT gateway with an EIP in each public subnet, and each private
// subnet routed to the NAT gateway of its AZ.
func twoAZ(t *testing.T) *netFixture {
	f := newNetFixture(t).vpc("v", "10.0.0.0/16")
	f.subnet("pub-a", "v", "us-east-1a", "10.0.0.0/24").subnet("pub-b", "v", "us-east-1b", "10.0.1.0/24")
	f.subnet("app-a", "v", "us-east-1a", "10.0.10.0/24").subnet("app-b", "v", "us-east-1b", "10.0.11.0/24")
	f.put(&design.InternetGateway{Base: baseOf("igw"), VPC: "v"},
		&design.ElasticIP{Base: baseOf("eip-a")}, &design.ElasticIP{Base: baseOf("eip-b")})
	f.put(&design.NATGateway{Base: baseOf("nat-a"), Subnet: "pub-a", Connectivity: design.ConnectivityPublic, EIP: "eip-a"},
		&design.NATGateway{Base: baseOf("nat-b"), Subnet: "pub-b", Connectivity: design.ConnectivityPublic, EIP: "eip-b"})
	f.table("public", "v", []string{"pub-a", "pub-b"}, to("0.0.0.0/0", design.TargetInternetGateway, "igw"))
	f.table("private-a", "v", []string{"app-a"}, to("0.0.0.0/0", design.TargetNATGateway, "nat-a"))
	f.table("private-b", "v", []string{"app-b"}, to("0.0.0.0/0", design.TargetNATGateway, "nat-b"))
	return f
}

func TestGatewayRules(t *testing.T) {
	codes := []string{"igw.duplicate", "igw.unused", "nat.not-public", "nat.no-eip", "nat.private-eip",
		"nat.cross-az", "workload.public-ip-no-igw", "eip.unassociated"}
	tests := []struct {
		name  string
		build func(t *testing.T) *netFixture
		want  []wantFinding
	}{
		{
			name: "sound two-AZ design",
			build: func(t *testing.T) *netFixture {
				f := twoAZ(t)
				f.put(&design.Workload{Base: baseOf("web"), Type: design.WorkloadInstance,
					Interfaces: []design.Interface{{Subnet: "pub-a", PublicIP: true}}})
				f.workload("app", "app-a")
				return f.put(&design.ElasticIP{Base: baseOf("web-eip"), Workload: "web"})
			},
		},
		{
			name: "second internet gateway",
			build: func(t *testing.T) *netFixture {
				return twoAZ(t).put(&design.InternetGateway{Base: baseOf("igw2"), VPC: "v"})
			},
			want: []wantFinding{
				{"igw.duplicate", "internet-gateway[igw2].vpc", []string{"igw2", "v", "igw"}},
				{"igw.unused", "internet-gateway[igw2]", []string{"igw2", "v"}},
			},
		},
		{
			name: "attached gateway no route uses",
			build: func(t *testing.T) *netFixture {
				return newNetFixture(t).vpc("v", "10.0.0.0/16").put(&design.InternetGateway{Base: baseOf("igw"), VPC: "v"})
			},
			want: []wantFinding{{"igw.unused", "internet-gateway[igw]", []string{"igw", "v"}}},
		},
		{
			name: "detached gateway is not unused",
			build: func(t *testing.T) *netFixture {
				return newNetFixture(t).put(&design.InternetGateway{Base: baseOf("igw")})
			},
		},
		{
			name: "public NAT in a private subnet, without an EIP",
			build: func(t *testing.T) *netFixture {
				return twoAZ(t).put(&design.NATGateway{Base: baseOf("nat-x"), Subnet: "app-a", Connectivity: design.ConnectivityPublic})
			},
			want: []wantFinding{
				{"nat.not-public", "nat-gateway[nat-x].subnet", []string{"nat-x", "app-a"}},
				{"nat.no-eip", "nat-gateway[nat-x].eip", []string{"nat-x"}},
			},
		},
		{
			name: "a default route to another VPC's gateway makes nothing public",
			build: func(t *testing.T) *netFixture {
				f := newNetFixture(t).vpc("v", "10.0.0.0/16").vpc("w", "10.1.0.0/16")
				f.subnet("s", "v", "us-east-1a", "10.0.0.0/24")
				f.put(&design.InternetGateway{Base: baseOf("igw-w"), VPC: "w"}, &design.ElasticIP{Base: baseOf("eip")})
				f.table("rt", "v", []string{"s"}, to("0.0.0.0/0", design.TargetInternetGateway, "igw-w"))
				return f.put(&design.NATGateway{Base: baseOf("nat"), Subnet: "s", Connectivity: design.ConnectivityPublic, EIP: "eip"})
			},
			want: []wantFinding{
				{"nat.not-public", "nat-gateway[nat].subnet", nil},
				{"igw.unused", "internet-gateway[igw-w]", nil},
			},
		},
		{
			// AWS, "Subnets for your VPC": a public subnet has a direct
			// route to an internet gateway, whatever its destination
			// (design.Index.IsPublic, which the diagram also draws by).
			name: "a narrower route to the VPC's own gateway makes the subnet public",
			build: func(t *testing.T) *netFixture {
				f := newNetFixture(t).vpc("v", "10.0.0.0/16")
				f.subnet("s", "v", "us-east-1a", "10.0.0.0/24")
				f.put(&design.InternetGateway{Base: baseOf("igw"), VPC: "v"}, &design.ElasticIP{Base: baseOf("eip")})
				f.table("rt", "v", []string{"s"}, to("203.0.113.0/24", design.TargetInternetGateway, "igw"))
				return f.put(&design.NATGateway{Base: baseOf("nat"), Subnet: "s", Connectivity: design.ConnectivityPublic, EIP: "eip"})
			},
		},
		{
			name: "private NAT gateways",
			build: func(t *testing.T) *netFixture {
				f := twoAZ(t).put(&design.ElasticIP{Base: baseOf("eip-x")})
				return f.put(&design.NATGateway{Base: baseOf("pnat"), Subnet: "app-a", Connectivity: design.ConnectivityPrivate},
					&design.NATGateway{Base: baseOf("pnat-eip"), Subnet: "app-b", Connectivity: design.ConnectivityPrivate, EIP: "eip-x"})
			},
			want: []wantFinding{{"nat.private-eip", "nat-gateway[pnat-eip].eip", []string{"pnat-eip", "eip-x"}}},
		},
		{
			name: "private subnet routed to the NAT gateway of another AZ",
			build: func(t *testing.T) *netFixture {
				f := twoAZ(t)
				f.d.RouteTables["private-b"].Routes[0].Target.ID = "nat-a"
				return f
			},
			want: []wantFinding{{"nat.cross-az", "subnet[app-b]", []string{"app-b", "private-b", "nat-a"}}},
		},
		{
			name: "AZ names and AZ IDs are not compared",
			build: func(t *testing.T) *netFixture {
				f := twoAZ(t)
				f.d.Subnets["app-b"].AZ = "use1-az2"
				f.d.RouteTables["private-b"].Routes[0].Target.ID = "nat-a"
				return f
			},
		},
		{
			name: "public IP and Elastic IP in a private subnet",
			build: func(t *testing.T) *netFixture {
				f := twoAZ(t)
				f.put(&design.Workload{Base: baseOf("app"), Type: design.WorkloadInstance,
					Interfaces: []design.Interface{{Subnet: "app-a"}, {Subnet: "app-b"}}})
				f.put(&design.Workload{Base: baseOf("worker"), Type: design.WorkloadInstance,
					Interfaces: []design.Interface{{Subnet: "app-b", PublicIP: true}}})
				return f.put(&design.ElasticIP{Base: baseOf("app-eip"), Workload: "app"})
			},
			want: []wantFinding{
				{"workload.public-ip-no-igw", "elastic-ip[app-eip].workload", []string{"app", "app-a", "app-eip"}},
				{"workload.public-ip-no-igw", "workload[worker].interfaces[0].public_ip", []string{"worker", "app-b"}},
			},
		},
		{
			// AWS assigns no automatic public IPv4 address to an instance
			// launched with more than one interface, nor to a secondary one.
			name: "public IP asked for on an instance with two interfaces",
			build: func(t *testing.T) *netFixture {
				return twoAZ(t).put(&design.Workload{Base: baseOf("app"), Type: design.WorkloadInstance,
					Interfaces: []design.Interface{{Subnet: "app-a", PublicIP: true}, {Subnet: "app-b", PublicIP: true}}})
			},
		},
		{
			name: "Elastic IP attached to nothing",
			build: func(t *testing.T) *netFixture {
				return twoAZ(t).put(&design.ElasticIP{Base: baseOf("spare")})
			},
			want: []wantFinding{{"eip.unassociated", "elastic-ip[spare]", []string{"spare"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertFindings(t, tt.build(t).d, codes, tt.want)
		})
	}
}
