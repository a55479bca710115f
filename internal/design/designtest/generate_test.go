package designtest

import (
	"bytes"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

func TestGenerateBaseSize(t *testing.T) {
	d := Generate(Base)
	custom := func(n int, per int) int { return n - Base.VPCs*per }
	got := []int{len(d.VPCs), len(d.Subnets), len(d.Workloads), custom(len(d.SecurityGroups), 1), custom(len(d.RouteTables), 1), custom(len(d.NetworkACLs), 1)}
	want := []int{50, 1000, 2000, 300, 200, 100}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("Generate(Base) counts = %v; want %v", got, want)
			break
		}
	}
	for _, rt := range d.RouteTables {
		if !rt.Main && len(rt.Routes) != 20 {
			t.Fatalf("route table %s has %d routes; want 20", rt.ID, len(rt.Routes))
		}
	}
	if errs := design.Check(d); len(errs) > 0 {
		t.Errorf("Check(Generate(Base)) = %v", errs[0])
	}
	a, _ := design.Marshal(d)
	b, _ := design.Marshal(Generate(Base))
	if !bytes.Equal(a, b) {
		t.Error("Generate is not deterministic")
	}
}
