package importer

import (
	"fmt"
	"slices"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// network is the start of the templates below: a VPC with a public and a
// private subnet.
const network = `Resources:
  VPC:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Public:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref VPC, CidrBlock: 10.0.0.0/24, AvailabilityZone: us-east-1a, MapPublicIpOnLaunch: 'true'}
  Private:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref VPC, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a}
  RT:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref VPC}
`

func importNetwork(t *testing.T, more string) *Result {
	t.Helper()
	res, err := importString(network+more, Options{})
	if err != nil {
		t.Fatalf("Import error: %v", err)
	}
	return res
}

func TestSecurityGroups(t *testing.T) {
	res := importNetwork(t, `  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      VpcId: !Ref VPC
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: '443', CidrIp: 0.0.0.0/0}
        - {IpProtocol: '6', FromPort: -1, ToPort: -1, CidrIpv6: '::/0'}
        - {IpProtocol: icmp, FromPort: 8, ToPort: -1, SourceSecurityGroupId: !Ref Db}
        - {IpProtocol: udp, FromPort: 53, ToPort: 53, SourcePrefixListId: pl-12345678}
        - {IpProtocol: '-1', SourceSecurityGroupName: legacy}
      SecurityGroupEgress:
        - {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, DestinationSecurityGroupId: !Ref Db}
  Db:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: db, VpcId: !Ref VPC}
  DbIn:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !GetAtt Db.GroupId, IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref Web}
  DefaultIn:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !GetAtt VPC.DefaultSecurityGroup, IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8}
`)
	d := res.Design
	web := d.SecurityGroups["Web"]
	tests := []struct {
		what string
		got  any
		want string
	}{
		{"web ingress[0]", web.Ingress[0], "{tcp 443 <nil> 0.0.0.0/0   }"},
		{"web ingress[1] (-1 ports: all)", web.Ingress[1], "{tcp <nil> <nil> ::/0   }"},
		{"web ingress[2] (ICMP type 8)", fmt.Sprint(web.Ingress[2].Protocol, " ", *web.Ingress[2].ICMP, " ", web.Ingress[2].Group), "icmp {8 -1} Db"},
		{"web ingress[3]", web.Ingress[3].PrefixList, "pl-12345678"},
		{"web ingress[4]", web.Ingress[4].Group, "unknown(security group named legacy)"},
		{"web egress (inline replaces the default)", fmt.Sprint(len(web.Egress), " ", web.Egress[0].Group, " ", web.Egress[0].PortRange()), "1 Db 5432"},
		{"db egress (AWS default)", d.SecurityGroups["Db"].Egress, "[{all <nil> <nil> 0.0.0.0/0   }]"},
		{"db ingress from rule resource", fmt.Sprint(d.SecurityGroups["Db"].Ingress[0].Group), "Web"},
		{"default group ingress", len(d.SecurityGroups["VPC.default-sg"].Ingress), "2"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(tt.got); got != tt.want {
			t.Errorf("%s = %s; want %s", tt.what, got, tt.want)
		}
	}
}

func TestNetworkACLEntries(t *testing.T) {
	d := importNetwork(t, `  Nacl:
    Type: AWS::EC2::NetworkAcl
    Properties: {VpcId: !Ref VPC}
  E200:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref Nacl, RuleNumber: 200, Protocol: 6, RuleAction: deny, CidrBlock: 0.0.0.0/0, PortRange: {From: 22, To: 22}}
  E100:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref Nacl, RuleNumber: '100', Protocol: '17', RuleAction: Allow, CidrBlock: 10.0.0.0/8, PortRange: {From: '1024', To: '65535'}}
  E150:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref Nacl, RuleNumber: 150, Protocol: 58, RuleAction: allow, Ipv6CidrBlock: '::/0', Icmp: {Type: 128, Code: -1}}
  Out:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref Nacl, RuleNumber: 100, Protocol: -1, RuleAction: allow, Egress: true, CidrBlock: 0.0.0.0/0, PortRange: {From: 0, To: 65535}}
  Assoc:
    Type: AWS::EC2::SubnetNetworkAclAssociation
    Properties: {NetworkAclId: !Ref Nacl, SubnetId: !Ref Private}
`).Design
	n := d.NetworkACLs["Nacl"]
	icmp := n.Inbound[1].ICMP
	n.Inbound[1].ICMP = nil
	if got, want := fmt.Sprint(n.Inbound), "[{100 udp 1024-65535 <nil> 10.0.0.0/8 allow} {150 icmpv6 <nil> <nil> ::/0 allow} {200 tcp 22 <nil> 0.0.0.0/0 deny}]"; got != want {
		t.Errorf("inbound = %s; want %s", got, want)
	}
	if icmp == nil || *icmp != (design.ICMPMatch{Type: 128, Code: -1}) {
		t.Errorf("inbound[1].icmp = %v; want type 128, any code", icmp)
	}
	if got, want := fmt.Sprint(n.Outbound), "[{100 all <nil> <nil> 0.0.0.0/0 allow}]"; got != want {
		t.Errorf("outbound = %s; want %s", got, want)
	}
	if got := fmt.Sprint(n.Subnets); got != "[Private]" {
		t.Errorf("subnets = %s; want [Private]", got)
	}
}

func TestRoutes(t *testing.T) {
	res := importNetwork(t, `  IGW: {Type: AWS::EC2::InternetGateway}
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref VPC, InternetGatewayId: !Ref IGW}
  VGW: {Type: AWS::EC2::VPNGateway, Properties: {Type: ipsec.1}}
  VGWAttach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref VPC, VpnGatewayId: !Ref VGW}
  GWLBE:
    Type: AWS::EC2::VPCEndpoint
    Properties: {VpcId: !Ref VPC, VpcEndpointType: GatewayLoadBalancer, ServiceName: com.amazonaws.vpce.us-east-1.vpce-svc-123, SubnetIds: [!Ref Public]}
  Box:
    Type: AWS::EC2::Instance
    Properties: {SubnetId: !Ref Public, SourceDestCheck: false}
  PL:
    Type: AWS::EC2::PrefixList
    Properties: {PrefixListName: corp, AddressFamily: IPv4, MaxEntries: 2, Entries: [{Cidr: 192.168.0.0/16}]}
  R1: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref RT, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref IGW}}
  R2: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref RT, DestinationCidrBlock: 10.1.0.0/16, GatewayId: !Ref GWLBE}}
  R3: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref RT, DestinationCidrBlock: 10.2.0.0/16, GatewayId: !Ref VGW}}
  R4: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref RT, DestinationCidrBlock: 10.3.0.0/16, InstanceId: !Ref Box}}
  R5: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref RT, DestinationPrefixListId: !Ref PL, TransitGatewayId: tgw-0123}}
  R6: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref RT, DestinationCidrBlock: 10.4.0.0/16, GatewayId: vpce-0abc}}
  R7: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref RT, DestinationPrefixListId: pl-63a5400a, VpcEndpointId: vpce-0abc}}
  R8: {Type: AWS::EC2::Route, Properties: {RouteTableId: rtb-0123, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref IGW}}
  R9: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref RT, DestinationCidrBlock: 10.5.0.0/16, CarrierGatewayId: cagw-1}}
  Assoc: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {RouteTableId: !Ref RT, SubnetId: !Ref Public}}
`)
	d := res.Design
	want := []design.Route{
		{Destination: "0.0.0.0/0", Target: design.Target{Type: design.TargetInternetGateway, ID: "IGW"}},
		{Destination: "10.1.0.0/16", Target: design.Target{Type: design.TargetVPCEndpoint, ID: "GWLBE"}},
		{Destination: "10.3.0.0/16", Target: design.Target{Type: design.TargetNetworkInterface, ID: "Box"}},
		{PrefixList: "PL", Target: design.Target{Type: design.TargetTransitGateway, ID: "unknown(external tgw-0123)"}},
		{Destination: "10.4.0.0/16", Target: design.Target{Type: design.TargetVPCEndpoint, ID: "unknown(external vpce-0abc)"}},
		{PrefixList: "pl-63a5400a", Target: design.Target{Type: design.TargetVPCEndpoint, ID: "unknown(external vpce-0abc)"}},
	}
	if got := d.RouteTables["RT"].Routes; !slices.Equal(got, want) {
		t.Errorf("routes = %v; want %v", got, want)
	}
	for _, w := range []string{
		"Resources.R3 (AWS::EC2::Route): routes to virtual private gateways are not modelled; kept as an opaque resource",
		"Resources.R8 (AWS::EC2::Route): route-table unknown(external rtb-0123) is not in the templates; kept as an opaque resource",
		"Resources.R9 (AWS::EC2::Route): routes to carrier gateways are not modelled; kept as an opaque resource",
		"Resources.VGWAttach (AWS::EC2::VPCGatewayAttachment): virtual private gateways are not modelled; kept as an opaque resource",
		"kept 1 resources of types not modelled: AWS::EC2::VPNGateway (1)",
	} {
		hasWarning(t, res, w)
	}
	for _, id := range []string{"R3", "R8", "R9", "VGW", "VGWAttach"} {
		if d.Opaque[id] == nil {
			t.Errorf("opaque[%s] missing", id)
		}
	}
	if got := d.InternetGateways["IGW"].VPC; got != "VPC" {
		t.Errorf("internet-gateway[IGW].vpc = %q; want VPC", got)
	}
	box := d.Workloads["Box"]
	if got := fmt.Sprint(box.Interfaces[0].PublicIP, " ", *box.SourceDestCheck, " ", box.SecurityGroups); got != "true false [VPC.default-sg]" {
		t.Errorf("instance Box = %s; want public (subnet maps public IPs), no source/dest check, default group", got)
	}
	if got := fmt.Sprint(d.PrefixLists["PL"].Entries); got != "[192.168.0.0/16]" {
		t.Errorf("prefix-list[PL].entries = %s", got)
	}
	if errs := design.Check(d); len(errs) > 0 {
		t.Errorf("design.Check = %v; want none", errs)
	}
}

// TestGatewayRouteTableAssociations imports edge associations (issue 16
// point 4): an internet gateway joins the table's gateways; a virtual
// private gateway, which the model does not have, is kept opaque.
func TestGatewayRouteTableAssociations(t *testing.T) {
	res := importNetwork(t, `  IGW: {Type: AWS::EC2::InternetGateway}
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref VPC, InternetGatewayId: !Ref IGW}
  VGW: {Type: AWS::EC2::VPNGateway, Properties: {Type: ipsec.1}}
  Edge: {Type: AWS::EC2::GatewayRouteTableAssociation, Properties: {RouteTableId: !Ref RT, GatewayId: !Ref IGW}}
  VGWEdge: {Type: AWS::EC2::GatewayRouteTableAssociation, Properties: {RouteTableId: !Ref RT, GatewayId: !Ref VGW}}
  ExternalEdge: {Type: AWS::EC2::GatewayRouteTableAssociation, Properties: {RouteTableId: !Ref RT, GatewayId: vgw-0123}}
`)
	d := res.Design
	if got := d.RouteTables["RT"].Gateways; !slices.Equal(got, []string{"IGW"}) {
		t.Errorf("route-table[RT].gateways = %q; want [IGW]", got)
	}
	for _, w := range []string{
		"Resources.VGWEdge (AWS::EC2::GatewayRouteTableAssociation): edge associations with virtual private gateways are not modelled; kept as an opaque resource",
		"Resources.ExternalEdge (AWS::EC2::GatewayRouteTableAssociation): edge associations with virtual private gateways are not modelled; kept as an opaque resource",
	} {
		hasWarning(t, res, w)
	}
	if errs := design.Check(d); len(errs) > 0 {
		t.Errorf("design.Check = %v; want none", errs)
	}
}

func TestWorkloads(t *testing.T) {
	res := importNetwork(t, `  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Subnets: [!Ref Public]}
  Nlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Type: network, Scheme: internal, SubnetMappings: [{SubnetId: !Ref Private, PrivateIPv4Address: 10.0.1.9}]}
  Gwlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Type: gateway, Subnets: [!Ref Private]}
  Svc:
    Type: AWS::EC2::VPCEndpointService
    Properties: {GatewayLoadBalancerArns: [!Ref Gwlb], AcceptanceRequired: true}
  Consumer:
    Type: AWS::EC2::VPCEndpoint
    Properties: {VpcId: !Ref VPC, VpcEndpointType: Interface, ServiceName: !Sub 'com.amazonaws.vpce.${AWS::Region}.${Svc}', SubnetIds: [!Ref Private]}
  DbGroup:
    Type: AWS::RDS::DBSubnetGroup
    Properties: {DBSubnetGroupDescription: db, SubnetIds: [!Ref Private, !Ref Public]}
  Db:
    Type: AWS::RDS::DBInstance
    Properties: {DBSubnetGroupName: !Ref DbGroup, Engine: postgres, DBInstanceClass: db.t3.micro}
  Fn:
    Type: AWS::Lambda::Function
    Properties: {VpcConfig: {SubnetIds: [!Ref Private], SecurityGroupIds: [!GetAtt VPC.DefaultSecurityGroup]}}
  PlainFn:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.12}
  Eni:
    Type: AWS::EC2::NetworkInterface
    Properties: {SubnetId: !Ref Private, SecondaryPrivateIpAddressCount: 1}
  Host:
    Type: AWS::EC2::Instance
    Properties:
      NetworkInterfaces:
        - {DeviceIndex: 0, SubnetId: !Ref Public, AssociatePublicIpAddress: false, PrivateIpAddress: 10.0.0.7}
  Attach:
    Type: AWS::EC2::NetworkInterfaceAttachment
    Properties: {InstanceId: !Ref Host, NetworkInterfaceId: !Ref Eni, DeviceIndex: 1}
  Ip:
    Type: AWS::EC2::EIP
    Properties: {InstanceId: !Ref Host}
`)
	d := res.Design
	tests := []struct {
		id   string
		want string
	}{
		{"Alb", "alb internal=false [{Public  [] [] true}] [VPC.default-sg]"},
		{"Nlb", "nlb internal=true [{Private 10.0.1.9 [] [] false}] []"},
		{"Gwlb", "gwlb internal=true [{Private  [] [] false}] []"},
		{"Db", "rds internal=false [{Private  [] [] false} {Public  [] [] false}] [VPC.default-sg]"},
		{"Fn", "lambda internal=false [{Private  [] [] false}] [VPC.default-sg]"},
		{"Eni", "eni internal=false [{Private  [unknown(secondary address 1 of Eni)] [] false}] [VPC.default-sg]"},
		{"Host", "instance internal=false [{Public 10.0.0.7 [] [] false}] [VPC.default-sg]"},
	}
	for _, tt := range tests {
		w := d.Workloads[tt.id]
		if w == nil {
			t.Errorf("no workload %s", tt.id)
			continue
		}
		if got := fmt.Sprint(w.Type, " internal=", w.Internal, " ", w.Interfaces, " ", w.SecurityGroups); got != tt.want {
			t.Errorf("workload[%s] = %s; want %s", tt.id, got, tt.want)
		}
	}
	if got := d.Workloads["Eni"].AttachedTo; got != "Host" {
		t.Errorf("workload[Eni].attached_to = %q; want Host", got)
	}
	if got := d.ElasticIPs["Ip"].Workload; got != "Host" {
		t.Errorf("elastic-ip[Ip].workload = %q; want Host", got)
	}
	if got := fmt.Sprint(d.VPCEndpoints["Consumer"].EndpointService, " ", d.VPCEndpoints["Consumer"].SecurityGroups); got != "Svc [VPC.default-sg]" {
		t.Errorf("vpc-endpoint[Consumer] = %s; want the endpoint service Svc and the default group", got)
	}
	if got := fmt.Sprint(d.EndpointServices["Svc"].LoadBalancers, " ", d.EndpointServices["Svc"].AcceptanceRequired); got != "[Gwlb] true" {
		t.Errorf("endpoint-service[Svc] = %s", got)
	}
	if d.Opaque["PlainFn"] == nil || d.Opaque["DbGroup"] == nil {
		t.Errorf("a function outside any VPC and the DB subnet group should be opaque")
	}
	if errs := design.Check(d); len(errs) > 0 {
		t.Errorf("design.Check = %v; want none", errs)
	}
}

func TestReferences(t *testing.T) {
	res := importNetwork(t, `  Peer:
    Type: AWS::EC2::VPCPeeringConnection
    Properties: {VpcId: !Ref VPC, PeerVpcId: vpc-0fff, PeerOwnerId: '111111111111', PeerRegion: eu-west-1}
  Custom: {Type: 'Custom::Thing'}
  Odd:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref RT, CidrBlock: 10.0.9.0/24, AvailabilityZone: !GetAtt Custom.Zone}
  FromCustom:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Custom, CidrBlock: 10.0.8.0/24, AvailabilityZone: us-east-1a}
  Skipped:
    Type: AWS::EC2::Subnet
    Condition: Never
    Properties: {VpcId: !Ref VPC, CidrBlock: 10.0.7.0/24}
  TGW:
    Type: AWS::EC2::TransitGateway
    Properties: {AmazonSideAsn: '64512', DefaultRouteTableAssociation: disable}
  TGWRT:
    Type: AWS::EC2::TransitGatewayRouteTable
    Properties: {TransitGatewayId: !Ref TGW}
  Hole:
    Type: AWS::EC2::TransitGatewayRoute
    Properties: {TransitGatewayRouteTableId: !Ref TGWRT, DestinationCidrBlock: 192.168.0.0/16, Blackhole: true}
  TGWLog:
    Type: AWS::EC2::FlowLog
    Properties: {ResourceId: !Ref TGW, ResourceType: TransitGateway, LogDestinationType: s3, LogDestination: arn:aws:s3:::logs}
Conditions:
  Never: !Equals [a, b]
`)
	d := res.Design
	if got := d.PeeringConnections["Peer"].Accepter; got != "unknown(external vpc-0fff in account 111111111111, region eu-west-1)" {
		t.Errorf("peering accepter = %s", got)
	}
	if got := d.Subnets["Odd"]; got.VPC != "RT" || got.AZ != "unknown(Fn::GetAtt Custom.Zone)" {
		t.Errorf("subnet[Odd] = %+v; want the wrong-kind reference kept and an unknown zone", got)
	}
	if got := d.Subnets["FromCustom"].VPC; got != "unknown(Custom (Custom::Thing))" {
		t.Errorf("subnet[FromCustom].vpc = %s; want unknown", got)
	}
	if d.Subnets["Skipped"] != nil {
		t.Errorf("a resource whose condition is false was imported")
	}
	tgw := d.TransitGateways["TGW"]
	if got := fmt.Sprint(tgw.ASN, tgw.DefaultRouteTableAssociation, tgw.DefaultRouteTablePropagation); got != "64512 false true" {
		t.Errorf("transit gateway = %s", got)
	}
	if got := fmt.Sprint(d.TransitGatewayRouteTables["TGWRT"].Routes); got != "[{192.168.0.0/16  true}]" {
		t.Errorf("TGW routes = %s", got)
	}
	hasWarning(t, res, "Resources.Odd.Properties.VpcId: RT is a route-table, not a vpc")
	hasWarning(t, res, `Resources.TGWLog (AWS::EC2::FlowLog): flow logs of resource type "TransitGateway" are not modelled; kept as an opaque resource`)
}
