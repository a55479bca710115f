package reach

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Traffic is a set of traffic as the matrix writes it ("tcp 443,
// 8000-8100; udp 53; icmp all"): ranges of ports, or of ICMP points
// (type*256+code), per protocol. Reviews subtract one version's from
// another's to say what a change opened or closed.
type Traffic struct {
	ranges []pointSpan // sorted by protocol (tcp, udp, icmp) then lo, disjoint, not adjacent
}

type pointSpan struct{ proto, lo, hi int }

// ParseTraffic reads the compact form MatrixPair uses; "" is no traffic.
func ParseTraffic(s string) (Traffic, error) {
	var t Traffic
	if strings.TrimSpace(s) == "" {
		return t, nil
	}
	for _, part := range strings.Split(s, ";") {
		name, list, ok := strings.Cut(strings.TrimSpace(part), " ")
		proto := map[string]int{"tcp": 6, "udp": 17, "icmp": 1}[name]
		if !ok || proto == 0 {
			return Traffic{}, fmt.Errorf("traffic %q: %q is not tcp, udp or icmp with ranges", s, part)
		}
		for _, r := range strings.Split(list, ",") {
			lo, hi, err := parseSpan(proto, strings.TrimSpace(r))
			if err != nil {
				return Traffic{}, fmt.Errorf("traffic %q: %w", s, err)
			}
			t.ranges = append(t.ranges, pointSpan{proto, lo, hi})
		}
	}
	t.normalize()
	return t, nil
}

func parseSpan(proto int, s string) (int, int, error) {
	if s == "all" {
		return 0, 0xffff, nil
	}
	a, b, isRange := strings.Cut(s, "-")
	lo, err := parsePoint(proto, a, false)
	if err != nil {
		return 0, 0, err
	}
	if !isRange {
		hi, _ := parsePoint(proto, a, true)
		return lo, hi, nil
	}
	hi, err := parsePoint(proto, b, true)
	if err != nil || hi < lo {
		return 0, 0, fmt.Errorf("range %q", s)
	}
	return lo, hi, nil
}

// parsePoint reads a port, or an ICMP type (all its codes: the first or
// last point) or type/code.
func parsePoint(proto int, s string, last bool) (int, error) {
	if proto == 1 {
		typ, code, hasCode := strings.Cut(s, "/")
		t, err := strconv.Atoi(typ)
		if err != nil || t < 0 || t > 255 {
			return 0, fmt.Errorf("ICMP type %q", s)
		}
		if !hasCode {
			if last {
				return t<<8 | 0xff, nil
			}
			return t << 8, nil
		}
		c, err := strconv.Atoi(code)
		if err != nil || c < 0 || c > 255 {
			return 0, fmt.Errorf("ICMP code %q", s)
		}
		return t<<8 | c, nil
	}
	p, err := strconv.Atoi(s)
	if err != nil || p < 0 || p > 0xffff {
		return 0, fmt.Errorf("port %q", s)
	}
	return p, nil
}

var protoOrder = map[int]int{6: 0, 17: 1, 1: 2}

func (t *Traffic) normalize() {
	slices.SortFunc(t.ranges, func(a, b pointSpan) int {
		if protoOrder[a.proto] != protoOrder[b.proto] {
			return protoOrder[a.proto] - protoOrder[b.proto]
		}
		return a.lo - b.lo
	})
	var out []pointSpan
	for _, r := range t.ranges {
		if n := len(out); n > 0 && out[n-1].proto == r.proto && r.lo <= out[n-1].hi+1 {
			out[n-1].hi = max(out[n-1].hi, r.hi)
			continue
		}
		out = append(out, r)
	}
	t.ranges = out
}

// Empty says whether there is no traffic.
func (t Traffic) Empty() bool { return len(t.ranges) == 0 }

// Minus is the traffic of t that o does not have.
func (t Traffic) Minus(o Traffic) Traffic {
	var out []pointSpan
	for _, r := range t.ranges {
		lo := r.lo
		for _, x := range o.ranges {
			if x.proto != r.proto || x.hi < lo || x.lo > r.hi {
				continue
			}
			if x.lo > lo {
				out = append(out, pointSpan{r.proto, lo, x.lo - 1})
			}
			lo = x.hi + 1
			if lo > r.hi {
				break
			}
		}
		if lo <= r.hi {
			out = append(out, pointSpan{r.proto, lo, r.hi})
		}
	}
	res := Traffic{ranges: out}
	res.normalize()
	return res
}

// Has says whether the traffic includes a port (or ICMP point) of proto
// ("tcp", "udp", "icmp").
func (t Traffic) Has(proto string, point int) bool {
	p := map[string]int{"tcp": 6, "udp": 17, "icmp": 1}[proto]
	for _, r := range t.ranges {
		if r.proto == p && r.lo <= point && point <= r.hi {
			return true
		}
	}
	return false
}

// String writes the compact form, as the matrix does.
func (t Traffic) String() string {
	var parts []string
	for i := 0; i < len(t.ranges); {
		p := t.ranges[i].proto
		var rs []string
		for ; i < len(t.ranges) && t.ranges[i].proto == p; i++ {
			rs = append(rs, pointRange(p, t.ranges[i].lo, t.ranges[i].hi))
		}
		parts = append(parts, protoName(p)+" "+strings.Join(rs, ", "))
	}
	return strings.Join(parts, "; ")
}
