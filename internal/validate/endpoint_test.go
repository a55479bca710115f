package validate

import (
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// endpointVPC builds VPC v (10.0.0.0/16) with route tables rt1 and rt2,
// subnets a1 and a2 in us-east-1a and b1 in us-east-1b, and an NLB and an
// ALB in a1.
func endpointVPC(t *testing.T) *netFixture {
	f := newNetFixture(t).vpc("v", "10.0.0.0/16")
	f.subnet("a1", "v", "us-east-1a", "10.0.1.0/24").subnet("a2", "v", "us-east-1a", "10.0.2.0/24").subnet("b1", "v", "us-east-1b", "10.0.3.0/24")
	f.table("rt1", "v", []string{"a1"}).table("rt2", "v", []string{"a2"})
	return f.put(&design.Workload{Base: baseOf("nlb"), Type: design.WorkloadNLB, Interfaces: []design.Interface{{Subnet: "a1"}}},
		&design.Workload{Base: baseOf("nlb2"), Type: design.WorkloadNLB, Interfaces: []design.Interface{{Subnet: "a1"}}},
		&design.Workload{Base: baseOf("alb"), Type: design.WorkloadALB, Interfaces: []design.Interface{{Subnet: "a1"}}})
}

func gatewayEndpoint(id, service string, tables ...string) *design.VPCEndpoint {
	return &design.VPCEndpoint{Base: baseOf(id), VPC: "v", Type: design.EndpointGateway, Service: service, RouteTables: tables}
}

func interfaceEndpoint(id, service string, subnets ...string) *design.VPCEndpoint {
	return &design.VPCEndpoint{Base: baseOf(id), VPC: "v", Type: design.EndpointInterface, Service: service, Subnets: subnets}
}

func TestEndpointRules(t *testing.T) {
	codes := []string{"endpoint.gateway-service", "endpoint.gateway-duplicate", "endpoint.private-dns",
		"endpoint.subnet-az-duplicate", "endpointservice.no-nlb", "lattice.vpc-multiple", "region.mismatch"}
	tests := []struct {
		name  string
		build func(f *netFixture)
		want  []wantFinding
	}{
		{
			name: "gateway endpoints for the three services, interface endpoints across AZs",
			build: func(f *netFixture) {
				f.put(gatewayEndpoint("s3", "com.amazonaws.us-east-1.s3", "rt1", "rt2"),
					gatewayEndpoint("ddb", "com.amazonaws.us-east-1.dynamodb", "rt1"),
					gatewayEndpoint("s3x", "com.amazonaws.us-east-1.s3express", "rt1"),
					interfaceEndpoint("ssm", "com.amazonaws.us-east-1.ssm", "a1", "b1"))
				f.d.VPCEndpoints["ssm"].PrivateDNS = true
			},
		},
		{
			name: "gateway endpoint for a service that has none",
			build: func(f *netFixture) {
				f.put(gatewayEndpoint("ssm", "com.amazonaws.us-east-1.ssm", "rt1"))
			},
			want: []wantFinding{{"endpoint.gateway-service", "vpc-endpoint[ssm].service", []string{"ssm"}}},
		},
		{
			name: "gateway endpoint for an endpoint service",
			build: func(f *netFixture) {
				f.put(&design.EndpointService{Base: baseOf("svc"), LoadBalancers: []string{"nlb"}})
				f.put(&design.VPCEndpoint{Base: baseOf("e"), VPC: "v", Type: design.EndpointGateway, EndpointService: "svc"})
			},
			want: []wantFinding{{"endpoint.gateway-service", "vpc-endpoint[e].endpoint_service", []string{"e", "svc"}}},
		},
		{
			name: "two S3 gateway endpoints on one table",
			build: func(f *netFixture) {
				f.put(gatewayEndpoint("s3-a", "com.amazonaws.us-east-1.s3", "rt1"),
					gatewayEndpoint("s3-b", "com.amazonaws.us-east-1.s3", "rt2", "rt1"))
			},
			want: []wantFinding{{"endpoint.gateway-duplicate", "vpc-endpoint[s3-b].route_tables[1]", []string{"s3-b", "rt1", "s3-a"}}},
		},
		{
			name: "private DNS without DNS hostnames",
			build: func(f *netFixture) {
				f.d.VPCs["v"].DNSHostnames = nil
				e := interfaceEndpoint("ssm", "com.amazonaws.us-east-1.ssm", "a1")
				e.PrivateDNS = true
				f.put(e, interfaceEndpoint("kms", "com.amazonaws.us-east-1.kms", "a1"))
			},
			want: []wantFinding{{"endpoint.private-dns", "vpc-endpoint[ssm].private_dns", []string{"ssm", "v"}}},
		},
		{
			name: "two subnets of one AZ",
			build: func(f *netFixture) {
				f.put(interfaceEndpoint("ssm", "com.amazonaws.us-east-1.ssm", "a1", "b1", "a2"))
			},
			want: []wantFinding{{"endpoint.subnet-az-duplicate", "vpc-endpoint[ssm].subnets[2]", []string{"ssm", "a2", "a1"}}},
		},
		{
			name: "endpoint services without an NLB, and an NLB in two services",
			build: func(f *netFixture) {
				f.put(&design.EndpointService{Base: baseOf("empty")},
					&design.EndpointService{Base: baseOf("on-alb"), LoadBalancers: []string{"alb"}},
					&design.EndpointService{Base: baseOf("one"), LoadBalancers: []string{"nlb"}},
					&design.EndpointService{Base: baseOf("two"), LoadBalancers: []string{"nlb2", "nlb"}})
			},
			want: []wantFinding{
				{"endpointservice.no-nlb", "endpoint-service[empty].load_balancers", []string{"empty"}},
				{"endpointservice.no-nlb", "endpoint-service[on-alb].load_balancers", []string{"on-alb"}},
				{"endpointservice.no-nlb", "endpoint-service[two].load_balancers[1]", []string{"two", "nlb", "one"}},
			},
		},
		{
			name: "VPC in two service networks",
			build: func(f *netFixture) {
				f.put(&design.LatticeServiceNetwork{Base: baseOf("sn1")}, &design.LatticeServiceNetwork{Base: baseOf("sn2")})
				f.put(&design.LatticeAssociation{Base: baseOf("assoc-1"), ServiceNetwork: "sn1", VPC: "v"},
					&design.LatticeAssociation{Base: baseOf("assoc-2"), ServiceNetwork: "sn2", VPC: "v"})
			},
			want: []wantFinding{{"lattice.vpc-multiple", "lattice-association[assoc-2].vpc", []string{"assoc-2", "v", "assoc-1"}}},
		},
		{
			name: "services of another region",
			build: func(f *netFixture) {
				f.put(gatewayEndpoint("s3-west", "com.amazonaws.us-west-2.s3", "rt1"),
					interfaceEndpoint("ssm-west", "com.amazonaws.us-west-2.ssm", "a1"),
					// Cross-region PrivateLink serves these two.
					interfaceEndpoint("s3-if-west", "com.amazonaws.us-west-2.s3", "a1"),
					interfaceEndpoint("svc-west", "com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0", "a1"))
			},
			want: []wantFinding{
				{"region.mismatch", "vpc-endpoint[s3-west].service", []string{"s3-west", "v"}},
				{"region.mismatch", "vpc-endpoint[ssm-west].service", []string{"ssm-west", "v"}},
			},
		},
		{
			name: "a VPC's own region overrides the design's",
			build: func(f *netFixture) {
				f.vpc("eu", "10.9.0.0/16", func(v *design.VPC) { v.Region = "eu-west-1" })
				e := gatewayEndpoint("s3-eu", "com.amazonaws.eu-west-1.s3")
				e.VPC = "eu"
				f.put(e)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := endpointVPC(t)
			tt.build(f)
			assertFindings(t, f.d, codes, tt.want)
		})
	}
}
