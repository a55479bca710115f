package design_test

import (
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
)

// BenchmarkCheck measures the structural check of the benchmark design of
// the core issue (see designtest.Base); validation runs it first.
func BenchmarkCheck(b *testing.B) {
	d := designtest.Generate(designtest.Base)
	b.ReportAllocs()
	for b.Loop() {
		if errs := design.Check(d); len(errs) > 0 {
			b.Fatal(errs[0])
		}
	}
}
