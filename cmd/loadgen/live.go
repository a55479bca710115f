package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/vpcboard/vpcboard/internal/design"
)

// liveReport is what a live run measured.
type liveReport struct {
	Viewers, Designs, Replicas   int
	Rate                         float64
	Duration                     time.Duration
	Edits                        int // committed
	Receipts                     int // version messages received
	P50, P90, P99, Max           time.Duration
	Lost, Duplicated, OutOfOrder int
	IdleBytesPerConn             map[string]int64 `json:",omitempty"` // by pid: RSS growth per idle connection
}

func mainLive(args []string) int {
	fs := flag.NewFlagSet("loadgen live", flag.ExitOnError)
	urls := fs.String("urls", "http://localhost:8080", "the replicas, comma-separated")
	viewers := fs.Int("viewers", 500, "websocket viewers")
	designs := fs.Int("designs", 50, "designs")
	rate := fs.Float64("rate", 20, "edits per second, over all designs")
	duration := fs.Duration("duration", 20*time.Second, "how long to edit")
	pids := fs.String("pids", "", "the replicas' process IDs, comma-separated, to measure memory per idle connection")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	fs.Parse(args)
	rep, err := runLive(context.Background(), strings.Split(*urls, ","), *viewers, *designs, *rate, *duration, splitPids(*pids))
	if err != nil {
		fmt.Fprintf(os.Stderr, "loadgen live: %v\n", err)
		return 1
	}
	if *asJSON {
		json.NewEncoder(os.Stdout).Encode(rep)
	} else {
		fmt.Printf("%d viewers on %d designs over %d replicas, %.0f edits/s for %s\n", rep.Viewers, rep.Designs, rep.Replicas, rep.Rate, rep.Duration)
		fmt.Printf("committed %d edits, %d receipts\n", rep.Edits, rep.Receipts)
		fmt.Printf("edit-to-receipt p50 %s  p90 %s  p99 %s  max %s\n", rep.P50, rep.P90, rep.P99, rep.Max)
		fmt.Printf("lost %d, duplicated %d, out of order %d\n", rep.Lost, rep.Duplicated, rep.OutOfOrder)
		for pid, b := range rep.IdleBytesPerConn {
			fmt.Printf("replica pid %s: %d bytes of RSS per idle connection\n", pid, b)
		}
	}
	if rep.Lost+rep.Duplicated+rep.OutOfOrder > 0 {
		return 1
	}
	return 0
}

func splitPids(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// rss returns a process's resident memory in bytes.
func rss(pid string) int64 { return procStatus(pid, "VmRSS") }

// procStatus returns a memory figure of /proc/PID/status (VmRSS, VmHWM) in
// bytes, 0 if there is none.
func procStatus(pid, field string) int64 {
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			f := strings.Fields(v)
			n, _ := strconv.ParseInt(f[0], 10, 64)
			return n * 1024
		}
	}
	return 0
}

type liveViewer struct {
	design int
	conn   *websocket.Conn
	mu     sync.Mutex
	got    []int64
	at     []time.Time
}

func runLive(ctx context.Context, urls []string, viewers, designs int, rate float64, duration time.Duration, pids []string) (liveReport, error) {
	rep := liveReport{Viewers: viewers, Designs: designs, Replicas: len(urls), Rate: rate, Duration: duration}
	apis := make([]api, len(urls))
	for i, u := range urls {
		apis[i] = api{c: &http.Client{Timeout: 10 * time.Second}, base: strings.TrimRight(u, "/")}
	}
	ids := make([]string, designs)
	for i := range ids {
		var res struct {
			ID string `json:"id"`
		}
		if code, err := apis[i%len(apis)].do(ctx, "POST", "/api/v1/designs", seed(i), &res); err != nil || code != 201 {
			return rep, fmt.Errorf("create design: %d %v", code, err)
		}
		ids[i] = res.ID
	}
	before := map[string]int64{}
	for _, p := range pids {
		before[p] = rss(p)
	}
	vs := make([]*liveViewer, viewers)
	for i := range vs {
		d := i % designs
		base := apis[i%len(apis)].base
		url := "ws" + strings.TrimPrefix(base, "http") + "/api/v1/designs/" + ids[d] + "/live?since=1"
		conn, _, err := websocket.DefaultDialer.Dial(url, authHeader())
		if err != nil {
			return rep, fmt.Errorf("viewer %d: %w", i, err)
		}
		v := &liveViewer{design: d, conn: conn}
		vs[i] = v
		go func() {
			for {
				_, data, err := conn.ReadMessage()
				if err != nil {
					return
				}
				t := time.Now()
				var m struct {
					Type    string `json:"type"`
					Version int64  `json:"version"`
				}
				if json.Unmarshal(data, &m) == nil && m.Type == "version" {
					v.mu.Lock()
					v.got = append(v.got, m.Version)
					v.at = append(v.at, t)
					v.mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(2 * time.Second) // the rooms LISTEN; the connections settle
	if len(pids) > 0 {
		rep.IdleBytesPerConn = map[string]int64{}
		for _, p := range pids {
			per := viewers / len(urls)
			rep.IdleBytesPerConn[p] = (rss(p) - before[p]) / int64(max(1, per))
		}
	}
	// Editors: at the rate, through the replicas in turn, designs in turn.
	sent := make([]map[int64]time.Time, designs)
	versions := make([]int64, designs)
	for i := range sent {
		sent[i] = map[int64]time.Time{}
		versions[i] = 1
	}
	interval := time.Duration(float64(time.Second) / rate)
	deadline := time.Now().Add(duration)
	var wg sync.WaitGroup
	var mu sync.Mutex
	busy := make([]bool, designs)
	tick := time.NewTicker(interval)
	for n := 0; time.Now().Before(deadline); n++ {
		<-tick.C
		d := n % designs
		mu.Lock()
		if busy[d] {
			mu.Unlock()
			continue
		}
		busy[d] = true
		base := versions[d]
		mu.Unlock()
		wg.Go(func() {
			defer func() { mu.Lock(); busy[d] = false; mu.Unlock() }()
			s := &design.Subnet{VPC: "vpc", AZ: "us-east-1a", CIDR: fmt.Sprintf("10.%d.%d.0/24", n/256%256, n%256)}
			s.ID = fmt.Sprintf("l%d", n)
			body := map[string]any{"base_version": base, "ops": []design.Op{design.Put(s)}}
			var res struct {
				Version int64 `json:"version"`
			}
			t0 := time.Now()
			code, err := apis[n%len(apis)].do(ctx, "POST", "/api/v1/designs/"+ids[d]+"/ops", body, &res)
			if err != nil || code != 200 {
				return
			}
			mu.Lock()
			sent[d][res.Version] = t0
			versions[d] = max(versions[d], res.Version)
			rep.Edits++
			mu.Unlock()
		})
	}
	tick.Stop()
	wg.Wait()
	time.Sleep(2 * time.Second) // the last versions arrive
	var lat []time.Duration
	for _, v := range vs {
		v.conn.Close()
		v.mu.Lock()
		seen := map[int64]bool{}
		last := int64(1)
		for i, ver := range v.got {
			rep.Receipts++
			switch {
			case seen[ver]:
				rep.Duplicated++
			case ver < last:
				rep.OutOfOrder++
			}
			seen[ver] = true
			last = max(last, ver)
			if t0, ok := sent[v.design][ver]; ok {
				lat = append(lat, v.at[i].Sub(t0))
			}
		}
		for ver := int64(2); ver <= versions[v.design]; ver++ {
			if !seen[ver] {
				rep.Lost++
			}
		}
		v.mu.Unlock()
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	rep.P50, rep.P90, rep.P99 = pct(.5), pct(.9), pct(.99)
	if len(lat) > 0 {
		rep.Max = lat[len(lat)-1]
	}
	return rep, nil
}
