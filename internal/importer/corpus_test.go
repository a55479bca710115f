package importer

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// The acceptance corpus: real public templates (testdata/corpus/SOURCES.md
// says where each comes from and what it needs). Every one must import
// without error into a design with no structural problem, and the facts
// below must hold.

func readCorpus(t testing.TB, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "corpus", file))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func importCorpus(t *testing.T, file string, params map[string]string) *Result {
	t.Helper()
	res, err := Import(bytes.NewReader(readCorpus(t, file)), file, Options{Params: params})
	if err != nil {
		t.Fatalf("Import(%s) error: %v", file, err)
	}
	for _, e := range design.Check(res.Design) {
		t.Errorf("Import(%s): design.Check: %v", file, e)
	}
	return res
}

// kindCounts counts the resources of each kind of d.
func kindCounts(d *design.Design) map[design.Kind]int {
	out := map[design.Kind]int{}
	d.Each(func(r design.Resource) { out[r.Kind()]++ })
	return out
}

func checkCounts(t *testing.T, file string, d *design.Design, want map[design.Kind]int) {
	t.Helper()
	if got := kindCounts(d); !maps.Equal(got, want) {
		t.Errorf("Import(%s) counts = %v; want %v", file, got, want)
	}
}

func check[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v; want %v", what, got, want)
	}
}

// routeTo returns the target of the route to dest in a route table.
func routeTo(t *testing.T, d *design.Design, table, dest string) design.Target {
	t.Helper()
	rt := d.RouteTables[table]
	if rt == nil {
		t.Fatalf("no route table %s", table)
	}
	for _, r := range rt.Routes {
		if r.Dest() == dest {
			return r.Target
		}
	}
	t.Fatalf("route table %s has no route to %s (routes %v)", table, dest, rt.Routes)
	return design.Target{}
}

func hasWarning(t *testing.T, res *Result, want string) {
	t.Helper()
	if !slices.Contains(res.Warnings, want) {
		t.Errorf("warnings = %q; want %q among them", res.Warnings, want)
	}
}

var quickstartFile = "quickstart-aws-vpc-multi-az-nat-nacl-flowlogs.template.yaml"

func TestCorpusQuickstart(t *testing.T) {
	res := importCorpus(t, quickstartFile, map[string]string{"AvailabilityZones": "us-east-1a,us-east-1b"})
	d := res.Design
	checkCounts(t, quickstartFile, d, map[design.Kind]int{
		design.KindVPC: 1, design.KindSubnet: 4, design.KindRouteTable: 4, design.KindNetworkACL: 1,
		design.KindSecurityGroup: 1, design.KindInternetGateway: 1, design.KindNATGateway: 2,
		design.KindElasticIP: 2, design.KindVPCEndpoint: 1, design.KindOpaque: 2,
	})
	check(t, "vpc[VPC].cidr", d.VPCs["VPC"].CIDR, "10.0.0.0/16")
	subnets := []struct{ id, cidr, az string }{
		{"PrivateSubnet1A", "10.0.0.0/19", "us-east-1a"},
		{"PrivateSubnet2A", "10.0.32.0/19", "us-east-1b"},
		{"PublicSubnet1", "10.0.128.0/20", "us-east-1a"},
		{"PublicSubnet2", "10.0.144.0/20", "us-east-1b"},
	}
	for _, s := range subnets {
		got := d.Subnets[s.id]
		if got == nil {
			t.Errorf("no subnet %s", s.id)
			continue
		}
		check(t, "subnet["+s.id+"].cidr", got.CIDR, s.cidr)
		check(t, "subnet["+s.id+"].az", got.AZ, s.az)
		check(t, "subnet["+s.id+"].map_public_ip", got.MapPublicIP, strings.HasPrefix(s.id, "Public"))
	}
	for _, n := range []struct{ nat, eip, subnet, private string }{
		{"NATGateway1", "NAT1EIP", "PublicSubnet1", "PrivateSubnet1A"},
		{"NATGateway2", "NAT2EIP", "PublicSubnet2", "PrivateSubnet2A"},
	} {
		nat := d.NATGateways[n.nat]
		check(t, "nat-gateway["+n.nat+"].eip", nat.EIP, n.eip)
		check(t, "nat-gateway["+n.nat+"].subnet", nat.Subnet, n.subnet)
		// The private table's default route uses the NAT gateway of its AZ.
		target := routeTo(t, d, n.private+"RouteTable", "0.0.0.0/0")
		check(t, n.private+" default route", target, design.Target{Type: design.TargetNATGateway, ID: n.nat})
		check(t, n.private+" AZ = its NAT's AZ", d.Subnets[d.NATGateways[target.ID].Subnet].AZ, d.Subnets[n.private].AZ)
		check(t, "route-table["+n.private+"RouteTable].subnets", fmt.Sprint(d.RouteTables[n.private+"RouteTable"].Subnets), "["+n.private+"]")
	}
	check(t, "public default route", routeTo(t, d, "PublicSubnetRouteTable", "0.0.0.0/0"), design.Target{Type: design.TargetInternetGateway, ID: "InternetGateway"})
	check(t, "internet-gateway[InternetGateway].vpc", d.InternetGateways["InternetGateway"].VPC, "VPC")
	check(t, "vpc-endpoint[S3VPCEndpoint].route_tables", fmt.Sprint(d.VPCEndpoints["S3VPCEndpoint"].RouteTables), "[PrivateSubnet1ARouteTable PrivateSubnet2ARouteTable]")
	check(t, "vpc-endpoint[S3VPCEndpoint].service", d.VPCEndpoints["S3VPCEndpoint"].Service, "com.amazonaws.us-east-1.s3")
	check(t, "main route table", d.RouteTables["VPC.main-rtb"].Main, true)
	check(t, "subnet tags from !Split", d.Subnets["PublicSubnet1"].Tags["Network"], "Public")
	check(t, "warnings", fmt.Sprint(res.Warnings), "[kept 2 resources of types not modelled: AWS::EC2::DHCPOptions (1), AWS::EC2::VPCDHCPOptionsAssociation (1) "+
		"region us-east-1 inferred from availability zone us-east-1a given to parameter AvailabilityZones — pass --region to override]")
}

func TestCorpusQuickstartDefaults(t *testing.T) {
	res := importCorpus(t, quickstartFile, nil)
	hasWarning(t, res, "parameter AvailabilityZones has no default; assumed us-east-1a,us-east-1b — pass --param AvailabilityZones=...")
	check(t, "subnet[PrivateSubnet2A].az", res.Design.Subnets["PrivateSubnet2A"].AZ, "us-east-1b")
}

func TestCorpusQuickstartFourAZs(t *testing.T) {
	res := importCorpus(t, quickstartFile, map[string]string{
		"AvailabilityZones":              "us-west-2a,us-west-2b,us-west-2c,us-west-2d",
		"NumberOfAZs":                    "4",
		"CreateAdditionalPrivateSubnets": "true",
		"CreateVPCFlowLogsToCloudWatch":  "true",
		"PublicSubnetTag2":               "Tier=web",
	})
	d := res.Design
	checkCounts(t, quickstartFile, d, map[design.Kind]int{
		design.KindVPC: 1, design.KindSubnet: 12, design.KindRouteTable: 10, design.KindNetworkACL: 5,
		design.KindSecurityGroup: 1, design.KindInternetGateway: 1, design.KindNATGateway: 4,
		design.KindElasticIP: 4, design.KindVPCEndpoint: 1, design.KindFlowLog: 1, design.KindOpaque: 4,
	})
	check(t, "subnet[PrivateSubnet4B].az", d.Subnets["PrivateSubnet4B"].AZ, "us-west-2d")
	check(t, "route to NAT 4 from private 4B", routeTo(t, d, "PrivateSubnet4BRouteTable", "0.0.0.0/0").ID, "NATGateway4")
	check(t, "S3 endpoint tables", len(d.VPCEndpoints["S3VPCEndpoint"].RouteTables), 8)
	nacl := d.NetworkACLs["PrivateSubnet3BNetworkAcl"]
	check(t, "network-acl[PrivateSubnet3BNetworkAcl].subnets", fmt.Sprint(nacl.Subnets), "[PrivateSubnet3B]")
	check(t, "network-acl[PrivateSubnet3BNetworkAcl].inbound", fmt.Sprint(nacl.Inbound), "[{100 all <nil> <nil> 0.0.0.0/0 allow}]")
	fl := d.FlowLogs["VPCFlowLogsToCloudWatch"]
	check(t, "flow-log.resource", fl.Resource, "VPC")
	check(t, "flow-log.traffic_type", fl.TrafficType, "REJECT")
	check(t, "flow-log.destination", fl.Destination, "cloud-watch-logs")
	check(t, "subnet tag from param", d.Subnets["PublicSubnet3"].Tags["Tier"], "web")
}

func TestCorpusWiddixStacks(t *testing.T) {
	var srcs []Source
	for _, f := range []struct{ file, stack string }{
		{"widdix-vpc-3azs-ipv6-eigw-nacl.yaml", "vpc"},
		{"widdix-vpc-flow-logs-cross-stack.yaml", "vpc-flow-logs"},
		{"widdix-vpc-endpoint-s3-cross-stack.yaml", "vpc-endpoint-s3"},
	} {
		srcs = append(srcs, Source{Name: f.file, Data: readCorpus(t, f.file), StackName: f.stack})
	}
	res, err := ImportStacks(srcs, Options{Params: map[string]string{"ParentVPCStack": "vpc"}})
	if err != nil {
		t.Fatalf("ImportStacks(widdix) error: %v", err)
	}
	d := res.Design
	for _, e := range design.Check(d) {
		t.Errorf("ImportStacks(widdix): design.Check: %v", e)
	}
	checkCounts(t, "widdix", d, map[design.Kind]int{
		design.KindVPC: 1, design.KindSubnet: 6, design.KindRouteTable: 7, design.KindNetworkACL: 3,
		design.KindSecurityGroup: 1, design.KindInternetGateway: 1, design.KindEgressOnlyInternetGateway: 1,
		design.KindVPCEndpoint: 1, design.KindFlowLog: 1, design.KindOpaque: 2,
	})
	vpc := d.VPCs["VPC"]
	check(t, "vpc[VPC].cidr", vpc.CIDR, "10.0.0.0/16")
	check(t, "vpc[VPC].ipv6_cidrs", fmt.Sprint(vpc.IPv6CIDRs), "[unknown(AmazonProvidedIpv6CidrBlock VPCCidrBlock)]")
	for i, id := range []string{"SubnetAPublic", "SubnetAPrivate", "SubnetBPublic", "SubnetBPrivate", "SubnetCPublic", "SubnetCPrivate"} {
		s := d.Subnets[id]
		check(t, "subnet["+id+"].ipv6_cidr", s.IPv6CIDR, design.Unknown(fmt.Sprintf("Fn::Cidr[%d] of Fn::GetAtt VPC.Ipv6CidrBlocks", i)))
		check(t, "subnet["+id+"].cidr", s.CIDR, fmt.Sprintf("10.0.%d.0/20", 16*i))
		check(t, "subnet["+id+"].az", s.AZ, "us-east-1"+string(rune('a'+i/2)))
	}
	check(t, "private IPv6 default route", routeTo(t, d, "RouteTableBPrivate", "::/0"), design.Target{Type: design.TargetEgressOnlyInternetGateway, ID: "EgressOnlyInternetGateway"})
	check(t, "public IPv6 default route", routeTo(t, d, "RouteTableCPublic", "::/0"), design.Target{Type: design.TargetInternetGateway, ID: "InternetGateway"})
	pub := d.NetworkACLs["NetworkAclPublic"]
	check(t, "network-acl[NetworkAclPublic].inbound", fmt.Sprint(pub.Inbound), "[{98 all <nil> <nil> ::/0 allow} {99 all <nil> <nil> 0.0.0.0/0 allow}]")
	check(t, "network-acl[NetworkAclPublic].subnets", fmt.Sprint(pub.Subnets), "[SubnetAPublic SubnetBPublic SubnetCPublic]")
	// The default ACL of a VPC with IPv6 allows IPv6 too.
	check(t, "default ACL entries", len(d.NetworkACLs["VPC.default-nacl"].Inbound), 2)
	// Cross-stack: the flow log and the endpoint use the VPC stack's exports.
	fl := d.FlowLogs["FlowLog"]
	check(t, "flow-log[FlowLog].resource", fl.Resource, "VPC")
	check(t, "flow-log[FlowLog].traffic_type", fl.TrafficType, "REJECT")
	ep := d.VPCEndpoints["EndpointS3"]
	check(t, "vpc-endpoint[EndpointS3].vpc", ep.VPC, "VPC")
	check(t, "vpc-endpoint[EndpointS3].route_tables", fmt.Sprint(ep.RouteTables), "[RouteTablePublic RouteTableBPublic RouteTableCPublic RouteTablePrivate RouteTableBPrivate RouteTableCPrivate]")
	check(t, "export vpc-CidrBlockIPv6", res.Exports["vpc-CidrBlockIPv6"].String(), `"unknown(Fn::GetAtt VPC.Ipv6CidrBlocks)"`)
	check(t, "export vpc-EndpointS3 from the last stack", res.Exports["vpc-endpoint-s3-EndpointS3"].String(), `"EndpointS3"`)
}

func TestCorpusWiddixAlone(t *testing.T) {
	// Without the VPC stack, the cross-stack templates still import: the
	// imports are unknown.
	res := importCorpus(t, "widdix-vpc-endpoint-s3-cross-stack.yaml", map[string]string{"ParentVPCStack": "vpc"})
	ep := res.Design.VPCEndpoints["EndpointS3"]
	check(t, "vpc-endpoint[EndpointS3].vpc", ep.VPC, design.Unknown("Fn::ImportValue vpc-VPC"))
	check(t, "vpc-endpoint[EndpointS3].route_tables", fmt.Sprint(ep.RouteTables), "[unknown(Fn::ImportValue vpc-RouteTablesPublic)]")
	hasWarning(t, res, `Fn::ImportValue "vpc-VPC": no stack given exports it; its uses are unknown`)
}

func TestCorpusManagedNATJSON(t *testing.T) {
	file := "cfn-samples-vpc-managed-nat-private-subnet.json"
	d := importCorpus(t, file, nil).Design
	checkCounts(t, file, d, map[design.Kind]int{
		design.KindVPC: 1, design.KindSubnet: 4, design.KindRouteTable: 4, design.KindNetworkACL: 2,
		design.KindSecurityGroup: 1, design.KindInternetGateway: 1, design.KindNATGateway: 2, design.KindElasticIP: 2,
	})
	check(t, "subnet[PrivateSubnet1].cidr", d.Subnets["PrivateSubnet1"].CIDR, "10.0.3.0/24")
	check(t, "subnet[PrivateSubnet1].az", d.Subnets["PrivateSubnet1"].AZ, "us-east-1b")
	check(t, "subnet[PublicSubnet0].map_public_ip", d.Subnets["PublicSubnet0"].MapPublicIP, true)
	check(t, "private 1 default route", routeTo(t, d, "PrivateRouteTable1", "0.0.0.0/0"), design.Target{Type: design.TargetNATGateway, ID: "NATGateway1"})
	nacl := d.NetworkACLs["PublicNetworkAcl"]
	check(t, "public NACL inbound", fmt.Sprint(nacl.Inbound), "[{100 all <nil> <nil> 0.0.0.0/0 allow}]")
	check(t, "public NACL subnets", fmt.Sprint(nacl.Subnets), "[PublicSubnet0 PublicSubnet1]")
}

func TestCorpusECSPrivateVPC(t *testing.T) {
	file := "cfn-samples-ecs-fargate-private-vpc-sg-selfref-ddb-endpoint.yaml"
	d := importCorpus(t, file, nil).Design
	checkCounts(t, file, d, map[design.Kind]int{
		design.KindVPC: 1, design.KindSubnet: 4, design.KindRouteTable: 4, design.KindNetworkACL: 1,
		design.KindSecurityGroup: 4, design.KindInternetGateway: 1, design.KindNATGateway: 2, design.KindElasticIP: 2,
		design.KindVPCEndpoint: 1, design.KindWorkload: 2, design.KindOpaque: 7,
	})
	ecs := d.SecurityGroups["FargateContainerSecurityGroup"]
	if ecs == nil {
		t.Fatalf("no security group FargateContainerSecurityGroup; have %v", design.SortedIDs(d.SecurityGroups))
	}
	self := false
	for _, r := range ecs.Ingress {
		self = self || (r.Group == "FargateContainerSecurityGroup" && r.Protocol == design.ProtocolAll)
	}
	check(t, "self-referencing ingress rule", self, true)
	pub, priv := d.Workloads["PublicLoadBalancer"], d.Workloads["PrivateLoadBalancer"]
	check(t, "public ALB", fmt.Sprint(pub.Type, " internal=", pub.Internal, " ", pub.Subnets()), "alb internal=false [PublicSubnetOne PublicSubnetTwo]")
	check(t, "private ALB", fmt.Sprint(priv.Type, " internal=", priv.Internal, " ", priv.Subnets()), "alb internal=true [PrivateSubnetOne PrivateSubnetTwo]")
	ep := d.VPCEndpoints["DynamoDBEndpoint"]
	check(t, "DynamoDB endpoint", fmt.Sprint(ep.Type, " ", ep.Service, " ", ep.RouteTables), "gateway com.amazonaws.us-east-1.dynamodb [PrivateRouteTableOne PrivateRouteTableTwo]")
}

func TestCorpusIsolatedVPC(t *testing.T) {
	file := "cfn-samples-isolated-vpc-interface-endpoint-ec2.yaml"
	d := importCorpus(t, file, map[string]string{"EnvironmentName": "test"}).Design
	checkCounts(t, file, d, map[design.Kind]int{
		design.KindVPC: 1, design.KindSubnet: 2, design.KindRouteTable: 3, design.KindNetworkACL: 1,
		design.KindSecurityGroup: 3, design.KindVPCEndpoint: 1, design.KindWorkload: 1,
	})
	for id, rt := range d.RouteTables {
		check(t, "route-table["+id+"] routes", len(rt.Routes), 0)
	}
	var ep *design.VPCEndpoint
	for _, e := range d.VPCEndpoints {
		ep = e
	}
	check(t, "endpoint", fmt.Sprint(ep.Type, " ", ep.Service, " private_dns=", ep.PrivateDNS, " subnets=", len(ep.Subnets), " groups=", len(ep.SecurityGroups)),
		"interface com.amazonaws.us-east-1.cloudformation private_dns=true subnets=2 groups=1")
}

func TestCorpusEndpointService(t *testing.T) {
	file := "cfn-samples-endpoint-service-nlb-privatelink.yaml"
	res := importCorpus(t, file, map[string]string{
		"VpcId": "vpc-0abc", "Subnets": "subnet-0aaa,subnet-0bbb", "SecurityGroups": "sg-0ccc",
		"IP": "10.0.5.10", "DomainName": "sap.example.com",
	})
	d := res.Design
	checkCounts(t, file, d, map[design.Kind]int{design.KindEndpointService: 1, design.KindWorkload: 2, design.KindOpaque: 6})
	nlb := d.Workloads["ASCPrivateLinkNLB"]
	check(t, "NLB", fmt.Sprint(nlb.Type, " internal=", nlb.Internal, " ", nlb.Subnets()), "nlb internal=true [unknown(external subnet-0aaa) unknown(external subnet-0bbb)]")
	check(t, "endpoint service load balancers", fmt.Sprint(d.EndpointServices["ASCPrivateLinkVPCES"].LoadBalancers), "[ASCPrivateLinkNLB]")
	fn := d.Workloads["ASCPrivateLinkLambdaFunction"]
	check(t, "Lambda", fmt.Sprint(fn.Type, " ", fn.Subnets(), " ", fn.SecurityGroups), "lambda [unknown(external subnet-0aaa) unknown(external subnet-0bbb)] [unknown(external sg-0ccc)]")
	// Unquoted Yes stays a string: the condition IpInVpc holds.
	tg := string(d.Opaque["ASCPrivateLinkTargetGroup"].Properties)
	if strings.Contains(tg, `"AvailabilityZone"`) {
		t.Errorf("target group = %s; want no AvailabilityZone (IpInVpc is true)", tg)
	}
}

func TestCorpusENIStaticIPs(t *testing.T) {
	file := "cfn-samples-ec2-eni-multiple-static-ips-eip.yaml"
	d := importCorpus(t, file, map[string]string{
		"VpcId": "vpc-0abc", "SubnetId": "subnet-0aaa", "PrimaryIPAddress": "10.0.0.10", "SecondaryIPAddress": "10.0.0.11", "KeyName": "kp",
	}).Design
	checkCounts(t, file, d, map[design.Kind]int{design.KindSecurityGroup: 1, design.KindElasticIP: 1, design.KindWorkload: 2})
	eni := d.Workloads["Eth0"]
	check(t, "eni", fmt.Sprint(eni.Type, " ", eni.AttachedTo, " ", eni.Interfaces, " ", eni.SecurityGroups),
		"eni EC2Instance [{unknown(external subnet-0aaa) 10.0.0.10 [10.0.0.11] [] false}] [SSHSecurityGroup]")
	check(t, "elastic-ip[EIP1].workload", d.ElasticIPs["EIP1"].Workload, "Eth0")
	sg := d.SecurityGroups["SSHSecurityGroup"]
	check(t, "SSH group", fmt.Sprint(sg.VPC, " ", sg.Ingress[0].Protocol, " ", sg.Ingress[0].PortRange(), " ", sg.Ingress[0].CIDR), "unknown(external vpc-0abc) tcp 22 0.0.0.0/0")
}

func TestCorpusHubSpoke(t *testing.T) {
	file := "nfw-samples-tgw-hub-spoke-centralized-egress.yaml"
	res := importCorpus(t, file, map[string]string{"AvailabilityZoneSelection": "us-east-1b"})
	d := res.Design
	checkCounts(t, file, d, map[design.Kind]int{
		design.KindVPC: 3, design.KindSubnet: 6, design.KindRouteTable: 9, design.KindNetworkACL: 3,
		design.KindSecurityGroup: 7, design.KindInternetGateway: 1, design.KindNATGateway: 1, design.KindElasticIP: 1,
		design.KindVPCEndpoint: 6, design.KindTransitGateway: 1, design.KindTransitGatewayAttachment: 3,
		design.KindTransitGatewayRouteTable: 2, design.KindWorkload: 2, design.KindOpaque: 6,
	})
	var cidrs []string
	for _, id := range design.SortedIDs(d.VPCs) {
		cidrs = append(cidrs, d.VPCs[id].CIDR)
	}
	slices.Sort(cidrs)
	check(t, "VPC blocks", fmt.Sprint(cidrs), "[10.1.0.0/16 10.2.0.0/16 100.64.0.0/16]")
	var tgw *design.TransitGateway
	for _, g := range d.TransitGateways {
		tgw = g
	}
	check(t, "TGW default association/propagation", fmt.Sprint(tgw.DefaultRouteTableAssociation, tgw.DefaultRouteTablePropagation), "false false")
	appliance := 0
	for _, a := range d.TransitGatewayAttachments {
		if a.ApplianceMode {
			appliance++
		}
	}
	check(t, "attachments in appliance mode", appliance, 1)
	static := 0
	for _, rt := range d.TransitGatewayRouteTables {
		for _, r := range rt.Routes {
			check(t, "static TGW route", r.Destination, "0.0.0.0/0")
			static++
		}
	}
	check(t, "static TGW routes", static, 1)
	for _, s := range d.Subnets {
		check(t, "subnet AZ from parameter", s.AZ, "us-east-1b")
	}
	tgwRoutes := 0
	for _, rt := range d.RouteTables {
		for _, r := range rt.Routes {
			if r.Target.Type == design.TargetTransitGateway {
				tgwRoutes++
			}
		}
	}
	if tgwRoutes < 3 {
		t.Errorf("routes to the transit gateway = %d; want at least 3 (two spokes and the egress VPC)", tgwRoutes)
	}
}

func TestCorpusInspectionFirewall(t *testing.T) {
	file := "nfw-samples-tgw-inspection-vpc-network-firewall-1az.yaml"
	d := importCorpus(t, file, nil).Design
	checkCounts(t, file, d, map[design.Kind]int{
		design.KindVPC: 3, design.KindSubnet: 7, design.KindRouteTable: 10, design.KindNetworkACL: 3,
		design.KindSecurityGroup: 7, design.KindInternetGateway: 1, design.KindNATGateway: 1, design.KindElasticIP: 1,
		design.KindVPCEndpoint: 6, design.KindTransitGateway: 1, design.KindTransitGatewayAttachment: 3,
		design.KindTransitGatewayRouteTable: 2, design.KindWorkload: 2, design.KindOpaque: 11,
	})
	// Routes to the firewall endpoint have a target known only after
	// deployment.
	fw := routeTo(t, d, "SubnetCTGWRouteTable", "0.0.0.0/0")
	check(t, "firewall route target type", fw.Type, design.TargetVPCEndpoint)
	check(t, "firewall route target", fw.ID, design.Unknown("Fn::GetAtt EgressFirewall.EndpointIds"))
	check(t, "firewall kept", d.Opaque["EgressFirewall"].Type, "AWS::NetworkFirewall::Firewall")
}

func TestCorpusLattice(t *testing.T) {
	file := "lattice-blueprints-service-network-vpc-association-foreach.yaml"
	res := importCorpus(t, file, nil)
	d := res.Design
	checkCounts(t, file, d, map[design.Kind]int{
		design.KindVPC: 1, design.KindSubnet: 4, design.KindRouteTable: 5, design.KindNetworkACL: 1,
		design.KindSecurityGroup: 4, design.KindLatticeServiceNetwork: 1, design.KindLatticeAssociation: 1,
		design.KindWorkload: 2, design.KindOpaque: 5,
	})
	for i, s := range []struct{ id, az string }{
		{"WorkloadSubneta", "us-east-1a"}, {"WorkloadSubnetb", "us-east-1b"},
		{"EndpointsSubneta", "us-east-1a"}, {"EndpointsSubnetb", "us-east-1b"},
	} {
		sub := d.Subnets[s.id]
		if sub == nil {
			t.Errorf("Fn::ForEach made no subnet %s; have %v", s.id, design.SortedIDs(d.Subnets))
			continue
		}
		check(t, "subnet["+s.id+"].cidr", sub.CIDR, fmt.Sprintf("10.0.%d.0/24", i))
		check(t, "subnet["+s.id+"].az", sub.AZ, s.az)
		check(t, "subnet["+s.id+"].ipv6_cidr", sub.IPv6CIDR, design.Unknown(fmt.Sprintf("Fn::Cidr[%d] of Fn::GetAtt VPC.Ipv6CidrBlocks", i)))
		rt := strings.Replace(s.id, "Subnet", "RouteTable", 1)
		check(t, "route-table["+rt+"].subnets", fmt.Sprint(d.RouteTables[rt].Subnets), "["+s.id+"]")
	}
	a := d.LatticeAssociations["VpcLatticeServiceNetworkAssociation"]
	check(t, "lattice association", fmt.Sprint(a.ServiceNetwork, " ", a.VPC, " ", a.SecurityGroups), "VpcLatticeServiceNetwork VPC [VpcLatticeSecurityGroup]")
	check(t, "instance subnet", fmt.Sprint(d.Workloads["Instanceb"].Subnets()), "[WorkloadSubnetb]")
	hasWarning(t, res, "Resources.Workload has no definition; ignored")
}

func TestCorpusPeering(t *testing.T) {
	file := "userguide-vpc-peering-two-vpcs-ec2.json"
	d := importCorpus(t, file, map[string]string{"EC2KeyPairName": "kp"}).Design
	checkCounts(t, file, d, map[design.Kind]int{
		design.KindVPC: 2, design.KindSubnet: 2, design.KindRouteTable: 4, design.KindNetworkACL: 2,
		design.KindSecurityGroup: 4, design.KindInternetGateway: 1, design.KindPeeringConnection: 1, design.KindWorkload: 2,
	})
	pc := d.PeeringConnections["myVPCPeeringConnection"]
	check(t, "peering", pc.Requester+" <-> "+pc.Accepter, "myVPC <-> myPrivateVPC")
	check(t, "private default route", routeTo(t, d, "RouteTable", "0.0.0.0/0"), design.Target{Type: design.TargetPeeringConnection, ID: "myVPCPeeringConnection"})
	check(t, "public route to the peer", routeTo(t, d, "PublicRouteTable", "10.0.0.0/16"), design.Target{Type: design.TargetPeeringConnection, ID: "myVPCPeeringConnection"})
	pub := d.Workloads["myInstance"]
	check(t, "public instance", fmt.Sprint(pub.Interfaces[0].PublicIP, pub.SecurityGroups), "true [myVPCEC2SecurityGroup]")
	icmp := d.SecurityGroups["myPrivateVPCEC2SecurityGroup"].Ingress[0]
	check(t, "ICMP rule", fmt.Sprint(icmp.Protocol, icmp.ICMP, icmp.CIDR), "icmp<nil>0.0.0.0/0")
	for _, s := range d.Subnets {
		check(t, "subnet without AZ", s.AZ, design.Unknown("AvailabilityZone chosen by AWS"))
	}
	check(t, "DNS support off", d.VPCs["myPrivateVPC"].DNSSupportEnabled(), false)
}

func TestCorpusSecondaryCIDR(t *testing.T) {
	file := "userguide-vpc-secondary-ipv4-and-ipv6-cidr.yaml"
	d := importCorpus(t, file, nil).Design
	v := d.VPCs["VPC"]
	check(t, "vpc", fmt.Sprint(v.CIDR, " ", v.SecondaryCIDRs, " ", v.IPv6CIDRs), "10.0.0.0/24 [192.0.0.0/24] [unknown(AmazonProvidedIpv6CidrBlock VpcCidrBlockIpv6)]")
	// The IPv6 block is known when the default ACL is made: it allows IPv6.
	check(t, "default ACL inbound", len(d.NetworkACLs["VPC.default-nacl"].Inbound), 2)
}

// TestCorpusWordPress imports the WordPress reference VPC with its
// defaults: NumberOfAZs 3 needs three assumed zones (issue 16 point 12).
func TestCorpusWordPress(t *testing.T) {
	file := "aws-refarch-wordpress-01-newvpc.yaml"
	res := importCorpus(t, file, nil)
	checkCounts(t, file, res.Design, map[design.Kind]int{
		design.KindVPC: 1, design.KindSubnet: 9, design.KindRouteTable: 5, design.KindNetworkACL: 1,
		design.KindSecurityGroup: 1, design.KindInternetGateway: 1, design.KindNATGateway: 3,
		design.KindElasticIP: 3, design.KindFlowLog: 1, design.KindOpaque: 2,
	})
}

// TestCorpusCovered checks that every template of the corpus has a test
// above.
func TestCorpusCovered(t *testing.T) {
	covered := []string{
		quickstartFile, "widdix-vpc-3azs-ipv6-eigw-nacl.yaml", "widdix-vpc-flow-logs-cross-stack.yaml",
		"widdix-vpc-endpoint-s3-cross-stack.yaml", "cfn-samples-vpc-managed-nat-private-subnet.json",
		"cfn-samples-ecs-fargate-private-vpc-sg-selfref-ddb-endpoint.yaml", "cfn-samples-isolated-vpc-interface-endpoint-ec2.yaml",
		"cfn-samples-endpoint-service-nlb-privatelink.yaml", "cfn-samples-ec2-eni-multiple-static-ips-eip.yaml",
		"nfw-samples-tgw-hub-spoke-centralized-egress.yaml", "nfw-samples-tgw-inspection-vpc-network-firewall-1az.yaml",
		"lattice-blueprints-service-network-vpc-association-foreach.yaml", "userguide-vpc-peering-two-vpcs-ec2.json",
		"userguide-vpc-secondary-ipv4-and-ipv6-cidr.yaml", "aws-refarch-wordpress-01-newvpc.yaml",
	}
	files, err := filepath.Glob("testdata/corpus/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range unseenCorpus {
		covered = append(covered, c.file)
	}
	for _, f := range files {
		base := filepath.Base(f)
		if strings.HasSuffix(base, ".md") || base == "licenses" {
			continue
		}
		if !slices.Contains(covered, base) {
			t.Errorf("corpus template %s has no test", base)
		}
	}
}
