package sandbox_test

import (
	"context"
	"flag"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/vpcboard/vpcboard/internal/tfconfig"
	"github.com/vpcboard/vpcboard/internal/tfconfig/sandbox"
)

// childBinary, when set, is the binary the child benchmarks start (a
// built cmd/server, which links go-graphviz and pays its init), instead
// of this test binary.
var childBinary = flag.String("child-binary", "", "the binary the child benchmarks run with "+sandbox.Arg+" (default: this test binary)")

func benchEvaluator() *sandbox.Evaluator {
	var opts sandbox.Options
	if *childBinary != "" {
		opts.Command = func() *exec.Cmd { return exec.Command(*childBinary, sandbox.Arg) }
	}
	return sandbox.New(opts)
}

// selfCPU is this process's CPU time, user and system.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time an operation took, in ms: this
// process's and its children's since start.
func reportCPU(b *testing.B, start time.Duration, ev *sandbox.Evaluator) {
	cpu := selfCPU() - start
	if ev != nil {
		b.ReportMetric(float64(ev.Stats().CPU.Microseconds())/1000/float64(b.N), "child-cpu-ms/op")
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "self-cpu-ms/op")
}

// completeRequest is the "complete" example of terraform-aws-vpc, zipped
// with the module: 60 instances, the largest example.
func completeRequest(b *testing.B) sandbox.Request {
	return sandbox.Request{Zip: corpusZip(b), Root: "terraform-aws-vpc/examples/complete", Options: tfconfig.Options{Region: "eu-west-1"}}
}

// BenchmarkImportInProcess evaluates the complete example in this
// process, as the CLI does.
func BenchmarkImportInProcess(b *testing.B) {
	req := completeRequest(b)
	start := selfCPU()
	for b.Loop() {
		if _, err := sandbox.Evaluate(req); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start, nil)
}

// BenchmarkImportInChild evaluates it in a bounded child, as the server
// does: start, limits, request, evaluation, answer, decoding.
func BenchmarkImportInChild(b *testing.B) {
	req := completeRequest(b)
	ev := benchEvaluator()
	start := selfCPU()
	for b.Loop() {
		if _, err := ev.Import(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start, ev)
}

// BenchmarkChildOverhead evaluates a configuration of one VPC in a
// child: about all of it is the child's start and exit.
func BenchmarkChildOverhead(b *testing.B) {
	req := sandbox.Request{Files: map[string][]byte{"main.tf": []byte(`resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }`)}}
	ev := benchEvaluator()
	start := selfCPU()
	for b.Loop() {
		if _, err := ev.Import(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start, ev)
}
