package web

import (
	"testing"

	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/validate"
)

// BenchmarkTree builds the designer's resource tree of the base design
// (50 VPCs): part of every edit's answer and live update.
func BenchmarkTree(b *testing.B) {
	d := designtest.Generate(designtest.Base)
	ds := validate.Validate(d, validate.Config{Quotas: validate.DefaultQuotas})
	for b.Loop() {
		tree(d, ds)
	}
}
