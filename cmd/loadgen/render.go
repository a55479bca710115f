package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
)

// render: one team (VPCBOARD_TOKEN's) keeps N slow renders going: the
// per-VPC views of D designs of one VPC of S subnets of W workloads, each
// design drawn once (then changed, if the run outlasts them) so that the
// cache cannot answer; another team (VPCBOARD_TOKEN_B's) opens its
// designer page P times after a change of its small design, first alone,
// then during the slow renders. It reports the second team's page times,
// idle and loaded, and their ratio.
func mainRender(args []string) int {
	fs := flag.NewFlagSet("loadgen render", flag.ExitOnError)
	base := fs.String("url", "http://localhost:8080", "the server")
	slow := fs.Int("slow", 6, "slow renders the first team keeps going")
	subnets := fs.Int("subnets", 200, "subnets of each slow design's VPC, at most 256")
	workloads := fs.Int("workloads", 4, "workloads in each subnet of a slow design")
	pages := fs.Int("pages", 10, "page loads of the second team, idle and loaded each")
	designs := fs.Int("designs", 60, "designs of the first team (each a new diagram once)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	fs.Parse(args)
	tokenB := os.Getenv("VPCBOARD_TOKEN_B")
	if tokenB == "" {
		fmt.Fprintln(os.Stderr, "loadgen render: set VPCBOARD_TOKEN_B to an editor API token of another team than VPCBOARD_TOKEN's")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	c := &http.Client{Timeout: 2 * time.Minute}
	a := api{c: c, base: strings.TrimRight(*base, "/"), token: token}
	b := api{c: c, base: a.base, token: tokenB}
	if *subnets < 1 || *subnets > 256 || *workloads < 1 || *slow < 1 || *pages < 1 || *designs < *slow {
		fmt.Fprintln(os.Stderr, "loadgen render: want 1 to 256 subnets, at least one workload, slow render and page, and as many designs as slow renders")
		return 2
	}
	rep, err := runRender(ctx, a, b, *slow, *designs, *subnets, *workloads, *pages)
	if err != nil {
		fmt.Fprintf(os.Stderr, "loadgen: %v\n", err)
		return 1
	}
	if *asJSON {
		json.NewEncoder(os.Stdout).Encode(rep)
	} else {
		rep.print(os.Stdout)
	}
	return 0
}

// renderReport is what a render run measured.
type renderReport struct {
	Slow, Subnets, Workloads, Pages int
	// IdleP50 and IdleMax are the second team's page times alone,
	// LoadedP50 and LoadedMax during the first team's slow renders.
	IdleP50, IdleMax, LoadedP50, LoadedMax time.Duration
	// SlowRenders are the first team's diagrams drawn while loaded, of
	// SlowP50 each; SlowLimited were refused with 429.
	SlowRenders, SlowLimited int
	SlowP50                  time.Duration
	SlowChanged              int     // renders of designs drawn before, changed first
	SlowPerSecond            float64 // the first team's diagrams drawn a second while loaded
	PagesLimited             int     // the second team's pages refused with 429
}

func (r renderReport) print(w io.Writer) {
	fmt.Fprintf(w, "team A: %d slow renders at a time (1 VPC, %d subnets of %d workloads): %d drawn (%.1f/s; %d of changed designs), p50 %s, %d refused (429)\n",
		r.Slow, r.Subnets, r.Workloads, r.SlowRenders, r.SlowPerSecond, r.SlowChanged, r.SlowP50.Round(time.Millisecond), r.SlowLimited)
	fmt.Fprintf(w, "team B: %d page loads each: idle p50 %s max %s; loaded p50 %s max %s; %d refused (429)\n",
		r.Pages, r.IdleP50.Round(time.Millisecond), r.IdleMax.Round(time.Millisecond),
		r.LoadedP50.Round(time.Millisecond), r.LoadedMax.Round(time.Millisecond), r.PagesLimited)
	fmt.Fprintf(w, "loaded/idle: p50 %.1fx, max %.1fx\n",
		float64(r.LoadedP50)/float64(r.IdleP50), float64(r.LoadedMax)/float64(r.IdleMax))
}

// editable is a design the load changes before each request: the VPC
// whose Name tag it sets, and the version it last saw.
type editable struct {
	id      string
	vpc     *design.VPC
	version int64
	edits   int
}

// create stores d through the API and returns it ready to be edited.
// name names its VPC: designs otherwise equal draw distinct diagrams.
func create(ctx context.Context, a api, d *design.Design, name string) (*editable, error) {
	vpc := *d.VPCs[design.SortedIDs(d.VPCs)[0]]
	vpc.Tags = map[string]string{"Name": name}
	d.VPCs[vpc.ID] = &vpc
	var res struct {
		ID      string `json:"id"`
		Version int64  `json:"version"`
	}
	if code, err := a.do(ctx, "POST", "/api/v1/designs", d, &res); err != nil || code != http.StatusCreated {
		return nil, fmt.Errorf("create design: %d %v", code, err)
	}
	return &editable{id: res.ID, vpc: &vpc, version: res.Version}, nil
}

// change renames the design's VPC: its diagram is another DOT.
func (e *editable) change(ctx context.Context, a api) error {
	e.edits++
	e.vpc.Tags["Name"] = fmt.Sprintf("edit %d", e.edits)
	body := map[string]any{"base_version": e.version, "ops": []design.Op{design.Put(e.vpc)}}
	var res struct {
		Version int64 `json:"version"`
	}
	if code, err := a.do(ctx, "POST", "/api/v1/designs/"+e.id+"/ops", body, &res); err != nil || code != http.StatusOK {
		return fmt.Errorf("change design %s: %d %v", e.id, code, err)
	}
	e.version = res.Version
	return nil
}

// timedGet gets path and returns its status and how long it took.
func timedGet(ctx context.Context, a api, path string) (int, time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+path, nil)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	start := time.Now()
	res, err := a.c.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return res.StatusCode, 0, err
	}
	return res.StatusCode, time.Since(start), nil
}

func runRender(ctx context.Context, a, b api, slow, designs, subnets, workloads, pages int) (renderReport, error) {
	rep := renderReport{Slow: slow, Subnets: subnets, Workloads: workloads, Pages: pages}
	small := designtest.Size{VPCs: 1, SubnetsPerVPC: 4, WorkloadsPer: 1, GroupsPerVPC: 1, RulesPerGroup: 2}
	mine, err := create(ctx, b, designtest.Generate(small), "b")
	if err != nil {
		return rep, err
	}
	big := designtest.Size{VPCs: 1, SubnetsPerVPC: subnets, WorkloadsPer: workloads, GroupsPerVPC: 2, RulesPerGroup: 5, TablesPerVPC: 2, RoutesPerTable: 5}
	theirs := make([]*editable, designs)
	for i := range theirs {
		if theirs[i], err = create(ctx, a, designtest.Generate(big), fmt.Sprint("a", i)); err != nil {
			return rep, err
		}
	}
	// pageTimes opens the second team's page n times, each after a change.
	pageTimes := func(n int) ([]time.Duration, error) {
		var times []time.Duration
		for range n {
			if err := mine.change(ctx, b); err != nil {
				return nil, err
			}
			code, d, err := timedGet(ctx, b, "/designs/"+mine.id)
			switch {
			case err != nil:
				return nil, err
			case code == http.StatusTooManyRequests:
				rep.PagesLimited++
			case code != http.StatusOK:
				return nil, fmt.Errorf("GET the designer page: %d", code)
			default:
				times = append(times, d)
			}
			time.Sleep(300 * time.Millisecond) // within the default limit of 5 a second
		}
		slices.Sort(times)
		return times, nil
	}
	idle, err := pageTimes(pages)
	if err != nil {
		return rep, err
	}

	loadCtx, stopLoad := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var slowTimes []time.Duration
	var loadErr error
	started := make(chan struct{}, slow)
	for g := range slow {
		wg.Go(func() {
			for n := 0; loadCtx.Err() == nil; n++ {
				i := g + n*slow
				e := theirs[i%len(theirs)]
				var err error
				if i >= len(theirs) {
					err = e.change(loadCtx, a)
					mu.Lock()
					rep.SlowChanged++
					mu.Unlock()
				}
				view := "/designs/" + e.id + "/diagram?view=" + url.QueryEscape("vpc:"+e.vpc.ID)
				var code int
				var d time.Duration
				if err == nil {
					if n == 0 {
						started <- struct{}{}
					}
					code, d, err = timedGet(loadCtx, a, view)
				}
				mu.Lock()
				switch {
				case loadCtx.Err() != nil:
				case err != nil:
					loadErr = err
				case code == http.StatusTooManyRequests:
					rep.SlowLimited++
				case code == http.StatusOK:
					slowTimes = append(slowTimes, d)
				default:
					loadErr = fmt.Errorf("GET %s: %d", view, code)
				}
				mu.Unlock()
				if code == http.StatusTooManyRequests {
					time.Sleep(time.Second)
				}
			}
		})
	}
	for range slow {
		<-started
	}
	time.Sleep(time.Second) // the slow renders are queued
	start := time.Now()
	loaded, err := pageTimes(pages)
	elapsed := time.Since(start)
	stopLoad()
	wg.Wait()
	if err != nil {
		return rep, err
	}
	if loadErr != nil {
		return rep, loadErr
	}
	if len(idle) == 0 || len(loaded) == 0 {
		return rep, fmt.Errorf("every page load was refused (429)")
	}
	slices.Sort(slowTimes)
	rep.IdleP50, rep.IdleMax = idle[len(idle)/2], idle[len(idle)-1]
	rep.LoadedP50, rep.LoadedMax = loaded[len(loaded)/2], loaded[len(loaded)-1]
	rep.SlowRenders = len(slowTimes)
	rep.SlowPerSecond = float64(len(slowTimes)) / elapsed.Seconds()
	if len(slowTimes) > 0 {
		rep.SlowP50 = slowTimes[len(slowTimes)/2]
	}
	return rep, nil
}
