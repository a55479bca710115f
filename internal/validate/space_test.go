package validate

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// randomBlock returns a masked IPv4 or IPv6 block in a small space, so that
// random pairs often nest, and sometimes the zero Prefix.
func randomBlock(rng *rand.Rand) netip.Prefix {
	switch rng.IntN(10) {
	case 0:
		return netip.Prefix{}
	case 1, 2, 3:
		a := netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 15: byte(rng.IntN(256))})
		return netip.PrefixFrom(a, 120+rng.IntN(9)).Masked()
	}
	a := netip.AddrFrom4([4]byte{10, 0, byte(rng.IntN(2)), byte(rng.IntN(256))})
	return netip.PrefixFrom(a, 23+rng.IntN(10)).Masked()
}

// TestOverlaps compares overlaps with netip.Prefix.Overlaps, both ways.
func TestOverlaps(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100000 {
		a, b := randomBlock(rng), randomBlock(rng)
		want := a.Overlaps(b)
		if got := overlaps(a, b); got != want {
			t.Fatalf("overlaps(%v, %v) = %v; want %v", a, b, got, want)
		}
		if got := overlaps(b, a); got != want {
			t.Fatalf("overlaps(%v, %v) = %v; want %v", b, a, got, want)
		}
	}
}
