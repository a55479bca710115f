package validate

import (
	"net/netip"
	"slices"
	"strconv"

	"go4.org/netipx"

	"github.com/vpcboard/vpcboard/internal/design"
)

// clientPorts is the range of ephemeral ports that the clients on one side
// of a network ACL open connections from, which the replies to them must
// be admitted on, and the client that explains it. NAT gateways and load
// balancers use 1024-65535, Linux 32768-60999, Windows 49152-65535 (AWS,
// "Ephemeral ports" in the network ACL documentation); a client whose
// operating system the design does not say may be either, and a client
// outside the design anything. The zero clientPorts stands for no client.
type clientPorts struct {
	lo, hi int
	// by is the client that needs lo (see why); id names it, or the block
	// that reaches beyond the design.
	by clientKind
	id string
}

// clientKind says what kind of client explains a clientPorts.
type clientKind uint8

const (
	clientNone        clientKind = iota
	clientNAT                    // a NAT gateway
	clientAttachment             // a transit gateway attachment
	clientLB                     // a load balancer
	clientOS                     // a workload whose OS the design says
	clientUnknownOS              // a workload whose OS the design does not say
	clientOutside                // a block beyond the design's subnets
	clientNoWorkloads            // no client in the design yet
)

// anyPorts are the ports of clients of every kind.
var anyPorts = design.AnyClientPorts

// unknownOSPorts are Linux's and Windows' ranges together.
const unknownOSFrom = 32768

// full reports whether p spans every client's range, so that nothing can
// widen it.
func (p clientPorts) full() bool {
	return p.by != clientNone && p.lo <= anyPorts.From && p.hi >= anyPorts.To
}

// widen returns the union of p and q: the lowest start and the highest
// end, explained by the client that needs the lowest start (the first
// one, on a tie).
func (p clientPorts) widen(q clientPorts) clientPorts {
	switch {
	case p.by == clientNone:
		return q
	case q.by == clientNone:
		return p
	}
	out := p
	if q.lo < p.lo {
		out = q
	}
	out.hi = max(p.hi, q.hi)
	return out
}

// String returns "1024-65535".
func (p clientPorts) String() string { return strconv.Itoa(p.lo) + "-" + strconv.Itoa(p.hi) }

// why states the assumption behind the range, for a finding.
func (p clientPorts) why() string {
	const either = "Linux 32768-60999 or Windows 49152-65535: the design does not say its operating system"
	switch p.by {
	case clientNAT:
		return "NAT gateway `" + p.id + "` uses 1024-65535"
	case clientAttachment:
		return "transit gateway attachment `" + p.id + "` carries clients of other networks: 1024-65535"
	case clientLB:
		return "load balancer `" + p.id + "` uses 1024-65535"
	case clientUnknownOS:
		return "workload `" + p.id + "`: " + either
	case clientOutside:
		return p.id + " reaches beyond the design's subnets, to clients of every kind: AWS recommends 1024-65535"
	case clientNoWorkloads:
		return "no workload yet: " + either
	}
	return "workload `" + p.id + "` uses " + p.String()
}

// clientIndex computes clientPorts for the subnets of a network ACL and for
// the blocks its rules name, each once per validation.
type clientIndex struct {
	ix       *index
	vpcs     []vpcBlocks         // each VPC's blocks and its subnets' blocks
	subnets  map[string][]string // NACL -> the subnets that use it, sorted
	natsIn   map[string][]string // subnet -> its NAT gateways, sorted
	attachIn map[string][]string // subnet -> TGW attachments with an ENI there, sorted
	ofSubnet map[string]clientPorts
	ofNACL   map[string]clientPorts
	ofBlock  map[netip.Prefix]clientPorts
	inside   []netip.Prefix // scratch for ofBlockClients
	in       []string
}

// vpcBlocks are the parsed blocks of a VPC and of its subnets, so that a
// rule's block is compared with a VPC's before its subnets'.
type vpcBlocks struct {
	blocks  []netip.Prefix
	subnets []subnetBlock
}

type subnetBlock struct {
	id string
	p  netip.Prefix
}

func newClientIndex(ix *index) *clientIndex {
	ci := &clientIndex{ix: ix, subnets: make(map[string][]string, len(ix.aclIDs)), natsIn: make(map[string][]string, len(ix.natIDs)),
		attachIn: map[string][]string{}, ofSubnet: make(map[string]clientPorts, len(ix.d.Subnets)), ofNACL: make(map[string]clientPorts, len(ix.aclIDs)), ofBlock: map[netip.Prefix]clientPorts{},
		vpcs: make([]vpcBlocks, 0, len(ix.vpcIDs))}
	for _, vpc := range ix.vpcIDs {
		v := vpcBlocks{blocks: append(slices.Clone(ix.vpcV4[vpc]), ix.vpcV6[vpc]...),
			subnets: make([]subnetBlock, 0, len(ix.SubnetsOf(vpc)))}
		for _, s := range ix.SubnetsOf(vpc) {
			sub := ix.d.Subnets[s]
			for _, c := range []string{sub.CIDR, sub.IPv6CIDR} {
				if p, ok := ix.prefix(c); ok {
					v.subnets = append(v.subnets, subnetBlock{s, p})
				}
			}
		}
		ci.vpcs = append(ci.vpcs, v)
	}
	for s, acl := range ix.Associations().NetworkACLs {
		ci.subnets[acl] = append(ci.subnets[acl], s)
	}
	for _, ids := range ci.subnets {
		slices.Sort(ids)
	}
	for _, id := range ix.natIDs {
		n := ix.d.NATGateways[id]
		ci.natsIn[n.Subnet] = append(ci.natsIn[n.Subnet], id)
	}
	for _, id := range ix.attachmentIDs {
		for _, s := range ix.d.TransitGatewayAttachments[id].Subnets {
			ci.attachIn[s] = append(ci.attachIn[s], id)
		}
	}
	return ci
}

// ofACL returns the clients of the subnets that use a network ACL: their
// replies come in through its inbound rules.
func (ci *clientIndex) ofACL(acl string) clientPorts {
	if p, ok := ci.ofNACL[acl]; ok {
		return p
	}
	var out clientPorts
	for _, s := range ci.subnets[acl] {
		if out = out.widen(ci.subnet(s)); out.full() {
			break
		}
	}
	if out.by == clientNone {
		out = clientPorts{unknownOSFrom, dimMax, clientNoWorkloads, ""}
	}
	ci.ofNACL[acl] = out
	return out
}

// subnet returns the clients of one subnet: its NAT gateways, transit
// gateway attachments (whose traffic comes from clients elsewhere), load
// balancers and instances.
func (ci *clientIndex) subnet(s string) clientPorts {
	if p, ok := ci.ofSubnet[s]; ok {
		return p
	}
	var out clientPorts
	if ids := ci.natsIn[s]; len(ids) > 0 {
		out = clientPorts{anyPorts.From, anyPorts.To, clientNAT, ids[0]}
	} else if ids := ci.attachIn[s]; len(ids) > 0 {
		out = clientPorts{anyPorts.From, anyPorts.To, clientAttachment, ids[0]}
	}
	d := ci.ix.d
	for _, id := range ci.ix.WorkloadsIn(s) {
		if out.full() {
			break
		}
		out = out.widen(workloadPorts(d, d.Workloads[id]))
	}
	ci.ofSubnet[s] = out
	return out
}

// workloadPorts returns the ephemeral ports a workload opens connections
// from.
func workloadPorts(d *design.Design, w *design.Workload) clientPorts {
	r, known := d.ClientPorts(w)
	p := clientPorts{r.From, r.To, clientOS, w.ID}
	switch {
	case w.Type == design.WorkloadALB || w.Type == design.WorkloadNLB || w.Type == design.WorkloadGWLB:
		p.by = clientLB
	case !known:
		p.by = clientUnknownOS
	}
	return p
}

// ofBlockClients returns the clients in a block a rule names: any client
// at all when the block reaches beyond the design's subnets (the
// internet, another network), else those of the subnets inside or across
// it.
func (ci *clientIndex) ofBlockClients(b netip.Prefix) clientPorts {
	if p, ok := ci.ofBlock[b]; ok {
		return p
	}
	ci.inside, ci.in = ci.inside[:0], ci.in[:0]
	for _, v := range ci.vpcs {
		if !slices.ContainsFunc(v.blocks, func(p netip.Prefix) bool { return overlaps(p, b) }) {
			continue
		}
		for _, sb := range v.subnets {
			if overlaps(sb.p, b) {
				ci.inside = append(ci.inside, sb.p)
				ci.in = append(ci.in, sb.id)
			}
		}
	}
	var out clientPorts
	if !coveredBy(b, ci.inside) {
		out = clientPorts{anyPorts.From, anyPorts.To, clientOutside, b.String()}
	}
	for _, s := range ci.in {
		if out.full() {
			break
		}
		out = out.widen(ci.subnet(s))
	}
	if out.by == clientNone {
		out = clientPorts{unknownOSFrom, dimMax, clientNoWorkloads, ""}
	}
	ci.ofBlock[b] = out
	return out
}

// coveredBy reports whether the union of blocks, each overlapping b, holds
// every address of b. It sorts blocks in place and does not allocate,
// unlike uncovered: it runs once per distinct block a rule names.
func coveredBy(b netip.Prefix, blocks []netip.Prefix) bool {
	slices.SortFunc(blocks, func(x, y netip.Prefix) int { return x.Addr().Compare(y.Addr()) })
	next, last := b.Masked().Addr(), netipx.PrefixLastIP(b)
	for _, p := range blocks {
		if p.Masked().Addr().Compare(next) > 0 {
			return false // next lies in no block
		}
		end := netipx.PrefixLastIP(p)
		if end.Compare(last) >= 0 {
			return true
		}
		if end.Compare(next) >= 0 {
			next = end.Next()
		}
	}
	return false
}
