package validate

import (
	"net/netip"
	"slices"
	"testing"
)

// TestCoveredBy compares coveredBy with uncovered, its allocating
// counterpart.
func TestCoveredBy(t *testing.T) {
	p := netip.MustParsePrefix
	tests := []struct {
		b      string
		blocks []string
	}{
		{"10.0.0.0/16", nil},
		{"10.0.0.0/16", []string{"10.0.0.0/8"}},
		{"10.0.0.0/24", []string{"10.0.0.0/25", "10.0.0.128/25"}},
		{"10.0.0.0/24", []string{"10.0.0.128/25", "10.0.0.0/25"}},
		{"10.0.0.0/24", []string{"10.0.0.0/25", "10.0.0.192/26"}},
		{"10.0.0.0/24", []string{"10.0.0.0/25", "10.0.0.0/26", "10.0.0.128/26", "10.0.0.192/26"}},
		{"10.0.0.0/24", []string{"10.0.0.64/26", "10.0.0.128/25"}},
		{"0.0.0.0/0", []string{"10.0.0.0/16"}},
		{"2600:1f18::/56", []string{"2600:1f18::/64"}},
	}
	for _, tt := range tests {
		var blocks []netip.Prefix
		for _, s := range tt.blocks {
			blocks = append(blocks, p(s))
		}
		_, gap := uncovered(p(tt.b), blocks)
		if got := coveredBy(p(tt.b), slices.Clone(blocks)); got != !gap {
			t.Errorf("coveredBy(%s, %v) = %v; want %v", tt.b, tt.blocks, got, !gap)
		}
	}
}
