package importer

import (
	"github.com/vpcboard/vpcboard/internal/design"
)

// allowAllEgress is the rule AWS gives a new security group: all IPv4
// traffic out.
var allowAllEgress = design.SGRule{Protocol: design.ProtocolAll, CIDR: "0.0.0.0/0"}

// securityGroup maps AWS::EC2::SecurityGroup with its inline rules. A
// group without inline egress rules keeps AWS's default allow-all IPv4
// egress rule (separate SecurityGroupEgress resources do not remove it).
func (b *builder) securityGroup(r *resource, p obj) {
	g := &design.SecurityGroup{Base: p.base(r), VPC: p.ref("VpcId", design.KindVPC), Description: p.str("GroupDescription")}
	if g.VPC == "" {
		g.VPC = design.Unknown("default VPC")
	}
	for _, o := range p.list("SecurityGroupIngress") {
		g.Ingress = append(g.Ingress, b.sgRule(o, true))
	}
	egress := p.list("SecurityGroupEgress")
	for _, o := range egress {
		g.Egress = append(g.Egress, b.sgRule(o, false))
	}
	switch {
	case len(egress) == 0:
		g.Egress = append(g.Egress, allowAllEgress)
	case len(g.Egress) == 1 && g.Egress[0].Protocol == design.ProtocolAll && g.Egress[0].CIDR == "127.0.0.1/32":
		// AWS's documented way to say "no egress": a rule to localhost
		// replaces the allow-all rule.
		g.Egress = nil
	}
	put(b.d, g)
}

// securityGroupIngress maps AWS::EC2::SecurityGroupIngress.
func (b *builder) securityGroupIngress(r *resource, p obj) { b.sgRuleResource(r, p, true) }

// securityGroupEgress maps AWS::EC2::SecurityGroupEgress.
func (b *builder) securityGroupEgress(r *resource, p obj) { b.sgRuleResource(r, p, false) }

func (b *builder) sgRuleResource(r *resource, p obj, ingress bool) {
	id := p.ref("GroupId", design.KindSecurityGroup)
	if id == "" && p.has("GroupName") {
		id = design.Unknown("security group named " + p.str("GroupName"))
	}
	g := b.d.SecurityGroups[id]
	if g == nil {
		b.unmodelled(r, p, "security group %s is not in the templates", id)
		return
	}
	rule := b.sgRule(p, ingress)
	if ingress {
		g.Ingress = append(g.Ingress, rule)
	} else {
		g.Egress = append(g.Egress, rule)
	}
}

// sgRule reads one rule, inline or from a rule resource: IpProtocol,
// FromPort and ToPort (ICMP type and code for ICMP), and the peer.
func (b *builder) sgRule(o obj, ingress bool) design.SGRule {
	rule := design.SGRule{Protocol: b.protocol(o, "IpProtocol"), Description: o.str("Description")}
	from, hasFrom := o.integer("FromPort")
	to, hasTo := o.integer("ToPort")
	switch {
	case rule.Protocol.HasPorts() && hasFrom && hasTo && (from != -1 || to != -1):
		if from == -1 {
			from = 0
		}
		if to == -1 {
			to = 65535
		}
		if r := (design.PortRange{From: from, To: to}); r != design.AllPorts {
			rule.Ports = &r
		}
	case rule.Protocol.IsICMP() && hasFrom && from != -1:
		code := -1
		if hasTo {
			code = to
		}
		rule.ICMP = &design.ICMPMatch{Type: from, Code: code}
	}
	rule.CIDR = o.str("CidrIp")
	if rule.CIDR == "" {
		rule.CIDR = o.str("CidrIpv6")
	}
	plKey, groupKey, nameKey := "SourcePrefixListId", "SourceSecurityGroupId", "SourceSecurityGroupName"
	if !ingress {
		plKey, groupKey, nameKey = "DestinationPrefixListId", "DestinationSecurityGroupId", ""
	}
	rule.PrefixList = b.prefixListRef(o, plKey)
	rule.Group = o.ref(groupKey, design.KindSecurityGroup)
	if rule.Group == "" && nameKey != "" && o.has(nameKey) {
		rule.Group = design.Unknown("security group named " + o.str(nameKey))
	}
	return rule
}
