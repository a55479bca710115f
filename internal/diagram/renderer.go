package diagram

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vpcboard/vpcboard/internal/diagram/internal/wire"
)

// The errors of SVG, to be matched with errors.Is.
var (
	// ErrClosed reports a render asked of, or cut short by, a closed
	// Renderer.
	ErrClosed = errors.New("diagram: renderer closed")
	// ErrTooLarge reports DOT larger than RendererOptions.MaxDOT.
	ErrTooLarge = errors.New("diagram: DOT too large")
	// ErrBusy reports a render refused because its tenant already has
	// RendererOptions.TenantQueue renders waiting for a worker.
	ErrBusy = errors.New("diagram: too many renders waiting for this tenant")
	// ErrTimeout reports a render that ran past RendererOptions.Timeout;
	// its worker was killed.
	ErrTimeout = errors.New("diagram: render timed out")
	// ErrWorker reports a render that failed in its worker: Graphviz
	// refused the DOT, or the worker crashed, said something that is not
	// the protocol, or could not be started.
	ErrWorker = errors.New("diagram: render worker failed")
)

// RendererOptions configure a Renderer. A zero field takes its default.
type RendererOptions struct {
	// Workers is the number of worker processes, default 2. Each renders
	// one DOT at a time; renders use one core each.
	Workers int
	// TenantWorkers is the most workers the renders of one tenant hold at
	// once, default Workers-1 (at least 1): a worker stays free for the
	// other tenants, so that one tenant's slow renders do not make
	// another's wait for them.
	TenantWorkers int
	// TenantQueue is the most renders of one tenant that wait for a
	// worker, default 8; more fail at once with ErrBusy.
	TenantQueue int
	// Timeout bounds one render in a worker, default 10s; on expiry the
	// worker is killed and the render fails with ErrTimeout. Waiting for
	// a free worker is bounded by the caller's context instead.
	Timeout time.Duration
	// MaxRenders is the number of renders after which a worker is
	// replaced by a fresh one, default 200: go-graphviz never frees the
	// memory of a render (docs/graphviz.md hazard 2).
	MaxRenders int
	// MaxBytes is the number of DOT and SVG bytes after which a worker is
	// replaced, default 256 MiB; a worker's memory grows by about that
	// much.
	MaxBytes int64
	// CacheBytes bounds the SVG kept in the cache, default 64 MiB; a
	// negative value disables the cache.
	CacheBytes int64
	// MaxDOT is the largest DOT rendered, default 8 MiB; larger DOT fails
	// with ErrTooLarge.
	MaxDOT int64
	// Command returns the command that starts a worker: a process that
	// runs worker.Main over its stdin and stdout. ctx is done when the
	// Renderer closes. The default runs os.Executable() with the single
	// argument "-render-worker".
	Command func(ctx context.Context) *exec.Cmd
}

// The defaults of RendererOptions.
const (
	defaultWorkers    = 2
	defaultTenantQ    = 8
	defaultTimeout    = 10 * time.Second
	defaultMaxRenders = 200
	defaultMaxBytes   = 256 << 20
	defaultCacheBytes = 64 << 20
	defaultMaxDOT     = 8 << 20
	// startTimeout bounds a worker's start, up to its greeting: the wasm
	// module compiles in about half a second without wazero's cache.
	startTimeout = 30 * time.Second
	// retireGrace is how long a retired worker has to exit once its stdin
	// is closed before it is killed.
	retireGrace = 5 * time.Second
)

// Format is the format of a picture a Renderer renders.
type Format string

// The formats.
const (
	// FormatSVG is an SVG document.
	FormatSVG Format = "svg"
	// FormatPNG is a PNG image, its text drawn with the Go fonts.
	FormatPNG Format = "png"
)

// wire returns the format's byte in the worker protocol, or 0 for an
// unknown format.
func (f Format) wire() wire.Format {
	switch f {
	case FormatSVG:
		return wire.SVG
	case FormatPNG:
		return wire.PNG
	}
	return 0
}

// ErrFormat reports a render asked in a format that is neither FormatSVG
// nor FormatPNG.
var ErrFormat = errors.New("diagram: unknown picture format")

// WorkerArg is the argument of the default worker command: a server's
// main runs worker.Main when it is its only argument.
const WorkerArg = "-render-worker"

// Stats are a Renderer's counters since it was made, and its cache now.
type Stats struct {
	Renders       int64 // SVGs rendered by workers
	Failures      int64 // renders that failed, whatever the reason
	CacheHits     int64 // SVG calls answered from the cache
	CacheMisses   int64 // SVG calls not answered from the cache
	Shared        int64 // misses that waited for the render of the same DOT another call started
	Refused       int64 // renders refused with ErrBusy: their tenant had TenantQueue waiting
	Waiting       int   // renders waiting for a worker now
	Started       int64 // worker processes started
	Recycled      int64 // workers replaced after MaxRenders renders or MaxBytes bytes
	Killed        int64 // workers discarded after a failure: a timeout, a crash, garbage, a Graphviz error
	BytesRendered int64 // DOT and SVG bytes through workers
	CacheBytes    int64 // SVG bytes in the cache
	CacheEntries  int   // SVGs in the cache
}

// Renderer renders DOT to SVG in worker processes, with a cache in front
// and a fair queue per tenant (a team of a server, say) for the workers.
// It is safe for concurrent use. The SVG it returns is shared with the
// cache and other callers: callers must not modify it.
type Renderer struct {
	opts  RendererOptions
	limit int64 // the largest SVG accepted from a worker
	cache *LRU[renderKey, []byte]

	// sched holds one slot per worker: an idle process, or nil for a
	// worker to start. A render takes a slot and gives one back, so at
	// most Workers renders run at once.
	sched *scheduler

	ctx    context.Context // done when the Renderer closes
	cancel context.CancelFunc
	wg     sync.WaitGroup // reapers and renders in flight

	mu      sync.Mutex
	closed  bool
	flights map[renderKey]*flight
	live    map[*process]bool // started and not yet waited for

	renders, failures, hits, misses, shared, refused atomic.Int64
	started, recycled, killed, bytes                 atomic.Int64
}

// flight is a render in progress, shared by the SVG calls that asked for
// the same DOT meanwhile.
type flight struct {
	done    chan struct{} // closed once svg and err are set
	svg     []byte
	err     error
	waiters int                // callers still waiting; guarded by Renderer.mu
	cancel  context.CancelFunc // stops waiting for a worker when no caller is left
}

// NewRenderer starts opts.Workers workers and returns a Renderer that
// renders with them. It fails if it cannot start one.
func NewRenderer(opts RendererOptions) (*Renderer, error) {
	if opts.Workers <= 0 {
		opts.Workers = defaultWorkers
	}
	if opts.TenantWorkers <= 0 {
		opts.TenantWorkers = max(1, opts.Workers-1)
	}
	if opts.TenantQueue <= 0 {
		opts.TenantQueue = defaultTenantQ
	}
	if opts.Timeout <= 0 {
		opts.Timeout = defaultTimeout
	}
	if opts.MaxRenders <= 0 {
		opts.MaxRenders = defaultMaxRenders
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = defaultMaxBytes
	}
	if opts.CacheBytes == 0 {
		opts.CacheBytes = defaultCacheBytes
	}
	if opts.MaxDOT <= 0 {
		opts.MaxDOT = defaultMaxDOT
	}
	if opts.Command == nil {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("diagram: find the worker executable: %w", err)
		}
		opts.Command = func(ctx context.Context) *exec.Cmd { return exec.CommandContext(ctx, exe, WorkerArg) }
	}
	r := &Renderer{
		opts: opts,
		// SVG runs about four times the size of its DOT.
		limit:   max(64<<20, 16*opts.MaxDOT),
		cache:   NewLRU[renderKey, []byte](opts.CacheBytes),
		flights: map[renderKey]*flight{},
		live:    map[*process]bool{},
	}
	r.ctx, r.cancel = context.WithCancel(context.Background())
	slots := make([]*process, 0, opts.Workers)
	for i := range opts.Workers {
		p, err := r.start()
		if err != nil && i == 0 {
			r.Close()
			return nil, err
		}
		slots = append(slots, p) // nil when it failed: started again on first use
	}
	r.sched = newScheduler(slots, opts.TenantWorkers, opts.TenantQueue)
	return r, nil
}

// SVG returns the SVG of dot for tenant: from the cache (keyed by the
// SHA-256 of the DOT) without waiting, else rendered by a worker. A render
// waits in tenant's queue: workers go to the tenants in turn (see
// RendererOptions.TenantWorkers and TenantQueue). Concurrent calls for the
// same DOT share one render, queued for the tenant of the first. A call
// waits for a worker until ctx is done; a render that has started in a
// worker runs to its end or its Timeout even if every caller has gone,
// and its SVG is cached.
func (r *Renderer) SVG(ctx context.Context, tenant string, dot []byte) ([]byte, error) {
	return r.Render(ctx, tenant, dot, FormatSVG)
}

// Render is SVG for a picture in format f: the cache and the sharing of
// renders are by DOT and format.
func (r *Renderer) Render(ctx context.Context, tenant string, dot []byte, f Format) ([]byte, error) {
	if f.wire() == 0 {
		return nil, fmt.Errorf("%w %q", ErrFormat, f)
	}
	if int64(len(dot)) > r.opts.MaxDOT {
		return nil, fmt.Errorf("%w: %d bytes (limit %d)", ErrTooLarge, len(dot), r.opts.MaxDOT)
	}
	key := renderKey{sha256.Sum256(dot), f}
	if svg, ok := r.cache.Get(key); ok {
		r.hits.Add(1)
		return svg, nil
	}
	r.misses.Add(1)
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil, ErrClosed
	}
	fl := r.flights[key]
	if fl == nil {
		fl = &flight{done: make(chan struct{})}
		var fctx context.Context
		fctx, fl.cancel = context.WithCancel(r.ctx)
		r.flights[key] = fl
		r.wg.Add(1)
		go r.fly(fctx, tenant, key, fl, append([]byte(nil), dot...))
	} else {
		r.shared.Add(1)
	}
	fl.waiters++
	r.mu.Unlock()

	select {
	case <-fl.done:
		return fl.svg, fl.err
	case <-ctx.Done():
		r.mu.Lock()
		if fl.waiters--; fl.waiters == 0 {
			fl.cancel()
			if r.flights[key] == fl {
				delete(r.flights, key)
			}
		}
		r.mu.Unlock()
		return nil, fmt.Errorf("diagram: render: %w", ctx.Err())
	}
}

// fly renders for a flight, caches the SVG and wakes the waiters.
func (r *Renderer) fly(ctx context.Context, tenant string, key renderKey, f *flight, dot []byte) {
	defer r.wg.Done()
	svg, err := r.render(ctx, tenant, key.format, dot)
	if err == nil {
		r.cache.Put(key, svg, int64(len(svg)))
	}
	r.mu.Lock()
	if r.flights[key] == f {
		delete(r.flights, key)
	}
	f.cancel()
	r.mu.Unlock()
	f.svg, f.err = svg, err
	close(f.done)
}

// render renders dot as format in a worker granted to tenant.
func (r *Renderer) render(ctx context.Context, tenant string, format Format, dot []byte) ([]byte, error) {
	p, t, err := r.acquire(ctx, tenant)
	if err != nil {
		return nil, err
	}
	if !p.ready && timed(p, startTimeout, func() { err = p.hello() }) {
		err = fmt.Errorf("no greeting within %v", startTimeout)
	}
	if err != nil {
		r.release(t, p, err)
		r.failures.Add(1)
		if r.ctx.Err() != nil {
			return nil, ErrClosed
		}
		return nil, fmt.Errorf("%w: start: %w", ErrWorker, p.failure(err))
	}
	var svg []byte
	expired := timed(p, r.opts.Timeout, func() { svg, err = p.exchange(format.wire(), dot, r.limit) })
	if expired && err == nil {
		// The answer came as the timer fired: keep it, not the worker.
		err = errKilled
	}
	r.release(t, p, err)
	var we *workerError
	switch {
	case err == nil || err == errKilled:
		r.renders.Add(1)
		r.bytes.Add(int64(len(dot) + len(svg)))
		return svg, nil
	case expired:
		err = fmt.Errorf("%w after %v", ErrTimeout, r.opts.Timeout)
	case r.ctx.Err() != nil:
		err = ErrClosed
	case errors.As(err, &we):
		err = fmt.Errorf("%w: graphviz: %s", ErrWorker, we.msg)
	default:
		err = fmt.Errorf("%w: %w", ErrWorker, p.failure(err))
	}
	r.failures.Add(1)
	return nil, err
}

// errKilled is the error release is given for a worker killed after it
// answered.
var errKilled = errors.New("killed")

// timed runs fn, killing p if fn takes longer than d, and reports whether
// it did.
func timed(p *process, d time.Duration, fn func()) (expired bool) {
	t := time.AfterFunc(d, p.kill)
	fn()
	return !t.Stop()
}

// acquire takes a worker's slot for a render of tenant, waiting for one
// until ctx is done, and returns its process, started if the slot had
// none or its process has exited since, and the scheduler's tenant to
// release it with.
func (r *Renderer) acquire(ctx context.Context, tenant string) (*process, *tenant, error) {
	p, t, err := r.sched.acquire(ctx, tenant)
	switch {
	case errors.Is(err, ErrBusy):
		r.refused.Add(1)
		return nil, nil, err
	case err != nil && r.ctx.Err() != nil:
		return nil, nil, ErrClosed
	case err != nil:
		return nil, nil, fmt.Errorf("diagram: render: %w", err)
	}
	if p != nil {
		select {
		case <-p.exited: // died while idle: not this render's failure
			r.killed.Add(1)
			p = nil
		default:
			return p, t, nil
		}
	}
	p, err = r.start()
	if err != nil {
		r.sched.release(t, nil)
		if !errors.Is(err, ErrClosed) {
			r.failures.Add(1)
		}
		return nil, nil, err
	}
	return p, t, nil
}

// release gives back the slot of p, held by a render of t that ended
// with err: p itself if it may go on, else a fresh worker.
func (r *Renderer) release(t *tenant, p *process, err error) {
	var we *workerError
	switch {
	case err == nil && p.renders < r.opts.MaxRenders && p.bytes < r.opts.MaxBytes:
		r.sched.release(t, p)
		return
	case err == nil:
		r.recycled.Add(1)
		p.retire(retireGrace)
	case errors.As(err, &we) && !we.fatal:
		r.sched.release(t, p)
		return
	default:
		r.killed.Add(1)
		p.kill()
	}
	next, _ := r.start() // nil when it failed: started again on next use
	r.sched.release(t, next)
}

// start starts a worker, or returns nil and ErrClosed once the Renderer
// is closed.
func (r *Renderer) start() (*process, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	p, err := startProcess(r.opts.Command(r.ctx))
	if err != nil {
		return nil, fmt.Errorf("%w: start: %w", ErrWorker, err)
	}
	r.started.Add(1)
	r.live[p] = true
	r.wg.Add(1)
	go func() { // the reaper: ends when the process has exited
		defer r.wg.Done()
		p.wait()
		r.mu.Lock()
		delete(r.live, p)
		r.mu.Unlock()
	}()
	return p, nil
}

// Stats returns the Renderer's counters.
func (r *Renderer) Stats() Stats {
	size, entries := r.cache.Usage()
	return Stats{
		Renders:       r.renders.Load(),
		Failures:      r.failures.Load(),
		CacheHits:     r.hits.Load(),
		CacheMisses:   r.misses.Load(),
		Shared:        r.shared.Load(),
		Refused:       r.refused.Load(),
		Waiting:       r.sched.queued(),
		Started:       r.started.Load(),
		Recycled:      r.recycled.Load(),
		Killed:        r.killed.Load(),
		BytesRendered: r.bytes.Load(),
		CacheBytes:    size,
		CacheEntries:  entries,
	}
}

// Close stops the workers, failing the renders in progress with
// ErrClosed, and waits for them to exit. Later SVG calls fail with
// ErrClosed, except those answered from the cache.
func (r *Renderer) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closed = true
	for p := range r.live {
		p.kill()
	}
	r.mu.Unlock()
	r.cancel()
	r.wg.Wait()
	return nil
}
