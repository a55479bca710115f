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
	Flood                        *floodReport     `json:",omitempty"`
}

// floodReport is what a presence flood measured: one viewer of a design
// sends selections as fast as asked while others watch the design.
type floodReport struct {
	Watchers int
	Rate     float64 // selections a second the flooder tried to send
	Sent     int     // selections written before the server closed the socket or the run ended
	Closed   string  `json:",omitempty"` // how the server ended the flooder's socket
	Messages int     // presence messages the other watchers received during the flood, all together
	Bytes    int64   // and their size
}

func mainLive(args []string) int {
	fs := flag.NewFlagSet("loadgen live", flag.ExitOnError)
	urls := fs.String("urls", "http://localhost:8080", "the replicas, comma-separated")
	viewers := fs.Int("viewers", 500, "websocket viewers")
	designs := fs.Int("designs", 50, "designs")
	rate := fs.Float64("rate", 20, "edits per second, over all designs")
	duration := fs.Duration("duration", 20*time.Second, "how long to edit")
	pids := fs.String("pids", "", "the replicas' process IDs, comma-separated, to measure memory per idle connection")
	watchers := fs.Int("watchers", 0, "presence viewers (the designer's socket) of one more design, one of which floods it with selections")
	selects := fs.Float64("selects", 200, "selections a second the flooder sends, with -watchers")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	fs.Parse(args)
	rep, err := runLive(context.Background(), strings.Split(*urls, ","), *viewers, *designs, *rate, *duration, splitPids(*pids), *watchers, *selects)
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
		if f := rep.Flood; f != nil {
			fmt.Printf("presence flood: %d selections sent (at %.0f/s) to %d watchers; flooder closed: %q\n", f.Sent, f.Rate, f.Watchers, f.Closed)
			fmt.Printf("the other watchers received %d presence messages, %d bytes\n", f.Messages, f.Bytes)
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

func runLive(ctx context.Context, urls []string, viewers, designs int, rate float64, duration time.Duration, pids []string, watchers int, selects float64) (liveReport, error) {
	rep := liveReport{Viewers: viewers, Designs: designs, Replicas: len(urls), Rate: rate, Duration: duration}
	apis := make([]api, len(urls))
	for i, u := range urls {
		apis[i] = api{c: &http.Client{Timeout: 10 * time.Second}, base: strings.TrimRight(u, "/"), token: token}
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
	var flood *flooding
	if watchers > 0 {
		var err error
		if flood, err = startFlood(ctx, apis, watchers, selects); err != nil {
			return rep, err
		}
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
	if flood != nil {
		go flood.run(deadline)
	}
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
	if flood != nil {
		rep.Flood = flood.report()
	}
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

// flooding is a presence flood under way: watchers of one design, the
// first of which sends selections.
type flooding struct {
	rate     float64
	flooder  *websocket.Conn
	watchers []*websocket.Conn
	mu       sync.Mutex
	rep      floodReport
}

// startFlood opens a design's designer socket for n watchers, over the
// replicas in turn, and counts what all but the first receive.
func startFlood(ctx context.Context, apis []api, n int, rate float64) (*flooding, error) {
	var res struct {
		ID string `json:"id"`
	}
	if code, err := apis[0].do(ctx, "POST", "/api/v1/designs", seed(-1), &res); err != nil || code != 201 {
		return nil, fmt.Errorf("create the flooded design: %d %v", code, err)
	}
	f := &flooding{rate: rate, rep: floodReport{Watchers: n, Rate: rate}}
	for i := range n {
		url := "ws" + strings.TrimPrefix(apis[i%len(apis)].base, "http") + "/designs/" + res.ID + "/ws"
		conn, _, err := websocket.DefaultDialer.Dial(url, authHeader())
		if err != nil {
			return nil, fmt.Errorf("watcher %d: %w", i, err)
		}
		f.watchers = append(f.watchers, conn)
		if i == 0 {
			f.flooder = conn
			go func() { // read, to see the close
				for {
					if _, _, err := conn.ReadMessage(); err != nil {
						f.mu.Lock()
						if ce, ok := err.(*websocket.CloseError); ok {
							f.rep.Closed = ce.Error()
						}
						f.mu.Unlock()
						return
					}
				}
			}()
			continue
		}
		go func() {
			for {
				_, data, err := conn.ReadMessage()
				if err != nil {
					return
				}
				f.mu.Lock()
				f.rep.Messages++
				f.rep.Bytes += int64(len(data))
				f.mu.Unlock()
			}
		}()
	}
	return f, nil
}

// run sends selections at the rate until deadline or until the server
// closes the socket.
func (f *flooding) run(deadline time.Time) {
	tick := time.NewTicker(time.Duration(float64(time.Second) / f.rate))
	defer tick.Stop()
	f.mu.Lock()
	f.rep.Messages, f.rep.Bytes = 0, 0 // the flood's, not the joins'
	f.mu.Unlock()
	for i := 0; time.Now().Before(deadline); i++ {
		<-tick.C
		msg := fmt.Sprintf(`{"type":"select","selected":"r%d"}`, i)
		if f.flooder.WriteMessage(websocket.TextMessage, []byte(msg)) != nil {
			return
		}
		f.mu.Lock()
		f.rep.Sent++
		f.mu.Unlock()
	}
}

// report closes the watchers and says what they received.
func (f *flooding) report() *floodReport {
	for _, c := range f.watchers {
		c.Close()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.rep
	return &r
}
