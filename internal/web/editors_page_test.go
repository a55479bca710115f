package web_test

import (
	"context"
	"net/http"
	"regexp"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/validate"
	"github.com/vpcboard/vpcboard/internal/web"
)

// TestNewResourceFormDefaults: a new subnet's form starts in the VPC and
// zone asked for (?vpc=&az=, as the diagram's actions ask), in the VPC's
// next free /24; without them, in the first zone its VPC does not use.
func TestNewResourceFormDefaults(t *testing.T) {
	w := newWorld(t, web.Options{})
	_, team := w.account("ana@example.com", "", 0)
	d := designtest.Example(t, "three-tier")
	info, err := w.store.CreateDesign(context.Background(), team, d, "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	next, err := validate.Plan(d, "web-vpc", 24, "")
	if err != nil {
		t.Fatal(err)
	}
	c := w.signIn("ana@example.com")
	tests := []struct{ query, az string }{
		{"&vpc=web-vpc&az=us-east-1b", "us-east-1b"},
		{"", "us-east-1c"}, // a and b are used
	}
	for _, tt := range tests {
		r := c.get("/designs/" + info.ID + "/inspector-new?kind=subnet" + tt.query)
		if r.status != http.StatusOK {
			t.Fatalf("inspector-new%s = %d %s", tt.query, r.status, r.body)
		}
		body := string(r.body)
		for what, re := range map[string]string{
			"the VPC":      `<option value="web-vpc"[^>]*selected`,
			"the zone":     `<option value="` + tt.az + `"[^>]*selected`,
			"the next /24": `id="f-cidr"[^>]*value="` + regexp.QuoteMeta(next.String()) + `"`,
		} {
			if !regexp.MustCompile(re).MatchString(body) {
				t.Errorf("new subnet%s: %s not chosen (want %s)", tt.query, what, re)
			}
		}
	}
}
