package reach_test

import (
	"slices"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/reach"
)

func TestTrafficSets(t *testing.T) {
	for _, c := range []struct{ a, b, minus string }{
		{"tcp 22, 443", "tcp 443", "tcp 22"},
		{"tcp all", "tcp 22", "tcp 0-21, 23-65535"},
		{"tcp 80-90; udp 53", "tcp 85; udp all", "tcp 80-84, 86-90"},
		{"icmp all", "icmp 8", "icmp 0-7, 9-255"},
		{"icmp 3/4, 8", "icmp 3", "icmp 8"},
		{"", "tcp 1", ""},
		{"tcp 1", "", "tcp 1"},
	} {
		a, err := reach.ParseTraffic(c.a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := reach.ParseTraffic(c.b)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Minus(b).String(); got != c.minus {
			t.Errorf("%q minus %q = %q; want %q", c.a, c.b, got, c.minus)
		}
	}
	for _, bad := range []string{"tcp", "sctp 1", "tcp 70000", "tcp 9-3", "icmp 300", "tcp x"} {
		if _, err := reach.ParseTraffic(bad); err == nil {
			t.Errorf("ParseTraffic(%q) is not an error", bad)
		}
	}
}

// Every cell the matrix writes reads back as the same set.
func TestTrafficRoundTripsTheMatrix(t *testing.T) {
	m, err := reach.Matrix(designtest.Generate(designtest.Base.Scale(0.1)))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	m.Each(func(p reach.MatrixPair) bool {
		for _, s := range []string{p.Allowed, p.Unknown} {
			tr, err := reach.ParseTraffic(s)
			if err != nil || tr.String() != s {
				t.Fatalf("%s -> %s: %q reads back as %q, %v", p.From, p.To, s, tr.String(), err)
			}
			n++
		}
		return true
	})
	if n == 0 {
		t.Fatal("the matrix has no pairs")
	}
}

// MatrixAmong has exactly Matrix's pairs where it computes them.
func TestMatrixAmong(t *testing.T) {
	d := designtest.Generate(designtest.Base.Scale(0.1))
	full, _ := reach.Matrix(d)
	names := full.Names()
	some := []string{names[1], names[len(names)/2], reach.Internet}
	part, err := reach.New(d).MatrixAmong(some)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	full.Each(func(p reach.MatrixPair) bool {
		q, _ := part.Pair(p.From, p.To)
		if slices.Contains(some, p.From) || slices.Contains(some, p.To) {
			if q != p {
				t.Fatalf("%s -> %s: MatrixAmong %+v, Matrix %+v", p.From, p.To, q, p)
			}
			n++
		}
		return true
	})
	if n < 2*len(names) {
		t.Errorf("only %d pairs compared", n)
	}
}
