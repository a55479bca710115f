package validate

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
	"go4.org/netipx"
)

// vpcBlock is one CIDR block of a VPC as written, with its place in the
// design.
type vpcBlock struct {
	path string // "vpc[app].secondary_cidrs[0]"
	raw  string
	// p is the masked block; the zero Prefix when the value is unknown,
	// malformed or of the other address family.
	p netip.Prefix
	// secondary reports whether this is an IPv4 block other than the
	// primary one.
	secondary bool
}

// vpcSpace is the address space of one VPC: its blocks as written, which
// the CIDR, subnet and route rules share.
type vpcSpace struct {
	id     string // the VPC's
	v4, v6 []vpcBlock
}

func newSpace(v *design.VPC) *vpcSpace {
	s := &vpcSpace{id: v.ID}
	path := design.Path(v)
	if v.CIDR != "" {
		s.v4 = append(s.v4, newBlock(path+".cidr", v.CIDR, true, false))
	}
	for i, b := range v.SecondaryCIDRs {
		s.v4 = append(s.v4, newBlock(fmt.Sprintf("%s.secondary_cidrs[%d]", path, i), b, true, true))
	}
	for i, b := range v.IPv6CIDRs {
		s.v6 = append(s.v6, newBlock(fmt.Sprintf("%s.ipv6_cidrs[%d]", path, i), b, false, false))
	}
	return s
}

func newBlock(path, raw string, v4, secondary bool) vpcBlock {
	b := vpcBlock{path: path, raw: raw, secondary: secondary}
	if p, ok := design.KnownCIDR(raw); ok && p.Addr().Is4() == v4 {
		b.p = p
	}
	return b
}

// blocks returns the VPC's blocks of the family of p.
func (s *vpcSpace) blocks(p netip.Prefix) []vpcBlock {
	if p.Addr().Is4() {
		return s.v4
	}
	return s.v6
}

// within returns the block of the VPC that covers p, if any.
func (s *vpcSpace) within(p netip.Prefix) (vpcBlock, bool) {
	for _, b := range s.blocks(p) {
		if b.p.IsValid() && covers(b.p, p) {
			return b, true
		}
	}
	return vpcBlock{}, false
}

// complete reports whether every block of the VPC of p's family is known
// and well formed, so that "not inside any block" is a fact rather than a
// gap in the design.
func (s *vpcSpace) complete(p netip.Prefix) bool {
	for _, b := range s.blocks(p) {
		if !b.p.IsValid() {
			return false
		}
	}
	return true
}

// covers reports whether outer contains every address of inner.
func covers(outer, inner netip.Prefix) bool {
	return outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

// overlaps reports whether the masked blocks a and b share an address: the
// one with the shorter prefix then contains the other's first address. It
// is much cheaper than netip.Prefix.Overlaps, which masks both, and the
// NACL rules compare every pair of entries.
func overlaps(a, b netip.Prefix) bool {
	return a.Contains(b.Addr()) || b.Contains(a.Addr())
}

// coveredByAny reports whether one of the prefixes covers p.
func coveredByAny(p netip.Prefix, of ...netip.Prefix) bool {
	return slices.ContainsFunc(of, func(o netip.Prefix) bool { return covers(o, p) })
}

// span is a block to sweep for overlaps: the index of its owner in the
// caller's list, and its first and last address.
type span struct {
	i           int
	first, last netip.Addr
}

func spanOf(i int, p netip.Prefix) span {
	return span{i: i, first: p.Addr(), last: netipx.PrefixLastIP(p)}
}

// overlapping returns the overlapping pairs among blocks of one address
// family as [outer, inner] indices, in O(n log n): the spans are sorted by
// first address, larger first at equal starts (equal blocks by index), and
// swept while remembering the span that reaches furthest. CIDR blocks
// either nest or are disjoint, so every block that overlaps another appears
// in at least one pair, paired with the outermost block that contains it
// (for equal blocks, the one with the lowest index).
func overlapping(spans []span) [][2]int {
	slices.SortFunc(spans, func(a, b span) int {
		if c := a.first.Compare(b.first); c != 0 {
			return c
		}
		if c := b.last.Compare(a.last); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	var out [][2]int
	reach := -1 // index into spans of the span reaching furthest so far
	for k, s := range spans {
		if reach >= 0 && s.first.Compare(spans[reach].last) <= 0 {
			out = append(out, [2]int{spans[reach].i, s.i})
		}
		if reach < 0 || s.last.Compare(spans[reach].last) > 0 {
			reach = k
		}
	}
	return out
}

// field returns the part of a design path after the resource:
// "routes[2].destination" for "route-table[rt].routes[2].destination".
func field(path string) string {
	if i := strings.Index(path, "]."); i >= 0 {
		return path[i+2:]
	}
	return ""
}

// targetName returns "nat-gateway `nat-a`" or "local".
func targetName(t design.Target) string {
	if t.ID == "" {
		return string(t.Type)
	}
	return fmt.Sprintf("%s `%s`", t.Type, t.ID)
}
