package main

import (
	"strings"
	"testing"
)

// TestExportPortable: --portable writes a region-portable CloudFormation
// template; with Terraform it is refused, naming the flag (issue 17.9).
func TestExportPortable(t *testing.T) {
	const zoneParam = "AWS::EC2::AvailabilityZone::Name"
	code, out, errOut := vpcboard(t, "export", "../../examples/three-tier.json", "--to", "cloudformation", "--portable")
	if code != exitOK || !strings.Contains(out, zoneParam) {
		t.Errorf("export --portable = exit %d, zone parameters: %v (%s); want them", code, strings.Contains(out, zoneParam), errOut)
	}
	if _, out, _ := vpcboard(t, "export", "../../examples/three-tier.json", "--to", "cloudformation"); strings.Contains(out, zoneParam) {
		t.Error("export without --portable has zone parameters; want the zones as drawn")
	}
	if code, _, errOut := vpcboard(t, "export", "../../examples/three-tier.json", "--to", "terraform", "--portable"); code != exitInput || !strings.Contains(errOut, "--portable") {
		t.Errorf("export --to terraform --portable = exit %d (%q); want %d naming --portable", code, errOut, exitInput)
	}
}
