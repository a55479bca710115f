package validate

import (
	"fmt"
	"net/netip"

	"go4.org/netipx"

	"github.com/vpcboard/vpcboard/internal/design"
)

// traffic is what a network ACL entry or a security group rule matches
// apart from addresses: a protocol and a range on that protocol's second
// dimension. The dimension is the port for TCP and UDP, type*256+code for
// ICMP and ICMPv6 (so "type 3, any code" is the range 768-1023), and the
// single point 0 for other protocols. Protocol -1 is every protocol, and
// then the range is the whole dimension.
//
// Putting ports and ICMP on one integer axis lets one piece of interval
// logic decide coverage for NACL shadowing and redundant SG rules.
type traffic struct {
	proto  int
	lo, hi int
}

// dimMax is the top of every protocol's second dimension: port 65535, or
// ICMP type 255 code 255.
const dimMax = 0xffff

// The IANA protocol numbers the rules look at.
const (
	protoAll    = -1
	protoICMP   = 1
	protoTCP    = 6
	protoUDP    = 17
	protoICMPv6 = 58
)

// trafficOf returns the traffic of a protocol with its optional ports and
// ICMP match, and false if any of them is malformed (checkStructure reports
// those).
func trafficOf(p design.Protocol, ports *design.PortRange, icmp *design.ICMPMatch) (traffic, bool) {
	n, ok := protocolNumber(p)
	if !ok {
		return traffic{}, false
	}
	switch {
	case p == design.ProtocolAll:
		return traffic{protoAll, 0, dimMax}, true
	case p.HasPorts():
		r := design.AllPorts
		if ports != nil {
			r = *ports
		}
		if r.From < 0 || r.To > dimMax || r.From > r.To {
			return traffic{}, false
		}
		return traffic{n, r.From, r.To}, true
	case p.IsICMP():
		switch {
		case icmp == nil || icmp.Type == -1:
			return traffic{n, 0, dimMax}, true
		case icmp.Type < 0 || icmp.Type > 255 || icmp.Code < -1 || icmp.Code > 255:
			return traffic{}, false
		case icmp.Code == -1:
			return traffic{n, icmp.Type << 8, icmp.Type<<8 | 0xff}, true
		}
		return traffic{n, icmp.Type<<8 | icmp.Code, icmp.Type<<8 | icmp.Code}, true
	}
	return traffic{n, 0, 0}, true
}

// protocolNumber returns the IANA number of a well-formed protocol (-1 for
// all). The named protocols, which nearly every rule uses, skip
// design.ParseProtocol.
func protocolNumber(p design.Protocol) (int, bool) {
	switch p {
	case design.ProtocolAll:
		return protoAll, true
	case design.ProtocolTCP:
		return protoTCP, true
	case design.ProtocolUDP:
		return protoUDP, true
	case design.ProtocolICMP:
		return protoICMP, true
	case design.ProtocolICMPv6:
		return protoICMPv6, true
	}
	if q, err := design.ParseProtocol(string(p)); err != nil || q != p {
		return 0, false
	}
	return p.Number(), true
}

// covers reports whether t matches every packet o matches.
func (t traffic) covers(o traffic) bool {
	return t.proto == protoAll || (t.proto == o.proto && t.lo <= o.lo && o.hi <= t.hi)
}

// overlaps reports whether some packet matches both t and o.
func (t traffic) overlaps(o traffic) bool {
	return t.proto == protoAll || o.proto == protoAll || (t.proto == o.proto && t.lo <= o.hi && o.lo <= t.hi)
}

// matches reports whether t matches a packet of protocol proto at point x
// of its second dimension.
func (t traffic) matches(proto, x int) bool {
	return t.proto == protoAll || (t.proto == proto && t.lo <= x && x <= t.hi)
}

// allPoints reports whether t spans its protocol's whole second dimension
// (all ports, all ICMP types).
func (t traffic) allPoints() bool { return t.lo == 0 && t.hi == dimMax }

// String returns "all traffic", "tcp 443", "udp 1024-65535", "tcp (all
// ports)", "icmp type 8 code 0" or "protocol 47".
func (t traffic) String() string {
	name := protocolName(t.proto)
	switch t.proto {
	case protoAll:
		return "all traffic"
	case protoTCP, protoUDP:
		if t.allPoints() {
			return name + " (all ports)"
		}
		return name + " " + design.PortRange{From: t.lo, To: t.hi}.String()
	case protoICMP, protoICMPv6:
		switch {
		case t.allPoints():
			return name + " (all types)"
		case t.lo&0xff == 0 && t.hi == t.lo|0xff:
			return fmt.Sprintf("%s type %d", name, t.lo>>8)
		}
		return fmt.Sprintf("%s type %d code %d", name, t.lo>>8, t.lo&0xff)
	}
	return name
}

func protocolName(n int) string {
	switch n {
	case protoAll:
		return "all"
	case protoTCP:
		return "tcp"
	case protoUDP:
		return "udp"
	case protoICMP:
		return "icmp"
	case protoICMPv6:
		return "icmpv6"
	}
	return fmt.Sprintf("protocol %d", n)
}

// uncovered returns the first largest block inside p that no block of
// blocks covers, or false when their union contains every address of p. It
// splits p in halves only where smaller blocks lie, so it costs
// O(len(blocks) x prefix length).
func uncovered(p netip.Prefix, blocks []netip.Prefix) (netip.Prefix, bool) {
	var inside []netip.Prefix
	for _, b := range blocks {
		switch {
		case covers(b, p):
			return netip.Prefix{}, false
		case b.Bits() > p.Bits() && p.Contains(b.Addr()):
			inside = append(inside, b)
		}
	}
	if len(inside) == 0 {
		return p, true
	}
	lo := netip.PrefixFrom(p.Addr(), p.Bits()+1)
	if gap, ok := uncovered(lo, inside); ok {
		return gap, true
	}
	return uncovered(netip.PrefixFrom(netipx.PrefixLastIP(lo).Next(), p.Bits()+1), inside)
}
