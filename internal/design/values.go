package design

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
)

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,254}$`)

// ValidID reports whether id may name a resource: 1 to 255 letters, digits,
// '.', '_', ':' or '-', starting with a letter or digit. CloudFormation
// logical IDs are valid IDs.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// ParseCIDR parses a CIDR block such as "10.0.0.0/16" or "2600:1f18::/56".
// Unlike netip.ParsePrefix it rejects IPv4-mapped IPv6 and zones, and it
// keeps host bits: "10.0.1.5/24" parses, and the caller decides whether to
// report it (see validate's cidr.host-bits).
func ParseCIDR(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not a CIDR block (want a.b.c.d/n or an IPv6 prefix)", s)
	}
	if p.Addr().Is4In6() || p.Addr().Zone() != "" {
		return netip.Prefix{}, fmt.Errorf("%q is not a plain IPv4 or IPv6 CIDR block", s)
	}
	return p, nil
}

// ParseAddr parses an IPv4 or IPv6 address without a zone.
func ParseAddr(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" || a.Is4In6() {
		return netip.Addr{}, fmt.Errorf("%q is not an IP address", s)
	}
	return a, nil
}

// Protocol names an IP protocol: "all", "tcp", "udp", "icmp", "icmpv6", or
// another protocol by its decimal number ("47").
type Protocol string

// The protocols with names.
const (
	ProtocolAll    Protocol = "all"
	ProtocolTCP    Protocol = "tcp"
	ProtocolUDP    Protocol = "udp"
	ProtocolICMP   Protocol = "icmp"
	ProtocolICMPv6 Protocol = "icmpv6"
)

var protocolNumbers = map[Protocol]int{ProtocolTCP: 6, ProtocolUDP: 17, ProtocolICMP: 1, ProtocolICMPv6: 58}

// ParseProtocol turns the spellings used by AWS ("-1", "6", "TCP", "tcp",
// "all") into a Protocol.
func ParseProtocol(s string) (Protocol, error) {
	switch s {
	case "-1", "all", "ALL", "All":
		return ProtocolAll, nil
	}
	for name, num := range protocolNumbers {
		if s == string(name) || s == strconv.Itoa(num) || s == upper(string(name)) {
			return name, nil
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 255 {
		return "", fmt.Errorf("%q is not a protocol (want all, tcp, udp, icmp, icmpv6 or a number 0-255)", s)
	}
	return Protocol(strconv.Itoa(n)), nil
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// Number returns the IANA protocol number, or -1 for ProtocolAll.
func (p Protocol) Number() int {
	if p == ProtocolAll {
		return -1
	}
	if n, ok := protocolNumbers[p]; ok {
		return n
	}
	n, err := strconv.Atoi(string(p))
	if err != nil {
		return -1
	}
	return n
}

// HasPorts reports whether the protocol carries ports (tcp and udp).
func (p Protocol) HasPorts() bool { return p == ProtocolTCP || p == ProtocolUDP }

// IsICMP reports whether the protocol is ICMP or ICMPv6.
func (p Protocol) IsICMP() bool { return p == ProtocolICMP || p == ProtocolICMPv6 }

// valid reports whether p is in canonical form: a name, or the decimal
// number of a protocol that has no name here.
func (p Protocol) valid() bool {
	switch p {
	case ProtocolAll, ProtocolTCP, ProtocolUDP, ProtocolICMP, ProtocolICMPv6:
		return true
	}
	n, err := strconv.Atoi(string(p))
	if err != nil || n < 0 || n > 255 || strconv.Itoa(n) != string(p) {
		return false
	}
	switch n {
	case 1, 6, 17, 58:
		return false
	}
	return true
}

// PortRange is an inclusive range of TCP or UDP ports.
type PortRange struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// AllPorts is the range 0-65535.
var AllPorts = PortRange{From: 0, To: 65535}

// Contains reports whether port is in r.
func (r PortRange) Contains(port int) bool { return r.From <= port && port <= r.To }

// Covers reports whether r contains every port of s.
func (r PortRange) Covers(s PortRange) bool { return r.From <= s.From && s.To <= r.To }

// String returns "443" or "1024-65535".
func (r PortRange) String() string {
	if r.From == r.To {
		return strconv.Itoa(r.From)
	}
	return strconv.Itoa(r.From) + "-" + strconv.Itoa(r.To)
}

// ICMPMatch selects ICMP messages by type and code; -1 matches any.
type ICMPMatch struct {
	Type int `json:"type"`
	Code int `json:"code"`
}

// Action is what a network ACL entry does with the traffic it matches.
type Action string

// The actions.
const (
	Allow Action = "allow"
	Deny  Action = "deny"
)

// field names a field of a resource, relative to the resource's path, and
// is formatted only when a problem is reported: {".routes", 2,
// ".target.id"} is ".routes[2].target.id". Checking a large design builds
// no strings for the fields that are fine.
type field struct {
	name string
	i    int // index into the list name, or -1
	rest string
}

// at names a plain field such as ".cidr".
func at(name string) field { return field{name: name, i: -1} }

// item names entry i of a list field such as ".routes".
func item(list string, i int) field { return field{name: list, i: i} }

// dot names a field inside f: item(".routes", 2).dot(".target.id").
func (f field) dot(rest string) field {
	if f.rest == "" {
		f.rest = rest // the usual case, without a concatenation
	} else {
		f.rest += rest
	}
	return f
}

func (f field) String() string {
	if f.i < 0 {
		return f.name + f.rest
	}
	return f.name + "[" + strconv.Itoa(f.i) + "]" + f.rest
}

// checker collects the structural problems of resources; r is the one
// being checked, whose path prefixes the fields reported.
type checker struct {
	r    Resource
	errs []*FieldError
	// lookup resolves the IDs that references name, for checkRefs.
	lookup func(string) (Resource, bool)
	// visit is c.ref, bound once rather than once per resource checked.
	visit refVisitor
	// wellFormed, when not nil, holds the CIDR values found well formed so
	// far: a design names the same blocks in many rules and routes, and
	// parsing them again was a large part of checking a large design.
	wellFormed map[string]bool
	// onCIDR, when not nil, receives every known CIDR value instead of
	// checking it (see EachCIDR).
	onCIDR func(f field, s string)
}

// newChecker returns a checker whose checkRefs resolves IDs through lookup.
func newChecker(lookup func(string) (Resource, bool)) *checker {
	c := &checker{lookup: lookup}
	c.visit = c.ref
	return c
}

func (c *checker) add(f field, reason Reason, format string, args ...any) {
	c.errs = append(c.errs, fieldErrorf(Path(c.r)+f.String(), reason, format, args...))
}

// cidr checks an optional CIDR field; unknown values pass.
func (c *checker) cidr(f field, s string, required bool) {
	if s == "" {
		if required {
			c.add(f, ReasonInvalid, "missing CIDR block")
		}
		return
	}
	if IsUnknown(s) || c.wellFormed[s] {
		return
	}
	if c.onCIDR != nil {
		c.onCIDR(f, s)
		return
	}
	if _, err := ParseCIDR(s); err != nil {
		c.add(f, ReasonCIDR, "%v", err)
	} else if c.wellFormed != nil {
		c.wellFormed[s] = true
	}
}

// addr checks an optional address field; unknown values pass.
func (c *checker) addr(f field, s string) {
	if s == "" || IsUnknown(s) {
		return
	}
	if _, err := ParseAddr(s); err != nil {
		c.add(f, ReasonCIDR, "%v", err)
	}
}

func (c *checker) required(f field, s string) {
	if s == "" {
		c.add(f, ReasonInvalid, "missing value")
	}
}

func (c *checker) oneOf(f field, s string, allowed ...string) {
	if slices.Contains(allowed, s) || IsUnknown(s) {
		return
	}
	c.add(f, ReasonInvalid, "%q is not one of %v", s, slices.Clone(allowed))
}

func (c *checker) protocol(f field, p Protocol) {
	if !p.valid() {
		c.add(f, ReasonInvalid, "%q is not a protocol (want all, tcp, udp, icmp, icmpv6 or a number 0-255)", string(p))
	}
}

func (c *checker) ports(f field, r *PortRange) {
	if r == nil {
		return
	}
	if r.From < 0 || r.From > 65535 || r.To < 0 || r.To > 65535 {
		c.add(f, ReasonInvalid, "port range %d-%d outside 0-65535", r.From, r.To)
	} else if r.From > r.To {
		c.add(f, ReasonInvalid, "port range %d-%d runs backwards", r.From, r.To)
	}
}

func (c *checker) icmp(f field, m *ICMPMatch) {
	if m == nil {
		return
	}
	if m.Type < -1 || m.Type > 255 || m.Code < -1 || m.Code > 255 {
		c.add(f, ReasonInvalid, "ICMP type %d code %d outside -1..255", m.Type, m.Code)
	}
}

// KnownCIDR parses s as a CIDR block and masks it. It reports false for an
// empty, unknown or malformed value, which analyses skip (Check reports the
// malformed ones).
func KnownCIDR(s string) (netip.Prefix, bool) {
	if s == "" || IsUnknown(s) {
		return netip.Prefix{}, false
	}
	p, err := ParseCIDR(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	return p.Masked(), true
}

// FieldPath is the design path of a field of a resource, such as
// "route-table[rt].routes[2].destination", built by String only when
// needed.
type FieldPath struct {
	r Resource
	f field
}

// String returns the path.
func (p FieldPath) String() string { return Path(p.r) + p.f.String() }

// EachCIDR calls fn for every known CIDR value of the design — VPC and
// subnet blocks, route, network ACL, security group rule and transit
// gateway route destinations, prefix-list entries — with its resource and
// the path of its field, in no particular order. It neither parses nor
// checks the values.
func EachCIDR(d *Design, fn func(r Resource, value string, at FieldPath)) {
	c := &checker{}
	c.onCIDR = func(f field, s string) { fn(c.r, s, FieldPath{c.r, f}) }
	for _, k := range kinds {
		k.unordered(d, func(r Resource) {
			c.r = r
			r.check(c)
		})
	}
}
