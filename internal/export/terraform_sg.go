package export

import (
	"strconv"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

func (w *tfWriter) securityGroup(g *design.SecurityGroup) {
	id := g.ID
	typ, name := w.addr(g)
	if typ == "aws_default_security_group" {
		w.add(typ, name, id, obj("vpc_id", w.ref(g.VPC, id, "vpc_id"), "tags", w.tags(g.Base)))
	} else {
		body := newObject()
		if !strings.HasPrefix(id, "sg-") {
			body.set("name", id)
		}
		desc := g.Description
		if desc == "" {
			desc = id
		}
		body.set("description", w.str(desc, id, "description"))
		body.set("vpc_id", w.ref(g.VPC, id, "vpc_id"))
		body.set("tags", w.tags(g.Base))
		w.add(typ, name, id, body)
	}
	self := any(expr("${" + typ + "." + name + ".id}")) // boxed once for all its uses
	for i, r := range g.Ingress {
		w.add("aws_vpc_security_group_ingress_rule", w.sub(id, "in"+strconv.Itoa(i+1)), id, w.sgRule(self, r, id))
	}
	for i, r := range g.Egress {
		w.add("aws_vpc_security_group_egress_rule", w.sub(id, "out"+strconv.Itoa(i+1)), id, w.sgRule(self, r, id))
	}
}

func (w *tfWriter) sgRule(group any, r design.SGRule, id string) *object {
	b := obj("security_group_id", group, "ip_protocol", sgProtocol(r.Protocol))
	if from, to, ok := ruleRange(r.Protocol, r.Ports, r.ICMP); ok {
		b.set("from_port", from)
		b.set("to_port", to)
	}
	switch {
	case isIPv6(r.CIDR):
		b.set("cidr_ipv6", r.CIDR)
	case r.CIDR != "":
		b.set("cidr_ipv4", w.str(r.CIDR, id, "rule_cidr"))
	case r.PrefixList != "":
		b.set("prefix_list_id", w.prefixList(r.PrefixList, id))
	case r.Group != "":
		b.set("referenced_security_group_id", w.ref(r.Group, id, "referenced_security_group_id"))
	}
	if r.Description != "" {
		b.set("description", r.Description)
	}
	return b
}
