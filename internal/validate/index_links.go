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

// peeringsByPair returns the peering connections between two distinct
// VPCs, keyed by the pair, each list sorted by ID. Peerings of a VPC with
// itself are left out (peering.self reports them).
func peeringsByPair(d *design.Design) map[vpcPair][]string {
	m := map[vpcPair][]string{}
	for _, id := range design.SortedIDs(d.PeeringConnections) {
		p := d.PeeringConnections[id]
		if p == nil || p.Requester == p.Accepter {
			continue
		}
		k := pairOf(p.Requester, p.Accepter)
		m[k] = append(m[k], id)
	}
	return m
}

// vpcBlocks returns a VPC's parsed IPv4 and IPv6 blocks.
func (ix *index) vpcBlocks(vpc string) []netip.Prefix {
	v4, v6 := ix.vpcV4[vpc], ix.vpcV6[vpc]
	out := make([]netip.Prefix, 0, len(v4)+len(v6))
	return append(append(out, v4...), v6...)
}

// knownRegion reports whether a region value is set and known.
func knownRegion(r string) bool { return r != "" && !design.IsUnknown(r) }
