package store_test

import (
	"errors"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/internal/store/storetest"
)

// Revert takes back what a revision did while what it touched is as it
// left it, and refuses, writing nothing, once someone changed it since:
// undoing an edit never throws away a later one.
func TestRevert(t *testing.T) {
	s, _ := storetest.New(t)
	info, err := s.CreateDesign(ctx, storetest.Team, example(t), "ana")
	if err != nil {
		t.Fatal(err)
	}
	apply := func(base int64, author string, ops ...design.Op) int64 {
		t.Helper()
		rev, err := s.Apply(ctx, info.ID, base, ops, author)
		if err != nil {
			t.Fatalf("%s: apply from %d: %v", author, base, err)
		}
		return rev.Version
	}
	cidr := func(id string) string {
		t.Helper()
		_, d, err := s.Design(ctx, info.ID)
		if err != nil {
			t.Fatal(err)
		}
		r, ok := d.Lookup(id)
		if !ok {
			return "(none)"
		}
		return r.(*design.Subnet).CIDR
	}
	revert := func(v int64) (int64, error) {
		t.Helper()
		rev, err := s.Revert(ctx, info.ID, v, "ana")
		return rev.Version, err
	}

	anaA := apply(1, "ana", putSubnet("x-a", "10.0.100.0/24"))     // 2
	anaB := apply(anaA, "ana", putSubnet("x-b", "10.0.101.0/24"))  // 3
	boA := apply(anaB, "bo", putSubnet("x-a", "10.0.102.0/24"))    // 4
	anaA2 := apply(boA, "ana", putSubnet("x-a2", "10.0.103.0/24")) // 5, another resource
	if _, err := revert(anaA); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("Revert(%d) after bo changed x-a = %v; want a conflict", anaA, err)
	} else if ce := (*store.ConflictError)(nil); !errors.As(err, &ce) || ce.Changed["x-a"] != boA || len(ce.Changed) != 1 {
		t.Errorf("conflict %+v; want x-a changed at version %d", ce, boA)
	}
	if got := cidr("x-a"); got != "10.0.102.0/24" {
		t.Fatalf("after a refused revert x-a = %s; want bo's 10.0.102.0/24", got)
	}
	// Changes of other resources since do not stand in the way.
	undoB, err := revert(anaB)
	if err != nil || cidr("x-b") != "(none)" {
		t.Fatalf("Revert(%d) of an untouched add = %v, x-b %s; want it gone", anaB, err, cidr("x-b"))
	}
	// Reverting the revert redoes.
	redoB, err := revert(undoB)
	if err != nil || cidr("x-b") != "10.0.101.0/24" {
		t.Fatalf("Revert(%d), a revert = %v, x-b %s; want x-b back", undoB, err, cidr("x-b"))
	}
	// Two undos in a row: the later edit, undone first, is no obstacle.
	again := apply(redoB, "ana", putSubnet("x-a2", "10.0.104.0/24"))
	if _, err := revert(again); err != nil {
		t.Fatalf("Revert(%d) = %v", again, err)
	}
	if _, err := revert(anaA2); err != nil || cidr("x-a2") != "(none)" {
		t.Fatalf("Revert(%d) after its later edit was reverted = %v, x-a2 %s; want it gone", anaA2, err, cidr("x-a2"))
	}
	var nd *store.NothingToDoError
	if _, err := revert(1); !errors.As(err, &nd) {
		t.Errorf("Revert(1) = %v; want nothing to do", err)
	}
	if _, err := revert(99); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Revert(99) = %v; want ErrNotFound", err)
	}
}
