package web_test

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/web"
)

// Every registered API route is in the OpenAPI document, and the
// document has no route that is not registered.
func TestOpenAPICoversRoutes(t *testing.T) {
	w := newWorld(t, web.Options{}) // the routes cmd/server registers
	data, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
			var o struct {
				Responses map[string]any `json:"responses"`
			}
			if json.Unmarshal(op, &o) != nil || len(o.Responses) == 0 {
				t.Errorf("%s %s has no responses", method, path)
			}
		}
	}
	param := regexp.MustCompile(`:([a-z]+)`)
	registered := map[string]bool{}
	for _, r := range w.routes {
		if strings.HasPrefix(r.Name, "github.com/labstack") || r.Method == "echo_route_any" {
			continue
		}
		if !strings.HasPrefix(r.Path, "/api/") && r.Path != "/healthz" && r.Path != "/readyz" {
			continue // the designer's pages and fragments are HTML, not the API
		}
		key := r.Method + " " + param.ReplaceAllString(r.Path, "{$1}")
		registered[key] = true
		if !documented[key] {
			t.Errorf("route %s is not in openapi.json", key)
		}
	}
	for key := range documented {
		if !registered[key] {
			t.Errorf("openapi.json documents %s, which is not a route", key)
		}
	}
	if len(registered) < 10 || !slices.Contains([]string{"3.0.3", "3.1.0"}, doc.OpenAPI) {
		t.Errorf("%d routes, OpenAPI %q", len(registered), doc.OpenAPI)
	}
}
