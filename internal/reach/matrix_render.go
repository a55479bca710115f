package reach

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strings"
)

// render writes a set of elements compactly: "tcp 443, 8000-8100; udp 53;
// icmp all", with ICMP as types ("icmp 0, 8") or type/code ("icmp 3/4").
func render(elems []element, b bits) string {
	var parts []string
	for _, p := range matrixProtocols {
		var ranges []string
		lo, hi := -1, -1
		flush := func() {
			if lo >= 0 {
				ranges = append(ranges, pointRange(p, lo, hi))
			}
			lo, hi = -1, -1
		}
		for i, e := range elems {
			if e.proto != p {
				continue
			}
			switch {
			case !b.has(i):
				flush()
			case lo >= 0 && e.lo == hi+1:
				hi = e.hi
			default:
				flush()
				lo, hi = e.lo, e.hi
			}
		}
		flush()
		if len(ranges) > 0 {
			parts = append(parts, protoName(p)+" "+strings.Join(ranges, ", "))
		}
	}
	return strings.Join(parts, "; ")
}

func protoName(p int) string {
	switch p {
	case 6:
		return "tcp"
	case 17:
		return "udp"
	}
	return "icmp"
}

// pointRange writes a range of ports, or of ICMP type*256+code points.
func pointRange(p, lo, hi int) string {
	if lo == 0 && hi == 0xffff {
		return "all"
	}
	one := func(x int) string { return itoa(x) }
	if p == 1 {
		if lo&0xff == 0 && hi&0xff == 0xff {
			lo, hi = lo>>8, hi>>8
		} else {
			one = func(x int) string { return itoa(x>>8) + "/" + itoa(x&0xff) }
		}
	}
	if lo == hi {
		return one(lo)
	}
	return one(lo) + "-" + one(hi)
}

// Names returns the workloads and Internet, sorted: the sources and
// destinations of the matrix.
func (r MatrixResult) Names() []string { return r.names }

// Pair returns the pair from one name to another, and whether both are in
// the matrix (and not the same).
func (r MatrixResult) Pair(from, to string) (MatrixPair, bool) {
	i, ok1 := r.index(from)
	j, ok2 := r.index(to)
	if !ok1 || !ok2 || i == j || from == Internet && to == Internet {
		return MatrixPair{}, false
	}
	return r.pair(i, j), true
}

// Index returns the position of a name in Names, for At.
func (r MatrixResult) Index(name string) (int, bool) { return r.index(name) }

// At returns the pair between the names at positions i and j of Names
// (not the same): Pair without the lookups, for walks over every pair.
func (r MatrixResult) At(i, j int) MatrixPair { return r.pair(i, j) }

func (r MatrixResult) index(name string) (int, bool) {
	lo, hi := 0, len(r.names)
	for lo < hi {
		m := (lo + hi) / 2
		if r.names[m] < name {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(r.names) && r.names[lo] == name
}

func (r MatrixResult) pair(i, j int) MatrixPair {
	k := r.cells[int(r.classOf[i])*r.nclass+int(r.classOf[j])]
	if k < 0 {
		return MatrixPair{From: r.names[i], To: r.names[j]} // not computed (MatrixAmong)
	}
	c := r.results[k]
	return MatrixPair{From: r.names[i], To: r.names[j], Allowed: c.allowed, Unknown: c.unknown}
}

// Each calls fn for every pair, sorted by From then To, until fn returns
// false.
func (r MatrixResult) Each(fn func(MatrixPair) bool) {
	for i, a := range r.names {
		for j, b := range r.names {
			if i == j || a == Internet && b == Internet {
				continue
			}
			if !fn(r.pair(i, j)) {
				return
			}
		}
	}
}

// Pairs returns every pair, sorted by From then To.
func (r MatrixResult) Pairs() []MatrixPair {
	var out []MatrixPair
	r.Each(func(p MatrixPair) bool { out = append(out, p); return true })
	return out
}

// MarshalJSON returns {"pairs":[...]}.
func (r MatrixResult) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	err := r.WriteJSON(&b)
	return []byte(b.String()), err
}

// WriteJSON writes the matrix as {"pairs":[{"from":..,"to":..,"allowed":..,
// "unknown":..}]}, one pair a line, as it goes: each name and each distinct
// cell is encoded once, and a pair is copied from them, so that writing
// millions of pairs allocates nothing per pair. It stops at the first
// error of w.
func (r MatrixResult) WriteJSON(w io.Writer) error {
	names := make([][]byte, len(r.names))
	for i, n := range r.names {
		b, err := json.Marshal(n)
		if err != nil {
			return err
		}
		names[i] = b
	}
	cell := func(c matrixCell) ([]byte, error) {
		a, err := json.Marshal(c.allowed)
		if err != nil {
			return nil, err
		}
		u, err := json.Marshal(c.unknown)
		if err != nil {
			return nil, err
		}
		return slices.Concat([]byte(`,"allowed":`), a, []byte(`,"unknown":`), u, []byte("}")), nil
	}
	cells := make([][]byte, len(r.results))
	for i, c := range r.results {
		b, err := cell(c)
		if err != nil {
			return err
		}
		cells[i] = b
	}
	none, _ := cell(matrixCell{}) // pairs MatrixAmong left out
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(`{"pairs":[`)
	first := true
	for i, a := range r.names {
		for j, b := range r.names {
			if i == j || a == Internet && b == Internet {
				continue
			}
			if !first {
				bw.WriteByte(',')
			}
			first = false
			bw.WriteString("\n{\"from\":")
			bw.Write(names[i])
			bw.WriteString(`,"to":`)
			bw.Write(names[j])
			if k := r.cells[int(r.classOf[i])*r.nclass+int(r.classOf[j])]; k < 0 {
				bw.Write(none)
			} else {
				bw.Write(cells[k])
			}
		}
		if _, err := bw.Write(nil); err != nil {
			return err // w failed: a client gone, say
		}
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

// WriteText writes one line per pair with some allowed or unknown traffic,
// "from -> to: allowed" with " (unknown: ...)" when some verdict is
// unknown; pairs with nothing are left out.
func (r MatrixResult) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	r.Each(func(p MatrixPair) bool {
		if p.Allowed == "" && p.Unknown == "" {
			return true
		}
		allowed := p.Allowed
		if allowed == "" {
			allowed = "nothing"
		}
		bw.WriteString(p.From + " -> " + p.To + ": " + allowed)
		if p.Unknown != "" {
			bw.WriteString(" (unknown: " + p.Unknown + ")")
		}
		bw.WriteString("\n")
		return true
	})
	return bw.Flush()
}

// WriteCSV writes a header "from,to,allowed,unknown" and one row per pair.
func (r MatrixResult) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"from", "to", "allowed", "unknown"}); err != nil {
		return err
	}
	var err error
	r.Each(func(p MatrixPair) bool {
		err = cw.Write([]string{p.From, p.To, p.Allowed, p.Unknown})
		return err == nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
