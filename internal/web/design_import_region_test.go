package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// A template posted without ?region= is in the region its zones name, and
// the answer's warnings say so; ?region= overrides it (issue 16 point 11).
func TestCreateFromTemplateRegion(t *testing.T) {
	c, _ := newServer(t)
	yaml := readFile(t, "../importer/testdata/aws16/11-zones-eu-central-1.yaml")
	tests := []struct {
		query   string
		region  string
		warning string
	}{
		{"", "eu-central-1", "region eu-central-1 inferred from availability zone eu-central-1a at line 9 — pass --region to override"},
		{"?region=us-west-2", "us-west-2", ""},
	}
	for _, tt := range tests {
		r := c.do("POST", "/api/v1/designs"+tt.query, "application/yaml", strings.NewReader(yaml))
		if r.status != http.StatusCreated {
			t.Fatalf("POST /api/v1/designs%s = %d %s; want 201", tt.query, r.status, r.body)
		}
		body := r.json(t)
		var warnings []string
		for _, w := range body["warnings"].([]any) {
			warnings = append(warnings, w.(string))
		}
		var want []string
		if tt.warning != "" {
			want = []string{tt.warning}
		}
		if !slices.Equal(warnings, want) {
			t.Errorf("POST /api/v1/designs%s warnings = %q; want %q", tt.query, warnings, want)
		}
		d := c.get("/api/v1/designs/" + body["id"].(string)).json(t)
		if got := d["region"]; got != tt.region {
			t.Errorf("POST /api/v1/designs%s: design region = %v; want %s", tt.query, got, tt.region)
		}
	}
}
