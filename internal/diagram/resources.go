package diagram

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// This file says how each kind of resource is drawn: its node (or cluster)
// label and its tooltip.

// resNode returns the node of a resource: its ID as name and id, its kind
// as class.
func resNode(id string, class string, l *label, t *tooltip, extra ...attr) *node {
	return &node{name: id, attrs: append([]attr{a("id", id), a("class", class),
		h("label", l), a("tooltip", t.String())}, extra...)}
}

func class(k design.Kind, more ...string) string {
	return strings.Join(append([]string{"res", "kind-" + string(k)}, more...), " ")
}

// regionAccount returns the region and account of a resource when they are
// not the design's.
func regionAccount(d *design.Design, region, account string) (string, string) {
	if region == d.Region {
		region = ""
	}
	if account == d.Account {
		account = ""
	}
	return region, account
}

func vpcLabel(d *design.Design, v *design.VPC) *label {
	l := newLabel().badge("VPC", colorNetwork).named(&v.Base, "VPC", listed(textAll(v.IPv4CIDRs()), maxListed))
	if len(v.IPv6CIDRs) > 0 {
		l.line("IPv6 " + listed(textAll(v.IPv6CIDRs), maxListed))
	}
	return l.line(regionAccount(d, d.RegionOf(v), d.AccountOf(v)))
}

func vpcTooltip(x *index, v *design.VPC) *tooltip {
	d := x.d
	t := head(&v.Base, "VPC")
	t.list("IPv4", v.IPv4CIDRs()).list("IPv6", v.IPv6CIDRs)
	t.add(d.RegionOf(v), d.AccountOf(v))
	t.add("DNS support "+onOff(v.DNSSupportEnabled()), "DNS hostnames "+onOff(v.DNSHostnamesEnabled()))
	workloads := 0
	for _, s := range x.subnets[v.ID] {
		workloads += len(x.inSubnet[s])
	}
	t.add(strconv.Itoa(len(x.subnets[v.ID]))+" subnets", strconv.Itoa(workloads)+" ENIs")
	flowLogLines(x, t, v.ID)
	return t.tags(&v.Base)
}

func azLabel(az string) *label {
	if az == "" {
		az = "no availability zone"
	}
	return newLabel().line(az)
}

func subnetLabel(x *index, s *design.Subnet) *label {
	l := newLabel().named(&s.Base, s.CIDR, s.IPv6CIDR)
	var parts []string
	if s.Tier != "" {
		parts = append(parts, "tier "+text(s.Tier))
	}
	if rt := x.assoc.RouteTables[s.ID]; rt != "" {
		parts = append(parts, "routes "+text(x.name(rt)))
	}
	if acl := x.assoc.NetworkACLs[s.ID]; acl != "" && !x.d.NetworkACLs[acl].Default {
		parts = append(parts, "ACL "+text(x.name(acl)))
	}
	return l.line(parts...)
}

func subnetTooltip(x *index, s *design.Subnet) string {
	t := head(&s.Base, "subnet")
	t.add(s.CIDR, s.IPv6CIDR, s.AZ)
	if s.Tier != "" {
		t.add("tier " + s.Tier)
	}
	if s.MapPublicIP {
		t.add("public IPv4 addresses on launch")
	}
	if rt := x.d.RouteTables[x.assoc.RouteTables[s.ID]]; rt != nil {
		t.add("route table " + x.name(rt.ID))
		for i, r := range rt.Routes {
			if i == maxTooltipItems {
				t.add("+" + strconv.Itoa(len(rt.Routes)-i) + " more routes")
				break
			}
			t.add("  " + routeDest(x, r) + " → " + r.Target.String())
		}
	}
	if acl := x.assoc.NetworkACLs[s.ID]; acl != "" {
		t.add("network ACL " + x.name(acl))
	}
	flowLogLines(x, t, s.ID)
	return t.tags(&s.Base).String()
}

func flowLogLines(x *index, t *tooltip, id string) {
	for _, f := range x.flowLogs[id] {
		fl := x.d.FlowLogs[f]
		t.add("flow log "+x.name(f), fl.TrafficType, fl.Destination)
	}
}

func gatewayNode(b *design.Base, k design.Kind, kind string) *node {
	glyph := "IGW"
	if k == design.KindEgressOnlyInternetGateway {
		glyph = "EIGW"
	}
	l := newLabel().badge(glyph, colorNetwork).named(b, kind)
	return resNode(b.ID, class(k), l, head(b, kind).tags(b))
}

func natNode(x *index, n *design.NATGateway) *node {
	eip := ""
	if e := x.d.ElasticIPs[n.EIP]; e != nil {
		eip = "EIP " + cmp.Or(e.Address, x.name(e.ID))
	}
	l := newLabel().badge("NAT", colorNetwork).named(&n.Base, "NAT gateway", string(n.Connectivity), eip, n.PrivateIP)
	t := head(&n.Base, "NAT gateway").add(string(n.Connectivity), eip, n.PrivateIP).add("subnet " + x.name(n.Subnet))
	return resNode(n.ID, class(design.KindNATGateway), l, t.tags(&n.Base))
}

func endpointNode(x *index, id string) *node {
	e := x.d.VPCEndpoints[id]
	kind := "interface endpoint"
	switch e.Type {
	case design.EndpointGateway:
		kind = "gateway endpoint"
	case design.EndpointGatewayLoadBalancer:
		kind = "GWLB endpoint"
	}
	service := e.ServiceShortName()
	if e.EndpointService != "" {
		service = "service " + x.name(e.EndpointService)
	}
	l := newLabel().badge("VPCE", colorNetwork).named(&e.Base, kind, service)
	if len(e.RouteTables) > 0 {
		l.line("route tables " + listed(textAll(x.names(e.RouteTables)), maxListed))
	}
	if len(e.Subnets) > 1 {
		l.line("subnets " + listed(textAll(x.names(e.Subnets)), maxListed))
	}
	if len(e.SecurityGroups) > 0 {
		l.line("SG " + listed(textAll(x.names(e.SecurityGroups)), maxListed))
	}
	t := head(&e.Base, kind).add(cmp.Or(e.Service, "endpoint service "+e.EndpointService))
	t.list("route tables", e.RouteTables).list("subnets", e.Subnets).list("security groups", e.SecurityGroups)
	if e.PrivateDNS {
		t.add("private DNS")
	}
	return resNode(id, class(design.KindVPCEndpoint, "endpoint-"+enumClass(string(e.Type))), l, t.tags(&e.Base))
}

// routeTableNode draws a table by name and how many routes it has: its
// routes are the edges of the subnets that use it (and the labels of TGW
// attachment and peering edges); the tooltip lists them. The local routes
// are implicit.
func routeTableNode(x *index, id string) *node {
	rt := x.d.RouteTables[id]
	kind := "route table"
	if rt.Main {
		kind = "main route table"
	}
	blackholes := 0
	for _, r := range rt.Routes {
		if r.Target.Type == design.TargetBlackhole {
			blackholes++
		}
	}
	l := newLabel().badge("RT", colorRoute).named(&rt.Base, kind)
	if len(rt.Routes) == 0 {
		l.line("local routes only")
	} else {
		l.line(plural(len(rt.Routes), "route"), plural(blackholes, "blackhole"), plural(len(x.ix.UsersOf(id)), "subnet"))
	}
	t := head(&rt.Base, kind)
	for i, r := range rt.Routes {
		if i == maxTooltipItems {
			t.add("+" + strconv.Itoa(len(rt.Routes)-i) + " more routes")
			break
		}
		t.add(routeDest(x, r) + " → " + r.Target.String())
	}
	t.list("subnets", x.ix.UsersOf(id))
	return resNode(id, class(design.KindRouteTable), l, t.tags(&rt.Base),
		a("fillcolor", "#F7F8FA"), a("color", colorRoute))
}

// routeDest names a route's destination: a block, or a prefix list by name.
func routeDest(x *index, r design.Route) string {
	if p := x.d.PrefixLists[r.PrefixList]; p != nil {
		return cmp.Or(p.Name, p.DisplayName())
	}
	return r.Dest()
}

func workloadNode(x *index, w *design.Workload) *node {
	kind := workloadKind(w.Type)
	var ip, public string
	if len(w.Interfaces) > 0 {
		ip = w.Interfaces[0].PrivateIP
		if w.Interfaces[0].PublicIP {
			public = "public IP"
		}
	}
	if e := x.eipOf[w.ID]; e != "" {
		public = "EIP " + e
	}
	if w.Internal {
		public = "internal"
	}
	l := newLabel().badge(workloadGlyph(w.Type)).named(&w.Base, kind, ip, public)
	if len(w.Interfaces) > 1 {
		l.line("ENIs in " + listed(textAll(x.names(uniq(w.Subnets()))), maxListed))
	}
	if len(w.SecurityGroups) > 0 {
		l.line("SG " + listed(textAll(x.names(w.SecurityGroups)), maxListed))
	}
	t := head(&w.Base, kind)
	for i, ifc := range w.Interfaces {
		if i == maxTooltipItems {
			break
		}
		t.add("ENI "+strconv.Itoa(i+1)+" in "+x.name(ifc.Subnet), ifc.PrivateIP, strings.Join(ifc.SecondaryIPs, " "),
			strings.Join(ifc.IPv6, " "), yes(ifc.PublicIP, "public IP"))
	}
	if public != "" {
		t.add(public)
	}
	for i, g := range w.SecurityGroups {
		if i == maxTooltipItems {
			t.add("+" + strconv.Itoa(len(w.SecurityGroups)-i) + " more security groups")
			break
		}
		if sg := x.d.SecurityGroups[g]; sg != nil {
			t.add("security group "+x.name(g), sg.Description)
		} else {
			t.add("security group " + g)
		}
	}
	if w.AttachedTo != "" {
		t.add("attached to " + x.name(w.AttachedTo))
	}
	if w.SourceDestCheck != nil && !*w.SourceDestCheck {
		t.add("source/destination check off")
	}
	flowLogLines(x, t, w.ID)
	fill, color := "#FFFFFF", colorCompute
	switch w.Type {
	case design.WorkloadALB, design.WorkloadNLB, design.WorkloadGWLB:
		color = colorNetwork
	case design.WorkloadRDS:
		color = colorDatabase
	case design.WorkloadENI:
		color = colorMuted
	}
	return resNode(w.ID, class(design.KindWorkload, "workload-"+enumClass(string(w.Type))), l, t.tags(&w.Base),
		a("fillcolor", fill), a("color", color))
}

// workloadGlyph returns the badge text and colour of a workload type:
// compute orange, networking purple, databases pink, as AWS colours them.
func workloadGlyph(t design.WorkloadType) (string, string) {
	switch t {
	case design.WorkloadInstance:
		return "EC2", colorCompute
	case design.WorkloadALB:
		return "ALB", colorNetwork
	case design.WorkloadNLB:
		return "NLB", colorNetwork
	case design.WorkloadGWLB:
		return "GWLB", colorNetwork
	case design.WorkloadRDS:
		return "RDS", colorDatabase
	case design.WorkloadLambda:
		return "λ", colorCompute
	}
	return "ENI", colorMuted
}

// partNode is an ENI of a resource drawn elsewhere: a further subnet of a
// load balancer, database or interface endpoint drawn in full in its first
// one, or a subnet of a TGW attachment (drawn as an edge).
func partNode(x *index, e eni) *node {
	var b *design.Base
	var k design.Kind
	kind, ip := "", ""
	switch {
	case x.d.Workloads[e.id] != nil:
		w := x.d.Workloads[e.id]
		b, k, kind, ip = &w.Base, design.KindWorkload, workloadKind(w.Type), w.Interfaces[e.i].PrivateIP
	case x.d.VPCEndpoints[e.id] != nil:
		b, k, kind = &x.d.VPCEndpoints[e.id].Base, design.KindVPCEndpoint, "endpoint"
	default:
		b, k, kind = &x.d.TransitGatewayAttachments[e.id].Base, design.KindTransitGatewayAttachment, "TGW attachment"
	}
	id := "_if/" + e.id + "/" + strconv.Itoa(e.i)
	l := newLabel().badge("ENI", colorMuted).named(b, kind, "ENI "+strconv.Itoa(e.i+1), ip)
	t := head(b, kind).add("ENI "+strconv.Itoa(e.i+1), ip)
	return &node{name: id, attrs: []attr{a("id", id), a("class", "part kind-"+string(k)),
		h("label", l), a("tooltip", t.String()), a("style", "rounded,dashed,filled"), a("color", colorMuted)}}
}

func tgwLabel(x *index, t *design.TransitGateway) *label {
	asn := ""
	if t.ASN != 0 {
		asn = "ASN " + strconv.FormatInt(t.ASN, 10)
	}
	r, acc := regionAccount(x.d, cmp.Or(t.Region, x.d.Region), cmp.Or(t.Account, x.d.Account))
	return newLabel().badge("TGW", colorNetwork).named(&t.Base, "transit gateway", asn, r, acc)
}

func tgwTooltip(x *index, t *design.TransitGateway) string {
	tt := head(&t.Base, "transit gateway")
	if t.ASN != 0 {
		tt.add("ASN " + strconv.FormatInt(t.ASN, 10))
	}
	tt.add(cmp.Or(t.Region, x.d.Region), cmp.Or(t.Account, x.d.Account))
	tt.add(yes(t.DefaultRouteTableAssociation, "default route table association"),
		yes(t.DefaultRouteTablePropagation, "default route table propagation"))
	tt.list("route tables", x.tgwTables[t.ID])
	return tt.tags(&t.Base).String()
}

// tgwNode draws a transit gateway as a node (the overview, and a detail
// view of one without route tables), its route tables named in the label.
func tgwNode(x *index, t *design.TransitGateway) *node {
	l := tgwLabel(x, t)
	if rts := x.tgwTables[t.ID]; len(rts) > 0 {
		l.line("route tables " + listed(textAll(x.names(rts)), maxListed))
	} else if t.DefaultRouteTableAssociation {
		l.line("default route table")
	}
	return &node{name: t.ID, attrs: []attr{a("id", t.ID), a("class", class(design.KindTransitGateway)),
		h("label", l), a("tooltip", tgwTooltip(x, t)), a("fillcolor", "#F4EFFF")}}
}

func tgwTableNode(x *index, id string) *node {
	rt := x.d.TransitGatewayRouteTables[id]
	rows := make([][2]string, len(rt.Routes))
	for i, r := range rt.Routes {
		to := "blackhole"
		if !r.Blackhole {
			to = x.name(r.Attachment)
		}
		rows[i] = [2]string{r.Destination, to}
	}
	l := newLabel().badge("RT", colorRoute).named(&rt.Base, "TGW route table")
	if len(rt.Associations) > 0 {
		l.line("associated " + listed(textAll(x.names(rt.Associations)), maxListed))
	}
	if len(rt.Propagations) > 0 {
		l.line("propagating " + listed(textAll(x.names(rt.Propagations)), maxListed))
	}
	l.pairs(rows, 6)
	t := head(&rt.Base, "TGW route table").list("associated", rt.Associations).list("propagating", rt.Propagations)
	for i, r := range rt.Routes {
		if i == maxTooltipItems {
			t.add("+" + strconv.Itoa(len(rt.Routes)-i) + " more routes")
			break
		}
		t.add(r.Destination + " → " + rows[i][1])
	}
	return resNode(id, class(design.KindTransitGatewayRouteTable), l, t.tags(&rt.Base))
}

func attachmentTooltip(x *index, at *design.TransitGatewayAttachment) string {
	t := head(&at.Base, "TGW attachment").add("transit gateway "+x.name(at.TransitGateway), "VPC "+x.name(at.VPC))
	t.list("subnets", at.Subnets)
	if at.ApplianceMode {
		t.add("appliance mode")
	}
	return t.tags(&at.Base).String()
}

// peerNode draws a peer VPC that the view does not draw in full.
func peerNode(x *index, v *design.VPC) *node {
	l := newLabel().badge("VPC", colorNetwork).named(&v.Base, "peer VPC", listed(textAll(v.IPv4CIDRs()), maxListed))
	l.line(regionAccount(x.d, x.d.RegionOf(v), x.d.AccountOf(v)))
	return resNode(v.ID, class(design.KindVPC, "vpc-peer"), l, vpcTooltip(x, v),
		a("style", "rounded,dashed,filled"))
}

// peeringNode draws a peering connection between two VPCs drawn in full.
func peeringNode(x *index, p *design.PeeringConnection) *node {
	l := newLabel().badge("PCX", colorNetwork).named(&p.Base, "peering connection", x.name(p.Requester)+" ↔ "+x.name(p.Accepter))
	return resNode(p.ID, class(design.KindPeeringConnection), l, &tooltip{lines: []string{peeringTooltip(x, p)}},
		a("style", "rounded,dashed,filled"))
}

func peeringTooltip(x *index, p *design.PeeringConnection) string {
	side := func(role, id string) string {
		v := x.d.VPCs[id]
		r, acc := regionAccount(x.d, x.d.RegionOf(v), x.d.AccountOf(v))
		return joinParts([]string{role + " " + x.name(id), strings.Join(v.IPv4CIDRs(), ", "), r, acc}, maxTooltipLine)
	}
	t := head(&p.Base, "peering connection").add(side("requester", p.Requester)).add(side("accepter", p.Accepter))
	return t.tags(&p.Base).String()
}

func latticeNode(x *index, n *design.LatticeServiceNetwork) *node {
	auth := ""
	if n.AuthType != "" {
		auth = "auth " + n.AuthType
	}
	l := newLabel().badge("LAT", colorNetwork).named(&n.Base, "Lattice service network", auth)
	return resNode(n.ID, class(design.KindLatticeServiceNetwork), l, head(&n.Base, "Lattice service network").add(auth).tags(&n.Base),
		a("fillcolor", "#F4EFFF"))
}

func latticeAssocTooltip(x *index, la *design.LatticeAssociation) string {
	t := head(&la.Base, "Lattice association").add("service network "+x.name(la.ServiceNetwork), "VPC "+x.name(la.VPC))
	return t.list("security groups", la.SecurityGroups).tags(&la.Base).String()
}

func endpointServiceNode(x *index, s *design.EndpointService) *node {
	l := newLabel().badge("SVC", colorNetwork).named(&s.Base, "endpoint service", yes(s.AcceptanceRequired, "acceptance required"))
	if len(s.LoadBalancers) > 0 {
		l.line("load balancers " + listed(textAll(x.names(s.LoadBalancers)), maxListed))
	}
	t := head(&s.Base, "endpoint service").add(yes(s.AcceptanceRequired, "acceptance required")).list("load balancers", s.LoadBalancers)
	return resNode(s.ID, class(design.KindEndpointService), l, t.tags(&s.Base), a("fillcolor", "#F4EFFF"))
}

// omitted returns the DOT comments that say what the diagram leaves out.
// They hold IDs and counts only, never user text.
func omitted(d *design.Design) []string {
	out := []string{"security groups, network ACLs, prefix lists, Elastic IPs and flow logs are not drawn as nodes: labels and tooltips name them"}
	if ids := design.SortedIDs(d.Opaque); len(ids) > 0 {
		out = append(out, "not drawn: "+strconv.Itoa(len(ids))+" opaque resources: "+listed(ids, 20))
	}
	return out
}

// enumClass returns an enum value as a class name part, or "other" for a
// value that is not a plain word (such as an unknown value).
func enumClass(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return "other"
		}
	}
	if s == "" {
		return "other"
	}
	return s
}

func textAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = text(s)
	}
	return out
}

func uniq(ss []string) []string {
	var out []string
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func yes(b bool, s string) string {
	if b {
		return s
	}
	return ""
}
