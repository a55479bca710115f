package validate

import (
	"slices"
	"strings"
	"testing"
)

// TestUnseenTemplateFindings checks the findings that checking templates
// the project had not seen showed to be wrong, on a small template per
// case in ../reach/testdata/aws16: each finding as "code path".
func TestUnseenTemplateFindings(t *testing.T) {
	tests := []struct {
		name, file string
		codes      []string
		want       []string
	}{{
		// aws-cloudformation-templates EKS/template.yaml: a group named
		// only by an EKS cluster or a launch template (kept opaque) is in
		// use; AWS attaches it to the ENIs the service creates.
		name: "groups of opaque resources", file: "16-opaque-sg-use.yaml",
		codes: []string{"sg.unused"},
		want:  []string{"sg.unused security-group[UnusedSG]"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range Validate(importAWS16(t, tt.file), Config{}) {
				if slices.Contains(tt.codes, f.Code) {
					got = append(got, f.Code+" "+f.Path)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Validate(%s) = %q; want %q", tt.file, got, tt.want)
			}
		})
	}
}

// TestSpecialPurposeBlocks checks what reviewing the corpus golden files
// found: a VPC block in a special-purpose range (RFC 6890) is named as
// such by vpc.cidr-public, not called publicly routable.
func TestSpecialPurposeBlocks(t *testing.T) {
	want := []string{
		"vpc[Owned].cidr: vpc `Owned` block 52.0.0.0/16 is publicly routable space",
		"vpc[Vpc].secondary_cidrs[0]: vpc `Vpc` block 192.0.0.0/24 is not private space: it is in 192.0.0.0/24, IETF protocol assignments (RFC 6890)",
		"vpc[Vpc].secondary_cidrs[1]: vpc `Vpc` block 198.18.0.0/16 is not private space: it is in 198.18.0.0/15, benchmarking (RFC 2544)",
	}
	var got []string
	for _, f := range Validate(importAWS16(t, "16-special-purpose-cidr.yaml"), Config{}) {
		if f.Code == "vpc.cidr-public" {
			got = append(got, f.Path+": "+f.Message)
		}
	}
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		ok = strings.HasPrefix(got[i], want[i])
	}
	if !ok {
		t.Errorf("vpc.cidr-public findings = %q; want them to begin %q", got, want)
	}
}
