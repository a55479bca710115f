package web

import (
	"errors"
	"testing"
)

func TestAdmission(t *testing.T) {
	a := newAdmission(4, 2)
	ana1, err := a.admit("ana", 1)
	if err != nil {
		t.Fatal(err)
	}
	// A request larger than a caller's share is cut to the share: ana's
	// second unit is free, so it takes it and runs.
	if err := ana1.raise(9); err != nil || ana1.units != 2 {
		t.Errorf("raise(9) with a share of 2 = %v, %d units; want nil, 2", err, ana1.units)
	}
	var be *busyError
	if _, err := a.admit("ana", 1); !errors.As(err, &be) || !be.mine {
		t.Errorf("ana's next request = %v; want her own share full", err)
	}
	bo, err := a.admit("bo", 2)
	if err != nil {
		t.Fatalf("bo's request = %v; want admitted", err)
	}
	if _, err := a.admit("cy", 1); !errors.As(err, &be) || be.mine {
		t.Errorf("cy's request with the server full = %v; want the server's share full", err)
	}
	bo.release()
	ana1.release()
	if a.used != 0 || len(a.byCaller) != 0 {
		t.Errorf("after every release: %d units used, %v; want none", a.used, a.byCaller)
	}
	if _, err := a.admit("cy", 2); err != nil {
		t.Errorf("cy after the releases = %v; want admitted", err)
	}
	// What a route cost on a design is what the next request of it is
	// admitted with.
	const key = "/api/v1/designs/:id/matrix d1"
	if n := a.cost(key); n != 1 {
		t.Errorf("cost of a route never charged = %d; want 1", n)
	}
	a.learn(key, 3)
	if n := a.cost(key); n != 3 {
		t.Errorf("cost after a charge of 3 = %d; want 3", n)
	}
}
