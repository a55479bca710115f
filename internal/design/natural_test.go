package design_test

import (
	"slices"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

func TestNaturalCompare(t *testing.T) {
	ids := []string{"vpc10", "vpc2", "a", "vpc1", "vpc01", "vpc", "vpc2b", "vpc2a", "b1"}
	slices.SortFunc(ids, design.NaturalCompare)
	want := []string{"a", "b1", "vpc", "vpc01", "vpc1", "vpc2", "vpc2a", "vpc2b", "vpc10"}
	if !slices.Equal(ids, want) {
		t.Errorf("natural order %v; want %v", ids, want)
	}
}
