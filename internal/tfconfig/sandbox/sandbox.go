// Package sandbox evaluates an uploaded Terraform configuration in a
// child process whose memory, CPU time, wall-clock time and output are
// bounded, so that a hostile configuration costs the server nothing but
// one refused request.
//
// HCL and go-cty give no way to bound the work inside one expression:
// setproduct(range(1000), range(1000), range(1000)), nested for
// expressions or indent(999999999, ...) each ask for gigabytes before
// package tfconfig can look at the value. In the server's own process
// that ends the server. In a child, the kernel refuses the child's
// allocation (RLIMIT_DATA), kills it at its CPU limit (RLIMIT_CPU), or the
// parent kills its process group at the wall-clock limit; the parent sees
// how the child ended and says which limit the configuration needs more
// than (LimitError).
//
// One child per evaluation (uploads are rare; a child starts in tens of
// milliseconds), at most Options.Concurrent at once. The child is the
// server's own binary run with the single argument Arg (Main); the
// request and the answer are JSON over its stdin and stdout, the design
// in its design-file encoding. The limits are set by the parent
// (prlimit) on the child process right after it starts and before the
// request is written: the child's code does not have to cooperate, and
// the Go runtime of the child starts under them.
//
// The CLI (vpcboard import DIR) evaluates in its own process: the machine
// is the user's.
package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/tfimport"
)

// Options bound the evaluations of an Evaluator. A zero field takes its
// default.
type Options struct {
	// Memory bounds the child's data memory (RLIMIT_DATA: its heap and
	// every private writable mapping), default 1 GiB. The Go runtime of
	// the child is told to collect garbage hard from 3/4 of it
	// (GOMEMLIMIT). RLIMIT_AS would not do: the Go runtime reserves more
	// than a gigabyte of address space it never uses.
	Memory int64
	// CPU bounds the child's CPU time, all threads (RLIMIT_CPU, whole
	// seconds, rounded up), default 10s: the kernel kills the child
	// there.
	CPU time.Duration
	// Timeout bounds one evaluation's wall-clock time from the child's
	// start, default twice CPU: the child's process group is killed
	// then. The caller's context bounds it too.
	Timeout time.Duration
	// MaxOutput bounds the answer read from the child, default 64 MiB.
	MaxOutput int64
	// Concurrent is the most children at once, default 2. An evaluation
	// waits at most QueueWait for one to end, default 1s; then it fails
	// with ErrBusy.
	Concurrent int
	QueueWait  time.Duration
	// Command returns the command that starts a child: a process that runs
	// Main over its stdin and stdout. The default runs os.Executable()
	// with the single argument Arg. A command without an environment of
	// its own gets only TMPDIR, HOME and GOCOVERDIR of the server's (not
	// its secrets); the Evaluator adds GOMEMLIMIT and GOTRACEBACK and puts
	// it in a process group of its own.
	Command func() *exec.Cmd
}

// The defaults of Options.
const (
	DefaultMemory     = 1 << 30
	DefaultCPU        = 10 * time.Second
	defaultMaxOutput  = 64 << 20
	defaultConcurrent = 2
	defaultQueueWait  = time.Second
)

// ErrBusy reports an evaluation that found Options.Concurrent children
// running and none ending within Options.QueueWait.
var ErrBusy = errors.New("the server is evaluating as many Terraform configurations as it allows at once")

// Limit names the limit a LimitError went over.
type Limit string

// The limits.
const (
	LimitMemory Limit = "memory"
	LimitTime   Limit = "time"
	LimitOutput Limit = "output"
)

// LimitError reports a configuration whose evaluation went over a limit:
// the child was refused memory, or killed at its CPU or wall-clock limit,
// or answered more than MaxOutput.
type LimitError struct {
	Limit Limit
	// Bound words the limit, such as "1 GiB" or "10s of CPU time".
	Bound string
	// Detail is how the child ended, for logs.
	Detail string
}

func (e *LimitError) Error() string {
	switch e.Limit {
	case LimitOutput:
		return fmt.Sprintf("the configuration makes a design larger than the server allows (limit %s)", e.Bound)
	}
	return fmt.Sprintf("the configuration needs more %s than the server allows to evaluate it (limit %s)", e.Limit, e.Bound)
}

// EvalError is the configuration's own error, as package tfconfig words
// it: what the CLI would say of it.
type EvalError struct{ Msg string }

func (e *EvalError) Error() string { return e.Msg }

// CrashError reports a child that ended without an answer, not at a
// limit: how it ended and the first line of its stderr that says why.
type CrashError struct{ Detail string }

func (e *CrashError) Error() string {
	return "the evaluation of the configuration failed: " + e.Detail
}

// Stats are an Evaluator's counters since it was made.
type Stats struct {
	Evaluations int64         // children started
	Limited     int64         // evaluations ended by a limit
	Refused     int64         // evaluations refused with ErrBusy
	Running     int           // children running now
	CPU         time.Duration // CPU time of the children that have ended, user and system
}

// Evaluator evaluates configurations in bounded children. It is safe for
// concurrent use.
type Evaluator struct {
	opts  Options
	slots chan struct{}
	// cmdErr is why the default command cannot be made.
	cmdErr error

	mu                          sync.Mutex
	running                     int
	evaluations, limited, refus atomic.Int64
	cpu                         atomic.Int64 // nanoseconds
}

// New returns an Evaluator bounded by opts.
func New(opts Options) *Evaluator {
	if opts.Memory <= 0 {
		opts.Memory = DefaultMemory
	}
	if opts.CPU <= 0 {
		opts.CPU = DefaultCPU
	}
	opts.CPU = opts.CPU.Round(time.Second)
	if opts.CPU < time.Second {
		opts.CPU = time.Second
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 2 * opts.CPU
	}
	if opts.MaxOutput <= 0 {
		opts.MaxOutput = defaultMaxOutput
	}
	if opts.Concurrent <= 0 {
		opts.Concurrent = defaultConcurrent
	}
	if opts.QueueWait <= 0 {
		opts.QueueWait = defaultQueueWait
	}
	e := &Evaluator{opts: opts, slots: make(chan struct{}, opts.Concurrent)}
	if opts.Command == nil {
		exe, err := os.Executable()
		if err != nil {
			e.cmdErr = fmt.Errorf("sandbox: find the executable of the child: %w", err)
		}
		e.opts.Command = func() *exec.Cmd { return exec.Command(exe, Arg) }
	}
	return e
}

// Options returns the Evaluator's options, defaults filled in.
func (e *Evaluator) Options() Options { return e.opts }

// Stats returns the Evaluator's counters.
func (e *Evaluator) Stats() Stats {
	e.mu.Lock()
	defer e.mu.Unlock()
	return Stats{Evaluations: e.evaluations.Load(), Limited: e.limited.Load(), Refused: e.refus.Load(), Running: e.running,
		CPU: time.Duration(e.cpu.Load())}
}

// Import evaluates req in a child and returns its design and warnings
// (tfimport.Result without Exports, which configurations do not have).
// The errors: ErrBusy; *EvalError, the configuration's own; *LimitError;
// *CrashError; the context's error when ctx ended first; any other error
// is the server's (the child could not be started or limited).
func (e *Evaluator) Import(ctx context.Context, req Request) (*tfimport.Result, error) {
	if e.cmdErr != nil {
		return nil, e.cmdErr
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("sandbox: encode the request: %w", err)
	}
	wait := time.NewTimer(e.opts.QueueWait)
	defer wait.Stop()
	select {
	case e.slots <- struct{}{}:
	case <-wait.C:
		e.refus.Add(1)
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, fmt.Errorf("sandbox: wait for a child: %w", ctx.Err())
	}
	e.mu.Lock()
	e.running++
	e.mu.Unlock()
	defer func() {
		e.mu.Lock()
		e.running--
		e.mu.Unlock()
		<-e.slots
	}()
	res, err := e.run(ctx, body)
	var le *LimitError
	if errors.As(err, &le) {
		e.limited.Add(1)
	}
	return res, err
}

// run starts a child, limits it, sends it the request and reads its
// answer.
func (e *Evaluator) run(ctx context.Context, body []byte) (*tfimport.Result, error) {
	cmd := e.opts.Command()
	if cmd.Env == nil {
		cmd.Env = childEnv(os.Environ())
	}
	cmd.Env = append(cmd.Env,
		fmt.Sprintf("GOMEMLIMIT=%d", e.opts.Memory/4*3),
		// A dying child's first line says why; its goroutines do not.
		"GOTRACEBACK=single")
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	processGroup(cmd.SysProcAttr)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	k := &killer{}
	out := &cappedBuffer{max: e.opts.MaxOutput, over: func() {
		k.kill(&LimitError{Limit: LimitOutput, Bound: bytesWord(e.opts.MaxOutput)})
	}}
	stderr := &cappedBuffer{max: 4096}
	cmd.Stdout, cmd.Stderr = out, stderr
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("sandbox: start the child: %w", err)
	}
	e.evaluations.Add(1)
	k.started(cmd.Process.Pid)
	if err := setLimits(cmd.Process.Pid, e.opts.Memory, e.opts.CPU); err != nil {
		k.kill(err)
		cmd.Wait()
		return nil, fmt.Errorf("sandbox: limit the child: %w", err)
	}
	timer := time.AfterFunc(e.opts.Timeout, func() {
		k.kill(&LimitError{Limit: LimitTime, Bound: fmt.Sprintf("%v in all", e.opts.Timeout)})
	})
	defer timer.Stop()
	stop := context.AfterFunc(ctx, func() { k.kill(ctx) })
	defer stop()
	go func() {
		// A child that dies before reading it all closes the pipe: the
		// write fails, and Wait says how the child ended.
		stdin.Write(body)
		stdin.Close()
	}()
	werr := cmd.Wait()
	if cmd.ProcessState != nil {
		e.cpu.Add(int64(cpuTime(cmd.ProcessState)))
	}
	switch why := k.reaped().(type) {
	case *LimitError:
		why.Detail = describe(cmd.ProcessState, stderr)
		return nil, why
	case context.Context:
		return nil, fmt.Errorf("sandbox: evaluation stopped: %w", why.Err())
	}
	st := cmd.ProcessState
	if werr == nil && st != nil && st.Success() {
		return decode(out.Bytes())
	}
	if st == nil {
		return nil, &CrashError{Detail: werr.Error()}
	}
	detail := describe(st, stderr)
	ws, _ := st.Sys().(syscall.WaitStatus)
	switch {
	case ws.Signaled() && (ws.Signal() == syscall.SIGKILL || ws.Signal() == syscall.SIGXCPU) && cpuTime(st) >= e.opts.CPU*9/10:
		// The kernel's SIGKILL at RLIMIT_CPU; the CPU time wait4 reports
		// is sampled and can fall a little short of the limit.
		return nil, &LimitError{Limit: LimitTime, Bound: fmt.Sprintf("%v of CPU time", e.opts.CPU), Detail: detail}
	case outOfMemory(stderr.Bytes()):
		return nil, &LimitError{Limit: LimitMemory, Bound: bytesWord(e.opts.Memory), Detail: detail}
	case ws.Signaled() && ws.Signal() == syscall.SIGKILL:
		// Not the parent, not the CPU limit: the kernel's OOM killer.
		return nil, &LimitError{Limit: LimitMemory, Bound: bytesWord(e.opts.Memory), Detail: detail}
	}
	return nil, &CrashError{Detail: detail}
}

// killer kills a child's process group, once it has started and until it
// has been reaped (its group id could then be another's), and remembers
// the first reason.
type killer struct {
	mu  sync.Mutex
	pid int // 0 before the start and after the reaping
	why any // a *LimitError, the caller's context, or an error of the parent
}

func (k *killer) started(pid int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.pid = pid
}

func (k *killer) kill(why any) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.pid == 0 {
		return
	}
	if k.why == nil {
		k.why = why
	}
	killGroup(k.pid)
}

// reaped says the child has been waited for and returns why it was
// killed, nil if it was not.
func (k *killer) reaped() any {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.pid = 0
	return k.why
}

// childEnv is the environment a child gets of the server's: where to keep
// temporary files (wazero's compilation cache, for the server binary's
// go-graphviz) and coverage, nothing else. The server's secrets
// (DATABASE_URL, ...) stay out of the process that runs untrusted input.
func childEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "TMPDIR", "HOME", "GOCOVERDIR":
			out = append(out, kv)
		}
	}
	return out
}

// decode reads the child's answer.
func decode(data []byte) (*tfimport.Result, error) {
	var resp response
	if err := json.Unmarshal(data, &resp); err != nil {
		return nil, &CrashError{Detail: fmt.Sprintf("the child's answer is not JSON: %v", err)}
	}
	if resp.Error != "" {
		return nil, &EvalError{Msg: resp.Error}
	}
	d, err := design.DecodeBytes(resp.Design)
	if err != nil {
		return nil, &CrashError{Detail: fmt.Sprintf("the child's design: %v", err)}
	}
	return &tfimport.Result{Design: d, Warnings: resp.Warnings}, nil
}

// outOfMemory reports whether a child's stderr says the Go runtime was
// refused memory: "fatal error: runtime: out of memory", "runtime: cannot
// allocate memory", a thread or a stack it could not make; or the
// runtime's own fault at address 0 ("SIGSEGV: segmentation violation"
// first, not a panic of Go code): the runtime does not check every
// allocation of its own against failure (the garbage collector's span
// queues of Go 1.27 dereference what sysAlloc returns, nil when mmap is
// refused), so about half the children refused memory at RLIMIT_DATA die
// that way. The child runs no cgo, and tfconfig recovers the panics of
// Go code, so nothing else makes the runtime fault.
func outOfMemory(stderr []byte) bool {
	if bytes.HasPrefix(bytes.TrimSpace(stderr), []byte("SIGSEGV: segmentation violation")) {
		return true
	}
	for _, s := range []string{"out of memory", "cannot allocate memory", "failed to create new OS thread", "stack overflow"} {
		if bytes.Contains(stderr, []byte(s)) {
			return true
		}
	}
	return false
}

// describe says how a child ended: its exit status, CPU time and the
// first line of stderr that says why.
func describe(st *os.ProcessState, stderr *cappedBuffer) string {
	if st == nil {
		return "not started"
	}
	s := fmt.Sprintf("%v after %v of CPU time", st, cpuTime(st).Round(time.Millisecond))
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		s += fmt.Sprintf(", peak RSS %d MiB", ru.Maxrss>>10)
	}
	if line := why(stderr.Bytes()); line != "" {
		s += ": " + line
	}
	return s
}

// why returns the first line of a child's stderr that says why it died:
// a Go "fatal error:" or "panic:" line, else the first line; at most 300
// bytes.
func why(stderr []byte) string {
	lines := strings.Split(strings.TrimSpace(string(stderr)), "\n")
	pick := lines[0]
	for _, l := range lines {
		if strings.HasPrefix(l, "fatal error:") || strings.HasPrefix(l, "panic:") || strings.HasPrefix(l, "runtime: out of memory") {
			pick = l
			break
		}
	}
	if len(pick) > 300 {
		pick = pick[:300]
	}
	return strings.TrimSpace(pick)
}

func cpuTime(st *os.ProcessState) time.Duration { return st.UserTime() + st.SystemTime() }

// bytesWord words n bytes: "1 GiB", "512 MiB".
func bytesWord(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// cappedBuffer keeps the first max bytes written to it and calls over,
// once, when more come; it never fails a write, so that the child is never
// blocked on a full pipe.
type cappedBuffer struct {
	mu   sync.Mutex
	max  int64
	buf  bytes.Buffer
	over func()
	done bool
}

func (c *cappedBuffer) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	room := c.max - int64(c.buf.Len())
	if int64(len(b)) <= room {
		c.buf.Write(b)
		return len(b), nil
	}
	c.buf.Write(b[:max(room, 0)])
	if !c.done && c.over != nil {
		c.done = true
		c.over()
	}
	return len(b), nil
}

func (c *cappedBuffer) Bytes() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.Bytes()
}
