package validate

import (
	"fmt"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design/designtest"
)

// BenchmarkValidate measures one full validation of generated designs at
// half, once and twice the core issue's base size (50 VPCs, 1,000 subnets,
// 2,000 workloads, 300 groups of 20 rules, 200 route tables of 20 routes,
// 100 NACLs of 20 entries), to show how cost grows.
func BenchmarkValidate(b *testing.B) {
	for _, f := range []float64{0.5, 1, 2} {
		size := designtest.Base.Scale(f)
		d := designtest.Generate(size)
		b.Run(fmt.Sprintf("vpcs=%d/subnets=%d", size.VPCs, len(d.Subnets)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Validate(d, Config{})
			}
		})
	}
}

// TestGeneratedDesignHasNoErrors keeps the benchmark honest: the generated
// design must be one the rules accept, so the benchmark measures a
// realistic pass rather than a flood of findings.
func TestGeneratedDesignHasNoErrors(t *testing.T) {
	d := designtest.Generate(designtest.Base.Scale(0.1))
	for _, f := range Validate(d, Config{}) {
		if f.Severity == Error {
			t.Errorf("generated design: %v", f)
		}
	}
}
