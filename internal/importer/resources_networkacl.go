package importer

import (
	"slices"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// networkACL maps AWS::EC2::NetworkAcl; its entries come from
// NetworkAclEntry resources.
func (b *builder) networkACL(r *resource, p obj) {
	put(b.d, &design.NetworkACL{Base: p.base(r), VPC: p.ref("VpcId", design.KindVPC)})
}

// networkACLAssociation maps AWS::EC2::SubnetNetworkAclAssociation.
func (b *builder) networkACLAssociation(r *resource, p obj) {
	n := parent(b, r, p, "NetworkAclId", design.KindNetworkACL, b.d.NetworkACLs)
	if n == nil {
		return
	}
	n.Subnets = append(n.Subnets, p.ref("SubnetId", design.KindSubnet))
}

// networkACLEntry maps AWS::EC2::NetworkAclEntry into its ACL's inbound or
// outbound entries, kept in rule-number order.
func (b *builder) networkACLEntry(r *resource, p obj) {
	n := parent(b, r, p, "NetworkAclId", design.KindNetworkACL, b.d.NetworkACLs)
	if n == nil {
		return
	}
	e := design.NACLEntry{
		Protocol: b.protocol(p, "Protocol"),
		CIDR:     p.str("CidrBlock"),
		Action:   design.Action(p.str("RuleAction")),
	}
	if !design.IsUnknown(string(e.Action)) {
		e.Action = design.Action(strings.ToLower(string(e.Action)))
	}
	e.Number, _ = p.integer("RuleNumber")
	if e.CIDR == "" {
		e.CIDR = p.str("Ipv6CidrBlock")
	}
	if pr, ok := p.child("PortRange"); ok && e.Protocol.HasPorts() {
		from, _ := pr.integer("From")
		to, _ := pr.integer("To")
		if r := (design.PortRange{From: from, To: to}); r != design.AllPorts {
			e.Ports = &r
		}
	}
	if ic, ok := p.child("Icmp"); ok && e.Protocol.IsICMP() {
		m := design.ICMPMatch{Type: -1, Code: -1}
		if t, ok := ic.integer("Type"); ok {
			m.Type = t
		}
		if c, ok := ic.integer("Code"); ok {
			m.Code = c
		}
		if m.Type != -1 || m.Code != -1 {
			e.ICMP = &m
		}
	}
	entries := &n.Inbound
	if p.boolean("Egress", false) {
		entries = &n.Outbound
	}
	i, _ := slices.BinarySearchFunc(*entries, e.Number, func(x design.NACLEntry, num int) int { return x.Number - num })
	for i < len(*entries) && (*entries)[i].Number == e.Number {
		i++
	}
	*entries = slices.Insert(*entries, i, e)
}

// protocol reads an IP protocol ("-1", "6", "tcp"). An unknown protocol is
// taken as all protocols.
func (b *builder) protocol(p obj, key string) design.Protocol {
	v, ok := p.val(key)
	if !ok || v.kind == kindUnknown {
		return design.ProtocolAll
	}
	s := p.str(key)
	proto, err := design.ParseProtocol(strings.TrimSpace(s))
	if err != nil {
		p.fail(key, v, err.Error())
		return design.ProtocolAll
	}
	return proto
}
