package importer

import (
	"fmt"
	"testing"
)

func TestForEach(t *testing.T) {
	src := `Transform: [AWS::LanguageExtensions]
Parameters:
  Zones: {Type: CommaDelimitedList, Default: "a,b"}
Mappings:
  Cidrs: {a: {Cidr: 10.0.0.0/24}, b: {Cidr: 10.0.1.0/24}}
Resources:
  VPC:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Fn::ForEach::Subnets:
    - Zone
    - !Ref Zones
    - Subnet${Zone}:
        Type: AWS::EC2::Subnet
        Properties:
          VpcId: !Ref VPC
          AvailabilityZone: !Sub '${AWS::Region}${Zone}'
          CidrBlock: !FindInMap [Cidrs, !Ref Zone, Cidr]
          Tags: [{Key: Name, Value: !Sub 'subnet-${Zone}'}]
  Fn::ForEach::Tiers:
    - Tier
    - [web-tier, db.tier]
    - SG&{Tier}:
        Type: AWS::EC2::SecurityGroup
        Properties: {GroupDescription: !Ref Tier, VpcId: !Ref VPC}
      Fn::ForEach::Ports:
        - Port
        - ['80', '443']
        - In&{Tier}${Port}:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: {Ref: {'Fn::Sub': 'SG&{Tier}'}}
              IpProtocol: tcp
              FromPort: !Ref Port
              ToPort: !Ref Port
              CidrIp: 0.0.0.0/0
Outputs:
  Fn::ForEach::Out:
    - Zone
    - !Ref Zones
    - Out${Zone}:
        Value: !GetAtt [!Sub 'Subnet${Zone}', AvailabilityZone]
        Export: {Name: !Sub 'zone-${Zone}'}
`
	res, err := importString(src, Options{})
	if err != nil {
		t.Fatalf("Import error: %v", err)
	}
	d := res.Design
	for _, s := range []struct{ id, az, cidr, name string }{
		{"Subneta", "us-east-1a", "10.0.0.0/24", "subnet-a"},
		{"Subnetb", "us-east-1b", "10.0.1.0/24", "subnet-b"},
	} {
		got := d.Subnets[s.id]
		if got == nil {
			t.Errorf("no subnet %s", s.id)
			continue
		}
		if g := fmt.Sprint(got.VPC, " ", got.AZ, " ", got.CIDR, " ", got.Tags["Name"]); g != fmt.Sprint("VPC ", s.az, " ", s.cidr, " ", s.name) {
			t.Errorf("subnet[%s] = %s", s.id, g)
		}
	}
	for id, want := range map[string]string{"SGwebtier": "web-tier [80 443]", "SGdbtier": "db.tier [80 443]"} {
		g := d.SecurityGroups[id]
		if g == nil {
			t.Errorf("no security group %s; have %v", id, len(d.SecurityGroups))
			continue
		}
		var ports []string
		for _, r := range g.Ingress {
			ports = append(ports, r.PortRange().String())
		}
		if got := fmt.Sprint(g.Description, " ", ports); got != want {
			t.Errorf("security-group[%s] = %s; want %s", id, got, want)
		}
	}
	if got := res.Exports["zone-b"].String(); got != `"us-east-1b"` {
		t.Errorf("export zone-b = %s; want \"us-east-1b\"", got)
	}
}

func TestSubstituteKey(t *testing.T) {
	tests := []struct{ key, want string }{
		{"Subnet${X}", "Subnetweb-tier.1"},
		{"Subnet&{X}", "Subnetwebtier1"},
		{"${X}${X}", "web-tier.1web-tier.1"},
		{"${Y}", "${Y}"},
	}
	for _, tt := range tests {
		if got := substituteKey(tt.key, "X", "web-tier.1"); got != tt.want {
			t.Errorf("substituteKey(%q) = %q; want %q", tt.key, got, tt.want)
		}
	}
}
