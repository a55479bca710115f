package reach

import (
	"net/netip"

	"github.com/vpcboard/vpcboard/internal/design"
)

// tri is a three-valued truth: no, maybe (the design lacks the fact that
// decides), yes.
type tri int8

const (
	no tri = iota
	maybe
	yes
)

// addr is what the trace knows of one end's address.
type addr struct {
	// p is the address as a single-address prefix, or the block it lies
	// in (the subnet of an ENI whose address is not allocated); invalid
	// when unknown.
	p   netip.Prefix
	is6 bool
	// world marks a public host that no rule names: only /0 matches it.
	world bool
	// service is the full name of the AWS service the address belongs to
	// ("com.amazonaws.us-east-1.s3"), matched by its managed prefix list.
	service string
}

// String returns the address, "unknown address", "the internet" or the
// service.
func (a addr) String() string {
	switch {
	case a.service != "":
		return a.service
	case a.world:
		return "the internet"
	case !a.p.IsValid():
		return "an unknown address"
	case a.p.IsSingleIP():
		return a.p.Addr().String()
	}
	return "an address of " + a.p.String()
}

// cidr returns the block to name in a fix: the prefix, or the whole family
// for the internet and services.
func (a addr) cidr() string {
	switch {
	case a.service != "":
		return a.service
	case a.world || !a.p.IsValid():
		if a.is6 {
			return "::/0"
		}
		return "0.0.0.0/0"
	}
	return a.p.String()
}

// in reports whether every address a stands for lies in q; an invalid q is
// an unknown block.
func (a addr) in(q netip.Prefix) tri {
	switch {
	case !q.IsValid():
		return maybe
	case q.Addr().Is6() != a.is6:
		return no
	case q.Bits() == 0:
		return yes
	case a.world:
		return no
	case !a.p.IsValid():
		return maybe
	case q.Bits() <= a.p.Bits() && q.Contains(a.p.Addr()):
		return yes
	case q.Overlaps(a.p):
		return maybe
	}
	return no
}

// hostPrefix parses a known address as a single-address prefix.
func hostPrefix(s string) (netip.Prefix, bool) {
	if s == "" || design.IsUnknown(s) {
		return netip.Prefix{}, false
	}
	a, err := design.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// protoAll is the protocol number of "all".
const protoAll = -1

// probe is what a packet is apart from addresses: a protocol number (-1 for
// all traffic) and a point on its second dimension: the destination port
// for tcp and udp, type*256+code for ICMP, 0 otherwise.
type probe struct {
	proto, point int
}

// traffic is what a rule matches apart from addresses: a protocol (-1 for
// all) and a range of points.
type traffic struct {
	proto  int
	lo, hi int
}

// trafficOf returns the traffic of a rule's protocol, ports and ICMP match.
func trafficOf(p design.Protocol, ports *design.PortRange, icmp *design.ICMPMatch) traffic {
	n := p.Number()
	switch {
	case p == design.ProtocolAll:
		return traffic{protoAll, 0, 0xffff}
	case p.HasPorts():
		r := design.AllPorts
		if ports != nil {
			r = *ports
		}
		return traffic{n, r.From, r.To}
	case p.IsICMP():
		switch {
		case icmp == nil || icmp.Type == -1:
			return traffic{n, 0, 0xffff}
		case icmp.Code == -1:
			return traffic{n, icmp.Type << 8, icmp.Type<<8 | 0xff}
		}
		return traffic{n, icmp.Type<<8 | icmp.Code, icmp.Type<<8 | icmp.Code}
	}
	return traffic{n, 0, 0xffff}
}

// match reports whether t matches every packet of pr (full), or only some
// of them (partial: a rule for one protocol against a flow of all traffic).
func (t traffic) match(pr probe) (full, partial bool) {
	switch {
	case t.proto == protoAll:
		return true, false
	case pr.proto == protoAll:
		return false, true
	}
	return t.proto == pr.proto && t.lo <= pr.point && pr.point <= t.hi, false
}

// probeOf returns the probe of a flow's forward packets.
func probeOf(p design.Protocol, port int) probe {
	switch {
	case p == design.ProtocolAll:
		return probe{protoAll, 0}
	case p.HasPorts():
		return probe{p.Number(), port}
	case p.IsICMP():
		return probe{p.Number(), port << 8}
	}
	return probe{p.Number(), 0}
}

// ephemeralPort stands for the initiator's ephemeral ports, 1024-65535, on
// the return path.
const ephemeralPort = 49152

// replyProbe returns the probe of the replies to pr: to the ephemeral port
// for tcp and udp, an echo reply for an echo request, else the same.
func replyProbe(pr probe) probe {
	switch pr.proto {
	case 6, 17:
		return probe{pr.proto, ephemeralPort}
	case 1:
		if pr.point == 8<<8 {
			return probe{1, 0}
		}
	case 58:
		if pr.point == 128<<8 {
			return probe{58, 129 << 8}
		}
	}
	return pr
}

// describe returns "tcp 443", "udp 1024-65535" (for a reply), "icmp type
// 8", "all traffic" or "protocol 47", for hop details and fixes.
func describe(pr probe, reply bool) string {
	switch pr.proto {
	case protoAll:
		return "all traffic"
	case 6, 17:
		name := "tcp"
		if pr.proto == 17 {
			name = "udp"
		}
		if reply {
			return name + " 1024-65535"
		}
		return name + " " + itoa(pr.point)
	case 1:
		return "icmp type " + itoa(pr.point>>8)
	case 58:
		return "icmpv6 type " + itoa(pr.point>>8)
	}
	return "protocol " + itoa(pr.proto)
}
