package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/vpcboard/vpcboard/internal/design"
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
	roundTrip(t, d)
}

// mainTableWithRoutes is the three-tier example with its public subnets on
// the VPC's main table, which holds the route to the internet gateway.
func mainTableWithRoutes(t *testing.T) *design.Design {
	t.Helper()
	d := readDesign(t, "../../examples/three-tier.json")
	pub, main := d.RouteTables["public-rt"], d.RouteTables["web-vpc.main-rtb"]
	main.Routes, pub.Subnets = pub.Routes, nil
	delete(d.RouteTables, "public-rt")
	return d
}

// TestMainTableWithRoutesKeepsItsSubnets: the table that replaces a main
// table with routes is associated with every subnet that used it, and the
// round trip keeps the original design's matrix (issue 17.2).
func TestMainTableWithRoutesKeepsItsSubnets(t *testing.T) {
	d := mainTableWithRoutes(t)
	f := CloudFormationForm(d)
	own := f.RouteTables["web-vpc.main-rtb-explicit"]
	if own == nil || own.Main {
		t.Fatalf("form has no explicit table for the main table: %+v", own)
	}
	if want := []string{"public-a", "public-b"}; !slices.Equal(own.Subnets, want) {
		t.Errorf("explicit table for the main table is associated with %v; want %v", own.Subnets, want)
	}
	roundTrip(t, d)
}

// TestWaitsForTheInternetGateway: an internet-facing load balancer, a
// public instance and a NAT gateway's Elastic IP wait for the internet
// gateway's attachment in both formats (issue 17.3).
func TestWaitsForTheInternetGateway(t *testing.T) {
	d := readDesign(t, "../../examples/three-tier.json")
	d.Workloads["app-1"].Interfaces[0].PublicIP = true
	var nat string
	for _, id := range design.SortedIDs(d.NATGateways) {
		if n := d.NATGateways[id]; n.EIP != "" {
			nat = n.EIP
			break
		}
	}
	if nat == "" {
		t.Fatal("three-tier has no NAT gateway with an Elastic IP")
	}
	cfn := mustExport(t, CloudFormation, d, Options{})
	var tmpl struct {
		Resources map[string]struct {
			Type      string
			DependsOn any
			Metadata  struct{ Vpcboard struct{ ID string } }
		}
	}
	if err := json.Unmarshal(cfn.Files[0].Data, &tmpl); err != nil {
		t.Fatal(err)
	}
	attachment := ""
	for logical, r := range tmpl.Resources {
		if r.Type == "AWS::EC2::VPCGatewayAttachment" {
			attachment = logical
		}
	}
	for _, id := range []string{"web-alb", "app-1", nat} {
		found := false
		for _, r := range tmpl.Resources {
			if r.Metadata.Vpcboard.ID != id {
				continue
			}
			found = true
			if deps := fmt.Sprint(r.DependsOn); !strings.Contains(deps, attachment) || attachment == "" {
				t.Errorf("CloudFormation: %s (%s) depends on %s; want the gateway attachment %q", id, r.Type, deps, attachment)
			}
		}
		if !found {
			t.Errorf("CloudFormation: no resource for %s", id)
		}
	}
	tf := mustExport(t, Terraform, d, Options{})
	var main struct {
		Resource map[string]map[string]map[string]any
	}
	if err := json.Unmarshal(tf.Files[0].Data, &main); err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct{ typ, id string }{{"aws_lb", "web-alb"}, {"aws_instance", "app-1"}, {"aws_eip", nat}} {
		for name, body := range main.Resource[r.typ] {
			if !strings.Contains(fmt.Sprint(body["tags"]), r.id) && len(main.Resource[r.typ]) > 1 {
				continue
			}
			if deps := fmt.Sprint(body["depends_on"]); !strings.Contains(deps, "aws_internet_gateway_attachment.") {
				t.Errorf("Terraform: %s.%s depends on %s; want the gateway attachment", r.typ, name, deps)
			}
		}
	}
}

// TestRefusesRoutesToWhatIsNotExported: routes to the endpoints of a
// Network Firewall the export does not write are refused, naming the
// firewall, in both formats (issue 17.5).
func TestRefusesRoutesToWhatIsNotExported(t *testing.T) {
	d := importCorpusFile(t, nfwCorpusFile)
	for _, e := range exporters {
		_, err := e.fn(d, Options{})
		if !errors.Is(err, ErrUnexportedTarget) {
			t.Errorf("%s export: %v; want ErrUnexportedTarget", e.name, err)
			continue
		}
		for _, want := range []string{"EgressFirewall", "AWS::NetworkFirewall::Firewall", "SubnetCPublicRouteTable"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s export: %v; want it to name %s", e.name, err, want)
			}
		}
	}
}

// TestENIAddressesAWSChoosesAreNoted: an ENI whose primary address is
// unknown and whose secondary address becomes a count says so in the
// notes of both formats (issue 17.6).
func TestENIAddressesAWSChoosesAreNoted(t *testing.T) {
	d := readDesign(t, "../../examples/three-tier.json")
	d.Workloads["probe-eni"] = &design.Workload{Base: design.Base{ID: "probe-eni"}, Type: design.WorkloadENI,
		Interfaces:     []design.Interface{{Subnet: "app-a", PrivateIP: design.Unknown("Fn::GetAtt Probe.PrimaryPrivateIpAddress"), SecondaryIPs: []string{"10.0.10.20"}}},
		SecurityGroups: []string{"app-sg"}}
	for _, e := range exporters {
		notes := strings.Join(mustExport(t, e.fn, d, Options{}).Notes, "\n")
		for _, want := range []string{"workload probe-eni: its primary address in app-a is unknown (Fn::GetAtt Probe.PrimaryPrivateIpAddress); AWS chooses it",
			"workload probe-eni: its 1 secondary addresses in app-a are exported as a count (AWS chooses them): 10.0.10.20"} {
			if !strings.Contains(notes, want) {
				t.Errorf("%s notes lack %q:\n%s", e.name, want, notes)
			}
		}
	}
}

// TestListParametersStayLists: an unknown value that stands for a list (a
// template's List<AWS::EC2::Subnet::Id> parameter) becomes a
// CommaDelimitedList parameter and a list(string) variable used as the
// list, not a String inside a list of one (issue 17.6).
func TestListParametersStayLists(t *testing.T) {
	d := importCorpusFile(t, "cfn-samples-endpoint-service-nlb-privatelink.yaml")
	var tmpl struct {
		Parameters map[string]struct{ Type, Description string }
		Resources  map[string]struct {
			Properties struct{ VpcConfig map[string]any }
		}
	}
	if err := json.Unmarshal(mustExport(t, CloudFormation, d, Options{}).Files[0].Data, &tmpl); err != nil {
		t.Fatal(err)
	}
	lists := 0
	for name, p := range tmpl.Parameters {
		if strings.Contains(p.Description, "(parameter Subnets)") || strings.Contains(p.Description, "(parameter SecurityGroups)") {
			lists++
			if p.Type != "CommaDelimitedList" {
				t.Errorf("CloudFormation parameter %s is a %s; want CommaDelimitedList", name, p.Type)
			}
		}
	}
	if lists != 2 {
		t.Errorf("CloudFormation has %d parameters for the template's two list parameters; want 2: %+v", lists, tmpl.Parameters)
	}
	for _, r := range tmpl.Resources {
		if sn, ok := r.Properties.VpcConfig["SubnetIds"]; ok {
			if _, isList := sn.([]any); isList {
				t.Errorf("CloudFormation SubnetIds is a list around the parameter: %v; want the parameter itself", sn)
			}
		}
	}
	var main struct {
		Variable map[string]struct{ Type, Description string }
		Resource map[string]map[string]map[string]any
	}
	if err := json.Unmarshal(mustExport(t, Terraform, d, Options{}).Files[0].Data, &main); err != nil {
		t.Fatal(err)
	}
	lists = 0
	for name, v := range main.Variable {
		if strings.Contains(v.Description, "(parameter Subnets)") || strings.Contains(v.Description, "(parameter SecurityGroups)") {
			lists++
			if v.Type != "list(string)" {
				t.Errorf("Terraform variable %s is a %s; want list(string)", name, v.Type)
			}
		}
	}
	if lists != 2 {
		t.Errorf("Terraform has %d variables for the template's two list parameters; want 2", lists)
	}
	for _, fn := range main.Resource["aws_lambda_function"] {
		if sn := fmt.Sprint(fn["vpc_config"]); strings.Contains(sn, "subnet_ids:[") {
			t.Errorf("Terraform subnet_ids is a list around the variable: %s", sn)
		}
	}
}

// TestZoneParameterPerVPC: the unknown zones of subnets in two VPCs are
// two parameters (variables), one per VPC, not one shared (issue 17.6).
func TestZoneParameterPerVPC(t *testing.T) {
	d := importCorpusFile(t, "userguide-vpc-peering-two-vpcs-ec2.json")
	vpcs := map[string]bool{}
	for _, s := range d.Subnets {
		if design.IsUnknown(s.AZ) {
			vpcs[s.VPC] = true
		}
	}
	if len(vpcs) < 2 {
		t.Fatalf("want subnets with unknown zones in two VPCs; have %v", vpcs)
	}
	var tmpl struct {
		Parameters map[string]struct{ Description string }
	}
	if err := json.Unmarshal(mustExport(t, CloudFormation, d, Options{}).Files[0].Data, &tmpl); err != nil {
		t.Fatal(err)
	}
	var main struct {
		Variable map[string]struct{ Description string }
	}
	if err := json.Unmarshal(mustExport(t, Terraform, d, Options{}).Files[0].Data, &main); err != nil {
		t.Fatal(err)
	}
	for vpc := range vpcs {
		cfn, tf := 0, 0
		for _, p := range tmpl.Parameters {
			if strings.Contains(p.Description, "AvailabilityZone of the subnets of "+vpc+":") {
				cfn++
			}
		}
		for _, v := range main.Variable {
			if strings.Contains(v.Description, "availability_zone of the subnets of "+vpc+":") {
				tf++
			}
		}
		if cfn != 1 || tf != 1 {
			t.Errorf("VPC %s has %d zone parameters and %d zone variables; want 1 each: %+v %+v", vpc, cfn, tf, tmpl.Parameters, main.Variable)
		}
	}
}
