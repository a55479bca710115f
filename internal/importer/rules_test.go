package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRules checks that the template's Rules are evaluated with the values
// the import used: guesses satisfy them, and values that CloudFormation
// would refuse are named in a warning (issue 16 point 12).
func TestRules(t *testing.T) {
	tests := []struct {
		file   string
		params map[string]string
		want   string // the warning about Rules; "" for none
	}{
		{"aws16/12-two-zone-params.yaml", nil, ""},
		{"aws16/12-two-zone-params.yaml", map[string]string{"ZoneA": "us-east-1a", "ZoneB": "us-east-1a"},
			"Rules.DifferentZones.Assertions[0] fails with the parameter values used, so CloudFormation would refuse them: the two subnets must be in different zones"},
		{"corpus/" + quickstartFile, map[string]string{"AvailabilityZones": "us-east-1a,us-east-1b"}, ""},
		{"corpus/" + quickstartFile, map[string]string{"AvailabilityZones": "us-east-1a,us-east-1b", "CreatePublicSubnets": "false"},
			"Rules.NAT.Assertions[0] fails with the parameter values used, so CloudFormation would refuse them: To enable NAT gateways, both CreatePrivateSubnets and CreatePublicSubnets must be set to 'true'."},
		{"corpus/cfn-samples-endpoint-service-nlb-privatelink.yaml", map[string]string{"VpcId": "vpc-0abc", "Subnets": "subnet-1,subnet-2",
			"SecurityGroups": "sg-1", "IP": "10.0.0.10", "DomainName": "example.com"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Import(bytes.NewReader(data), tt.file, Options{Params: tt.params})
			if err != nil {
				t.Fatalf("Import(%s, %v) error: %v", tt.file, tt.params, err)
			}
			var got []string
			for _, w := range res.Warnings {
				if strings.HasPrefix(w, "Rules.") {
					got = append(got, w)
				}
			}
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("Import(%s, %v) warnings about Rules = %q; want none", tt.file, tt.params, got)
			case tt.want != "" && (len(got) != 1 || got[0] != tt.want):
				t.Errorf("Import(%s, %v) warnings about Rules = %q; want %q", tt.file, tt.params, got, tt.want)
			}
		})
	}
}
