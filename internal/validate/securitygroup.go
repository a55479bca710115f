package validate

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// checkSecurityGroups runs the security group rules: sg.ref-foreign,
// sg.vpc-mismatch, sg.world-admin, sg.world-db, sg.unused and
// sg.redundant-rule (sg.ref-missing is structural).
func checkSecurityGroups(c *context) {
	checkSGMembers(c)
	used := usedSecurityGroups(c.d)
	tgws := newTGWJoins(c.d)
	var rules []sgRule
	for _, id := range c.ix.groupIDs {
		g := c.d.SecurityGroups[id]
		if g == nil {
			continue
		}
		for _, dir := range []string{"ingress", "egress"} {
			rules = sgRulesOf(rules, c.ix, g, dir)
			checkSGReferences(c, g, dir, rules, tgws)
			if dir == "ingress" {
				checkWorldOpen(c, g, rules)
			}
			checkRedundantRules(c, g, dir, rules)
		}
		if !used[id] && id != design.DefaultSecurityGroupID(g.VPC) {
			c.report("sg.unused", design.Path(g), ids(id),
				"attach it to the workloads or endpoints it is meant for, or delete it",
				"security group `%s` is used by no workload, endpoint, Lattice association or rule of another group", id)
		}
	}
}

// usedSecurityGroups returns the groups that a workload, a VPC endpoint, a
// Lattice association, a rule of another group or a resource of a type the
// model does not know names.
func usedSecurityGroups(d *design.Design) map[string]bool {
	used := make(map[string]bool, len(d.SecurityGroups))
	mark := func(gs []string) {
		for _, g := range gs {
			used[g] = true
		}
	}
	for _, w := range d.Workloads {
		mark(w.SecurityGroups)
	}
	for _, e := range d.VPCEndpoints {
		mark(e.SecurityGroups)
	}
	for _, a := range d.LatticeAssociations {
		mark(a.SecurityGroups)
	}
	for id, g := range d.SecurityGroups {
		for _, rules := range [][]design.SGRule{g.Ingress, g.Egress} {
			for _, r := range rules {
				if r.Group != "" && r.Group != id {
					used[r.Group] = true
				}
			}
		}
	}
	markOpaqueGroups(d, used)
	return used
}

// markOpaqueGroups marks the groups that resources kept opaque name in
// their properties: an EKS cluster's ResourcesVpcConfig, a launch
// template, a database's VPCSecurityGroups. AWS attaches the group to the
// ENIs those services create, so it is in use though no modelled resource
// holds it.
func markOpaqueGroups(d *design.Design, used map[string]bool) {
	for _, o := range d.Opaque {
		o.Strings(func(s string) {
			if d.SecurityGroups[s] != nil {
				used[s] = true
			}
		})
	}
}

// checkSGMembers reports workloads, interface endpoints and Lattice
// associations that use a group of another VPC than their own.
func checkSGMembers(c *context) {
	d := c.d
	mismatch := func(r design.Resource, what string, vpcs []string, i int, gid string) {
		g := d.SecurityGroups[gid]
		if g == nil || len(vpcs) == 0 || slices.Contains(vpcs, g.VPC) {
			return
		}
		c.report("sg.vpc-mismatch", itemPath(r, "security_groups", i), ids(r.ResourceID(), gid),
			"use a security group of the same VPC (groups cannot be shared across VPCs)",
			"%s `%s` in VPC `%s` uses security group `%s` of VPC `%s`", what, r.ResourceID(), strings.Join(vpcs, "`, `"), gid, g.VPC)
	}
	var vpcs []string
	for _, w := range d.Workloads { // in any order: each finding has its own path
		vpcs = vpcs[:0]
		for _, ifc := range w.Interfaces {
			if s := d.Subnets[ifc.Subnet]; s != nil && !slices.Contains(vpcs, s.VPC) {
				vpcs = append(vpcs, s.VPC)
			}
		}
		for i, g := range w.SecurityGroups {
			mismatch(w, "workload", vpcs, i, g)
		}
	}
	for _, id := range c.ix.endpointIDs {
		e := d.VPCEndpoints[id]
		for i, g := range e.SecurityGroups {
			mismatch(e, "endpoint", []string{e.VPC}, i, g)
		}
	}
	for _, id := range c.ix.latticeIDs {
		a := d.LatticeAssociations[id]
		for i, g := range a.SecurityGroups {
			mismatch(a, "Lattice association", []string{a.VPC}, i, g)
		}
	}
}

// sgRule is a well-formed rule of one direction of a group, reduced to
// what the rules compare.
type sgRule struct {
	index int // position in the design's list, for paths
	t     traffic
	kind  peerKind
	peer  string       // the CIDR, prefix list or group as written
	block netip.Prefix // the parsed CIDR, for peerCIDR
}

// peerKind says what a security group rule's peer is.
type peerKind uint8

// The peer kinds.
const (
	peerCIDR peerKind = iota + 1
	peerPrefixList
	peerGroup
)

// covers reports whether r allows everything o allows: the same or a wider
// protocol and range, and a peer that includes o's (CIDR containment, or
// the same prefix list or group).
func (r *sgRule) covers(o *sgRule) bool {
	if r.kind != o.kind || !r.t.covers(o.t) {
		return false
	}
	if r.kind == peerCIDR {
		return covers(r.block, o.block)
	}
	return r.peer == o.peer
}

// sgRulesOf appends to buf[:0] the well-formed rules of a direction: one
// peer, a valid protocol and range, a known CIDR block.
func sgRulesOf(buf []sgRule, ix *index, g *design.SecurityGroup, dir string) []sgRule {
	list := g.Ingress
	if dir == "egress" {
		list = g.Egress
	}
	out := buf[:0]
	for i := range list {
		r := &list[i]
		t, ok := trafficOf(r.Protocol, r.Ports, r.ICMP)
		if !ok {
			continue
		}
		rule := sgRule{index: i, t: t}
		n := 0
		if r.CIDR != "" {
			rule.kind, rule.peer, n = peerCIDR, r.CIDR, n+1
		}
		if r.PrefixList != "" {
			rule.kind, rule.peer, n = peerPrefixList, r.PrefixList, n+1
		}
		if r.Group != "" {
			rule.kind, rule.peer, n = peerGroup, r.Group, n+1
		}
		if n != 1 || design.IsUnknown(rule.peer) {
			continue
		}
		if rule.kind == peerCIDR {
			if rule.block, ok = ix.prefix(r.CIDR); !ok {
				continue
			}
		}
		out = append(out, rule)
	}
	return out
}

// checkSGReferences reports rules that reference a group of another VPC
// which is neither peered with the group's VPC in the same region nor, for
// inbound rules, joined to it by a transit gateway with security group
// referencing on for the gateway and both attachments (Transit Gateway
// guide, "Security group referencing").
func checkSGReferences(c *context, g *design.SecurityGroup, dir string, rules []sgRule, tgws tgwJoins) {
	for _, r := range rules {
		if r.kind != peerGroup {
			continue
		}
		ref := c.d.SecurityGroups[r.peer]
		if ref == nil || ref.VPC == g.VPC {
			continue
		}
		va, vb := c.d.VPCs[g.VPC], c.d.VPCs[ref.VPC]
		if va == nil || vb == nil {
			continue
		}
		ra, rb := c.d.RegionOf(va), c.d.RegionOf(vb)
		crossRegion := knownRegion(ra) && knownRegion(rb) && ra != rb
		pcx := c.ix.PeeringsBetween(g.VPC, ref.VPC)
		if len(pcx) > 0 && !crossRegion {
			continue
		}
		why, fix, ok := tgws.referencing(c.d, g.VPC, ref.VPC, dir, crossRegion)
		if ok {
			continue
		}
		if why == "" {
			fix = "reference the other VPC's CIDR blocks instead, or peer the two VPCs within one region"
			switch {
			case len(pcx) == 0:
				why = fmt.Sprintf("VPC `%s` is not peered with `%s`", ref.VPC, g.VPC)
			default:
				why = fmt.Sprintf("VPC `%s` (%s) is peered with `%s` (%s) across regions, where group references do not work", ref.VPC, rb, g.VPC, ra)
			}
		}
		c.report("sg.ref-foreign", itemPath(g, dir, r.index)+".group", ids(g.ID, ref.ID), fix,
			"security group `%s` %s rule %d references group `%s` of another VPC: %s", g.ID, dir, r.index, ref.ID, why)
	}
}

// tgwJoins maps a transit gateway and a VPC to the VPC's first attachment
// (by ID) to it, for sg.ref-foreign.
type tgwJoins map[[2]string]string

func newTGWJoins(d *design.Design) tgwJoins {
	j := tgwJoins{}
	for _, id := range design.SortedIDs(d.TransitGatewayAttachments) {
		at := d.TransitGatewayAttachments[id]
		k := [2]string{at.TransitGateway, at.VPC}
		if j[k] == "" {
			j[k] = id
		}
	}
	return j
}

// referencing reports whether a transit gateway attached to VPCs a (the
// rule's) and b (the referenced group's) lets a's rules in direction dir
// name b's groups; when not and some gateway joins them, why names what is
// off and fix what to do.
func (attOf tgwJoins) referencing(d *design.Design, a, b, dir string, crossRegion bool) (why, fix string, ok bool) {
	if len(attOf) == 0 {
		return "", "", false
	}
	var shared []string
	for _, gid := range design.SortedIDs(d.TransitGateways) {
		if attOf[[2]string{gid, a}] != "" && attOf[[2]string{gid, b}] != "" {
			shared = append(shared, gid)
		}
	}
	if len(shared) == 0 {
		return "", "", false
	}
	gid := shared[0]
	if dir != "ingress" {
		return fmt.Sprintf("transit gateway `%s` joins the two VPCs, but group references over a transit gateway work only in inbound rules", gid),
			"reference the other VPC's CIDR blocks in this outbound rule instead", false
	}
	if crossRegion {
		return fmt.Sprintf("VPC `%s` and `%s` are in different regions, where group references over transit gateway `%s` do not work", b, a, gid),
			"reference the other VPC's CIDR blocks instead", false
	}
	var off []string
	for _, g := range shared {
		off = off[:0]
		if !d.TransitGateways[g].SecurityGroupReferencing {
			off = append(off, "transit gateway `"+g+"`")
		}
		for _, v := range []string{a, b} {
			if id := attOf[[2]string{g, v}]; !d.TransitGatewayAttachments[id].SecurityGroupReferencing {
				off = append(off, "attachment `"+id+"`")
			}
		}
		if len(off) == 0 {
			return "", "", true
		}
		if g == gid {
			why = fmt.Sprintf("transit gateway `%s` joins the two VPCs, but security group referencing is off on %s", gid, strings.Join(off, " and "))
			fix = "turn on security group referencing on " + strings.Join(off, " and ") + ", or reference the other VPC's CIDR blocks instead"
		}
	}
	return why, fix, false
}

// checkWorldOpen reports ingress rules that open administration or
// database ports to 0.0.0.0/0 or ::/0. A rule for all protocols or all
// ports is one sg.world-admin finding (it opens the database ports too);
// administration ports are tcp (and udp for RDP), database ports tcp.
func checkWorldOpen(c *context, g *design.SecurityGroup, rules []sgRule) {
	for _, r := range rules {
		if r.kind != peerCIDR || r.block.Bits() != 0 {
			continue
		}
		path := itemPath(g, "ingress", r.index)
		if r.t.proto == protoAll || ((r.t.proto == protoTCP || r.t.proto == protoUDP) && r.t.allPoints()) {
			c.report("sg.world-admin", path, ids(g.ID),
				"allow only the ports the service needs, from the addresses that need them (reach administration ports through Session Manager or a bastion)",
				"security group `%s` ingress rule %d opens %s to %s: every port, administration and database ports included", g.ID, r.index, r.t, r.block)
			continue
		}
		var admin, db []string
		for _, p := range design.AdminPorts {
			if r.t.matches(protoTCP, p.Port) || (p.Port == 3389 && r.t.matches(protoUDP, p.Port)) {
				admin = append(admin, fmt.Sprintf("%s (%d)", p.Name, p.Port))
			}
		}
		for _, p := range design.DatabasePorts {
			if r.t.matches(protoTCP, p.Port) {
				db = append(db, fmt.Sprintf("%s (%d)", p.Name, p.Port))
			}
		}
		if len(admin) > 0 {
			c.report("sg.world-admin", path, ids(g.ID),
				"allow administration only from known addresses, or use Session Manager or a bastion",
				"security group `%s` ingress rule %d opens %s to %s: %s", g.ID, r.index, r.t, r.block, strings.Join(admin, ", "))
		}
		if len(db) > 0 {
			c.report("sg.world-db", path, ids(g.ID),
				"allow the database port only from the application's security group or subnets",
				"security group `%s` ingress rule %d opens %s to %s: %s", g.ID, r.index, r.t, r.block, strings.Join(db, ", "))
		}
	}
}

// checkRedundantRules reports rules that another rule of the same group
// and direction already allows. Of two equivalent rules the later one is
// reported.
func checkRedundantRules(c *context, g *design.SecurityGroup, dir string, rules []sgRule) {
	for j := range rules {
		b := &rules[j]
		for i := range rules {
			a := &rules[i]
			if i == j || !a.covers(b) || (b.covers(a) && i > j) {
				continue
			}
			how, hint := "allows all of it", "delete the narrower rule: security group rules only add up"
			if b.covers(a) {
				how, hint = "allows the same", "delete the duplicate"
			}
			c.report("sg.redundant-rule", itemPath(g, dir, b.index), ids(g.ID), hint,
				"security group `%s` %s rule %d (%s %s) is redundant: rule %d (%s %s) %s",
				g.ID, dir, b.index, b.t, b.peer, a.index, a.t, a.peer, how)
			break
		}
	}
}
