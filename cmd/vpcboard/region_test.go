package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRegionFromTemplate checks that a template that names its zones, ARNs
// or service names is validated in that region unless --region says
// otherwise, with a warning saying so (issue 16 point 11).
func TestRegionFromTemplate(t *testing.T) {
	const dir = "../../internal/importer/testdata/aws16"
	tests := []struct {
		file     string
		args     []string
		code     int
		warning  string
		findings []string // codes of the findings, sorted
	}{
		{"11-zones-eu-central-1.yaml", nil, exitOK,
			"region eu-central-1 inferred from availability zone eu-central-1a at line 9 — pass --region to override", nil},
		{"11-zones-eu-central-1.yaml", []string{"--region", "us-east-1"}, exitFindings,
			"", []string{"subnet.az-missing", "subnet.az-missing"}},
		{"11-zones-eu-central-1.yaml", []string{"--region", "eu-central-1"}, exitOK, "", nil},
		{"11-service-name-eu-west-1.yaml", nil, exitOK,
			"region eu-west-1 inferred from service name com.amazonaws.eu-west-1.s3 at line 21 — pass --region to override", nil},
		{"11-arn-ap-southeast-2.yaml", nil, exitOK,
			"region ap-southeast-2 inferred from ARN arn:aws:logs:ap-southeast-2:123456789012:log-group:vpc-flow-logs at line 20 — pass --region to override", nil},
		{"11-conflicting-zones.yaml", nil, exitFindings,
			"the template names several regions: eu-central-1 (availability zone eu-central-1a at line 10) and us-west-2 (availability zone us-west-2b at line 13); none inferred, us-east-1 assumed — pass --region",
			[]string{"subnet.az-missing", "subnet.az-missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.file+strings.Join(tt.args, " "), func(t *testing.T) {
			args := append([]string{"validate", "--format", "json"}, tt.args...)
			args = append(args, filepath.Join(dir, tt.file))
			code, out, errOut := vpcboard(t, args...)
			if code != tt.code {
				t.Fatalf("vpcboard %v = exit %d; want %d\n%s%s", args, code, tt.code, out, errOut)
			}
			var got struct {
				Findings []struct{ Code string }
				Warnings []string
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("vpcboard %v: %v\n%s", args, err, out)
			}
			var codes []string
			for _, f := range got.Findings {
				codes = append(codes, f.Code)
			}
			slices.Sort(codes)
			if !slices.Equal(codes, tt.findings) {
				t.Errorf("vpcboard %v findings = %v; want %v", args, codes, tt.findings)
			}
			inferred := slices.ContainsFunc(got.Warnings, func(w string) bool { return strings.Contains(w, "region") })
			if tt.warning == "" && inferred {
				t.Errorf("vpcboard %v warnings = %q; want none about the region", args, got.Warnings)
			}
			if tt.warning != "" && !slices.Contains(got.Warnings, filepath.Join(dir, tt.file)+": "+tt.warning) {
				t.Errorf("vpcboard %v warnings = %q; want %q", args, got.Warnings, tt.warning)
			}
		})
	}
}

// TestImportRegionFromTemplate checks that the imported design records the
// region the template names.
func TestImportRegionFromTemplate(t *testing.T) {
	file := "../../internal/importer/testdata/aws16/11-zones-eu-central-1.yaml"
	code, out, errOut := vpcboard(t, "import", file)
	if code != exitOK {
		t.Fatalf("vpcboard import %s = exit %d: %s", file, code, errOut)
	}
	var d struct{ Region string }
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.Region != "eu-central-1" {
		t.Errorf("vpcboard import %s: region = %q; want eu-central-1", file, d.Region)
	}
}
