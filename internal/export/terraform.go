package export

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// TerraformProviderConstraint is the hashicorp/aws version constraint the
// configuration asks for; the tests check the output against the schema
// of provider 6.47.0.
const TerraformProviderConstraint = ">= 6.0, < 7.0"

// Terraform writes d as one Terraform configuration in JSON syntax
// (main.tf.json) for the hashicorp/aws provider. Resources outside the
// design's account and region use a provider alias of their own (another
// account through a role to assume, a variable), so a cross-region or
// cross-account peering is requested and accepted in one configuration.
// A design with structural errors is refused.
func Terraform(d *design.Design, opts Options) (*Output, error) {
	if err := checkDesign(d); err != nil {
		return nil, err
	}
	x := newIndex(d)
	w := &tfWriter{d: d, x: x, pl: newPlacer(d, x), names: newNamer(tfName, len(x.byID)), vars: newObject(), data: newObject(),
		res: newObject(), varOf: map[string]string{}, aliases: map[place]string{}, varNames: newNamer(varName, 0)}
	for _, k := range design.Kinds() {
		for _, id := range x.ids[k] {
			w.names.name(id)
		}
	}
	w.providers()
	w.write()
	slices.Sort(w.notes)
	w.notes = slices.Compact(w.notes)
	cfg := newObject()
	comment := "vpcboard export"
	if d.Name != "" {
		comment += " of " + d.Name
	}
	if len(w.notes) > 0 {
		comment += "\nnotes:\n" + strings.Join(w.notes, "\n")
	}
	if len(opts.Findings) > 0 {
		comment += "\nfindings:\n" + strings.Join(opts.Findings, "\n")
	}
	cfg.set("//", comment) // the one comment key Terraform JSON has
	cfg.set("terraform", obj("required_providers", obj("aws", obj("source", "hashicorp/aws", "version", TerraformProviderConstraint))))
	cfg.set("provider", obj("aws", w.provs))
	if w.vars.len() > 0 {
		cfg.set("variable", w.vars)
	}
	if w.data.len() > 0 {
		cfg.set("data", w.data)
	}
	cfg.set("resource", w.res)
	return &Output{Files: []File{{Path: "main.tf.json", Data: encodeTerraform(cfg, 1<<16)}}, Notes: w.notes}, nil
}

// expr is a Terraform expression the export writes itself, as a "${...}"
// template: a reference, a variable, a function of them. Every other
// string of a configuration is text (the design's names, tags,
// descriptions), which the writer escapes so that Terraform reads it as
// written and evaluates nothing in it (tfText).
type expr string

// tfText returns the Terraform template whose value is s: "${" and "%{"
// escaped as "$${" and "%%{" (in JSON syntax every string a configuration
// holds, object keys included, is a template).
func tfText(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "${", "$${"), "%{", "%%{")
}

type tfWriter struct {
	d        *design.Design
	x        *index
	pl       *placer
	names    *namer
	varNames *namer
	vars     *object
	data     *object
	res      *object
	provs    []any
	aliases  map[place]string
	varOf    map[string]string
	notes    []string
}

func (w *tfWriter) note(format string, args ...any) {
	w.notes = append(w.notes, fmt.Sprintf(format, args...))
}

// varName makes a Terraform variable name: lower case letters, digits
// and underscores.
func varName(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			b.WriteRune(c)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
			b.WriteByte('_')
		}
	}
	out := strings.TrimSuffix(b.String(), "_")
	if out == "" || out[0] >= '0' && out[0] <= '9' {
		out = "v_" + out
	}
	return out
}

// providers declares the default provider (the design's account and
// region) and an alias for every other place.
func (w *tfWriter) providers() {
	home := w.pl.home()
	for _, at := range append([]place{home}, w.pl.places()...) {
		if _, done := w.aliases[at]; done {
			continue
		}
		p := newObject()
		alias := ""
		if at != home {
			alias = varName(at.file())
			p.set("alias", alias)
		}
		w.aliases[at] = alias
		if at.region != "" {
			p.set("region", at.region)
		} else {
			p.set("region", w.variable("region", "region", "region to deploy to (the design names none)", nil))
		}
		if at.account != "" && at.account != home.account {
			p.set("assume_role", obj("role_arn", w.variable("role "+at.account, "role_arn_"+at.account,
				"ARN of the role to assume in account "+at.account, nil)))
		}
		w.provs = append(w.provs, p)
	}
}

// variable returns a reference to the variable that stands for key,
// declaring it on first use.
func (w *tfWriter) variable(key, name, desc string, def any) expr {
	return w.typedVariable(key, name, "string", desc, def)
}

// typedVariable is variable with a Terraform type other than string.
func (w *tfWriter) typedVariable(key, name, typ, desc string, def any) expr {
	if v, ok := w.varOf[key]; ok {
		return expr("${var." + v + "}")
	}
	v := w.varNames.fresh(varName(name))
	w.varOf[key] = v
	w.vars.set(v, obj("type", typ, "description", desc, "default", def))
	return expr("${var." + v + "}")
}

// add writes a resource of type typ named for design ID id (or a name
// the export makes), in the provider of the place of at.
func (w *tfWriter) add(typ, name, at string, body *object) {
	if alias := w.aliases[w.pl.of(at)]; alias != "" {
		body.set("provider", "aws."+alias)
	}
	w.res.child(typ).set(name, body)
}

func (w *tfWriter) sub(owner, suffix string) string {
	return w.names.fresh(w.names.name(owner) + "_" + suffix)
}

// str returns a value as written, or a variable when unknown.
func (w *tfWriter) str(s, owner, field string) any {
	switch {
	case s == "":
		return nil
	case design.IsUnknown(s):
		return w.variable(s, owner+"_"+field, fmt.Sprintf("%s of %s: unknown in the design (%s)", field, owner, design.UnknownReason(s)), nil)
	}
	return s
}

// tfTypes names the Terraform type of each kind, and the attribute that
// gives the ID other resources use.
var tfTypes = map[design.Kind][2]string{
	design.KindVPC:                       {"aws_vpc", "id"},
	design.KindSubnet:                    {"aws_subnet", "id"},
	design.KindRouteTable:                {"aws_route_table", "id"},
	design.KindNetworkACL:                {"aws_network_acl", "id"},
	design.KindSecurityGroup:             {"aws_security_group", "id"},
	design.KindPrefixList:                {"aws_ec2_managed_prefix_list", "id"},
	design.KindInternetGateway:           {"aws_internet_gateway", "id"},
	design.KindEgressOnlyInternetGateway: {"aws_egress_only_internet_gateway", "id"},
	design.KindNATGateway:                {"aws_nat_gateway", "id"},
	design.KindElasticIP:                 {"aws_eip", "allocation_id"},
	design.KindVPCEndpoint:               {"aws_vpc_endpoint", "id"},
	design.KindEndpointService:           {"aws_vpc_endpoint_service", "id"},
	design.KindPeeringConnection:         {"aws_vpc_peering_connection", "id"},
	design.KindTransitGateway:            {"aws_ec2_transit_gateway", "id"},
	design.KindTransitGatewayAttachment:  {"aws_ec2_transit_gateway_vpc_attachment", "id"},
	design.KindTransitGatewayRouteTable:  {"aws_ec2_transit_gateway_route_table", "id"},
	design.KindLatticeServiceNetwork:     {"aws_vpclattice_service_network", "id"},
	design.KindLatticeAssociation:        {"aws_vpclattice_service_network_vpc_association", "id"},
	design.KindFlowLog:                   {"aws_flow_log", "id"},
}

// addr returns the address of a resource: type.name.
func (w *tfWriter) addr(r design.Resource) (typ, name string) {
	name = w.names.name(r.ResourceID())
	switch x := r.(type) {
	case *design.RouteTable:
		if x.Main {
			return "aws_default_route_table", name
		}
	case *design.NetworkACL:
		if x.Default {
			return "aws_default_network_acl", name
		}
	case *design.SecurityGroup:
		if isDefaultGroup(x) && w.d.VPCs[x.VPC] != nil {
			return "aws_default_security_group", name
		}
	case *design.Workload:
		return workloadType(x), name
	}
	return tfTypes[r.Kind()][0], name
}

func workloadType(x *design.Workload) string {
	switch x.Type {
	case design.WorkloadInstance:
		return "aws_instance"
	case design.WorkloadENI:
		return "aws_network_interface"
	case design.WorkloadRDS:
		return "aws_db_instance"
	case design.WorkloadLambda:
		return "aws_lambda_function"
	}
	return "aws_lb"
}

// ref returns an expression for the ID (or attr) of design resource id,
// or a variable when the ID is unknown.
func (w *tfWriter) ref(id, owner, field string) any {
	if id == "" || design.IsUnknown(id) {
		return w.str(id, owner, field)
	}
	r, ok := w.x.lookup(id)
	if !ok {
		return w.variable("missing "+id, owner+"_"+field, fmt.Sprintf("%s of %s: %s is not in the design", field, owner, id), nil)
	}
	typ, name := w.addr(r)
	attr := "id"
	switch x := r.(type) {
	case *design.ElasticIP:
		attr = "allocation_id"
	case *design.Workload:
		if x.Type == design.WorkloadALB || x.Type == design.WorkloadNLB || x.Type == design.WorkloadGWLB {
			attr = "arn"
		}
	case *design.LatticeServiceNetwork:
		attr = "id"
	}
	return expr("${" + typ + "." + name + "." + attr + "}")
}

func (w *tfWriter) refs(ids []string, owner, field string) any {
	if len(ids) == 0 {
		return nil
	}
	if len(ids) == 1 && design.IsUnknown(ids[0]) {
		// One unknown value may stand for a whole list (a list parameter,
		// an imported list): a list(string) variable takes one ID or several.
		return w.typedVariable("list "+ids[0], owner+"_"+field, "list(string)",
			fmt.Sprintf("%s of %s: unknown in the design (%s); one ID or several", field, owner, design.UnknownReason(ids[0])), nil)
	}
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = w.ref(id, owner, field)
	}
	return out
}

// eniOf returns an expression for the network interface of a workload a
// route or flow log names: an ENI's ID, an instance's primary interface.
func (w *tfWriter) eniOf(id, owner, field string) any {
	if wl := w.d.Workloads[id]; wl != nil && wl.Type == design.WorkloadInstance {
		return expr("${aws_instance." + w.names.name(id) + ".primary_network_interface_id}")
	}
	return w.ref(id, owner, field)
}

func (w *tfWriter) tags(b design.Base) *object {
	if len(b.Tags) == 0 {
		return nil
	}
	t := newObject()
	for _, k := range design.SortedIDs(b.Tags) {
		t.set(k, w.str(b.Tags[k], b.ID, "tag_"+k))
	}
	return t
}

func (w *tfWriter) write() {
	d := w.d
	for _, id := range w.x.ids[design.KindVPC] {
		w.vpc(d.VPCs[id])
	}
	for _, id := range w.x.ids[design.KindSubnet] {
		w.subnet(d.Subnets[id])
	}
	for _, id := range w.x.ids[design.KindRouteTable] {
		w.routeTable(d.RouteTables[id])
	}
	for _, id := range w.x.ids[design.KindNetworkACL] {
		w.networkACL(d.NetworkACLs[id])
	}
	for _, id := range w.x.ids[design.KindSecurityGroup] {
		w.securityGroup(d.SecurityGroups[id])
	}
	for _, id := range w.x.ids[design.KindPrefixList] {
		pl := d.PrefixLists[id]
		family := "IPv4"
		var entries []any
		for _, e := range pl.Entries {
			if isIPv6(e) {
				family = "IPv6"
			}
			entries = append(entries, obj("cidr", w.str(e, id, "entry")))
		}
		name := pl.Name
		if name == "" {
			name = id
		}
		w.add("aws_ec2_managed_prefix_list", w.names.name(id), id, obj("name", w.str(name, id, "name"), "address_family", family,
			"max_entries", max(1, len(pl.Entries)), "entry", entries, "tags", w.tags(pl.Base)))
	}
	for _, id := range w.x.ids[design.KindInternetGateway] {
		g := d.InternetGateways[id]
		w.add("aws_internet_gateway", w.names.name(id), id, obj("tags", w.tags(g.Base)))
		if g.VPC != "" {
			w.add("aws_internet_gateway_attachment", w.names.name(id), id, obj("internet_gateway_id", w.ref(id, id, "id"), "vpc_id", w.ref(g.VPC, id, "vpc_id")))
		}
	}
	for _, id := range w.x.ids[design.KindEgressOnlyInternetGateway] {
		g := d.EgressOnlyInternetGateways[id]
		w.add("aws_egress_only_internet_gateway", w.names.name(id), id, obj("vpc_id", w.ref(g.VPC, id, "vpc_id"), "tags", w.tags(g.Base)))
	}
	for _, id := range w.x.ids[design.KindElasticIP] {
		w.elasticIP(d.ElasticIPs[id])
	}
	for _, id := range w.x.ids[design.KindNATGateway] {
		n := d.NATGateways[id]
		body := obj("subnet_id", w.ref(n.Subnet, id, "subnet_id"), "connectivity_type", string(n.Connectivity))
		if n.Connectivity != design.ConnectivityPrivate {
			body.set("allocation_id", w.ref(n.EIP, id, "allocation_id"))
			if s := d.Subnets[n.Subnet]; s != nil {
				body.set("depends_on", w.igwAttachment(s.VPC))
			}
		}
		body.set("private_ip", w.str(n.PrivateIP, id, "private_ip"))
		body.set("tags", w.tags(n.Base))
		w.add("aws_nat_gateway", w.names.name(id), id, body)
	}
	for _, id := range w.x.ids[design.KindVPCEndpoint] {
		w.endpoint(d.VPCEndpoints[id])
	}
	for _, id := range w.x.ids[design.KindEndpointService] {
		s := d.EndpointServices[id]
		nlbs, gwlbs := loadBalancersByType(d, s.LoadBalancers)
		w.add("aws_vpc_endpoint_service", w.names.name(id), id, obj("acceptance_required", s.AcceptanceRequired,
			"network_load_balancer_arns", w.refs(nlbs, id, "network_load_balancer_arns"),
			"gateway_load_balancer_arns", w.refs(gwlbs, id, "gateway_load_balancer_arns"), "tags", w.tags(s.Base)))
	}
	for _, id := range w.x.ids[design.KindPeeringConnection] {
		w.peering(d.PeeringConnections[id])
	}
	for _, id := range w.x.ids[design.KindTransitGateway] {
		t := d.TransitGateways[id]
		body := newObject()
		if t.ASN != 0 {
			body.set("amazon_side_asn", t.ASN)
		}
		body.set("default_route_table_association", enable(t.DefaultRouteTableAssociation))
		body.set("default_route_table_propagation", enable(t.DefaultRouteTablePropagation))
		if t.SecurityGroupReferencing {
			body.set("security_group_referencing_support", "enable")
		}
		body.set("tags", w.tags(t.Base))
		w.add("aws_ec2_transit_gateway", w.names.name(id), id, body)
	}
	for _, id := range w.x.ids[design.KindTransitGatewayAttachment] {
		w.tgwAttachment(d.TransitGatewayAttachments[id])
	}
	for _, id := range w.x.ids[design.KindTransitGatewayRouteTable] {
		w.tgwRouteTable(d.TransitGatewayRouteTables[id])
	}
	for _, id := range w.x.ids[design.KindLatticeServiceNetwork] {
		n := d.LatticeServiceNetworks[id]
		w.add("aws_vpclattice_service_network", w.names.name(id), id, obj("name", latticeName(id),
			"auth_type", w.str(n.AuthType, id, "auth_type"), "tags", w.tags(n.Base)))
	}
	for _, id := range w.x.ids[design.KindLatticeAssociation] {
		a := d.LatticeAssociations[id]
		w.add("aws_vpclattice_service_network_vpc_association", w.names.name(id), id, obj(
			"service_network_identifier", w.ref(a.ServiceNetwork, id, "service_network_identifier"),
			"vpc_identifier", w.ref(a.VPC, id, "vpc_identifier"),
			"security_group_ids", w.refs(a.SecurityGroups, id, "security_group_ids"), "tags", w.tags(a.Base)))
	}
	for _, id := range w.x.ids[design.KindFlowLog] {
		w.flowLog(d.FlowLogs[id])
	}
	for _, id := range w.x.ids[design.KindWorkload] {
		w.workload(d.Workloads[id])
	}
	if len(d.Opaque) > 0 {
		byType := map[string]int{}
		for _, o := range d.Opaque {
			byType[o.Type]++
		}
		for t, n := range byType {
			w.note("not exported: %d resources of CloudFormation type %s, which the design keeps as opaque", n, t)
		}
	}
}

// latticeName makes a service network name: 3-63 lower-case letters,
// digits and hyphens.
func latticeName(id string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(id) {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			b.WriteRune(c)
		} else {
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), "-")
	for len(s) < 3 {
		s += "-sn"
	}
	if strings.HasPrefix(s, "servicenetwork-") {
		s = "sn-" + s
	}
	return s[:min(len(s), 63)]
}

func (w *tfWriter) vpc(v *design.VPC) {
	id := v.ID
	body := obj("cidr_block", w.str(v.CIDR, id, "cidr_block"))
	if v.DNSSupport != nil {
		body.set("enable_dns_support", *v.DNSSupport)
	}
	if v.DNSHostnames != nil {
		body.set("enable_dns_hostnames", *v.DNSHostnames)
	}
	if len(v.IPv6CIDRs) > 0 {
		body.set("assign_generated_ipv6_cidr_block", true)
		if !design.IsUnknown(v.IPv6CIDRs[0]) {
			w.note("vpc %s: its IPv6 block %s is Amazon-provided on deployment; subnets keep their place in it", id, v.IPv6CIDRs[0])
		}
		if len(v.IPv6CIDRs) > 1 {
			w.note("vpc %s: only the first IPv6 block is exported (AWS provides it)", id)
		}
	}
	body.set("tags", w.tags(v.Base))
	w.add("aws_vpc", w.names.name(id), id, body)
	for i, c := range v.SecondaryCIDRs {
		name := w.sub(id, "cidr"+strconv.Itoa(i+2))
		w.names.of["cidr "+id+strconv.Itoa(i)] = name
		w.add("aws_vpc_ipv4_cidr_block_association", name, id, obj("vpc_id", w.ref(id, id, "id"), "cidr_block", w.str(c, id, "secondary_cidr")))
	}
}

func (w *tfWriter) subnet(s *design.Subnet) {
	id := s.ID
	body := newObject()
	if s.Tier != "" {
		body.set("//", "tier: "+s.Tier)
	}
	body.set("vpc_id", w.ref(s.VPC, id, "vpc_id"))
	if zoneID(s.AZ) {
		body.set("availability_zone_id", s.AZ)
	} else if design.IsUnknown(s.AZ) {
		// One variable per VPC and unknown zone, as in CloudFormation.
		body.set("availability_zone", w.variable("az "+s.VPC+" "+s.AZ, s.VPC+"_availability_zone",
			fmt.Sprintf("availability_zone of the subnets of %s: unknown in the design (%s)", s.VPC, design.UnknownReason(s.AZ)), nil))
	} else {
		body.set("availability_zone", s.AZ)
	}
	body.set("cidr_block", w.str(s.CIDR, id, "cidr_block"))
	if s.IPv6CIDR != "" {
		body.set("ipv6_cidr_block", w.subnetIPv6(s))
	}
	if s.CIDR == "" {
		body.set("ipv6_native", true)
	}
	if s.MapPublicIP {
		body.set("map_public_ip_on_launch", true)
	}
	body.set("tags", w.tags(s.Base))
	body.set("depends_on", strList(w.secondaryOf(s)))
	w.add("aws_subnet", w.names.name(id), id, body)
}

// secondaryOf returns the address of the secondary block association a
// subnet's block lies in, if any: the subnet waits for it.
func (w *tfWriter) secondaryOf(s *design.Subnet) []string {
	v := w.d.VPCs[s.VPC]
	sp, err := netip.ParsePrefix(s.CIDR)
	if v == nil || err != nil {
		return nil
	}
	for i, c := range v.SecondaryCIDRs {
		if vp, err := netip.ParsePrefix(c); err == nil && vp.Contains(sp.Addr()) {
			return []string{"aws_vpc_ipv4_cidr_block_association." + w.names.of["cidr "+v.ID+strconv.Itoa(i)]}
		}
	}
	return nil
}

func (w *tfWriter) subnetIPv6(s *design.Subnet) any {
	v := w.d.VPCs[s.VPC]
	if v == nil || len(v.IPv6CIDRs) == 0 {
		return w.str(s.IPv6CIDR, s.ID, "ipv6_cidr_block")
	}
	index, newBits, ok := ipv6Position(v, s)
	if !ok {
		return w.str(s.IPv6CIDR, s.ID, "ipv6_cidr_block")
	}
	return expr(fmt.Sprintf("${cidrsubnet(aws_vpc.%s.ipv6_cidr_block, %d, %d)}", w.names.name(v.ID), newBits, index))
}

func (w *tfWriter) routeTable(rt *design.RouteTable) {
	id := rt.ID
	typ, name := w.addr(rt)
	if rt.Main {
		w.add(typ, name, id, obj("default_route_table_id", expr("${aws_vpc."+w.names.name(rt.VPC)+".default_route_table_id}"), "tags", w.tags(rt.Base)))
	} else {
		w.add(typ, name, id, obj("vpc_id", w.ref(rt.VPC, id, "vpc_id"), "tags", w.tags(rt.Base)))
	}
	self := expr("${" + typ + "." + name + ".id}")
	for i, r := range rt.Routes {
		if r.Target.Type == design.TargetBlackhole {
			w.note("route table %s: the blackhole route to %s is not exported (a configuration cannot create one)", id, r.Dest())
			continue
		}
		body := obj("route_table_id", self)
		switch {
		case r.PrefixList != "":
			body.set("destination_prefix_list_id", w.prefixList(r.PrefixList, id))
		case isIPv6(r.Destination):
			body.set("destination_ipv6_cidr_block", r.Destination)
		default:
			body.set("destination_cidr_block", w.str(r.Destination, id, "route"+strconv.Itoa(i+1)+"_destination"))
		}
		w.routeTarget(body, rt, r.Target)
		w.add("aws_route", w.sub(id, "route"+strconv.Itoa(i+1)), id, body)
	}
	for _, s := range rt.Subnets {
		w.add("aws_route_table_association", w.sub(s, "route_table"), id, obj("subnet_id", w.ref(s, id, "subnet_id"), "route_table_id", self))
	}
	for _, g := range rt.Gateways {
		w.add("aws_route_table_association", w.sub(g, "route_table"), id, obj("gateway_id", w.ref(g, id, "gateway_id"), "route_table_id", self))
	}
}

func (w *tfWriter) routeTarget(body *object, rt *design.RouteTable, t design.Target) {
	var deps []string
	switch t.Type {
	case design.TargetLocal:
		body.set("gateway_id", "local")
	case design.TargetInternetGateway:
		body.set("gateway_id", w.ref(t.ID, rt.ID, "gateway_id"))
		if g := w.d.InternetGateways[t.ID]; g != nil && g.VPC != "" {
			deps = append(deps, "aws_internet_gateway_attachment."+w.names.name(t.ID))
		}
	case design.TargetEgressOnlyInternetGateway:
		body.set("egress_only_gateway_id", w.ref(t.ID, rt.ID, "egress_only_gateway_id"))
	case design.TargetNATGateway:
		body.set("nat_gateway_id", w.ref(t.ID, rt.ID, "nat_gateway_id"))
	case design.TargetPeeringConnection:
		body.set("vpc_peering_connection_id", w.ref(t.ID, rt.ID, "vpc_peering_connection_id"))
	case design.TargetTransitGateway:
		body.set("transit_gateway_id", w.ref(t.ID, rt.ID, "transit_gateway_id"))
		for _, aid := range w.x.AttachmentsBetween(t.ID, rt.VPC) {
			deps = append(deps, "aws_ec2_transit_gateway_vpc_attachment."+w.names.name(aid))
		}
	case design.TargetVPCEndpoint:
		body.set("vpc_endpoint_id", w.ref(t.ID, rt.ID, "vpc_endpoint_id"))
	case design.TargetNetworkInterface:
		body.set("network_interface_id", w.eniOf(t.ID, rt.ID, "network_interface_id"))
	}
	if len(deps) > 0 {
		body.set("depends_on", strList(deps))
	}
}

// igwAttachment returns the address of the attachment of VPC vpc's
// internet gateway, as a depends_on list, or nil.
func (w *tfWriter) igwAttachment(vpc string) []any {
	if id := w.x.igw(vpc); id != "" {
		return []any{"aws_internet_gateway_attachment." + w.names.name(id)}
	}
	return nil
}

// internetDeps returns the internet gateway attachments workload wl waits
// for, as a depends_on list, or nil.
func (w *tfWriter) internetDeps(wl *design.Workload) []any {
	var deps []any
	for _, vpc := range internetVPCs(w.d, wl) {
		deps = append(deps, w.igwAttachment(vpc)...)
	}
	return deps
}

// prefixList returns a prefix list ID: a design prefix list, an AWS
// prefix-list ID as written, an AWS-managed list looked up by name.
func (w *tfWriter) prefixList(pl, owner string) any {
	if _, ok := w.d.PrefixLists[pl]; ok {
		return w.ref(pl, owner, "prefix_list_id")
	}
	if managedName(pl) {
		name := w.names.of["data "+pl]
		if name == "" {
			name = w.names.fresh(tfName(strings.TrimPrefix(pl, "com.amazonaws.")))
			w.names.of["data "+pl] = name
			w.data.child("aws_ec2_managed_prefix_list").set(name, obj("name", pl))
		}
		return expr("${data.aws_ec2_managed_prefix_list." + name + ".id}")
	}
	return w.str(pl, owner, "prefix_list_id")
}

func (w *tfWriter) networkACL(n *design.NetworkACL) {
	id := n.ID
	typ, name := w.addr(n)
	if n.Default {
		body := obj("default_network_acl_id", expr("${aws_vpc."+w.names.name(n.VPC)+".default_network_acl_id}"))
		for _, dir := range []struct {
			key     string
			entries []design.NACLEntry
		}{{"ingress", n.Inbound}, {"egress", n.Outbound}} {
			var blocks []any
			for _, e := range dir.entries {
				b := obj("rule_no", e.Number, "action", string(e.Action), "protocol", strconv.Itoa(e.Protocol.Number()))
				w.naclFields(b, e, id)
				blocks = append(blocks, b)
			}
			body.set(dir.key, blocks)
		}
		body.set("tags", w.tags(n.Base))
		w.add(typ, name, id, body)
	} else {
		w.add(typ, name, id, obj("vpc_id", w.ref(n.VPC, id, "vpc_id"), "tags", w.tags(n.Base)))
		for _, dir := range []struct {
			name    string
			egress  bool
			entries []design.NACLEntry
		}{{"in", false, n.Inbound}, {"out", true, n.Outbound}} {
			for _, e := range dir.entries {
				b := obj("network_acl_id", expr("${"+typ+"."+name+".id}"), "rule_number", e.Number, "egress", dir.egress,
					"protocol", strconv.Itoa(e.Protocol.Number()), "rule_action", string(e.Action))
				w.naclFields(b, e, id)
				w.add("aws_network_acl_rule", w.sub(id, dir.name+strconv.Itoa(e.Number)), id, b)
			}
		}
	}
	for _, s := range n.Subnets {
		if n.Default {
			continue // a subnet no other ACL lists uses the default one
		}
		w.add("aws_network_acl_association", w.sub(s, "network_acl"), id, obj("network_acl_id", expr("${"+typ+"."+name+".id}"), "subnet_id", w.ref(s, id, "subnet_id")))
	}
}

func (w *tfWriter) naclFields(b *object, e design.NACLEntry, id string) {
	if isIPv6(e.CIDR) {
		b.set("ipv6_cidr_block", e.CIDR)
	} else {
		b.set("cidr_block", w.str(e.CIDR, id, "entry_cidr"))
	}
	from, to, ok := ruleRange(e.Protocol, e.Ports, e.ICMP)
	switch {
	case ok && e.Protocol.HasPorts():
		b.set("from_port", from)
		b.set("to_port", to)
	case ok:
		b.set("icmp_type", from)
		b.set("icmp_code", to)
	default:
		if b.get("rule_no") != nil {
			b.set("from_port", 0)
			b.set("to_port", 0)
		}
	}
}

func (w *tfWriter) securityGroup(g *design.SecurityGroup) {
	id := g.ID
	typ, name := w.addr(g)
	if typ == "aws_default_security_group" {
		w.add(typ, name, id, obj("vpc_id", w.ref(g.VPC, id, "vpc_id"), "tags", w.tags(g.Base)))
	} else {
		body := newObject()
		if !strings.HasPrefix(id, "sg-") {
			body.set("name", id)
		}
		desc := g.Description
		if desc == "" {
			desc = id
		}
		body.set("description", w.str(desc, id, "description"))
		body.set("vpc_id", w.ref(g.VPC, id, "vpc_id"))
		body.set("tags", w.tags(g.Base))
		w.add(typ, name, id, body)
	}
	self := expr("${" + typ + "." + name + ".id}")
	for i, r := range g.Ingress {
		w.add("aws_vpc_security_group_ingress_rule", w.sub(id, "in"+strconv.Itoa(i+1)), id, w.sgRule(self, r, id))
	}
	for i, r := range g.Egress {
		w.add("aws_vpc_security_group_egress_rule", w.sub(id, "out"+strconv.Itoa(i+1)), id, w.sgRule(self, r, id))
	}
}

func (w *tfWriter) sgRule(group expr, r design.SGRule, id string) *object {
	b := obj("security_group_id", group, "ip_protocol", sgProtocol(r.Protocol))
	if from, to, ok := ruleRange(r.Protocol, r.Ports, r.ICMP); ok {
		b.set("from_port", from)
		b.set("to_port", to)
	}
	switch {
	case isIPv6(r.CIDR):
		b.set("cidr_ipv6", r.CIDR)
	case r.CIDR != "":
		b.set("cidr_ipv4", w.str(r.CIDR, id, "rule_cidr"))
	case r.PrefixList != "":
		b.set("prefix_list_id", w.prefixList(r.PrefixList, id))
	case r.Group != "":
		b.set("referenced_security_group_id", w.ref(r.Group, id, "referenced_security_group_id"))
	}
	if r.Description != "" {
		b.set("description", r.Description)
	}
	return b
}

func (w *tfWriter) elasticIP(e *design.ElasticIP) {
	id := e.ID
	body := newObject()
	if e.Address != "" && !design.IsUnknown(e.Address) {
		body.set("//", "the design's address is "+e.Address+"; AWS allocates one")
		w.note("elastic IP %s: AWS allocates the address; the design's %s is in a comment only", id, e.Address)
	}
	body.set("domain", "vpc")
	body.set("tags", w.tags(e.Base))
	if vpc := w.x.eipVPC(e); vpc != "" {
		body.set("depends_on", w.igwAttachment(vpc))
	}
	w.add("aws_eip", w.names.name(id), id, body)
	if e.Workload == "" {
		return
	}
	a := obj("allocation_id", expr("${aws_eip."+w.names.name(id)+".allocation_id}"))
	if wl := w.d.Workloads[e.Workload]; wl != nil && wl.Type == design.WorkloadENI {
		a.set("network_interface_id", w.ref(e.Workload, id, "network_interface_id"))
	} else {
		a.set("instance_id", w.ref(e.Workload, id, "instance_id"))
	}
	w.add("aws_eip_association", w.names.name(id), id, a)
}

func (w *tfWriter) endpoint(e *design.VPCEndpoint) {
	id := e.ID
	body := obj("vpc_id", w.ref(e.VPC, id, "vpc_id"))
	if e.EndpointService != "" {
		body.set("service_name", expr("${aws_vpc_endpoint_service."+w.names.name(e.EndpointService)+".service_name}"))
	} else {
		body.set("service_name", w.str(e.Service, id, "service_name"))
	}
	body.set("vpc_endpoint_type", map[design.EndpointType]string{
		design.EndpointGateway: "Gateway", design.EndpointInterface: "Interface", design.EndpointGatewayLoadBalancer: "GatewayLoadBalancer"}[e.Type])
	switch e.Type {
	case design.EndpointGateway:
		body.set("route_table_ids", w.refs(e.RouteTables, id, "route_table_ids"))
	case design.EndpointInterface:
		body.set("subnet_ids", w.refs(e.Subnets, id, "subnet_ids"))
		body.set("security_group_ids", w.refs(e.SecurityGroups, id, "security_group_ids"))
		body.set("private_dns_enabled", e.PrivateDNS)
	case design.EndpointGatewayLoadBalancer:
		body.set("subnet_ids", w.refs(e.Subnets, id, "subnet_ids"))
	}
	body.set("tags", w.tags(e.Base))
	w.add("aws_vpc_endpoint", w.names.name(id), id, body)
}

func (w *tfWriter) peering(pc *design.PeeringConnection) {
	id := pc.ID
	body := obj("vpc_id", w.ref(pc.Requester, id, "vpc_id"), "peer_vpc_id", w.ref(pc.Accepter, id, "peer_vpc_id"))
	req, acc := w.d.VPCs[pc.Requester], w.d.VPCs[pc.Accepter]
	same := true
	if req != nil && acc != nil {
		if ra, aa := w.d.AccountOf(req), w.d.AccountOf(acc); aa != ra {
			body.set("peer_owner_id", aa)
			same = false
		}
		if rr, ar := w.d.RegionOf(req), w.d.RegionOf(acc); ar != rr {
			body.set("peer_region", ar)
			same = false
		}
	} else {
		same = false
		w.note("peering %s: the accepter %s is outside the design; it must accept the request", id, pc.Accepter)
	}
	if same {
		body.set("auto_accept", true)
	}
	body.set("tags", w.tags(pc.Base))
	w.add("aws_vpc_peering_connection", w.names.name(id), id, body)
	if !same && acc != nil {
		a := obj("vpc_peering_connection_id", expr("${aws_vpc_peering_connection."+w.names.name(id)+".id}"), "auto_accept", true, "tags", w.tags(pc.Base))
		w.add("aws_vpc_peering_connection_accepter", w.names.name(id), acc.ID, a)
	}
}

func (w *tfWriter) tgwAttachment(a *design.TransitGatewayAttachment) {
	id := a.ID
	body := obj("transit_gateway_id", w.ref(a.TransitGateway, id, "transit_gateway_id"), "vpc_id", w.ref(a.VPC, id, "vpc_id"),
		"subnet_ids", w.refs(a.Subnets, id, "subnet_ids"))
	if a.ApplianceMode {
		body.set("appliance_mode_support", "enable")
	}
	if v := sgReferencingOption(w.d, a); v != "" {
		body.set("security_group_referencing_support", v)
	}
	if w.x.assoc[id] {
		body.set("transit_gateway_default_route_table_association", false)
	}
	body.set("tags", w.tags(a.Base))
	w.add("aws_ec2_transit_gateway_vpc_attachment", w.names.name(id), id, body)
}

func (w *tfWriter) tgwRouteTable(t *design.TransitGatewayRouteTable) {
	id := t.ID
	name := w.names.name(id)
	w.add("aws_ec2_transit_gateway_route_table", name, id, obj("transit_gateway_id", w.ref(t.TransitGateway, id, "transit_gateway_id"), "tags", w.tags(t.Base)))
	self := expr("${aws_ec2_transit_gateway_route_table." + name + ".id}")
	for _, a := range t.Associations {
		w.add("aws_ec2_transit_gateway_route_table_association", w.sub(id, "assoc_"+w.names.name(a)), id, obj(
			"transit_gateway_attachment_id", w.ref(a, id, "transit_gateway_attachment_id"), "transit_gateway_route_table_id", self))
	}
	for _, a := range t.Propagations {
		w.add("aws_ec2_transit_gateway_route_table_propagation", w.sub(id, "prop_"+w.names.name(a)), id, obj(
			"transit_gateway_attachment_id", w.ref(a, id, "transit_gateway_attachment_id"), "transit_gateway_route_table_id", self))
	}
	for i, r := range t.Routes {
		body := obj("destination_cidr_block", w.str(r.Destination, id, "route"+strconv.Itoa(i+1)+"_destination"), "transit_gateway_route_table_id", self)
		if r.Blackhole {
			body.set("blackhole", true)
		} else {
			body.set("transit_gateway_attachment_id", w.ref(r.Attachment, id, "transit_gateway_attachment_id"))
		}
		w.add("aws_ec2_transit_gateway_route", w.sub(id, "route"+strconv.Itoa(i+1)), id, body)
	}
}

func (w *tfWriter) flowLog(f *design.FlowLog) {
	id := f.ID
	body := newObject()
	switch {
	case w.d.Subnets[f.Resource] != nil:
		body.set("subnet_id", w.ref(f.Resource, id, "subnet_id"))
	case w.d.Workloads[f.Resource] != nil:
		body.set("eni_id", w.eniOf(f.Resource, id, "eni_id"))
	default:
		body.set("vpc_id", w.ref(f.Resource, id, "vpc_id"))
	}
	traffic := f.TrafficType
	if traffic == "" {
		traffic = "ALL"
	}
	dest := f.Destination
	if dest == "" {
		dest = "cloud-watch-logs"
	}
	body.set("traffic_type", traffic)
	body.set("log_destination_type", dest)
	arn := f.DestinationARN
	if arn == "" {
		arn = design.Unknown("destination of flow log " + id)
	}
	body.set("log_destination", w.str(arn, id, "log_destination"))
	if dest == "cloud-watch-logs" {
		body.set("iam_role_arn", w.variable("flow logs role", "flow_logs_role_arn", "ARN of the IAM role that lets VPC Flow Logs publish to CloudWatch Logs", nil))
	}
	body.set("tags", w.tags(f.Base))
	w.add("aws_flow_log", w.names.name(id), id, body)
}
