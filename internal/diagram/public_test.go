package diagram

import (
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/validate"
)

// foreignIGWDesign has two VPCs: subnet a-nat's table routes 0.0.0.0/0 to
// the internet gateway of the other VPC (AWS refuses such a route; nothing
// would pass through it), and subnet b-pub routes to its own VPC's gateway.
// A NAT gateway sits in each subnet.
func foreignIGWDesign() *design.Design {
	d := design.New("foreign-igw")
	d.Region = "us-east-1"
	d.VPCs = map[string]*design.VPC{
		"vpc-a": {CIDR: "10.1.0.0/16"},
		"vpc-b": {CIDR: "10.2.0.0/16"},
	}
	d.Subnets = map[string]*design.Subnet{
		"a-nat": {VPC: "vpc-a", AZ: "us-east-1a", CIDR: "10.1.0.0/24"},
		"b-pub": {VPC: "vpc-b", AZ: "us-east-1a", CIDR: "10.2.0.0/24"},
	}
	d.InternetGateways = map[string]*design.InternetGateway{"igw-b": {VPC: "vpc-b"}}
	d.RouteTables = map[string]*design.RouteTable{
		"rt-a": {VPC: "vpc-a", Subnets: []string{"a-nat"}, Routes: []design.Route{{Destination: "0.0.0.0/0", Target: design.Target{Type: design.TargetInternetGateway, ID: "igw-b"}}}},
		"rt-b": {VPC: "vpc-b", Subnets: []string{"b-pub"}, Routes: []design.Route{{Destination: "0.0.0.0/0", Target: design.Target{Type: design.TargetInternetGateway, ID: "igw-b"}}}},
	}
	d.ElasticIPs = map[string]*design.ElasticIP{"eip-a": {}, "eip-b": {}}
	d.NATGateways = map[string]*design.NATGateway{
		"nat-a": {Subnet: "a-nat", EIP: "eip-a", Connectivity: design.ConnectivityPublic},
		"nat-b": {Subnet: "b-pub", EIP: "eip-b", Connectivity: design.ConnectivityPublic},
	}
	return d
}

// TestPublicSubnetAgreesWithValidate checks that the diagram draws as
// public exactly the subnets validate treats as public (where a NAT
// gateway raises no nat.not-public): one definition, design.Index.IsPublic.
// They disagreed on a route to another VPC's internet gateway.
func TestPublicSubnetAgreesWithValidate(t *testing.T) {
	d := foreignIGWDesign()
	notPublic := map[string]bool{}
	for _, f := range validate.Validate(d, validate.Config{}) {
		if f.Code == "nat.not-public" {
			notPublic[f.Resources[1]] = true
		}
	}
	dot := string(DOT(d, View{Kind: ViewFull}))
	for _, s := range []string{"a-nat", "b-pub"} {
		drawnPublic := slices.ContainsFunc(strings.Split(dot, "\n"), func(l string) bool {
			return strings.Contains(l, `id="`+s+`"`) && strings.Contains(l, "subnet-public")
		})
		if drawnPublic == notPublic[s] {
			t.Errorf("subnet %s: diagram draws it public = %v, validate nat.not-public = %v", s, drawnPublic, notPublic[s])
		}
	}
	if !notPublic["a-nat"] {
		t.Errorf("validate: a NAT gateway in a-nat (route to another VPC's gateway) raises no nat.not-public")
	}
}
