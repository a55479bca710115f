package design

// SecurityGroup is a stateful, allow-only set of rules attached to ENIs.
// Egress is explicit: a group created by AWS allows all outbound traffic
// (NewVPCOps and the importer write that rule), and a group with no egress
// rules sends nothing.
type SecurityGroup struct {
	Base
	VPC         string   `json:"vpc"`
	Description string   `json:"description,omitempty"`
	Ingress     []SGRule `json:"ingress,omitempty"`
	Egress      []SGRule `json:"egress,omitempty"`
}

// Kind returns KindSecurityGroup.
func (*SecurityGroup) Kind() Kind { return KindSecurityGroup }

// SGRule allows traffic of a protocol and port range from (ingress) or to
// (egress) exactly one peer: a CIDR block, a prefix list, or a security
// group (its members' private addresses; the rule's own group is allowed).
type SGRule struct {
	Protocol Protocol `json:"protocol" jsonschema:"pattern=^(all|tcp|udp|icmp|icmpv6|[0-9]+)$"`
	// Ports applies to tcp and udp; nil means all ports.
	Ports *PortRange `json:"ports,omitempty"`
	// ICMP applies to icmp and icmpv6; nil means all types and codes.
	ICMP        *ICMPMatch `json:"icmp,omitempty"`
	CIDR        string     `json:"cidr,omitempty"`
	PrefixList  string     `json:"prefix_list,omitempty"`
	Group       string     `json:"group,omitempty"`
	Description string     `json:"description,omitempty"`
}

// PortRange returns the rule's ports, all ports when it names none.
func (r SGRule) PortRange() PortRange {
	if r.Ports == nil {
		return AllPorts
	}
	return *r.Ports
}

// Peer returns the rule's CIDR, prefix list or group, whichever is set.
func (r SGRule) Peer() string {
	switch {
	case r.CIDR != "":
		return r.CIDR
	case r.PrefixList != "":
		return r.PrefixList
	}
	return r.Group
}

func (g *SecurityGroup) refs(visit refVisitor) {
	visit(at(".vpc"), g.VPC, KindVPC)
	for _, dir := range g.directions() {
		for i, r := range dir.rules {
			if r.Group != "" {
				visit(item(dir.name, i).dot(".group"), r.Group, KindSecurityGroup)
			}
			if r.PrefixList != "" && !IsManagedPrefixList(r.PrefixList) {
				visit(item(dir.name, i).dot(".prefix_list"), r.PrefixList, KindPrefixList)
			}
		}
	}
}

func (g *SecurityGroup) check(c *checker) {
	c.required(at(".vpc"), g.VPC)
	for _, dir := range g.directions() {
		for i, r := range dir.rules {
			p := item(dir.name, i)
			c.protocol(p.dot(".protocol"), r.Protocol)
			c.ports(p.dot(".ports"), r.Ports)
			c.icmp(p.dot(".icmp"), r.ICMP)
			n := 0
			for _, s := range []string{r.CIDR, r.PrefixList, r.Group} {
				if s != "" {
					n++
				}
			}
			if n != 1 {
				c.add(p, ReasonInvalid, "a rule needs exactly one of cidr, prefix_list or group (has %d)", n)
			}
			c.cidr(p.dot(".cidr"), r.CIDR, false)
		}
	}
}

type sgDirection struct {
	name  string
	rules []SGRule
}

func (g *SecurityGroup) directions() []sgDirection {
	return []sgDirection{{".ingress", g.Ingress}, {".egress", g.Egress}}
}
