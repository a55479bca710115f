package web_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/web"
)

// A design version's view is drawn once: the designer page, the diagram
// fragment and the live fragments of the same version and view are
// answered from the server's caches without building the views or the DOT
// (which would reach the renderer), even when they ask at the same time;
// a new version, or another view, is drawn once more.
func TestDiagramOfAVersionIsBuiltOnce(t *testing.T) {
	r := &tenantRenderer{Renderer: renderer(t)}
	w := newWorld(t, web.Options{Renderer: r})
	_, team := w.account("ana@example.com", "", 0)
	id := w.storeDesign(team, "three-tier")
	ana := w.signIn("ana@example.com")
	builds := func() int {
		r.mu.Lock()
		defer r.mu.Unlock()
		return len(r.tenants)
	}
	get := func(path string) {
		t.Helper()
		if resp := ana.get(path); resp.status != http.StatusOK {
			t.Fatalf("GET %s = %d", path, resp.status)
		}
	}
	for _, path := range []string{"/designs/" + id, "/designs/" + id + "/diagram", "/designs/" + id + "/diagram", "/designs/" + id} {
		get(path)
	}
	if n := builds(); n != 1 {
		t.Fatalf("four requests of version 1's first view built %d diagrams; want 1", n)
	}
	get("/designs/" + id + "/diagram?view=vpc:web-vpc")
	get("/designs/" + id + "/diagram?view=vpc:web-vpc")
	if n := builds(); n != 2 {
		t.Fatalf("two requests of a second view built %d diagrams in all; want 2", n)
	}

	_, d, err := w.store.Design(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	s := *d.Subnets[design.SortedIDs(d.Subnets)[0]]
	s.Tags = map[string]string{"Name": "renamed"}
	if _, err := w.store.Apply(context.Background(), id, 1, []design.Op{design.Put(&s)}, "test"); err != nil {
		t.Fatal(err)
	}
	// Everyone viewing hears of version 2 at once: their live updates,
	// at the same time, build its panels once.
	statuses := make([]int, 6)
	var wg sync.WaitGroup
	for i := range statuses {
		wg.Go(func() { statuses[i] = ana.get("/designs/" + id + "/fragments").status })
	}
	wg.Wait()
	for _, s := range statuses {
		if s != http.StatusOK {
			t.Fatalf("GET fragments = %v", statuses)
		}
	}
	get("/designs/" + id + "/diagram")
	if n := builds(); n != 3 {
		t.Errorf("after an edit, six live updates at once and a diagram built %d diagrams in all; want 3 (version 2 drawn once)", n)
	}
}
