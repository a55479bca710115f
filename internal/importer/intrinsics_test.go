package importer

import (
	"fmt"
	"strings"
	"testing"
)

// evalContext is the template every expression of TestEval is evaluated
// in; the expression is the value of Expr, on the line after it.
const evalContext = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: {Type: String, Default: prod}
  Azs: {Type: List<AWS::EC2::AvailabilityZone::Name>}
  Names: {Type: CommaDelimitedList, Default: "a, b,c"}
  Count: {Type: Number, Default: 3}
  Missing: {Type: String}
  Vpc: {Type: 'AWS::EC2::VPC::Id'}
  Ami: {Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: /aws/service/ami}
  Answer: {Type: String, Default: Yes}
Mappings:
  Net:
    prod: {Cidr: 10.0.0.0/16, Index: 2, List: [x, y]}
    dev: {Cidr: 10.1.0.0/16}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Prod&True: !And [!Condition IsProd, !Equals [a, a]]
  Unknown: !Equals [!Ref Missing, x]
  UnknownOrProd: !Or [!Condition Unknown, !Condition IsProd]
  UnknownAndDev: !And [!Condition Unknown, !Condition IsDev]
  Loop1: !Condition Loop2
  Loop2: !Condition Loop1
  YesCond: !Equals [!Ref Answer, Yes]
Resources:
  VPC:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !FindInMap [Net, !Ref Env, Cidr]}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref VPC, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1b}
  Eni:
    Type: AWS::EC2::NetworkInterface
    Properties:
      SubnetId: !Ref Subnet
      PrivateIpAddresses:
        - {PrivateIpAddress: 10.0.1.5, Primary: true}
        - {PrivateIpAddress: 10.0.1.6, Primary: false}
  Custom: {Type: 'Custom::Thing'}
  DevOnly:
    Type: AWS::EC2::VPC
    Condition: IsDev
    Properties: {CidrBlock: 10.9.0.0/16}
  SelfRef:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !GetAtt SelfRef.CidrBlock}
Expr:
`

// evalExpr evaluates expr in evalContext and returns the value as JSON.
func evalExpr(expr string, opts Options) (string, []string, error) {
	src := evalContext + "  " + strings.ReplaceAll(expr, "\n", "\n  ") + "\n"
	opts = opts.withDefaults("t.yaml")
	b := newBuilder("t", opts)
	bud := &budget{}
	root, err := parse([]byte(src), bud)
	if err != nil {
		return "", nil, err
	}
	if _, err := b.prepare(root, bud, opts); err != nil {
		return "", nil, err
	}
	v, err := b.ev.eval(root.get("Expr"))
	if err != nil {
		return "", nil, err
	}
	return v.String(), b.result().Warnings, nil
}

// exprLine is the line of the expression in evalContext.
var exprLine = strings.Count(evalContext, "\n") + 1

func TestEval(t *testing.T) {
	tests := []struct {
		expr string
		want string
	}{
		// Scalars stay text; YAML 1.1 booleans are strings.
		{`Yes`, `"Yes"`},
		{`[on, off, 'true', 100, -1]`, `["on","off","true",100,-1]`},
		{`{b: 1, a: [x]}`, `{"a":["x"],"b":1}`},

		// Ref: parameters, pseudo parameters, resources, NoValue.
		{`!Ref Env`, `"prod"`},
		{`!Ref Names`, `["a","b","c"]`},
		{`!Ref Count`, `3`},
		{`!Ref Azs`, `["us-east-1a","us-east-1b"]`},
		{`!Ref Missing`, `"unknown(parameter Missing)"`},
		{`!Ref Ami`, `"unknown(SSM parameter /aws/service/ami)"`},
		{`!Ref VPC`, `"VPC"`},
		{`{Ref: AWS::Region}`, `"us-east-1"`},
		{`!Ref AWS::AccountId`, `"123456789012"`},
		{`!Ref AWS::StackName`, `"t"`},
		{`!Ref AWS::Partition`, `"aws"`},
		{`!Ref AWS::URLSuffix`, `"amazonaws.com"`},
		{`!Ref AWS::NotificationARNs`, `[]`},
		{`!Ref AWS::StackId`, `"arn:aws:cloudformation:us-east-1:123456789012:stack/t/00000000-0000-0000-0000-000000000000"`},
		{`[a, !Ref AWS::NoValue, b]`, `["a","b"]`},
		{`{a: !Ref AWS::NoValue, b: 1}`, `{"b":1}`},
		{"!Ref\n  'Fn::Join': ['', [V, P, C]]", `"VPC"`},

		// Fn::Sub.
		{`!Sub '${AWS::Region}-${Env}'`, `"us-east-1-prod"`},
		{`!Sub 'vpc ${VPC} in ${Subnet.AvailabilityZone}'`, `"vpc VPC in us-east-1b"`},
		{`!Sub ['${X}-${Env}', {X: !Ref Count}]`, `"3-prod"`},
		{`!Sub 'literal ${!Env} and ${Env}'`, `"literal ${Env} and prod"`},
		{`!Sub 'unclosed ${Env'`, `"unclosed ${Env"`},
		{`!Sub '${Missing}-x'`, `"unknown(parameter Missing)"`},
		{`!Sub '${Custom.Out}'`, `"unknown(Fn::GetAtt Custom.Out)"`},

		// Fn::GetAtt, both forms.
		{`!GetAtt VPC.CidrBlock`, `"10.0.0.0/16"`},
		{`{'Fn::GetAtt': [VPC, CidrBlock]}`, `"10.0.0.0/16"`},
		{`!GetAtt VPC.DefaultSecurityGroup`, `"VPC.default-sg"`},
		{`!GetAtt VPC.DefaultNetworkAcl`, `"VPC.default-nacl"`},
		{`!GetAtt VPC.Ipv6CidrBlocks`, `"unknown(Fn::GetAtt VPC.Ipv6CidrBlocks)"`},
		{`!GetAtt Subnet.AvailabilityZone`, `"us-east-1b"`},
		{`!GetAtt Subnet.VpcId`, `"VPC"`},
		{`!GetAtt Subnet.Ipv6CidrBlocks`, `"unknown(Fn::GetAtt Subnet.Ipv6CidrBlocks)"`},
		{`!GetAtt Eni.PrimaryPrivateIpAddress`, `"10.0.1.5"`},
		{`!GetAtt Eni.SecondaryPrivateIpAddresses`, `["10.0.1.6"]`},
		{`!GetAtt Custom.Anything`, `"unknown(Fn::GetAtt Custom.Anything)"`},
		{`!GetAtt [Custom, !Ref Env]`, `"unknown(Fn::GetAtt Custom.prod)"`},

		// Fn::Join, Fn::Split, Fn::Select.
		{`!Join [',', [a, !Ref Env, 3]]`, `"a,prod,3"`},
		{`!Join ['', []]`, `""`},
		{`!Join [',', [a, !Ref Missing]]`, `"unknown(parameter Missing)"`},
		{`!Join [',', !GetAtt VPC.Ipv6CidrBlocks]`, `"unknown(Fn::GetAtt VPC.Ipv6CidrBlocks)"`},
		{`!Split [',', 'a,,b']`, `["a","","b"]`},
		{`!Split [',', !Ref Missing]`, `"unknown(parameter Missing)"`},
		{`!Select [1, [a, b, c]]`, `"b"`},
		{`!Select ['2', !Ref Names]`, `"c"`},
		{`!Select [!FindInMap [Net, prod, Index], [a, b, c]]`, `"c"`},
		{`!Select [0, !GetAtt VPC.Ipv6CidrBlocks]`, `"unknown(Fn::GetAtt VPC.Ipv6CidrBlocks)"`},
		{`!Select [!Ref Missing, [a]]`, `"unknown(parameter Missing)"`},
		{`!Select [1, !Split ['=', 'key=value']]`, `"value"`},

		// Fn::GetAZs.
		{`!GetAZs ''`, `["us-east-1a","us-east-1b","us-east-1c","us-east-1d","us-east-1e","us-east-1f"]`},
		{"!Select\n  - 2\n  - !GetAZs", `"us-east-1c"`},
		{`{'Fn::GetAZs': null}`, `["us-east-1a","us-east-1b","us-east-1c","us-east-1d","us-east-1e","us-east-1f"]`},
		{"!Select\n  - 1\n  - !GetAZs\n      Ref: AWS::Region", `"us-east-1b"`},
		{`!Select [0, !GetAZs eu-west-1]`, `"eu-west-1a"`},

		// Fn::Cidr.
		{`!Cidr [10.0.0.0/16, 3, 8]`, `["10.0.0.0/24","10.0.1.0/24","10.0.2.0/24"]`},
		{`!Cidr ['192.168.0.0/24', '6', '5']`, `["192.168.0.0/27","192.168.0.32/27","192.168.0.64/27","192.168.0.96/27","192.168.0.128/27","192.168.0.160/27"]`},
		{`!Cidr [!GetAtt VPC.CidrBlock, 2, 12]`, `["10.0.0.0/20","10.0.16.0/20"]`},
		{`!Cidr ['2600:1f18:abcd:ee00::/56', 2, 64]`, `["2600:1f18:abcd:ee00::/64","2600:1f18:abcd:ee01::/64"]`},
		{`!Cidr [!Select [0, !GetAtt VPC.Ipv6CidrBlocks], 2, 64]`, `["unknown(Fn::Cidr[0] of Fn::GetAtt VPC.Ipv6CidrBlocks)","unknown(Fn::Cidr[1] of Fn::GetAtt VPC.Ipv6CidrBlocks)"]`},
		{`!Select [1, !Cidr [!Select [0, !GetAtt VPC.Ipv6CidrBlocks], 6, 64]]`, `"unknown(Fn::Cidr[1] of Fn::GetAtt VPC.Ipv6CidrBlocks)"`},

		// Fn::FindInMap, with a default.
		{`!FindInMap [Net, !Ref Env, Cidr]`, `"10.0.0.0/16"`},
		{`!FindInMap [Net, prod, List]`, `["x","y"]`},
		{`!FindInMap [Net, dev, Index, {DefaultValue: 7}]`, `7`},
		{`!FindInMap [Net, !Ref Missing, Cidr]`, `"unknown(parameter Missing)"`},

		// Conditions and Fn::If.
		{`!If [IsProd, big, small]`, `"big"`},
		{`!If [IsDev, big, !Ref AWS::NoValue]`, `null`},
		{`[!If [IsDev, big, !Ref AWS::NoValue]]`, `[]`},
		{`!If [Prod&True, yes, no]`, `"yes"`},
		{`!If [UnknownOrProd, yes, no]`, `"yes"`},
		{`!If [UnknownAndDev, yes, no]`, `"no"`},
		{`!If [YesCond, yes, no]`, `"yes"`},
		{`!Equals [!Ref Count, 3]`, `true`},
		{`!Equals [!Ref Missing, 3]`, `"unknown(parameter Missing)"`},

		// Fn::ImportValue.
		{`!ImportValue shared-vpc`, `"vpc-0abc"`},
		{`{'Fn::ImportValue': !Sub '${Env}-subnets'}`, `["subnet-1","subnet-2"]`},
		{`!ImportValue nobody-exports-this`, `"unknown(Fn::ImportValue nobody-exports-this)"`},

		// Other functions.
		{`!Base64 abc`, `"YWJj"`},
		{`!Base64 {'Fn::Sub': '${Missing}'}`, `"unknown(parameter Missing)"`},
		{`{'Fn::Length': [a, b, c]}`, `3`},
		{`{'Fn::Length': !Ref Names}`, `3`},
		{`{'Fn::ToJsonString': {b: [1, true], a: x}}`, `"{\"a\":\"x\",\"b\":[1,true]}"`},
		{`{'Fn::ToJsonString': {a: !Ref Missing}}`, `"unknown(parameter Missing)"`},
		{`{'Fn::Transform': {Name: 'AWS::Include'}}`, `"unknown(Fn::Transform AWS::Include)"`},
		// A Condition key outside conditions is data (an IAM policy).
		{`{Condition: {StringEquals: {a: b}}}`, `{"Condition":{"StringEquals":{"a":"b"}}}`},
	}
	opts := Options{Exports: map[string]Value{
		"shared-vpc":   StringValue("vpc-0abc"),
		"prod-subnets": ListValue(StringValue("subnet-1"), StringValue("subnet-2")),
	}}
	for _, tt := range tests {
		got, _, err := evalExpr(tt.expr, opts)
		if err != nil {
			t.Errorf("eval(%s) error: %v", tt.expr, err)
			continue
		}
		if got != tt.want {
			t.Errorf("eval(%s) = %s; want %s", tt.expr, got, tt.want)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	tests := []struct {
		expr string
		want string // the message, after "line N: "
	}{
		{`!Select [3, [a, b]]`, "Fn::Select index 3 out of range (list has 2 items)"},
		{`!Select [-1, [a, b]]`, "Fn::Select index -1 out of range (list has 2 items)"},
		{`!Select [x, [a, b]]`, `Fn::Select: index: want a number, got "x"`},
		{`!Select [0, abc]`, "Fn::Select: want a list, got a string"},
		{`!Select [0]`, "Fn::Select: want 2 arguments, got 1"},
		{`!Ref Nope`, `Ref: no parameter or resource named "Nope"`},
		{`!Ref DevOnly`, "DevOnly is not created (its Condition IsDev is false)"},
		{`!GetAtt Nope.Id`, `Fn::GetAtt: no resource named "Nope"`},
		{`!GetAtt VPC`, `Fn::GetAtt: want Resource.Attribute, got "VPC"`},
		{`!Sub '${Nope}'`, `Fn::Sub: no parameter, resource or variable named "Nope"`},
		{`!Sub '${Names}'`, "Fn::Sub: ${Names} is a list, not a string"},
		{`!Sub [a, b]`, "Fn::Sub: the variables must be a mapping"},
		{`!Join [',', a]`, "Fn::Join: want a list of values, got a string"},
		{`!Join [',', [[a]]]`, "Fn::Join: item 0 is a list, not a string"},
		{`!Split ['', a]`, "Fn::Split: empty delimiter"},
		{`!FindInMap [Nope, a, b]`, `Fn::FindInMap: no map "Nope" in Mappings`},
		{`!FindInMap [Net, test, Cidr]`, `Fn::FindInMap: no key "test" in map "Net"`},
		{`!FindInMap [Net, dev, Index]`, `Fn::FindInMap: no key "Index" under "dev" in map "Net"`},
		{`!Cidr [10.0.0.0/24, 3, 9]`, "Fn::Cidr: /23 blocks (cidrBits 9) are larger than 10.0.0.0/24"},
		{`!Cidr [10.0.0.0/24, 3, 7]`, "Fn::Cidr: 10.0.0.0/24 has room for 2 /25 blocks, not 3"},
		{`!Cidr [10.0.0.0/24, 0, 4]`, "Fn::Cidr: count 0 outside 1-256"},
		{`!Cidr [nope, 1, 4]`, `Fn::Cidr: "nope" is not a CIDR block`},
		{`!Cidr [10.0.0.0/8, 1, 33]`, "Fn::Cidr: cidrBits 33 outside 1-32"},
		{`!If [Nope, a, b]`, `no condition named "Nope"`},
		{`!If [Loop1, a, b]`, `condition "Loop1" depends on itself`},
		{`!If [IsProd, a]`, "Fn::If: want 3 arguments, got 2"},
		{`!GetAtt SelfRef.CidrBlock`, "circular reference: the value depends on itself"},
		{`{'Fn::Bogus': 1}`, "unknown intrinsic function Fn::Bogus"},
		{`!ValueOf [a, b]`, "Fn::ValueOf may only be used in Rules"},
		{`{'Fn::Length': abc}`, "Fn::Length: want a list, got a string"},
		{`{'Fn::ForEach::X': [a, [b], {}]}`, "Fn::ForEach::X needs Transform: AWS::LanguageExtensions"},
	}
	for _, tt := range tests {
		_, _, err := evalExpr(tt.expr, Options{})
		if err == nil {
			t.Errorf("eval(%s) = no error; want %q", tt.expr, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("eval(%s) error = %q; want it to contain %q", tt.expr, err, tt.want)
		}
	}
}

func TestEvalErrorLine(t *testing.T) {
	tests := []struct {
		expr string
		want string
	}{
		{`!Select [3, [a, b]]`, fmt.Sprintf("line %d: Fn::Select index 3 out of range (list has 2 items)", exprLine)},
		{"a: 1\nb:\n  - !Select [3, [a, b]]", fmt.Sprintf("line %d: b[0]: Fn::Select index 3 out of range (list has 2 items)", exprLine+2)},
		{"Tags:\n  - Key: x\n    Value: !FindInMap [Net, dev, X]", fmt.Sprintf(`line %d: Tags[0].Value: Fn::FindInMap: no key "X" under "dev" in map "Net"`, exprLine+2)},
	}
	for _, tt := range tests {
		_, _, err := evalExpr(tt.expr, Options{})
		if err == nil || err.Error() != tt.want {
			t.Errorf("eval(%q) error = %v; want %s", tt.expr, err, tt.want)
		}
	}
}

func TestEvalWarnings(t *testing.T) {
	tests := []struct {
		expr string
		want string
	}{
		{`!Ref Azs`, "parameter Azs has no default; assumed us-east-1a,us-east-1b — pass --param Azs=..."},
		{`!Ref Missing`, "parameter Missing has no default and no value; its uses are unknown — pass --param Missing=..."},
		{`!If [Unknown, a, b]`, "condition Unknown depends on a value known only after deployment (parameter Missing); assumed false"},
		{`!ImportValue other`, `Fn::ImportValue "other": no stack given exports it; its uses are unknown`},
	}
	for _, tt := range tests {
		_, warnings, err := evalExpr(tt.expr, Options{})
		if err != nil {
			t.Errorf("eval(%s) error: %v", tt.expr, err)
			continue
		}
		found := false
		for _, w := range warnings {
			found = found || w == tt.want
		}
		if !found {
			t.Errorf("eval(%s) warnings = %q; want %q among them", tt.expr, warnings, tt.want)
		}
	}
}

func TestParamOverrides(t *testing.T) {
	tests := []struct {
		params map[string]string
		expr   string
		want   string
	}{
		{map[string]string{"Env": "dev"}, `!FindInMap [Net, !Ref Env, Cidr]`, `"10.1.0.0/16"`},
		{map[string]string{"Azs": "eu-west-1a, eu-west-1c"}, `!Ref Azs`, `["eu-west-1a","eu-west-1c"]`},
		{map[string]string{"Missing": "x"}, `!If [Unknown, a, b]`, `"a"`},
		{map[string]string{"Vpc": "vpc-0abc"}, `!Ref Vpc`, `"vpc-0abc"`},
	}
	for _, tt := range tests {
		got, _, err := evalExpr(tt.expr, Options{Params: tt.params})
		if err != nil {
			t.Errorf("eval(%s) with %v error: %v", tt.expr, tt.params, err)
			continue
		}
		if got != tt.want {
			t.Errorf("eval(%s) with %v = %s; want %s", tt.expr, tt.params, got, tt.want)
		}
	}
	got, _, err := evalExpr(`!Sub '${AWS::Region}:${AWS::AccountId}:${AWS::StackName}:${AWS::Partition}'`, Options{Region: "cn-north-1", Account: "111111111111", StackName: "net"})
	if want := `"cn-north-1:111111111111:net:aws-cn"`; err != nil || got != want {
		t.Errorf("pseudo parameters with options = %s, %v; want %s", got, err, want)
	}
}
