package exporttest

import (
	"fmt"
	"strconv"
	"strings"
)

// tfVersion is a release version major.minor.patch.
type tfVersion [3]int

func (v tfVersion) cmp(w tfVersion) int {
	for i := range v {
		if v[i] != w[i] {
			if v[i] < w[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// tfParseVersion parses "1", "1.2" or "1.2.3"; it returns the number of
// parts given. Pre-release and build suffixes are not supported.
func tfParseVersion(s string) (tfVersion, int, error) {
	var v tfVersion
	parts := strings.Split(s, ".")
	if len(parts) > 3 {
		return v, 0, fmt.Errorf("version %q has more than three parts", s)
	}
	for i, p := range parts {
		if p == "" || strings.TrimLeft(p, "0123456789") != "" {
			if strings.ContainsAny(s, "-+") {
				return v, 0, fmt.Errorf("pre-release or build version %q is not supported by this checker", s)
			}
			return v, 0, fmt.Errorf("malformed version %q", s)
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return v, 0, fmt.Errorf("malformed version %q", s)
		}
		v[i] = n
	}
	return v, len(parts), nil
}

// tfVersionMatches reports whether version satisfies a provider version
// constraint: comma-joined terms "OP VERSION" with OP one of =, !=, >, >=,
// <, <=, ~> or none (meaning =). It follows Terraform's provider
// constraint rules (github.com/apparentlymart/go-versions, Ruby style):
// missing parts are zero, "~> 1" and "~> 1.2" mean >= the version and < the
// next major, "~> 1.2.3" means >= 1.2.3 and < 1.3.0; at most one space
// after the operator.
func tfVersionMatches(constraint, version string) (bool, error) {
	v, n, err := tfParseVersion(version)
	if err != nil || n != 3 {
		return false, fmt.Errorf("bad version %q", version)
	}
	if strings.TrimSpace(constraint) == "" {
		return false, fmt.Errorf("empty version constraint")
	}
	ok := true
	for _, term := range strings.Split(constraint, ",") {
		term = strings.TrimSpace(term)
		op := ""
		for _, o := range []string{"~>", ">=", "<=", "!=", "=", ">", "<"} {
			if strings.HasPrefix(term, o) {
				op = o
				break
			}
		}
		rest := term[len(op):]
		if op != "" && strings.HasPrefix(rest, "  ") {
			return false, fmt.Errorf("%q: only one space is expected after the operator", term)
		}
		rest = strings.TrimPrefix(rest, " ")
		if rest == "" {
			return false, fmt.Errorf("%q: no version", term)
		}
		if strings.HasPrefix(rest, "v") {
			return false, fmt.Errorf("%q: a \"v\" prefix is not allowed", term)
		}
		c, parts, err := tfParseVersion(rest)
		if err != nil {
			return false, fmt.Errorf("%q: %v", term, err)
		}
		d := v.cmp(c)
		var m bool
		switch op {
		case "", "=":
			m = d == 0
		case "!=":
			m = d != 0
		case ">":
			m = d > 0
		case ">=":
			m = d >= 0
		case "<":
			m = d < 0
		case "<=":
			m = d <= 0
		case "~>":
			upper := tfVersion{c[0] + 1, 0, 0}
			if parts == 3 {
				upper = tfVersion{c[0], c[1] + 1, 0}
			}
			m = d >= 0 && v.cmp(upper) < 0
		}
		ok = ok && m
	}
	return ok, nil
}
