package validate

import (
	"net/netip"
	"slices"
	"strconv"

	"github.com/vpcboard/vpcboard/internal/design"
)

// clientPorts is the range of ephemeral ports that the clients on one side
// of a network ACL open connections from, which the replies to them must
// be admitted on, and the assumption behind it. NAT gateways and load
// balancers use 1024-65535, Linux 32768-60999, Windows 49152-65535 (AWS,
// "Ephemeral ports" in the network ACL documentation); a client whose
// operating system the design does not say may be either, and a client
// outside the design anything.
type clientPorts struct {
	lo, hi int
	why    string
}

// The ranges clientPorts combines.
var (
	anyClientPorts  = clientPorts{design.AnyClientPorts.From, design.AnyClientPorts.To, ""}
	unknownOSPorts  = clientPorts{32768, dimMax, ""}
	defaultOSPhrase = "Linux 32768-60999 or Windows 49152-65535: the design does not say its operating system"
)

// widen returns the union of p and q: the lowest start and the highest
// end, explained by the client that needs the lowest start (the first
// one, on a tie).
func (p clientPorts) widen(q clientPorts) clientPorts {
	switch {
	case p.why == "":
		return q
	case q.why == "":
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

// clientIndex computes clientPorts for the subnets of a network ACL and for
// the blocks its rules name, each once per validation.
type clientIndex struct {
	ix       *index
	subnets  map[string][]string // NACL -> the subnets that use it, sorted
	natsIn   map[string][]string // subnet -> its NAT gateways, sorted
	attachIn map[string][]string // subnet -> TGW attachments with an ENI there, sorted
	ofSubnet map[string]clientPorts
	ofBlock  map[netip.Prefix]clientPorts
}

func newClientIndex(ix *index) *clientIndex {
	ci := &clientIndex{ix: ix, subnets: map[string][]string{}, natsIn: map[string][]string{}, attachIn: map[string][]string{},
		ofSubnet: map[string]clientPorts{}, ofBlock: map[netip.Prefix]clientPorts{}}
	for s, acl := range ix.assoc.NetworkACLs {
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
	var out clientPorts
	for _, s := range ci.subnets[acl] {
		out = out.widen(ci.subnet(s))
	}
	if out.why == "" {
		out = unknownOSPorts
		out.why = "no workload yet: " + defaultOSPhrase
	}
	return out
}

// subnet returns the clients of one subnet: its NAT gateways, transit
// gateway attachments (whose traffic comes from clients elsewhere), load
// balancers and instances.
func (ci *clientIndex) subnet(s string) clientPorts {
	if p, ok := ci.ofSubnet[s]; ok {
		return p
	}
	d := ci.ix.d
	var out clientPorts
	for _, id := range ci.natsIn[s] {
		p := anyClientPorts
		p.why = "NAT gateway `" + id + "` uses 1024-65535"
		out = out.widen(p)
	}
	for _, id := range ci.attachIn[s] {
		p := anyClientPorts
		p.why = "transit gateway attachment `" + id + "` carries clients of other networks: 1024-65535"
		out = out.widen(p)
	}
	for _, id := range ci.ix.workloadsIn[s] {
		out = out.widen(workloadPorts(d, d.Workloads[id]))
	}
	ci.ofSubnet[s] = out
	return out
}

// workloadPorts returns the ephemeral ports a workload opens connections
// from.
func workloadPorts(d *design.Design, w *design.Workload) clientPorts {
	r, known := d.ClientPorts(w)
	p := clientPorts{r.From, r.To, ""}
	switch {
	case w.Type == design.WorkloadALB || w.Type == design.WorkloadNLB || w.Type == design.WorkloadGWLB:
		p.why = "load balancer `" + w.ID + "` uses " + p.String()
	case !known:
		p.why = "workload `" + w.ID + "`: " + defaultOSPhrase
	default:
		p.why = "workload `" + w.ID + "` uses " + p.String()
	}
	return p
}

// ofBlockClients returns the clients in a block a rule names: those of the
// design's subnets inside or across it, and any client at all when the
// block reaches beyond them (the internet, another network).
func (ci *clientIndex) ofBlockClients(b netip.Prefix) clientPorts {
	if p, ok := ci.ofBlock[b]; ok {
		return p
	}
	var inside []netip.Prefix
	for _, vpc := range ci.ix.vpcIDs {
		for _, s := range ci.ix.subnetsOf[vpc] {
			sub := ci.ix.d.Subnets[s]
			for _, c := range []string{sub.CIDR, sub.IPv6CIDR} {
				p, ok := ci.ix.prefix(c)
				if !ok || !overlaps(p, b) {
					continue
				}
				inside = append(inside, p)
			}
		}
	}
	// Clients beyond the design explain the range first.
	var out clientPorts
	if _, gap := uncovered(b, inside); gap {
		out = anyClientPorts
		out.why = b.String() + " reaches beyond the design's subnets, to clients of every kind: AWS recommends 1024-65535"
	}
	for _, vpc := range ci.ix.vpcIDs {
		for _, s := range ci.ix.subnetsOf[vpc] {
			sub := ci.ix.d.Subnets[s]
			for _, c := range []string{sub.CIDR, sub.IPv6CIDR} {
				if p, ok := ci.ix.prefix(c); ok && overlaps(p, b) {
					out = out.widen(ci.subnet(s))
				}
			}
		}
	}
	if out.why == "" {
		out = unknownOSPorts
		out.why = "no workload there yet: " + defaultOSPhrase
	}
	ci.ofBlock[b] = out
	return out
}
