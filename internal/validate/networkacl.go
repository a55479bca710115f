package validate

import (
	"cmp"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// ephemeralPort lies in every common ephemeral range: IANA's and Windows'
// 49152-65535, Linux's 32768-60999, and the 1024-65535 that ELB and NAT
// gateways use and AWS recommends opening. An allow whose range includes
// it may be the return rule of the other direction's flows, so it is not
// judged as a service (see checkReturnTraffic), whose replies are checked
// over the clients' whole range (clientPorts).
const ephemeralPort = 49152

// checkNACLs runs the network ACL rules: nacl.default-missing,
// nacl.assoc-duplicate, nacl.rule-number, nacl.shadowed,
// nacl.return-blocked and nacl.custom-empty.
func checkNACLs(c *context) {
	checkDefaultNACLs(c)
	checkNACLAssociations(c)
	// The buffers of one NACL are reused for the next.
	numbers := map[int]int{}
	var in, out aclDirection
	var buf aclBuffers
	buf.clients = newClientIndex(c.ix)
	for _, id := range c.ix.aclIDs {
		n := c.d.NetworkACLs[id]
		if n == nil {
			continue
		}
		checkNACLNumbers(c, n, numbers)
		in.fill(c.ix, n, "inbound")
		out.fill(c.ix, n, "outbound")
		checkEntries(c, n, in, out, &buf)
		checkEntries(c, n, out, in, &buf)
		checkCustomEmpty(c, n)
	}
}

// checkDefaultNACLs reports VPCs without exactly one default network ACL.
func checkDefaultNACLs(c *context) {
	for _, vpc := range c.ix.vpcIDs {
		defs := c.ix.DefaultNetworkACLs(vpc)
		if len(defs) == 0 {
			c.report("nacl.default-missing", design.Path(c.d.VPCs[vpc]), ids(vpc),
				"add the VPC's default network ACL (allow all in and out), as AWS creates it with the VPC",
				"VPC `%s` has no default network ACL", vpc)
			continue
		}
		for _, extra := range defs[1:] {
			c.report("nacl.default-missing", design.Path(c.d.NetworkACLs[extra])+".default", ids(extra, vpc, defs[0]),
				"a VPC has exactly one default network ACL: make this one a custom ACL (default: false)",
				"network ACL `%s` is a second default network ACL of VPC `%s` (`%s` is one already)", extra, vpc, defs[0])
		}
	}
}

// checkNACLAssociations reports subnets explicitly associated with more
// than one network ACL. Each finding has its own path, so subnets are
// walked in any order.
func checkNACLAssociations(c *context) {
	for sub, acls := range c.ix.ExplicitNetworkACLLists() {
		if len(acls) < 2 {
			continue
		}
		acls = slices.Compact(slices.Clone(acls))
		for _, extra := range acls[min(1, len(acls)):] {
			n := c.d.NetworkACLs[extra]
			i := slices.Index(n.Subnets, sub)
			c.report("nacl.assoc-duplicate", itemPath(n, "subnets", i), ids(extra, sub, acls[0]),
				"a subnet uses exactly one network ACL: remove the subnet from all but one",
				"subnet `%s` is associated with network ACL `%s` and also with `%s`", sub, acls[0], extra)
		}
	}
}

// checkNACLNumbers reports rule numbers outside 1..32766 and numbers used
// twice in one direction. first is scratch space, cleared for each
// direction: the position of the first entry with each number.
func checkNACLNumbers(c *context, n *design.NetworkACL, first map[int]int) {
	for _, dir := range []struct {
		name    string
		entries []design.NACLEntry
	}{{"inbound", n.Inbound}, {"outbound", n.Outbound}} {
		clear(first)
		for i, e := range dir.entries {
			if e.Number < 1 || e.Number > 32766 {
				c.report("nacl.rule-number", itemPath(n, dir.name, i)+".number", ids(n.ID),
					"number rules from 1 to 32766; leave gaps (100, 110, ...) for later insertions",
					"network ACL `%s` %s rule number %d is outside 1-32766", n.ID, dir.name, e.Number)
				continue
			}
			if j, dup := first[e.Number]; dup {
				c.report("nacl.rule-number", itemPath(n, dir.name, i)+".number", ids(n.ID),
					"give each rule of a direction its own number",
					"network ACL `%s` %s rule number %d is used twice (entries %d and %d)", n.ID, dir.name, e.Number, j, i)
				continue
			}
			first[e.Number] = i
		}
	}
}

// aclEntry is a well-formed entry of one direction of a network ACL.
type aclEntry struct {
	index  int // position in the design's list, for paths
	number int
	action design.Action
	t      traffic
	block  netip.Prefix
}

// aclDirection holds the well-formed entries of one direction, in
// evaluation order (lowest number first). Entries with malformed or
// unknown values are left out: they are reported elsewhere or cannot be
// judged.
type aclDirection struct {
	name    string // "inbound" or "outbound"
	entries []aclEntry
	// descs caches describe's result per entry: one entry often shadows
	// many.
	descs []string
}

// fill makes d the direction of n with the name, reusing d's buffers.
func (d *aclDirection) fill(ix *index, n *design.NetworkACL, name string) {
	list := n.Inbound
	if name == "outbound" {
		list = n.Outbound
	}
	d.name, d.entries = name, d.entries[:0]
	for i, e := range list {
		t, ok := trafficOf(e.Protocol, e.Ports, e.ICMP)
		b, okb := ix.prefix(e.CIDR)
		if !ok || !okb || (e.Action != design.Allow && e.Action != design.Deny) {
			continue
		}
		d.entries = append(d.entries, aclEntry{index: i, number: e.Number, action: e.Action, t: t, block: b})
	}
	slices.SortStableFunc(d.entries, func(a, b aclEntry) int { return cmp.Compare(a.number, b.number) })
	d.descs = slices.Grow(d.descs[:0], len(d.entries))[:len(d.entries)]
	clear(d.descs)
}

// path returns the design path of an entry.
func (d aclDirection) path(n *design.NetworkACL, a aclEntry) string {
	return itemPath(n, d.name, a.index)
}

// peer returns "from" for inbound and "to" for outbound.
func (d aclDirection) peer() string {
	if d.name == "inbound" {
		return "from"
	}
	return "to"
}

// describe returns "rule 120 (allow tcp 443 from 0.0.0.0/0)" for the entry
// at position i of d.entries.
func (d aclDirection) describe(i int) string {
	if d.descs[i] == "" {
		a := d.entries[i]
		d.descs[i] = "rule " + strconv.Itoa(a.number) + " (" + string(a.action) + " " + a.t.String() + " " + d.peer() + " " + a.block.String() + ")"
	}
	return d.descs[i]
}

// aclBuffers holds the slices that checkEntries and the checks it calls
// reuse from one entry to the next, and from one NACL to the next, rather
// than allocating them for every entry.
type aclBuffers struct {
	overlapping, cuts, ports []int
	blocks, back             []netip.Prefix
	// clients says which ephemeral ports the replies must be admitted on.
	clients *clientIndex
}

// checkEntries runs nacl.shadowed and nacl.return-blocked over the entries
// of direction d; other is the opposite direction.
//
// An entry is shadowed when lower-numbered entries together match all its
// traffic (equal numbers are nacl.rule-number's business). Coverage is
// exact over protocol, the port or ICMP range and the address block, with
// one conservative simplification: an entry for all protocols is only
// covered by entries for all protocols. A shadowed entry decides nothing,
// so its return traffic is not judged.
func checkEntries(c *context, n *design.NetworkACL, d, other aclDirection, buf *aclBuffers) {
	for j, b := range d.entries {
		buf.overlapping = buf.overlapping[:0]
		for i := range j {
			if a := &d.entries[i]; a.number < b.number && a.t.overlaps(b.t) && overlaps(a.block, b.block) {
				buf.overlapping = append(buf.overlapping, i)
			}
		}
		overlapping := buf.overlapping
		by := shadowingEntries(d.entries, j, overlapping, buf)
		if len(by) == 0 {
			checkReturnTraffic(c, n, d, other, j, overlapping, buf)
			continue
		}
		first := d.entries[by[0]]
		what := d.describe(by[0]) + " matches"
		hint := "delete it, or renumber it below rule " + strconv.Itoa(first.number) + " if it should take effect"
		if len(by) == 1 && first.action == b.action {
			hint = "delete it: rule " + strconv.Itoa(first.number) + " already " + string(b.action) + "s this traffic"
		}
		if len(by) > 1 {
			nums := make([]string, len(by))
			for k, i := range by {
				nums[k] = strconv.Itoa(d.entries[i].number)
			}
			what = "rules " + strings.Join(nums, ", ") + " together match"
		}
		c.report("nacl.shadowed", d.path(n, b), ids(n.ID), hint,
			"network ACL `%s` %s %s can never match: %s all its traffic first", n.ID, d.name, d.describe(j), what)
	}
}

// shadowingEntries returns the positions of the earlier entries that
// together match all the traffic of entries[j] — a single covering entry
// when there is one — or nil when entries[j] can match something.
// overlapping are the positions of the earlier entries whose traffic and
// block overlap it.
func shadowingEntries(entries []aclEntry, j int, overlapping []int, buf *aclBuffers) []int {
	b := entries[j]
	for _, i := range overlapping {
		if a := entries[i]; a.t.covers(b.t) && covers(a.block, b.block) {
			return []int{i}
		}
	}
	if len(overlapping) < 2 {
		return nil
	}
	if b.t.proto == protoAll {
		buf.blocks = buf.blocks[:0]
		for _, i := range overlapping {
			if entries[i].t.proto == protoAll {
				buf.blocks = append(buf.blocks, entries[i].block)
			}
		}
		if _, gap := uncovered(b.block, buf.blocks); !gap {
			return slices.Clone(overlapping)
		}
		return nil
	}
	// Split b's range at every boundary of the overlapping entries; in each
	// piece the same entries apply throughout, and their blocks must cover
	// b's block.
	buf.cuts = rangeCuts(buf.cuts, b.t, entries, overlapping)
	cuts := buf.cuts
	for k, lo := range cuts {
		piece := traffic{b.t.proto, lo, b.t.hi}
		if k+1 < len(cuts) {
			piece.hi = cuts[k+1] - 1
		}
		buf.blocks = buf.blocks[:0]
		for _, i := range overlapping {
			if entries[i].t.covers(piece) {
				buf.blocks = append(buf.blocks, entries[i].block)
			}
		}
		if _, gap := uncovered(b.block, buf.blocks); gap {
			return nil
		}
	}
	return slices.Clone(overlapping)
}

// rangeCuts appends to buf[:0] the sorted starts of the pieces that the
// boundaries of the overlapping entries cut t's range into.
func rangeCuts(buf []int, t traffic, entries []aclEntry, overlapping []int) []int {
	cuts := append(buf[:0], t.lo)
	for _, i := range overlapping {
		a := entries[i].t
		if a.proto == protoAll {
			continue
		}
		if a.lo > t.lo {
			cuts = append(cuts, a.lo)
		}
		if a.hi < t.hi {
			cuts = append(cuts, a.hi+1)
		}
	}
	slices.Sort(cuts)
	return slices.Compact(cuts)
}

// checkReturnTraffic reports entry j of direction d if it is a service
// allow whose return traffic the other direction does not allow on all
// the ephemeral ports of the clients. NACLs are stateless: when inbound
// rule N allows tcp 443 from X, the replies leave the subnet to X's
// ephemeral ports and need an outbound allow; when outbound allows tcp 443
// to X, the replies come back from X to the ephemeral ports of the
// subnet's own clients and need an inbound allow. Which ports those are
// depends on the clients (clientPorts): the whole range is checked, and
// the assumption named in the finding.
//
// A service allow is an allow of tcp or udp whose port range does not
// include ephemeralPort: a range that does (1024-65535, all ports) may
// itself be the return rule of the other direction's flows, so it is not
// judged. The clients' range is cut where the other direction's entries
// start and end; on each piece the other direction is evaluated first
// match, for the entry's protocol. A reply counts as blocked when no rule
// matches it (the final * rule drops it) or when a deny as wide as X does;
// a deny of part of X is a deliberate block list (talk to none of
// 192.0.2.0/24), not a forgotten return rule, and is not reported. No
// piece passing is nacl.return-blocked; some pieces failing is
// nacl.ephemeral-gap, naming the ports.
//
// overlapping are the positions of the earlier entries whose traffic and
// block overlap entry j.
func checkReturnTraffic(c *context, n *design.NetworkACL, d, other aclDirection, j int, overlapping []int, buf *aclBuffers) {
	e := d.entries[j]
	if e.action != design.Allow || (e.t.proto != protoTCP && e.t.proto != protoUDP) || e.t.matches(e.t.proto, ephemeralPort) {
		return
	}
	clients := buf.clients.ofACL(n.ID)
	if d.name == "inbound" {
		clients = buf.clients.ofBlockClients(e.block)
	}
	if passesAll(e, other, clients) {
		return
	}
	buf.ports = portCuts(buf.ports, clients.lo, clients.hi, e, other.entries)
	buf.cuts = rangeCuts(buf.cuts, e.t, d.entries, overlapping)
	var gap netip.Prefix
	gapPort := -1
	var failed []traffic // the pieces of the clients' range whose replies are blocked
	for k, lo := range buf.ports {
		hi := clients.hi
		if k+1 < len(buf.ports) {
			hi = buf.ports[k+1] - 1
		}
		g, found := replyGap(e, d, other, overlapping, lo, buf)
		if !found {
			continue
		}
		if gapPort < 0 {
			gap, gapPort = g, lo
		}
		if m := len(failed); m > 0 && failed[m-1].hi+1 == lo {
			failed[m-1].hi = hi
		} else {
			failed = append(failed, traffic{e.t.proto, lo, hi})
		}
	}
	if gapPort < 0 {
		return
	}
	by := "match no " + other.name + " rule (the final * rule denies them)"
	if i, ok := firstMatch(other, e.t.proto, gapPort, gap.Addr()); ok {
		by = "are denied by " + other.describe(i)
	}
	where := gap.String()
	if gap == e.block {
		where = "all of " + where
	}
	proto := protocolName(e.t.proto)
	hint := "add an " + other.name + " rule allowing " + proto + " " + clients.String() + " " + other.peer() + " " + e.block.String() +
		" (1024-65535 covers every client), numbered below any rule that denies it"
	if len(failed) == 1 && failed[0].lo == clients.lo && failed[0].hi == clients.hi {
		c.report("nacl.return-blocked", d.path(n, e), ids(n.ID), hint,
			"network ACL `%s` %s rule %d allows %s %s %s, but its replies %s %s on the clients' ephemeral ports (%s %s; %s) %s",
			n.ID, d.name, e.number, e.t, d.peer(), e.block, other.peer(), where, proto, clients, clients.why(), by)
		return
	}
	ports := make([]string, len(failed))
	for i, f := range failed {
		ports[i] = strconv.Itoa(f.lo) + "-" + strconv.Itoa(f.hi)
	}
	c.report("nacl.ephemeral-gap", d.path(n, e), ids(n.ID), hint,
		"network ACL `%s` %s rule %d allows %s %s %s, but its replies %s %s on %s %s, part of the clients' ephemeral ports (%s; %s), %s",
		n.ID, d.name, e.number, e.t, d.peer(), e.block, other.peer(), where, proto, strings.Join(ports, ", "), clients, clients.why(), by)
}

// replyGap returns an address of entry e's block whose replies on port the
// other direction does not pass, if there is one. In each piece of e's
// port range (buf.cuts, from rangeCuts), e decides the addresses of its
// block that no earlier entry covering the piece takes; a gap is such an
// address whose reply no return rule passes.
func replyGap(e aclEntry, d, other aclDirection, overlapping []int, port int, buf *aclBuffers) (netip.Prefix, bool) {
	// back: the blocks whose replies a return rule decides before a deny
	// as wide as X, or the final * rule, would.
	buf.back = buf.back[:0]
	for k := range other.entries {
		a := &other.entries[k]
		if !a.t.matches(e.t.proto, port) || !overlaps(a.block, e.block) {
			continue
		}
		if covers(a.block, e.block) {
			if a.action == design.Allow {
				return netip.Prefix{}, false // it passes every reply
			}
			break
		}
		buf.back = append(buf.back, a.block)
	}
	cuts := buf.cuts
	for k, lo := range cuts {
		piece := traffic{e.t.proto, lo, e.t.hi}
		if k+1 < len(cuts) {
			piece.hi = cuts[k+1] - 1
		}
		buf.blocks = append(buf.blocks[:0], buf.back...)
		for _, i := range overlapping {
			if d.entries[i].t.covers(piece) {
				buf.blocks = append(buf.blocks, d.entries[i].block)
			}
		}
		if gap, found := uncovered(e.block, buf.blocks); found {
			return gap, true
		}
	}
	return netip.Prefix{}, false
}

// passesAll reports, without cutting the clients' range, the common case
// where the other direction passes every reply to entry e: an allow of the
// whole range for all of e's block, with only allows of e's protocol
// before it that overlap the block.
func passesAll(e aclEntry, other aclDirection, clients clientPorts) bool {
	for _, a := range other.entries {
		if (a.t.proto != e.t.proto && a.t.proto != protoAll) || !overlaps(a.block, e.block) {
			continue
		}
		if a.action != design.Allow {
			return false
		}
		if covers(a.block, e.block) && a.t.lo <= clients.lo && a.t.hi >= clients.hi {
			return true
		}
	}
	return false
}

// portCuts appends to buf[:0] the sorted starts of the pieces that the
// port bounds of the entries that can decide e's replies (of its protocol,
// overlapping its block) cut lo-hi into: on each piece every such entry
// matches all ports or none.
func portCuts(buf []int, lo, hi int, e aclEntry, entries []aclEntry) []int {
	cuts := append(buf[:0], lo)
	for _, a := range entries {
		if a.t.proto != e.t.proto || !overlaps(a.block, e.block) {
			continue
		}
		if a.t.lo > lo && a.t.lo <= hi {
			cuts = append(cuts, a.t.lo)
		}
		if a.t.hi >= lo && a.t.hi < hi {
			cuts = append(cuts, a.t.hi+1)
		}
	}
	slices.Sort(cuts)
	return slices.Compact(cuts)
}

// firstMatch returns the position of the entry of d that decides a packet
// of protocol proto on port (or ICMP point) x for address addr, if any
// does.
func firstMatch(d aclDirection, proto, x int, addr netip.Addr) (int, bool) {
	for i, a := range d.entries {
		if a.t.matches(proto, x) && a.block.Contains(addr) {
			return i, true
		}
	}
	return 0, false
}

// checkCustomEmpty reports a custom network ACL that allows nothing in
// either direction while a subnet associated with it has workloads.
func checkCustomEmpty(c *context, n *design.NetworkACL) {
	if n.Default {
		return
	}
	for _, list := range [][]design.NACLEntry{n.Inbound, n.Outbound} {
		for _, e := range list {
			if e.Action == design.Allow {
				return
			}
		}
	}
	var busy []string
	for _, s := range n.Subnets {
		if len(c.ix.WorkloadsIn(s)) > 0 && !slices.Contains(busy, s) {
			busy = append(busy, s)
		}
	}
	if len(busy) == 0 {
		return
	}
	c.report("nacl.custom-empty", design.Path(n), append(ids(n.ID), busy...),
		"add allow rules for the traffic these subnets need (and its return on ports 1024-65535), or associate them with another ACL",
		"network ACL `%s` has no allow rule, so it denies all traffic in and out of %s with workloads",
		n.ID, pluralNoun(len(busy), "subnet")+" "+quoteList(busy))
}

// pluralNoun returns "subnet" for 1 and "subnets" otherwise.
func pluralNoun(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// quoteList returns "`a`", "`a` and `b`" or "`a`, `b` and `c`".
func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "`" + x + "`"
	}
	if len(q) <= 1 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
