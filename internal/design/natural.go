package design

import (
	"cmp"
	"strings"
)

// NaturalCompare orders IDs as people count: runs of digits by their
// value, so that "vpc2" comes before "vpc10"; other bytes, and IDs equal
// in that order ("vpc01" and "vpc1"), by byte, so that the order is total.
func NaturalCompare(p, q string) int {
	i, j := 0, 0
	for i < len(p) && j < len(q) {
		if isDigit(p[i]) && isDigit(q[j]) {
			ei, ej := digitsEnd(p, i), digitsEnd(q, j)
			a, b := strings.TrimLeft(p[i:ei], "0"), strings.TrimLeft(q[j:ej], "0")
			if len(a) != len(b) {
				return cmp.Compare(len(a), len(b))
			}
			if c := strings.Compare(a, b); c != 0 {
				return c
			}
			i, j = ei, ej
			continue
		}
		if p[i] != q[j] {
			return cmp.Compare(p[i], q[j])
		}
		i++
		j++
	}
	if c := cmp.Compare(len(p)-i, len(q)-j); c != 0 {
		return c
	}
	return strings.Compare(p, q)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}
