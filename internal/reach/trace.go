package reach

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// Trace traces one flow through d: New(d).Trace(f).
func Trace(d *design.Design, f Flow) (Result, error) { return New(d).Trace(f) }

// Trace follows f from its source to its destination and the replies back,
// hop by hop, and returns the verdict, both paths and every blocker. When
// the destination has several places (a workload with an interface in
// each of two subnets), the best path is returned: reachable before
// unknown before unreachable, then the fewest blockers. An error means
// the flow cannot be traced at all (an end with no address of the flow's
// family, say).
func (an *Analyzer) Trace(f Flow) (Result, error) {
	r, _, _, err := an.trace(f)
	return r, err
}

// trace is Trace that also returns the source and the destination site of
// the best path.
func (an *Analyzer) trace(f Flow) (best Result, src, dst *site, err error) {
	if err := f.check(); err != nil {
		return Result{}, nil, nil, err
	}
	is6 := f.is6()
	srcs, err := an.sites(f.From, is6, true, "")
	if err != nil {
		return Result{}, nil, nil, &FlowError{Field: "from", Value: f.From.String(), Err: err}
	}
	src = srcs[0]
	dsts, err := an.sites(f.To, is6, false, src.vpc)
	if err != nil {
		return Result{}, nil, nil, &FlowError{Field: "to", Value: f.To.String(), Err: err}
	}
	for i, d := range dsts {
		t := &tracer{an: an, pr: probeOf(f.Protocol, f.Port)}
		t.run(src, d)
		r := t.result()
		if i == 0 || better(r, best) {
			best, dst = r, d
		}
	}
	return best, src, dst, nil
}

// better reports whether r is a better answer than s.
func better(r, s Result) bool {
	rank := func(v Verdict) int {
		switch v {
		case Reachable:
			return 0
		case Unknown:
			return 1
		}
		return 2
	}
	if rank(r.Verdict) != rank(s.Verdict) {
		return rank(r.Verdict) < rank(s.Verdict)
	}
	return len(r.Blockers) < len(s.Blockers)
}

// maxLegs bounds the subnets a packet may pass through, against routing
// loops.
const maxLegs = 12

// tracer holds one trace in progress.
type tracer struct {
	an        *Analyzer
	src       *site // the flow's source
	pr        probe
	fwd, ret  []Hop
	blockers  []Blocker
	denied    bool
	unknown   bool
	returning bool
	// recording makes hop collect in specs what decided each hop, for the
	// matrix; spec is the decision of the hop about to be recorded.
	recording bool
	spec      hopSpec
	specs     []hopSpec
	// refsFix, while the destination's groups are evaluated, is how group
	// references would reach them (see flowState.refsOff), which a fix
	// offers first.
	refsFix string
}

func (t *tracer) result() Result {
	r := Result{Verdict: Reachable, Forward: t.fwd, Return: t.ret, Blockers: t.blockers}
	switch {
	case t.denied:
		r.Verdict = Unreachable
	case t.unknown:
		r.Verdict = Unknown
	}
	if r.Forward == nil {
		r.Forward = []Hop{}
	}
	if r.Return == nil {
		r.Return = []Hop{}
	}
	if r.Blockers == nil {
		r.Blockers = []Blocker{}
	}
	return r
}

// hop records a hop on the current path.
func (t *tracer) hop(h Hop) {
	switch h.Decision {
	case DecisionDeny:
		t.denied = true
	case DecisionUnknown:
		t.unknown = true
	}
	if t.recording {
		sp := t.spec
		if sp.kind == specConst {
			sp.decision = h.Decision
		}
		t.specs = append(t.specs, sp)
		t.spec = hopSpec{}
		return
	}
	if t.returning {
		t.ret = append(t.ret, h)
	} else {
		t.fwd = append(t.fwd, h)
	}
}

// block records a denying hop and its blocker.
func (t *tracer) block(h Hop, b Blocker) {
	h.Decision = DecisionDeny
	t.hop(h)
	if !t.recording {
		t.blockers = append(t.blockers, b)
	}
}

// flowState is a packet on its way: its addresses (the source as
// translated so far), what it is, who sends it, and what it has crossed.
type flowState struct {
	src, dst addr
	pr       probe
	// sender is the site whose address src is: the source, or the NAT
	// gateway that translated it.
	sender *site
	// refs are the groups whose references match the source: nil once a
	// NAT gateway or a middlebox has handled the packet.
	refs []string
	// peered: the packet crossed a peering or a transit gateway that
	// carries group references (refsReach).
	peered bool
	// refsOff, when the packet crossed a transit gateway that does not
	// carry group references, is that crossing: gateway, attachment in
	// and attachment out (referencingFix says what to turn on); zero if
	// none.
	refsOff [3]string
	// toSubnet is the subnet that holds dst, "" outside the design.
	toSubnet string
	// origin is the subnet of the flow's source, where replies end.
	origin string
	nats   []natStep
}

// natStep is one source translation, undone on the return path.
type natStep struct {
	nat, subnet string
	before      addr
	// box marks a NAT instance (a workload), not a NAT gateway.
	box bool
}

// arrivalKind says how a walk ended.
type arrivalKind uint8

const (
	stopped      arrivalKind = iota // dropped, or undecidable
	delivered                       // to the destination's subnet
	leftInternet                    // through an internet gateway
	leftEndpoint                    // into a gateway endpoint's service
)

type arrival struct {
	kind   arrivalKind
	subnet string // delivered: the subnet
	via    string // the gateway or endpoint left through
}

// run traces the forward path from src to dst and the return path.
func (t *tracer) run(src, dst *site) {
	an := t.an
	t.src = src
	st := &flowState{src: src.a, dst: dst.a, pr: t.pr, sender: src, toSubnet: dst.subnet, origin: src.subnet}
	if src.kind == siteENI {
		// Non-nil even without groups: nil means a NAT gateway or a
		// middlebox took the source's place.
		st.refs = append([]string{}, src.groupIDs...)
		peer := sgPeer{a: dst.a}
		refs := dst.kind == siteENI && an.refsReach(src.vpc, dst.vpc, an.pcxBetween(src.vpc, dst.vpc) != "")
		if refs {
			peer.groups = dst.groupIDs
		}
		t.spec = hopSpec{ofSource: true, peerIsEnd: true, refs: refs}
		t.sgHop(src, true, peer, dst)
	}
	var arr arrival
	if src.kind == siteOutside {
		arr = t.enterFromInternet(st, dst)
	} else {
		arr = t.walk(st, src.subnet)
	}
	if arr.kind == stopped {
		if !t.denied {
			t.unknown = true
		}
		if t.recording {
			// Unless a hop denied, a path that stops is unknown.
			t.specs = append(t.specs, hopSpec{decision: DecisionUnknown})
		}
		return
	}
	if arr.kind == delivered && dst.kind == siteENI {
		peer := sgPeer{a: st.src}
		refs := st.refs != nil && an.refsReach(st.sender.vpc, dst.vpc, st.peered)
		if refs {
			peer.groups = st.refs
		}
		t.spec = hopSpec{peerIsEnd: st.sender == src, refs: refs}
		if c := st.refsOff; c[0] != "" && !refs && st.sender == src && namesGroup(dst.groups, src.groupIDs) {
			t.refsFix = an.referencingFix(c[0], c[1], c[2])
		}
		t.sgHop(dst, false, peer, st.sender)
		t.refsFix = ""
	}
	if dst.endpoint != "" {
		e := an.d.VPCEndpoints[dst.endpoint]
		t.hop(Hop{Kind: KindEndpoint, Resource: e.ID, Decision: DecisionAllow, Detail: "interface endpoint for " + e.Service})
	}
	t.returning = true
	rs := &flowState{src: st.dst, dst: st.src, pr: replyProbe(t.pr), sender: dst, origin: st.origin, nats: st.nats}
	rs.toSubnet = rs.replyTarget()
	switch arr.kind {
	case delivered:
		t.walkBack(rs, arr.subnet)
	case leftInternet, leftEndpoint:
		kind, what := KindIGW, "the internet"
		if arr.kind == leftEndpoint {
			kind, what = KindEndpoint, st.dst.service
		} else if an.d.EgressOnlyInternetGateways[arr.via] != nil {
			what = "the internet (the egress-only gateway lets replies in)"
		}
		t.hop(Hop{Kind: kind, Resource: arr.via, Decision: DecisionAllow, Detail: "replies from " + what + " to " + rs.dst.String()})
		sub := st.sender.subnet
		if arr.kind == leftInternet {
			// Replies enter through the gateway's edge table like any
			// traffic from the internet (ingress routing).
			if back := t.throughGateway(rs, arr.via, sub); back.kind != delivered {
				return
			}
		} else {
			t.naclHop(rs, sub, true)
		}
		if t.afterDelivery(rs, sub) {
			t.walkBack(rs, sub)
		}
	}
}

// refsReach reports whether group references in one VPC's rules can name
// ENIs of another: the same VPC, or VPCs joined by a peering or a transit
// gateway with security group referencing (crossed) in one region.
func (an *Analyzer) refsReach(a, b string, peered bool) bool {
	return a == b || (peered && an.regionOf[a] == an.regionOf[b])
}

// replyTarget returns the subnet that holds a reply's destination: the
// NAT gateway that translated last, else the source's subnet.
func (st *flowState) replyTarget() string {
	if n := len(st.nats); n > 0 {
		return st.nats[n-1].subnet
	}
	return st.origin
}

// walkBack carries replies from a subnet to the flow's source, undoing
// translations on the way.
func (t *tracer) walkBack(rs *flowState, from string) {
	for range maxLegs {
		arr := t.walk(rs, from)
		if arr.kind != delivered || !t.afterDelivery(rs, arr.subnet) {
			return
		}
		from = arr.subnet
	}
}

// afterDelivery undoes a NAT translation when replies reached the NAT
// gateway's subnet, and reports whether they travel on.
func (t *tracer) afterDelivery(rs *flowState, subnet string) bool {
	n := len(rs.nats)
	if n == 0 || rs.nats[n-1].subnet != subnet {
		return false
	}
	step := rs.nats[n-1]
	rs.nats = rs.nats[:n-1]
	kind := KindNAT
	if step.box {
		kind = KindMiddlebox
	}
	t.hop(Hop{Kind: kind, Resource: step.nat, Decision: DecisionAllow, Detail: "translates the destination back to " + step.before.String()})
	rs.dst = step.before
	rs.toSubnet = rs.replyTarget()
	return true
}

// enterFromInternet follows packets from outside the design through the
// destination VPC's internet gateway into its subnet.
func (t *tracer) enterFromInternet(st *flowState, dst *site) arrival {
	an := t.an
	if dst.kind == siteOutside {
		return arrival{}
	}
	g := an.igwOf(dst.vpc)
	switch {
	case g == "":
		t.block(Hop{Kind: KindIGW, Resource: dst.vpc, Detail: "VPC `" + dst.vpc + "` has no internet gateway"},
			Blocker{Kind: KindIGW, Resource: dst.vpc, Fix: "attach an internet gateway to VPC `" + dst.vpc + "`"})
	case !dst.public:
		t.block(Hop{Kind: KindIGW, Resource: g, Detail: dst.label + " has no public address for the internet gateway to translate to"},
			Blocker{Kind: KindIGW, Resource: dst.workloadOr(dst.subnet), Fix: publicFix(dst, "") + t.exposure(dst, true)})
	default:
		t.hop(Hop{Kind: KindIGW, Resource: g, Decision: DecisionAllow, Detail: "translates " + dst.label + "'s public address to " + dst.a.String()})
	}
	return t.throughGateway(st, g, dst.subnet)
}

// throughGateway carries packets that internet gateway g let in to subnet:
// through the gateway's edge table when it has one, else straight in. The
// edge table decides replies as well as new connections: AWS routes all
// traffic entering through the gateway by it, and return traffic must
// cross the same appliance as the request ("Gateway route tables": no
// asymmetric routing), so a reply sent to an appliance the request did
// not cross is decided by that appliance.
func (t *tracer) throughGateway(st *flowState, g, subnet string) arrival {
	if edge := t.an.tables[t.an.ix.EdgeTableOf(g)]; edge != nil && !t.denied {
		return t.ingress(st, edge)
	}
	t.naclHop(st, subnet, true)
	return arrival{kind: delivered, subnet: subnet}
}

// ingress follows packets the internet gateway let in through the route
// table associated with the gateway (ingress routing): its routes send a
// subnet's traffic to an appliance — an ENI, a Gateway Load Balancer
// endpoint or a Network Firewall endpoint — or, by the local route,
// straight to the subnet. Past the appliance the packet is walked like any
// other, from the appliance's subnet.
func (t *tracer) ingress(st *flowState, edge *routeTable) arrival {
	r := t.lookup(st, edge, "of the internet gateway's edge table ", "the internet gateway's edge table has no route for ", func() string {
		return "route " + st.dst.String() + " in route table `" + edge.id + "` to an appliance, or remove the table's edge association"
	})
	if r == nil {
		return arrival{}
	}
	if r.target.Type == design.TargetNetworkInterface {
		w := t.an.d.Workloads[r.target.ID]
		if box := t.an.eniSiteOf(w, st.dst.is6); box != nil && !box.public {
			what := " a public IP or an Elastic IP"
			if st.dst.is6 {
				what = " an IPv6 address"
			}
			t.block(Hop{Kind: KindRoute, Resource: edge.id, Rule: r.dest,
				Detail: "to workload `" + w.ID + "`, whose interface has no public address: the internet gateway delivers traffic to an appliance only through one"},
				Blocker{Kind: KindRoute, Resource: w.ID, Rule: r.dest, Fix: "give " + box.label + what + ": the internet gateway delivers only to an appliance interface with one"})
			return arrival{}
		}
	}
	next, arr := t.follow(st, "", edge, r)
	if next == "" {
		return arr
	}
	return t.walk(st, next)
}

// eniSiteOf returns the primary interface of workload w as a site, or nil
// when w is missing or has none.
func (an *Analyzer) eniSiteOf(w *design.Workload, is6 bool) *site {
	if w == nil || len(w.Interfaces) == 0 {
		return nil
	}
	return an.eniSite(w, 0, is6)
}

func (s *site) workloadOr(alt string) string {
	switch {
	case s.workload != "":
		return s.workload
	case s.nat != "":
		return s.nat
	}
	return alt
}

// publicFix says how to give a site a public address.
func publicFix(s *site, rt string) string {
	switch {
	case s.a.is6:
		return "give " + s.label + " an IPv6 address"
	case s.nat != "":
		return "give " + s.label + " an Elastic IP (a public NAT gateway needs one; a private one cannot reach the internet)"
	case s.kind == siteSubnet:
		return "turn on map_public_ip for " + s.label
	case rt != "":
		return "give " + s.label + " a public IP or an Elastic IP, or route 0.0.0.0/0 in route table `" + rt + "` to a NAT gateway"
	}
	return "give " + s.label + " a public IP or an Elastic IP, or reach it through a load balancer in a public subnet"
}

// exposure is the caution a fix letting the whole internet in to s
// carries, or "": the administration or database ports of the flow it
// would open (what validate reports as sg.world-admin and sg.world-db),
// and, for a fix giving s a public address (public), that s is a
// database. A flow from the internet is made reachable only by opening
// something to it, so the fix is given, but not as plain advice.
func (t *tracer) exposure(s *site, public bool) string {
	name := "`" + s.workloadOr(s.subnet) + "`"
	if public {
		if w := t.an.d.Workloads[s.workload]; w != nil && w.Type == design.WorkloadRDS {
			return "; this exposes database " + name + " to the whole internet: keep databases private and reach them from the application's instances"
		}
		return ""
	}
	matches := func(p design.NamedPort, udpToo bool) bool {
		return t.pr.proto == protoAll || t.pr.point == p.Port && (t.pr.proto == 6 || udpToo && t.pr.proto == 17)
	}
	var admin, db []string
	for _, p := range design.AdminPorts {
		if matches(p, p.Port == 3389) {
			admin = append(admin, fmt.Sprintf("%s (%d)", p.Name, p.Port))
		}
	}
	for _, p := range design.DatabasePorts {
		if matches(p, false) {
			db = append(db, fmt.Sprintf("%s (%d)", p.Name, p.Port))
		}
	}
	switch {
	case t.pr.proto == protoAll:
		return "; this exposes every port on " + name + " to the whole internet (validate: sg.world-admin): open only the ports the service needs"
	case len(admin) > 0:
		return "; this exposes " + strings.Join(admin, ", ") + " on " + name + " to the whole internet (validate: sg.world-admin): prefer Session Manager, a bastion or a VPN"
	case len(db) > 0:
		return "; this exposes " + strings.Join(db, ", ") + " on " + name + " to the whole internet (validate: sg.world-db): reach the database from the application's security group instead"
	}
	return ""
}

// walk forwards a packet from an ENI in subnet from until it is delivered
// to the subnet of its destination, leaves through a gateway or an
// endpoint, or is dropped.
func (t *tracer) walk(st *flowState, from string) arrival {
	for range maxLegs {
		if from == st.toSubnet {
			t.hop(Hop{Kind: KindLocal, Resource: from, Decision: DecisionAllow, Detail: "same subnet: no route table or network ACL applies"})
			return arrival{kind: delivered, subnet: from}
		}
		t.naclHop(st, from, false)
		rt := t.an.routeTableOf(from)
		if rt == nil {
			t.block(Hop{Kind: KindRoute, Resource: from, Detail: "subnet `" + from + "` has no route table (its VPC has no main table)"},
				Blocker{Kind: KindRoute, Resource: from, Fix: "associate subnet `" + from + "` with a route table"})
			return arrival{}
		}
		r := t.lookup(st, rt, "", "no route for ", func() string { return t.missingRouteFix(st, rt) })
		if r == nil {
			return arrival{}
		}
		next, arr := t.follow(st, from, rt, r)
		if next == "" {
			return arr
		}
		from = next
	}
	t.block(Hop{Kind: KindRoute, Resource: from, Detail: "routing loop: the packet passes more than " + itoa(maxLegs) + " subnets"},
		Blocker{Kind: KindRoute, Resource: from, Fix: "break the routing loop through subnet `" + from + "`"})
	return arrival{}
}

// follow takes a packet along the route r chose in subnet from: it returns
// the next subnet the packet is in (a NAT gateway's, a transit gateway
// attachment's, a middlebox's), or "" and how the walk ended.
func (t *tracer) follow(st *flowState, from string, rt *routeTable, r *route) (string, arrival) {
	an := t.an
	tgt := r.target
	h := Hop{Kind: KindRoute, Resource: rt.id, Rule: r.dest, Decision: DecisionAllow, Detail: "to " + tgt.String()}
	if r.dest == "local" {
		h.Detail = "local to VPC `" + rt.vpc + "`"
	}
	if design.IsUnknown(tgt.ID) {
		h.Decision = DecisionUnknown
		h.Detail = "to a " + string(tgt.Type) + " known only after deployment (" + design.UnknownReason(tgt.ID) + ")"
		if fw := t.an.firewallOf(tgt.ID); fw != "" {
			h.Detail = "to an endpoint of AWS Network Firewall `" + fw + "`, whose rules the design does not hold (" + design.UnknownReason(tgt.ID) + ")"
		}
		t.hop(h)
		return "", arrival{}
	}
	switch tgt.Type {
	case design.TargetLocal:
		if st.toSubnet == "" || an.vpcOf(st.toSubnet) != rt.vpc {
			t.block(h, Blocker{Kind: KindRoute, Resource: rt.id, Rule: r.dest,
				Fix: "put " + st.dst.String() + " in a subnet of VPC `" + rt.vpc + "`, or use an address outside the VPC's blocks"})
			return "", arrival{}
		}
		t.hop(h)
		t.naclHop(st, st.toSubnet, true)
		return "", arrival{kind: delivered, subnet: st.toSubnet}
	case design.TargetBlackhole:
		h.Detail = "blackhole: the route's target is gone, so packets are dropped"
		t.block(h, Blocker{Kind: KindRoute, Resource: rt.id, Rule: r.dest, Fix: "replace the blackhole route " + r.dest + " in route table `" + rt.id + "` with a working target"})
		return "", arrival{}
	case design.TargetInternetGateway, design.TargetEgressOnlyInternetGateway:
		t.hop(h)
		return "", t.viaInternetGateway(st, rt, r)
	case design.TargetNATGateway:
		t.hop(h)
		return t.viaNAT(st, from, rt, r), arrival{}
	case design.TargetPeeringConnection:
		t.hop(h)
		return "", t.viaPeering(st, rt, r)
	case design.TargetTransitGateway:
		t.hop(h)
		next := t.viaTransitGateway(st, from, rt, tgt.ID)
		if next != "" && next == st.toSubnet {
			// The attachment's ENI shares the destination's subnet: the
			// subnet's inbound rules still apply to traffic from the
			// transit gateway (AWS, "Network ACLs for transit gateways").
			t.naclHop(st, next, true)
			return "", arrival{kind: delivered, subnet: next}
		}
		return next, arrival{}
	case design.TargetVPCEndpoint:
		t.hop(h)
		return t.viaEndpoint(st, from, rt, tgt.ID)
	case design.TargetNetworkInterface:
		return t.viaMiddlebox(st, from, h, rt, r), arrival{}
	}
	h.Detail = "to an unsupported target " + tgt.String()
	h.Decision = DecisionUnknown
	t.hop(h)
	return "", arrival{}
}

// viaInternetGateway takes a packet out through an internet gateway or an
// egress-only internet gateway.
func (t *tracer) viaInternetGateway(st *flowState, rt *routeTable, r *route) arrival {
	an := t.an
	id := r.target.ID
	eigw := r.target.Type == design.TargetEgressOnlyInternetGateway
	h := Hop{Kind: KindIGW, Resource: id, Decision: DecisionAllow}
	var vpc string
	if eigw {
		if g := an.d.EgressOnlyInternetGateways[id]; g != nil {
			vpc = g.VPC
		}
	} else if g := an.d.InternetGateways[id]; g != nil {
		vpc = g.VPC
	}
	switch {
	case vpc != rt.vpc:
		h.Detail = "gateway `" + id + "` is not attached to VPC `" + rt.vpc + "`"
		t.block(h, Blocker{Kind: KindRoute, Resource: rt.id, Rule: r.dest, Fix: "route " + r.dest + " in route table `" + rt.id + "` to a gateway attached to VPC `" + rt.vpc + "`"})
	case eigw && !st.dst.is6:
		h.Detail = "an egress-only internet gateway carries IPv6 only"
		t.block(h, Blocker{Kind: KindRoute, Resource: rt.id, Rule: r.dest, Fix: "route " + r.dest + " in route table `" + rt.id + "` to an internet gateway or a NAT gateway"})
	case st.toSubnet != "":
		h.Detail = st.dst.String() + " is a private address of VPC `" + an.vpcOf(st.toSubnet) + "`; the internet gateway does not carry it there"
		t.block(h, Blocker{Kind: KindRoute, Resource: rt.id, Rule: r.dest, Fix: t.missingRouteFix(st, rt)})
	case t.returning && eigw:
		// Replies to the internet answer a connection the internet opened:
		// it came in through the internet gateway, and an egress-only
		// gateway carries only connections opened from inside.
		h.Detail = "replies to " + st.dst.String() + " would leave through egress-only internet gateway `" + id + "`, which drops traffic of connections initiated from the internet"
		fix := "route " + r.dest + " in route table `" + rt.id + "` to an internet gateway, or open the connection from inside the VPC"
		if g := an.igwOf(rt.vpc); g != "" {
			fix = "route " + r.dest + " in route table `" + rt.id + "` to internet gateway `" + g + "` (replies must leave the way the connection came in)"
		}
		t.block(h, Blocker{Kind: KindRoute, Resource: rt.id, Rule: r.dest, Fix: fix})
	case t.returning:
		h.Detail = "replies leave for " + st.dst.String()
		t.hop(h)
	case st.sender.vpc != rt.vpc:
		h.Detail = "the packet comes from " + st.sender.label + " of VPC `" + st.sender.vpc + "`; a gateway serves only its own VPC's addresses (no edge-to-edge routing)"
		t.block(h, Blocker{Kind: KindRoute, Resource: rt.id, Rule: r.dest, Fix: "send the traffic through a NAT gateway in VPC `" + rt.vpc + "`, or give VPC `" + st.sender.vpc + "` its own way out"})
	case eigw:
		h.Detail = "IPv6 out from " + st.src.String() + "; replies come back, connections from the internet do not"
		t.hop(h)
	case !st.sender.public:
		h.Detail = st.sender.label + " has no public address for the gateway to translate " + st.src.String() + " to"
		t.block(h, Blocker{Kind: KindIGW, Resource: st.sender.workloadOr(st.sender.subnet), Fix: publicFix(st.sender, rt.id)})
	default:
		h.Detail = "translates " + st.src.String() + " to the public address of " + st.sender.label
		t.hop(h)
	}
	return arrival{kind: leftInternet, via: id}
}

// viaNAT takes a packet through a NAT gateway and returns the NAT's subnet,
// where it continues with the NAT's address as its source.
func (t *tracer) viaNAT(st *flowState, from string, rt *routeTable, r *route) string {
	an := t.an
	n := an.d.NATGateways[r.target.ID]
	h := Hop{Kind: KindNAT, Resource: r.target.ID}
	switch {
	case n == nil || an.vpcOf(n.Subnet) != rt.vpc:
		h.Detail = "NAT gateway `" + r.target.ID + "` is not in VPC `" + rt.vpc + "`"
		t.block(h, Blocker{Kind: KindRoute, Resource: rt.id, Rule: r.dest, Fix: "route " + r.dest + " in route table `" + rt.id + "` to a NAT gateway of VPC `" + rt.vpc + "`"})
		return ""
	case t.returning:
		h.Detail = "replies to " + st.dst.String() + " would leave through NAT gateway `" + n.ID + "`, which translates only connections it opened"
		fix := "route " + r.dest + " in route table `" + rt.id + "` back the way the connection came"
		if g := an.igwOf(rt.vpc); g != "" && st.dst.world {
			fix = "route " + r.dest + " in route table `" + rt.id + "` to internet gateway `" + g + "` (replies must leave the way the connection came in)"
		}
		t.block(h, Blocker{Kind: KindRoute, Resource: rt.id, Rule: r.dest, Fix: fix})
		return ""
	case st.dst.is6:
		h.Detail = "a NAT gateway translates IPv4 only"
		t.block(h, Blocker{Kind: KindRoute, Resource: rt.id, Rule: r.dest, Fix: "route " + r.dest + " in route table `" + rt.id + "` to an egress-only internet gateway"})
		return ""
	}
	if n.Subnet != from {
		t.naclHop(st, n.Subnet, true)
	}
	nat := an.natSite(n)
	switch {
	case n.Connectivity == design.ConnectivityPublic && n.EIP == "":
		h.Detail = "public NAT gateway without an Elastic IP"
		t.block(h, Blocker{Kind: KindNAT, Resource: n.ID, Fix: "give NAT gateway `" + n.ID + "` an Elastic IP"})
	case n.Connectivity == design.ConnectivityPublic:
		h.Decision = DecisionAllow
		h.Detail = "source " + st.src.String() + " becomes Elastic IP `" + n.EIP + "`, ports 1024-65535"
		t.hop(h)
	default:
		h.Decision = DecisionAllow
		h.Detail = "private NAT: source " + st.src.String() + " becomes " + nat.a.String()
		t.hop(h)
	}
	st.nats = append(st.nats, natStep{nat: n.ID, subnet: n.Subnet, before: st.src})
	st.src, st.sender, st.refs = nat.a, nat, nil
	return n.Subnet
}

// viaPeering takes a packet across a peering connection: only to an
// address of the peer VPC itself, where it is delivered locally.
func (t *tracer) viaPeering(st *flowState, rt *routeTable, r *route) arrival {
	an := t.an
	id := r.target.ID
	p := an.d.PeeringConnections[id]
	h := Hop{Kind: KindPeering, Resource: id}
	peer := ""
	if p != nil {
		peer = p.Peer(rt.vpc)
	}
	if peer == "" {
		h.Detail = "peering `" + id + "` does not include VPC `" + rt.vpc + "`"
		t.block(h, Blocker{Kind: KindRoute, Resource: rt.id, Rule: r.dest, Fix: "route " + r.dest + " in route table `" + rt.id + "` to a peering connection of VPC `" + rt.vpc + "`"})
		return arrival{}
	}
	in := an.vpcContains(peer, st.dst)
	if st.toSubnet != "" {
		in = no
		if an.vpcOf(st.toSubnet) == peer {
			in = yes
		}
	}
	switch in {
	case maybe:
		h.Decision = DecisionUnknown
		h.Detail = "whether " + st.dst.String() + " is in peer VPC `" + peer + "` is not known"
		t.hop(h)
		return arrival{}
	case no:
		var fix string
		other := an.vpcOf(st.toSubnet)
		switch q := an.pcxBetween(rt.vpc, other); {
		case st.toSubnet != "" && q != "":
			h.Detail, fix = t.peerChosenByPrefix(st, rt, r, q, other)
		case st.toSubnet != "":
			h.Detail = st.dst.String() + " is in VPC `" + other + "`, not in peer VPC `" + peer + "`: peering is not transitive"
			fix = "peer VPC `" + rt.vpc + "` with VPC `" + other + "` (or join them with a transit gateway) and route " + t.destBlock(st) + " in route table `" + rt.id + "` to it"
		default:
			h.Detail = st.dst.String() + " is outside peer VPC `" + peer + "`: traffic cannot leave through the peer's internet gateway, NAT gateway or endpoints (no edge-to-edge routing)"
			fix = "route " + r.dest + " in route table `" + rt.id + "` to an internet gateway or a NAT gateway of VPC `" + rt.vpc + "`: peering `" + id + "` carries traffic only to VPC `" + peer + "`"
		}
		t.block(h, Blocker{Kind: KindRoute, Resource: rt.id, Rule: r.dest, Fix: fix})
		return arrival{}
	}
	h.Decision = DecisionAllow
	h.Detail = "to VPC `" + peer + "`"
	if an.regionOf[peer] != an.regionOf[rt.vpc] {
		h.Detail += " in another region (security group references do not cross it)"
	}
	t.hop(h)
	st.peered = true
	t.naclHop(st, st.toSubnet, true)
	return arrival{kind: delivered, subnet: st.toSubnet}
}

// peerChosenByPrefix explains a packet for VPC other that route r of rt
// sends to the wrong peer although the two VPCs are peered through q: a
// VPC peered with two VPCs whose blocks overlap reaches each only where its
// longest-prefix match picks that peer's connection (AWS VPC Peering
// Guide, "Peering configurations with specific routes"). It returns the
// hop's detail and the fix: a route more specific than r to q.
func (t *tracer) peerChosenByPrefix(st *flowState, rt *routeTable, r *route, q, other string) (string, string) {
	detail := st.dst.String() + " is in VPC `" + other + "`, but the longest prefix match in route table `" + rt.id + "` is " + r.dest + " to peering `" + r.target.ID + "`"
	for _, o := range rt.routes {
		if o.target.Type == design.TargetPeeringConnection && o.target.ID == q && st.dst.p.IsValid() && o.p.Contains(st.dst.p.Addr()) {
			detail += ", which is more specific than " + o.dest + " to peering `" + q + "`"
			break
		}
	}
	detail += ": AWS uses the most specific route, and peering does not carry traffic on from `" + r.target.ID + "`'s peer"
	block := st.dst.cidr()
	sb, ok := t.an.subnetV4[st.toSubnet]
	if st.dst.is6 {
		sb, ok = t.an.subnetV6[st.toSubnet]
	}
	if ok && sb.IsValid() && sb.Bits() > r.p.Bits() {
		block = sb.String()
	}
	fix := "route " + block + " in route table `" + rt.id + "` to peering `" + q + "`, which already joins VPC `" + rt.vpc + "` and VPC `" + other +
		"` (a more specific route wins), or narrow route " + r.dest + " to peering `" + r.target.ID + "` so that it does not cover " + st.dst.String()
	return detail, fix
}

// viaTransitGateway takes a packet through a transit gateway: into the
// attachment of the source VPC (through its subnet in the source's AZ),
// along the TGW route table associated with that attachment, and out of
// the target attachment's subnet, which it returns.
func (t *tracer) viaTransitGateway(st *flowState, from string, rt *routeTable, gid string) string {
	an := t.an
	att := an.attachment(gid, rt.vpc)
	if att == "" {
		t.block(Hop{Kind: KindTGWAttachment, Resource: gid, Detail: "transit gateway `" + gid + "` has no attachment in VPC `" + rt.vpc + "`"},
			Blocker{Kind: KindTGWAttachment, Resource: gid, Fix: "attach VPC `" + rt.vpc + "` to transit gateway `" + gid + "`"})
		return ""
	}
	az := an.azOf[from]
	var in string
	if design.IsUnknown(az) {
		if a := an.d.TransitGatewayAttachments[att]; len(a.Subnets) > 0 {
			in = a.Subnets[0]
		}
		t.hop(Hop{Kind: KindTGWAttachment, Resource: att, Rule: in, Decision: DecisionUnknown,
			Detail: "the availability zone of subnet `" + from + "` is not known, so whether attachment `" + att + "` has a subnet in it is not known"})
		if in == "" {
			return ""
		}
	} else {
		in = an.attachmentSubnet(att, az)
		if in == "" {
			t.block(Hop{Kind: KindTGWAttachment, Resource: att, Detail: "attachment `" + att + "` has no subnet in " + az + ", where subnet `" + from + "` is"},
				Blocker{Kind: KindTGWAttachment, Resource: att, Fix: "add a subnet in " + az + " to attachment `" + att + "`"})
			return ""
		}
		t.hop(Hop{Kind: KindTGWAttachment, Resource: att, Rule: in, Decision: DecisionAllow,
			Detail: "into transit gateway `" + gid + "` through subnet `" + in + "` (" + az + ")"})
	}
	if in != from {
		t.naclHop(st, in, true)
	}
	tt := an.tgwTableOf[att]
	if tt == nil {
		t.block(Hop{Kind: KindTGWRoute, Resource: att, Detail: "attachment `" + att + "` is associated with no TGW route table"},
			Blocker{Kind: KindTGWRoute, Resource: att, Fix: "associate attachment `" + att + "` with a TGW route table (or turn on default association of `" + gid + "`)"})
		return ""
	}
	h := Hop{Kind: KindTGWRoute, Resource: tt.id}
	if tt.implicit {
		h.Detail = "the default route table of `" + gid + "`: "
	}
	r, decided := tt.lookup(st.dst)
	switch {
	case decided == maybe:
		h.Decision = DecisionUnknown
		h.Detail += "which route takes " + st.dst.String() + " depends on a block not known yet"
		t.hop(h)
		return ""
	case r == nil:
		h.Detail += "no route for " + st.dst.String()
		t.block(h, Blocker{Kind: KindTGWRoute, Resource: tt.id,
			Fix: "add a route for " + t.destBlock(st) + " to " + tgwTableName(tt) + " (or propagate the attachment of the VPC that holds it)"})
		return ""
	case r.blackhole:
		h.Rule = r.dest
		h.Detail += "blackhole route drops " + st.dst.String()
		t.block(h, Blocker{Kind: KindTGWRoute, Resource: tt.id, Rule: r.dest, Fix: "remove the blackhole route " + r.dest + " from " + tgwTableName(tt)})
		return ""
	case r.attachment == att:
		h.Rule = r.dest
		h.Detail += "routes " + st.dst.String() + " back to the attachment it came from"
		t.block(h, Blocker{Kind: KindTGWRoute, Resource: tt.id, Rule: r.dest, Fix: "route " + r.dest + " in " + tgwTableName(tt) + " to the attachment of the VPC that holds it"})
		return ""
	}
	h.Rule, h.Decision = r.dest, DecisionAllow
	how := "static"
	if r.propagated {
		how = "propagated"
	}
	h.Detail += "to attachment `" + r.attachment + "` (" + how + ")"
	t.hop(h)
	if an.d.TransitGatewayAttachments[r.attachment] == nil {
		// A VPN, Direct Connect or peering attachment, or another
		// account's VPC: where it leads is not known, as for a VPC route
		// to a target known only after deployment.
		reason := "attachment `" + r.attachment + "` is not in the design"
		if design.IsUnknown(r.attachment) {
			reason = "attachment " + design.UnknownReason(r.attachment) + " is not in the design"
		}
		t.hop(Hop{Kind: KindTGWAttachment, Resource: r.attachment, Decision: DecisionUnknown,
			Detail: reason + " (a VPN, Direct Connect, peering or another account's attachment): where it leads is not known"})
		return ""
	}
	out := an.attachmentSubnet(r.attachment, an.azOf[in])
	if out == "" {
		if a := an.d.TransitGatewayAttachments[r.attachment]; a != nil && len(a.Subnets) > 0 {
			out = a.Subnets[0]
		}
	}
	if out == "" {
		t.block(Hop{Kind: KindTGWAttachment, Resource: r.attachment, Detail: "attachment `" + r.attachment + "` has no subnet"},
			Blocker{Kind: KindTGWAttachment, Resource: r.attachment, Fix: "give attachment `" + r.attachment + "` a subnet in each availability zone"})
		return ""
	}
	h = Hop{Kind: KindTGWAttachment, Resource: r.attachment, Rule: out, Decision: DecisionAllow,
		Detail: "out of transit gateway `" + gid + "` into VPC `" + an.vpcOf(out) + "` through subnet `" + out + "`"}
	if !t.returning && an.tgwReferencing(gid, att, r.attachment) {
		// Inbound rules beyond may name the source's groups (Transit
		// Gateway guide, "Security group referencing").
		h.Detail += " (security group referencing on: inbound rules there may name the source's groups)"
		st.peered = true
	} else {
		if !t.returning && st.refs != nil {
			st.refsOff = [3]string{gid, att, r.attachment}
		}
		st.refs = nil
	}
	t.hop(h)
	return out
}

// tgwReferencing reports whether group references cross transit gateway
// gid from attachment in to attachment out: on for the gateway and both.
func (an *Analyzer) tgwReferencing(gid, in, out string) bool {
	g, a, b := an.d.TransitGateways[gid], an.d.TransitGatewayAttachments[in], an.d.TransitGatewayAttachments[out]
	return g != nil && a != nil && b != nil && g.SecurityGroupReferencing && a.SecurityGroupReferencing && b.SecurityGroupReferencing
}

// referencingFix says what to turn on for group references to cross
// transit gateway gid from attachment in to attachment out: AWS requires
// SecurityGroupReferencingSupport on the gateway and on both attachments
// (Transit Gateway guide, "Security group referencing").
func (an *Analyzer) referencingFix(gid, in, out string) string {
	var off []string
	if g := an.d.TransitGateways[gid]; g == nil || !g.SecurityGroupReferencing {
		off = append(off, "transit gateway `"+gid+"`")
	}
	for _, id := range []string{in, out} {
		if a := an.d.TransitGatewayAttachments[id]; a == nil || !a.SecurityGroupReferencing {
			off = append(off, "attachment `"+id+"`")
		}
	}
	return "turn on SecurityGroupReferencingSupport on transit gateway `" + gid + "` and on attachments `" + in + "` and `" + out +
		"` (the gateway and both attachments need it; off now: " + strings.Join(off, ", ") + ")"
}

// namesGroup reports whether an inbound rule of groups names one of ids.
func namesGroup(groups []*securityGroup, ids []string) bool {
	for _, g := range groups {
		for _, r := range g.ingress {
			if r.group != "" && slices.Contains(ids, r.group) {
				return true
			}
		}
	}
	return false
}

func tgwTableName(tt *tgwTable) string {
	if tt.implicit {
		return "the default route table of transit gateway `" + tt.id + "`"
	}
	return "TGW route table `" + tt.id + "`"
}

// viaEndpoint takes a packet to a gateway endpoint (the end of the path)
// or through a Gateway Load Balancer endpoint (whose appliances the design
// does not describe) into the endpoint's subnet.
func (t *tracer) viaEndpoint(st *flowState, from string, rt *routeTable, id string) (string, arrival) {
	an := t.an
	e := an.d.VPCEndpoints[id]
	h := Hop{Kind: KindEndpoint, Resource: id}
	switch {
	case e == nil:
		h.Detail = "no endpoint `" + id + "` in the design"
		t.block(h, Blocker{Kind: KindRoute, Resource: rt.id, Fix: "route through an endpoint of VPC `" + rt.vpc + "`"})
		return "", arrival{}
	case e.Type == design.EndpointGateway:
		if st.sender.vpc != e.VPC {
			h.Detail = "gateway endpoint `" + id + "` serves only VPC `" + e.VPC + "`, not traffic from " + st.sender.label
			t.block(h, Blocker{Kind: KindEndpoint, Resource: id, Fix: "give VPC `" + st.sender.vpc + "` its own gateway endpoint for " + e.Service})
			return "", arrival{}
		}
		h.Decision, h.Detail = DecisionAllow, "gateway endpoint for "+e.Service
		t.hop(h)
		return "", arrival{kind: leftEndpoint, via: id}
	case e.Type == design.EndpointGatewayLoadBalancer:
		next := ""
		for _, s := range e.Subnets {
			if next == "" || an.azOf[s] == an.azOf[from] {
				next = s
			}
		}
		h.Decision = DecisionUnknown
		h.Detail = "through the appliances behind Gateway Load Balancer endpoint `" + id + "`, whose policy the design does not hold"
		t.hop(h)
		if next == "" {
			return "", arrival{}
		}
		st.refs = nil
		return next, arrival{}
	}
	h.Detail = "interface endpoint `" + id + "` is not a route target"
	t.block(h, Blocker{Kind: KindRoute, Resource: rt.id, Fix: "route through a gateway or Gateway Load Balancer endpoint"})
	return "", arrival{}
}

// viaMiddlebox takes a packet to a workload acting as a router (a NAT
// instance, a firewall) and returns the subnet of its primary interface,
// where the packet continues. The subnet's network ACL and the workload's
// security groups are evaluated like any ENI's (stateful: not again for
// the replies); what the workload does inside — forwarding, translation,
// its own firewall — the design does not hold, so the hop is unknown and
// the verdict at best unknown, never a definite unreachable on its
// account. Towards a host outside the design, from a sender without a
// public address, it acts as a NAT instance: the source becomes its own
// address, translated back for the replies.
func (t *tracer) viaMiddlebox(st *flowState, from string, h Hop, rt *routeTable, r *route) string {
	an := t.an
	w := an.d.Workloads[r.target.ID]
	switch {
	case w == nil || len(w.Interfaces) == 0:
		h.Detail = "to workload `" + r.target.ID + "`, which has no network interface"
		t.block(h, Blocker{Kind: KindRoute, Resource: rt.id, Rule: r.dest, Fix: "route " + r.dest + " in route table `" + rt.id + "` to a workload with a network interface"})
		return ""
	case w.SourceDestCheck == nil || *w.SourceDestCheck:
		h.Detail = "to workload `" + w.ID + "`, whose source/destination check drops traffic not addressed to it"
		t.block(h, Blocker{Kind: KindRoute, Resource: w.ID, Rule: r.dest, Fix: "turn off the source/destination check of workload `" + w.ID + "`"})
		return ""
	}
	box := an.eniSite(w, 0, st.dst.is6)
	if box == nil {
		h.Decision = DecisionUnknown
		h.Detail = "to workload `" + w.ID + "`, whose primary interface has no IPv6 address in the design"
		t.hop(h)
		return ""
	}
	t.hop(h)
	next := box.subnet
	if next != from {
		t.naclHop(st, next, true)
	}
	nat := !t.returning && st.toSubnet == "" && !st.sender.public
	what := "middlebox `" + w.ID + "`"
	if nat {
		what = "NAT instance `" + w.ID + "`"
	}
	t.hop(Hop{Kind: KindMiddlebox, Resource: w.ID, Decision: DecisionUnknown,
		Detail: what + " (source/destination check off) forwards the packet: its operating system's forwarding, address translation and firewall are not in the design"})
	if !t.returning {
		in := sgPeer{a: st.src}
		refs := st.refs != nil && an.refsReach(st.sender.vpc, box.vpc, st.peered)
		if refs {
			in.groups = st.refs
		}
		t.spec = hopSpec{box: box, peerIsEnd: st.sender == t.src, refs: refs}
		t.sgHop(box, false, in, st.sender)
		t.spec = hopSpec{box: box, peerIsEnd: true}
		t.sgHop(box, true, sgPeer{a: st.dst}, box)
	}
	if nat {
		st.nats = append(st.nats, natStep{nat: w.ID, subnet: next, before: st.src, box: true})
		st.src, st.sender = box.a, box
	}
	st.refs = nil
	return next
}

// naclHop evaluates the network ACL of a subnet for a packet entering
// (inbound) or leaving it.
func (t *tracer) naclHop(st *flowState, subnet string, inbound bool) {
	an := t.an
	kind, peer, dir := KindNACLOutbound, st.dst, "to"
	if inbound {
		kind, peer, dir = KindNACLInbound, st.src, "from"
	}
	n := an.naclOf(subnet)
	if n == nil {
		t.hop(Hop{Kind: kind, Resource: subnet, Decision: DecisionAllow, Detail: "subnet `" + subnet + "` has no network ACL in the design; AWS's default allows everything"})
		return
	}
	if t.recording {
		// The matrix decides the hop per element from the spec alone.
		t.spec = hopSpec{kind: specNACL, nacl: n, inbound: inbound, reply: t.returning, peer: peer}
		t.hop(Hop{Kind: kind})
		return
	}
	peerBlock := an.blockOf(st.dst, st.toSubnet)
	if inbound {
		peerBlock = an.blockOf(st.src, st.sender.subnet)
	}
	reply := t.returning && (st.pr.proto == 6 || st.pr.proto == 17)
	what := describe(st.pr, false)
	if reply {
		what = describe(st.pr, false) + " (ephemeral: standing for " + t.clientPorts(st) + "; vpcboard validate checks the whole range)"
	}
	where := " out of subnet `" + subnet + "`"
	if inbound {
		where = " into subnet `" + subnet + "`"
	}
	dec, rule := naclDecision(n, inbound, st.pr, peer)
	h := Hop{Kind: kind, Resource: n.id, Rule: rule, Decision: dec, Detail: what + " " + dir + " " + peer.String() + where}
	if dec != DecisionDeny {
		t.hop(h)
		return
	}
	direction := "outbound"
	if inbound {
		direction = "inbound"
	}
	fix := "add " + direction + " rule to NACL `" + n.id + "` allowing " + describe(st.pr, reply) + " " + dir + " " + peerBlock
	if rule != "*" {
		fix += " numbered below " + rule
	}
	t.block(h, Blocker{Kind: kind, Resource: n.id, Rule: rule, Fix: fix})
}

// sgHop evaluates the groups of an ENI for the flow leaving it (egress) or
// reaching it; other is the far end, for the fix.
func (t *tracer) sgHop(s *site, egress bool, peer sgPeer, other *site) {
	kind, dir, rules := KindSGIngress, "from", "ingress"
	if egress {
		kind, dir, rules = KindSGEgress, "to", "egress"
	}
	if t.recording {
		// The matrix decides the hop per element, from the groups of the
		// class it stands for.
		t.spec.kind, t.spec.egress, t.spec.peer = specSG, egress, peer.a
		t.hop(Hop{Kind: kind})
		return
	}
	h := Hop{Kind: kind, Detail: describe(t.pr, false) + " " + dir + " " + peer.a.String()}
	if len(s.groups) == 0 {
		h.Resource = s.workloadOr(s.endpoint)
		h.Detail = s.label + " has no security group"
		t.block(h, Blocker{Kind: kind, Resource: h.Resource, Fix: "give " + s.label + " a security group with an " + rules + " rule allowing " + describe(t.pr, false) + " " + dir + " " + t.fixPeer(peer, other)})
		return
	}
	dec, g, rule := sgAllows(s.groups, egress, t.pr, peer)
	h.Decision, h.Resource, h.Rule = dec, g, rule
	if dec == DecisionUnknown {
		h.Detail += unknownRulePeer(s.groups, g, rule, egress)
	}
	if dec != DecisionDeny {
		t.hop(h)
		return
	}
	ids := make([]string, len(s.groups))
	for i, g := range s.groups {
		ids[i] = g.id
	}
	h.Resource = strings.Join(ids, ",")
	fix := "add " + rules + " rule to security group `" + ids[0] + "` allowing " + describe(t.pr, false) + " " + dir + " " + t.fixPeer(peer, other)
	if !egress && peer.a.world && peer.a.service == "" {
		fix += t.exposure(s, false)
	}
	if t.refsFix != "" {
		fix = t.refsFix + ", or " + fix
	}
	t.block(h, Blocker{Kind: kind, Resource: ids[0], Fix: fix})
}

// unknownRulePeer is what a trace adds to an unknown security group hop:
// why the deciding rule's peer is not known (" (the rule's peer is not
// known: <reason>)"), or "" when the rule has no unknown peer.
func unknownRulePeer(groups []*securityGroup, group, rule string, egress bool) string {
	for _, g := range groups {
		if g.id != group {
			continue
		}
		for _, r := range g.rules(egress) {
			if r.name == rule && r.unknown != "" {
				return " (the rule's peer is not known: " + r.unknown + ")"
			}
		}
	}
	return ""
}

// fixPeer names the peer of the rule a fix proposes: the peer's group, its
// block, or, when its address is not known, the block of the site it
// stands for (its subnet's, else its VPC's), else that site by name. The
// whole internet is named only when the flow's end is the internet (or a
// service): a fix never opens a group wider than the flow needs.
func (t *tracer) fixPeer(peer sgPeer, other *site) string {
	switch {
	case len(peer.groups) > 0:
		return "security group `" + peer.groups[0] + "`"
	case peer.a.world || peer.a.service != "":
		return peer.a.cidr()
	case peer.a.p.IsValid():
		return peer.a.p.String()
	case other == nil:
		return "its address"
	}
	if b := t.an.subnetBlock(other.subnet, peer.a.is6); b.IsValid() {
		return b.String()
	}
	if v := t.an.d.VPCs[other.vpc]; v != nil {
		blocks := v.IPv4CIDRs()
		if peer.a.is6 {
			blocks = v.IPv6CIDRs
		}
		for _, c := range blocks {
			if p, err := netip.ParsePrefix(c); err == nil {
				return p.Masked().String()
			}
		}
	}
	if len(other.groupIDs) > 0 {
		return "security group `" + other.groupIDs[0] + "`"
	}
	return "the address of " + other.label
}

// missingRouteFix proposes the route that would carry st.dst out of a
// route table's VPC.
func (t *tracer) missingRouteFix(st *flowState, rt *routeTable) string {
	if t.recording {
		return "" // the matrix has no use for fixes
	}
	an := t.an
	via := "an internet gateway or a NAT gateway"
	if st.toSubnet != "" {
		other := an.vpcOf(st.toSubnet)
		via = "a peering connection or a transit gateway to VPC `" + other + "`"
		if p := an.pcxBetween(rt.vpc, other); p != "" {
			via = "peering connection `" + p + "`"
		} else if g := an.sharedTGW(rt.vpc, other); g != "" {
			via = "transit gateway `" + g + "`"
		}
	} else if g := an.igwOf(rt.vpc); g != "" && !t.returning {
		via = "internet gateway `" + g + "` (or a NAT gateway)"
	} else if g != "" {
		via = "internet gateway `" + g + "`"
	}
	return "add a route for " + t.destBlock(st) + " to route table `" + rt.id + "` through " + via
}

// destBlock returns the block to route for st.dst: its VPC's primary
// block, else the address.
func (t *tracer) destBlock(st *flowState) string {
	if st.toSubnet != "" {
		if b := t.an.vpcBlocks[t.an.vpcOf(st.toSubnet)]; len(b) > 0 {
			for _, p := range b {
				if p.Addr().Is6() == st.dst.is6 {
					return p.String()
				}
			}
		}
	}
	return st.dst.cidr()
}

// sharedTGW returns a transit gateway attached to both VPCs, or "".
func (an *Analyzer) sharedTGW(a, b string) string {
	for _, g := range design.SortedIDs(an.d.TransitGateways) {
		if an.attachment(g, a) != "" && an.attachment(g, b) != "" {
			return g
		}
	}
	return ""
}

// clientPorts says which ephemeral ports the replies of a flow go to, and
// why: those of the NAT gateway or NAT instance that translated the source
// last, else of the flow's source (AWS: NAT gateways and load balancers
// 1024-65535, Linux 32768-60999, Windows 49152-65535).
func (t *tracer) clientPorts(st *flowState) string {
	d := t.an.d
	client := t.src
	if n := len(st.nats); n > 0 {
		step := st.nats[n-1]
		if !step.box {
			return "1024-65535, the ports of NAT gateway `" + step.nat + "`"
		}
		client = &site{workload: step.nat}
	}
	w := d.Workloads[client.workload]
	switch {
	case client.kind == siteOutside:
		return "1024-65535: a client outside the design may use any"
	case w == nil:
		return "32768-65535: Linux 32768-60999 or Windows 49152-65535 (" + client.label + ")"
	}
	r, known := d.ClientPorts(w)
	ports := itoa(r.From) + "-" + itoa(r.To)
	if !known {
		return ports + ": Linux 32768-60999 or Windows 49152-65535, the design does not say the operating system of workload `" + w.ID + "`"
	}
	return ports + ", the ports of workload `" + w.ID + "`"
}

// lookup is the route of rt for the flow's destination. When none can be
// said it records why and returns nil: an unknown hop when the choice
// depends on what is not known yet ("which route <of> takes ..."), else a
// blocker (noRoute and the destination, with fix's advice).
func (t *tracer) lookup(st *flowState, rt *routeTable, of, noRoute string, fix func() string) *route {
	r, decided := routeLookup(rt, st.dst)
	if rt.editedBy != "" {
		// AWS routes by the table as the custom resource left it, which
		// the design does not hold: the route found is a guess.
		t.hop(Hop{Kind: KindRoute, Resource: rt.id, Decision: DecisionUnknown,
			Detail: "custom resource `" + rt.editedBy + "` (" + t.an.d.Opaque[rt.editedBy].Type + ") names this table and may add or replace its routes when deployed; the design does not hold what it does"})
		if r == nil || decided == maybe {
			return nil
		}
		return r
	}
	switch {
	case decided == maybe:
		h := Hop{Kind: KindRoute, Resource: rt.id, Decision: DecisionUnknown,
			Detail: "which route " + of + "takes " + st.dst.String() + " depends on a destination or address not known yet"}
		if r != nil {
			h.Rule = r.dest
		}
		t.hop(h)
		return nil
	case r == nil:
		t.block(Hop{Kind: KindRoute, Resource: rt.id, Detail: noRoute + st.dst.String()},
			Blocker{Kind: KindRoute, Resource: rt.id, Fix: fix()})
		return nil
	}
	return r
}
