package validate

import (
	"net/netip"

	"github.com/vpcboard/vpcboard/internal/design"
)

// transitiveHop reports whether a route in VPC a through peering pid to
// dest would need a second peering: dest lies outside the peer b's blocks
// but inside those of a VPC cv that b is peered with (by qid) and a is not.
func (ix *index) transitiveHop(a, pid string, dest netip.Prefix) (cv, qid string, ok bool) {
	p := ix.d.PeeringConnections[pid]
	if p == nil {
		return "", "", false
	}
	b := p.Peer(a)
	if b == "" || coveredByAny(dest, ix.vpcBlocks(b)...) {
		return "", "", false
	}
	for _, qid := range ix.PeeringsOf(b) {
		cv := ix.d.PeeringConnections[qid].Peer(b)
		if qid == pid || cv == a || len(ix.PeeringsBetween(a, cv)) > 0 || !coveredByAny(dest, ix.vpcBlocks(cv)...) {
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
