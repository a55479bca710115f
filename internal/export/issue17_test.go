package export

import (
	"strings"
	"testing"
)

// ipv6Template is a VPC with an Amazon-provided IPv6 block whose subnets
// take their /64 by position, as AWS's own samples write it.
const ipv6Template = `
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  VPC:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Ipv6Block:
    Type: AWS::EC2::VPCCidrBlock
    Properties:
      VpcId: !Ref VPC
      AmazonProvidedIpv6CidrBlock: true
  SubnetA:
    Type: AWS::EC2::Subnet
    DependsOn: Ipv6Block
    Properties:
      VpcId: !Ref VPC
      CidrBlock: 10.0.0.0/24
      AvailabilityZone: us-east-1a
      Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt VPC.Ipv6CidrBlocks], 4, 64]]
  SubnetB:
    Type: AWS::EC2::Subnet
    DependsOn: Ipv6Block
    Properties:
      VpcId: !Ref VPC
      CidrBlock: 10.0.1.0/24
      AvailabilityZone: us-east-1b
      Ipv6CidrBlock: !Select [3, !Cidr [!Select [0, !GetAtt VPC.Ipv6CidrBlocks], 4, 64]]
`

// TestAmazonProvidedIPv6ByPosition: subnets of an imported template with
// an Amazon-provided block keep their place in it on export, in both
// formats, rather than becoming parameters nobody can fill (issue 17.1).
func TestAmazonProvidedIPv6ByPosition(t *testing.T) {
	d := importTemplate(t, "ipv6.yaml", []byte(ipv6Template), readDesign(t, exampleFiles(t)[0]))
	cfn := string(mustExport(t, CloudFormation, d, Options{}).Files[0].Data)
	if strings.Contains(cfn, "Ipv6CidrBlock\": {\n          \"Ref\"") || strings.Contains(cfn, "\"Parameters\"") {
		t.Errorf("CloudFormation export asks for the IPv6 blocks as parameters:\n%s", cfn)
	}
	for _, want := range []string{`"Fn::Select": [
            0,`, `"Fn::Select": [
            3,`} {
		if !strings.Contains(cfn, want) {
			t.Errorf("CloudFormation export lacks %q:\n%s", want, cfn)
		}
	}
	tf := string(mustExport(t, Terraform, d, Options{}).Files[0].Data)
	if strings.Contains(tf, `"variable"`) {
		t.Errorf("Terraform export asks for the IPv6 blocks as variables:\n%s", tf)
	}
	for _, want := range []string{"cidrsubnet(aws_vpc.", ", 8, 0)", ", 8, 3)"} {
		if !strings.Contains(tf, want) {
			t.Errorf("Terraform export lacks %q:\n%s", want, tf)
		}
	}
}
