package export

import (
	"strconv"

	"github.com/vpcboard/vpcboard/internal/design"
)

func (w *tfWriter) networkACL(n *design.NetworkACL) {
	id := n.ID
	typ, name := w.addr(n)
	self := any(expr("${" + typ + "." + name + ".id}")) // boxed once for all its uses
	if n.Default {
		body := obj("default_network_acl_id", expr("${aws_vpc."+w.names.name(n.VPC)+".default_network_acl_id}"))
		for _, dir := range []struct {
			key     string
			entries []design.NACLEntry
		}{{"ingress", n.Inbound}, {"egress", n.Outbound}} {
			var blocks []any
			for _, e := range dir.entries {
				b := obj("rule_no", e.Number, "action", string(e.Action), "protocol", strconv.Itoa(e.Protocol.Number()))
				w.naclFields(b, e, id)
				blocks = append(blocks, b)
			}
			body.set(dir.key, blocks)
		}
		body.set("tags", w.tags(n.Base))
		w.add(typ, name, id, body)
	} else {
		w.add(typ, name, id, obj("vpc_id", w.ref(n.VPC, id, "vpc_id"), "tags", w.tags(n.Base)))
		for _, dir := range []struct {
			name    string
			egress  bool
			entries []design.NACLEntry
		}{{"in", false, n.Inbound}, {"out", true, n.Outbound}} {
			for _, e := range dir.entries {
				b := obj("network_acl_id", self, "rule_number", e.Number, "egress", dir.egress,
					"protocol", strconv.Itoa(e.Protocol.Number()), "rule_action", string(e.Action))
				w.naclFields(b, e, id)
				w.add("aws_network_acl_rule", w.sub(id, dir.name+strconv.Itoa(e.Number)), id, b)
			}
		}
	}
	for _, s := range n.Subnets {
		if n.Default {
			continue // a subnet no other ACL lists uses the default one
		}
		w.add("aws_network_acl_association", w.sub(s, "network_acl"), id, obj("network_acl_id", self, "subnet_id", w.ref(s, id, "subnet_id")))
	}
}

func (w *tfWriter) naclFields(b *object, e design.NACLEntry, id string) {
	if isIPv6(e.CIDR) {
		b.set("ipv6_cidr_block", e.CIDR)
	} else {
		b.set("cidr_block", w.str(e.CIDR, id, "entry_cidr"))
	}
	from, to, ok := ruleRange(e.Protocol, e.Ports, e.ICMP)
	switch {
	case ok && e.Protocol.HasPorts():
		b.set("from_port", from)
		b.set("to_port", to)
	case ok:
		b.set("icmp_type", from)
		b.set("icmp_code", to)
	default:
		if b.get("rule_no") != nil {
			b.set("from_port", 0)
			b.set("to_port", 0)
		}
	}
}
