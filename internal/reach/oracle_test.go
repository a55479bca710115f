package reach

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
)

// The oracle below decides reachability straight from RULES.md
// ("Reachability") on the design itself, sharing no code with the trace:
// it is the brute-force evaluator the property tests compare Trace and
// Matrix with, on small random designs where every workload has an
// address (so that no verdict is unknown).

// oracleInternet is the public host that stands for the internet: no rule
// of a random design names it but a /0.
var oracleInternet = netip.MustParseAddr("198.51.100.7")

// oracleInternet6 stands for the IPv6 internet likewise.
var oracleInternet6 = netip.MustParseAddr("2001:db8::7")

// oracleEnd is one end of a flow: a workload, an interface endpoint (in
// a subnet that no rule names but by wider blocks, so that any of its
// addresses stands for all), or the internet (neither).
type oracleEnd struct {
	w  *design.Workload
	ep *design.VPCEndpoint
}

// internet reports whether the end is the internet.
func (e oracleEnd) internet() bool { return e.w == nil && e.ep == nil }

type oracle struct {
	d *design.Design
	// v6 makes the flows IPv6: the workloads' first IPv6 addresses and
	// oracleInternet6.
	v6 bool
}

// inet returns the address of the internet in the oracle's family.
func (o oracle) inet() netip.Addr {
	if o.v6 {
		return oracleInternet6
	}
	return oracleInternet
}

func (o oracle) ip(e oracleEnd) netip.Addr {
	switch {
	case e.ep != nil:
		return netip.MustParsePrefix(o.subnet(e).CIDR).Addr().Next()
	case e.w == nil:
		return o.inet()
	case o.v6:
		return netip.MustParseAddr(e.w.Interfaces[0].IPv6[0])
	}
	return netip.MustParseAddr(e.w.Interfaces[0].PrivateIP)
}

func (o oracle) subnet(e oracleEnd) *design.Subnet {
	if e.ep != nil {
		return o.d.Subnets[e.ep.Subnets[0]]
	}
	return o.d.Subnets[e.w.Interfaces[0].Subnet]
}

func (o oracle) groups(e oracleEnd) []string {
	var gs []string
	switch {
	case e.ep != nil:
		gs = e.ep.SecurityGroups
	case e.w == nil:
		return nil
	default:
		gs = e.w.SecurityGroups
	}
	if len(gs) == 0 {
		return []string{design.DefaultSecurityGroupID(o.subnet(e).VPC)}
	}
	return gs
}

// matches reports whether a rule's protocol, ports and ICMP type cover a
// packet; port is the ICMP type for icmp.
func oracleMatches(rp design.Protocol, ports *design.PortRange, icmp *design.ICMPMatch, p design.Protocol, port int) bool {
	switch {
	case rp == design.ProtocolAll:
		return true
	case rp != p:
		return false
	case p.HasPorts():
		return ports == nil || ports.From <= port && port <= ports.To
	case p.IsICMP():
		return icmp == nil || icmp.Type == -1 || icmp.Type == port && (icmp.Code == -1 || icmp.Code == 0)
	}
	return true
}

// naclOf returns the ACL of a subnet: the one that lists it, else its
// VPC's default.
func (o oracle) naclOf(s *design.Subnet) *design.NetworkACL {
	var def *design.NetworkACL
	for _, n := range o.d.NetworkACLs {
		if slices.Contains(n.Subnets, s.ID) {
			return n
		}
		if n.VPC == s.VPC && n.Default {
			def = n
		}
	}
	return def
}

// nacl reports whether a subnet's ACL lets a packet with the other end
// peer through: lowest number first, first match decides, else deny.
func (o oracle) nacl(s *design.Subnet, inbound bool, p design.Protocol, port int, peer netip.Addr) bool {
	n := o.naclOf(s)
	es := slices.Clone(n.Outbound)
	if inbound {
		es = slices.Clone(n.Inbound)
	}
	slices.SortFunc(es, func(a, b design.NACLEntry) int { return a.Number - b.Number })
	for _, e := range es {
		if oracleMatches(e.Protocol, e.Ports, e.ICMP, p, port) && netip.MustParsePrefix(e.CIDR).Contains(peer) {
			return e.Action == design.Allow
		}
	}
	return false
}

// sg reports whether the groups of end e allow a packet to (egress) or
// from the other end: any rule of any group whose CIDR holds the peer's
// address or, when refs says group references reach the peer (the same
// VPC, a same-region peering, a transit gateway with security group
// referencing for inbound rules), whose group is one of the peer's.
func (o oracle) sg(e oracleEnd, egress bool, p design.Protocol, port int, peer oracleEnd, refs bool) bool {
	for _, gid := range o.groups(e) {
		g := o.d.SecurityGroups[gid]
		rules := g.Ingress
		if egress {
			rules = g.Egress
		}
		for _, r := range rules {
			if !oracleMatches(r.Protocol, r.Ports, r.ICMP, p, port) {
				continue
			}
			if r.CIDR != "" && netip.MustParsePrefix(r.CIDR).Contains(o.ip(peer)) {
				return true
			}
			if refs && r.Group != "" && slices.Contains(o.groups(peer), r.Group) {
				return true
			}
		}
	}
	return false
}

// tableOf returns the route table of a subnet: its own, else the main
// one.
func (o oracle) tableOf(s *design.Subnet) *design.RouteTable {
	for _, t := range o.d.RouteTables {
		if slices.Contains(t.Subnets, s.ID) {
			return t
		}
	}
	return o.d.RouteTables[design.MainRouteTableID(s.VPC)]
}

// route returns the target of the longest prefix that holds dst in the
// subnet's route table; "local" for the VPC's block, "" for none.
func (o oracle) route(s *design.Subnet, dst netip.Addr) design.Target {
	rt := o.tableOf(s)
	best, bits := design.Target{}, -1
	v := o.d.VPCs[s.VPC]
	for _, b := range append([]string{v.CIDR}, v.IPv6CIDRs...) {
		if vp := netip.MustParsePrefix(b); vp.Contains(dst) {
			best, bits = design.Target{Type: design.TargetLocal}, vp.Bits()
		}
	}
	for _, r := range rt.Routes {
		if p := netip.MustParsePrefix(r.Destination); p.Contains(dst) && p.Bits() > bits {
			best, bits = r.Target, p.Bits()
		}
	}
	return best
}

// reply returns the protocol point of the replies: the initiator's
// ephemeral port (49152 stands for 1024-65535, as Trace documents), an
// echo reply for an echo request, else the same ICMP type.
func oracleReply(p design.Protocol, port int) int {
	switch {
	case p.HasPorts():
		return 49152
	case p == design.ProtocolICMP && port == 8:
		return 0
	}
	return port
}

// public reports whether a workload has a public IPv4 address: an Elastic
// IP, or the automatic one its only interface asks for (PublicIP holds the
// launch's choice, the subnet's MapPublicIpOnLaunch already applied; AWS
// assigns none to an instance launched with several interfaces).
func (o oracle) public(e oracleEnd) bool {
	if o.v6 {
		return true // IPv6 addresses are public
	}
	for _, ip := range o.d.ElasticIPs {
		if ip.Workload == e.w.ID {
			return true
		}
	}
	return len(e.w.Interfaces) == 1 && e.w.Interfaces[0].PublicIP
}

// igwRoute reports whether a subnet sends the internet to an internet
// gateway attached to its own VPC.
func (o oracle) igwRoute(s *design.Subnet) bool {
	t := o.route(s, o.inet())
	g := o.d.InternetGateways[t.ID]
	return t.Type == design.TargetInternetGateway && g != nil && g.VPC == s.VPC
}

// outToInternet decides a flow from a workload to the internet, or to the
// public addresses of service pl (a prefix list name, "" for none):
// through a gateway endpoint for pl in the subnet's route table, straight
// through the internet gateway with the workload's public address, or
// through a public NAT gateway of its VPC whose subnet routes to a gateway
// endpoint for pl or to the internet gateway; replies come back the same
// way. The groups let it out by a rule for 0.0.0.0/0 or for pl's prefix
// list.
func (o oracle) outToInternet(a oracleEnd, p design.Protocol, port, rp int, pl string) bool {
	sa := o.subnet(a)
	if !(o.sg(a, true, p, port, oracleEnd{}, false) || o.listEgress(a, p, port, pl)) ||
		!o.nacl(sa, false, p, port, o.inet()) || !o.nacl(sa, true, p, rp, o.inet()) {
		return false
	}
	if o.gatewayEndpoint(sa, pl) {
		return true
	}
	t := o.route(sa, o.inet())
	switch t.Type {
	case design.TargetInternetGateway:
		return o.igwRoute(sa) && o.public(a)
	case design.TargetEgressOnlyInternetGateway:
		g := o.d.EgressOnlyInternetGateways[t.ID]
		return g != nil && g.VPC == sa.VPC
	}
	n := o.d.NATGateways[t.ID]
	if t.Type != design.TargetNATGateway || n == nil || o.d.Subnets[n.Subnet].VPC != sa.VPC || n.EIP == "" {
		return false
	}
	sn := o.d.Subnets[n.Subnet]
	if sn.ID != sa.ID && !(o.nacl(sn, true, p, port, o.ip(a)) && o.nacl(sn, false, p, rp, o.ip(a))) {
		return false
	}
	return o.nacl(sn, false, p, port, o.inet()) && (o.gatewayEndpoint(sn, pl) || o.igwRoute(sn)) && o.nacl(sn, true, p, rp, o.inet())
}

// listEgress reports whether the groups of a let a packet out to service
// pl by a rule naming its prefix list.
func (o oracle) listEgress(a oracleEnd, p design.Protocol, port int, pl string) bool {
	for _, gid := range o.groups(a) {
		for _, r := range o.d.SecurityGroups[gid].Egress {
			if pl != "" && r.PrefixList == pl && oracleMatches(r.Protocol, r.Ports, r.ICMP, p, port) {
				return true
			}
		}
	}
	return false
}

// gatewayEndpoint reports whether the route table of a subnet has the
// prefix-list route of a gateway endpoint of its VPC for service pl, which
// wins over every CIDR route for the service's addresses.
func (o oracle) gatewayEndpoint(s *design.Subnet, pl string) bool {
	rt := o.tableOf(s)
	for _, e := range o.d.VPCEndpoints {
		if pl != "" && e.Type == design.EndpointGateway && e.Service == pl && e.VPC == s.VPC && slices.Contains(e.RouteTables, rt.ID) {
			return true
		}
	}
	return false
}

// toService decides a flow from a workload to a service: "kms" to the
// interface endpoint of the workload's VPC when it has one with private
// DNS on (the regional name then resolves to it), else to the service's
// public addresses, as "s3" always (its gateway endpoint is a route).
func (o oracle) toService(a oracleEnd, svc string, p design.Protocol, port int) bool {
	if svc == "kms" {
		for _, id := range design.SortedIDs(o.d.VPCEndpoints) {
			e := o.d.VPCEndpoints[id]
			if e.Type == design.EndpointInterface && e.Service == oracleKMS && e.VPC == o.subnet(a).VPC && e.PrivateDNS {
				return o.reachable(a, oracleEnd{ep: e}, p, port)
			}
		}
		return o.outToInternet(a, p, port, oracleReply(p, port), "")
	}
	return o.outToInternet(a, p, port, oracleReply(p, port), oracleS3)
}

// modeled reports whether the oracle decides flows from a to b: not when
// a's subnet sends b's address to a NAT gateway, which translates it and
// forwards it on its own subnet's routes (to a peer VPC, say), a path this
// oracle does not follow.
func (o oracle) modeled(a, b oracleEnd) bool {
	if a.internet() || b.internet() || o.subnet(a).ID == o.subnet(b).ID {
		return true
	}
	return o.route(o.subnet(a), o.ip(b)).Type != design.TargetNATGateway
}

// reachable decides a flow per RULES.md.
func (o oracle) reachable(a, b oracleEnd, p design.Protocol, port int) bool {
	rp := oracleReply(p, port)
	switch {
	case b.internet():
		return o.outToInternet(a, p, port, rp, "")
	case a.internet(): // in from the internet
		sb := o.subnet(b)
		hasIGW := false
		for _, g := range o.d.InternetGateways {
			hasIGW = hasIGW || g.VPC == sb.VPC
		}
		return hasIGW && o.public(b) && o.nacl(sb, true, p, port, o.inet()) && o.sg(b, false, p, port, a, false) &&
			o.nacl(sb, false, p, rp, o.inet()) && o.igwRoute(sb)
	}
	sa, sb := o.subnet(a), o.subnet(b)
	// Outbound rules name groups of the same VPC or of a peered one in
	// the same region (never over a transit gateway).
	if !o.sg(a, true, p, port, b, sa.VPC == sb.VPC || o.peeredVPCs(sa.VPC, sb.VPC)) {
		return false
	}
	if sa.ID == sb.ID {
		return o.sg(b, false, p, port, a, true)
	}
	ok, refs := o.leg(a, b, p, port)
	if !ok || !o.sg(b, false, p, port, a, refs) {
		return false
	}
	ok, _ = o.leg(b, a, p, rp)
	return ok
}

// peeredVPCs reports whether a peering joins two VPCs.
func (o oracle) peeredVPCs(x, y string) bool {
	for _, pc := range o.d.PeeringConnections {
		if pc.Peer(x) == y {
			return true
		}
	}
	return false
}

// leg decides one direction between workloads in different subnets: from
// a's subnet to b's, with b's address as destination, through the routes,
// network ACLs and (for a transit gateway) the attachments' subnets and the
// TGW route table; refs says whether inbound group references match a
// packet that took it.
func (o oracle) leg(a, b oracleEnd, p design.Protocol, port int) (ok, refs bool) {
	sa, sb := o.subnet(a), o.subnet(b)
	t := o.route(sa, o.ip(b))
	ends := func() bool { return o.nacl(sa, false, p, port, o.ip(b)) && o.nacl(sb, true, p, port, o.ip(a)) }
	switch {
	case sa.VPC == sb.VPC:
		return t.Type == design.TargetLocal && ends(), true
	case t.Type == design.TargetPeeringConnection:
		pcx := o.d.PeeringConnections[t.ID]
		return pcx != nil && pcx.Peer(sa.VPC) == sb.VPC && ends(), true
	case t.Type == design.TargetTransitGateway:
		return o.transit(a, b, t.ID, p, port)
	}
	return false, false
}

// attachmentOf returns the first attachment (by ID) of a gateway in a VPC.
func (o oracle) attachmentOf(gid, vpc string) *design.TransitGatewayAttachment {
	for _, id := range design.SortedIDs(o.d.TransitGatewayAttachments) {
		if at := o.d.TransitGatewayAttachments[id]; at.TransitGateway == gid && at.VPC == vpc {
			return at
		}
	}
	return nil
}

// transit decides a leg through transit gateway gid (RULES.md, "Transit
// gateway"): the source's attachment (its subnet's inbound ACL when it is
// not the source's subnet), the route table associated with it (an
// explicit association, else the gateway's default table when default
// association is on, whose routes are the VPC blocks of every attachment
// when default propagation is on), longest prefix with static routes
// before propagated ones, a blackhole drops; then out of the destination
// VPC's attachment subnet (its outbound ACL, when it is not the
// destination's subnet) into the destination's subnet.
func (o oracle) transit(a, b oracleEnd, gid string, p design.Protocol, port int) (ok, refs bool) {
	sa, sb := o.subnet(a), o.subnet(b)
	g := o.d.TransitGateways[gid]
	attA := o.attachmentOf(gid, sa.VPC)
	if g == nil || attA == nil || !o.nacl(sa, false, p, port, o.ip(b)) {
		return false, false
	}
	if in := o.d.Subnets[attA.Subnets[0]]; in.ID != sa.ID && !o.nacl(in, true, p, port, o.ip(a)) {
		return false, false
	}
	type cand struct {
		bits       int
		static     bool
		attachment string
		blackhole  bool
	}
	var cands []cand
	propagate := func(atts []string) {
		for _, id := range atts {
			at := o.d.TransitGatewayAttachments[id]
			if pfx := netip.MustParsePrefix(o.d.VPCs[at.VPC].CIDR); pfx.Contains(o.ip(b)) {
				cands = append(cands, cand{bits: pfx.Bits(), attachment: id})
			}
		}
	}
	associated := false
	for _, id := range design.SortedIDs(o.d.TransitGatewayRouteTables) {
		rt := o.d.TransitGatewayRouteTables[id]
		if rt.TransitGateway != gid || !slices.Contains(rt.Associations, attA.ID) {
			continue
		}
		associated = true
		for _, r := range rt.Routes {
			if pfx := netip.MustParsePrefix(r.Destination); pfx.Contains(o.ip(b)) {
				cands = append(cands, cand{pfx.Bits(), true, r.Attachment, r.Blackhole})
			}
		}
		propagate(rt.Propagations)
		break
	}
	if !associated {
		if !g.DefaultRouteTableAssociation {
			return false, false
		}
		if g.DefaultRouteTablePropagation {
			var all []string
			for _, id := range design.SortedIDs(o.d.TransitGatewayAttachments) {
				if o.d.TransitGatewayAttachments[id].TransitGateway == gid {
					all = append(all, id)
				}
			}
			propagate(all)
		}
	}
	if len(cands) == 0 {
		return false, false
	}
	best := slices.MaxFunc(cands, func(x, y cand) int {
		if x.bits != y.bits {
			return x.bits - y.bits
		}
		if x.static != y.static {
			if x.static {
				return 1
			}
			return -1
		}
		return 0
	})
	attB := o.d.TransitGatewayAttachments[best.attachment]
	if best.blackhole || attB == nil || attB == attA || attB.VPC != sb.VPC {
		return false, false
	}
	out := o.d.Subnets[attB.Subnets[0]]
	if out.ID != sb.ID && !(o.nacl(out, false, p, port, o.ip(b)) && o.route(out, o.ip(b)).Type == design.TargetLocal) {
		return false, false
	}
	return o.nacl(sb, true, p, port, o.ip(a)), g.SecurityGroupReferencing && attA.SecurityGroupReferencing && attB.SecurityGroupReferencing
}

// randomMode says what a random design holds besides VPCs, subnets,
// route tables, ACLs, groups, workloads, internet and NAT gateways and a
// peering.
type randomMode uint8

const (
	plainDesign     randomMode = iota
	transitDesign              // a transit gateway (randomTransit)
	endpointsDesign            // gateway and interface endpoints (randomEndpoints)
	ipv6Design                 // IPv6 blocks, addresses, rules and routes, egress-only gateways
	edgeDesign                 // internet gateways' edge route tables (randomEdges)
)

// Service names of the endpoints of random designs.
const (
	oracleS3  = "com.amazonaws.us-east-1.s3"
	oracleKMS = "com.amazonaws.us-east-1.kms"
)

// randomDesign builds a small design from a seed: one or two VPCs (peered
// or not), a few subnets, route tables, ACLs, groups and workloads, all
// with addresses, and rules over ports 18-32 and a few ICMP types. In
// transitDesign, three VPCs (the first two perhaps peered) share a transit
// gateway (see randomTransit); in endpointsDesign, VPCs have gateway
// endpoints for S3 and interface endpoints for KMS (see randomEndpoints);
// in ipv6Design, VPCs and most subnets and workloads also have IPv6
// blocks and addresses, rules name IPv6 blocks, and tables route ::/0 to
// the internet gateway or an egress-only one.
func randomDesign(t *testing.T, seed uint64, mode randomMode) *design.Design {
	transit, endpoints, ipv6, edges := mode == transitDesign, mode == endpointsDesign, mode == ipv6Design, mode == edgeDesign
	r := rand.New(rand.NewPCG(seed, 0))
	b := newBuilder(t)
	nv := 1 + r.IntN(2)
	peered := nv == 2 && r.IntN(4) > 0
	if transit {
		nv, peered = 3, r.IntN(4) == 0
	}
	var subnets, cidrs []string
	vpcSubnets, hasIGW := map[int][]string{}, map[int]bool{}
	var ips []string
	v6Subnets, hasEIGW := map[string]string{}, map[int]bool{}
	for v := range nv {
		vid := fmt.Sprintf("v%d", v)
		if ipv6 {
			b.vpc(vid, fmt.Sprintf("10.%d.0.0/16", v), fmt.Sprintf("2600:1f18:0:%x00::/56", v))
			cidrs = append(cidrs, fmt.Sprintf("2600:1f18:0:%x00::/56", v))
		} else {
			b.vpc(vid, fmt.Sprintf("10.%d.0.0/16", v))
		}
		if r.IntN(4) > 0 {
			b.igw("igw"+vid, vid)
			hasIGW[v] = true
		}
		if ipv6 && r.IntN(3) > 0 {
			g := &design.EgressOnlyInternetGateway{VPC: vid}
			g.ID = "eigw" + vid
			b.put(g)
			hasEIGW[v] = true
		}
		for j := range 2 + r.IntN(2) {
			sid := fmt.Sprintf("%ss%d", vid, j)
			sub := b.subnet(sid, vid, "us-east-1a", fmt.Sprintf("10.%d.%d.0/24", v, j))
			sub.MapPublicIP = r.IntN(5) == 0
			if ipv6 && r.IntN(4) > 0 {
				sub.IPv6CIDR = fmt.Sprintf("2600:1f18:0:%x%02x::/64", v, j)
				v6Subnets[sid] = sub.IPv6CIDR
				cidrs = append(cidrs, sub.IPv6CIDR)
			}
			subnets = append(subnets, sid)
			vpcSubnets[v] = append(vpcSubnets[v], sid)
			cidrs = append(cidrs, fmt.Sprintf("10.%d.%d.0/24", v, j))
		}
		cidrs = append(cidrs, fmt.Sprintf("10.%d.0.0/16", v))
	}
	if peered {
		b.peering("pcx", "v0", "v1")
	}
	var tgwRoutes map[int][]string
	if transit {
		tgwRoutes = randomTransit(r, b, nv, peered, vpcSubnets, &subnets)
	}
	cidrs = append(cidrs, "0.0.0.0/0", "10.0.0.0/8")
	// Workloads first, so that rules can name their addresses.
	type wl struct {
		id, subnet, ip, ip6 string
		vpc                 int
	}
	var wls []wl
	for v := range nv {
		for k := range 2 + r.IntN(2) {
			j := r.IntN(len(vpcSubnets[v]))
			ip := fmt.Sprintf("10.%d.%d.%d", v, j, 10+k)
			w := wl{fmt.Sprintf("v%dw%d", v, k), vpcSubnets[v][j], ip, "", v}
			if v6Subnets[w.subnet] != "" && r.IntN(4) > 0 {
				w.ip6 = fmt.Sprintf("2600:1f18:0:%x%02x::%x", v, j, 10+k)
				ips = append(ips, w.ip6+"/128")
			}
			wls = append(wls, w)
			ips = append(ips, ip+"/32")
		}
	}
	peers := append(slices.Clone(cidrs), ips...)
	wide := []string{"0.0.0.0/0", "10.0.0.0/8"}
	if ipv6 {
		wide = append(wide, "::/0", "::/0")
	}
	peer := func() string {
		if r.IntN(3) == 0 {
			return wide[r.IntN(len(wide))]
		}
		return peers[r.IntN(len(peers))]
	}
	traffic := func() (design.Protocol, *design.PortRange, *design.ICMPMatch) {
		switch r.IntN(9) {
		case 0, 8:
			return design.ProtocolAll, nil, nil
		case 1:
			return design.ProtocolICMP, nil, &design.ICMPMatch{Type: []int{0, 3, 8, -1}[r.IntN(4)], Code: []int{-1, -1, 0, 4}[r.IntN(4)]}
		case 2:
			return design.ProtocolTCP, &design.PortRange{From: 1024, To: 65535}, nil
		case 3:
			return design.ProtocolUDP, nil, nil
		}
		p := []design.Protocol{design.ProtocolTCP, design.ProtocolUDP}[r.IntN(2)]
		lo := 18 + r.IntN(13)
		return p, &design.PortRange{From: lo, To: min(32, lo+r.IntN(6))}, nil
	}
	var groups [][]string
	for v := range nv {
		vid := fmt.Sprintf("v%d", v)
		var gs []string
		for k := range 2 {
			gs = append(gs, fmt.Sprintf("%sg%d", vid, k))
		}
		groups = append(groups, gs)
	}
	for v := range nv {
		for _, gid := range groups[v] {
			g := &design.SecurityGroup{VPC: fmt.Sprintf("v%d", v)}
			g.ID = gid
			refs := slices.Clone(groups[v])
			switch {
			case transit:
				refs = slices.Concat(groups...)
			case peered:
				refs = append(refs, groups[1-v]...)
			}
			rule := func() design.SGRule {
				p, ports, icmp := traffic()
				sr := design.SGRule{Protocol: p, Ports: ports, ICMP: icmp}
				switch {
				case endpoints && r.IntN(6) == 0:
					sr.PrefixList = oracleS3
				case r.IntN(3) == 0 || transit && r.IntN(2) == 0:
					sr.Group = refs[r.IntN(len(refs))]
				default:
					sr.CIDR = peer()
				}
				return sr
			}
			for range 1 + r.IntN(3) {
				g.Ingress = append(g.Ingress, rule())
			}
			if transit {
				// A group of another VPC, which matches only where
				// references cross the transit gateway.
				g.Ingress = append(g.Ingress, design.SGRule{Protocol: design.ProtocolAll, Group: refs[r.IntN(len(refs))]})
			}
			if ipv6 || edges {
				// Some service open to the internet.
				lo := 18 + r.IntN(13)
				world := "0.0.0.0/0"
				if ipv6 {
					world = "::/0"
				}
				g.Ingress = append(g.Ingress, design.SGRule{Protocol: design.ProtocolTCP, Ports: &design.PortRange{From: lo, To: min(32, lo+r.IntN(6))}, CIDR: world})
			}
			if r.IntN(3) == 0 || (transit || edges) && r.IntN(2) == 0 {
				g.Egress = []design.SGRule{{Protocol: design.ProtocolAll, CIDR: "0.0.0.0/0"}}
			}
			for range r.IntN(3) {
				g.Egress = append(g.Egress, rule())
			}
			b.put(g)
		}
	}
	epSubnet := map[int]bool{}
	if endpoints {
		for v := range nv {
			if r.IntN(3) > 0 {
				epSubnet[v] = true
				sid := fmt.Sprintf("v%de", v)
				b.subnet(sid, fmt.Sprintf("v%d", v), "us-east-1a", fmt.Sprintf("10.%d.8.0/24", v))
				subnets = append(subnets, sid)
			}
		}
	}
	tables := map[int][]string{}
	for v := range nv {
		vid := fmt.Sprintf("v%d", v)
		tables[v] = append(tables[v], design.MainRouteTableID(vid))
		var routes []string
		var natRoute string
		if hasIGW[v] && r.IntN(2) == 0 {
			b.nat("nat"+vid, vpcSubnets[v][r.IntN(len(vpcSubnets[v]))])
			natRoute = "0.0.0.0/0>nat-gateway:nat" + vid
		}
		if hasIGW[v] && r.IntN(4) > 0 {
			routes = append(routes, "0.0.0.0/0>internet-gateway:igw"+vid)
		}
		if ipv6 {
			switch {
			case hasEIGW[v] && (!hasIGW[v] || r.IntN(2) == 0):
				routes = append(routes, "::/0>egress-only-internet-gateway:eigw"+vid)
			case hasIGW[v] && r.IntN(4) > 0:
				routes = append(routes, "::/0>internet-gateway:igw"+vid)
			}
		}
		if peered && v < 2 && r.IntN(4) > 0 {
			routes = append(routes, fmt.Sprintf("10.%d.0.0/16>peering-connection:pcx", 1-v))
		}
		for _, rt := range tgwRoutes[v] {
			dest, _, _ := strings.Cut(rt, ">")
			if !slices.ContainsFunc(routes, func(s string) bool { return strings.HasPrefix(s, dest+">") }) {
				routes = append(routes, rt)
			}
		}
		for _, sid := range vpcSubnets[v] {
			if r.IntN(2) == 0 {
				continue
			}
			var rs []string
			for _, rt := range routes {
				if r.IntN(3) > 0 {
					rs = append(rs, rt)
				}
			}
			if natRoute != "" && r.IntN(2) == 0 {
				rs = slices.DeleteFunc(rs, func(s string) bool { return strings.HasPrefix(s, "0.0.0.0/0>") })
				rs = append(rs, natRoute)
			}
			b.table("rt"+sid, vid, []string{sid}, rs...)
			tables[v] = append(tables[v], "rt"+sid)
		}
		main := &design.RouteTable{VPC: vid, Main: true}
		main.ID = design.MainRouteTableID(vid)
		for _, rt := range routes {
			dest, tgt, _ := strings.Cut(rt, ">")
			typ, id, _ := strings.Cut(tgt, ":")
			main.Routes = append(main.Routes, design.Route{Destination: dest, Target: design.Target{Type: design.TargetType(typ), ID: id}})
		}
		b.put(main)
	}
	for _, sid := range subnets {
		if r.IntN(5) < 2 {
			continue
		}
		n := &design.NetworkACL{VPC: sid[:2], Subnets: []string{sid}}
		n.ID = "n" + sid
		entries := func() []design.NACLEntry {
			var es []design.NACLEntry
			for _, num := range r.Perm(10)[:1+r.IntN(4)] {
				p, ports, icmp := traffic()
				a := design.Allow
				if r.IntN(4) == 0 {
					a = design.Deny
				}
				es = append(es, design.NACLEntry{Number: 10 * (num + 1), Protocol: p, Ports: ports, ICMP: icmp, CIDR: peer(), Action: a})
			}
			return es
		}
		n.Inbound, n.Outbound = entries(), entries()
		b.put(n)
	}
	made := map[string]*design.Workload{}
	for _, w := range wls {
		gs := []string{groups[w.vpc][r.IntN(2)]}
		switch r.IntN(6) {
		case 0, 1:
			gs = groups[w.vpc]
		case 2:
			gs = nil // the VPC's default group
		}
		wd := b.workload(w.id, w.subnet, w.ip, gs...)
		made[w.id] = wd
		if edges {
			wd.Interfaces[0].PublicIP = r.IntN(3) > 0
		} else {
			wd.Interfaces[0].PublicIP = r.IntN(3) == 0
		}
		if w.ip6 != "" {
			wd.Interfaces[0].IPv6 = []string{w.ip6}
		}
		if r.IntN(6) == 0 {
			e := &design.ElasticIP{Workload: w.id}
			e.ID = w.id + "-eip"
			b.put(e)
		}
	}
	if endpoints {
		randomEndpoints(r, b, nv, tables, groups, epSubnet)
	}
	if edges {
		for v := range nv {
			if !hasIGW[v] || r.IntN(3) == 0 {
				continue
			}
			var boxes []*design.Workload
			for _, w := range wls {
				if w.vpc == v {
					boxes = append(boxes, made[w.id])
				}
			}
			randomEdges(r, b, v, vpcSubnets[v], boxes)
		}
	}
	return b.build()
}

// randomEdges associates a route table with the internet gateway of VPC v
// (an edge association): besides its local route, it sends some subnets'
// blocks to a workload of another subnet (an appliance), whose
// source/destination check it may turn off.
func randomEdges(r *rand.Rand, b *builder, v int, subnets []string, boxes []*design.Workload) {
	vid := fmt.Sprintf("v%d", v)
	rt := &design.RouteTable{VPC: vid, Gateways: []string{"igw" + vid}}
	rt.ID = "edge" + vid
	for j, sid := range subnets {
		others := slices.DeleteFunc(slices.Clone(boxes), func(w *design.Workload) bool { return w.Interfaces[0].Subnet == sid })
		if len(others) == 0 || r.IntN(2) == 0 {
			continue
		}
		box := others[r.IntN(len(others))]
		if r.IntN(3) > 0 {
			off := false
			box.SourceDestCheck = &off
		}
		rt.Routes = append(rt.Routes, design.Route{Destination: fmt.Sprintf("10.%d.%d.0/24", v, j),
			Target: design.Target{Type: design.TargetNetworkInterface, ID: box.ID}})
	}
	b.put(rt)
}

// edgeIn decides a flow from the internet to workload b where b's VPC has
// an edge table (RULES.md and the Gateway route tables guide): after the
// internet gateway (b must have a public address), the edge table's route
// for b's address decides: the local route delivers as without an edge
// table; a route to an appliance drops the packet unless the appliance
// has a public address and its source/destination check off, and then
// the appliance's subnet's inbound ACL and groups, its subnet's outbound
// ACL and b's subnet's inbound ACL and b's groups are evaluated, and the
// verdict is at best unknown (what the appliance does is not in the
// design). Replies go by b's subnet's own table. handled is false when
// b's VPC has no edge table.
func (o oracle) edgeIn(b oracleEnd, p design.Protocol, port int) (reach, unknown, handled bool) {
	sb := o.subnet(b)
	var edge *design.RouteTable
	var igw string
	for _, id := range design.SortedIDs(o.d.InternetGateways) {
		if o.d.InternetGateways[id].VPC == sb.VPC {
			igw = id
			break
		}
	}
	for _, id := range design.SortedIDs(o.d.RouteTables) {
		if rt := o.d.RouteTables[id]; igw != "" && slices.Contains(rt.Gateways, igw) {
			edge = rt
		}
	}
	if edge == nil {
		return false, false, false
	}
	a := oracleEnd{}
	if !o.public(b) {
		return false, false, true
	}
	var box *design.Workload
	bits := netip.MustParsePrefix(o.d.VPCs[sb.VPC].CIDR).Bits()
	for _, r := range edge.Routes {
		if pfx := netip.MustParsePrefix(r.Destination); pfx.Contains(o.ip(b)) && pfx.Bits() > bits {
			box, bits = o.d.Workloads[r.Target.ID], pfx.Bits()
		}
	}
	rp := oracleReply(p, port)
	back := o.nacl(sb, false, p, rp, o.inet()) && o.igwRoute(sb)
	if box == nil {
		return o.nacl(sb, true, p, port, o.inet()) && o.sg(b, false, p, port, a, false) && back, false, true
	}
	x := oracleEnd{w: box}
	if !o.public(x) || box.SourceDestCheck == nil || *box.SourceDestCheck {
		return false, false, true
	}
	sx := o.subnet(x)
	ok := o.nacl(sx, true, p, port, o.inet()) && o.sg(x, false, p, port, a, false) && o.sg(x, true, p, port, b, false) &&
		o.nacl(sx, false, p, port, o.ip(b)) && o.nacl(sb, true, p, port, o.inet()) && o.sg(b, false, p, port, a, false) && back
	return false, ok, true
}

// edgeOut decides a flow from workload a to the internet where the
// internet gateway that carries its replies has an edge table: the replies
// enter through it (the Gateway route tables guide: return traffic must
// cross the same appliance as the request). The way out is decided as
// without an edge table (outToInternet); then the edge table's route for
// the address the replies come back to (a's own, or its NAT gateway's,
// in subnet entry) decides: the local route changes nothing; a route to an
// appliance drops them unless it has a public address and its
// source/destination check off, and then the appliance's subnet's inbound
// ACL (from the internet) and outbound ACL (to entry) are evaluated and
// the verdict is at best unknown. handled is false when no edge table
// applies, or when the appliance's subnet does not reach entry by the
// local route (the oracle does not follow that).
func (o oracle) edgeOut(a oracleEnd, p design.Protocol, port int) (reach, unknown, handled bool) {
	sa := o.subnet(a)
	entry := sa
	if t := o.route(sa, o.inet()); t.Type == design.TargetNATGateway && o.d.NATGateways[t.ID] != nil {
		entry = o.d.Subnets[o.d.NATGateways[t.ID].Subnet]
	}
	var edge *design.RouteTable
	for _, id := range design.SortedIDs(o.d.RouteTables) {
		rt := o.d.RouteTables[id]
		for _, g := range rt.Gateways {
			if ig := o.d.InternetGateways[g]; ig != nil && ig.VPC == entry.VPC {
				edge = rt
			}
		}
	}
	if edge == nil || entry.VPC != sa.VPC {
		return false, false, false
	}
	at := netip.MustParsePrefix(entry.CIDR).Addr()
	var box *design.Workload
	bits := netip.MustParsePrefix(o.d.VPCs[entry.VPC].CIDR).Bits()
	for _, r := range edge.Routes {
		if pfx := netip.MustParsePrefix(r.Destination); pfx.Contains(at) && pfx.Bits() > bits {
			box, bits = o.d.Workloads[r.Target.ID], pfx.Bits()
		}
	}
	out := o.outToInternet(a, p, port, oracleReply(p, port), "")
	if box == nil {
		return out, false, true
	}
	x := oracleEnd{w: box}
	sx := o.subnet(x)
	if sx.ID != entry.ID && o.route(sx, at).Type != design.TargetLocal {
		return false, false, false
	}
	if !out || !o.public(x) || box.SourceDestCheck == nil || *box.SourceDestCheck {
		return false, false, true
	}
	rp := oracleReply(p, port)
	ok := o.nacl(sx, true, p, rp, o.inet()) && (sx.ID == entry.ID || o.nacl(sx, false, p, rp, at))
	return false, ok, true
}

// TestEdgeAgainstOracle compares Trace with the oracle on flows from the
// internet to every workload of random designs whose internet gateways
// may have edge route tables sending subnets to appliances (see
// randomEdges and edgeIn); where a VPC has none, the oracle decides as
// without. (Matrix agreement on edge tables is checked by the aws16
// tests.)
func TestEdgeAgainstOracle(t *testing.T) {
	edges := 0
	eachEdgeFlow(t, func(seed uint64, o oracle, an *Analyzer, b oracleEnd, pr oracleProbe) {
		reach, unknown, handled := o.edgeIn(b, pr.p, pr.port)
		if !handled {
			reach = o.reachable(oracleEnd{}, b, pr.p, pr.port)
		} else {
			edges++
		}
		traceAgainstOracle(t, seed, an, Internet, b.w.ID, pr, oracleVerdict(reach, unknown))
	})
	if edges == 0 {
		t.Fatal("no flow met an edge table")
	}
}

// TestEdgeRepliesAgainstOracle compares Trace with the oracle on flows
// from every workload to the internet in the designs of
// TestEdgeAgainstOracle: the replies enter through the internet gateway's
// edge table (edgeOut).
func TestEdgeRepliesAgainstOracle(t *testing.T) {
	boxes := 0
	eachEdgeFlow(t, func(seed uint64, o oracle, an *Analyzer, a oracleEnd, pr oracleProbe) {
		reach, unknown, handled := o.edgeOut(a, pr.p, pr.port)
		if !handled {
			return
		}
		if unknown {
			boxes++
		}
		traceAgainstOracle(t, seed, an, a.w.ID, Internet, pr, oracleVerdict(reach, unknown))
	})
	if boxes == 0 {
		t.Fatal("no reply crossed an appliance")
	}
}

// eachEdgeFlow calls f with every workload and probe of random designs
// whose internet gateways may have edge route tables.
func eachEdgeFlow(t *testing.T, f func(seed uint64, o oracle, an *Analyzer, w oracleEnd, pr oracleProbe)) {
	seeds := 300
	if testing.Short() {
		seeds = 50
	}
	for seed := range uint64(seeds) {
		d := randomDesign(t, seed, edgeDesign)
		o, an := oracle{d: d}, New(d)
		for _, w := range oracleEnds(d)[1:] {
			for _, pr := range oracleProbes() {
				f(seed, o, an, w, pr)
			}
		}
	}
}

// oracleVerdict is the verdict of an oracle's answer.
func oracleVerdict(reach, unknown bool) Verdict {
	switch {
	case reach:
		return Reachable
	case unknown:
		return Unknown
	}
	return Unreachable
}

// traceAgainstOracle traces from -> to with an and fails the test, with
// the design, unless the verdict is want.
func traceAgainstOracle(t *testing.T, seed uint64, an *Analyzer, from, to string, pr oracleProbe, want Verdict) {
	t.Helper()
	res, err := an.Trace(Flow{From: endpointOf(an.d, from), To: endpointOf(an.d, to), Protocol: pr.p, Port: pr.port})
	if err != nil {
		t.Fatalf("seed %d: Trace(%s -> %s): %v", seed, from, to, err)
	}
	if res.Verdict != want {
		m, _ := design.Marshal(an.d)
		t.Fatalf("seed %d: Trace(%s -> %s %s %d) = %v; oracle says %v\nforward %q\nreturn %q\ndesign:\n%s",
			seed, from, to, pr.p, pr.port, res.Verdict, want, hops(res.Forward), hops(res.Return), m)
	}
}

// randomEndpoints gives most VPCs of a random design a gateway endpoint
// for S3 in some of its route tables and, where the design has the subnet
// 10.v.8.0/24 (which no workload and no rule but the VPC's block and wider
// names, so that the endpoint's address, the subnet's block, is decided by
// every rule), an interface endpoint for KMS with private DNS on or off and
// some groups of the VPC or its default one.
func randomEndpoints(r *rand.Rand, b *builder, nv int, tables map[int][]string, groups [][]string, epSubnet map[int]bool) {
	for v := range nv {
		vid := fmt.Sprintf("v%d", v)
		if r.IntN(3) > 0 {
			e := &design.VPCEndpoint{VPC: vid, Type: design.EndpointGateway, Service: oracleS3}
			e.ID = "gw" + vid
			for _, rt := range tables[v] {
				if r.IntN(3) > 0 {
					e.RouteTables = append(e.RouteTables, rt)
				}
			}
			b.put(e)
		}
		if !epSubnet[v] {
			continue
		}
		e := &design.VPCEndpoint{VPC: vid, Type: design.EndpointInterface, Service: oracleKMS, Subnets: []string{vid + "e"},
			PrivateDNS: r.IntN(4) > 0}
		e.ID = "ie" + vid
		switch r.IntN(3) {
		case 0:
			e.SecurityGroups = []string{groups[v][r.IntN(2)]}
		case 1:
			e.SecurityGroups = groups[v]
		}
		b.put(e)
	}
}

// oracleProbe is a protocol and a port (an ICMP type for icmp).
type oracleProbe struct {
	p    design.Protocol
	port int
}

// oracleProbes are the protocols and points the random designs' rules
// use, and either side of them.
func oracleProbes() (out []oracleProbe) {
	for _, p := range []design.Protocol{design.ProtocolTCP, design.ProtocolUDP} {
		for port := 17; port <= 33; port++ {
			out = append(out, oracleProbe{p, port})
		}
	}
	for _, ty := range []int{0, 3, 8} {
		out = append(out, oracleProbe{design.ProtocolICMP, ty})
	}
	return out
}

// inCompact reports whether a compact matrix string ("tcp 20-25, 443;
// icmp 0, 8") holds a protocol point (a port, or an ICMP type with code 0).
func inCompact(s string, p design.Protocol, port int) bool {
	for part := range strings.SplitSeq(s, "; ") {
		name, ranges, _ := strings.Cut(part, " ")
		if name != string(p) {
			continue
		}
		for rg := range strings.SplitSeq(ranges, ", ") {
			if rg == "all" {
				return true
			}
			lo, hi, ok := strings.Cut(rg, "-")
			if !ok {
				hi = lo
			}
			if strings.Contains(lo, "/") || strings.Contains(hi, "/") {
				// type/code bounds: compare type*256+code
				pt := func(x string) int {
					t, c, _ := strings.Cut(x, "/")
					tn, _ := strconv.Atoi(t)
					cn, _ := strconv.Atoi(c)
					return tn<<8 | cn
				}
				if pt(lo) <= port<<8 && port<<8 <= pt(hi) {
					return true
				}
				continue
			}
			l, _ := strconv.Atoi(lo)
			h, _ := strconv.Atoi(hi)
			if l <= port && port <= h {
				return true
			}
		}
	}
	return false
}

func TestTraceAndMatrixAgainstOracle(t *testing.T) {
	seeds := 300
	if testing.Short() {
		seeds = 50
	}
	for seed := range uint64(seeds) {
		checkOracle(t, randomDesign(t, seed, plainDesign), seed, oracleProbes())
	}
}

// TestTransitAgainstOracle compares Trace and Matrix with the oracle on
// random designs of three VPCs joined by a transit gateway: explicit and
// default association and propagation, static and blackhole routes,
// attachments in their own subnets or in the workloads', and security
// group referencing on or off.
func TestTransitAgainstOracle(t *testing.T) {
	seeds := 80
	if testing.Short() {
		seeds = 15
	}
	for seed := range uint64(seeds) {
		checkOracle(t, randomDesign(t, seed, transitDesign), seed, oracleProbes())
	}
}

// randomTransit adds a transit gateway to a random design of nv VPCs: an
// attachment for most VPCs (in a subnet of its own, 10.v.9.0/24, or in a
// workload subnet), perhaps a route table with associations, propagations
// and static routes (to the attachment of the VPC that holds the
// destination, or a blackhole), and the options at random. It returns the
// VPC routes to the gateway that each VPC's tables may take.
func randomTransit(r *rand.Rand, b *builder, nv int, peered bool, vpcSubnets map[int][]string, subnets *[]string) map[int][]string {
	g := &design.TransitGateway{Region: "us-east-1", DefaultRouteTableAssociation: r.IntN(2) == 0,
		DefaultRouteTablePropagation: r.IntN(4) > 0, SecurityGroupReferencing: r.IntN(3) > 0}
	g.ID = "tgw"
	b.put(g)
	atts := map[int]string{}
	for v := range nv {
		if r.IntN(6) == 0 {
			continue
		}
		sub := vpcSubnets[v][r.IntN(len(vpcSubnets[v]))]
		if r.IntN(2) == 0 {
			sub = fmt.Sprintf("v%dt", v)
			b.subnet(sub, fmt.Sprintf("v%d", v), "us-east-1a", fmt.Sprintf("10.%d.9.0/24", v))
			*subnets = append(*subnets, sub)
		}
		a := &design.TransitGatewayAttachment{TransitGateway: "tgw", VPC: fmt.Sprintf("v%d", v), Subnets: []string{sub},
			SecurityGroupReferencing: r.IntN(3) > 0}
		a.ID = fmt.Sprintf("att%d", v)
		atts[v] = a.ID
		b.put(a)
	}
	if r.IntN(4) > 0 {
		rt := &design.TransitGatewayRouteTable{TransitGateway: "tgw"}
		rt.ID = "tgwrt"
		for v := range nv {
			if atts[v] == "" {
				continue
			}
			if r.IntN(3) > 0 {
				rt.Associations = append(rt.Associations, atts[v])
			}
			if r.IntN(4) > 0 {
				rt.Propagations = append(rt.Propagations, atts[v])
			}
		}
		seen := map[string]bool{}
		for range r.IntN(4) {
			v := r.IntN(nv)
			dest := []string{fmt.Sprintf("10.%d.0.0/16", v), fmt.Sprintf("10.%d.%d.0/24", v, r.IntN(3)), "10.0.0.0/8"}[r.IntN(3)]
			if seen[dest] {
				continue
			}
			seen[dest] = true
			route := design.TGWRoute{Destination: dest, Attachment: atts[v]}
			if dest == "10.0.0.0/8" || atts[v] == "" || r.IntN(2) == 0 {
				route.Attachment, route.Blackhole = "", true
			}
			rt.Routes = append(rt.Routes, route)
		}
		b.put(rt)
	}
	routes := map[int][]string{}
	for v := range nv {
		if r.IntN(5) > 0 {
			routes[v] = append(routes[v], "10.0.0.0/8>transit-gateway:tgw")
		}
		for u := range nv {
			if u != v && r.IntN(3) == 0 && !(peered && u+v == 1) {
				routes[v] = append(routes[v], fmt.Sprintf("10.%d.0.0/16>transit-gateway:tgw", u))
			}
		}
	}
	return routes
}

// TestEndpointsAgainstOracle compares Trace and Matrix with the oracle on
// random designs with gateway endpoints for S3 and interface endpoints for
// KMS, and Trace from each workload to both services: through the gateway
// endpoint (from the workload's subnet or its NAT gateway's) where a route
// table has it, through the interface endpoint of its VPC when private DNS
// is on, else to the public service.
func TestEndpointsAgainstOracle(t *testing.T) {
	seeds := 80
	if testing.Short() {
		seeds = 15
	}
	for seed := range uint64(seeds) {
		d := randomDesign(t, seed, endpointsDesign)
		checkOracle(t, d, seed, oracleProbes())
		o, an := oracle{d: d}, New(d)
		for _, a := range oracleEnds(d)[1:] {
			for _, svc := range []string{"s3", "kms"} {
				for _, pr := range oracleProbes() {
					want := o.toService(a, svc, pr.p, pr.port)
					f := Flow{From: endpointOf(d, a.w.ID), To: Endpoint{Kind: EndpointService, ID: svc}, Protocol: pr.p, Port: pr.port}
					res, err := an.Trace(f)
					if err != nil {
						t.Fatalf("seed %d: Trace(%s -> %s): %v", seed, a.w.ID, svc, err)
					}
					if got := res.Verdict == Reachable; got != want || res.Verdict == Unknown {
						b, _ := design.Marshal(d)
						t.Fatalf("seed %d: Trace(%s -> %s %s %d) = %v; oracle says reachable=%v\nforward %q\nreturn %q\ndesign:\n%s",
							seed, a.w.ID, svc, pr.p, pr.port, res.Verdict, want, hops(res.Forward), hops(res.Return), b)
					}
				}
			}
		}
	}
}

// TestIPv6AgainstOracle compares Trace with the oracle on IPv6 flows
// between the workloads that have IPv6 addresses and the IPv6 internet
// (::/0), both ways, on random designs with IPv6 blocks, rules naming IPv6
// and IPv4 blocks, and ::/0 routed to an internet gateway or an
// egress-only one (which lets nothing in, not even replies). (The matrix
// is IPv4 only.)
func TestIPv6AgainstOracle(t *testing.T) {
	seeds := 80
	if testing.Short() {
		seeds = 15
	}
	var probes []oracleProbe
	for _, pr := range oracleProbes() {
		if pr.p.HasPorts() {
			probes = append(probes, pr)
		}
	}
	for seed := range uint64(seeds) {
		d := randomDesign(t, seed, ipv6Design)
		o, an := oracle{d: d, v6: true}, New(d)
		inet, err := ParseEndpoint(d, "::/0")
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range oracleEnds(d)[1:] {
			if len(w.w.Interfaces[0].IPv6) == 0 {
				continue
			}
			for _, out := range []bool{true, false} {
				a, b, f := w, oracleEnd{}, Flow{From: endpointOf(d, w.w.ID), To: inet}
				if !out {
					a, b, f = b, a, Flow{From: inet, To: endpointOf(d, w.w.ID)}
				}
				for _, pr := range probes {
					want := o.reachable(a, b, pr.p, pr.port)
					f.Protocol, f.Port = pr.p, pr.port
					res, err := an.Trace(f)
					if err != nil {
						t.Fatalf("seed %d: Trace(%s -> %s): %v", seed, f.From, f.To, err)
					}
					if got := res.Verdict == Reachable; got != want || res.Verdict == Unknown {
						b, _ := design.Marshal(d)
						t.Fatalf("seed %d: Trace(%s -> %s %s %d) = %v; oracle says reachable=%v\nforward %q\nreturn %q\ndesign:\n%s",
							seed, f.From, f.To, pr.p, pr.port, res.Verdict, want, hops(res.Forward), hops(res.Return), b)
					}
				}
			}
		}
	}
}

// oracleEnds returns the internet and the workloads of d.
func oracleEnds(d *design.Design) []oracleEnd {
	ends := []oracleEnd{{}}
	for _, id := range design.SortedIDs(d.Workloads) {
		ends = append(ends, oracleEnd{w: d.Workloads[id]})
	}
	return ends
}

func TestGeneratedAgainstOracle(t *testing.T) {
	var probes []oracleProbe
	for _, p := range []design.Protocol{design.ProtocolTCP, design.ProtocolUDP} {
		for _, r := range [][2]int{{0, 30}, {440, 445}, {1020, 1030}, {7995, 8025}, {8995, 9025}, {49150, 49155}, {65530, 65535}} {
			for port := r[0]; port <= r[1]; port++ {
				probes = append(probes, oracleProbe{p, port})
			}
		}
	}
	for _, ty := range []int{0, 3, 8, 11} {
		probes = append(probes, oracleProbe{design.ProtocolICMP, ty})
	}
	checkOracle(t, designtest.Generate(smallGenerated), 0, probes)
}

// checkOracle compares Trace and Matrix with the oracle for every pair of
// d at every probe.
func checkOracle(t *testing.T, d *design.Design, seed uint64, probes []oracleProbe) {
	t.Helper()
	o := oracle{d: d}
	an := New(d)
	m, err := an.Matrix()
	if err != nil {
		t.Fatal(err)
	}
	ends := oracleEnds(d)
	name := func(e oracleEnd) string {
		if e.w == nil {
			return Internet
		}
		return e.w.ID
	}
	fails := 0
	for _, a := range ends {
		for _, b := range ends {
			if a == b {
				continue
			}
			if !o.modeled(a, b) {
				continue
			}
			pair, _ := m.Pair(name(a), name(b))
			if pair.Unknown != "" {
				t.Errorf("seed %d: Matrix %s -> %s unknown %q; want none", seed, name(a), name(b), pair.Unknown)
			}
			for _, pr := range probes {
				want := o.reachable(a, b, pr.p, pr.port)
				f := Flow{From: endpointOf(d, name(a)), To: endpointOf(d, name(b)), Protocol: pr.p, Port: pr.port}
				res, err := an.Trace(f)
				if err != nil {
					t.Fatalf("seed %d: Trace(%s -> %s): %v", seed, name(a), name(b), err)
				}
				if got := res.Verdict == Reachable; got != want || res.Verdict == Unknown {
					t.Errorf("seed %d: Trace(%s -> %s %s %d) = %v; oracle says reachable=%v\nforward %q\nreturn %q",
						seed, name(a), name(b), pr.p, pr.port, res.Verdict, want, hops(res.Forward), hops(res.Return))
					fails++
				}
				if got := inCompact(pair.Allowed, pr.p, pr.port); got != want {
					t.Errorf("seed %d: Matrix %s -> %s = %q: %s %d allowed=%v; oracle says %v", seed, name(a), name(b), pair.Allowed, pr.p, pr.port, got, want)
					fails++
				}
				if fails > 5 {
					b, _ := design.Marshal(d)
					t.Fatalf("seed %d: design:\n%s", seed, b)
				}
			}
		}
	}
}
