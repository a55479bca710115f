package reach

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// Internet is the name of the internet in the matrix, as a source and as a
// destination.
const Internet = "internet"

// MatrixResult is what gets through between every ordered pair of
// workloads, and between each workload and the internet (IPv4): per pair
// the tcp, udp and icmp traffic that is reachable and the traffic whose
// verdict is unknown. Pairs are held by equivalence class, so a result of
// thousands of workloads stays small; Pairs, Pair and the Write methods
// expand them.
type MatrixResult struct {
	names   []string // workloads and Internet, sorted
	classOf []int32  // by name: its class
	nclass  int
	cells   []int32 // [from class * nclass + to class]: index into results
	results []matrixCell
}

// MatrixPair is one ordered pair of the matrix: the traffic From can send
// to To that gets there and back (Allowed) and the traffic whose verdict is
// unknown, both compact ("tcp 443, 8000-8100; udp 53; icmp all"), empty
// when there is none.
type MatrixPair struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Allowed string `json:"allowed"`
	Unknown string `json:"unknown"`
}

type matrixCell struct {
	allowed, unknown string
}

// Matrix computes the matrix of d: New(d).Matrix().
func Matrix(d *design.Design) (MatrixResult, error) { return New(d).Matrix() }

// Matrix computes what gets through between every ordered pair of
// workloads and between each workload and the internet, for tcp, udp and
// icmp over IPv4; see doc.go for how. Workloads without a network
// interface are left out. The error is nil for every design today; it
// leaves room for refusing designs too large to answer.
func (an *Analyzer) Matrix() (MatrixResult, error) {
	m := &matrixBuilder{an: an, elems: an.elements()}
	m.w = (len(m.elems) + 63) / 64
	m.classify()
	return m.run(nil), nil
}

// MatrixAmong is Matrix computed only for the pairs with one of names (a
// workload, or Internet) at either end: what a review needs when it knows
// the rest cannot have changed. Every other pair reads as no traffic.
func (an *Analyzer) MatrixAmong(names []string) (MatrixResult, error) {
	m := &matrixBuilder{an: an, elems: an.elements()}
	m.w = (len(m.elems) + 63) / 64
	m.classify()
	want := make([]bool, len(m.classes))
	for _, n := range names {
		if i, ok := slices.BinarySearch(m.names, n); ok {
			want[m.classOf[i]] = true
		}
	}
	return m.run(want), nil
}

// element is a range of points of one protocol (ports, or ICMP
// type*256+code) on which every rule of the design decides alike, so that
// its first point stands for all of it.
type element struct {
	proto  int
	lo, hi int
}

// matrixProtocols are the protocols of the matrix, in the order it lists
// them.
var matrixProtocols = []int{6, 17, 1}

// elements cuts each protocol's points at the bounds of every network ACL
// entry and security group rule for it, and around the ICMP echo request,
// whose replies differ.
func (an *Analyzer) elements() []element {
	cuts := map[int][]int{}
	add := func(t traffic) {
		if t.proto == 6 || t.proto == 17 || t.proto == 1 {
			cuts[t.proto] = append(cuts[t.proto], t.lo, t.hi+1)
		}
	}
	for _, n := range an.acls {
		for _, e := range n.in {
			add(e.t)
		}
		for _, e := range n.out {
			add(e.t)
		}
	}
	for _, g := range an.groups {
		for _, r := range g.ingress {
			add(r.t)
		}
		for _, r := range g.egress {
			add(r.t)
		}
	}
	cuts[1] = append(cuts[1], 8<<8, 8<<8+1)
	var out []element
	for _, p := range matrixProtocols {
		c := append(cuts[p], 0, 0x10000)
		slices.Sort(c)
		c = slices.Compact(c)
		for i := 0; i+1 < len(c); i++ {
			if c[i] >= 0 && c[i] <= 0xffff {
				out = append(out, element{p, c[i], min(c[i+1]-1, 0xffff)})
			}
		}
	}
	return out
}

// bits is a set of elements.
type bits []uint64

func (b bits) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }
func (b bits) set(i int)      { b[i/64] |= 1 << (i % 64) }

// mclass is an equivalence class of workloads: same interfaces' subnets,
// same groups, addresses that every rule and route of the design treats
// alike, the same public addressing. Any two members are traced alike.
type mclass struct {
	rep  string
	src  *site
	dsts []*site
	path int32 // the path class: as mclass, without groups and subnet identity
	// srcGID and dstGID number the group sets of the source and of each
	// destination site; srcPeer and dstPeer number them as the far end of
	// a security group rule, by whether references match: [without, with].
	srcGID  int32
	dstGID  []int32
	srcPeer [2]int32
	dstPeer [][2]int32
}

type matrixBuilder struct {
	an      *Analyzer
	elems   []element
	w       int
	names   []string
	classOf []int32
	classes []*mclass

	pathSig, sgSig []netip.Prefix
	special        map[string]bool // subnets a trace treats by identity
	sigMemo        map[addr][2]string

	groupIDs map[string]int32
	groupSet [][]*securityGroup
	peerIDs  map[string]int32
	peerAddr []sgPeer

	paths     map[pathKey][]pathSpecs // pairs of path classes in one subnet
	pathTable [][]pathSpecs           // [src path * npath + dst path], in different subnets
	npath     int
	naclM     map[naclKey][2]bits
	sgM       map[sgKey][2]bits
	sgTable   [2][]int32 // [egress][gid * npeer + peer]: 1 + index into sgBitsOf
	sgBitsOf  [][2]bits
	sgIntern  map[[2]uint64]int32
	scratch   [2]bits // sgEval's
	npeer     int
	ruleBits  map[*sgRule]bits
	entryM    map[entryKey]bits
	constM    map[string][2]bits
	cells     []int32
	cellID    map[string]int32
	cell1     map[[2]uint64]int32
	tr        tracer // reused by path
	result    []matrixCell
}

// classify sorts the workloads into classes.
func (m *matrixBuilder) classify() {
	an := m.an
	m.special = an.specialSubnets()
	m.pathSig, m.sgSig = an.signaturePrefixes()
	m.groupIDs, m.peerIDs, m.sigMemo = map[string]int32{}, map[string]int32{}, map[addr][2]string{}
	full, paths := map[string]int32{}, map[string]int32{}
	for _, id := range design.SortedIDs(an.d.Workloads) {
		// A Gateway Load Balancer is no end of a flow (sites).
		if w := an.d.Workloads[id]; len(w.Interfaces) > 0 && w.Type != design.WorkloadGWLB {
			m.names = append(m.names, id)
		}
	}
	m.names = append(m.names, Internet)
	slices.Sort(m.names)
	m.classOf = make([]int32, len(m.names))
	for i, name := range m.names {
		var src *site
		var dsts []*site
		if name == Internet {
			src = &site{kind: siteOutside, a: addr{world: true}, label: "the internet"}
			dsts = []*site{src}
		} else {
			e := Endpoint{Kind: EndpointWorkload, ID: name}
			s, _ := an.sites(e, false, true, "")
			src = s[0]
			dsts, _ = an.sites(e, false, false, src.vpc)
		}
		var fk, pk strings.Builder
		for _, s := range dsts {
			m.siteKey(&fk, &pk, s)
		}
		if name == Internet {
			fk.WriteString("internet")
			pk.WriteString("internet")
		}
		fk.WriteString("|" + strings.Join(src.groupIDs, ","))
		c, ok := full[fk.String()]
		if !ok {
			c = int32(len(m.classes))
			full[fk.String()] = c
			p, ok := paths[pk.String()]
			if !ok {
				p = int32(len(paths))
				paths[pk.String()] = p
			}
			mc := &mclass{rep: name, src: src, dsts: dsts, path: p, srcGID: m.groupID(src)}
			for refs := range 2 {
				mc.srcPeer[refs] = m.peerID(src.a, src.groupIDs, refs == 1)
			}
			for _, s := range dsts {
				mc.dstGID = append(mc.dstGID, m.groupID(s))
				mc.dstPeer = append(mc.dstPeer, [2]int32{m.peerID(s.a, s.groupIDs, false), m.peerID(s.a, s.groupIDs, true)})
			}
			m.classes = append(m.classes, mc)
		}
		m.classOf[i] = c
	}
	m.npath = len(paths)
}

// siteKey writes what the trace and the rules see of a site: to fk, the
// full class key, and to pk, the path class key, which names a subnet only
// when the trace treats it by identity (an attachment's, a NAT gateway's)
// or the address is not known.
func (m *matrixBuilder) siteKey(fk, pk *strings.Builder, s *site) {
	an := m.an
	pub := "-"
	if s.public {
		pub = "+"
	}
	known := s.a.p.IsValid() && s.a.p.IsSingleIP()
	fk.WriteString(s.subnet + pub)
	if known {
		sg := m.sigs(s.a)
		fk.WriteString(sg[0] + sg[1])
	}
	fk.WriteString(";")
	switch {
	case !known:
		pk.WriteString("S" + s.subnet)
	case m.special[s.subnet]:
		pk.WriteString("S" + s.subnet + " " + m.sigs(s.a)[0])
	default:
		nacl, rt := "", ""
		if n := an.naclOf(s.subnet); n != nil {
			nacl = n.id
		}
		if r := an.routeTableOf(s.subnet); r != nil {
			rt = r.id
		}
		pk.WriteString("V" + s.vpc + " " + an.azOf[s.subnet] + " " + nacl + " " + rt + " " + m.sigs(s.a)[0])
	}
	pk.WriteString(pub + ";")
}

// sig returns which of ps contain a.
func sig(a addr, ps []netip.Prefix) string {
	b := make([]byte, (len(ps)+7)/8)
	single := a.p.IsValid() && a.p.IsSingleIP() && !a.world && a.service == ""
	for i, p := range ps {
		if single && p.Contains(a.p.Addr()) || !single && a.in(p) == yes {
			b[i/8] |= 1 << (i % 8)
		}
	}
	return string(b)
}

// sigs returns the path and the security group signatures of an address,
// computed once.
func (m *matrixBuilder) sigs(a addr) [2]string {
	if s, ok := m.sigMemo[a]; ok {
		return s
	}
	s := [2]string{sig(a, m.pathSig), sig(a, m.sgSig)}
	m.sigMemo[a] = s
	return s
}

// specialSubnets returns the subnets that a trace compares by identity:
// those of NAT gateways, transit gateway attachments, endpoints and
// middleboxes.
func (an *Analyzer) specialSubnets() map[string]bool {
	d := an.d
	out := map[string]bool{}
	for _, n := range d.NATGateways {
		out[n.Subnet] = true
	}
	for _, a := range d.TransitGatewayAttachments {
		for _, s := range a.Subnets {
			out[s] = true
		}
	}
	for _, e := range d.VPCEndpoints {
		for _, s := range e.Subnets {
			out[s] = true
		}
	}
	for _, rt := range d.RouteTables {
		for _, r := range rt.Routes {
			if w := d.Workloads[r.Target.ID]; r.Target.Type == design.TargetNetworkInterface && w != nil && len(w.Interfaces) > 0 {
				out[w.Interfaces[0].Subnet] = true
			}
		}
	}
	return out
}

// signaturePrefixes returns the blocks that decide paths (VPC blocks,
// routes, transit gateway routes, network ACL entries) and those that
// decide security group rules.
func (an *Analyzer) signaturePrefixes() (path, sg []netip.Prefix) {
	seen := map[netip.Prefix]bool{}
	add := func(out *[]netip.Prefix, p netip.Prefix) {
		if p.IsValid() && p.Bits() > 0 && !seen[p] {
			seen[p] = true
			*out = append(*out, p)
		}
	}
	for _, id := range design.SortedIDs(an.vpcBlocks) {
		for _, p := range an.vpcBlocks[id] {
			add(&path, p)
		}
	}
	for _, id := range design.SortedIDs(an.tables) {
		for _, r := range an.tables[id].routes {
			add(&path, r.p)
		}
	}
	for _, id := range design.SortedIDs(an.tgwTables) {
		for _, r := range an.tgwTables[id].routes {
			add(&path, r.p)
		}
	}
	for _, id := range design.SortedIDs(an.acls) {
		for _, e := range append(an.acls[id].in, an.acls[id].out...) {
			add(&path, e.cidr)
		}
	}
	clear(seen)
	for _, id := range design.SortedIDs(an.groups) {
		g := an.groups[id]
		for _, r := range append(g.ingress, g.egress...) {
			add(&sg, r.cidr)
			for _, p := range r.entries {
				add(&sg, p)
			}
		}
	}
	return path, sg
}

func (m *matrixBuilder) groupID(s *site) int32 {
	k := strings.Join(s.groupIDs, ",")
	id, ok := m.groupIDs[k]
	if !ok {
		id = int32(len(m.groupSet))
		m.groupIDs[k] = id
		m.groupSet = append(m.groupSet, s.groups)
	}
	return id
}

// peerID returns the number of a far end as security groups see it: its
// address up to the rules' blocks and, when references match it, its
// groups.
func (m *matrixBuilder) peerID(a addr, groups []string, refs bool) int32 {
	k := a.String()
	if a.p.IsValid() && a.p.IsSingleIP() && !a.world && a.service == "" {
		k = "=" + m.sigs(a)[1]
	}
	p := sgPeer{a: a}
	if refs {
		k += "|" + strings.Join(groups, ",")
		p.groups = groups
	}
	id, ok := m.peerIDs[k]
	if !ok {
		id = int32(len(m.peerAddr))
		m.peerIDs[k] = id
		m.peerAddr = append(m.peerAddr, p)
	}
	return id
}

// hopSpec is what decided one hop of a recorded trace: a constant
// decision, a network ACL direction for a peer, or the groups of one end
// (taken from the class of the end, as are the peer and its groups when
// peerIsEnd and refs say so).
type hopSpec struct {
	kind     uint8
	decision string
	nacl     *networkACL
	inbound  bool
	reply    bool
	egress   bool
	peer     addr
	// ofSource marks the groups of the flow's source (egress), else of
	// its destination; peerIsEnd that the peer is the other end itself,
	// not a NAT gateway; refs that group references match the peer.
	ofSource, peerIsEnd, refs bool
	// box is the middlebox whose groups decide the hop instead of an
	// end's; its peer is the source (ingress, the end when peerIsEnd) or
	// the destination (egress).
	box *site
}

const (
	specConst uint8 = iota
	specNACL
	specSG
)

type pathKey struct {
	src, dst int32
	same     uint64 // bit i: the source's subnet is that of destination site i
}

// pathSpecs is a recorded path to one destination site: the elements its
// hops other than security groups allow, and those they allow or leave
// unknown, and its security group hops.
type pathSpecs struct {
	allow, ok bits
	sg        []hopSpec
}

// naclKey is a network ACL direction and a peer; a peer that is a
// service is told apart by its string in naclSvc, so that this key hashes
// without strings.
type naclKey struct {
	n                         *networkACL
	inbound, reply, world, v6 bool
	p                         netip.Prefix
}

type sgKey struct {
	gid, peer int32
	egress    bool
}

// run computes the cells of every pair of classes, or with want of the
// pairs where want has either (the others are -1: no traffic).
func (m *matrixBuilder) run(want []bool) MatrixResult {
	n := len(m.classes)
	m.paths, m.naclM, m.sgM = map[pathKey][]pathSpecs{}, map[naclKey][2]bits{}, map[sgKey][2]bits{}
	m.pathTable = make([][]pathSpecs, m.npath*m.npath)
	m.npeer = len(m.peerAddr)
	for e := range m.sgTable {
		m.sgTable[e] = make([]int32, len(m.groupSet)*m.npeer)
	}
	m.sgIntern = map[[2]uint64]int32{}
	m.ruleBits, m.entryM, m.constM = map[*sgRule]bits{}, map[entryKey]bits{}, map[string][2]bits{}
	m.cells, m.cellID, m.cell1 = make([]int32, n*n), map[string]int32{}, map[[2]uint64]int32{}
	reach, ok := make(bits, m.w), make(bits, m.w)
	allow, okb := make(bits, m.w), make(bits, m.w)
	buf := make([]byte, 0, 16*m.w)
	for i, a := range m.classes {
		for j, b := range m.classes {
			if a.src.kind == siteOutside && b.src.kind == siteOutside {
				continue
			}
			if want != nil && !want[i] && !want[j] {
				m.cells[i*n+j] = -1
				continue
			}
			clear(reach)
			clear(ok)
			for k, ps := range m.path(a, b) {
				copy(allow, ps.allow)
				copy(okb, ps.ok)
				for _, sp := range ps.sg {
					sa := m.sgBits(sp, a, b, k)
					for x := range allow {
						allow[x] &= sa[0][x]
						okb[x] &= sa[1][x]
					}
				}
				for x := range reach {
					reach[x] |= allow[x]
					ok[x] |= okb[x]
				}
			}
			var id int32
			var seen bool
			if m.w == 1 {
				// One word: a cheaper key than bytes.
				k := [2]uint64{reach[0], ok[0] &^ reach[0]}
				if id, seen = m.cell1[k]; !seen {
					m.cell1[k] = int32(len(m.result))
				}
			} else {
				buf = buf[:0]
				for x := range reach {
					buf = appendWord(buf, reach[x])
					buf = appendWord(buf, ok[x]&^reach[x])
				}
				if id, seen = m.cellID[string(buf)]; !seen {
					m.cellID[string(buf)] = int32(len(m.result))
				}
			}
			if !seen {
				unk := make(bits, m.w)
				for x := range unk {
					unk[x] = ok[x] &^ reach[x]
				}
				id = int32(len(m.result))
				m.result = append(m.result, matrixCell{allowed: render(m.elems, reach), unknown: render(m.elems, unk)})
			}
			m.cells[i*n+j] = id
		}
	}
	return MatrixResult{names: m.names, classOf: m.classOf, nclass: n, cells: m.cells, results: m.result}
}

func appendWord(b []byte, w uint64) []byte {
	for range 8 {
		b = append(b, byte(w))
		w >>= 8
	}
	return b
}

// path returns the recorded paths from a's source to each destination
// site of b, tracing them once per path class pair.
func (m *matrixBuilder) path(a, b *mclass) []pathSpecs {
	k := pathKey{src: a.path, dst: b.path}
	for i, s := range b.dsts {
		if s.subnet == a.src.subnet && s.subnet != "" {
			k.same |= 1 << (i % 64)
		}
	}
	cache := len(b.dsts) <= 64 // else same cannot tell the sites apart
	switch {
	case !cache:
	case k.same == 0:
		if ps := m.pathTable[int(k.src)*m.npath+int(k.dst)]; ps != nil {
			return ps
		}
	default:
		if ps, ok := m.paths[k]; ok {
			return ps
		}
	}
	out := make([]pathSpecs, len(b.dsts))
	for i, dst := range b.dsts {
		t := &m.tr
		*t = tracer{an: m.an, pr: probe{6, 0}, recording: true, specs: t.specs[:0]}
		t.run(a.src, dst)
		ps := pathSpecs{allow: make(bits, m.w), ok: make(bits, m.w)}
		for x := range ps.allow {
			ps.allow[x], ps.ok[x] = ^uint64(0), ^uint64(0)
		}
		for _, sp := range t.specs {
			var d [2]bits
			switch sp.kind {
			case specSG:
				ps.sg = append(ps.sg, sp)
				continue
			case specNACL:
				d = m.naclBits(sp)
			default:
				d = m.constBits(sp.decision)
			}
			for x := range ps.allow {
				ps.allow[x] &= d[0][x]
				ps.ok[x] &= d[1][x]
			}
		}
		out[i] = ps
	}
	switch {
	case !cache:
	case k.same == 0:
		m.pathTable[int(k.src)*m.npath+int(k.dst)] = out
	default:
		m.paths[k] = out
	}
	return out
}

// constBits returns the allowed and the allowed-or-unknown elements of a
// decision that holds for every element.
func (m *matrixBuilder) constBits(decision string) [2]bits {
	if d, ok := m.constM[decision]; ok {
		return d
	}
	d := m.makeConstBits(decision)
	m.constM[decision] = d
	return d
}

func (m *matrixBuilder) makeConstBits(decision string) [2]bits {
	all := make(bits, m.w)
	for i := range m.elems {
		all.set(i)
	}
	none := make(bits, m.w)
	switch decision {
	case DecisionAllow:
		return [2]bits{all, all}
	case DecisionUnknown:
		return [2]bits{none, all}
	}
	return [2]bits{none, none}
}

func (m *matrixBuilder) naclBits(sp hopSpec) [2]bits {
	if sp.peer.service != "" {
		return m.naclEval(sp)
	}
	k := naclKey{sp.nacl, sp.inbound, sp.reply, sp.peer.world, sp.peer.is6, sp.peer.p}
	if d, ok := m.naclM[k]; ok {
		return d
	}
	d := m.naclEval(sp)
	m.naclM[k] = d
	return d
}

// naclEval evaluates a network ACL direction against a peer for every
// element, as naclDecision does: entries in order, the first that matches
// decides, and an entry that may match before it leaves the decision
// unknown if it would decide otherwise.
func (m *matrixBuilder) naclEval(sp hopSpec) [2]bits {
	entries := sp.nacl.out
	if sp.inbound {
		entries = sp.nacl.in
	}
	left := make(bits, m.w) // elements no entry has decided yet
	for i := range m.elems {
		left.set(i)
	}
	allow, mayAllow, mayDeny := make(bits, m.w), make(bits, m.w), make(bits, m.w)
	for i := range entries {
		e := &entries[i]
		in := sp.peer.in(e.cidr)
		if in == no {
			continue
		}
		eb := m.entryBits(e, sp.reply)
		for x := range left {
			hit := eb[x] & left[x]
			switch {
			case in == maybe && e.allow:
				mayAllow[x] |= hit
			case in == maybe:
				mayDeny[x] |= hit
			default:
				if e.allow {
					allow[x] |= hit
				}
				left[x] &^= hit
			}
		}
	}
	ok := make(bits, m.w)
	for x := range ok {
		unknown := allow[x]&mayDeny[x] | ^allow[x]&mayAllow[x]
		ok[x] = allow[x] | unknown
		allow[x] &^= unknown
	}
	return [2]bits{allow, ok}
}

// entryBits returns the elements whose packets (or, for reply, whose
// replies) a network ACL entry's traffic covers.
func (m *matrixBuilder) entryBits(e *naclEntry, reply bool) bits {
	k := entryKey{e, reply}
	if b, ok := m.entryM[k]; ok {
		return b
	}
	b := make(bits, m.w)
	for i, el := range m.elems {
		pr := probe{el.proto, el.lo}
		if reply {
			pr = replyProbe(pr)
		}
		if full, _ := e.t.match(pr); full {
			b.set(i)
		}
	}
	m.entryM[k] = b
	return b
}

type entryKey struct {
	e     *naclEntry
	reply bool
}

// sgBits evaluates a recorded security group hop for classes a (source)
// and b (destination, its site k).
func (m *matrixBuilder) sgBits(sp hopSpec, a, b *mclass, k int) [2]bits {
	var key sgKey
	key.egress = sp.egress
	refs := 0
	if sp.refs {
		refs = 1
	}
	switch {
	case sp.box != nil:
		key.gid = m.groupID(sp.box)
		switch {
		case !sp.peerIsEnd:
			key.peer = m.peerID(sp.peer, nil, false)
		case sp.egress:
			key.peer = b.dstPeer[k][0]
		default:
			key.peer = a.srcPeer[refs]
		}
	case sp.ofSource:
		key.gid, key.peer = a.srcGID, b.dstPeer[k][refs]
	default:
		key.gid, key.peer = b.dstGID[k], a.srcPeer[refs]
		if !sp.peerIsEnd {
			key.peer = m.peerID(sp.peer, nil, false)
		}
	}
	// A middlebox's groups may be numbered after the dense table was
	// sized.
	dense := int(key.peer) < m.npeer && int(key.gid)*m.npeer < len(m.sgTable[0])
	e := 0
	if key.egress {
		e = 1
	}
	slot := int(key.gid)*m.npeer + int(key.peer)
	if dense {
		if i := m.sgTable[e][slot]; i > 0 {
			return m.sgBitsOf[i-1]
		}
	} else if d, ok := m.sgM[key]; ok {
		return d
	}
	d := m.sgEval(m.groupSet[key.gid], key.egress, m.peerAddr[key.peer])
	if dense {
		i := m.internBits(d)
		m.sgTable[e][slot] = i
		return m.sgBitsOf[i-1]
	}
	d = [2]bits{slices.Clone(d[0]), slices.Clone(d[1])}
	m.sgM[key] = d
	return d
}

// internBits returns 1 + the index of d in sgBitsOf, adding it unless a
// one-word d is there already.
func (m *matrixBuilder) internBits(d [2]bits) int32 {
	var k [2]uint64
	if m.w == 1 {
		k = [2]uint64{d[0][0], d[1][0]}
		if i, ok := m.sgIntern[k]; ok {
			return i
		}
	}
	m.sgBitsOf = append(m.sgBitsOf, [2]bits{slices.Clone(d[0]), slices.Clone(d[1])})
	if m.w == 1 {
		m.sgIntern[k] = int32(len(m.sgBitsOf))
	}
	return int32(len(m.sgBitsOf))
}

// sgEval evaluates the groups of an ENI in one direction against a peer
// for every element, as sgAllows does: the union of the elements of the
// rules that match the peer (allowed), and of those that may (unknown).
// The result is scratch space, valid until the next call.
func (m *matrixBuilder) sgEval(groups []*securityGroup, egress bool, peer sgPeer) [2]bits {
	if m.scratch[0] == nil {
		m.scratch = [2]bits{make(bits, m.w), make(bits, m.w)}
	}
	allow, ok := m.scratch[0], m.scratch[1]
	clear(allow)
	clear(ok)
	for _, g := range groups {
		rules := g.rules(egress)
		for i := range rules {
			r := &rules[i]
			var into bits
			switch r.matches(peer) {
			case yes:
				into = allow
			case maybe:
				into = ok
			default:
				continue
			}
			rb := m.ruleBits[r]
			if rb == nil {
				rb = m.trafficBits(r.t)
				m.ruleBits[r] = rb
			}
			for x := range into {
				into[x] |= rb[x]
			}
		}
	}
	for x := range ok {
		ok[x] |= allow[x]
	}
	return [2]bits{allow, ok}
}

// trafficBits returns the elements a rule's traffic covers.
func (m *matrixBuilder) trafficBits(t traffic) bits {
	b := make(bits, m.w)
	for i, e := range m.elems {
		if full, _ := t.match(probe{e.proto, e.lo}); full {
			b.set(i)
		}
	}
	return b
}
