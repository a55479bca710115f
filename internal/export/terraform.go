package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// TerraformProviderConstraint is the hashicorp/aws version constraint the
// configuration asks for; the tests check the output against the schema
// of provider 6.47.0.
const TerraformProviderConstraint = ">= 6.0, < 7.0"

// TerraformCoreConstraint is the Terraform version the configuration asks
// for: 1.5 and later read every argument and block the export writes.
const TerraformCoreConstraint = ">= 1.5.0"

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
		res: newObject(), varOf: map[string]string{}, refOf: make(map[string]any, len(x.byID)), aliases: map[place]string{}, varNames: newNamer(varName, 0)}
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
	cfg.set("terraform", obj("required_version", TerraformCoreConstraint,
		"required_providers", obj("aws", obj("source", "hashicorp/aws", "version", TerraformProviderConstraint))))
	cfg.set("provider", obj("aws", w.provs))
	if w.vars.len() > 0 {
		cfg.set("variable", w.vars)
	}
	if w.data.len() > 0 {
		cfg.set("data", w.data)
	}
	cfg.set("resource", w.res)
	if out := w.outputs(); out.len() > 0 {
		cfg.set("output", out)
	}
	if opts.HCL {
		files, err := terraformHCL(cfg)
		if err != nil {
			return nil, err
		}
		return &Output{Files: files, Notes: w.notes}, nil
	}
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
	if strings.IndexByte(s, '{') < 0 { // what nearly every string is: Contains's general search costs more
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
	refOf    map[string]any // design ID -> the expression of its ID, once made
	lastTyp  string         // the type of lastType
	lastType *object        // the object of the resources of the type last added to
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
		p.set("default_tags", defaultTags())
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
// the export makes), in the provider of the place of at. The namer hands
// out each name once, so the resource is pushed to its type's object
// without searching it (nor indexing its thousands of names).
func (w *tfWriter) add(typ, name, at string, body *object) {
	if alias := w.aliasOf(at); alias != "" {
		withProvider(body, alias)
	}
	w.typeObject(typ).push(name, body)
}

// typeObject returns the object of the resources of type typ, kept from
// the last call since a writer adds runs of one type (the rules of a
// group, the entries of an ACL).
func (w *tfWriter) typeObject(typ string) *object {
	if w.lastType == nil || w.lastTyp != typ {
		w.lastTyp, w.lastType = typ, w.res.child(typ)
	}
	return w.lastType
}

// aliasOf returns the alias of the provider of the place of design ID id,
// "" for the default provider, which is every resource's when there is
// no other.
func (w *tfWriter) aliasOf(id string) string {
	if len(w.aliases) < 2 {
		return ""
	}
	return w.aliases[w.pl.of(id)]
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
	if v, ok := w.refOf[id]; ok {
		return v
	}
	r, ok := w.x.lookup(id)
	if !ok {
		return w.variable("missing "+id, owner+"_"+field, fmt.Sprintf("%s of %s: %s is not in the design", field, owner, id), nil)
	}
	v := w.resourceRef(r)
	w.refOf[id] = v
	return v
}

// resourceRef returns the expression of the ID of design resource r,
// which is the same wherever the configuration uses it: made once and
// kept in refOf, as most resources are referred to many times.
func (w *tfWriter) resourceRef(r design.Resource) any {
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
	keys := taggedKeys(b)
	t := withRoom(len(keys))
	for _, k := range keys {
		v, ok := b.Tags[k]
		if !ok {
			v = b.ID // the Name taggedKeys adds
		}
		t.push(k, w.str(v, b.ID, "tag_"+k))
	}
	return t
}

func (w *tfWriter) write() {
	d := w.d
	for _, k := range terraformOrder {
		write := kindWriters[k].tf
		for _, id := range w.x.ids[k] {
			write(w, id)
			w.dependsOn(id)
		}
	}
	if len(d.Opaque) > 0 {
		byType := map[string]int{}
		for _, o := range d.Opaque {
			byType[o.Type]++
		}
		for t, n := range byType {
			// An import of Terraform keeps its types (aws_db_subnet_group).
			origin := "CloudFormation"
			if !strings.Contains(t, "::") {
				origin = "Terraform"
			}
			w.note("not exported: %d resources of %s type %s, which the design keeps as opaque", n, origin, t)
		}
	}
}

// dependsOn adds to the resource written for design resource id the
// addresses of what the design says it depends on (its depends_on), after
// those the writer chose. Opaque resources are not written, so not waited
// for.
func (w *tfWriter) dependsOn(id string) {
	deps := w.x.dependsOn[id]
	if len(deps) == 0 {
		return
	}
	r, _ := w.x.lookup(id)
	typ, name := w.addr(r)
	body, ok := w.res.child(typ).get(name).(*object)
	if !ok {
		return
	}
	addrs, _ := body.get("depends_on").([]any)
	for _, dep := range deps {
		if target, ok := w.x.lookup(dep); ok && target.Kind() != design.KindOpaque {
			t, n := w.addr(target)
			addrs = append(addrs, t+"."+n)
		}
	}
	body.set("depends_on", addrs)
}
