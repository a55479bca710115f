package reach

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcboard/vpcboard/internal/design"
)

// DefaultPort is what a trace uses when the destination opens no port it
// could choose from (HTTPS).
const DefaultPort = 443

// PortChoice is the protocol and port SuggestPort chose for a flow, and
// why: the inbound rule of the destination's group that opens it.
type PortChoice struct {
	Protocol design.Protocol `json:"protocol"`
	Port     int             `json:"port"`
	// Group and Rule are the destination's group and its rule ("ingress[0]")
	// that open the port; both empty when no rule does.
	Group string `json:"group,omitempty"`
	Rule  string `json:"rule,omitempty"`
	// Why says so in a sentence.
	Why string `json:"why"`
}

// candidate is an inbound rule of the destination, ranked.
type candidate struct {
	proto      design.Protocol
	port       int
	group      string
	rule       string
	peer       string
	peerRank   int // 0: names the source's group or block; 1: another peer
	protoRank  int // 0: tcp, 1: udp, 2: all protocols
	groupOrder int
}

// SuggestPort chooses the port to trace from one endpoint to another (as
// ParseEndpoint reads them): among the inbound rules of the destination's
// security groups, those naming the source's group or a block holding the
// source first, then any TCP rule, then UDP, then rules of all protocols,
// the first that a trace finds reachable, else the first of them. A
// destination without an inbound rule (not a workload, or one without
// groups) gets DefaultPort over TCP.
func SuggestPort(d *design.Design, from, to string) (PortChoice, error) {
	an := New(d)
	src, err := ParseEndpoint(d, from)
	if err != nil {
		return PortChoice{}, fmt.Errorf("--from %q: %w", from, err)
	}
	dst, err := ParseEndpoint(d, to)
	if err != nil {
		return PortChoice{}, fmt.Errorf("--to %q: %w", to, err)
	}
	srcSites, err := an.sites(src, false, true, "")
	if err != nil {
		return PortChoice{}, fmt.Errorf("--from %q: %w", from, err)
	}
	dstSites, err := an.sites(dst, false, false, srcSites[0].vpc)
	if err != nil {
		return PortChoice{}, fmt.Errorf("--to %q: %w", to, err)
	}
	s := srcSites[0]
	var blocks []netip.Prefix
	if s.a.p.IsValid() && !s.a.world {
		blocks = append(blocks, s.a.p)
	}
	if b := an.subnetBlock(s.subnet, false); b.IsValid() {
		blocks = append(blocks, b)
	}
	var cands []candidate
	seen := map[string]bool{}
	for _, ds := range dstSites {
		for gi, gid := range ds.groupIDs {
			if seen[gid] {
				continue
			}
			seen[gid] = true
			g := d.SecurityGroups[gid]
			if g == nil {
				continue
			}
			for i, r := range g.Ingress {
				c, ok := candidateOf(r, s.groupIDs, blocks)
				if !ok {
					continue
				}
				c.group, c.rule, c.groupOrder = gid, fmt.Sprintf("ingress[%d]", i), gi
				cands = append(cands, c)
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.peerRank, b.peerRank), cmp.Compare(a.protoRank, b.protoRank))
	})
	if len(cands) == 0 {
		return PortChoice{Protocol: design.ProtocolTCP, Port: DefaultPort,
			Why: fmt.Sprintf("%s opens no port to choose from", to)}, nil
	}
	best := cands[0]
	for _, c := range cands {
		res, err := an.Trace(Flow{From: src, To: dst, Protocol: c.proto, Port: c.port})
		if err == nil && res.Verdict == Reachable {
			best = c
			break
		}
	}
	return PortChoice{Protocol: best.proto, Port: best.port, Group: best.group, Rule: best.rule,
		Why: fmt.Sprintf("security group %s of %s allows it from %s (%s)", best.group, to, best.peer, best.rule)}, nil
}

// candidateOf ranks an inbound rule for a source of groups and blocks;
// rules of other protocols (ICMP) are no candidates.
func candidateOf(r design.SGRule, groups []string, blocks []netip.Prefix) (candidate, bool) {
	p, err := design.ParseProtocol(string(r.Protocol))
	if err != nil {
		return candidate{}, false
	}
	c := candidate{proto: p, port: r.PortRange().From, peer: r.Peer(), peerRank: 1}
	switch p {
	case design.ProtocolTCP:
	case design.ProtocolUDP:
		c.protoRank = 1
	case design.ProtocolAll:
		c.proto, c.port, c.protoRank = design.ProtocolTCP, DefaultPort, 2
	default:
		return candidate{}, false
	}
	if c.port == 0 && p != design.ProtocolAll && r.Ports == nil {
		c.port = DefaultPort // all ports of the protocol
	}
	switch {
	case r.Group != "" && slices.Contains(groups, r.Group):
		c.peerRank = 0
	case r.CIDR != "":
		if q, err := netip.ParsePrefix(r.CIDR); err == nil && q.Bits() > 0 {
			for _, b := range blocks {
				if q.Contains(b.Addr()) && q.Bits() <= b.Bits() {
					c.peerRank = 0
				}
			}
		}
	}
	return c, true
}
