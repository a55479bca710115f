package worker_test

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/diagram"
)

// smallDesign has 5 VPCs of 10 subnets: 50 subnets, 100 workloads.
func smallDesign() *design.Design {
	s := designtest.Base
	s.VPCs, s.SubnetsPerVPC = 5, 10
	return designtest.Generate(s)
}

// mediumDesign has 5 VPCs of 20 subnets: 100 subnets, 200 workloads, its
// full view about the DOT size of docs/graphviz.md's medium diagram.
func mediumDesign() *design.Design { return designtest.Generate(designtest.Base.Scale(0.1)) }

// variant returns dot made distinct by a comment: another cache key, the
// same layout.
func variant(dot []byte, i int) []byte {
	return append(fmt.Appendf(nil, "// variant %d\n", i), dot...)
}

func BenchmarkRenderSmall(b *testing.B) {
	dot := diagram.DOT(smallDesign(), diagram.View{Kind: diagram.ViewFull})
	ctx := context.Background()
	b.Run("cold", func(b *testing.B) {
		r := newRenderer(b, diagram.RendererOptions{Workers: 1, CacheBytes: -1})
		svg, err := r.SVG(ctx, "", dot) // the worker has started
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := r.SVG(ctx, "", dot); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(dot)), "DOT-bytes")
		b.ReportMetric(float64(len(svg)), "SVG-bytes")
	})
	b.Run("warm", func(b *testing.B) {
		r := newRenderer(b, diagram.RendererOptions{Workers: 1})
		if _, err := r.SVG(ctx, "", dot); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := r.SVG(ctx, "", dot); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRenderViews renders each kind of view of the designs the
// designer shows, cold.
func BenchmarkRenderViews(b *testing.B) {
	large := designtest.Generate(designtest.Base)
	tests := []struct {
		name string
		d    *design.Design
		v    diagram.View
	}{
		{"three-tier/full", example(b, "three-tier"), diagram.View{Kind: diagram.ViewFull}},
		{"hub-and-spoke/full", example(b, "hub-and-spoke"), diagram.View{Kind: diagram.ViewFull}},
		{"small/full", smallDesign(), diagram.View{Kind: diagram.ViewFull}},
		{"medium/full", mediumDesign(), diagram.View{Kind: diagram.ViewFull}},
		{"large/overview", large, diagram.View{Kind: diagram.ViewOverview}},
		{"large/vpc", large, diagram.View{Kind: diagram.ViewVPC, VPC: "vpc7"}},
		{"large/full", large, diagram.View{Kind: diagram.ViewFull}},
	}
	r := newRenderer(b, diagram.RendererOptions{Workers: 1, CacheBytes: -1})
	ctx := context.Background()
	if _, err := r.SVG(ctx, "", []byte("digraph {}")); err != nil {
		b.Fatal(err)
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			dot := diagram.DOT(tt.d, tt.v)
			var svg []byte
			for b.Loop() {
				var err error
				if svg, err = r.SVG(ctx, "", dot); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(strings.Count(string(dot), "\n")), "DOT-lines")
			b.ReportMetric(float64(len(dot)), "DOT-bytes")
			b.ReportMetric(float64(len(svg)), "SVG-bytes")
		})
	}
}

// BenchmarkRenderThroughput renders distinct DOTs of the medium design's
// full view with two workers, from four goroutines.
func BenchmarkRenderThroughput(b *testing.B) {
	dot := diagram.DOT(mediumDesign(), diagram.View{Kind: diagram.ViewFull})
	r := newRenderer(b, diagram.RendererOptions{Workers: 2, TenantWorkers: 2}) // one tenant: both workers
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 2 { // both workers have started
		wg.Go(func() { r.SVG(ctx, "", variant(dot, -1-i)) })
	}
	wg.Wait()
	var n atomic.Int64
	b.SetParallelism(2)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := r.SVG(ctx, "", variant(dot, int(n.Add(1)))); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "renders/s")
	b.ReportMetric(float64(len(dot)), "DOT-bytes")
}

// BenchmarkRenderRecycled renders distinct DOTs with a worker recycled
// every 10 renders and reports the workers' peak resident memory: flat,
// however many renders (-benchtime 1000x).
func BenchmarkRenderRecycled(b *testing.B) {
	dot := diagram.DOT(smallDesign(), diagram.View{Kind: diagram.ViewFull})
	r := newRenderer(b, diagram.RendererOptions{Workers: 1, MaxRenders: 10})
	ctx := context.Background()
	var peak int64
	i := 0
	for b.Loop() {
		if _, err := r.SVG(ctx, "", variant(dot, i)); err != nil {
			b.Fatal(err)
		}
		peak = max(peak, workerRSS().peak)
		i++
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-worker-RSS-MiB")
	b.ReportMetric(float64(r.Stats().Recycled), "recycled")
}

var memoryRenders = flag.Int("memory", 0, "run TestRenderMemory with this many renders (5000 for the figures in docs/PERFORMANCE.md)")

// TestRenderMemory renders -memory distinct DOTs of the small design with
// two workers, with the default recycling and without, and logs the
// workers' resident memory as it goes and the parent's Go heap.
func TestRenderMemory(t *testing.T) {
	if *memoryRenders == 0 {
		t.Skip("run with -memory 5000")
	}
	dot := diagram.DOT(smallDesign(), diagram.View{Kind: diagram.ViewFull})
	tests := []struct {
		name    string
		opts    diagram.RendererOptions
		renders int
	}{
		{"recycled", diagram.RendererOptions{}, *memoryRenders},
		{"never recycled", diagram.RendererOptions{MaxRenders: 1 << 30, MaxBytes: 1 << 50}, min(*memoryRenders, 1000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Workers, tt.opts.TenantWorkers = 2, 2
			r := newRenderer(t, tt.opts)
			ctx := context.Background()
			var first, peak, last memory
			var wg sync.WaitGroup
			var next atomic.Int64
			start := time.Now()
			for range 2 {
				wg.Go(func() {
					for {
						i := int(next.Add(1))
						if i > tt.renders {
							return
						}
						if _, err := r.SVG(ctx, "", variant(dot, i)); err != nil {
							t.Error(err)
							return
						}
						if i%(tt.renders/20) == 0 {
							m := workerRSS()
							runtime.GC()
							var ms runtime.MemStats
							runtime.ReadMemStats(&ms)
							t.Logf("%5d renders: workers RSS %4d MiB (peak of a worker %4d MiB), parent heap %3d MiB",
								i, m.rss>>20, m.peak>>20, ms.HeapAlloc>>20)
							if first.rss == 0 {
								first = m
							}
							peak.rss, peak.peak = max(peak.rss, m.rss), max(peak.peak, m.peak)
							last = m
						}
					}
				})
			}
			wg.Wait()
			s := r.Stats()
			t.Logf("%d renders in %v: workers RSS first %d MiB, peak %d MiB (a worker's peak %d MiB), last %d MiB; stats %+v",
				tt.renders, time.Since(start).Round(time.Millisecond), first.rss>>20, peak.rss>>20, peak.peak>>20, last.rss>>20, s)
		})
	}
}

// memory is the resident memory of the worker processes.
type memory struct {
	rss  int64 // the sum of their VmRSS
	peak int64 // the largest VmHWM (peak RSS) of one
}

// workerRSS reads the memory of the children of this process, the
// workers, from /proc.
func workerRSS() memory {
	var m memory
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	self := strconv.Itoa(os.Getpid())
	for _, stat := range stats {
		data, err := os.ReadFile(stat)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so split after ')'.
		rest := data[bytes.LastIndexByte(data, ')')+1:]
		if f := strings.Fields(string(rest)); len(f) < 2 || f[1] != self {
			continue
		}
		status, err := os.Open(filepath.Join(filepath.Dir(stat), "status"))
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(status)
		for sc.Scan() {
			k, v, _ := strings.Cut(sc.Text(), ":")
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			switch k {
			case "VmRSS":
				m.rss += kb << 10
			case "VmHWM":
				m.peak = max(m.peak, kb<<10)
			}
		}
		status.Close()
	}
	return m
}

// BenchmarkWorkerStart starts a worker and renders a tiny graph: the cost
// of a recycled worker's replacement, wasm compilation (from wazero's disk
// cache after the first) included.
func BenchmarkWorkerStart(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		r, err := diagram.NewRenderer(diagram.RendererOptions{Workers: 1, Command: workerCommand})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.SVG(ctx, "", []byte("digraph { a }")); err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}

// BenchmarkRenderPicture renders the pictures of the export (title,
// legend) as SVG and as PNG, uncached: the PNG's cost over the SVG is
// drawing it (rasterize) and encoding it.
func BenchmarkRenderPicture(b *testing.B) {
	large := designtest.Generate(designtest.Base)
	tests := []struct {
		name string
		d    *design.Design
		v    diagram.View
	}{
		{"three-tier/full", example(b, "three-tier"), diagram.View{Kind: diagram.ViewFull}},
		{"medium/full", mediumDesign(), diagram.View{Kind: diagram.ViewFull}},
		{"large/overview", large, diagram.View{Kind: diagram.ViewOverview}},
		{"large/vpc", large, diagram.View{Kind: diagram.ViewVPC, VPC: "vpc7"}},
	}
	r := newRenderer(b, diagram.RendererOptions{Workers: 1, CacheBytes: -1})
	ctx := context.Background()
	if _, err := r.SVG(ctx, "", []byte("digraph {}")); err != nil {
		b.Fatal(err)
	}
	for _, tt := range tests {
		for _, f := range []diagram.Format{diagram.FormatSVG, diagram.FormatPNG} {
			b.Run(tt.name+"/"+string(f), func(b *testing.B) {
				dot := diagram.PictureDOT(tt.d, tt.v, f)
				var out []byte
				for b.Loop() {
					var err error
					if out, err = r.Render(ctx, "", dot, f); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(len(out)), "bytes")
			})
		}
	}
}
