package diagram

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vpcboard/vpcboard/internal/diagram/internal/wire"
)

// The tests of the Renderer use the test binary as a fake worker that
// speaks the protocol without linking go-graphviz. The first word of each
// request says what it does:
//
//	echo ...          answer "<svg>pid start end</svg>" (Unix nanoseconds),
//	                  after the PNG signature when a PNG is asked for
//	sleep D ...       sleep for the duration D, then answer like echo
//	hang              never answer
//	until PATH ...    wait until the file PATH exists, then answer like echo
//	crash             write a panic line to stderr and exit 2
//	garbage           write bytes that are not the protocol, then exit
//	fail              answer a fatal error and exit 1, as worker.Main does
//	big N             answer an SVG of N bytes
const fakeWorkerEnv = "VPCBOARD_FAKE_WORKER"

func TestMain(m *testing.M) {
	if os.Getenv(fakeWorkerEnv) == "1" {
		os.Exit(fakeWorker(os.Stdin, os.Stdout))
	}
	os.Exit(m.Run())
}

func fakeWorker(stdin io.Reader, stdout io.Writer) int {
	in, out := bufio.NewReader(stdin), bufio.NewWriter(stdout)
	reply := func(s wire.Status, payload string) {
		wire.WriteResponse(out, s, []byte(payload))
		out.Flush()
	}
	reply(wire.OK, wire.Hello)
	for {
		format, req, err := wire.ReadRequest(in, 64<<20)
		if err != nil {
			return 0
		}
		start := time.Now()
		words := strings.Fields(string(req))
		if len(words) == 0 {
			words = []string{"echo"}
		}
		switch words[0] {
		case "sleep":
			d, _ := time.ParseDuration(words[1])
			time.Sleep(d)
		case "hang":
			time.Sleep(time.Hour)
		case "until":
			for _, err := os.Stat(words[1]); err != nil; _, err = os.Stat(words[1]) {
				time.Sleep(2 * time.Millisecond)
			}
		case "crash":
			fmt.Fprintln(os.Stderr, "panic: fake crash")
			return 2
		case "garbage":
			stdout.Write([]byte("\x00\xffnot the protocol"))
			return 0
		case "fail":
			reply(wire.Fatal, "syntax error in line 1 near 'fail'")
			return 1
		case "big":
			n, _ := strconv.Atoi(words[1])
			reply(wire.OK, "<svg>"+strings.Repeat("x", max(0, n-11))+"</svg>")
			continue
		}
		answer := fmt.Sprintf("<svg>%d %d %d</svg>", os.Getpid(), start.UnixNano(), time.Now().UnixNano())
		if format == wire.PNG {
			answer = pngMagic + answer
		}
		reply(wire.OK, answer)
	}
}

// fakeCommand starts the test binary as a fake worker.
func fakeCommand(ctx context.Context) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fakeWorkerEnv+"=1")
	return cmd
}

// newFakeRenderer returns a Renderer of fake workers, closed at the end of
// the test.
func newFakeRenderer(t testing.TB, opts RendererOptions) *Renderer {
	t.Helper()
	opts.Command = fakeCommand
	r, err := NewRenderer(opts)
	if err != nil {
		t.Fatalf("NewRenderer: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// fakeSpan is what a fake worker's answer says: which process rendered,
// from when to when.
type fakeSpan struct {
	pid        int
	start, end int64
}

func parseSpan(t *testing.T, svg []byte) fakeSpan {
	t.Helper()
	var s fakeSpan
	if _, err := fmt.Sscanf(string(svg), "<svg>%d %d %d</svg>", &s.pid, &s.start, &s.end); err != nil {
		t.Fatalf("fake SVG %q: %v", svg, err)
	}
	return s
}
