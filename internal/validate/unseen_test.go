package validate

import (
	"slices"
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
