package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestExportPortable: ?portable=true exports a region-portable
// CloudFormation template (zones as AWS::EC2::AvailabilityZone::Name
// parameters); a value other than true or false, or the parameter with
// Terraform, is a 400 naming it (issue 17.9).
func TestExportPortable(t *testing.T) {
	c, _ := newServer(t)
	id := c.create(readFile(t, "../../examples/three-tier.json"))
	base := "/api/v1/designs/" + id + "/export?format="
	r := c.get(base + "cloudformation&portable=true")
	if r.status != http.StatusOK || !strings.Contains(string(r.body), "AWS::EC2::AvailabilityZone::Name") {
		t.Errorf("GET export?portable=true = %d, zone parameters: %v; want 200 with them", r.status, strings.Contains(string(r.body), "AWS::EC2::AvailabilityZone::Name"))
	}
	if r := c.get(base + "cloudformation"); strings.Contains(string(r.body), "AWS::EC2::AvailabilityZone::Name") {
		t.Error("GET export without portable has zone parameters; want the zones as drawn")
	}
	for _, q := range []string{"cloudformation&portable=yes", "terraform&portable=true"} {
		r := c.get(base + q)
		if r.status != http.StatusBadRequest || !strings.Contains(string(r.body), `"portable"`) {
			t.Errorf("GET export?format=%s = %d %s; want 400 naming portable", q, r.status, r.body)
		}
	}
}
