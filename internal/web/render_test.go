package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/web"
)

// tenantRenderer is a Renderer that notes the tenant of every render it
// passes on.
type tenantRenderer struct {
	web.Renderer
	mu      sync.Mutex
	tenants []string
}

func (r *tenantRenderer) SVG(ctx context.Context, tenant string, dot []byte) ([]byte, error) {
	r.mu.Lock()
	r.tenants = append(r.tenants, tenant)
	r.mu.Unlock()
	return r.Renderer.SVG(ctx, tenant, dot)
}

// storeDesign stores an example as a design of team, without a request.
func (w *world) storeDesign(team, example string) string {
	w.t.Helper()
	d, err := design.DecodeBytes([]byte(readFile(w.t, "../../examples/"+example+".json")))
	if err != nil {
		w.t.Fatal(err)
	}
	info, err := w.store.CreateDesign(context.Background(), team, d, "test")
	if err != nil {
		w.t.Fatal(err)
	}
	return info.ID
}

// The designer draws a design's diagram in the render queue of the
// design's team, whoever asks.
func TestDiagramsRenderInTheDesignsTeamQueue(t *testing.T) {
	r := &tenantRenderer{Renderer: renderer(t)}
	w := newWorld(t, web.Options{Renderer: r})
	_, teamA := w.account("ana@example.com", "", 0)
	w.account("bo@example.com", teamA, auth.Viewer)
	_, teamB := w.account("cy@example.com", "", 0)
	a, b := w.storeDesign(teamA, "three-tier"), w.storeDesign(teamB, "hub-and-spoke")
	bo, cy := w.signIn("bo@example.com"), w.signIn("cy@example.com")
	for _, get := range []struct {
		c    *client
		path string
	}{{bo, "/designs/" + a}, {cy, "/designs/" + b + "/diagram"}} {
		if r := get.c.get(get.path); r.status != http.StatusOK {
			t.Fatalf("GET %s = %d", get.path, r.status)
		}
	}
	if want := []string{teamA, teamB}; !slices.Equal(r.tenants, want) {
		t.Errorf("renders for the tenants %q; want %q (the designs' teams)", r.tenants, want)
	}
}

// The page's expensive routes share the API's per-account rate limit:
// with a burst of two, the third request in a row is refused with 429.
func TestPageExpensiveRoutesAreRateLimited(t *testing.T) {
	tests := []struct {
		name string
		do   func(c *client, team, id string) response
	}{
		{"designer page", func(c *client, _, id string) response { return c.get("/designs/" + id) }},
		{"diagram", func(c *client, _, id string) response { return c.get("/designs/" + id + "/diagram") }},
		{"new design", func(c *client, team, _ string) response {
			return c.form("/designs", url.Values{"team": {team}, "name": {"new"}})
		}},
		{"matrix", func(c *client, _, id string) response { return c.get("/designs/" + id + "/matrix") }},
		{"trace", func(c *client, _, id string) response {
			return c.form("/designs/"+id+"/trace", url.Values{"from": {"internet"}, "to": {"web-1"}, "protocol": {"tcp"}, "port": {"443"}})
		}},
	}
	w := newWorld(t, web.Options{ExpensiveRate: 0.001, ExpensiveBurst: 2})
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			email := string(rune('a'+i)) + "@example.com"
			_, team := w.account(email, "", 0)
			id := w.storeDesign(team, "three-tier")
			c := w.signIn(email)
			var codes []int
			for range 3 {
				codes = append(codes, tt.do(c, team, id).status)
			}
			if codes[0] == http.StatusTooManyRequests || codes[1] == http.StatusTooManyRequests || codes[2] != http.StatusTooManyRequests {
				// (the rate refills one request in 1,000 s: no refill during the test)
				t.Errorf("three requests in a row with a burst of two = %v; want the third refused (429)", codes)
			}
		})
	}
}
