package review_test

import (
	"slices"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/review"
)

// largePair is a generated design (designtest.Base: 50 VPCs, 2,000
// workloads) and a second version with a few changed groups: three admit
// tcp 8443 from anywhere more.
func largePair(tb testing.TB, size designtest.Size) (old, new *design.Design) {
	old = designtest.Generate(size)
	new = designtest.Generate(size)
	var ids []string
	for id := range new.SecurityGroups {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids[:3] {
		g := new.SecurityGroups[id]
		g.Ingress = append(g.Ingress, design.SGRule{Protocol: "tcp", Ports: &design.PortRange{From: 8443, To: 8443}, CIDR: "0.0.0.0/0"})
	}
	return old, new
}

// BenchmarkCompareLarge: the diff of the generated large design with a few
// changed groups (target: under 1 s; docs/PERFORMANCE.md).
func BenchmarkCompareLarge(b *testing.B) {
	old, new := largePair(b, designtest.Base)
	b.ResetTimer()
	for b.Loop() {
		d, err := review.Compare(old, new)
		if err != nil || len(d.Resources) != 3 {
			b.Fatalf("%v, %d changed resources; want 3", err, len(d.Resources))
		}
	}
}
