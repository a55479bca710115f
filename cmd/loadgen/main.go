// Command loadgen drives a running vpcboard server and reports what it
// measured.
//
//	loadgen ops -url http://localhost:8080 -editors 20 -designs 5 -duration 20s
//
//	loadgen live -urls http://a:8080,http://b:8080 -viewers 500 -designs 50 -rate 20 -duration 20s
//
//	loadgen matrix -url http://localhost:8080 -clients 30 -pid PID
//
// ops: N concurrent editors, spread over M designs, each putting and
// deleting subnets of its own (so edits never conflict) as fast as the
// server answers. It reports committed ops per second and latency
// percentiles, then checks every design's revision log: versions 1..N with
// no gap or duplicate, exactly as many revisions as edits the editors saw
// committed, and replaying the log from the first version gives the
// current document. With -pid, the server's CPU time per committed op.
//
// live: N websocket viewers of the JSON event stream spread over M designs
// and R replicas (round robin), and edits at E per second through the
// replicas in turn; it reports edit-to-receipt latency percentiles (from
// sending the edit to a viewer receiving its version) and the versions
// lost, duplicated or out of order at any viewer; with -pids, the
// replicas' memory per idle connection. With -watchers W, W more viewers
// open one more design through the designer's socket (presence), and one
// of them sends -selects selections a second: it reports what the other
// watchers received and how the server ended the flooder's socket, while
// the edit-to-receipt figures show what the flood did to the other designs.
//
// matrix: N concurrent requests for the matrix of a generated design of
// 1,200 workloads (each retried after Retry-After when refused, until it
// gets the whole matrix), while another team ($VPCBOARD_TOKEN_B)
// GETs a small design of its own; it reports that team's latency alone
// and during the burst and, with -pid, the server's resident memory
// before, at its peak, and after.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vpcboard/vpcboard/internal/design"
)

func main() {
	if token == "" {
		fmt.Fprintln(os.Stderr, "loadgen: set VPCBOARD_TOKEN to an editor API token (server token create --email E --role editor)")
		os.Exit(2)
	}
	if len(os.Args) >= 2 && os.Args[1] == "live" {
		os.Exit(mainLive(os.Args[2:]))
	}
	if len(os.Args) >= 2 && os.Args[1] == "render" {
		os.Exit(mainRender(os.Args[2:]))
	}
	if len(os.Args) >= 2 && os.Args[1] == "matrix" {
		os.Exit(mainMatrix(os.Args[2:]))
	}
	if len(os.Args) < 2 || os.Args[1] != "ops" {
		fmt.Fprintln(os.Stderr, "usage: loadgen ops [-url URL] [-editors N] [-designs M] [-duration D] [-pid PID]")
		fmt.Fprintln(os.Stderr, "       loadgen live [-urls URL,URL] [-viewers N] [-designs M] [-rate E] [-duration D] [-pids PID,PID] [-watchers W -selects R]")
		fmt.Fprintln(os.Stderr, "       loadgen render [-url URL] [-slow N] [-subnets S] [-pages P]   (VPCBOARD_TOKEN_B: another team's)")
		fmt.Fprintln(os.Stderr, "       loadgen matrix [-url URL] [-clients N] [-scale F] [-idle D] [-pid PID]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet("loadgen ops", flag.ExitOnError)
	url := fs.String("url", "http://localhost:8080", "the server")
	editors := fs.Int("editors", 20, "concurrent editors")
	designs := fs.Int("designs", 5, "designs the editors share")
	duration := fs.Duration("duration", 20*time.Second, "how long to edit")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	pid := fs.String("pid", "", "the server's process ID, to report its CPU time per op")
	fs.Parse(os.Args[2:])
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := runOps(ctx, http.DefaultClient, *url, *editors, *designs, *duration, *pid)
	if err != nil {
		fmt.Fprintf(os.Stderr, "loadgen: %v\n", err)
		os.Exit(1)
	}
	if *asJSON {
		json.NewEncoder(os.Stdout).Encode(rep)
	} else {
		rep.print(os.Stdout)
	}
	if !rep.OK() {
		os.Exit(1)
	}
}

// report is what a run measured.
type report struct {
	Editors, Designs int
	Duration         time.Duration
	Committed        int     // edits answered 200
	Failed           int     // edits answered otherwise
	OpsPerSecond     float64 // committed per second
	P50, P90, P99    time.Duration
	Max              time.Duration
	// Lost, Duplicated and Gaps are found by the revision-log check; all
	// must be zero. ReplayMismatch counts designs whose log does not
	// replay to their current document.
	Lost, Duplicated, Gaps, ReplayMismatch int
	// ServerCPUPerOp is the server's CPU time (user and system) while the
	// editors edit, per committed op (with -pid): a figure that depends
	// less on what else the machine runs than times do.
	ServerCPUPerOp time.Duration `json:",omitempty"`
}

// OK reports whether nothing was lost, duplicated or refused.
func (r report) OK() bool {
	return r.Failed == 0 && r.Lost == 0 && r.Duplicated == 0 && r.Gaps == 0 && r.ReplayMismatch == 0
}

func (r report) print(w io.Writer) {
	fmt.Fprintf(w, "%d editors on %d designs for %s\n", r.Editors, r.Designs, r.Duration)
	fmt.Fprintf(w, "committed %d ops (%.0f ops/s), failed %d\n", r.Committed, r.OpsPerSecond, r.Failed)
	fmt.Fprintf(w, "latency p50 %s  p90 %s  p99 %s  max %s\n", r.P50, r.P90, r.P99, r.Max)
	fmt.Fprintf(w, "revision log: lost %d, duplicated %d, gaps %d, replay mismatches %d\n", r.Lost, r.Duplicated, r.Gaps, r.ReplayMismatch)
	if r.ServerCPUPerOp > 0 {
		fmt.Fprintf(w, "server CPU per committed op: %s\n", r.ServerCPUPerOp)
	}
}

// cpuTime returns a process's CPU time so far (user and system, from
// /proc/PID/stat, in clock ticks of 10 ms), 0 without a pid.
func cpuTime(pid string) time.Duration {
	data, err := os.ReadFile("/proc/" + pid + "/stat")
	if pid == "" || err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: count fields
	// after its closing parenthesis (utime and stime are the 14th and
	// 15th fields of the line).
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond
}

type api struct {
	c     *http.Client
	base  string
	token string // the API token of the requests
}

// token is the API token every request sends: $VPCBOARD_TOKEN, an editor
// token of the team the load goes to (`server token create --email E
// --role editor`).
var token = os.Getenv("VPCBOARD_TOKEN")

func authHeader() http.Header { return http.Header{"Authorization": {"Bearer " + token}} }

func (a api) do(ctx context.Context, method, path string, body any, out any) (int, error) {
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			return 0, err
		}
	}
	var res *http.Response
	for tries := 0; ; tries++ {
		req, err := http.NewRequestWithContext(ctx, method, a.base+path, bytes.NewReader(b))
		if err != nil {
			return 0, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+a.token)
		if res, err = a.c.Do(req); err != nil {
			return 0, err
		}
		// Making designs is rate-limited per account: wait and retry.
		if res.StatusCode != http.StatusTooManyRequests || tries == 60 {
			break
		}
		res.Body.Close()
		time.Sleep(time.Second)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, err
	}
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(data, out); err != nil {
			return res.StatusCode, err
		}
	}
	return res.StatusCode, nil
}

// seed is each design's first version: one VPC.
func seed(i int) *design.Design {
	d := design.New(fmt.Sprintf("loadgen %d", i))
	d.Region = "us-east-1"
	v := &design.VPC{CIDR: "10.0.0.0/8"}
	v.ID = "vpc"
	design.Apply(d, design.NewVPCOps(v)...)
	return d
}

func runOps(ctx context.Context, c *http.Client, base string, editors, designs int, duration time.Duration, pid string) (report, error) {
	a := api{c: c, base: base, token: token}
	if designs < 1 || editors < 1 {
		return report{}, fmt.Errorf("need at least one editor and one design")
	}
	ids := make([]string, designs)
	for i := range ids {
		var res struct {
			ID string `json:"id"`
		}
		if code, err := a.do(ctx, "POST", "/api/v1/designs", seed(i), &res); err != nil || code != 201 {
			return report{}, fmt.Errorf("create design: %d %v", code, err)
		}
		ids[i] = res.ID
	}
	var mu sync.Mutex
	var lat []time.Duration
	committed := make([]int, designs)
	failed := 0
	deadline := time.Now().Add(duration)
	cpu0 := cpuTime(pid)
	var wg sync.WaitGroup
	for e := range editors {
		wg.Go(func() {
			dsg := e % designs
			path := "/api/v1/designs/" + ids[dsg] + "/ops"
			baseVersion := int64(1)
			var mine []string
			for n := 0; time.Now().Before(deadline) && ctx.Err() == nil; n++ {
				var op design.Op
				if len(mine) >= 8 {
					op = design.Op{Op: design.OpDelete, Kind: design.KindSubnet, ID: mine[0]}
					mine = mine[1:]
				} else {
					s := &design.Subnet{VPC: "vpc", AZ: "us-east-1a", CIDR: fmt.Sprintf("10.%d.%d.%d/28", e, n/16%256, n%16*16)}
					s.ID = fmt.Sprintf("e%d-s%d", e, n)
					op = design.Put(s)
					mine = append(mine, s.ID)
				}
				body := map[string]any{"base_version": baseVersion, "ops": []design.Op{op}}
				var res struct {
					Version int64 `json:"version"`
				}
				t0 := time.Now()
				code, err := a.do(ctx, "POST", path, body, &res)
				d := time.Since(t0)
				mu.Lock()
				if err == nil && code == 200 {
					lat = append(lat, d)
					committed[dsg]++
					baseVersion = res.Version
				} else if ctx.Err() == nil {
					failed++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	rep := report{Editors: editors, Designs: designs, Duration: duration, Failed: failed}
	for _, n := range committed {
		rep.Committed += n
	}
	if pid != "" && rep.Committed > 0 {
		rep.ServerCPUPerOp = (cpuTime(pid) - cpu0) / time.Duration(rep.Committed)
	}
	rep.OpsPerSecond = float64(rep.Committed) / duration.Seconds()
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	rep.P50, rep.P90, rep.P99 = pct(0.50), pct(0.90), pct(0.99)
	if len(lat) > 0 {
		rep.Max = lat[len(lat)-1]
	}
	for i, id := range ids {
		if err := checkLog(context.Background(), a, id, seed(i), committed[i], &rep); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// checkLog reads a design's revisions and its current document and checks
// them against what the editors saw committed.
func checkLog(ctx context.Context, a api, id string, first *design.Design, committed int, rep *report) error {
	var list struct {
		Revisions []struct {
			Version int64 `json:"version"`
		} `json:"revisions"`
	}
	if code, err := a.do(ctx, "GET", "/api/v1/designs/"+id+"/revisions", nil, &list); err != nil || code != 200 {
		return fmt.Errorf("revisions of %s: %d %v", id, code, err)
	}
	seen := map[int64]bool{}
	for i, r := range list.Revisions {
		if seen[r.Version] {
			rep.Duplicated++
		}
		seen[r.Version] = true
		if r.Version != int64(i+1) {
			rep.Gaps++
		}
	}
	if n := len(list.Revisions) - 1; n < committed {
		rep.Lost += committed - n
	} else if n > committed {
		rep.Duplicated += n - committed
	}
	d := first
	for v := int64(2); v <= int64(len(list.Revisions)); v++ {
		var rev struct {
			Ops []design.Op `json:"ops"`
		}
		if code, err := a.do(ctx, "GET", fmt.Sprintf("/api/v1/designs/%s/revisions/%d", id, v), nil, &rev); err != nil || code != 200 {
			return fmt.Errorf("revision %d of %s: %d %v", v, id, code, err)
		}
		if err := design.Apply(d, rev.Ops...); err != nil {
			rep.ReplayMismatch++
			return nil
		}
	}
	req, _ := http.NewRequestWithContext(ctx, "GET", a.base+"/api/v1/designs/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := a.c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	cur, err := design.Decode(res.Body)
	if err != nil {
		return fmt.Errorf("design %s: %w", id, err)
	}
	want, _ := design.Marshal(d)
	got, _ := design.Marshal(cur)
	if !bytes.Equal(want, got) {
		rep.ReplayMismatch++
	}
	return nil
}
