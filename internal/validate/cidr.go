package validate

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcboard/vpcboard/internal/design"
)

// The IPv4 ranges the VPC block rules know.
var (
	rfc1918      = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("192.168.0.0/16")}
	sharedSpace  = netip.MustParsePrefix("100.64.0.0/10")  // RFC 6598, treated like public space by AWS's table
	range198     = netip.MustParsePrefix("198.19.0.0/16")  // allowed for secondary blocks (EKS pods)
	linkLocal    = netip.MustParsePrefix("169.254.0.0/16") // never a VPC block
	dockerBridge = netip.MustParsePrefix("172.17.0.0/16")
	defaultVPC   = netip.MustParsePrefix("172.31.0.0/16")
	range10_15   = netip.MustParsePrefix("10.0.0.0/15")
	range10_16   = netip.MustParsePrefix("10.0.0.0/16")

	// notPublic is the space vpc.cidr-public accepts.
	notPublic = append(slices.Clone(rfc1918), sharedSpace, range198, linkLocal)
)

// checkCIDRs reports host bits anywhere in the design and the problems of
// VPC blocks: size, overlap, the AWS association table, conflicts with
// existing routes, Docker's range and public space.
func checkCIDRs(c *context) {
	checkHostBits(c)
	for _, id := range c.ix.vpcIDs {
		s := c.ix.spaces[id]
		checkBlockFamilies(c, id, s)
		checkVPCBlocks(c, id, s)
		if len(s.v4) > 1 {
			checkRouteConflicts(c, c.d.VPCs[id], s)
		}
	}
}

// checkHostBits reports every CIDR written with host bits set, wherever
// the model holds one (design.EachCIDR). Paths are built only for findings,
// as this runs over every rule of every group.
func checkHostBits(c *context) {
	design.EachCIDR(c.d, func(r design.Resource, s string, at design.FieldPath) {
		if c.ix.hasHostBits(s) {
			c.hostBits(at.String(), r.ResourceID(), s)
		}
	})
}

// hostBits reports cidr.host-bits for s, the value at path of resource id.
func (c *context) hostBits(path, id, s string) {
	m := c.ix.cidr(s).p
	c.report("cidr.host-bits", path, ids(id),
		fmt.Sprintf("write %s, or the prefix length you meant", m),
		"%s %s %s has host bits set: AWS stores it as %s", subjectName(path), field(path), s, m)
}

// checkBlockFamilies reports an IPv6 block in an IPv4 field of a VPC or the
// reverse; design.Check accepts both as well-formed CIDRs.
func checkBlockFamilies(c *context, id string, s *vpcSpace) {
	for _, list := range []struct {
		blocks []vpcBlock
		v4     bool
	}{{s.v4, true}, {s.v6, false}} {
		for _, b := range list.blocks {
			p, ok := c.ix.prefix(b.raw)
			if !ok || p.Addr().Is4() == list.v4 {
				continue
			}
			want := "IPv4"
			if !list.v4 {
				want = "IPv6"
			}
			c.report("cidr.invalid", b.path, ids(id), fmt.Sprintf("move the block to the field for its family, or write an %s block here", want),
				"vpc `%s` %s %s is not an %s block", id, field(b.path), b.raw, want)
		}
	}
}

// checkVPCBlocks reports the per-block rules of one VPC: vpc.cidr-size,
// vpc.cidr-overlap, vpc.cidr-mixing, vpc.cidr-docker and vpc.cidr-public.
func checkVPCBlocks(c *context, id string, s *vpcSpace) {
	for _, b := range s.v4 {
		if !b.p.IsValid() {
			continue
		}
		if bits := b.p.Bits(); bits < 16 || bits > 28 {
			c.report("vpc.cidr-size", b.path, ids(id), "use a block from /16 (65,536 addresses) to /28 (16 addresses); add secondary blocks for more space",
				"vpc `%s` block %s is a /%d: VPC blocks are /16 to /28", id, b.p, bits)
		}
		if b.p.Overlaps(dockerBridge) {
			c.report("vpc.cidr-docker", b.path, ids(id), "pick another range: Docker's default bridge, Cloud9 and SageMaker use 172.17.0.0/16 and lose connectivity to it",
				"vpc `%s` block %s overlaps 172.17.0.0/16", id, b.p)
		}
		if !coveredByAny(b.p, notPublic...) {
			reportNotPrivate(c, id, b)
		}
	}
	checkMixing(c, id, s.v4)
	for _, blocks := range [][]vpcBlock{s.v4, s.v6} {
		var spans []span
		for i, b := range blocks {
			if b.p.IsValid() {
				spans = append(spans, spanOf(i, b.p))
			}
		}
		for _, pair := range overlapping(spans) {
			outer, inner := blocks[pair[0]], blocks[pair[1]]
			// Report at the block listed later: it is the one AWS would refuse.
			first, second := outer, inner
			if pair[1] < pair[0] {
				first, second = inner, outer
			}
			c.report("vpc.cidr-overlap", second.path, ids(id), "remove the block or pick one that does not overlap the VPC's other blocks",
				"vpc `%s` block %s overlaps its block %s", id, second.p, first.p)
		}
	}
}

// specialPurpose are the blocks of the IANA IPv4 Special-Purpose Address
// Registry (RFC 6890) outside the ranges vpc.cidr-public accepts: not
// publicly routable, but not private either.
var specialPurpose = []struct {
	p    netip.Prefix
	what string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "\"this network\" (RFC 791)"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback (RFC 1122)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignments (RFC 6890)"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation, TEST-NET-1 (RFC 5737)"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking (RFC 2544)"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation, TEST-NET-2 (RFC 5737)"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation, TEST-NET-3 (RFC 5737)"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast (RFC 5771)"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved (RFC 1112)"},
}

// reportNotPrivate reports vpc.cidr-public for block b of VPC id: publicly
// routable space, or a special-purpose block, said as such (a block the
// IETF reserved has no owner on the internet to hide, but protocols and
// other networks use it).
func reportNotPrivate(c *context, id string, b vpcBlock) {
	const private = "use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10)"
	for _, sp := range specialPurpose {
		if sp.p.Overlaps(b.p) {
			c.report("vpc.cidr-public", b.path, ids(id), private+": special-purpose blocks are not yours to number a network with, and the services and networks that use them become unreachable from the VPC",
				"vpc `%s` block %s is not private space: it is in %s, %s, a special-purpose block (IANA IPv4 Special-Purpose Address Registry)", id, b.p, sp.p, sp.what)
			return
		}
	}
	c.report("vpc.cidr-public", b.path, ids(id), private+" unless you own this block: its real owners on the internet become unreachable from the VPC",
		"vpc `%s` block %s is publicly routable space", id, b.p)
}

// checkMixing applies the IPv4 CIDR block association restrictions of
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html#add-cidr-block-restrictions
// to each secondary block, in the order the blocks are listed.
func checkMixing(c *context, id string, blocks []vpcBlock) {
	var earlier []netip.Prefix
	var primary netip.Prefix
	for _, b := range blocks {
		if !b.p.IsValid() {
			continue
		}
		switch {
		case b.p.Overlaps(linkLocal):
			c.report("vpc.cidr-mixing", b.path, ids(id), "pick a block outside 169.254.0.0/16",
				"vpc `%s` block %s is in 169.254.0.0/16, the link-local range that no VPC may use", id, b.p)
		case b.secondary && primary.IsValid():
			if why := mixingRestriction(primary, earlier, b.p); why != "" {
				c.report("vpc.cidr-mixing", b.path, ids(id), "add a secondary block from the primary block's own range, or from 100.64.0.0/10 or publicly routable space you own",
					"vpc `%s` secondary block %s cannot join primary block %s: %s", id, b.p, primary, why)
			}
		}
		if !b.secondary {
			primary = b.p
		}
		earlier = append(earlier, b.p)
	}
}

// mixingRestriction returns why AWS refuses to associate the secondary
// block s with a VPC whose primary block is primary and whose blocks so far
// are earlier, or "" if it allows it.
func mixingRestriction(primary netip.Prefix, earlier []netip.Prefix, s netip.Prefix) string {
	private := coveredByAny(s, rfc1918...)
	switch {
	case primary.Overlaps(linkLocal):
		return "" // the primary block is reported itself
	case covers(range198, primary):
		if private {
			return "a VPC whose primary block is in 198.19.0.0/16 takes no RFC 1918 block"
		}
		return ""
	case !coveredByAny(primary, rfc1918...):
		if private {
			return "a VPC whose primary block is publicly routable or in 100.64.0.0/10 takes no RFC 1918 block"
		}
		if covers(range198, s) {
			return "a VPC whose primary block is publicly routable or in 100.64.0.0/10 takes no block from 198.19.0.0/16"
		}
		return ""
	}
	// The primary block is in an RFC 1918 range.
	if covers(range198, s) {
		return "a VPC whose primary block is in an RFC 1918 range takes no block from 198.19.0.0/16"
	}
	for _, r := range rfc1918 {
		if covers(r, s) && !covers(r, primary) {
			return fmt.Sprintf("AWS does not mix RFC 1918 ranges in one VPC (%s is not in %s)", s, rfc1918Range(primary))
		}
	}
	switch {
	case covers(rfc1918[1], primary) && covers(defaultVPC, s):
		return "a VPC whose primary block is in 172.16.0.0/12 takes no block from 172.31.0.0/16"
	case covers(rfc1918[0], primary) && covers(range10_16, s):
		for _, e := range earlier {
			if covers(range10_15, e) {
				return fmt.Sprintf("a VPC with a block in 10.0.0.0/15 (%s) takes no block from 10.0.0.0/16", e)
			}
		}
	}
	return ""
}

// rfc1918Range returns the RFC 1918 range that covers p.
func rfc1918Range(p netip.Prefix) netip.Prefix {
	for _, r := range rfc1918 {
		if covers(r, p) {
			return r
		}
	}
	return netip.Prefix{}
}

// checkRouteConflicts reports vpc.cidr-route-conflict: a secondary IPv4
// block that covers a route destination of one of the VPC's tables, which
// AWS refuses to associate. A route inside the primary block (or an IPv6
// block) is route.local-override instead, reported by checkRoutes: such a
// block exists before any route does.
func checkRouteConflicts(c *context, v *design.VPC, s *vpcSpace) {
	for _, t := range c.ix.RouteTablesOf(v.ID) {
		rt := c.d.RouteTables[t]
		for i, r := range rt.Routes {
			dest, ok := c.ix.prefix(r.Destination)
			if !ok || !dest.Addr().Is4() {
				continue
			}
			b, conflict := localConflict(c.ix, s, r, dest)
			if !conflict || !b.secondary {
				continue
			}
			c.report("vpc.cidr-route-conflict", b.path, ids(v.ID, rt.ID),
				"remove the route first, or add a secondary block that does not cover its destination",
				"vpc `%s` secondary block %s covers route %d of route-table `%s` to %s via %s", v.ID, b.p, i, rt.ID, r.Destination, targetName(r.Target))
		}
	}
}
