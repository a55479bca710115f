package reach

import (
	"net/netip"
	"slices"

	"github.com/vpcboard/vpcboard/internal/design"
)

// networkACL is a design NACL with its entries parsed and sorted by number.
type networkACL struct {
	id      string
	in, out []naclEntry
}

type naclEntry struct {
	rule  string // the rule number
	num   int
	t     traffic
	cidr  netip.Prefix // invalid when unknown
	allow bool
}

func compileNACL(n *design.NetworkACL) *networkACL {
	c := &networkACL{id: n.ID}
	conv := func(es []design.NACLEntry) []naclEntry {
		out := make([]naclEntry, 0, len(es))
		for _, e := range es {
			p, _ := design.KnownCIDR(e.CIDR)
			out = append(out, naclEntry{rule: itoa(e.Number), num: e.Number, t: trafficOf(e.Protocol, e.Ports, e.ICMP), cidr: p, allow: e.Action == design.Allow})
		}
		slices.SortStableFunc(out, func(a, b naclEntry) int { return a.num - b.num })
		return out
	}
	c.in, c.out = conv(n.Inbound), conv(n.Outbound)
	return c
}

func (an *Analyzer) indexNACLs() {
	for id, n := range an.d.NetworkACLs {
		an.acls[id] = compileNACL(n)
	}
	for subnet, id := range an.ix.Associations().NetworkACLs {
		an.subnetNACL[subnet] = an.acls[id]
	}
}

// naclDecision evaluates a network ACL direction for packets of pr whose
// other end (source for inbound, destination for outbound) is peer: rules
// in number order, the first match decides, "*" denies the rest. A rule
// whose match depends on an unknown address or block leaves the decision
// unknown unless every way it could go ends the same. A rule that matches
// only part of a flow of all traffic denies it if it is a deny rule and
// does not allow it if it is an allow rule.
func naclDecision(n *networkACL, inbound bool, pr probe, peer addr) (decision, rule string) {
	entries := n.out
	if inbound {
		entries = n.in
	}
	var pending []naclEntry // rules that may match, before the decisive one
	final, rule := false, "*"
	for _, e := range entries {
		full, partial := e.t.match(pr)
		if !full && !(partial && !e.allow) {
			continue
		}
		m := peer.in(e.cidr)
		if m == no {
			continue
		}
		if m == maybe {
			pending = append(pending, e)
			continue
		}
		final, rule = e.allow, e.rule
		break
	}
	for _, e := range pending {
		if e.allow != final {
			return DecisionUnknown, pending[0].rule
		}
	}
	if final {
		return DecisionAllow, rule
	}
	return DecisionDeny, rule
}
