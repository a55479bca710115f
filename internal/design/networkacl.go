package design

// NetworkACL is a stateless network ACL of a VPC with numbered inbound and
// outbound entries. Subnets lists the subnets associated with it; a subnet
// with no association uses the VPC's default ACL.
type NetworkACL struct {
	Base
	VPC      string      `json:"vpc"`
	Default  bool        `json:"default,omitempty"`
	Subnets  []string    `json:"subnets,omitempty"`
	Inbound  []NACLEntry `json:"inbound,omitempty"`
	Outbound []NACLEntry `json:"outbound,omitempty"`
}

// Kind returns KindNetworkACL.
func (*NetworkACL) Kind() Kind { return KindNetworkACL }

// NACLEntry is one numbered rule of a network ACL. Rules are evaluated
// lowest number first; the first match decides.
type NACLEntry struct {
	Number   int      `json:"number"`
	Protocol Protocol `json:"protocol" jsonschema:"pattern=^(all|tcp|udp|icmp|icmpv6|[0-9]+)$"`
	// Ports applies to tcp and udp; nil means all ports.
	Ports *PortRange `json:"ports,omitempty"`
	// ICMP applies to icmp and icmpv6; nil means all types and codes.
	ICMP *ICMPMatch `json:"icmp,omitempty"`
	// CIDR is the IPv4 or IPv6 block the rule matches (source for inbound,
	// destination for outbound).
	CIDR   string `json:"cidr"`
	Action Action `json:"action" jsonschema:"enum=allow,enum=deny"`
}

// PortRange returns the entry's ports, all ports when it names none.
func (e NACLEntry) PortRange() PortRange {
	if e.Ports == nil {
		return AllPorts
	}
	return *e.Ports
}

func (n *NetworkACL) refs(visit refVisitor) {
	visit(at(".vpc"), n.VPC, KindVPC)
	for i, s := range n.Subnets {
		visit(item(".subnets", i), s, KindSubnet)
	}
}

func (n *NetworkACL) check(c *checker) {
	c.required(at(".vpc"), n.VPC)
	for _, dir := range []struct {
		name    string
		entries []NACLEntry
	}{{".inbound", n.Inbound}, {".outbound", n.Outbound}} {
		for i, e := range dir.entries {
			p := item(dir.name, i)
			c.protocol(p.dot(".protocol"), e.Protocol)
			c.ports(p.dot(".ports"), e.Ports)
			c.icmp(p.dot(".icmp"), e.ICMP)
			c.cidr(p.dot(".cidr"), e.CIDR, true)
			c.oneOf(p.dot(".action"), string(e.Action), string(Allow), string(Deny))
		}
	}
}
