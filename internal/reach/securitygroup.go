package reach

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// securityGroup is a design group with its rules parsed.
type securityGroup struct {
	id, vpc         string
	ingress, egress []sgRule
}

// rules returns the group's egress or ingress rules.
func (g *securityGroup) rules(egress bool) []sgRule {
	if egress {
		return g.egress
	}
	return g.ingress
}

type sgRule struct {
	name string // "ingress[2]"
	t    traffic
	// Exactly one peer: a CIDR (cidrSet), a prefix list, or a group.
	cidr    netip.Prefix
	cidrSet bool
	list    string
	entries []netip.Prefix // a customer list's known entries
	partial bool           // a customer list with unknown entries, or missing
	group   string
	// unknown says why the peer is not known (the reason of its unknown
	// value), for a trace's unknown hop to name; "" when it is known.
	unknown string
}

func (an *Analyzer) indexGroups() {
	d := an.d
	for _, id := range design.SortedIDs(d.SecurityGroups) {
		g := d.SecurityGroups[id]
		c := &securityGroup{id: id, vpc: g.VPC}
		c.ingress = an.compileRules(g.Ingress, "ingress")
		c.egress = an.compileRules(g.Egress, "egress")
		an.groups[id] = c
		if id == design.DefaultSecurityGroupID(g.VPC) {
			an.defaultSG[g.VPC] = c
		}
	}
}

func (an *Analyzer) compileRules(rules []design.SGRule, dir string) []sgRule {
	out := make([]sgRule, 0, len(rules))
	for i, r := range rules {
		c := sgRule{name: dir + "[" + itoa(i) + "]", t: trafficOf(r.Protocol, r.Ports, r.ICMP), group: r.Group, list: r.PrefixList}
		if r.CIDR != "" {
			c.cidr, _ = design.KnownCIDR(r.CIDR)
			c.cidrSet = true
		}
		if r.PrefixList != "" && !design.IsManagedPrefixList(r.PrefixList) {
			c.entries, c.partial = an.listEntries(r.PrefixList)
		}
		c.unknown = unknownPeer(r, c.partial)
		out = append(out, c)
	}
	return out
}

// unknownPeer says why a rule's peer is not known: the reason of its
// unknown block, group or prefix list, or a customer list whose entries are
// not all known; "" when the peer is known.
func unknownPeer(r design.SGRule, partial bool) string {
	for _, v := range []string{r.CIDR, r.Group, r.PrefixList} {
		if design.IsUnknown(v) {
			return design.UnknownReason(v)
		}
	}
	if partial {
		return "entries of prefix list `" + r.PrefixList + "` not known"
	}
	return ""
}

// listEntries returns the known entries of a customer prefix list, and
// whether some are unknown (or the list is missing).
func (an *Analyzer) listEntries(id string) ([]netip.Prefix, bool) {
	pl := an.d.PrefixLists[id]
	if pl == nil {
		return nil, true
	}
	var out []netip.Prefix
	partial := false
	for _, e := range pl.Entries {
		if p, ok := design.KnownCIDR(e); ok {
			out = append(out, p)
		} else {
			partial = true
		}
	}
	return out, partial
}

// sgPeer is the other end of a packet as a security group sees it: its
// address and, when group references can match it (its private address
// reached directly, in the same VPC or across a same-region peering), the
// groups it belongs to.
type sgPeer struct {
	a      addr
	groups []string
}

// matches reports whether a rule's peer matches p.
func (r *sgRule) matches(p sgPeer) tri {
	switch {
	case r.cidrSet:
		return p.a.in(r.cidr)
	case r.group != "":
		switch {
		case slices.Contains(p.groups, r.group):
			return yes
		case design.IsUnknown(r.group):
			return maybe
		}
		return no
	case r.list != "" && design.IsManagedPrefixList(r.list):
		switch {
		case p.a.service != "" && strings.EqualFold(r.list, p.a.service):
			return yes
		case strings.HasPrefix(r.list, "com.amazonaws."):
			return no
		case p.a.service != "":
			return maybe // a prefix-list ID: which service's is not known
		}
		return no
	case r.list != "":
		out := no
		for _, e := range r.entries {
			switch p.a.in(e) {
			case yes:
				return yes
			case maybe:
				out = maybe
			}
		}
		if r.partial {
			out = maybe
		}
		return out
	}
	return no
}

// sgAllows evaluates the rules of all the groups of an ENI in one direction
// (they are unioned): allow when some rule certainly matches packets of pr
// with the other end peer, unknown when some rule might, else deny. It
// returns the group and rule that allowed ("ingress[2]").
func sgAllows(groups []*securityGroup, egress bool, pr probe, peer sgPeer) (decision, group, rule string) {
	decision = DecisionDeny
	for _, g := range groups {
		rules := g.rules(egress)
		for i := range rules {
			r := &rules[i]
			if full, _ := r.t.match(pr); !full {
				continue
			}
			switch r.matches(peer) {
			case yes:
				return DecisionAllow, g.id, r.name
			case maybe:
				if decision == DecisionDeny {
					decision, group, rule = DecisionUnknown, g.id, r.name
				}
			}
		}
	}
	return decision, group, rule
}
