package importer

import (
	"slices"
	"strings"
	"testing"
)

// TestInferRegion checks which literals of a template decide its region
// when the caller gives none (issue 16 point 11).
func TestInferRegion(t *testing.T) {
	const vpc = "Resources:\n  VPC: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\n"
	subnet := func(az string) string {
		return "  S" + strings.ReplaceAll(az, "-", "") + ": {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref VPC, CidrBlock: 10.0.0.0/24, AvailabilityZone: " + az + "}}\n"
	}
	tests := []struct {
		name     string
		template string
		region   string // Options.Region
		want     string
		warning  string // "" for none about the region
		params   map[string]string
	}{
		{"no clue", vpc, "", "us-east-1", "", nil},
		{"zone", vpc + subnet("eu-central-1a"), "", "eu-central-1",
			"region eu-central-1 inferred from availability zone eu-central-1a at line 3 — pass --region to override", nil},
		{"local zone", vpc + subnet("us-west-2-lax-1a"), "", "us-west-2",
			"region us-west-2 inferred from availability zone us-west-2-lax-1a at line 3 — pass --region to override", nil},
		{"given region wins", vpc + subnet("eu-central-1a"), "us-east-1", "us-east-1", "", nil},
		{"zones beat ARNs", vpc + subnet("eu-central-1a") +
			"  Log: {Type: AWS::Logs::LogGroup, Properties: {KmsKeyId: 'arn:aws:kms:us-west-2:123456789012:key/k'}}\n", "", "eu-central-1",
			"region eu-central-1 inferred from availability zone eu-central-1a at line 3 — pass --region to override", nil},
		{"mappings are not read", "Mappings:\n  Zones: {eu-west-1: {Z: eu-west-1a}, us-west-2: {Z: us-west-2a}}\n" + vpc + subnet("ap-south-1b"), "", "ap-south-1",
			"region ap-south-1 inferred from availability zone ap-south-1b at line 5 — pass --region to override", nil},
		{"parameter default", "Parameters:\n  Zone: {Type: AWS::EC2::AvailabilityZone::Name, Default: sa-east-1c}\n" + vpc, "", "sa-east-1",
			"region sa-east-1 inferred from availability zone sa-east-1c at line 2 — pass --region to override", nil},
		{"GetAZs argument", vpc + "  S: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref VPC, CidrBlock: 10.0.0.0/24, AvailabilityZone: !Select [0, !GetAZs ca-central-1]}}\n", "", "ca-central-1",
			"region ca-central-1 inferred from Fn::GetAZs ca-central-1 at line 3 — pass --region to override", nil},
		{"zones given", "Parameters:\n  Zones: {Type: 'List<AWS::EC2::AvailabilityZone::Name>'}\n" + vpc, "", "eu-west-3",
			"region eu-west-3 inferred from availability zone eu-west-3a given to parameter Zones — pass --region to override",
			map[string]string{"Zones": "eu-west-3a, eu-west-3b"}},
		{"two regions", vpc + subnet("eu-central-1a") + subnet("us-west-2b"), "", "us-east-1",
			"the template names several regions: eu-central-1 (availability zone eu-central-1a at line 3) and us-west-2 (availability zone us-west-2b at line 4); none inferred, us-east-1 assumed — pass --region", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Import(strings.NewReader(tt.template), "t.yaml", Options{Region: tt.region, Params: tt.params})
			if err != nil {
				t.Fatalf("Import error: %v", err)
			}
			if res.Design.Region != tt.want {
				t.Errorf("Import(%q).Design.Region = %q; want %q", tt.name, res.Design.Region, tt.want)
			}
			var about []string
			for _, w := range res.Warnings {
				if strings.Contains(w, "region") {
					about = append(about, w)
				}
			}
			want := []string{tt.warning}
			if tt.warning == "" {
				want = nil
			}
			if !slices.Equal(about, want) {
				t.Errorf("Import(%q) warnings about the region = %q; want %q", tt.name, about, want)
			}
		})
	}
}

// TestInferRegionOfStacks checks that a set of stacks takes the region its
// templates name together, each clue named by its file.
func TestInferRegionOfStacks(t *testing.T) {
	srcs := []Source{
		{Name: "vpc.yaml", Data: []byte("Resources:\n  VPC: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\n" +
			"  S: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref VPC, CidrBlock: 10.0.0.0/24, AvailabilityZone: eu-north-1a}}\n")},
		{Name: "other.yaml", Data: []byte("Resources:\n  VPC2: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.1.0.0/16}}\n" +
			"  S2: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref VPC2, CidrBlock: 10.1.0.0/24, AvailabilityZone: eu-north-1b}}\n")},
	}
	res, err := ImportStacks(srcs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Design.Region != "eu-north-1" {
		t.Errorf("ImportStacks: region = %q; want eu-north-1", res.Design.Region)
	}
	hasWarning(t, res, "region eu-north-1 inferred from availability zone eu-north-1a at vpc.yaml:3 — pass --region to override")
}
