package diagram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRendererCache(t *testing.T) {
	r := newFakeRenderer(t, RendererOptions{Workers: 1})
	ctx := context.Background()
	first, err := r.SVG(ctx, "", []byte("echo cache"))
	if err != nil {
		t.Fatal(err)
	}
	again, err := r.SVG(ctx, "", []byte("echo cache"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) {
		t.Errorf("SVG from the cache = %q; want %q", again, first)
	}
	s := r.Stats()
	if s.Renders != 1 || s.CacheHits != 1 || s.CacheMisses != 1 || s.CacheEntries != 1 || s.CacheBytes != int64(len(first)) {
		t.Errorf("Stats = %+v; want 1 render, 1 hit, 1 miss, 1 entry of %d bytes", s, len(first))
	}
}

func TestRendererCacheEvicts(t *testing.T) {
	r := newFakeRenderer(t, RendererOptions{Workers: 1, CacheBytes: 250})
	ctx := context.Background()
	for i := range 3 {
		if _, err := r.SVG(ctx, "", fmt.Appendf(nil, "big 100 %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if s := r.Stats(); s.CacheEntries != 2 || s.CacheBytes != 200 {
		t.Errorf("after 3 SVGs of 100 bytes in 250, Stats = %+v; want 2 entries, 200 bytes", s)
	}
	r.SVG(ctx, "", []byte("big 100 2")) // the newest: still cached
	r.SVG(ctx, "", []byte("big 100 0")) // the oldest: evicted
	if s := r.Stats(); s.CacheHits != 1 || s.Renders != 4 {
		t.Errorf("Stats = %+v; want 1 hit (the newest) and 4 renders", s)
	}
}

func TestRendererSingleflight(t *testing.T) {
	r := newFakeRenderer(t, RendererOptions{Workers: 2})
	dot := []byte("sleep 300ms once")
	var wg sync.WaitGroup
	svgs := make([][]byte, 20)
	errs := make([]error, 20)
	for i := range svgs {
		wg.Go(func() { svgs[i], errs[i] = r.SVG(context.Background(), fmt.Sprint("team-", i%3), dot) })
	}
	wg.Wait()
	for i := range svgs {
		if errs[i] != nil || !bytes.Equal(svgs[i], svgs[0]) {
			t.Fatalf("call %d: SVG = %q, %v; want %q", i, svgs[i], errs[i], svgs[0])
		}
	}
	if s := r.Stats(); s.Renders != 1 || s.CacheHits+s.Shared != 19 {
		t.Errorf("20 concurrent calls: Stats = %+v; want 1 render, 19 hits or shared", s)
	}
}

func TestRendererAtMostWorkers(t *testing.T) {
	r := newFakeRenderer(t, RendererOptions{Workers: 2, TenantWorkers: 2})
	var wg sync.WaitGroup
	spans := make([]fakeSpan, 8)
	for i := range spans {
		wg.Go(func() {
			svg, err := r.SVG(context.Background(), "", fmt.Appendf(nil, "sleep 100ms %d", i))
			if err != nil {
				t.Error(err)
				return
			}
			spans[i] = parseSpan(t, svg)
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	most := 0
	for _, s := range spans {
		at := 0
		for _, o := range spans {
			if o.start <= s.start && s.start < o.end {
				at++
			}
		}
		most = max(most, at)
	}
	if most != 2 {
		t.Errorf("renders at once with 2 workers: at most %d; want 2", most)
	}
	pids := map[int]bool{}
	for _, s := range spans {
		pids[s.pid] = true
	}
	if len(pids) != 2 {
		t.Errorf("8 renders ran in %d processes; want 2", len(pids))
	}
}

func TestRendererTimeout(t *testing.T) {
	r := newFakeRenderer(t, RendererOptions{Workers: 1, Timeout: 300 * time.Millisecond})
	ctx := context.Background()
	if _, err := r.SVG(ctx, "", []byte("echo warm")); err != nil { // the worker has started
		t.Fatal(err)
	}
	start := time.Now()
	_, err := r.SVG(ctx, "", []byte("hang"))
	if elapsed := time.Since(start); !errors.Is(err, ErrTimeout) || elapsed > 2*time.Second {
		t.Fatalf("SVG(hang) = %v after %v; want ErrTimeout after about 300ms", err, elapsed)
	}
	if _, err := r.SVG(ctx, "", []byte("echo after")); err != nil {
		t.Fatalf("SVG after a timeout: %v", err)
	}
	if s := r.Stats(); s.Killed != 1 || s.Started != 2 || s.Failures != 1 {
		t.Errorf("Stats = %+v; want 1 killed, 2 started, 1 failure", s)
	}
}

func TestRendererBadWorker(t *testing.T) {
	tests := []struct {
		dot  string
		want string // in the error
	}{
		{"crash", "panic: fake crash"},
		{"garbage", "bad status byte"},
		{"fail", "graphviz: syntax error in line 1"},
	}
	r := newFakeRenderer(t, RendererOptions{Workers: 1})
	ctx := context.Background()
	for i, tt := range tests {
		_, err := r.SVG(ctx, "", []byte(tt.dot))
		if !errors.Is(err, ErrWorker) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("SVG(%s) = %v; want ErrWorker saying %q", tt.dot, err, tt.want)
		}
		if _, err := r.SVG(ctx, "", fmt.Appendf(nil, "echo %d", i)); err != nil {
			t.Errorf("SVG after %s: %v", tt.dot, err)
		}
	}
	if s := r.Stats(); s.Killed != 3 || s.Renders != 3 || s.Failures != 3 {
		t.Errorf("Stats = %+v; want 3 killed, 3 renders, 3 failures", s)
	}
}

func TestRendererRecycles(t *testing.T) {
	tests := []struct {
		name string
		opts RendererOptions
		dot  string
	}{
		{"MaxRenders", RendererOptions{MaxRenders: 3}, "echo %d"},
		{"MaxBytes", RendererOptions{MaxBytes: 1000}, "big 400 %d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Workers = 1
			r := newFakeRenderer(t, tt.opts)
			pids := map[int]bool{}
			for i := range 10 {
				svg, err := r.SVG(context.Background(), "", fmt.Appendf(nil, tt.dot, i))
				if err != nil {
					t.Fatalf("render %d: %v", i, err)
				}
				if strings.HasPrefix(tt.dot, "echo") {
					pids[parseSpan(t, svg).pid] = true
				}
			}
			s := r.Stats()
			if s.Recycled < 3 || s.Started != s.Recycled+1 || s.Renders != 10 || s.Killed != 0 {
				t.Errorf("Stats = %+v; want 3 or more recycled, one more started, 10 renders", s)
			}
			if strings.HasPrefix(tt.dot, "echo") && len(pids) != 4 {
				t.Errorf("10 renders, 3 per worker, ran in %d processes; want 4", len(pids))
			}
		})
	}
}

func TestRendererTooLarge(t *testing.T) {
	r := newFakeRenderer(t, RendererOptions{Workers: 1, MaxDOT: 10})
	if _, err := r.SVG(context.Background(), "", []byte("echo 0123456789")); !errors.Is(err, ErrTooLarge) {
		t.Errorf("SVG(15 bytes) with MaxDOT 10 = %v; want ErrTooLarge", err)
	}
}

func TestRendererWaitsForContext(t *testing.T) {
	r := newFakeRenderer(t, RendererOptions{Workers: 1})
	go r.SVG(context.Background(), "", []byte("sleep 1s busy"))
	time.Sleep(100 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := r.SVG(ctx, "", []byte("echo waiting"))
	if elapsed := time.Since(start); !errors.Is(err, context.DeadlineExceeded) || elapsed > 500*time.Millisecond {
		t.Errorf("SVG while the only worker is busy = %v after %v; want DeadlineExceeded after 100ms", err, elapsed)
	}
}

func TestRendererClose(t *testing.T) {
	r := newFakeRenderer(t, RendererOptions{Workers: 1})
	cached, err := r.SVG(context.Background(), "", []byte("echo cached"))
	if err != nil {
		t.Fatal(err)
	}
	hung := make(chan error, 1)
	go func() {
		_, err := r.SVG(context.Background(), "", []byte("hang"))
		hung <- err
	}()
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-hung; !errors.Is(err, ErrClosed) || time.Since(start) > 2*time.Second {
		t.Errorf("render in progress at Close = %v; want ErrClosed, promptly", err)
	}
	if _, err := r.SVG(context.Background(), "", []byte("echo new")); !errors.Is(err, ErrClosed) {
		t.Errorf("SVG after Close = %v; want ErrClosed", err)
	}
	if svg, err := r.SVG(context.Background(), "", []byte("echo cached")); err != nil || !bytes.Equal(svg, cached) {
		t.Errorf("cached SVG after Close = %q, %v; want %q", svg, err, cached)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

func TestNewRendererCannotStart(t *testing.T) {
	_, err := NewRenderer(RendererOptions{Command: func(ctx context.Context) *exec.Cmd {
		return exec.CommandContext(ctx, "/nonexistent/vpcboard-worker")
	}})
	if !errors.Is(err, ErrWorker) {
		t.Errorf("NewRenderer with a missing command = %v; want ErrWorker", err)
	}
}

func TestRendererNotAWorker(t *testing.T) {
	r, err := NewRenderer(RendererOptions{Workers: 1, Command: func(ctx context.Context) *exec.Cmd {
		return exec.CommandContext(ctx, "echo", "hello")
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.SVG(context.Background(), "", []byte("digraph {}")); !errors.Is(err, ErrWorker) || !strings.Contains(err.Error(), "start") {
		t.Errorf("SVG from a command that is not a worker = %v; want ErrWorker at start", err)
	}
}

// TestRendererConcurrent runs many callers over few DOTs with the race
// detector in mind: every call gets its own DOT's SVG.
func TestRendererConcurrent(t *testing.T) {
	r := newFakeRenderer(t, RendererOptions{Workers: 2, MaxRenders: 5})
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[string][]byte{}
	for i := range 60 {
		wg.Go(func() {
			dot := fmt.Sprintf("big %d", 20+i%7)
			svg, err := r.SVG(context.Background(), fmt.Sprint("team-", i%3), []byte(dot))
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if prev, ok := got[dot]; ok && !bytes.Equal(prev, svg) {
				t.Errorf("%s: two SVGs", dot)
			}
			got[dot] = svg
		})
	}
	wg.Wait()
	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(keys) != 7 {
		t.Errorf("SVGs for %v; want 7 DOTs", keys)
	}
}

func TestRendererFormats(t *testing.T) {
	r := newFakeRenderer(t, RendererOptions{Workers: 1})
	ctx := context.Background()
	svg, err := r.Render(ctx, "t", []byte("echo a"), FormatSVG)
	if err != nil || !strings.HasPrefix(string(svg), "<svg>") {
		t.Fatalf("Render SVG = %q, %v", svg, err)
	}
	png, err := r.Render(ctx, "t", []byte("echo a"), FormatPNG)
	if err != nil || !strings.HasPrefix(string(png), pngMagic+"<svg>") {
		t.Fatalf("Render PNG of the same DOT = %q, %v; want a PNG rendered apart from the SVG", png, err)
	}
	again, err := r.Render(ctx, "t", []byte("echo a"), FormatPNG)
	if err != nil || string(again) != string(png) {
		t.Fatalf("Render PNG again = %q, %v; want the cached %q", again, err, png)
	}
	if s := r.Stats(); s.Renders != 2 || s.CacheHits != 1 || s.CacheEntries != 2 {
		t.Errorf("stats = %+v; want 2 renders, 1 cache hit, 2 entries", s)
	}
	if _, err := r.Render(ctx, "t", []byte("echo a"), "gif"); !errors.Is(err, ErrFormat) {
		t.Errorf("Render gif = %v; want ErrFormat", err)
	}
}
