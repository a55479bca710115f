package validate

import (
	"net/netip"

	"github.com/vpcboard/vpcboard/internal/design"
)

// vpcPair is an unordered pair of VPC IDs, the lesser first, so that a
// peering requested either way finds the same key.
type vpcPair [2]string

func pairOf(a, b string) vpcPair {
	if b < a {
		a, b = b, a
	}
	return vpcPair{a, b}
}

// peeringPairs returns the peering connections between two distinct VPCs,
// keyed by the pair, each list sorted by ID, and the peerings of each VPC.
// Peerings of a VPC with itself are left out (peering.self reports them).
// Both are computed once per validation.
func (ix *index) peeringPairs() map[vpcPair][]string {
	if ix.pairs != nil {
		return ix.pairs
	}
	ix.pairs = map[vpcPair][]string{}
	ix.peersOf = map[string][]string{}
	for _, id := range ix.peeringIDs {
		p := ix.d.PeeringConnections[id]
		if p == nil || p.Requester == p.Accepter {
			continue
		}
		k := pairOf(p.Requester, p.Accepter)
		ix.pairs[k] = append(ix.pairs[k], id)
		ix.peersOf[p.Requester] = append(ix.peersOf[p.Requester], id)
		ix.peersOf[p.Accepter] = append(ix.peersOf[p.Accepter], id)
	}
	return ix.pairs
}

// transitiveHop reports whether a route in VPC a through peering pid to
// dest would need a second peering: dest lies outside the peer b's blocks
// but inside those of a VPC cv that b is peered with (by qid) and a is not.
func (ix *index) transitiveHop(a, pid string, dest netip.Prefix) (cv, qid string, ok bool) {
	pairs := ix.peeringPairs()
	p := ix.d.PeeringConnections[pid]
	if p == nil {
		return "", "", false
	}
	b := p.Peer(a)
	if b == "" || coveredByAny(dest, ix.vpcBlocks(b)...) {
		return "", "", false
	}
	for _, qid := range ix.peersOf[b] {
		cv := ix.d.PeeringConnections[qid].Peer(b)
		if qid == pid || cv == a || len(pairs[pairOf(a, cv)]) > 0 || !coveredByAny(dest, ix.vpcBlocks(cv)...) {
			continue
		}
		return cv, qid, true
	}
	return "", "", false
}

// vpcBlocks returns a VPC's parsed IPv4 and IPv6 blocks.
func (ix *index) vpcBlocks(vpc string) []netip.Prefix {
	v4, v6 := ix.vpcV4[vpc], ix.vpcV6[vpc]
	out := make([]netip.Prefix, 0, len(v4)+len(v6))
	return append(append(out, v4...), v6...)
}

// knownRegion reports whether a region value is set and known.
func knownRegion(r string) bool { return r != "" && !design.IsUnknown(r) }
