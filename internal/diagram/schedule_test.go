package diagram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// gate is a file that fake workers told "until" the gate wait for: the
// render holds its worker until the test opens the gate.
type gate string

func newGate(t *testing.T) gate { return gate(filepath.Join(t.TempDir(), "gate")) }

func (g gate) open(t *testing.T) {
	t.Helper()
	if err := os.WriteFile(string(g), nil, 0o644); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls r's stats until ok holds, failing the test after a minute.
func waitFor(t *testing.T, r *Renderer, what string, ok func(Stats) bool) {
	t.Helper()
	for range 6000 {
		if ok(r.Stats()) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("waited a minute for %s: Stats = %+v", what, r.Stats())
}

// TestRendererFairAcrossTenants has tenant A hold the only worker and
// queue five more renders before tenant B asks for one: B's render runs
// next, before any other of A's.
func TestRendererFairAcrossTenants(t *testing.T) {
	r := newFakeRenderer(t, RendererOptions{Workers: 1})
	g := newGate(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	spans := map[string]fakeSpan{}
	var mu sync.Mutex
	submit := func(tenant, dot string) {
		wg.Go(func() {
			svg, err := r.SVG(ctx, tenant, []byte(dot))
			if err != nil {
				t.Errorf("SVG(%s, %s): %v", tenant, dot, err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			spans[dot] = parseSpan(t, svg)
		})
	}
	for i := range 6 {
		submit("team-a", fmt.Sprintf("until %s a%d", g, i))
	}
	waitFor(t, r, "A's six renders: one running, five waiting", func(s Stats) bool { return s.Waiting == 5 })
	submit("team-b", "echo b")
	waitFor(t, r, "B's render to wait", func(s Stats) bool { return s.Waiting == 6 })
	g.open(t)
	wg.Wait()
	if t.Failed() {
		return
	}
	b := spans["echo b"]
	var before []string
	for dot, s := range spans {
		if dot != "echo b" && s.start < b.start {
			before = append(before, dot)
		}
	}
	if len(before) != 1 {
		t.Errorf("before B's render the worker ran %d of A's (%v); want 1, the one running when B asked", len(before), before)
	}
}

// TestRendererTenantShare has tenant A ask for two renders from two
// workers and B for one: A holds one worker at most, so B's render runs
// while A's first one still does.
func TestRendererTenantShare(t *testing.T) {
	r := newFakeRenderer(t, RendererOptions{Workers: 2})
	g := newGate(t)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer g.open(t)
	for i := range 2 {
		wg.Go(func() {
			if _, err := r.SVG(context.Background(), "team-a", fmt.Appendf(nil, "until %s a%d", g, i)); err != nil {
				t.Errorf("A's render %d: %v", i, err)
			}
		})
	}
	waitFor(t, r, "A's second render to wait", func(s Stats) bool { return s.Waiting == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := r.SVG(ctx, "team-b", []byte("echo b")); err != nil {
		t.Fatalf("B's render while A's hold: %v; want it drawn by the worker A may not take", err)
	}
	if s := r.Stats(); s.Waiting != 1 || s.Renders != 1 {
		t.Errorf("after B's render, Stats = %+v; want A's second render still waiting, 1 render", s)
	}
}

// TestRendererTenantQueueBound refuses a tenant's render beyond
// TenantQueue waiting ones, and only that tenant's.
func TestRendererTenantQueueBound(t *testing.T) {
	r := newFakeRenderer(t, RendererOptions{Workers: 1, TenantQueue: 2})
	g := newGate(t)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer g.open(t)
	submit := func(tenant, dot string) {
		wg.Go(func() {
			if _, err := r.SVG(context.Background(), tenant, []byte(dot)); err != nil {
				t.Errorf("SVG(%s, %s): %v", tenant, dot, err)
			}
		})
	}
	for i := range 3 {
		submit("team-a", fmt.Sprintf("until %s a%d", g, i))
	}
	waitFor(t, r, "A's renders: one running, two waiting", func(s Stats) bool { return s.Waiting == 2 })
	if _, err := r.SVG(context.Background(), "team-a", []byte("echo a3")); !errors.Is(err, ErrBusy) {
		t.Errorf("A's fourth render with two waiting and TenantQueue 2 = %v; want ErrBusy", err)
	}
	submit("team-b", "echo b")
	waitFor(t, r, "B's render to wait", func(s Stats) bool { return s.Waiting == 3 })
	if s := r.Stats(); s.Refused != 1 {
		t.Errorf("Stats = %+v; want 1 refused", s)
	}
}

// TestRendererCacheWhileBusy answers from the cache while every worker is
// busy: a cached SVG never waits for a worker.
func TestRendererCacheWhileBusy(t *testing.T) {
	r := newFakeRenderer(t, RendererOptions{Workers: 1})
	first, err := r.SVG(context.Background(), "team-b", []byte("echo cached"))
	if err != nil {
		t.Fatal(err)
	}
	g := newGate(t)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer g.open(t)
	for i := range 3 {
		wg.Go(func() { r.SVG(context.Background(), "team-a", fmt.Appendf(nil, "until %s a%d", g, i)) })
	}
	waitFor(t, r, "the worker held and two renders waiting", func(s Stats) bool { return s.Waiting == 2 })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	again, err := r.SVG(ctx, "team-b", []byte("echo cached"))
	if err != nil || !bytes.Equal(again, first) {
		t.Errorf("cached SVG while the worker is busy = %q, %v; want %q at once", again, err, first)
	}
}
