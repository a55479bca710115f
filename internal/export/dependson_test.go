package export

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// dependsOnTemplate has an instance that waits for an endpoint and a
// security group it does not reference, and for the gateway attachment,
// which the design folds into the gateway; the endpoint waits for the
// group as a one-name DependsOn.
const dependsOnTemplate = `
Resources:
  VPC:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Gateway:
    Type: AWS::EC2::InternetGateway
  AttachGateway:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref VPC, InternetGatewayId: !Ref Gateway}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref VPC, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a}
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties: {VpcId: !Ref VPC, GroupDescription: waited for}
  Endpoint:
    Type: AWS::EC2::VPCEndpoint
    DependsOn: Group
    Properties: {VpcId: !Ref VPC, ServiceName: com.amazonaws.us-east-1.s3, VpcEndpointType: Gateway}
  Server:
    Type: AWS::EC2::Instance
    DependsOn: [Group, AttachGateway, Endpoint]
    Properties: {ImageId: ami-12345678, InstanceType: t3.micro, SubnetId: !Ref Subnet}
`

// TestDependsOnRoundTrip: a template's own DependsOn on resources of the
// design is kept by import (as design IDs, sorted; the one on the folded
// attachment dropped), written by both exports, and kept by the import of
// the CloudFormation export (issue 17.3).
func TestDependsOnRoundTrip(t *testing.T) {
	d := importTemplate(t, "depends-on.yaml", []byte(dependsOnTemplate), design.New("x"))
	if got := d.Workloads["Server"].DependsOn; !slices.Equal(got, []string{"Endpoint", "Group"}) {
		t.Fatalf("imported Server depends on %q; want [Endpoint Group]", got)
	}
	if got := d.VPCEndpoints["Endpoint"].DependsOn; !slices.Equal(got, []string{"Group"}) {
		t.Fatalf("imported Endpoint depends on %q; want [Group]", got)
	}
	var tpl struct {
		Resources map[string]struct{ DependsOn any }
	}
	if err := json.Unmarshal(mustExport(t, CloudFormation, d, Options{}).Files[0].Data, &tpl); err != nil {
		t.Fatal(err)
	}
	if got := tpl.Resources["Endpoint"].DependsOn; got != "Group" {
		t.Errorf("CloudFormation Endpoint DependsOn = %v; want Group", got)
	}
	if deps, _ := tpl.Resources["Server"].DependsOn.([]any); !slices.Contains(deps, any("Endpoint")) || !slices.Contains(deps, any("Group")) {
		t.Errorf("CloudFormation Server DependsOn = %v; want Endpoint and Group among them", tpl.Resources["Server"].DependsOn)
	}
	var cfg struct {
		Resource map[string]map[string]struct {
			DependsOn []string `json:"depends_on"`
		}
	}
	if err := json.Unmarshal(mustExport(t, Terraform, d, Options{}).Files[0].Data, &cfg); err != nil {
		t.Fatal(err)
	}
	var server []string
	for _, body := range cfg.Resource["aws_instance"] {
		server = body.DependsOn
	}
	for _, want := range []string{"aws_vpc_endpoint.", "aws_security_group."} {
		if !slices.ContainsFunc(server, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("Terraform instance depends_on = %q; want an %s address", server, want)
		}
	}
	d.SecurityGroups["Group"].DependsOn = []string{"Server"}
	for _, write := range []func(*design.Design, Options) (*Output, error){CloudFormation, Terraform} {
		if _, err := write(d, Options{}); err == nil || !strings.Contains(err.Error(), "cycle") || !strings.Contains(err.Error(), "Group -> Server") {
			t.Errorf("export with a depends_on cycle: error %v; want one naming the cycle through Group and Server", err)
		}
	}
	d.SecurityGroups["Group"].DependsOn = nil
	back := roundTrip(t, d)
	if got := back.Workloads["Server"].DependsOn; !slices.Equal(got, []string{"Endpoint", "Group"}) {
		t.Errorf("Server after the round trip depends on %q; want [Endpoint Group]", got)
	}
}
