package tfimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/importer"
)

// Build works by translation: each Terraform resource becomes the
// CloudFormation resources that make the same thing, with its design ID in
// Metadata.vpcboard.id, and the CloudFormation importer maps them. The AWS
// resources are the same whichever tool made them, and the importer already
// knows what AWS adds (main route tables, default ACLs and groups, the
// default egress rule) and how each property maps onto the model; a second
// mapping would drift from it. What Terraform does differently from
// CloudFormation (aws_default_* resources taking over the implicit ones,
// main route table associations) is applied to the design afterwards.

// translator holds the template being written.
type translator struct {
	opts Options
	// ids maps the identifying values of the resources (id, arn, names)
	// to their design IDs, or to an unknown value for data sources.
	ids map[string]any
	// out is the template's resources, in order.
	out []cfnResource
	// address gives the Terraform address behind each logical ID, for
	// warnings.
	address map[string]string
	// source is the view each logical ID's properties were read from, so
	// that a message naming a property can name the attribute instead.
	source map[string]view
	// parts counts the parts emitted for each address; primary records
	// the addresses that have a design resource of their own.
	parts  map[string]int
	natENI map[string]bool // the network interfaces of NAT gateways
	// fromData marks the ids entries that come from data sources.
	fromData map[string]bool
	primary  map[string]bool
	// unknowns are the export names standing for unknown values.
	unknowns map[string]importer.Value
	warnings []string
	// post are the changes applied to the imported design.
	post []func(d *design.Design)
}

type cfnResource struct {
	logical, typ string
	props        map[string]any
	meta         map[string]string
}

func build(rs []Resource, opts Options) (*Result, error) {
	t := &translator{opts: opts, ids: map[string]any{}, address: map[string]string{}, source: map[string]view{}, parts: map[string]int{}, natENI: map[string]bool{}, fromData: map[string]bool{}, primary: map[string]bool{}, unknowns: map[string]importer.Value{}}
	rs = slices.Clone(rs)
	slices.SortStableFunc(rs, func(a, b Resource) int { return strings.Compare(a.Address, b.Address) })
	seen := map[string]string{}
	for i := range rs {
		r := &rs[i]
		if r.Mode == "" {
			r.Mode = "managed"
		}
		if r.Mode == "managed" {
			id := DesignID(r.Address)
			if !design.ValidID(id) {
				return nil, errorf(r.Address, "the address does not make a design ID (1-255 letters, digits, '.', '_', ':' or '-')")
			}
			if other, dup := seen[id]; dup {
				return nil, errorf(r.Address, "has the design ID %s of %s too", id, other)
			}
			seen[id] = r.Address
		}
		t.index(r)
	}
	for i := range rs {
		r := &rs[i]
		if r.Mode != "managed" {
			continue
		}
		m, ok := mappers[r.Type]
		if !ok {
			t.opaque(r)
			continue
		}
		m(t, t.view(r))
	}
	return t.run()
}

// index records the identifying values of r.
func (t *translator) index(r *Resource) {
	target := any(DesignID(r.Address))
	if r.Mode != "managed" {
		target = nil // set per value below
	}
	keys, ok := identifying[r.Type]
	if !ok {
		keys = []string{"id", "arn"}
	}
	for _, k := range keys {
		s, ok := r.Values[k].(string)
		if !ok || s == "" {
			continue
		}
		if r.Mode != "managed" {
			// A data source may read a resource of the state: the
			// resource's own ID wins.
			if _, managed := t.ids[s]; !managed {
				t.ids[s] = t.unknown(fmt.Sprintf("%s from %s", s, r.Address))
				t.fromData[s] = true
			}
			continue
		}
		if _, taken := t.ids[s]; taken && !t.fromData[s] {
			continue // the first resource with the ID keeps it
		}
		t.ids[s] = target
		delete(t.fromData, s)
	}
	if r.Mode != "managed" {
		return
	}
	// The attributes that name resources AWS made along with this one.
	switch r.Type {
	case "aws_vpc", "aws_default_vpc":
		id := DesignID(r.Address)
		for k, v := range map[string]string{
			"main_route_table_id":       design.MainRouteTableID(id),
			"default_route_table_id":    design.MainRouteTableID(id),
			"default_network_acl_id":    design.DefaultNetworkACLID(id),
			"default_security_group_id": design.DefaultSecurityGroupID(id),
		} {
			if s, ok := r.Values[k].(string); ok && s != "" {
				t.ids[s] = v
			}
		}
	case "aws_nat_gateway":
		if s, ok := r.Values["network_interface_id"].(string); ok && s != "" {
			t.natENI[s] = true
		}
	case "aws_instance":
		if s, ok := r.Values["primary_network_interface_id"].(string); ok && s != "" {
			t.ids[s] = DesignID(r.Address)
		}
	case "aws_networkfirewall_firewall":
		for _, st := range nested(r.Values, "firewall_status", "sync_states") {
			for _, a := range nested(st, "attachment") {
				if s, ok := a["endpoint_id"].(string); ok && s != "" {
					t.ids[s] = DesignID(r.Address)
				}
			}
		}
	}
}

// identifying lists, for the types that differ from id and arn, the
// attributes other resources name them by. Accepters, options and
// associations share the ID of what they accept or associate, and are
// not indexed.
var identifying = map[string][]string{
	"aws_eip":                                         {"id", "allocation_id", "arn"},
	"aws_db_subnet_group":                             {"id", "name", "arn"},
	"aws_default_route_table":                         {},
	"aws_default_network_acl":                         {},
	"aws_default_security_group":                      {},
	"aws_vpc_peering_connection_accepter":             {},
	"aws_vpc_peering_connection_options":              {},
	"aws_internet_gateway_attachment":                 {},
	"aws_main_route_table_association":                {},
	"aws_ec2_transit_gateway_vpc_attachment_accepter": {},
}

// nested follows lists of blocks (as a state holds them) down keys.
func nested(m map[string]any, keys ...string) []map[string]any {
	cur := []map[string]any{m}
	for _, k := range keys {
		var next []map[string]any
		for _, c := range cur {
			l, _ := c[k].([]any)
			for _, x := range l {
				if o, ok := x.(map[string]any); ok {
					next = append(next, o)
				}
			}
		}
		cur = next
	}
	return cur
}

// unknown returns a template value that evaluates to an unknown value with
// the reason given: an import of an export that the import options hold.
func (t *translator) unknown(reason string) any {
	name := "tfimport-" + strconv.Itoa(len(t.unknowns))
	t.unknowns[name] = importer.UnknownValue(reason)
	return map[string]any{"Fn::ImportValue": name}
}

// emit adds the CloudFormation resource that is r's design resource.
func (t *translator) emit(v view, typ string, props map[string]any) {
	t.primary[v.r.Address] = true
	t.add(v, typ, props, map[string]string{"id": DesignID(v.r.Address)})
}

// emitPart adds a CloudFormation resource that changes another (a route, a
// rule, an association). Its ID names it only if the importer has to keep
// it as an opaque resource: the address for the first part of a resource
// that is only parts (aws_route), else the address and ":N".
func (t *translator) emitPart(v view, typ string, props map[string]any) {
	a := v.r.Address
	id := DesignID(a)
	if n := t.parts[a]; n > 0 || t.primary[a] {
		id += ":" + strconv.Itoa(n+1)
	}
	t.parts[a]++
	t.add(v, typ, props, map[string]string{"id": id})
}

// readFrom records that the resource just added was read from the inline
// block b (a route of a table, a rule of an ACL), for messages to name its
// attributes (route.0.cidr_block). Its tags and ID stay the resource's.
func (t *translator) readFrom(b view) { t.source["Tf"+strconv.Itoa(len(t.out))] = b }

func (t *translator) add(v view, typ string, props map[string]any, meta map[string]string) {
	logical := "Tf" + strconv.Itoa(len(t.out)+1)
	t.address[logical] = v.r.Address
	t.source[logical] = v
	if tags := v.tags(); tags != nil && meta != nil && meta["id"] == DesignID(v.r.Address) {
		props["Tags"] = tags
	}
	t.out = append(t.out, cfnResource{logical: logical, typ: typ, props: props, meta: meta})
}

// opaque keeps a resource of a type the model has not, under its
// Terraform type.
func (t *translator) opaque(r *Resource) {
	props := map[string]any{}
	for k, v := range r.Values {
		if v != nil {
			props[k] = v
		}
	}
	t.add(view{t: t, r: r, m: r.Values}, r.Type, props, map[string]string{"id": DesignID(r.Address)})
}

// run imports the template and applies what CloudFormation has no words
// for.
func (t *translator) run() (*Result, error) {
	var buf bytes.Buffer
	buf.WriteString(`{"AWSTemplateFormatVersion":"2010-09-09","Resources":{`)
	for i, c := range t.out {
		if i > 0 {
			buf.WriteByte(',')
		}
		body := map[string]any{"Type": c.typ, "Properties": c.props}
		if c.meta != nil {
			body["Metadata"] = map[string]any{"vpcboard": c.meta}
		}
		raw, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.address[c.logical], err)
		}
		fmt.Fprintf(&buf, "%q:%s", c.logical, raw)
	}
	buf.WriteString("}}")
	region, account := t.opts.Region, t.opts.Account
	if region == "" {
		region = t.region()
	}
	if account == "" {
		account = importer.DefaultAccount
	}
	res, err := importer.Import(&buf, t.opts.Name, importer.Options{Region: region, Account: account, StackName: "terraform", Exports: t.unknowns})
	if err != nil {
		return nil, t.rename(err)
	}
	res.Design.Name = t.opts.Name
	res.Exports = nil
	for _, p := range t.post {
		p(res.Design)
	}
	dedupeRules(res.Design)
	ws := t.warnings
	for _, w := range res.Warnings {
		ws = append(ws, t.renameText(w))
	}
	slices.Sort(ws)
	res.Warnings = slices.Compact(ws)
	return res, nil
}

// logicalRE matches a logical ID in a message, with the property it names
// or the CloudFormation type the importer puts after it.
var logicalRE = regexp.MustCompile(`Resources\.(Tf[0-9]+)(\.Properties(\.[A-Za-z0-9]+)?| \(AWS::[A-Za-z0-9:]+\))?`)

// renameText turns the template's logical IDs in a message back into
// Terraform addresses, and a property into the attribute it was read from
// (Resources.Tf3.Properties.CidrBlock -> aws_vpc.this.cidr_block). The
// CloudFormation type after a logical ID is dropped: the address names
// the Terraform type, and the other would speak of a template the reader
// never wrote.
func (t *translator) renameText(s string) string {
	s = logicalRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := logicalRE.FindStringSubmatch(m)
		a, ok := t.address[sub[1]]
		if !ok {
			return m
		}
		if sub[3] == "" { // no property, or a type
			return a
		}
		return a + "." + t.attribute(sub[1], sub[3][1:])
	})
	return strings.ReplaceAll(s, "in the templates", "among the resources")
}

// attribute returns the attribute path behind a CloudFormation property
// of a logical ID: the property in snake case when the resource (or the
// block it was read from) has that attribute, else the property itself,
// as a name that is not the resource's would mislead.
func (t *translator) attribute(logical, property string) string {
	v, ok := t.source[logical]
	if !ok {
		return property
	}
	for _, name := range []string{snakeCase(property), attributeAliases[property]} {
		if _, has := v.m[name]; has && name != "" {
			return v.path + name
		}
	}
	return property
}

// attributeAliases are the attributes of inline blocks whose names are not
// their property's in snake case.
var attributeAliases = map[string]string{
	"RuleNumber":               "rule_no",         // network ACL ingress/egress
	"DestinationCidrBlock":     "cidr_block",      // route table route
	"DestinationIpv6CidrBlock": "ipv6_cidr_block", // route table route
}

// snakeCase turns a CloudFormation property name into Terraform's style:
// MapPublicIpOnLaunch -> map_public_ip_on_launch, Ipv6CidrBlock ->
// ipv6_cidr_block.
func snakeCase(s string) string {
	var sb strings.Builder
	for i, c := range s {
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				sb.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		sb.WriteRune(c)
	}
	return sb.String()
}

// rename words an importer error for Terraform input. The caller names the
// file, as it does for every other error of Build.
func (t *translator) rename(err error) error {
	if e, ok := err.(*importer.Error); ok {
		// The generated template's line numbers mean nothing to the reader.
		msg := e.Msg
		if e.Path != "" {
			msg = e.Path + ": " + msg
		}
		return errors.New(t.renameText(msg))
	}
	return errors.New(t.renameText(err.Error()))
}

var zoneRE = regexp.MustCompile(`^([a-z]{2}(-[a-z]+)+-[0-9]+)[a-z]$`)

// region returns the region the resources' zones or ARNs name, else
// importer.DefaultRegion.
func (t *translator) region() string {
	for _, c := range t.out {
		if z, ok := c.props["AvailabilityZone"].(string); ok {
			if m := zoneRE.FindStringSubmatch(z); m != nil {
				return m[1]
			}
		}
	}
	for _, s := range slices.Sorted(maps.Keys(t.ids)) {
		if parts := strings.Split(s, ":"); len(parts) > 4 && parts[0] == "arn" && parts[3] != "" {
			return parts[3]
		}
	}
	return importer.DefaultRegion
}
