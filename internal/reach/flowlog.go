package reach

import (
	"strconv"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// The fixed values of simulated flow log records, so that they compare
// byte for byte.
const (
	// FlowLogStart and FlowLogEnd are the capture window of every record.
	FlowLogStart = 1700000000
	FlowLogEnd   = 1700000060
	// FlowLogPackets and FlowLogBytes are the representative counts of
	// every record.
	FlowLogPackets = 10
	FlowLogBytes   = 840
)

// FlowLogs renders a traced flow as VPC flow log records: New(d).FlowLogs(f, r).
func FlowLogs(d *design.Design, f Flow, r Result) []string { return New(d).FlowLogs(f, r) }

// FlowLogs renders r, the trace of f, as the VPC flow log records (version
// 2, default format) that the ENIs on its path would write: the source's
// ENI, a NAT gateway's ENI (the packet arriving, then leaving translated)
// and the destination's ENI, forward and, when the forward packets were
// accepted by the destination, the replies too. Each record says ACCEPT or
// REJECT as the hops of r decided for that ENI: its security group and the
// network ACL of its subnet in the direction the packet crosses. A packet
// dropped elsewhere (a route, a gateway, a network ACL between) is logged
// by no later ENI, and a packet rejected by an ENI goes no further. A hop
// whose decision is unknown ends the records: what follows is not known.
//
// Only ENIs covered by a flow log of the design (of their VPC, subnet or
// workload, with a traffic type that includes the record's action) write
// records; a design with no flow log at all is rendered as if every ENI
// were logged, so that the path can be shown before logging is designed.
// Transit gateway attachment ENIs are not rendered, and a flow of all
// traffic, which is no single packet, renders no record.
func (an *Analyzer) FlowLogs(f Flow, r Result) []string {
	if f.Protocol == design.ProtocolAll {
		return nil
	}
	_, src, dst, err := an.trace(f)
	if err != nil {
		return nil
	}
	fl := &flowLogger{an: an, proto: f.Protocol.Number()}
	if f.Protocol.HasPorts() {
		fl.srcPort, fl.dstPort = ephemeralPort, f.Port
	}
	fwd := &packet{src: src, dst: dst, srcA: addrField(src.a), dstA: addrField(dst.a)}
	if !fl.direction(r.Forward, fwd, src, dst, true) {
		return fl.out
	}
	fl.srcPort, fl.dstPort = fl.dstPort, fl.srcPort
	ret := &packet{src: dst, dst: src, srcA: fwd.dstA, dstA: fwd.srcA, nats: fwd.nats}
	fl.direction(r.Return, ret, dst, src, false)
	return fl.out
}

// flowLogger collects records.
type flowLogger struct {
	an               *Analyzer
	proto            int
	srcPort, dstPort int
	out              []string
}

// packet is one direction of a flow as the flow logs see it: its
// addresses so far and the NAT gateways that translated it.
type packet struct {
	src, dst   *site
	srcA, dstA string
	// nats are the NAT gateways crossed forward, each with the source
	// address before it translated, undone by the replies.
	nats []natSeen
}

type natSeen struct {
	site   *site
	before string
}

// direction logs the packets of one direction along hops, sent by from
// and received by to, and reports whether to accepted them.
func (fl *flowLogger) direction(hops []Hop, p *packet, from, to *site, forward bool) bool {
	i := 0
	if from.kind == siteENI {
		action := DecisionAllow
		for ; i < len(hops) && (hops[i].Kind == KindSGEgress || hops[i].Kind == KindNACLOutbound); i++ {
			action = worse(action, hops[i].Decision)
		}
		if !fl.record(from, p.srcA, p.dstA, action) {
			return false
		}
	}
	pending := DecisionAllow // an inbound ACL decision for the next ENI
	for ; i < len(hops); i++ {
		h := hops[i]
		next := ""
		if i+1 < len(hops) {
			next = hops[i+1].Kind
		}
		switch {
		case h.Kind == KindNACLInbound && (next == KindNAT || next == KindSGIngress || next == "" && !forward):
			pending = h.Decision
		case h.Kind == KindNAT && h.Decision != DecisionDeny:
			if !fl.viaNAT(hops, &i, p, pending, forward) {
				return false
			}
			pending = DecisionAllow
		case h.Kind == KindSGIngress:
			return fl.record(to, p.srcA, p.dstA, worse(pending, h.Decision))
		case h.Decision != DecisionAllow:
			return false
		}
	}
	switch {
	case forward:
		return true // to a host outside the design, which answers
	case to.kind != siteENI:
		return false
	}
	return fl.record(to, p.srcA, p.dstA, pending)
}

// viaNAT logs a packet arriving at the NAT gateway of hops[*i] and
// leaving it translated (through the network ACL hop after it), and
// reports whether it left.
func (fl *flowLogger) viaNAT(hops []Hop, i *int, p *packet, pending string, forward bool) bool {
	an := fl.an
	n := an.d.NATGateways[hops[*i].Resource]
	if n == nil {
		return false
	}
	nat := an.natSite(n)
	natA := addrField(nat.a)
	if !fl.record(nat, p.srcA, natA, pending) {
		return false
	}
	if forward {
		p.nats = append(p.nats, natSeen{site: nat, before: p.srcA})
		p.srcA = natA
	} else if k := len(p.nats); k > 0 {
		p.dstA = p.nats[k-1].before
		p.nats = p.nats[:k-1]
	}
	action := DecisionAllow
	if *i+1 < len(hops) && hops[*i+1].Kind == KindNACLOutbound {
		*i++
		action = hops[*i].Decision
	}
	return fl.record(nat, natA, p.dstA, action)
}

// worse returns the weaker of two decisions: deny, then unknown, then
// allow.
func worse(a, b string) string {
	switch {
	case a == DecisionDeny || b == DecisionDeny:
		return DecisionDeny
	case a == DecisionUnknown || b == DecisionUnknown:
		return DecisionUnknown
	}
	return DecisionAllow
}

// record writes the record of an ENI for a packet the ENI accepted or
// rejected (when a flow log covers it) and reports whether the packet went
// on: an unknown decision writes nothing and ends the records.
func (fl *flowLogger) record(s *site, srcA, dstA, decision string) bool {
	action := "ACCEPT"
	switch decision {
	case DecisionUnknown:
		return false
	case DecisionDeny:
		action = "REJECT"
	}
	if fl.an.logged(s, action) {
		fl.out = append(fl.out, strings.Join([]string{"2", fl.an.accountOf(s.vpc), eniID(s), srcA, dstA,
			portField(fl.srcPort, fl.proto), portField(fl.dstPort, fl.proto), strconv.Itoa(fl.proto),
			strconv.Itoa(FlowLogPackets), strconv.Itoa(FlowLogBytes), strconv.Itoa(FlowLogStart), strconv.Itoa(FlowLogEnd),
			action, "OK"}, " "))
	}
	return action == "ACCEPT"
}

// logged reports whether a flow log of the design records action on the
// ENI of s; with no flow log in the design, every ENI does.
func (an *Analyzer) logged(s *site, action string) bool {
	if len(an.d.FlowLogs) == 0 {
		return true
	}
	for _, l := range an.d.FlowLogs {
		covers := l.Resource == s.vpc || l.Resource == s.subnet || (s.workload != "" && l.Resource == s.workload)
		if covers && (l.TrafficType == "ALL" || l.TrafficType == action) {
			return true
		}
	}
	return false
}

// accountOf returns the account of a VPC, "-" when not known.
func (an *Analyzer) accountOf(vpc string) string {
	acct := an.d.Account
	if v := an.d.VPCs[vpc]; v != nil {
		acct = an.d.AccountOf(v)
	}
	if acct == "" || design.IsUnknown(acct) {
		return "-"
	}
	return acct
}

// eniID names the ENI of a site after its design ID: eni-<workload> for a
// workload's first interface, eni-<workload>-<n> for interface n, and
// eni-<id> for a NAT gateway or an interface endpoint.
func eniID(s *site) string {
	switch {
	case s.workload != "" && s.iface > 0:
		return "eni-" + s.workload + "-" + strconv.Itoa(s.iface)
	case s.workload != "":
		return "eni-" + s.workload
	}
	return "eni-" + s.workloadOr(s.endpoint)
}

// addrField returns an address as a record writes it: "-" when the design
// does not hold it (an address not allocated yet, the internet, a
// service), where AWS would write the real address.
func addrField(a addr) string {
	if a.world || a.service != "" || !a.p.IsValid() || !a.p.IsSingleIP() {
		return "-"
	}
	return a.p.Addr().String()
}

// portField returns a port as a record writes it: 0 for protocols without
// ports, as AWS does.
func portField(port, proto int) string {
	if proto != 6 && proto != 17 {
		return "0"
	}
	return strconv.Itoa(port)
}
