package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/web"
)

// Expensive work is admitted up to a global limit and a per-account one;
// beyond them a request is refused at once with Retry-After (429 for the
// account's own share, 503 for the server's), while cheap requests, of
// another team too, go through.
func TestExpensiveWorkIsBounded(t *testing.T) {
	w := newWorld(t, web.Options{Concurrency: 2, ConcurrencyPerCaller: 2})
	ana, teamA := w.account("ana@example.com", "", 0)
	bo, teamB := w.account("bo@example.com", "", 0)
	a, b := w.api(w.token(ana, teamA, auth.Editor)), w.api(w.token(bo, teamB, auth.Editor))
	file := readFile(t, "../../examples/three-tier.json")
	a1, a2, b1 := a.create(file), a.create(file), b.create(file)

	entered, release := make(chan struct{}, 8), make(chan struct{})
	defer web.SetMatrixHook(func() { entered <- struct{}{}; <-release })()
	var wg sync.WaitGroup
	held := make([]response, 2)
	for i, id := range []string{a1, a2} {
		wg.Go(func() { held[i] = fetch(w.base, a.token, "/api/v1/designs/"+id+"/matrix") })
	}
	<-entered
	<-entered // both of ana's matrices are being computed, and hold the server's two units

	tests := []struct {
		name   string
		c      *client
		path   string
		status int
	}{
		{"ana's third matrix", a, "/api/v1/designs/" + a1 + "/matrix", http.StatusTooManyRequests},
		{"ana's trace", a, "/api/v1/designs/" + a1 + "/trace", http.StatusTooManyRequests},
		{"bo's matrix", b, "/api/v1/designs/" + b1 + "/matrix", http.StatusServiceUnavailable},
		{"bo's design", b, "/api/v1/designs/" + b1, http.StatusOK},
		{"bo's findings", b, "/api/v1/designs/" + b1 + "/findings", http.StatusOK},
		{"ana's design", a, "/api/v1/designs/" + a1, http.StatusOK},
	}
	for _, tt := range tests {
		var r response
		if tt.path[len(tt.path)-6:] == "/trace" {
			r = tt.c.post(tt.path, `{"from":"app-1","to":"internet"}`)
		} else {
			r = tt.c.get(tt.path)
		}
		if r.status != tt.status {
			t.Errorf("%s: GET %s = %d %s; want %d", tt.name, tt.path, r.status, r.body, tt.status)
			continue
		}
		if tt.status != http.StatusOK {
			if code, _ := r.errorOf(t); code != "busy" || r.header.Get("Retry-After") == "" {
				t.Errorf("%s: refused with code %q, Retry-After %q; want busy and a Retry-After", tt.name, code, r.header.Get("Retry-After"))
			}
		}
	}
	close(release)
	wg.Wait()
	for i, r := range held {
		if r.status != http.StatusOK || !bytes.HasPrefix(r.body, []byte(`{"pairs":[`)) {
			t.Errorf("held matrix %d = %d %.80s; want 200 and the matrix", i, r.status, r.body)
		}
	}
	// The units came back: bo's matrix runs now.
	if r := b.get("/api/v1/designs/" + b1 + "/matrix"); r.status != http.StatusOK {
		t.Errorf("bo's matrix after ana's ended = %d %s; want 200", r.status, r.body)
	}
}

// Many requests for the matrix of one version compute it once, all at
// the same time or after; a new version is computed again.
func TestMatrixComputedOncePerVersion(t *testing.T) {
	w := newWorld(t, web.Options{Concurrency: 64, ConcurrencyPerCaller: 64, ExpensiveBurst: 100, ExpensiveRate: 100})
	ana, team := w.account("ana@example.com", "", 0)
	a := w.api(w.token(ana, team, auth.Editor))
	id := a.create(readFile(t, "../../examples/three-tier.json"))

	var computed atomic.Int32
	release := make(chan struct{})
	defer web.SetMatrixHook(func() { computed.Add(1); <-release })()
	const n = 12
	got := make([]response, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { got[i] = fetch(w.base, a.token, "/api/v1/designs/"+id+"/matrix") })
	}
	close(release)
	wg.Wait()
	for i, r := range got {
		if r.status != http.StatusOK || !bytes.Equal(r.body, got[0].body) {
			t.Errorf("request %d = %d (%d bytes); want 200 and the same matrix as the first", i, r.status, len(r.body))
		}
	}
	if r := a.get("/api/v1/designs/" + id + "/matrix?version=1"); !bytes.Equal(r.body, got[0].body) {
		t.Errorf("the matrix at ?version=1 differs from the current one's")
	}
	if c := computed.Load(); c != 1 {
		t.Errorf("%d requests for one version computed its matrix %d times; want 1", n+1, c)
	}
	if r := a.post("/api/v1/designs/"+id+"/ops", ops(1, fmt.Sprintf(subnetOp, "extra", "10.0.99.0/24"))); r.status != http.StatusOK {
		t.Fatalf("edit = %d %s", r.status, r.body)
	}
	a.get("/api/v1/designs/" + id + "/matrix")
	a.get("/api/v1/designs/" + id + "/matrix")
	if c := computed.Load(); c != 2 {
		t.Errorf("after an edit and two requests: %d computations; want 2", c)
	}
}

// fetch is a GET with a bearer token, for goroutines (it fails nothing).
func fetch(base, token, path string) response {
	req, _ := http.NewRequest("GET", base+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return response{status: -1, body: []byte(err.Error())}
	}
	defer res.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(res.Body)
	return response{res.StatusCode, res.Header, buf.Bytes()}
}
