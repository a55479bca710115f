package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestAssumedZones checks that zones guessed for parameters without a
// value satisfy the template's own defaults and conditions (issue 16
// point 12): as many zones as the Selects CloudFormation would evaluate
// need, and different zones for different zone parameters.
func TestAssumedZones(t *testing.T) {
	tests := []struct {
		file    string
		params  map[string]string
		zones   map[string]string // subnet -> zone; a missing subnet is ""
		warning string
	}{
		{
			file:    "aws16/12-number-of-azs.yaml",
			zones:   map[string]string{"Subnet0": "us-east-1a", "Subnet1": "us-east-1b", "Subnet2": "us-east-1c", "Subnet3": ""},
			warning: "parameter AvailabilityZones has no default; assumed us-east-1a,us-east-1b,us-east-1c (the template selects zone 2 of it) — pass --param AvailabilityZones=...",
		},
		{
			file:    "aws16/12-number-of-azs.yaml",
			params:  map[string]string{"NumberOfAZs": "4"},
			zones:   map[string]string{"Subnet0": "us-east-1a", "Subnet1": "us-east-1b", "Subnet2": "us-east-1c", "Subnet3": "us-east-1d"},
			warning: "parameter AvailabilityZones has no default; assumed us-east-1a,us-east-1b,us-east-1c,us-east-1d (the template selects zone 3 of it) — pass --param AvailabilityZones=...",
		},
		{
			file:    "aws16/12-number-of-azs.yaml",
			params:  map[string]string{"NumberOfAZs": "2"},
			zones:   map[string]string{"Subnet0": "us-east-1a", "Subnet1": "us-east-1b", "Subnet2": "", "Subnet3": ""},
			warning: "parameter AvailabilityZones has no default; assumed us-east-1a,us-east-1b — pass --param AvailabilityZones=...",
		},
		{
			file:    "aws16/12-condition-selects.yaml",
			zones:   map[string]string{"Subnet0": "us-east-1a", "Subnet2": "us-east-1c"},
			warning: "parameter Zones has no default; assumed us-east-1a,us-east-1b,us-east-1c (the template selects zone 2 of it) — pass --param Zones=...",
		},
		{
			file:    "aws16/12-two-zone-params.yaml",
			zones:   map[string]string{"SubnetA": "us-east-1a", "SubnetB": "us-east-1b"},
			warning: "parameter ZoneB has no default; assumed us-east-1b — pass --param ZoneB=...",
		},
		{
			file:    "corpus/" + quickstartFile,
			params:  map[string]string{"NumberOfAZs": "4"},
			zones:   map[string]string{"PublicSubnet1": "us-east-1a", "PrivateSubnet3A": "us-east-1c", "PublicSubnet4": "us-east-1d"},
			warning: "parameter AvailabilityZones has no default; assumed us-east-1a,us-east-1b,us-east-1c,us-east-1d (the template selects zone 3 of it) — pass --param AvailabilityZones=...",
		},
		{
			file: "corpus/aws-refarch-wordpress-01-newvpc.yaml",
			zones: map[string]string{
				"PublicSubnet0": "us-east-1a", "PublicSubnet1": "us-east-1b", "PublicSubnet2": "us-east-1c", "PublicSubnet3": "",
				"WebSubnet0": "us-east-1a", "WebSubnet2": "us-east-1c", "DataSubnet2": "us-east-1c", "DataSubnet5": "",
			},
			warning: "parameter AvailabilityZones has no default; assumed us-east-1a,us-east-1b,us-east-1c (the template selects zone 2 of it) — pass --param AvailabilityZones=...",
		},
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
			for id, want := range tt.zones {
				got := ""
				if s := res.Design.Subnets[id]; s != nil {
					got = s.AZ
					if got == "" {
						got = "(no zone)"
					}
				}
				if got != want {
					t.Errorf("Import(%s, %v): subnet[%s].az = %q; want %q", tt.file, tt.params, id, got, want)
				}
			}
			hasWarning(t, res, tt.warning)
		})
	}
}
