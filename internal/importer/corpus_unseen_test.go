package importer

import (
	"fmt"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// gwlbParams are the values the aws-samples Gateway Load Balancer templates
// need (their zones, key pair and endpoint service have no default).
var gwlbParams = map[string]string{
	"AvailabilityZone1": "us-east-1a", "AvailabilityZone2": "us-east-1b", "KeyPairName": "k",
	"ServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", "AwsAccountToWhitelist": "123456789012",
}

// unseenCorpus are the templates added when issue 16 was checked against
// templates the project had not seen (SOURCES.md, "Added for issue 16"):
// each imports with the parameters it needs into the counts below, and
// holds the fact that made it worth adding.
var unseenCorpus = []struct {
	file   string
	params map[string]string
	counts map[design.Kind]int
	fact   func(t *testing.T, d *design.Design)
}{
	{"gwlb-samples-distributed-spoke-vpc-ingress-routing.yaml", gwlbParams, map[design.Kind]int{
		design.KindVPC: 1, design.KindSubnet: 4, design.KindRouteTable: 6, design.KindNetworkACL: 1,
		design.KindSecurityGroup: 3, design.KindInternetGateway: 1, design.KindVPCEndpoint: 5,
		design.KindWorkload: 3, design.KindOpaque: 2,
	}, func(t *testing.T, d *design.Design) {
		// The internet gateway's edge table sends each application
		// subnet's traffic to the Gateway Load Balancer endpoint of its AZ.
		check(t, "edge association", fmt.Sprint(d.RouteTables["IgwRouteTable1"].Gateways), "[InternetGateway]")
		check(t, "edge route", routeTo(t, d, "IgwRouteTable1", "10.0.0.32/28").ID, "GwlbVpcEndpoint1")
		check(t, "endpoint type", d.VPCEndpoints["GwlbVpcEndpoint1"].Type, design.EndpointGatewayLoadBalancer)
	}},
	{"gwlb-samples-distributed-appliance-vpc-endpoint-service.yaml", gwlbParams, map[design.Kind]int{
		design.KindVPC: 1, design.KindSubnet: 2, design.KindRouteTable: 2, design.KindNetworkACL: 1,
		design.KindSecurityGroup: 2, design.KindInternetGateway: 1, design.KindVPCEndpoint: 3,
		design.KindEndpointService: 1, design.KindWorkload: 3, design.KindOpaque: 9,
	}, nil},
	{"gwlb-samples-centralized-appliance-vpc-nat-tgw-subnets.yaml", gwlbParams, map[design.Kind]int{
		design.KindVPC: 1, design.KindSubnet: 6, design.KindRouteTable: 7, design.KindNetworkACL: 1,
		design.KindSecurityGroup: 3, design.KindInternetGateway: 1, design.KindNATGateway: 2, design.KindElasticIP: 2,
		design.KindVPCEndpoint: 2, design.KindEndpointService: 1, design.KindWorkload: 4, design.KindOpaque: 9,
	}, nil},
	{"gwlb-samples-centralized-spoke-vpc.yaml", gwlbParams, map[design.Kind]int{
		design.KindVPC: 1, design.KindSubnet: 6, design.KindRouteTable: 3, design.KindNetworkACL: 1,
		design.KindSecurityGroup: 3, design.KindInternetGateway: 1, design.KindWorkload: 3,
	}, nil},
	{"gwlb-samples-centralized-tgw-route-tables.yaml", nil, map[design.Kind]int{
		design.KindTransitGateway: 1, design.KindTransitGatewayAttachment: 3, design.KindTransitGatewayRouteTable: 2,
		design.KindOpaque: 6,
	}, nil},
	{"gwlb-samples-ingress-vpc-alb-custom-replace-route.yaml", gwlbParams, map[design.Kind]int{
		design.KindVPC: 1, design.KindSubnet: 6, design.KindRouteTable: 7, design.KindNetworkACL: 1,
		design.KindSecurityGroup: 4, design.KindInternetGateway: 1, design.KindNATGateway: 2, design.KindElasticIP: 2,
		design.KindVPCEndpoint: 2, design.KindWorkload: 4, design.KindOpaque: 11,
	}, func(t *testing.T, d *design.Design) {
		// Four custom resources replace the local routes of route tables
		// they name, which the trace then treats as unknown.
		custom := 0
		for _, o := range d.Opaque {
			if o.IsCustom() {
				custom++
			}
		}
		check(t, "custom resources", custom, 4)
	}},
	{"cfn-samples-eks-vpc-3az-nat-cluster.yaml", map[string]string{"EKSClusterVersion": "1.31"}, map[design.Kind]int{
		design.KindVPC: 1, design.KindSubnet: 6, design.KindRouteTable: 5, design.KindNetworkACL: 1,
		design.KindSecurityGroup: 2, design.KindInternetGateway: 1, design.KindNATGateway: 3, design.KindElasticIP: 3,
		design.KindOpaque: 5,
	}, nil},
}

// TestCorpusUnseen imports the templates added when issue 16 was checked
// against templates the project had not seen.
func TestCorpusUnseen(t *testing.T) {
	for _, c := range unseenCorpus {
		t.Run(c.file, func(t *testing.T) {
			d := importCorpus(t, c.file, c.params).Design
			checkCounts(t, c.file, d, c.counts)
			if c.fact != nil {
				c.fact(t, d)
			}
		})
	}
}
