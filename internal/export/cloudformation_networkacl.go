package export

import (
	"strconv"

	"github.com/vpcboard/vpcboard/internal/design"
)

func (w *cfnWriter) networkACL(n *design.NetworkACL) {
	id := n.ID
	var target any
	in, out := n.Inbound, n.Outbound
	var base string
	if n.Default && w.d.VPCs[n.VPC] != nil {
		target = getAtt(w.names.name(n.VPC), "DefaultNetworkAcl")
		k := len(worlds(w.d.VPCs[n.VPC]))
		in, out = skipAWSEntries(in, k), skipAWSEntries(out, k)
		base = w.names.name(id)
	} else {
		base = w.names.name(id)
		w.add(base, "AWS::EC2::NetworkAcl", id, obj("VpcId", w.ref(n.VPC, id, "VpcId"), "Tags", w.tags(n.Base)))
		target = refTo(base)
	}
	for _, dir := range []struct {
		entries []design.NACLEntry
		egress  bool
		name    string
	}{{in, false, "In"}, {out, true, "Out"}} {
		for _, e := range dir.entries {
			var cidrKey string
			var cidr any
			if isIPv6(e.CIDR) {
				cidrKey, cidr = "Ipv6CidrBlock", e.CIDR
			} else {
				cidrKey, cidr = "CidrBlock", w.str(e.CIDR, id, "EntryCidr")
			}
			var rangeKey string
			var rng any
			if from, to, ok := ruleRange(e.Protocol, e.Ports, e.ICMP); ok && e.Protocol.HasPorts() {
				rangeKey, rng = "PortRange", obj("From", from, "To", to)
			} else if ok {
				rangeKey, rng = "Icmp", obj("Type", from, "Code", to)
			}
			p := obj("NetworkAclId", target, "RuleNumber", e.Number, "Protocol", e.Protocol.Number(),
				"RuleAction", string(e.Action), "Egress", dir.egress, cidrKey, cidr, rangeKey, rng)
			w.add(w.names.fresh(base+dir.name+strconv.Itoa(e.Number)), "AWS::EC2::NetworkAclEntry", "", p)
		}
	}
	for _, s := range n.Subnets {
		w.add(w.names.fresh(w.names.name(s)+"NetworkAclAssociation"), "AWS::EC2::SubnetNetworkAclAssociation", "", obj(
			"SubnetId", w.ref(s, id, "SubnetId"), "NetworkAclId", target))
	}
}

// skipAWSEntries drops the first k entries of a default ACL in its
// CloudFormation form, which are AWS's own (numbers 100 and 101).
func skipAWSEntries(es []design.NACLEntry, k int) []design.NACLEntry {
	var out []design.NACLEntry
	for _, e := range es {
		if e.Number >= 100 && e.Number < 100+k && e.Action == design.Allow && e.Protocol == design.ProtocolAll {
			continue
		}
		out = append(out, e)
	}
	return out
}
