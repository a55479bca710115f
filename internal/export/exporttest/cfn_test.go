package exporttest

import (
	"slices"
	"strings"
	"testing"
)

// cfnDoc builds a template around some resources (JSON object members,
// without the braces) and any other top-level members. Every template
// gets a VPC "Vpc", a subnet "Sub" in it, a String parameter "Env", a list
// parameter "Subnets" and a condition "IsProd", which the cases may use.
func cfnDoc(resources string, sections ...string) []byte {
	var b strings.Builder
	b.WriteString(`{"AWSTemplateFormatVersion": "2010-09-09",
 "Parameters": {"Env": {"Type": "String", "AllowedValues": ["dev", "prod"], "Default": "dev"},
                "Subnets": {"Type": "List<AWS::EC2::Subnet::Id>"}},
 "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
 "Resources": {
  "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
  "Sub": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.0.0/24"}}`)
	if resources != "" {
		b.WriteString(",\n  " + resources)
	}
	b.WriteString("}")
	for _, s := range sections {
		b.WriteString(",\n " + s)
	}
	b.WriteString("}")
	return []byte(b.String())
}

// cfnValid is a small template of the usual shape: a public and a private
// subnet, an internet gateway, a NAT gateway, routes, a NACL entry and
// security groups, wired with Ref, Fn::GetAtt, Fn::Sub and Fn::If.
const cfnValid = `{
 "AWSTemplateFormatVersion": "2010-09-09",
 "Description": "A small network.",
 "Metadata": {"vpcboard": {"version": 1}},
 "Parameters": {
  "VpcCidr": {"Type": "String", "Default": "10.0.0.0/16", "AllowedPattern": "^[0-9./]+$"},
  "Env": {"Type": "String", "AllowedValues": ["dev", "prod"], "Default": "dev"},
  "Ami": {"Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", "Default": "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"}
 },
 "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
 "Mappings": {"Retention": {"dev": {"Days": 7}, "prod": {"Days": 365}}},
 "Resources": {
  "AppVpc": {"Type": "AWS::EC2::VPC", "Metadata": {"vpcboard": {"id": "vpc-app"}},
   "Properties": {"CidrBlock": {"Ref": "VpcCidr"}, "EnableDnsSupport": true, "EnableDnsHostnames": "true",
    "Tags": [{"Key": "Name", "Value": {"Fn::Sub": "${AWS::StackName}-app"}}]}},
  "PublicA": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "AppVpc"},
   "CidrBlock": {"Fn::Select": [0, {"Fn::Cidr": [{"Fn::GetAtt": ["AppVpc", "CidrBlock"]}, 4, 8]}]},
   "AvailabilityZone": {"Fn::Select": ["0", {"Fn::GetAZs": ""}]}, "MapPublicIpOnLaunch": true}},
  "PrivateA": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Fn::GetAtt": "AppVpc.VpcId"},
   "CidrBlock": "10.0.1.0/24", "AvailabilityZone": {"Fn::GetAtt": ["PublicA", "AvailabilityZone"]}}},
  "Igw": {"Type": "AWS::EC2::InternetGateway"},
  "IgwAttachment": {"Type": "AWS::EC2::VPCGatewayAttachment", "Properties": {"VpcId": {"Ref": "AppVpc"}, "InternetGatewayId": {"Ref": "Igw"}}},
  "PublicRt": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "AppVpc"}}},
  "PublicDefault": {"Type": "AWS::EC2::Route", "DependsOn": "IgwAttachment",
   "Properties": {"RouteTableId": {"Ref": "PublicRt"}, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": {"Ref": "Igw"}}},
  "PublicAssoc": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"SubnetId": {"Ref": "PublicA"}, "RouteTableId": {"Ref": "PublicRt"}}},
  "NatEip": {"Type": "AWS::EC2::EIP", "DependsOn": ["IgwAttachment"], "Properties": {"Domain": "vpc"}},
  "Nat": {"Type": "AWS::EC2::NatGateway", "Properties": {"SubnetId": {"Ref": "PublicA"},
   "AllocationId": {"Fn::GetAtt": ["NatEip", "AllocationId"]}, "ConnectivityType": "public"}},
  "PrivateRt": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "AppVpc"}}},
  "PrivateDefault": {"Type": "AWS::EC2::Route", "Properties": {"RouteTableId": {"Ref": "PrivateRt"}, "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": {"Ref": "Nat"}}},
  "PrivateAssoc": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"SubnetId": {"Ref": "PrivateA"}, "RouteTableId": {"Ref": "PrivateRt"}}},
  "DenyTelnet": {"Type": "AWS::EC2::NetworkAclEntry", "Properties": {"NetworkAclId": {"Fn::GetAtt": ["AppVpc", "DefaultNetworkAcl"]},
   "RuleNumber": "90", "Protocol": 6, "RuleAction": "deny", "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 23, "To": "23"},
   "Egress": {"Fn::If": ["IsProd", false, {"Ref": "AWS::NoValue"}]}}},
  "Web": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "web tier", "VpcId": {"Ref": "AppVpc"},
   "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}],
   "SecurityGroupEgress": [{"IpProtocol": "-1", "DestinationSecurityGroupId": {"Fn::GetAtt": ["AppVpc", "DefaultSecurityGroup"]}}]}},
  "App": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "app tier", "VpcId": {"Fn::GetAtt": ["PrivateA", "VpcId"]}}},
  "AppFromWeb": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {"GroupId": {"Fn::GetAtt": ["App", "GroupId"]},
   "IpProtocol": "tcp", "FromPort": "8080", "ToPort": 8080, "SourceSecurityGroupId": {"Ref": "Web"}}},
  "Server": {"Type": "AWS::EC2::Instance", "Properties": {"ImageId": {"Ref": "Ami"}, "InstanceType": "t3.micro",
   "SubnetId": {"Ref": "PrivateA"}, "SecurityGroupIds": [{"Ref": "App"}]}},
  "Gateway": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {"VpcId": {"Ref": "AppVpc"}, "VpcEndpointType": "Gateway",
   "ServiceName": {"Fn::Sub": "com.amazonaws.${AWS::Region}.s3"}, "RouteTableIds": [{"Ref": "PrivateRt"}, {"Ref": "PublicRt"}]}},
  "FlowLogs": {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
   "Properties": {"RetentionInDays": {"Fn::FindInMap": ["Retention", {"Ref": "Env"}, "Days"]}}},
  "FlowLogRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17",
   "Statement": [{"Effect": "Allow", "Principal": {"Service": "vpc-flow-logs.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
  "FlowLog": {"Type": "AWS::EC2::FlowLog", "Condition": "IsProd", "Properties": {"ResourceType": "VPC", "ResourceId": {"Ref": "AppVpc"},
   "TrafficType": "ALL", "LogGroupName": {"Ref": "FlowLogs"}, "DeliverLogsPermissionArn": {"Fn::GetAtt": ["FlowLogRole", "Arn"]}}}
 },
 "Outputs": {
  "VpcId": {"Value": {"Ref": "AppVpc"}, "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-VpcId"}}},
  "PrivateCidr": {"Condition": "IsProd", "Value": {"Fn::Join": [",", [{"Fn::GetAtt": ["PrivateA", "CidrBlock"]}]]}}
 }
}`

func TestCheckCloudFormationValid(t *testing.T) {
	tests := []struct {
		name string
		tmpl []byte
	}{
		{"network", []byte(cfnValid)},
		{"base", cfnDoc("")},
		{"list parameter for a list property", cfnDoc(`"Ep": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {"VpcId": {"Ref": "Vpc"}, "ServiceName": "com.amazonaws.us-east-1.ssm", "VpcEndpointType": "Interface", "SubnetIds": {"Ref": "Subnets"}}}`)},
		{"Fn::If branches", cfnDoc(`"Rt": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Fn::If": ["IsProd", {"Ref": "Vpc"}, {"Fn::GetAtt": ["Sub", "VpcId"]}]}}}`)},
		{"scalar forms", cfnDoc(`"Entry": {"Type": "AWS::EC2::NetworkAclEntry", "Properties": {"NetworkAclId": {"Fn::GetAtt": ["Vpc", "DefaultNetworkAcl"]}, "RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": "True", "CidrBlock": "0.0.0.0/0"}}`)},
		{"Fn::GetAZs null", cfnDoc(`"Sub2": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24", "AvailabilityZone": {"Fn::Select": [1, {"Fn::GetAZs": null}]}}}`)},
		{"CreationPolicy on an instance", cfnDoc(`"Box": {"Type": "AWS::EC2::Instance", "CreationPolicy": {"ResourceSignal": {"Timeout": "PT5M"}}, "Properties": {"SubnetId": {"Ref": "Sub"}}}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckCloudFormation(tt.tmpl); got != nil {
				t.Errorf("CheckCloudFormation(%s) = %q; want nil", tt.name, got)
			}
		})
	}
}

func TestCheckCloudFormationProblems(t *testing.T) {
	tests := []struct {
		name string
		tmpl []byte
		want []string
	}{
		{
			name: "unknown type",
			tmpl: cfnDoc(`"Thing": {"Type": "AWS::EC2::Widget"}`),
			want: []string{`Resources.Thing.Type: unknown resource type "AWS::EC2::Widget" (no schema embedded)`},
		},
		{
			name: "unknown property",
			tmpl: cfnDoc(`"Other": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlok": "10.1.0.0/16"}}`),
			want: []string{`Resources.Other.Properties.CidrBlok: unknown property`},
		},
		{
			name: "missing required property",
			tmpl: cfnDoc(`"Sub2": {"Type": "AWS::EC2::Subnet", "Properties": {"CidrBlock": "10.0.1.0/24"}}`),
			want: []string{`Resources.Sub2.Properties.VpcId: required property is missing`},
		},
		{
			name: "wrong type",
			tmpl: cfnDoc(`"Other": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": [10, 1, 0, 0]}}`),
			want: []string{`Resources.Other.Properties.CidrBlock: want string, got array`},
		},
		{
			name: "wrong type, scalar",
			tmpl: cfnDoc(`"Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "x", "VpcId": {"Ref": "Vpc"}, "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": "eighty", "ToPort": 80}]}}`),
			want: []string{`Resources.Sg.Properties.SecurityGroupIngress[0].FromPort: want integer, got string "eighty"`},
		},
		{
			name: "bad enum, hand-kept",
			tmpl: cfnDoc(`"Nat": {"Type": "AWS::EC2::NatGateway", "Properties": {"SubnetId": {"Ref": "Sub"}, "ConnectivityType": "semi"}}`),
			want: []string{`Resources.Nat.Properties.ConnectivityType: want one of private, public, got "semi"`},
		},
		{
			name: "bad enum, from the schema",
			tmpl: cfnDoc(`"Log": {"Type": "AWS::EC2::FlowLog", "Properties": {"ResourceType": "VPC", "ResourceId": {"Ref": "Vpc"}, "TrafficType": "SOME", "LogDestinationType": "s3", "LogDestination": "arn:aws:s3:::logs"}}`),
			want: []string{`Resources.Log.Properties.TrafficType: want one of "ACCEPT", "ALL", "REJECT", got "SOME"`},
		},
		{
			name: "Ref to a missing logical ID",
			tmpl: cfnDoc(`"Rt": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Nope"}}}`),
			want: []string{`Resources.Rt.Properties.VpcId: Ref Nope: no parameter or resource Nope in this template`},
		},
		{
			name: "GetAtt of an attribute the type does not have",
			tmpl: cfnDoc(`"Rt": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Fn::GetAtt": ["Vpc", "Arn"]}}}`),
			want: []string{`Resources.Rt.Properties.VpcId: Fn::GetAtt Vpc.Arn: AWS::EC2::VPC has no attribute Arn (it has CidrBlock, CidrBlockAssociations, DefaultNetworkAcl, DefaultSecurityGroup, EnableDnsHostnames, EnableDnsSupport, InstanceTenancy, Ipv4IpamPoolId, Ipv4NetmaskLength, Ipv6CidrBlocks, Tags, VpcId)`},
		},
		{
			name: "Ref of the wrong target type",
			tmpl: cfnDoc(`"Assoc": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"SubnetId": {"Ref": "Vpc"}, "RouteTableId": {"Ref": "Rt"}}},
  "Rt": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}}`),
			want: []string{`Resources.Assoc.Properties.SubnetId: Ref Vpc is an AWS::EC2::VPC; this property takes Ref AWS::EC2::Subnet or Fn::GetAtt AWS::EC2::Subnet.SubnetId`},
		},
		{
			name: "Ref where only Fn::GetAtt gives the value",
			tmpl: cfnDoc(`"Eip": {"Type": "AWS::EC2::EIP", "Properties": {"Domain": "vpc"}},
  "Nat": {"Type": "AWS::EC2::NatGateway", "Properties": {"SubnetId": {"Ref": "Sub"}, "AllocationId": {"Ref": "Eip"}}}`),
			want: []string{`Resources.Nat.Properties.AllocationId: Ref Eip is an AWS::EC2::EIP; this property takes Fn::GetAtt AWS::EC2::EIP.AllocationId`},
		},
		{
			name: "wrong target from relationshipRef, in a list",
			tmpl: cfnDoc(`"Ep": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {"VpcId": {"Ref": "Vpc"}, "ServiceName": "com.amazonaws.us-east-1.ssm", "VpcEndpointType": "Interface", "SecurityGroupIds": [{"Ref": "Sub"}]}}`),
			want: []string{`Resources.Ep.Properties.SecurityGroupIds[0]: Ref Sub is an AWS::EC2::Subnet; this property takes Ref AWS::EC2::SecurityGroup or Fn::GetAtt AWS::EC2::SecurityGroup.GroupId or Fn::GetAtt AWS::EC2::SecurityGroup.Id or Fn::GetAtt AWS::EC2::VPC.DefaultSecurityGroup`},
		},
		{
			name: "single value for a list",
			tmpl: cfnDoc(`"Ep": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {"VpcId": {"Ref": "Vpc"}, "ServiceName": "com.amazonaws.us-east-1.ssm", "VpcEndpointType": "Interface", "SubnetIds": {"Ref": "Sub"}}}`),
			want: []string{`Resources.Ep.Properties.SubnetIds: want array, got a single value (Ref Sub)`},
		},
		{
			name: "list for a single value",
			tmpl: cfnDoc(`"Nat": {"Type": "AWS::EC2::NatGateway", "Properties": {"SubnetId": {"Ref": "Subnets"}}}`),
			want: []string{`Resources.Nat.Properties.SubnetId: want string, got a list (Ref Subnets)`},
		},
		{
			name: "read-only property set",
			tmpl: cfnDoc(`"Other": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.1.0.0/16", "VpcId": "vpc-0123456789abcdef0"}}`),
			want: []string{`Resources.Other.Properties.VpcId: read-only property of AWS::EC2::VPC (an attribute CloudFormation returns) cannot be set`},
		},
		{
			name: "bad DependsOn",
			tmpl: cfnDoc(`"Igw": {"Type": "AWS::EC2::InternetGateway", "DependsOn": ["Vpc", "Nope"]}`),
			want: []string{`Resources.Igw.DependsOn: "Nope" is not a resource in this template`},
		},
		{
			name: "malformed logical ID",
			tmpl: cfnDoc(`"my-igw": {"Type": "AWS::EC2::InternetGateway"}`),
			want: []string{`Resources.my-igw: logical ID "my-igw" must be 1 to 255 ASCII letters and digits`},
		},
		{
			name: "unknown top-level section",
			tmpl: cfnDoc("", `"Output": {}`),
			want: []string{`Output: unknown top-level section (want one of AWSTemplateFormatVersion, Conditions, Description, Mappings, Metadata, Outputs, Parameters, Resources, Rules, Transform)`},
		},
		{
			name: "unknown resource attribute",
			tmpl: cfnDoc(`"Igw": {"Type": "AWS::EC2::InternetGateway", "Propertes": {}}`),
			want: []string{`Resources.Igw.Propertes: unknown resource attribute`},
		},
		{
			name: "bad DeletionPolicy",
			tmpl: cfnDoc(`"Igw": {"Type": "AWS::EC2::InternetGateway", "DeletionPolicy": "Keep"}`),
			want: []string{`Resources.Igw.DeletionPolicy: want one of Delete, Retain, RetainExceptOnCreate, Snapshot, got "Keep"`},
		},
		{
			name: "resource Condition not declared",
			tmpl: cfnDoc(`"Igw": {"Type": "AWS::EC2::InternetGateway", "Condition": "IsDev"}`),
			want: []string{`Resources.Igw.Condition: "IsDev" is not a condition in this template`},
		},
		{
			name: "Fn::If of an undeclared condition",
			tmpl: cfnDoc(`"Igw": {"Type": "AWS::EC2::InternetGateway", "Properties": {"Tags": [{"Key": "env", "Value": {"Fn::If": ["IsDev", "dev", "prod"]}}]}}`),
			want: []string{`Resources.Igw.Properties.Tags[0].Value: Fn::If: "IsDev" is not a condition in this template`},
		},
		{
			name: "Fn::Sub references",
			tmpl: cfnDoc(`"Igw": {"Type": "AWS::EC2::InternetGateway", "Properties": {"Tags": [{"Key": "Name", "Value": {"Fn::Sub": "${Env}-${Vpc.CidrBlock}-${!Literal}-${Nope}-${Sub.Arn}"}}]}}`),
			want: []string{
				`Resources.Igw.Properties.Tags[0].Value: Fn::GetAtt Sub.Arn: AWS::EC2::Subnet has no attribute Arn (it has AssignIpv6AddressOnCreation, AvailabilityZone, AvailabilityZoneId, CidrBlock, EnableDns64, EnableLniAtDeviceIndex, Ipv4IpamPoolId, Ipv4NetmaskLength, Ipv6CidrBlock, Ipv6CidrBlocks, Ipv6IpamPoolId, Ipv6Native, Ipv6NetmaskLength, MapPublicIpOnLaunch, NetworkAclAssociationId, OutpostArn, PrivateDnsNameOptionsOnLaunch.EnableResourceNameDnsAAAARecord, PrivateDnsNameOptionsOnLaunch.EnableResourceNameDnsARecord, PrivateDnsNameOptionsOnLaunch.HostnameType, SubnetId, Tags, VpcId)`,
				`Resources.Igw.Properties.Tags[0].Value: Ref Nope: no parameter or resource Nope in this template`,
			},
		},
		{
			name: "unknown intrinsic function",
			tmpl: cfnDoc(`"Igw": {"Type": "AWS::EC2::InternetGateway", "Properties": {"Tags": [{"Key": "Name", "Value": {"Fn::Concat": ["a", "b"]}}]}}`),
			want: []string{`Resources.Igw.Properties.Tags[0].Value: unknown intrinsic function Fn::Concat`},
		},
		{
			name: "GetAtt of a parameter",
			tmpl: cfnDoc(`"Igw": {"Type": "AWS::EC2::InternetGateway", "Properties": {"Tags": [{"Key": "Name", "Value": {"Fn::GetAtt": ["Env", "Value"]}}]}}`),
			want: []string{`Resources.Igw.Properties.Tags[0].Value: Fn::GetAtt Env.Value: Env is a parameter, not a resource`},
		},
		{
			name: "pattern",
			tmpl: cfnDoc(`"Sn": {"Type": "AWS::VpcLattice::ServiceNetworkVpcAssociation", "Properties": {"VpcIdentifier": "vpc-123", "ServiceNetworkIdentifier": "sn-0123456789abcdef0"}}`),
			want: []string{`Resources.Sn.Properties.VpcIdentifier: "vpc-123" does not match pattern ^vpc-(([0-9a-z]{8})|([0-9a-z]{17}))$`},
		},
		{
			name: "maxLength",
			tmpl: cfnDoc(`"Igw": {"Type": "AWS::EC2::InternetGateway", "Properties": {"Tags": [{"Key": "` + strings.Repeat("k", 129) + `", "Value": "v"}]}}`),
			want: []string{`Resources.Igw.Properties.Tags[0].Key: "` + strings.Repeat("k", 56) + `... is longer than maxLength 128`},
		},
		{
			name: "maximum",
			tmpl: cfnDoc(`"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["Role", "Arn"]}, "Code": {"ZipFile": "def handler(e, c): pass"}, "Runtime": "python3.12", "Handler": "index.handler", "EphemeralStorage": {"Size": 20000}}},
  "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}}`),
			want: []string{`Resources.Fn.Properties.EphemeralStorage.Size: 20000 is more than maximum 10240`},
		},
		{
			// "20000" passes for an integer once converted, as
			// CloudFormation converts it; the converted value is then
			// held to the schema's maximum.
			name: "maximum of a converted string",
			tmpl: cfnDoc(`"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["Role", "Arn"]}, "Code": {"ZipFile": "def handler(e, c): pass"}, "Runtime": "python3.12", "Handler": "index.handler", "EphemeralStorage": {"Size": "20000"}, "MemorySize": "512"}},
  "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}}`),
			want: []string{`Resources.Fn.Properties.EphemeralStorage.Size: 20000 is more than maximum 10240`},
		},
		{
			name: "one of these property sets",
			tmpl: cfnDoc(`"Box": {"Type": "AWS::EC2::Instance", "Properties": {"SubnetId": {"Ref": "Sub"}, "LaunchTemplate": {"Version": "1"}}}`),
			want: []string{`Resources.Box.Properties.LaunchTemplate: needs one of these sets of properties (oneOf), missing (LaunchTemplateName) or (LaunchTemplateId)`},
		},
		{
			name: "null value",
			tmpl: cfnDoc(`"Igw": {"Type": "AWS::EC2::InternetGateway", "Properties": {"Tags": [{"Key": "Name", "Value": null}]}}`),
			want: []string{`Resources.Igw.Properties.Tags[0].Value: null values are not allowed in templates`},
		},
		{
			name: "dependency cycle",
			tmpl: cfnDoc(`"A": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "a", "VpcId": {"Ref": "Vpc"}, "Tags": [{"Key": "peer", "Value": {"Ref": "B"}}]}},
  "B": {"Type": "AWS::EC2::SecurityGroup", "DependsOn": "A", "Properties": {"GroupDescription": "b", "VpcId": {"Ref": "Vpc"}}}`),
			want: []string{`Resources: circular dependency between A, B`},
		},
		{
			name: "condition referencing a resource",
			tmpl: []byte(`{"Conditions": {"HasVpc": {"Fn::Equals": [{"Ref": "Vpc"}, ""]}},
 "Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}}}`),
			want: []string{`Conditions.HasVpc.Fn::Equals[0]: Ref Vpc: conditions can only reference parameters, not resource Vpc`},
		},
		{
			name: "bad parameter",
			tmpl: []byte(`{"Parameters": {"Size": {"Type": "Integer", "Default": 3}}, "Resources": {"Igw": {"Type": "AWS::EC2::InternetGateway"}}}`),
			want: []string{`Parameters.Size.Type: unknown parameter type "Integer"`},
		},
		{
			name: "output without Value",
			tmpl: cfnDoc("", `"Outputs": {"VpcId": {"Description": "the VPC"}}`),
			want: []string{`Outputs.VpcId.Value: required attribute is missing`},
		},
		{
			name: "no resources",
			tmpl: []byte(`{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}`),
			want: []string{`Resources: must declare at least one resource`},
		},
		{
			name: "not JSON",
			tmpl: []byte(`{"Resources": `),
			want: []string{`template: not valid JSON: unexpected EOF`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckCloudFormation(tt.tmpl)
			if !slices.Equal(got, tt.want) {
				t.Errorf("CheckCloudFormation(%s) = %q; want %q", tt.name, got, tt.want)
			}
		})
	}
}

// TestCheckCloudFormationSorted checks that problems come sorted and
// without duplicates, whatever order the template lists things in.
func TestCheckCloudFormationSorted(t *testing.T) {
	tmpl := cfnDoc(`"Z": {"Type": "AWS::EC2::Widget"}, "A": {"Type": "AWS::EC2::VPC", "Properties": {"Bad": 1, "Worse": 2}},
  "M": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Nope"}}, "DependsOn": ["Nope", "Nope"]}`, `"Extra": 1`)
	got := CheckCloudFormation(tmpl)
	if len(got) < 5 || !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
		t.Errorf("CheckCloudFormation(unsorted) = %q; want at least 5 problems, sorted and unique", got)
	}
	for range 5 {
		if again := CheckCloudFormation(tmpl); !slices.Equal(again, got) {
			t.Fatalf("CheckCloudFormation(unsorted) = %q, then %q; want the same each time", got, again)
		}
	}
}

func TestCloudFormationTypes(t *testing.T) {
	want := []string{
		"AWS::EC2::EIP", "AWS::EC2::EIPAssociation", "AWS::EC2::EgressOnlyInternetGateway",
		"AWS::EC2::FlowLog", "AWS::EC2::GatewayRouteTableAssociation", "AWS::EC2::Instance", "AWS::EC2::InternetGateway", "AWS::EC2::NatGateway",
		"AWS::EC2::NetworkAcl", "AWS::EC2::NetworkAclEntry", "AWS::EC2::NetworkInterface",
		"AWS::EC2::NetworkInterfaceAttachment", "AWS::EC2::PrefixList", "AWS::EC2::Route",
		"AWS::EC2::RouteTable", "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupEgress",
		"AWS::EC2::SecurityGroupIngress", "AWS::EC2::Subnet", "AWS::EC2::SubnetCidrBlock",
		"AWS::EC2::SubnetNetworkAclAssociation", "AWS::EC2::SubnetRouteTableAssociation",
		"AWS::EC2::TransitGateway", "AWS::EC2::TransitGatewayAttachment", "AWS::EC2::TransitGatewayRoute",
		"AWS::EC2::TransitGatewayRouteTable", "AWS::EC2::TransitGatewayRouteTableAssociation",
		"AWS::EC2::TransitGatewayRouteTablePropagation", "AWS::EC2::TransitGatewayVpcAttachment",
		"AWS::EC2::VPC", "AWS::EC2::VPCCidrBlock", "AWS::EC2::VPCEndpoint", "AWS::EC2::VPCEndpointService",
		"AWS::EC2::VPCGatewayAttachment", "AWS::EC2::VPCPeeringConnection",
		"AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::IAM::Role", "AWS::Lambda::Function",
		"AWS::Logs::LogGroup", "AWS::RDS::DBInstance", "AWS::RDS::DBSubnetGroup", "AWS::S3::Bucket",
		"AWS::VpcLattice::ServiceNetwork", "AWS::VpcLattice::ServiceNetworkVpcAssociation",
	}
	if got := CloudFormationTypes(); !slices.Equal(got, want) {
		t.Errorf("CloudFormationTypes() = %q; want %q", got, want)
	}
}

// TestCloudFormationPatterns pins down which registry patterns Go cannot
// compile (they are skipped): if a schema refresh changes the list, the
// report in SOURCES.md needs updating.
func TestCloudFormationPatterns(t *testing.T) {
	var got []string
	for p, re := range cfnLoadRegistry().patterns {
		if re == nil {
			got = append(got, p)
		}
	}
	slices.Sort(got)
	want := []string{
		`^(?!servicenetwork-)(?![-])(?!.*[-]$)(?!.*[-]{2})[a-z0-9-]+$`,
		`^[.\-_/#A-Za-z0-9]{1,512}\Z`,
		`^[0-9A-Za-z\.\-_]*(?<!\.)$`,
		`^arn:[a-z0-9-]+:kms:[a-z0-9-]+:\d{12}:(key|alias)/.+\Z`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("patterns Go cannot compile = %q; want %q", got, want)
	}
}
