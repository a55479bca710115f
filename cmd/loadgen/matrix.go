package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vpcboard/vpcboard/internal/design/designtest"
)

// matrixReport is what a matrix run measured.
type matrixReport struct {
	Workloads, Clients int
	MatrixBytes        int64         // one matrix's response
	Served             int           // matrices received whole
	Refused429         int           // answers 429, retried after Retry-After
	Refused503         int           // answers 503, likewise
	Failed             int           // other answers or broken bodies
	Burst              time.Duration // from the first request to the last matrix received
	// The other team's GETs of its own design, alone (Idle: before the
	// burst and after it) and during the burst (Busy).
	IdleP50, IdleP99, BusyP50, BusyP99 time.Duration
	BusyGets                           int
	// The server's memory (with -pid): resident before the burst, its
	// peak during it (sampled every 20 ms), at least 10 s after it, and
	// the process's high-water mark (VmHWM) at the end.
	RSSBefore, RSSPeak, RSSAfter, HWM int64
}

// OK reports whether every client got its matrix.
func (r matrixReport) OK() bool { return r.Failed == 0 && r.Served == r.Clients }

func mainMatrix(args []string) int {
	fs := flag.NewFlagSet("loadgen matrix", flag.ExitOnError)
	url := fs.String("url", "http://localhost:8080", "the server")
	clients := fs.Int("clients", 30, "concurrent matrix requests")
	scale := fs.Float64("scale", 0.6, "size of the generated design: designtest.Base.Scale(f); 0.6 is 1,200 workloads")
	idle := fs.Duration("idle", 10*time.Second, "how long to measure the other team alone, before the burst and again after it")
	pid := fs.String("pid", "", "the server's process ID, to report its memory")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	fs.Parse(args)
	other := os.Getenv("VPCBOARD_TOKEN_B")
	if other == "" {
		fmt.Fprintln(os.Stderr, "loadgen matrix: set VPCBOARD_TOKEN_B to an editor token of another team (its GETs are the ones measured)")
		return 2
	}
	rep, err := runMatrix(context.Background(), *url, other, *clients, designtest.Base.Scale(*scale), *idle, *pid)
	if err != nil {
		fmt.Fprintf(os.Stderr, "loadgen matrix: %v\n", err)
		return 1
	}
	if *asJSON {
		json.NewEncoder(os.Stdout).Encode(rep)
	} else {
		mib := func(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
		fmt.Printf("%d concurrent matrix requests on a design of %d workloads (%s a matrix)\n", rep.Clients, rep.Workloads, mib(rep.MatrixBytes))
		fmt.Printf("served %d in %s; refused %d with 429 and %d with 503 (retried); failed %d\n", rep.Served, rep.Burst.Round(time.Millisecond), rep.Refused429, rep.Refused503, rep.Failed)
		fmt.Printf("another team's GET: idle p50 %s p99 %s; during the burst p50 %s p99 %s (%d requests, p99 %.1fx idle)\n",
			rep.IdleP50, rep.IdleP99, rep.BusyP50, rep.BusyP99, rep.BusyGets, float64(rep.BusyP99)/float64(max(rep.IdleP99, 1)))
		if *pid != "" {
			fmt.Printf("server RSS: before %s, peak %s, after %s; VmHWM %s\n", mib(rep.RSSBefore), mib(rep.RSSPeak), mib(rep.RSSAfter), mib(rep.HWM))
		}
	}
	if !rep.OK() {
		return 1
	}
	return 0
}

func runMatrix(ctx context.Context, base, otherToken string, clients int, size designtest.Size, idle time.Duration, pid string) (matrixReport, error) {
	rep := matrixReport{Clients: clients}
	d := designtest.Generate(size)
	for _, w := range d.Workloads {
		if len(w.Interfaces) > 0 {
			rep.Workloads++
		}
	}
	mine := api{c: http.DefaultClient, base: base, token: token}
	var res struct {
		ID string `json:"id"`
	}
	if code, err := mine.do(ctx, "POST", "/api/v1/designs", d, &res); err != nil || code != 201 {
		return rep, fmt.Errorf("create the design: %d %v", code, err)
	}
	matrixPath := "/api/v1/designs/" + res.ID + "/matrix"
	// The other team's small design, and its GETs.
	theirs := api{c: http.DefaultClient, base: base, token: otherToken}
	var small struct {
		ID string `json:"id"`
	}
	if code, err := theirs.do(ctx, "POST", "/api/v1/designs", seed(0), &small); err != nil || code != 201 {
		return rep, fmt.Errorf("create the other team's design: %d %v", code, err)
	}
	gets := func(stop <-chan struct{}, until time.Time) []time.Duration {
		var lat []time.Duration
		for {
			select {
			case <-stop:
				return lat
			default:
			}
			if !until.IsZero() && time.Now().After(until) {
				return lat
			}
			t0 := time.Now()
			if code, err := theirs.get(ctx, "/api/v1/designs/"+small.ID); err == nil && code == 200 {
				lat = append(lat, time.Since(t0))
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	idleLat := gets(nil, time.Now().Add(idle))

	if pid != "" {
		rep.RSSBefore = rss(pid)
	}
	stop := make(chan struct{})
	var peak atomic.Int64
	var sampler sync.WaitGroup
	if pid != "" {
		sampler.Go(func() {
			t := time.NewTicker(20 * time.Millisecond)
			defer t.Stop()
			for {
				peak.Store(max(peak.Load(), rss(pid)))
				select {
				case <-stop:
					return
				case <-t.C:
				}
			}
		})
	}
	var busyLat []time.Duration
	var prober sync.WaitGroup
	prober.Go(func() { busyLat = gets(stop, time.Time{}) })
	var mu sync.Mutex
	var wg sync.WaitGroup
	t0 := time.Now()
	for range clients {
		wg.Go(func() {
			for tries := 0; tries < 600; tries++ {
				code, n, wait, err := mine.stream(ctx, matrixPath)
				mu.Lock()
				switch {
				case err == nil && code == 200:
					rep.Served++
					rep.MatrixBytes = n
				case code == 429:
					rep.Refused429++
				case code == 503:
					rep.Refused503++
				default:
					rep.Failed++
				}
				mu.Unlock()
				if code != 429 && code != 503 {
					return
				}
				time.Sleep(wait)
			}
		})
	}
	wg.Wait()
	rep.Burst = time.Since(t0)
	close(stop)
	prober.Wait()
	sampler.Wait()
	rep.BusyGets = len(busyLat)
	rep.BusyP50, rep.BusyP99 = percentile(busyLat, 0.5), percentile(busyLat, 0.99)
	rep.RSSPeak = peak.Load()
	// Alone again, as long as before: the idle figures pool both windows,
	// so that the machine's own changes weigh on them as on the burst's.
	idleLat = append(idleLat, gets(nil, time.Now().Add(max(idle, 10*time.Second)))...)
	rep.IdleP50, rep.IdleP99 = percentile(idleLat, 0.5), percentile(idleLat, 0.99)
	if pid != "" {
		rep.RSSAfter, rep.HWM = rss(pid), procStatus(pid, "VmHWM")
	}
	return rep, nil
}

// stream GETs path and reads the body to its end, returning the status,
// the body's size, and on 429 or 503 how long Retry-After says to wait.
func (a api) stream(ctx context.Context, path string) (int, int64, time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", a.base+path, nil)
	if err != nil {
		return 0, 0, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := a.c.Do(req)
	if err != nil {
		return 0, 0, 0, err
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	wait := time.Second
	if s, perr := strconv.Atoi(res.Header.Get("Retry-After")); perr == nil {
		wait = time.Duration(s) * time.Second
	}
	return res.StatusCode, n, wait, err
}

// get GETs path once (no retry: its latency is what is measured) and
// reads the answer.
func (a api) get(ctx context.Context, path string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", a.base+path, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	res, err := a.c.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	return res.StatusCode, err
}

// percentile returns the p-th percentile of lat (which it sorts).
func percentile(lat []time.Duration, p float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	slices.Sort(lat)
	return lat[min(len(lat)-1, int(p*float64(len(lat))))]
}
