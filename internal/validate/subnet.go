package validate

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
	"go4.org/netipx"
)

// checkSubnets reports the problems of subnet blocks, availability zones
// and the addresses workloads use in them.
func checkSubnets(c *context) {
	for _, s := range c.d.Subnets {
		vs := c.ix.spaces[s.VPC]
		checkSubnetBlock(c, s, vs, true)
		checkSubnetBlock(c, s, vs, false)
		checkSubnetAZ(c, s)
	}
	var buf []span
	for _, vpc := range c.ix.vpcIDs {
		buf = checkSubnetOverlap(c, c.ix.SubnetsOf(vpc), buf)
	}
	checkAddresses(c)
	checkExhausted(c)
	for _, vpc := range c.ix.vpcIDs {
		checkSingleAZ(c, vpc)
	}
}

// checkSubnetBlock reports the size of one block of a subnet (IPv4 when v4)
// and whether it lies inside a block of its VPC.
func checkSubnetBlock(c *context, s *design.Subnet, vs *vpcSpace, v4 bool) {
	raw, want := s.CIDR, "IPv4"
	if !v4 {
		raw, want = s.IPv6CIDR, "IPv6"
	}
	p, ok := c.ix.prefix(raw)
	if !ok {
		return
	}
	fieldName := "cidr"
	if !v4 {
		fieldName = "ipv6_cidr"
	}
	// The path is built only for a finding: this runs for every subnet.
	path := func() string { return "subnet[" + s.ID + "]." + fieldName }
	if p.Addr().Is4() != v4 {
		c.report("cidr.invalid", path(), ids(s.ID), fmt.Sprintf("move the block to the field for its family, or write an %s block here", want),
			"subnet `%s` %s %s is not an %s block", s.ID, fieldName, raw, want)
		return
	}
	switch bits := p.Bits(); {
	case v4 && (bits < 16 || bits > 28):
		c.report("subnet.size", path(), ids(s.ID), "use a block from /16 (65,536 addresses) to /28 (16 addresses)",
			"subnet `%s` block %s is a /%d: subnet IPv4 blocks are /16 to /28", s.ID, p, bits)
	case !v4 && bits != 64:
		c.report("subnet.size", path(), ids(s.ID), "use a /64 from the VPC's IPv6 block",
			"subnet `%s` IPv6 block %s is a /%d: subnet IPv6 blocks are /64", s.ID, p, bits)
	}
	if vs == nil {
		return // no such VPC: checkStructure reports the reference
	}
	if _, inside := vs.within(p); inside || !vs.complete(p) {
		return
	}
	if len(vs.blocks(p)) == 0 {
		c.report("subnet.outside-vpc", path(), ids(s.ID, s.VPC), fmt.Sprintf("add an %s block to the VPC first, or remove the subnet's block", want),
			"subnet `%s` block %s is in vpc `%s`, which has no %s block", s.ID, p, s.VPC, want)
		return
	}
	var in []string
	for _, b := range vs.blocks(p) {
		in = append(in, b.p.String())
	}
	c.report("subnet.outside-vpc", path(), ids(s.ID, s.VPC), "pick a block inside one of the VPC's blocks (vpcboard plan suggests one), or add a secondary block to the VPC",
		"subnet `%s` block %s is not inside vpc `%s` (%s)", s.ID, p, s.VPC, strings.Join(in, ", "))
}

// azIDPattern matches availability zone IDs ("use1-az1", "usw2-lax1-az1",
// "use1-wl1-bos-wlz1"), which do not spell their region.
var azIDPattern = regexp.MustCompile(`^[a-z]{2,5}[0-9]+(-[a-z0-9]+)*-(az|wlz)[0-9]+$`)

// azInRegion reports whether the availability zone az may belong to region:
// an AZ name must be the region followed by a letter ("us-east-1a") or by a
// local or wavelength zone suffix ("us-west-2-lax-1a"); an AZ ID is taken
// on trust.
func azInRegion(az, region string) bool {
	// Names come first: they are the common case, and much cheaper to
	// recognise than IDs.
	if rest, ok := strings.CutPrefix(az, region); ok && rest != "" {
		if 'a' <= rest[0] && rest[0] <= 'z' || rest[0] == '-' && len(rest) > 1 {
			return true
		}
	}
	return azIDPattern.MatchString(az)
}

// regionOfVPC returns the known region of a VPC, or "".
func regionOfVPC(d *design.Design, vpc string) string {
	v := d.VPCs[vpc]
	if v == nil {
		return ""
	}
	if r := d.RegionOf(v); !design.IsUnknown(r) {
		return r
	}
	return ""
}

// checkSubnetAZ reports a subnet without an AZ or in an AZ of another
// region. Unknown AZ values are not missing.
func checkSubnetAZ(c *context, s *design.Subnet) {
	path := func() string { return "subnet[" + s.ID + "].az" }
	switch region := regionOfVPC(c.d, s.VPC); {
	case s.AZ == "":
		c.report("subnet.az-missing", path(), ids(s.ID), "set the subnet's availability zone (a name such as us-east-1a or an ID such as use1-az1)",
			"subnet `%s` has no availability zone", s.ID)
	case design.IsUnknown(s.AZ) || region == "":
	case !azInRegion(s.AZ, region):
		c.report("subnet.az-missing", path(), ids(s.ID, s.VPC), fmt.Sprintf("pick an availability zone of %s, such as %sa", region, region),
			"subnet `%s` availability zone %s is not in region %s of vpc `%s`", s.ID, s.AZ, region, s.VPC)
	}
}

// checkSubnetOverlap reports overlapping subnets of one VPC, IPv4 and IPv6
// apart, naming both. It returns buf, reused for the spans.
func checkSubnetOverlap(c *context, subnets []string, buf []span) []span {
	for _, v6 := range []bool{false, true} {
		spans := buf[:0]
		for i, id := range subnets {
			if p, ok := c.ix.subnetBlock(id, v6); ok {
				spans = append(spans, spanOf(i, p))
			}
		}
		for _, pair := range overlapping(spans) {
			a, b := subnets[pair[0]], subnets[pair[1]]
			pa, _ := c.ix.subnetBlock(a, v6)
			pb, _ := c.ix.subnetBlock(b, v6)
			c.report("subnet.overlap", "subnet["+a+"]."+cidrField(pa), ids(a, b),
				"give each subnet its own part of the VPC's space (vpcboard plan suggests a free block)",
				"subnet `%s` %s overlaps `%s` %s", a, pa, b, pb)
		}
		buf = spans
	}
	return buf
}

// cidrField returns the field of a subnet that holds a block of p's family.
func cidrField(p netip.Prefix) string {
	if p.Addr().Is4() {
		return "cidr"
	}
	return "ipv6_cidr"
}

// checkAddresses reports workload and NAT gateway addresses that are
// reserved, outside their subnet, or used twice in one VPC. The first user
// of an address, in the order of subnet and workload IDs, then NAT
// gateways, keeps it; the others are reported. Addresses clash only within
// a VPC, so each VPC's are checked on their own.
func checkAddresses(c *context) {
	natsIn := map[string][]string{} // VPC -> NAT gateways in its subnets, sorted
	for _, id := range c.ix.natIDs {
		if s := c.d.Subnets[c.d.NATGateways[id].Subnet]; s != nil {
			natsIn[s.VPC] = append(natsIn[s.VPC], id)
		}
	}
	seen := map[netip.Addr]addrRef{} // the first user of each address of the VPC at hand
	use := func(ref addrRef, s *design.Subnet, raw string) {
		if raw == "" || design.IsUnknown(raw) {
			return
		}
		a, err := design.ParseAddr(raw)
		if err != nil || !checkAddress(c, ref, s, a) {
			return
		}
		first, dup := seen[a]
		if !dup {
			seen[a] = ref
			return
		}
		path := ref.path()
		c.report("subnet.ip-duplicate", path, ids(ref.id, first.id), "give each interface its own address",
			"%s address %s is already used by %s (%s) in vpc `%s`", subjectName(path), a, subjectName(first.path()), first.path(), s.VPC)
	}
	useNATs := func(vpc string) {
		for _, id := range natsIn[vpc] {
			n := c.d.NATGateways[id]
			use(addrRef{id: id, nat: true}, c.d.Subnets[n.Subnet], n.PrivateIP)
		}
	}
	for _, vpc := range c.ix.vpcIDs {
		clear(seen)
		for _, sid := range c.ix.SubnetsOf(vpc) {
			s := c.d.Subnets[sid]
			ws := c.ix.WorkloadsIn(sid)
			for k, id := range ws {
				if k > 0 && ws[k-1] == id {
					continue // listed once per ENI in the subnet
				}
				for i, ifc := range c.d.Workloads[id].Interfaces {
					if ifc.Subnet != sid {
						continue
					}
					use(addrRef{id: id, iface: i, field: "private_ip"}, s, ifc.PrivateIP)
					for j, a := range ifc.SecondaryIPs {
						use(addrRef{id: id, iface: i, field: "secondary_ips", j: j}, s, a)
					}
					for j, a := range ifc.IPv6 {
						use(addrRef{id: id, iface: i, field: "ipv6", j: j}, s, a)
					}
				}
			}
		}
		useNATs(vpc)
	}
	// The NAT gateways of subnets whose VPC is not in the design
	// (checkStructure reports it) are checked among themselves.
	for _, vpc := range design.SortedIDs(natsIn) {
		if c.d.VPCs[vpc] == nil {
			clear(seen)
			useNATs(vpc)
		}
	}
}

// addrRef is where an address is written: a NAT gateway's private_ip, or
// a workload interface's private_ip, secondary_ips[j] or ipv6[j].
type addrRef struct {
	id    string
	nat   bool
	iface int
	field string
	j     int
}

// path returns the design path of the address.
func (r addrRef) path() string {
	if r.nat {
		return "nat-gateway[" + r.id + "].private_ip"
	}
	p := fmt.Sprintf("workload[%s].interfaces[%d].%s", r.id, r.iface, r.field)
	if r.field != "private_ip" {
		p += fmt.Sprintf("[%d]", r.j)
	}
	return p
}

// reservedNames names the reserved addresses of a subnet by offset from its
// start; the last address is the fifth.
var reservedNames = []string{"the network address", "the VPC router", "the Amazon DNS server", "reserved by AWS for future use"}

// checkAddress reports an address outside its subnet or reserved in it, and
// reports whether the address is usable.
func checkAddress(c *context, ref addrRef, s *design.Subnet, a netip.Addr) bool {
	raw := s.CIDR
	if a.Is6() {
		raw = s.IPv6CIDR
	}
	p, ok := c.ix.prefix(raw)
	if !ok || p.Addr().Is4() != a.Is4() {
		if raw == "" {
			path := ref.path()
			c.report("subnet.ip-outside", path, ids(ref.id, s.ID), "use an address of the subnet's family, or give the subnet a block of this family",
				"%s address %s is in subnet `%s`, which has no %s block", subjectName(path), a, s.ID, familyOf(a))
		}
		return false // unknown or malformed block: nothing to say
	}
	if !p.Contains(a) {
		path := ref.path()
		c.report("subnet.ip-outside", path, ids(ref.id, s.ID), fmt.Sprintf("use an address inside %s, or move the interface to the subnet that holds %s", p, a),
			"%s address %s is outside subnet `%s` %s", subjectName(path), a, s.ID, p)
		return false
	}
	var why string
	switch last := netipx.PrefixLastIP(p); {
	case a == last:
		why = "the broadcast address"
		if a.Is6() {
			why = "the last address, reserved by AWS"
		}
	default:
		for off, name := range reservedNames {
			if a == addrAdd(p.Addr(), off) {
				why = name
				break
			}
		}
	}
	if why == "" {
		return true
	}
	path := ref.path()
	c.report("subnet.ip-reserved", path, ids(ref.id, s.ID), fmt.Sprintf("use an address from %s to %s", addrAdd(p.Addr(), 4), netipx.AddrPrior(netipx.PrefixLastIP(p))),
		"%s address %s is %s of subnet `%s` %s", subjectName(path), a, why, s.ID, p)
	return false
}

// familyOf returns "IPv4" or "IPv6".
func familyOf(a netip.Addr) string {
	if a.Is4() {
		return "IPv4"
	}
	return "IPv6"
}

// addrAdd returns a plus n, for small n.
func addrAdd(a netip.Addr, n int) netip.Addr {
	for range n {
		a = a.Next()
	}
	return a
}

// checkExhausted reports subnets whose ENIs need more IPv4 addresses than
// the subnet has: every workload interface (its primary and secondary
// addresses), NAT gateway, interface or Gateway Load Balancer endpoint and
// transit gateway attachment in the subnet has an ENI there.
func checkExhausted(c *context) {
	type need struct{ enis, secondary int }
	needs := make(map[string]need, len(c.d.Subnets))
	add := func(subnet string, enis, secondary int) {
		n := needs[subnet]
		n.enis += enis
		n.secondary += secondary
		needs[subnet] = n
	}
	d := c.d
	for _, w := range d.Workloads {
		for _, ifc := range w.Interfaces {
			add(ifc.Subnet, 1, len(ifc.SecondaryIPs))
		}
	}
	for _, n := range d.NATGateways {
		add(n.Subnet, 1, 0)
	}
	for _, e := range d.VPCEndpoints {
		if e.Type == design.EndpointInterface || e.Type == design.EndpointGatewayLoadBalancer {
			for _, s := range e.Subnets {
				add(s, 1, 0)
			}
		}
	}
	for _, a := range d.TransitGatewayAttachments {
		for _, s := range a.Subnets {
			add(s, 1, 0)
		}
	}
	for id, n := range needs {
		p, ok := c.ix.subnetBlock(id, false)
		if !ok || !p.Addr().Is4() || p.Bits() > 30 {
			continue
		}
		usable := 1<<(32-p.Bits()) - 5
		if n.enis+n.secondary <= usable {
			continue
		}
		c.report("subnet.exhausted", design.Path(d.Subnets[id])+".cidr", ids(id),
			fmt.Sprintf("use a larger block (a /%d has %d usable addresses) or move ENIs to another subnet", max(16, p.Bits()-1), 1<<(32-max(16, p.Bits()-1))-5),
			"subnet `%s` %s needs %d addresses (%d ENIs, %d secondary addresses) but has %d usable", id, p, n.enis+n.secondary, n.enis, n.secondary, usable)
	}
}

// checkSingleAZ reports vpc.single-az for one VPC. Subnets are grouped by
// tier (Subnet.Tier, or "public" or "private" by their route table). A tier
// whose subnets all sit in one AZ while the VPC uses two or more AZs is
// reported, and so is a VPC with workloads whose subnets all sit in one AZ.
// Subnets with an unknown or missing AZ make their tier (and the VPC-wide
// rule) undecidable, so those are skipped.
func checkSingleAZ(c *context, vpc string) {
	subnets := c.ix.SubnetsOf(vpc)
	tiers := map[string][]string{}
	tierAZs := map[string]map[string]bool{}
	undecided := map[string]bool{}
	vpcAZs := map[string]bool{}
	vpcUndecided, workloads := false, false
	for _, id := range subnets {
		s := c.d.Subnets[id]
		tier := s.Tier
		if tier == "" {
			tier = "private"
			if c.ix.IsPublic(id) {
				tier = "public"
			}
		}
		tiers[tier] = append(tiers[tier], id)
		if tierAZs[tier] == nil {
			tierAZs[tier] = map[string]bool{}
		}
		if s.AZ == "" || design.IsUnknown(s.AZ) {
			undecided[tier], vpcUndecided = true, true
		} else {
			tierAZs[tier][s.AZ] = true
			vpcAZs[s.AZ] = true
		}
		workloads = workloads || len(c.ix.WorkloadsIn(id)) > 0
	}
	const hint = "add a subnet of the tier in a second availability zone; vpc.single-az warns when a tier (Subnet.Tier, else public or private by its route table) has all its subnets in one AZ while the VPC uses two or more, or when a VPC with workloads has all its subnets in one AZ"
	if len(vpcAZs) == 1 && !vpcUndecided && workloads {
		c.report("vpc.single-az", "vpc["+vpc+"]", append(ids(vpc), subnets...), hint,
			"every subnet of vpc `%s` is in %s: an outage of that AZ takes all its workloads down", vpc, firstKey(vpcAZs))
		return
	}
	if len(vpcAZs) < 2 {
		return
	}
	for _, tier := range design.SortedIDs(tiers) {
		if undecided[tier] || len(tierAZs[tier]) != 1 {
			continue
		}
		ss := tiers[tier]
		c.report("vpc.single-az", "vpc["+vpc+"]", append(ids(vpc), ss...), hint,
			"tier `%s` of vpc `%s` is only in %s (`%s`) while the VPC uses %d AZs", tier, vpc, firstKey(tierAZs[tier]), strings.Join(ss, "`, `"), len(vpcAZs))
	}
}

// firstKey returns the least key of m, or "".
func firstKey(m map[string]bool) string {
	keys := design.SortedIDs(m)
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}
