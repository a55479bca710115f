package export

import (
	"strconv"

	"github.com/vpcboard/vpcboard/internal/design"
)

// localhostEgress is the egress rule AWS documents for a group that sends
// nothing: it replaces the allow-all rule a new group gets.
var localhostEgress = obj("IpProtocol", "-1", "CidrIp", "127.0.0.1/32", "Description", "no egress: replaces the allow-all rule AWS adds")

func (w *cfnWriter) securityGroup(g *design.SecurityGroup) {
	id := g.ID
	ingress, egress := g.Ingress, g.Egress
	var target any
	if isDefaultGroup(g) && w.d.VPCs[g.VPC] != nil {
		target = getAtt(w.names.name(g.VPC), "DefaultSecurityGroup")
		ingress, egress = ingress[1:], egress[len(worlds(w.d.VPCs[g.VPC])):]
	} else {
		p := obj("GroupDescription", w.str(g.Description, id, "GroupDescription"), "VpcId", w.ref(g.VPC, id, "VpcId"))
		if len(egress) > 0 && egress[0] == allowAllEgress {
			egress = egress[1:]
		} else {
			p.set("SecurityGroupEgress", []any{localhostEgress})
		}
		p.set("Tags", w.tags(g.Base))
		w.add(w.names.name(id), "AWS::EC2::SecurityGroup", id, p)
		target = getAtt(w.names.name(id), "GroupId")
	}
	w.output(id, "security group", target)
	logical := w.names.name(id)
	for i, r := range ingress {
		w.add(w.names.fresh(logical+"Ingress"+strconv.Itoa(i+1)), "AWS::EC2::SecurityGroupIngress", "", w.sgRule(id, target, r, true))
	}
	for i, r := range egress {
		w.add(w.names.fresh(logical+"Egress"+strconv.Itoa(i+1)), "AWS::EC2::SecurityGroupEgress", "", w.sgRule(id, target, r, false))
	}
}

func (w *cfnWriter) sgRule(id string, group any, r design.SGRule, ingress bool) *object {
	var from, to any
	if f, t, ok := ruleRange(r.Protocol, r.Ports, r.ICMP); ok {
		from, to = f, t
	}
	prefix, group2 := "SourcePrefixListId", "SourceSecurityGroupId"
	if !ingress {
		prefix, group2 = "DestinationPrefixListId", "DestinationSecurityGroupId"
	}
	var peerKey string
	var peer any
	switch {
	case r.CIDR != "" && isIPv6(r.CIDR):
		peerKey, peer = "CidrIpv6", r.CIDR
	case r.CIDR != "":
		peerKey, peer = "CidrIp", w.str(r.CIDR, id, "RuleCidr")
	case r.PrefixList != "":
		peerKey, peer = prefix, w.prefixListRef(r.PrefixList, id)
	case r.Group != "":
		peerKey, peer = group2, w.ref(r.Group, id, "RuleGroup")
	}
	var desc any
	if r.Description != "" {
		desc = r.Description
	}
	return obj("GroupId", group, "IpProtocol", sgProtocol(r.Protocol), "FromPort", from, "ToPort", to,
		peerKey, peer, "Description", desc)
}

func sgProtocol(p design.Protocol) string {
	if p == design.ProtocolAll {
		return "-1"
	}
	return string(p)
}
