package importer

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"
)

func TestCidrSubnets(t *testing.T) {
	tests := []struct {
		block       string
		count, bits int
		want        string
	}{
		{"10.0.0.0/16", 4, 8, "[10.0.0.0/24 10.0.1.0/24 10.0.2.0/24 10.0.3.0/24]"},
		{"10.0.1.5/24", 2, 7, "[10.0.1.0/25 10.0.1.128/25]"},
		{"10.0.0.0/24", 1, 8, "[10.0.0.0/24]"},
		{"0.0.0.0/0", 2, 31, "[0.0.0.0/1 128.0.0.0/1]"},
		{"2600:1f18::/56", 3, 64, "[2600:1f18::/64 2600:1f18:0:1::/64 2600:1f18:0:2::/64]"},
		{"2001:db8::/127", 2, 0, "error"},
		{"2001:db8::/126", 2, 1, "[2001:db8::/127 2001:db8::2/127]"},
		{"2001:db8::/126", 3, 1, "error"},
		{"10.0.0.0/30", 5, 0, "error"},
		{"10.0.0.0/30", 4, 1, "error"},
	}
	for _, tt := range tests {
		got, err := cidrSubnets(tt.block, tt.count, tt.bits)
		s := fmt.Sprint(got)
		if err != nil {
			s = "error"
		}
		if s != tt.want {
			t.Errorf("cidrSubnets(%s, %d, %d) = %s (%v); want %s", tt.block, tt.count, tt.bits, s, err, tt.want)
		}
	}
}

// TestCidrSubnetsOracle compares cidrSubnets with plain integer arithmetic
// on random IPv4 blocks.
func TestCidrSubnetsOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		base := r.Uint32()
		plen := 16 + r.IntN(17)
		bits := 1 + r.IntN(32)
		count := 1 + r.IntN(20)
		block := netip.PrefixFrom(u32addr(base), plen)
		got, err := cidrSubnets(block.String(), count, bits)

		newLen := 32 - bits
		var want []netip.Prefix
		ok := newLen >= plen && uint64(count) <= uint64(1)<<(newLen-plen)
		if ok {
			start := uint64(base) &^ (uint64(1)<<(32-plen) - 1)
			for i := range count {
				want = append(want, netip.PrefixFrom(u32addr(uint32(start+uint64(i)<<bits)), newLen))
			}
		}
		switch {
		case ok && err != nil:
			t.Fatalf("cidrSubnets(%s, %d, %d) error %v; want %v", block, count, bits, err, want)
		case !ok && err == nil:
			t.Fatalf("cidrSubnets(%s, %d, %d) = %v; want an error", block, count, bits, got)
		case ok && !slices.Equal(got, want):
			t.Fatalf("cidrSubnets(%s, %d, %d) = %v; want %v", block, count, bits, got, want)
		}
	}
}

func u32addr(v uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}
