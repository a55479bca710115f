package sandbox_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/tfconfig"
	"github.com/vpcboard/vpcboard/internal/tfconfig/sandbox"
)

// TestMain makes this test binary the child when it is started as the
// default command starts one: os.Executable() with the argument
// sandbox.Arg, as cmd/server's main does.
func TestMain(m *testing.M) {
	if len(os.Args) == 2 && os.Args[1] == sandbox.Arg {
		os.Exit(sandbox.Main(os.Stdin, os.Stdout))
	}
	os.Exit(m.Run())
}

// corpusZip zips the vendored terraform-aws-vpc module (its root,
// modules/ and examples/) under terraform-aws-vpc/, as a user zips a
// checkout of it.
func corpusZip(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	base := "../testdata/terraform-aws-vpc"
	err := filepath.WalkDir(base, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".tf") {
			return err
		}
		rel, _ := filepath.Rel(base, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		w, err := zw.Create("terraform-aws-vpc/" + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// vpc is a configuration of one VPC whose tag reads the local x: the
// local is evaluated because a resource refers to it.
func vpcWith(local string) map[string][]byte {
	return map[string][]byte{"main.tf": []byte("locals {\n  x = " + local + "\n}\n" +
		`resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
  tags       = { n = length(local.x) }
}
`)}
}

// Hostile are the uploads of the security review that ran a server out
// of memory when it evaluated configurations in its own process.
var Hostile = map[string]map[string][]byte{
	"setproduct over range(1000) three times": vpcWith(`setproduct(range(1000), range(1000), range(1000))`),
	"nested for expressions":                  vpcWith(`[for a in range(1000) : [for b in range(1000) : [for c in range(1000) : "${a}-${b}-${c}"]]]`),
	"indent(999999999, ...)":                  vpcWith(`indent(999999999, "a\nb\nc\nd")`),
}

// TestChildImportsAsInProcess: every example of terraform-aws-vpc
// evaluated in a child gives the design (byte for byte) and the warnings
// of the evaluation in this process, under the default limits (so the
// child's Go runtime starts under them).
func TestChildImportsAsInProcess(t *testing.T) {
	ev := sandbox.New(sandbox.Options{})
	data := corpusZip(t)
	examples, err := os.ReadDir("../testdata/terraform-aws-vpc/examples")
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range examples {
		req := sandbox.Request{Zip: data, Root: "terraform-aws-vpc/examples/" + ex.Name(), Options: tfconfig.Options{Region: "eu-west-1"}}
		want, wantErr := sandbox.Evaluate(req)
		got, err := ev.Import(context.Background(), req)
		if wantErr != nil {
			var ee *sandbox.EvalError
			if !errors.As(err, &ee) || ee.Msg != wantErr.Error() {
				t.Errorf("%s: child error %v; want the in-process error %q", ex.Name(), err, wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: child: %v", ex.Name(), err)
			continue
		}
		wb, _ := design.Marshal(want.Design)
		gb, _ := design.Marshal(got.Design)
		if !bytes.Equal(wb, gb) {
			t.Errorf("%s: the child's design differs from the in-process one:\n%.2000s\nwant:\n%.2000s", ex.Name(), gb, wb)
		}
		if strings.Join(got.Warnings, "\n") != strings.Join(want.Warnings, "\n") {
			t.Errorf("%s: warnings %q; want %q", ex.Name(), got.Warnings, want.Warnings)
		}
	}
	if st := ev.Stats(); st.Evaluations != int64(len(examples)) || st.Running != 0 {
		t.Errorf("stats %+v; want %d evaluations, none running", st, len(examples))
	}
}

// TestConfigurationErrorsComeBackWorded: a configuration the evaluator
// refuses comes back as the same sentence as in this process, from a
// zip or from files.
func TestConfigurationErrorsComeBackWorded(t *testing.T) {
	ev := sandbox.New(sandbox.Options{})
	for name, req := range map[string]sandbox.Request{
		"files":    {Files: map[string][]byte{"main.tf": []byte(`resource "aws_vpc" "v" {`)}},
		"cycle":    {Files: map[string][]byte{"main.tf": []byte("locals {\n  a = local.b\n  b = local.a\n}\nresource \"aws_vpc\" \"v\" { cidr_block = local.a }\n")}},
		"zip root": {Zip: corpusZip(t), Root: "terraform-aws-vpc/nope"},
	} {
		_, want := sandbox.Evaluate(req)
		_, err := ev.Import(context.Background(), req)
		var ee *sandbox.EvalError
		if want == nil || !errors.As(err, &ee) || ee.Msg != want.Error() {
			t.Errorf("%s: %v; want the EvalError %v", name, err, want)
		}
	}
}

// TestHostileConfigurationsMeetALimit: each upload that ran the server
// out of memory ends its child at the memory or CPU limit (the default
// ones), and says which; this process goes on.
func TestHostileConfigurationsMeetALimit(t *testing.T) {
	ev := sandbox.New(sandbox.Options{})
	for name, files := range Hostile {
		_, err := ev.Import(context.Background(), sandbox.Request{Files: files})
		var le *sandbox.LimitError
		if !errors.As(err, &le) || le.Limit != sandbox.LimitMemory && le.Limit != sandbox.LimitTime {
			t.Errorf("%s: %v; want a LimitError of memory or time", name, err)
			continue
		}
		if !strings.Contains(le.Error(), "(limit ") {
			t.Errorf("%s: %q does not name the limit", name, le.Error())
		}
		t.Logf("%s: %v (%s)", name, le, le.Detail)
	}
	if st := ev.Stats(); st.Limited != int64(len(Hostile)) {
		t.Errorf("stats %+v; want %d limited", st, len(Hostile))
	}
}

// TestCPULimit: a configuration that computes long in little memory is
// killed at its CPU time.
func TestCPULimit(t *testing.T) {
	ev := sandbox.New(sandbox.Options{CPU: time.Second, Timeout: time.Hour})
	_, err := ev.Import(context.Background(), sandbox.Request{Files: vpcWith(
		`sum([for a in range(1000) : sum([for b in range(1000) : sum([for c in range(1000) : c])])])`)})
	var le *sandbox.LimitError
	if !errors.As(err, &le) || le.Limit != sandbox.LimitTime || !strings.Contains(le.Error(), "1s of CPU time") {
		t.Fatalf("%v; want a LimitError of 1s of CPU time", err)
	}
	t.Log(le.Detail)
}

// TestWallClockLimit: a child that neither answers nor computes (stuck,
// with a process of its own in its group) is killed at the wall-clock
// limit, its group with it.
func TestWallClockLimit(t *testing.T) {
	ev := sandbox.New(sandbox.Options{Timeout: 500 * time.Millisecond, Command: func() *exec.Cmd {
		return exec.Command("sh", "-c", "sleep 600 & sleep 600")
	}})
	_, err := ev.Import(context.Background(), sandbox.Request{Files: vpcWith(`1`)})
	var le *sandbox.LimitError
	if !errors.As(err, &le) || le.Limit != sandbox.LimitTime || !strings.Contains(le.Error(), "500ms in all") {
		t.Fatalf("%v; want a LimitError of 500ms in all", err)
	}
}

// TestOutputLimit: an answer over MaxOutput is refused and its child
// killed.
func TestOutputLimit(t *testing.T) {
	ev := sandbox.New(sandbox.Options{MaxOutput: 1000})
	_, err := ev.Import(context.Background(), sandbox.Request{Zip: corpusZip(t), Root: "terraform-aws-vpc/examples/complete"})
	var le *sandbox.LimitError
	if !errors.As(err, &le) || le.Limit != sandbox.LimitOutput || !strings.Contains(le.Error(), "1000 bytes") {
		t.Fatalf("%v; want a LimitError of output, 1000 bytes", err)
	}
}

// TestCrashIsNotALimit: a child that dies of something else is a
// CrashError with its reason.
func TestCrashIsNotALimit(t *testing.T) {
	ev := sandbox.New(sandbox.Options{Command: func() *exec.Cmd {
		return exec.Command("sh", "-c", "cat >/dev/null; echo 'panic: boom' >&2; exit 3")
	}})
	_, err := ev.Import(context.Background(), sandbox.Request{Files: vpcWith(`1`)})
	var ce *sandbox.CrashError
	if !errors.As(err, &ce) || !strings.Contains(ce.Error(), "panic: boom") || !strings.Contains(ce.Error(), "exit status 3") {
		t.Fatalf("%v; want a CrashError saying exit status 3 and panic: boom", err)
	}
}

// TestBusyAndCancel: with Concurrent children running, one more
// evaluation waits QueueWait and fails with ErrBusy; the caller's context
// ends a running child.
func TestBusyAndCancel(t *testing.T) {
	ev := sandbox.New(sandbox.Options{Concurrent: 1, QueueWait: 10 * time.Millisecond, Command: func() *exec.Cmd {
		return exec.Command("sleep", "600")
	}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := ev.Import(ctx, sandbox.Request{Files: vpcWith(`1`)})
		done <- err
	}()
	for ev.Stats().Running == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := ev.Import(context.Background(), sandbox.Request{Files: vpcWith(`1`)}); !errors.Is(err, sandbox.ErrBusy) {
		t.Errorf("second evaluation: %v; want ErrBusy", err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled evaluation: %v; want context.Canceled", err)
	}
	if st := ev.Stats(); st.Refused != 1 || st.Running != 0 {
		t.Errorf("stats %+v; want 1 refused, none running", st)
	}
}

// TestChildEnvironment: a child does not see the server's environment
// (DATABASE_URL and such), only what it needs, and the memory limit's
// GOMEMLIMIT.
func TestChildEnvironment(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://vpcboard:secret@db/vpcboard")
	ev := sandbox.New(sandbox.Options{Memory: 512 << 20, Command: func() *exec.Cmd {
		return exec.Command("/bin/sh", "-c", `cat >/dev/null; printf '{"error":"db=%s gomemlimit=%s"}' "$DATABASE_URL" "$GOMEMLIMIT"`)
	}})
	_, err := ev.Import(context.Background(), sandbox.Request{Files: vpcWith(`1`)})
	var ee *sandbox.EvalError
	if !errors.As(err, &ee) || ee.Msg != "db= gomemlimit=402653184" {
		t.Errorf("%v; want the child to see no DATABASE_URL and GOMEMLIMIT 3/4 of 512 MiB", err)
	}
}
