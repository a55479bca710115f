package importer

import (
	"bytes"
	"errors"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// importString imports a template given as text, named t.yaml.
func importString(src string, opts Options) (*Result, error) {
	return Import(strings.NewReader(src), "t.yaml", opts)
}

func TestImportErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"wrong type", `Resources:
  VPC:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: [1, 2]
`, "t.yaml:5: Resources.VPC.Properties.CidrBlock: want a string, got a list"},
		{"NUL in a YAML value", "Resources:\n  VPC:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n      Tags: [{Key: Name, Value: \"a\\0b\"}]\n",
			`t.yaml:6: the text "a\x00b" holds a NUL byte, which no value of a template takes`},
		{"NUL in a YAML key", "Resources:\n  VPC:\n    Type: AWS::EC2::VPC\n    \"Prop\\0\": {}\n",
			`t.yaml:4: the text "Prop\x00" holds a NUL byte, which no value of a template takes`},
		{"NUL in a JSON value", `{"Resources": {"VPC": {"Type": "AWS::EC2::VPC",
  "Properties": {"CidrBlock": "10.0.0.0/16", "Tags": [{"Key": "Name", "Value": "a\u0000b"}]}}}}`,
			`t.yaml:2: the text "a\x00b" holds a NUL byte, which no value of a template takes`},
		{"NUL in a JSON key", `{"Resources": {"VPC\u0000": {"Type": "AWS::EC2::VPC"}}}`,
			`t.yaml:1: the text "VPC\x00" holds a NUL byte, which no value of a template takes`},
		{"unknown intrinsic", `Resources:
  VPC:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: {'Fn::Bogus': x}
`, "t.yaml:5: Resources.VPC.Properties.CidrBlock: unknown intrinsic function Fn::Bogus"},
		{"malformed intrinsic", `Resources:
  Subnet1:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-1
      CidrBlock: !Select [0]
`, "t.yaml:6: Resources.Subnet1.Properties.CidrBlock: Fn::Select: want 2 arguments, got 1"},
		{"find in map", `Mappings:
  Y: {a: {b: c}}
Resources:
  Subnet1:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-1
      Tags:
        - Key: Name
          Value: x
      CidrBlock: !FindInMap [Y, a, X]
`, `t.yaml:11: Resources.Subnet1.Properties.CidrBlock: Fn::FindInMap: no key "X" under "a" in map "Y"`},
		{"select out of range deep in tags", `Resources:
  VPC:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
      Tags:
        - Key: Name
          Value: !Select [3, [a, b]]
`, "t.yaml:8: Resources.VPC.Properties.Tags[0].Value: Fn::Select index 3 out of range (list has 2 items)"},
		{"missing resources", "AWSTemplateFormatVersion: '2010-09-09'\n", "t.yaml: Resources: missing (a template needs at least one resource)"},
		{"missing type", "Resources:\n  VPC:\n    Properties: {}\n", "t.yaml:2: Resources.VPC: missing Type"},
		{"bad logical id", "Resources:\n  My-VPC:\n    Type: AWS::EC2::VPC\n", "t.yaml:2: Resources.My-VPC: a logical ID must be 1-255 letters and digits"},
		{"not a mapping", "- a\n- b\n", "t.yaml:1: a template is a mapping with a Resources section, got a list"},
		{"properties not a mapping", "Resources:\n  VPC:\n    Type: AWS::EC2::VPC\n    Properties: [a]\n", "t.yaml:4: Resources.VPC.Properties: want a mapping, got a list"},
		{"route without target", `Resources:
  RT:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: vpc-1}
  R:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref RT
      DestinationCidrBlock: 0.0.0.0/0
`, "t.yaml:5: Resources.R.Properties: a route needs a target"},
		{"bad protocol", `Resources:
  SG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      SecurityGroupIngress:
        - IpProtocol: bogus
          CidrIp: 0.0.0.0/0
`, `t.yaml:7: Resources.SG.Properties.SecurityGroupIngress[0].IpProtocol: "bogus" is not a protocol`},
		{"circular reference", `Resources:
  A:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !GetAtt B.CidrBlock}
  B:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !GetAtt A.CidrBlock}
`, "circular reference: the value depends on itself"},
		{"condition of resource", `Resources:
  A:
    Type: AWS::EC2::VPC
    Condition: Nope
`, `t.yaml:2: Resources.A.Condition: no condition named "Nope"`},
		{"foreach unknown collection", `Transform: AWS::LanguageExtensions
Parameters:
  Zones: {Type: CommaDelimitedList}
Resources:
  Fn::ForEach::Subnets:
    - Z
    - !Ref Zones
    - Subnet${Z}:
        Type: AWS::EC2::Subnet
`, "t.yaml:5: Resources: Fn::ForEach::Subnets: the collection is unknown (parameter Zones)"},
		{"foreach duplicate", `Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Subnets:
    - Z
    - [a, a]
    - Subnet${Z}:
        Type: AWS::EC2::Subnet
`, `t.yaml:6: Resources: duplicate key "Subneta" after Fn::ForEach expansion (first at line 6)`},
		{"output error", `Resources:
  VPC:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
Outputs:
  X:
    Value: !Select [1, [a]]
    Export: {Name: x}
`, "t.yaml:7: Outputs.X.Value: Fn::Select index 1 out of range (list has 1 items)"},
		{"truncated yaml", "Resources:\n  VPC:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: \"10.0.", "t.yaml:5: found unexpected end of stream"},
		{"truncated json", "{\"Resources\": {\"VPC\": {\"Type\": \"AWS::EC2::VPC\",\n \"Properties\": {\"CidrBlock\": \"10.0.", "t.yaml:2: unexpected end of input (truncated file?)"},
		{"malformed yaml", "Resources:\n  VPC:\n    Type: AWS::EC2::VPC\n   Properties: {}\n", "t.yaml:4: did not find expected key"},
		{"alias bomb", billionLaughs(), "t.yaml: template expands to more than 1000000 values (YAML aliases); refusing to import it"},
	}
	for _, tt := range tests {
		_, err := importString(tt.in, Options{})
		if err == nil {
			t.Errorf("%s: Import = no error; want %q", tt.name, tt.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.want) && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Import error = %q; want %q", tt.name, err, tt.want)
		}
		var ierr *Error
		if !errors.As(err, &ierr) || ierr.File != "t.yaml" {
			t.Errorf("%s: Import error %v is not an *Error naming t.yaml", tt.name, err)
		}
	}
}

// endless is an io.Reader of repeated template text.
type endless struct{ n int }

func (e *endless) Read(p []byte) (int, error) {
	const line = "  Key: value value value value\n"
	for i := range p {
		p[i] = line[(e.n+i)%len(line)]
	}
	e.n += len(p)
	return len(p), nil
}

func TestImportHugeInput(t *testing.T) {
	r := io.LimitReader(&endless{}, 50<<20)
	_, err := Import(r, "huge.yaml", Options{})
	if err == nil || !strings.Contains(err.Error(), "huge.yaml: larger than the 4 MiB limit for a template") {
		t.Fatalf("Import(50 MB) error = %v; want the size limit", err)
	}
	big := make([]byte, 51<<20)
	copy(big, "AWSTemplateFormatVersion: '2010-09-09'\n")
	if !IsTemplate(big) {
		t.Errorf("IsTemplate(50 MB template text) = false; want true, so that the importer reports the size")
	}
}

func TestImportStringBomb(t *testing.T) {
	// 80 copies (by alias) of a join of 9 copies of a 100 KB string.
	src := "x: &j !Join ['', [&s '" + strings.Repeat("x", 100<<10) + "', *s, *s, *s, *s, *s, *s, *s, *s]]\n" +
		"Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags: [" + strings.Repeat("*j, ", 79) + "*j]\n"
	_, err := importString(src, Options{})
	if err == nil || !strings.Contains(err.Error(), "builds more than 64 MiB of strings") {
		t.Fatalf("Import(string bomb) error = %v; want the string cap", err)
	}
}

func TestImportLargeValidTemplate(t *testing.T) {
	var b strings.Builder
	b.WriteString("Resources:\n")
	for i := range 3000 {
		b.WriteString("  SG" + strconv.Itoa(i) + ":\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: x\n      VpcId: vpc-1\n")
	}
	res, err := importString(b.String(), Options{})
	if err != nil {
		t.Fatalf("Import(3000 groups) error: %v", err)
	}
	if n := len(res.Design.SecurityGroups); n != 3000 {
		t.Errorf("Import(3000 groups) has %d groups; want 3000", n)
	}
}

func TestImportWarnings(t *testing.T) {
	src := `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: {Type: String, Default: prod, AllowedValues: [prod, dev]}
Resources:
  Role: {Type: AWS::IAM::Role}
  Role2: {Type: AWS::IAM::Role}
  Queue: {Type: AWS::SQS::Queue}
Extra: 1
`
	res, err := importString(src, Options{Params: map[string]string{"Env": "test", "Other": "x"}})
	if err != nil {
		t.Fatalf("Import error: %v", err)
	}
	want := []string{
		`kept 3 resources of types not modelled: AWS::IAM::Role (2), AWS::SQS::Queue (1)`,
		`parameter Env: value "test" is not one of its AllowedValues [prod dev]`,
		`parameter Other is not declared by the template; ignored`,
		`top-level section "Extra" is not a template section; ignored`,
		`transform AWS::Serverless-2016-10-31 is not applied; resources it would add or change are missing`,
	}
	if !slices.Equal(res.Warnings, want) {
		t.Errorf("Import warnings = %q; want %q", res.Warnings, want)
	}
	if o := res.Design.Opaque["Queue"]; o == nil || o.Type != "AWS::SQS::Queue" {
		t.Errorf("Import opaque[Queue] = %+v; want an AWS::SQS::Queue", o)
	}
}

func TestImportDeterministic(t *testing.T) {
	data, err := os.ReadFile("testdata/corpus/quickstart-aws-vpc-multi-az-nat-nacl-flowlogs.template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var first []byte
	var firstWarnings []string
	for i := range 5 {
		res, err := Import(bytes.NewReader(data), "quickstart.yaml", Options{Params: map[string]string{
			"NumberOfAZs": "4", "CreateAdditionalPrivateSubnets": "true", "AvailabilityZones": "us-east-1a,us-east-1b,us-east-1c,us-east-1d"}})
		if err != nil {
			t.Fatalf("Import error: %v", err)
		}
		out, err := design.Marshal(res.Design)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first, firstWarnings = out, res.Warnings
			continue
		}
		if !bytes.Equal(out, first) || !slices.Equal(res.Warnings, firstWarnings) {
			t.Fatalf("Import run %d differs from run 0", i)
		}
	}
	// The design file reads back to the same bytes.
	d, err := design.DecodeBytes(first)
	if err != nil {
		t.Fatalf("DecodeBytes(imported design): %v", err)
	}
	again, _ := design.Marshal(d)
	if !bytes.Equal(again, first) {
		t.Errorf("Marshal(Decode(imported design)) differs from the imported design")
	}
}

func TestIsTemplate(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", true},
		{"Resources:\n  V:\n    Type: AWS::EC2::VPC\n", true},
		{`{"Resources": {"V": {"Type": "AWS::EC2::VPC"}}}`, true},
		{`{"format": 1, "vpcs": {"v": {"cidr": "10.0.0.0/16"}}}`, false},
		{`{"format": 1, "opaque": {"x": {"type": "AWS::IAM::Role"}}}`, false},
		{"Resources:\n  V:\n    Type: Custom::X\n", false},
		{"just text", false},
		{"", false},
		{"Resources:\n  V:\n    Type: AWS::EC2::VPC\n   Properties: {}\n", true},
		{"AWSTemplateFormatVersion: [", true},
	}
	for _, tt := range tests {
		if got := IsTemplate([]byte(tt.in)); got != tt.want {
			t.Errorf("IsTemplate(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestImportStacksErrors(t *testing.T) {
	a := Source{Name: "a.yaml", Data: []byte("Resources:\n  V: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\nOutputs:\n  V: {Value: !Ref V, Export: {Name: vpc}}\n")}
	b := Source{Name: "b.yaml", Data: []byte("Resources:\n  W: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.1.0.0/16}}\nOutputs:\n  W: {Value: !Ref W, Export: {Name: vpc}}\n")}
	_, err := ImportStacks([]Source{a, b}, Options{})
	if want := `b.yaml: export "vpc" is also exported by a.yaml; export names are unique in a region`; err == nil || err.Error() != want {
		t.Errorf("ImportStacks(duplicate export) error = %v; want %s", err, want)
	}
	bad := Source{Name: "c.yaml", Data: []byte("Resources:\n  V: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !Ref Nope}}\n")}
	_, err = ImportStacks([]Source{a, bad}, Options{})
	if want := `c.yaml:2: Resources.V.Properties.CidrBlock: Ref: no parameter or resource named "Nope"`; err == nil || err.Error() != want {
		t.Errorf("ImportStacks(bad second stack) error = %v; want %s", err, want)
	}
	same := Source{Name: "x/a.yaml", Data: a.Data}
	_, err = ImportStacks([]Source{a, {Name: "b.yaml", Data: []byte("Resources:\n  V: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.1.0.0/16}}\n"), StackName: "a"}, same}, Options{})
	if want := "x/a.yaml:2: Resources.V: logical ID V is also used by stack a, and a.V is taken too; give the stacks different names"; err == nil || err.Error() != want {
		t.Errorf("ImportStacks(same stack names) error = %v; want %s", err, want)
	}
	if _, err := ImportStacks(nil, Options{}); err == nil {
		t.Errorf("ImportStacks(nil) = no error; want one")
	}
}

func TestImportStacksRenamesCollidingIDs(t *testing.T) {
	a := Source{Name: "a.yaml", StackName: "net", Data: []byte("Resources:\n  VPC: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\nOutputs:\n  V: {Value: !Ref VPC, Export: {Name: net-vpc}}\n")}
	b := Source{Name: "b.yaml", StackName: "app", Data: []byte(`Resources:
  VPC: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.1.0.0/16}}
  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref VPC, CidrBlock: 10.1.0.0/24, AvailabilityZone: us-east-1a}}
  Other: {Type: AWS::EC2::Subnet, Properties: {VpcId: !ImportValue net-vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: us-east-1a}}
`)}
	res, err := ImportStacks([]Source{a, b}, Options{})
	if err != nil {
		t.Fatalf("ImportStacks error: %v", err)
	}
	d := res.Design
	if d.VPCs["VPC"] == nil || d.VPCs["app.VPC"] == nil {
		t.Fatalf("ImportStacks VPCs = %v; want VPC and app.VPC", design.SortedIDs(d.VPCs))
	}
	if got := d.Subnets["Subnet"].VPC; got != "app.VPC" {
		t.Errorf("subnet[Subnet].vpc = %q; want app.VPC", got)
	}
	if got := d.Subnets["Other"].VPC; got != "VPC" {
		t.Errorf("subnet[Other].vpc = %q; want VPC (imported)", got)
	}
	if d.RouteTables["app.VPC.main-rtb"] == nil {
		t.Errorf("ImportStacks has no app.VPC.main-rtb")
	}
	want := "b.yaml: logical ID VPC is also used by stack net; this stack's VPC is app.VPC in the design"
	if !slices.Contains(res.Warnings, want) {
		t.Errorf("ImportStacks warnings = %q; want %q", res.Warnings, want)
	}
	if errs := design.Check(d); len(errs) > 0 {
		t.Errorf("design.Check = %v; want none", errs)
	}
}
