package diagram

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/vpcboard/vpcboard/internal/diagram/internal/wire"
)

// process is one running worker: the pipes to it and what it has done.
// One render at a time uses it (the Renderer's slots see to that); kill
// and retire may be called from any goroutine.
type process struct {
	cmd    *exec.Cmd
	stdin  *os.File      // our end of the worker's stdin
	stdout *os.File      // our end of the worker's stdout
	out    *bufio.Reader // reads stdout
	stderr *tailBuffer   // the end of the worker's stderr, for error messages

	ready   bool  // the worker said hello
	renders int   // renders done
	bytes   int64 // DOT and SVG bytes through it

	exited  chan struct{} // closed when the process has been waited for
	waitErr error         // set before exited is closed
}

// startProcess starts cmd with pipes of its own on stdin and stdout (so
// that cmd.Wait, run by the reaper, never closes a pipe under a reader).
func startProcess(cmd *exec.Cmd) (*process, error) {
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, err
	}
	cmd.Stdin, cmd.Stdout = inR, outW
	p := &process{cmd: cmd, stdin: inW, stdout: outR, out: bufio.NewReaderSize(outR, 64<<10), exited: make(chan struct{})}
	if cmd.Stderr == nil {
		p.stderr = &tailBuffer{max: 2048}
		cmd.Stderr = p.stderr
	}
	if cmd.WaitDelay == 0 {
		cmd.WaitDelay = time.Second
	}
	err = cmd.Start()
	inR.Close()
	outW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		return nil, err
	}
	return p, nil
}

// wait waits for the process to exit, then closes our ends of the pipes.
// The Renderer runs it in the process's reaper goroutine.
func (p *process) wait() {
	p.waitErr = p.cmd.Wait()
	p.stdin.Close()
	p.stdout.Close()
	close(p.exited)
}

// kill stops the process now.
func (p *process) kill() {
	if p.cmd.Process != nil {
		p.cmd.Process.Kill()
	}
}

// retire asks the worker to exit by closing its stdin, and kills it if it
// has not exited after grace.
func (p *process) retire(grace time.Duration) {
	p.stdin.Close()
	time.AfterFunc(grace, func() {
		select {
		case <-p.exited:
		default:
			p.kill()
		}
	})
}

// hello reads the worker's greeting: the proof that the process is a
// render worker and has finished starting.
func (p *process) hello() error {
	s, payload, err := wire.ReadResponse(p.out, 1024)
	if err != nil {
		return err
	}
	if s != wire.OK || string(payload) != wire.Hello {
		return fmt.Errorf("bad greeting %q", truncate(payload, 64))
	}
	p.ready = true
	return nil
}

// exchange sends one DOT to render as f and reads the response: the
// picture, or an error reported by the worker (workerError) or about the
// worker.
func (p *process) exchange(f wire.Format, dot []byte, limit int64) ([]byte, error) {
	if !p.ready {
		if err := p.hello(); err != nil {
			return nil, fmt.Errorf("start: %w", err)
		}
	}
	if err := wire.WriteRequest(p.stdin, f, dot); err != nil {
		return nil, fmt.Errorf("write request: %w", err)
	}
	s, payload, err := wire.ReadResponse(p.out, limit)
	if err != nil {
		return nil, fmt.Errorf("read response: %w", err)
	}
	if s != wire.OK {
		return nil, &workerError{msg: string(truncate(payload, 1024)), fatal: s == wire.Fatal}
	}
	switch {
	case f == wire.PNG && !bytes.HasPrefix(payload, []byte(pngMagic)):
		return nil, fmt.Errorf("response is not PNG: %q", truncate(payload, 64))
	case f == wire.SVG && !bytes.HasPrefix(payload, []byte("<?xml")) && !bytes.HasPrefix(payload, []byte("<svg")):
		return nil, fmt.Errorf("response is not SVG: %q", truncate(payload, 64))
	}
	p.renders++
	p.bytes += int64(len(dot) + len(payload))
	return payload, nil
}

// pngMagic starts every PNG file.
const pngMagic = "\x89PNG\r\n\x1a\n"

// failure describes why the process failed: how it exited, if it has, and
// the end of what it wrote to stderr.
func (p *process) failure(err error) error {
	select {
	case <-p.exited:
		if p.waitErr != nil {
			err = fmt.Errorf("%w (worker %v)", err, p.waitErr)
		}
	case <-time.After(100 * time.Millisecond):
	}
	if p.stderr != nil {
		if tail := p.stderr.lastLine(); tail != "" {
			err = fmt.Errorf("%w: %s", err, tail)
		}
	}
	return err
}

// workerError is an error the worker reported. A fatal one means the
// worker exits after reporting it.
type workerError struct {
	msg   string
	fatal bool
}

func (e *workerError) Error() string { return e.msg }

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tailBuffer) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(b), nil
}

// lastLine returns the line that says why the worker died: the first
// "panic:" or "fatal error:" line of a Go crash, else the last non-empty
// line written; at most 300 bytes.
func (t *tailBuffer) lastLine() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := bytes.Split(bytes.TrimSpace(t.buf), []byte("\n"))
	for _, l := range lines {
		if bytes.HasPrefix(l, []byte("panic:")) || bytes.HasPrefix(l, []byte("fatal error:")) {
			return string(truncate(bytes.TrimSpace(l), 300))
		}
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if l := bytes.TrimSpace(lines[i]); len(l) > 0 {
			return string(truncate(l, 300))
		}
	}
	return ""
}

func truncate(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
