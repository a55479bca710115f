package export

import (
	"slices"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// TestKindWriters checks that the table of kinds has a writer of each
// format for every kind but opaque, and that each writer's order lists
// every kind of the table once: a kind added to the design and left out
// here would not be exported.
func TestKindWriters(t *testing.T) {
	var want []design.Kind
	for _, k := range design.Kinds() {
		if k == design.KindOpaque {
			continue
		}
		want = append(want, k)
		kw, ok := kindWriters[k]
		if !ok || kw.cfn == nil || kw.tf == nil {
			t.Errorf("kind %s has no CloudFormation or Terraform writer in kindWriters", k)
		}
	}
	if len(kindWriters) != len(want) {
		t.Errorf("kindWriters has %d kinds; want %d", len(kindWriters), len(want))
	}
	slices.Sort(want)
	for name, order := range map[string][]design.Kind{"cloudFormationOrder": cloudFormationOrder, "terraformOrder": terraformOrder} {
		got := slices.Sorted(slices.Values(order))
		if !slices.Equal(got, want) {
			t.Errorf("%s lists %v; want each of %v once", name, got, want)
		}
	}
}
