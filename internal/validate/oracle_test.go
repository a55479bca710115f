package validate

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// oracleSpace is the tiny address space of TestOracle: 10.0.0.0/23.
var oracleSpace = netip.MustParsePrefix("10.0.0.0/23")

// addrAt returns the nth address of oracleSpace.
func addrAt(n int) netip.Addr {
	b := oracleSpace.Addr().As4()
	b[2], b[3] = byte(n>>8), byte(n)
	return netip.AddrFrom4(b)
}

// addrsOf returns the range of indices into oracleSpace of the addresses
// of p, which must lie inside it.
func addrsOf(p netip.Prefix) (from, to int) {
	b := p.Addr().As4()
	from = int(b[2]&1)<<8 | int(b[3])
	return from, from + 1<<(32-p.Bits())
}

// TestOracle compares subnet.overlap, subnet.outside-vpc, FreeSpace and
// Plan with brute force over every address of random designs: a VPC of
// 10.0.0.0/24 and maybe some of 10.0.1.0/25, 10.0.1.128/26, 10.0.1.192/27
// and 10.0.1.240/28, with random /26 to /28 subnets anywhere in
// 10.0.0.0/23.
func TestOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const size = 512 // addresses in oracleSpace
	for iter := range 500 {
		d := design.New("oracle")
		d.Region = "us-east-1"
		v := &design.VPC{Base: design.Base{ID: "v"}, CIDR: "10.0.0.0/24"}
		for _, s := range []string{"10.0.1.0/25", "10.0.1.128/26", "10.0.1.192/27", "10.0.1.240/28"} {
			if rng.IntN(2) == 0 {
				v.SecondaryCIDRs = append(v.SecondaryCIDRs, s)
			}
		}
		d.VPCs = map[string]*design.VPC{"v": v}
		d.Subnets = map[string]*design.Subnet{}
		var blocks []netip.Prefix
		for i := range 1 + rng.IntN(8) {
			bits := 26 + rng.IntN(3)
			n := rng.IntN(size>>(32-bits)) << (32 - bits)
			p := netip.PrefixFrom(addrAt(n), bits)
			id := fmt.Sprintf("s%d", i)
			d.Subnets[id] = &design.Subnet{Base: design.Base{ID: id}, VPC: "v", AZ: "us-east-1a", CIDR: p.String()}
			blocks = append(blocks, p)
		}

		// Brute force: who holds each address.
		inVPC := make([]bool, size)
		owners := make([][]int, size)
		for _, s := range v.IPv4CIDRs() {
			from, to := addrsOf(netip.MustParsePrefix(s))
			for n := from; n < to; n++ {
				inVPC[n] = true
			}
		}
		for i, p := range blocks {
			from, to := addrsOf(p)
			for n := from; n < to; n++ {
				owners[n] = append(owners[n], i)
			}
		}
		wantOverlap, wantOutside := map[string]bool{}, map[string]bool{}
		for n := range size {
			for _, i := range owners[n] {
				if len(owners[n]) > 1 {
					wantOverlap[fmt.Sprintf("s%d", i)] = true
				}
				if !inVPC[n] {
					wantOutside[fmt.Sprintf("s%d", i)] = true
				}
			}
		}
		shares := func(a, b string) bool {
			pb := netip.MustParsePrefix(d.Subnets[b].CIDR)
			from, to := addrsOf(netip.MustParsePrefix(d.Subnets[a].CIDR))
			for n := from; n < to; n++ {
				if pb.Contains(addrAt(n)) {
					return true
				}
			}
			return false
		}

		gotOverlap, gotOutside := map[string]bool{}, map[string]bool{}
		for _, f := range Validate(d, Config{}) {
			switch f.Code {
			case "subnet.overlap":
				if len(f.Resources) != 2 || !shares(f.Resources[0], f.Resources[1]) {
					t.Fatalf("iteration %d: %v names subnets that share no address", iter, f)
				}
				if outer, inner := d.Subnets[f.Resources[0]].CIDR, d.Subnets[f.Resources[1]].CIDR; !covers(netip.MustParsePrefix(outer), netip.MustParsePrefix(inner)) {
					t.Fatalf("iteration %d: %v names %s before %s, which it does not contain", iter, f, outer, inner)
				}
				gotOverlap[f.Resources[0]], gotOverlap[f.Resources[1]] = true, true
			case "subnet.outside-vpc":
				gotOutside[f.Resources[0]] = true
			}
		}
		if !mapsEqual(gotOverlap, wantOverlap) || !mapsEqual(gotOutside, wantOutside) {
			t.Fatalf("iteration %d: %v with subnets %v: overlapping %v, outside %v; want %v, %v",
				iter, v.IPv4CIDRs(), blocks, gotOverlap, gotOutside, wantOverlap, wantOutside)
		}

		free := make([]bool, size)
		for n := range size {
			free[n] = inVPC[n] && len(owners[n]) == 0
		}
		checkFreeSpace(t, iter, d, free)
		for bits := 24; bits <= 28; bits++ {
			checkPlan(t, iter, d, free, bits)
		}
	}
}

func mapsEqual(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// checkFreeSpace compares FreeSpace with the brute-force free addresses: it
// must cover exactly them, with aligned, ascending, disjoint prefixes of
// which no two could merge into one.
func checkFreeSpace(t *testing.T, iter int, d *design.Design, free []bool) {
	t.Helper()
	got, err := FreeSpace(d, "v")
	if err != nil {
		t.Fatalf("iteration %d: FreeSpace: %v", iter, err)
	}
	covered := make([]bool, len(free))
	for i, p := range got {
		if p.Masked() != p || !covers(oracleSpace, p) {
			t.Fatalf("iteration %d: FreeSpace = %v: %v is not an aligned prefix of the space", iter, got, p)
		}
		if i > 0 && got[i-1].Addr().Compare(p.Addr()) >= 0 {
			t.Fatalf("iteration %d: FreeSpace = %v is not ascending", iter, got)
		}
		for j, q := range got[:i] {
			if parent, _ := p.Addr().Prefix(p.Bits() - 1); q.Bits() == p.Bits() && covers(parent, q) {
				t.Fatalf("iteration %d: FreeSpace = %v: %v and %v (%d) make one prefix", iter, got, q, p, j)
			}
		}
		from, to := addrsOf(p)
		for n := from; n < to; n++ {
			if covered[n] {
				t.Fatalf("iteration %d: FreeSpace = %v overlaps itself at %v", iter, got, addrAt(n))
			}
			covered[n] = true
		}
	}
	if !slices.Equal(covered, free) {
		t.Fatalf("iteration %d: FreeSpace = %v does not cover exactly the free addresses", iter, got)
	}
}

// checkPlan compares Plan with brute force: among the free aligned /bits
// blocks, the one whose largest free aligned enclosing block is the
// smallest, the lowest first.
func checkPlan(t *testing.T, iter int, d *design.Design, free []bool, bits int) {
	t.Helper()
	allFree := func(p netip.Prefix) bool {
		if !covers(oracleSpace, p) {
			return false // reaches outside the space, so outside the VPC
		}
		from, to := addrsOf(p)
		return !slices.Contains(free[from:to], false)
	}
	var want netip.Prefix
	best := -1
	for n := 0; n < len(free); n += 1 << (32 - bits) {
		c := netip.PrefixFrom(addrAt(n), bits)
		if !allFree(c) {
			continue
		}
		k := bits
		for k > 0 {
			parent, _ := c.Addr().Prefix(k - 1)
			if !allFree(parent) {
				break
			}
			k--
		}
		if k > best {
			best, want = k, c
		}
	}
	got, err := Plan(d, "v", bits, "us-east-1b")
	switch {
	case best < 0 && !errors.Is(err, ErrNoSpace):
		t.Fatalf("iteration %d: Plan /%d = %v, %v; want ErrNoSpace", iter, bits, got, err)
	case best >= 0 && (err != nil || got != want):
		t.Fatalf("iteration %d: Plan /%d = %v, %v; want %v", iter, bits, got, err, want)
	}
}
