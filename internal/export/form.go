package export

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// CloudFormationForm returns d as a CloudFormation template can hold it,
// which is the design that importing the template back gives: each VPC's
// main route table, default network ACL and default security group as AWS
// creates them (a main table with routes becomes a table of its own
// associated with the subnets that used it; the default ACL and group keep
// AWS's rules, which a template cannot remove), the defaults AWS applies
// (the default group for an interface endpoint or a workload without
// groups, public addresses of load balancers by scheme), and without what
// a template cannot create (opaque resources, blackhole routes, the
// addresses of Lambda and RDS interfaces, a depends_on naming what the
// template does not write). Values that become parameters
// (unknown values, AWS-managed prefix lists by name) are unknown. d is not
// changed. docs/export.md lists every rule.
func CloudFormationForm(d *design.Design) *design.Design {
	f, _ := cloudFormationForm(d)
	return f
}

// cloudFormationForm returns the form of d and notes on what a template
// cannot say as drawn.
func cloudFormationForm(d *design.Design) (*design.Design, []string) {
	fm := &former{d: cloneMaps(d)}
	fm.opaque()
	tables := idsByVPC(fm.d.RouteTables, func(rt *design.RouteTable) string { return rt.VPC })
	acls := idsByVPC(fm.d.NetworkACLs, func(n *design.NetworkACL) string { return n.VPC })
	for _, id := range design.SortedIDs(fm.d.VPCs) {
		fm.mainTable(fm.d.VPCs[id], tables[id])
		fm.defaultACL(fm.d.VPCs[id], acls[id])
		fm.defaultGroup(fm.d.VPCs[id])
	}
	fm.routeTables()
	fm.networkACLs()
	fm.securityGroups()
	fm.endpoints()
	fm.workloads()
	fm.flowLogs()
	fm.prefixLists()
	fm.endpointServices()
	fm.dependsOn()
	slices.Sort(fm.notes)
	return fm.d, slices.Compact(fm.notes)
}

type former struct {
	d     *design.Design
	notes []string
}

func (fm *former) note(format string, args ...any) {
	fm.notes = append(fm.notes, fmt.Sprintf(format, args...))
}

// cloneMaps copies d and each of its maps; resources are shared until the
// former replaces them with changed copies.
func cloneMaps(d *design.Design) *design.Design {
	f := *d
	f.VPCs = cloneMap(d.VPCs)
	f.Subnets = cloneMap(d.Subnets)
	f.RouteTables = cloneMap(d.RouteTables)
	f.NetworkACLs = cloneMap(d.NetworkACLs)
	f.SecurityGroups = cloneMap(d.SecurityGroups)
	f.PrefixLists = cloneMap(d.PrefixLists)
	f.InternetGateways = cloneMap(d.InternetGateways)
	f.EgressOnlyInternetGateways = cloneMap(d.EgressOnlyInternetGateways)
	f.NATGateways = cloneMap(d.NATGateways)
	f.ElasticIPs = cloneMap(d.ElasticIPs)
	f.VPCEndpoints = cloneMap(d.VPCEndpoints)
	f.EndpointServices = cloneMap(d.EndpointServices)
	f.PeeringConnections = cloneMap(d.PeeringConnections)
	f.TransitGateways = cloneMap(d.TransitGateways)
	f.TransitGatewayAttachments = cloneMap(d.TransitGatewayAttachments)
	f.TransitGatewayRouteTables = cloneMap(d.TransitGatewayRouteTables)
	f.LatticeServiceNetworks = cloneMap(d.LatticeServiceNetworks)
	f.LatticeAssociations = cloneMap(d.LatticeAssociations)
	f.FlowLogs = cloneMap(d.FlowLogs)
	f.Workloads = cloneMap(d.Workloads)
	f.Opaque = cloneMap(d.Opaque)
	return &f
}

// idsByVPC returns the IDs of m by the VPC of each, in ascending order.
func idsByVPC[V any](m map[string]V, vpc func(V) string) map[string][]string {
	out := map[string][]string{}
	for _, id := range design.SortedIDs(m) {
		v := vpc(m[id])
		out[v] = append(out[v], id)
	}
	return out
}

// cloneMap copies m; a nil map gives an empty one, which the former can
// add to.
func cloneMap[V any](m map[string]V) map[string]V {
	if m == nil {
		return map[string]V{}
	}
	return maps.Clone(m)
}

func (fm *former) opaque() {
	if len(fm.d.Opaque) == 0 {
		return
	}
	byType := map[string][]string{}
	for _, id := range design.SortedIDs(fm.d.Opaque) {
		t := fm.d.Opaque[id].Type
		byType[t] = append(byType[t], id)
	}
	for _, t := range slices.Sorted(maps.Keys(byType)) {
		fm.note("not exported: %d resources of type %s the design keeps as opaque (%s)", len(byType[t]), t, strings.Join(byType[t], ", "))
	}
	fm.d.Opaque = nil
}

// dependsOn drops from each resource's depends_on what a template does
// not write as a resource of its own (opaque resources, AWS's main tables,
// default ACLs and groups): the import of the template cannot name them.
func (fm *former) dependsOn() {
	var changed []design.Resource
	fm.d.Each(func(r design.Resource) {
		deps := design.DependsOnOf(r)
		if len(deps) == 0 {
			return
		}
		kept := slices.DeleteFunc(slices.Clone(deps), func(id string) bool {
			t, ok := fm.d.Lookup(id)
			return !ok || !writesOwn(fm.d, t)
		})
		if len(kept) < len(deps) {
			c := design.ShallowCopy(r)
			design.SetDependsOn(c, kept)
			changed = append(changed, c)
		}
	})
	for _, c := range changed {
		fm.d.Store(c)
	}
}

// mainTable reshapes the main route table of VPC v. CloudFormation has no
// handle on a VPC's main table: one with routes, or one a gateway endpoint
// names, becomes a table of its own associated with every subnet that used
// the main table; the VPC then has AWS's empty main table. tables are the
// IDs of v's tables in ascending order, from before any VPC was reshaped
// (which adds only tables of that VPC).
func (fm *former) mainTable(v *design.VPC, tables []string) {
	conventional := design.MainRouteTableID(v.ID)
	var main *design.RouteTable
	for _, id := range tables {
		rt := fm.d.RouteTables[id]
		if rt == nil || rt.VPC != v.ID || !rt.Main {
			continue
		}
		if main == nil {
			main = rt
			continue
		}
		c := *rt
		c.Main = false
		fm.d.RouteTables[id] = &c
		fm.note("route table %s: a VPC has one main table (%s); exported as a table of its own", id, main.ID)
	}
	fresh := &design.RouteTable{VPC: v.ID, Main: true}
	fresh.ID = conventional
	if main == nil {
		fm.d.RouteTables[conventional] = fresh
		return
	}
	referenced := false
	for _, ep := range fm.d.VPCEndpoints {
		if slices.Contains(ep.RouteTables, main.ID) {
			referenced = true
		}
	}
	if len(main.Routes) == 0 && !referenced {
		if len(main.Tags) > 0 {
			fm.note("route table %s: the tags of a VPC's main table cannot be set in CloudFormation", main.ID)
		}
		delete(fm.d.RouteTables, main.ID)
		fm.d.RouteTables[conventional] = fresh
		return
	}
	// The subnets that use the main table, read before it is removed.
	assoc := fm.d.Associations()
	delete(fm.d.RouteTables, main.ID)
	own := *main
	own.Main = false
	if own.ID == conventional {
		own.ID = conventional + "-explicit"
	}
	own.Subnets = nil
	for _, s := range design.SortedIDs(fm.d.Subnets) {
		if fm.d.Subnets[s].VPC == v.ID && (assoc.RouteTables[s] == main.ID || slices.Contains(main.Subnets, s)) {
			own.Subnets = append(own.Subnets, s)
		}
	}
	fm.d.RouteTables[own.ID] = &own
	fm.d.RouteTables[conventional] = fresh
	for _, id := range design.SortedIDs(fm.d.VPCEndpoints) {
		ep := fm.d.VPCEndpoints[id]
		if i := slices.Index(ep.RouteTables, main.ID); i >= 0 {
			c := *ep
			c.RouteTables = slices.Clone(ep.RouteTables)
			c.RouteTables[i] = own.ID
			fm.d.VPCEndpoints[id] = &c
		}
	}
	fm.note("route table %s is the main table of %s: CloudFormation cannot change a VPC's main table, so it is exported as table %s, associated with each subnet that used it (%s)",
		main.ID, v.ID, own.ID, strings.Join(own.Subnets, ", "))
}

// worlds returns the all-addresses blocks of a VPC: IPv4, and IPv6 when the
// VPC has an IPv6 block.
func worlds(v *design.VPC) []string {
	if len(v.IPv6CIDRs) > 0 {
		return []string{"0.0.0.0/0", "::/0"}
	}
	return []string{"0.0.0.0/0"}
}

// defaultACL reshapes the default network ACL of v: AWS's entries (100,
// and 101 for IPv6), which a template cannot remove or replace, then the
// design's others. acls are the IDs of v's ACLs in ascending order, from
// before any VPC was reshaped.
func (fm *former) defaultACL(v *design.VPC, acls []string) {
	conventional := design.DefaultNetworkACLID(v.ID)
	var cur *design.NetworkACL
	for _, id := range acls {
		n := fm.d.NetworkACLs[id]
		if n != nil && n.VPC == v.ID && n.Default {
			cur = n
			break
		}
	}
	n := &design.NetworkACL{VPC: v.ID, Default: true}
	n.ID = conventional
	var aws []design.NACLEntry
	for i, w := range worlds(v) {
		aws = append(aws, design.NACLEntry{Number: 100 + i, Protocol: design.ProtocolAll, CIDR: w, Action: design.Allow})
	}
	if cur != nil {
		delete(fm.d.NetworkACLs, cur.ID)
		n.Subnets = cur.Subnets
		if len(cur.Tags) > 0 {
			fm.note("network ACL %s: the tags of a VPC's default ACL cannot be set in CloudFormation", cur.ID)
		}
	}
	var in, out []design.NACLEntry
	if cur != nil {
		in, out = cur.Inbound, cur.Outbound
	}
	n.Inbound = fm.mergeEntries(conventional, "inbound", aws, in)
	n.Outbound = fm.mergeEntries(conventional, "outbound", aws, out)
	fm.d.NetworkACLs[conventional] = n
}

func (fm *former) mergeEntries(id, dir string, aws, drawn []design.NACLEntry) []design.NACLEntry {
	out := slices.Clone(aws)
	for _, a := range aws {
		if !slices.ContainsFunc(drawn, func(e design.NACLEntry) bool { return sameEntry(e, a) }) {
			fm.note("network ACL %s: %s entry %d (allow all from %s) is AWS's and a template cannot remove it", id, dir, a.Number, a.CIDR)
		}
	}
	for _, e := range drawn {
		e = canonicalEntry(e)
		i := slices.IndexFunc(out, func(x design.NACLEntry) bool { return x.Number == e.Number })
		switch {
		case i < 0:
			out = append(out, e)
		case !sameEntry(out[i], e):
			fm.note("network ACL %s: %s entry %d is AWS's and a template cannot replace it", id, dir, e.Number)
		}
	}
	slices.SortStableFunc(out, func(a, b design.NACLEntry) int { return a.Number - b.Number })
	return out
}

func sameEntry(a, b design.NACLEntry) bool {
	a, b = canonicalEntry(a), canonicalEntry(b)
	return a.Number == b.Number && a.Protocol == b.Protocol && a.CIDR == b.CIDR && a.Action == b.Action &&
		eqPtr(a.Ports, b.Ports) && eqPtr(a.ICMP, b.ICMP)
}

func eqPtr[T comparable](a, b *T) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// canonicalEntry drops what an entry's protocol does not use and writes
// all ports as no ports, the model's one spelling of "all ports".
func canonicalEntry(e design.NACLEntry) design.NACLEntry {
	e.Ports = canonicalPorts(e.Protocol, e.Ports)
	if !e.Protocol.IsICMP() || e.ICMP != nil && e.ICMP.Type == -1 && e.ICMP.Code == -1 {
		e.ICMP = nil
	}
	return e
}

func canonicalPorts(p design.Protocol, r *design.PortRange) *design.PortRange {
	if !p.HasPorts() || r != nil && *r == design.AllPorts {
		return nil
	}
	return r
}

func canonicalRule(r design.SGRule) design.SGRule {
	r.Ports = canonicalPorts(r.Protocol, r.Ports)
	if !r.Protocol.IsICMP() || r.ICMP != nil && r.ICMP.Type == -1 && r.ICMP.Code == -1 {
		r.ICMP = nil
	}
	if design.IsManagedPrefixList(r.PrefixList) && !strings.HasPrefix(r.PrefixList, "pl-") && !design.IsUnknown(r.PrefixList) {
		r.PrefixList = design.Unknown("AWS-managed prefix list " + r.PrefixList)
	}
	return r
}

// defaultGroup reshapes the default security group of v: AWS's rules
// (members talk to each other, all out), which a template cannot remove,
// then the design's others; its description is AWS's.
func (fm *former) defaultGroup(v *design.VPC) {
	id := design.DefaultSecurityGroupID(v.ID)
	g := &design.SecurityGroup{VPC: v.ID, Description: "default VPC security group"}
	g.ID = id
	awsIn := []design.SGRule{{Protocol: design.ProtocolAll, Group: id}}
	var awsOut []design.SGRule
	for _, w := range worlds(v) {
		awsOut = append(awsOut, design.SGRule{Protocol: design.ProtocolAll, CIDR: w})
	}
	var in, out []design.SGRule
	if cur := fm.d.SecurityGroups[id]; cur != nil {
		in, out = cur.Ingress, cur.Egress
		if len(cur.Tags) > 0 {
			fm.note("security group %s: the tags of a VPC's default group cannot be set in CloudFormation", id)
		}
	}
	g.Ingress = fm.mergeRules(id, "ingress", awsIn, in)
	g.Egress = fm.mergeRules(id, "egress", awsOut, out)
	fm.d.SecurityGroups[id] = g
}

func (fm *former) mergeRules(id, dir string, aws, drawn []design.SGRule) []design.SGRule {
	out := slices.Clone(aws)
	for _, a := range aws {
		if !slices.Contains(drawn, a) {
			fm.note("security group %s: the %s rule %s %s is AWS's and a template cannot remove it", id, dir, a.Protocol, a.Peer())
		}
	}
	for _, r := range drawn {
		if r = canonicalRule(r); !slices.Contains(aws, r) {
			out = append(out, r)
		}
	}
	return out
}

// allowAllEgress is the egress rule AWS gives a new security group.
var allowAllEgress = design.SGRule{Protocol: design.ProtocolAll, CIDR: "0.0.0.0/0"}

// isDefaultGroup reports whether g is the default security group of its
// VPC, which the design names by convention.
func isDefaultGroup(g *design.SecurityGroup) bool {
	return g.ID == design.DefaultSecurityGroupID(g.VPC)
}

// securityGroups canonicalises rules; AWS's allow-all egress rule, which
// the template keeps rather than writes, comes first; a group without a
// description gets its ID (CloudFormation requires one).
func (fm *former) securityGroups() {
	for _, id := range design.SortedIDs(fm.d.SecurityGroups) {
		g := fm.d.SecurityGroups[id]
		if isDefaultGroup(g) && fm.d.VPCs[g.VPC] != nil {
			continue
		}
		c := *g
		if c.Description == "" {
			c.Description = id
		}
		c.Ingress = mapSlice(g.Ingress, canonicalRule)
		c.Egress = mapSlice(g.Egress, canonicalRule)
		if i := slices.Index(c.Egress, allowAllEgress); i > 0 {
			c.Egress = slices.Concat([]design.SGRule{allowAllEgress}, c.Egress[:i], c.Egress[i+1:])
		}
		fm.d.SecurityGroups[id] = &c
	}
}

func mapSlice[T any](in []T, f func(T) T) []T {
	if in == nil {
		return nil
	}
	out := make([]T, len(in))
	for i, x := range in {
		out[i] = f(x)
	}
	return out
}

// routeTables drops blackhole routes (a state AWS gives a route whose
// target is gone, not something a template can create) and writes
// AWS-managed prefix lists as unknown (the template takes their IDs as
// parameters).
func (fm *former) routeTables() {
	for _, id := range design.SortedIDs(fm.d.RouteTables) {
		rt := fm.d.RouteTables[id]
		changed := false
		var routes []design.Route // the routes, once one changes
		for i, r := range rt.Routes {
			blackhole, managed := r.Target.Type == design.TargetBlackhole, managedName(r.PrefixList)
			if (blackhole || managed) && !changed {
				changed = true
				routes = append(routes, rt.Routes[:i]...)
			}
			if blackhole {
				fm.note("route table %s: the blackhole route to %s is not exported (a template cannot create one)", id, r.Dest())
				continue
			}
			if managed {
				r.PrefixList = design.Unknown("AWS-managed prefix list " + r.PrefixList)
			}
			if changed {
				routes = append(routes, r)
			}
		}
		if changed {
			c := *rt
			c.Routes = routes
			fm.d.RouteTables[id] = &c
		}
	}
}

// managedName reports whether s names an AWS-managed prefix list by its
// service name, which templates cannot use: they need its pl- ID.
func managedName(s string) bool { return strings.HasPrefix(s, "com.amazonaws.") }

func (fm *former) networkACLs() {
	for _, id := range design.SortedIDs(fm.d.NetworkACLs) {
		n := fm.d.NetworkACLs[id]
		if n.Default && n.ID == design.DefaultNetworkACLID(n.VPC) && fm.d.VPCs[n.VPC] != nil {
			continue
		}
		c := *n
		if c.Default {
			c.Default = false
			fm.note("network ACL %s: a VPC has one default ACL; exported as an ACL of its own", id)
		}
		c.Inbound = sortedEntries(n.Inbound)
		c.Outbound = sortedEntries(n.Outbound)
		fm.d.NetworkACLs[id] = &c
	}
}

func sortedEntries(es []design.NACLEntry) []design.NACLEntry {
	out := mapSlice(es, canonicalEntry)
	slices.SortStableFunc(out, func(a, b design.NACLEntry) int { return a.Number - b.Number })
	return out
}

// endpoints keeps what each endpoint type takes and gives an interface
// endpoint without groups its VPC's default group, as AWS does.
func (fm *former) endpoints() {
	for _, id := range design.SortedIDs(fm.d.VPCEndpoints) {
		c := *fm.d.VPCEndpoints[id]
		switch c.Type {
		case design.EndpointGateway:
			c.Subnets, c.SecurityGroups, c.PrivateDNS = nil, nil, false
		case design.EndpointInterface:
			c.RouteTables = nil
			if len(c.SecurityGroups) == 0 && fm.d.VPCs[c.VPC] != nil {
				c.SecurityGroups = []string{design.DefaultSecurityGroupID(c.VPC)}
			}
		case design.EndpointGatewayLoadBalancer:
			c.RouteTables, c.SecurityGroups, c.PrivateDNS = nil, nil, false
		}
		fm.d.VPCEndpoints[id] = &c
	}
}

// workloads applies what AWS decides for each workload type.
func (fm *former) workloads() {
	for _, id := range design.SortedIDs(fm.d.Workloads) {
		w := fm.d.Workloads[id]
		c := *w
		c.Interfaces = slices.Clone(w.Interfaces)
		switch c.Type {
		case design.WorkloadALB, design.WorkloadNLB, design.WorkloadGWLB:
			if c.Type == design.WorkloadGWLB {
				c.Internal = true
			}
			for i := range c.Interfaces {
				c.Interfaces[i] = design.Interface{Subnet: c.Interfaces[i].Subnet, PrivateIP: c.Interfaces[i].PrivateIP, PublicIP: !c.Internal}
			}
		case design.WorkloadRDS, design.WorkloadLambda:
			public := false
			for _, ifc := range c.Interfaces {
				public = public || ifc.PublicIP
				if ifc.PrivateIP != "" || len(ifc.SecondaryIPs) > 0 || len(ifc.IPv6) > 0 {
					fm.note("workload %s: the addresses of the interfaces of %s %s are chosen by AWS and not exported", id, c.Type, id)
				}
			}
			if c.Type == design.WorkloadLambda && public {
				fm.note("workload %s: a Lambda function's interfaces have no public address", id)
				public = false
			}
			for i := range c.Interfaces {
				c.Interfaces[i] = design.Interface{Subnet: c.Interfaces[i].Subnet, PublicIP: public}
			}
			c.Internal = false
		case design.WorkloadENI:
			if len(c.Interfaces) > 1 {
				fm.note("workload %s: a network interface is in one subnet; only its first interface is exported", id)
				c.Interfaces = c.Interfaces[:1]
			}
			for i := range c.Interfaces {
				if c.Interfaces[i].PublicIP {
					fm.note("workload %s: a network interface gets a public address from an Elastic IP, not on its own; not exported", id)
				}
				c.Interfaces[i].PublicIP = false
			}
		}
		if c.Type == design.WorkloadInstance || c.Type == design.WorkloadENI {
			for i := range c.Interfaces {
				for _, n := range addressNotes(c.Interfaces[i], id) {
					fm.note("%s", n)
				}
				c.Interfaces[i] = templateAddresses(c.Interfaces[i])
			}
		}
		if c.Type != design.WorkloadENI {
			c.AttachedTo = ""
		}
		if c.Type != design.WorkloadInstance && c.Type != design.WorkloadENI {
			c.SourceDestCheck = nil
		}
		if len(c.SecurityGroups) == 0 && c.Type != design.WorkloadNLB && c.Type != design.WorkloadGWLB {
			c.SecurityGroups = fm.defaultGroupOf(c.Interfaces)
		}
		fm.d.Workloads[id] = &c
	}
}

// templateAddresses returns the addresses of an interface as a template
// holds them: an unknown primary address is AWS's to choose (none), and
// secondary or IPv6 addresses of which some are unknown, or secondary ones
// without a primary, are a count of addresses AWS chooses.
func templateAddresses(ifc design.Interface) design.Interface {
	if design.IsUnknown(ifc.PrivateIP) {
		ifc.PrivateIP = ""
	}
	if len(ifc.SecondaryIPs) > 0 && (ifc.PrivateIP == "" || slices.ContainsFunc(ifc.SecondaryIPs, design.IsUnknown)) {
		ifc.SecondaryIPs = unknowns(len(ifc.SecondaryIPs), "secondary address")
	}
	if slices.ContainsFunc(ifc.IPv6, design.IsUnknown) {
		ifc.IPv6 = unknowns(len(ifc.IPv6), "IPv6 address")
	}
	return ifc
}

func unknowns(n int, what string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = design.Unknown(fmt.Sprintf("%s %d chosen by AWS", what, i+1))
	}
	return out
}

// defaultGroupOf returns the default group of the VPC of the first
// interface, as a one-item list, or nil.
func (fm *former) defaultGroupOf(ifcs []design.Interface) []string {
	for _, ifc := range ifcs {
		if s := fm.d.Subnets[ifc.Subnet]; s != nil && fm.d.VPCs[s.VPC] != nil {
			return []string{design.DefaultSecurityGroupID(s.VPC)}
		}
	}
	return nil
}

// flowLogs fills in AWS's defaults and makes the destinations a template
// takes as parameters unknown.
func (fm *former) flowLogs() {
	for _, id := range design.SortedIDs(fm.d.FlowLogs) {
		c := *fm.d.FlowLogs[id]
		if c.TrafficType == "" {
			c.TrafficType = "ALL"
		}
		if c.Destination == "" {
			c.Destination = "cloud-watch-logs"
		}
		if c.DestinationARN == "" {
			c.DestinationARN = design.Unknown("destination of flow log " + id)
		}
		if w := fm.d.Workloads[c.Resource]; w != nil && w.Type != design.WorkloadENI {
			fm.note("flow log %s: CloudFormation cannot name the network interface of %s %s; its ID is a parameter", id, w.Type, w.ID)
			c.Resource = design.Unknown("network interface of " + w.ID)
		}
		fm.d.FlowLogs[id] = &c
	}
}

func (fm *former) prefixLists() {
	for _, id := range design.SortedIDs(fm.d.PrefixLists) {
		if fm.d.PrefixLists[id].Name == "" {
			c := *fm.d.PrefixLists[id]
			c.Name = id
			fm.d.PrefixLists[id] = &c
		}
	}
}

// endpointServices lists network load balancers before gateway load
// balancers, as the template's two properties do.
func (fm *former) endpointServices() {
	for _, id := range design.SortedIDs(fm.d.EndpointServices) {
		s := fm.d.EndpointServices[id]
		c := *s
		nlbs, gwlbs := loadBalancersByType(fm.d, s.LoadBalancers)
		c.LoadBalancers = append(nlbs, gwlbs...)
		fm.d.EndpointServices[id] = &c
	}
}
