package importer

import (
	"slices"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// A vpcboard export records design IDs and facts CloudFormation has no
// property for in Metadata.vpcboard; the import gives them back, unless the
// ID is taken.
func TestVpcboardMetadata(t *testing.T) {
	res, err := importString(`Resources:
  WebVpc:
    Type: AWS::EC2::VPC
    Metadata: {vpcboard: {id: web-vpc}}
    Properties: {CidrBlock: 10.0.0.0/16}
  AppA:
    Type: AWS::EC2::Subnet
    Metadata: {vpcboard: {id: app-a, tier: app}}
    Properties: {VpcId: !Ref WebVpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a}
  Taken:
    Type: AWS::EC2::Subnet
    Metadata: {vpcboard: {id: AppB}}
    Properties: {VpcId: !Ref WebVpc, CidrBlock: 10.0.2.0/24, AvailabilityZone: us-east-1a}
  AppB:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref WebVpc, CidrBlock: 10.0.3.0/24, AvailabilityZone: us-east-1a}
  Implicit:
    Type: AWS::EC2::RouteTable
    Metadata: {vpcboard: {id: web-vpc.main-rtb}}
    Properties: {VpcId: !Ref WebVpc}
  Bad:
    Type: AWS::EC2::InternetGateway
    Metadata: {vpcboard: {id: "not an id"}}
  Ip:
    Type: AWS::EC2::EIP
    Metadata: {vpcboard: {id: nat-ip, address: 203.0.113.7}}
    Properties: {Domain: vpc}
`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := res.Design
	if s := d.Subnets["app-a"]; s == nil || s.VPC != "web-vpc" || s.Tier != "app" {
		t.Errorf("subnet app-a = %+v; want the subnet in web-vpc with tier app", s)
	}
	for _, id := range []string{"Taken", "AppB"} {
		if d.Subnets[id] == nil {
			t.Errorf("subnet %s missing: a recorded ID that another resource's logical ID takes is not used", id)
		}
	}
	if d.RouteTables["Implicit"] == nil || !d.RouteTables["web-vpc.main-rtb"].Main {
		t.Errorf("route tables %v: a recorded ID of a VPC's implicit resource is not used", design.SortedIDs(d.RouteTables))
	}
	if d.InternetGateways["Bad"] == nil {
		t.Errorf("internet gateways %v; want Bad (an invalid recorded ID is not used)", design.SortedIDs(d.InternetGateways))
	}
	if e := d.ElasticIPs["nat-ip"]; e == nil || e.Address != "203.0.113.7" {
		t.Errorf("elastic IP nat-ip = %+v; want address 203.0.113.7", e)
	}
}

// The documented "no egress" idiom (one inline rule to 127.0.0.1/32)
// leaves a group without egress rules; all ports are written as no ports.
func TestNoEgressAndAllPorts(t *testing.T) {
	res := importNetwork(t, `  Closed:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: closed
      VpcId: !Ref VPC
      SecurityGroupEgress: [{IpProtocol: '-1', CidrIp: 127.0.0.1/32}]
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 0, ToPort: 65535, CidrIp: 10.0.0.0/8}]
  Local:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: local
      VpcId: !Ref VPC
      SecurityGroupEgress: [{IpProtocol: '-1', CidrIp: 127.0.0.1/32}, {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}]
  Acl:
    Type: AWS::EC2::NetworkAcl
    Properties: {VpcId: !Ref VPC}
  AclIn:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref Acl, RuleNumber: 10, Protocol: 6, RuleAction: allow, CidrBlock: 0.0.0.0/0, PortRange: {From: 0, To: 65535}}
`)
	g := res.Design.SecurityGroups["Closed"]
	if len(g.Egress) != 0 {
		t.Errorf("Closed egress = %+v; want none", g.Egress)
	}
	if len(g.Ingress) != 1 || g.Ingress[0].Ports != nil {
		t.Errorf("Closed ingress = %+v; want one rule without ports (all ports)", g.Ingress)
	}
	if l := res.Design.SecurityGroups["Local"]; len(l.Egress) != 2 || !slices.ContainsFunc(l.Egress, func(r design.SGRule) bool { return r.CIDR == "127.0.0.1/32" }) {
		t.Errorf("Local egress = %+v; want both rules (the idiom is one rule alone)", l.Egress)
	}
	if in := res.Design.NetworkACLs["Acl"].Inbound; len(in) != 1 || in[0].Ports != nil {
		t.Errorf("Acl inbound = %+v; want one entry without ports", in)
	}
}
