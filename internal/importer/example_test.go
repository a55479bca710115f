package importer_test

import (
	"fmt"
	"strings"

	"github.com/vpcboard/vpcboard/internal/importer"
)

func ExampleImport() {
	template := `Parameters:
  Zone: {Type: 'AWS::EC2::AvailabilityZone::Name'}
Resources:
  VPC:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  IPv6:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref VPC, AmazonProvidedIpv6CidrBlock: true}
  App:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref VPC
      AvailabilityZone: !Ref Zone
      CidrBlock: !Select [1, !Cidr [!GetAtt VPC.CidrBlock, 4, 8]]
      Ipv6CidrBlock: !Select [1, !Cidr [!Select [0, !GetAtt VPC.Ipv6CidrBlocks], 4, 64]]
`
	res, err := importer.Import(strings.NewReader(template), "app.yaml", importer.Options{Region: "eu-west-1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	app := res.Design.Subnets["App"]
	fmt.Println(app.VPC, app.AZ, app.CIDR)
	fmt.Println(app.IPv6CIDR)
	for _, w := range res.Warnings {
		fmt.Println("warning:", w)
	}
	// Output:
	// VPC eu-west-1a 10.0.1.0/24
	// unknown(Fn::Cidr[1] of Fn::GetAtt VPC.Ipv6CidrBlocks)
	// warning: parameter Zone has no default; assumed eu-west-1a — pass --param Zone=...
}

func ExampleImport_error() {
	template := `Resources:
  VPC:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Select [2, [10.0.0.0/16, 10.1.0.0/16]]
`
	_, err := importer.Import(strings.NewReader(template), "vpc.yaml", importer.Options{})
	fmt.Println(err)
	// Output:
	// vpc.yaml:5: Resources.VPC.Properties.CidrBlock: Fn::Select index 2 out of range (list has 2 items)
}
