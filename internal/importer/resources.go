package importer

import "github.com/vpcboard/vpcboard/internal/design"

// resource is one entry of the Resources section.
type resource struct {
	id    string
	typ   string
	line  int
	cond  string
	props *node // the Properties node, nil when absent
	// meta holds the design facts a vpcboard export writes into the
	// resource's Metadata.vpcboard: its design ID, a subnet's tier, an
	// Elastic IP's address.
	meta map[string]string
	// dependsOn lists the logical IDs of the resource's DependsOn.
	dependsOn []string
	ev        *evaluator

	on       *bool // whether it is created, once its condition is known
	busy     map[string]bool
	propVals map[string]propVal // single properties, for Fn::GetAtt
	all      *Value             // every property, once evaluated
}

type propVal struct {
	v     Value
	found bool
}

// readResources reads the Resources section (after Fn::ForEach expansion)
// in document order.
func readResources(sec *node, warn func(string, ...any)) ([]*resource, error) {
	if sec.isNull() {
		return nil, &Error{Path: "Resources", Msg: "missing (a template needs at least one resource)"}
	}
	if sec.kind != mapNode {
		return nil, &Error{Line: sec.line, Path: "Resources", Msg: "want a mapping of resources"}
	}
	var out []*resource
	for _, f := range sec.fields {
		path := "Resources." + f.key
		if !validLogicalID(f.key) {
			return nil, &Error{Line: f.line, Path: path, Msg: "a logical ID must be 1-255 letters and digits"}
		}
		if f.val.isNull() {
			warn("%s has no definition; ignored", path)
			continue
		}
		if f.val.kind != mapNode {
			return nil, &Error{Line: f.line, Path: path, Msg: "want a mapping with Type and Properties, got " + nodeKindName(f.val)}
		}
		r := &resource{id: f.key, line: f.line}
		t := f.val.get("Type")
		if t == nil || t.kind != scalarNode || t.str == "" {
			return nil, &Error{Line: f.line, Path: path, Msg: "missing Type"}
		}
		r.typ = t.str
		if c := f.val.get("Condition"); c != nil {
			if c.kind != scalarNode || c.str == "" {
				return nil, &Error{Line: c.line, Path: path + ".Condition", Msg: "want a condition name"}
			}
			r.cond = c.str
		}
		r.meta = vpcboardMetadata(f.val.get("Metadata"))
		deps, err := readDependsOn(f.val.get("DependsOn"), path)
		if err != nil {
			return nil, err
		}
		r.dependsOn = deps
		if p := f.val.get("Properties"); !p.isNull() {
			if p.kind != mapNode {
				return nil, &Error{Line: p.line, Path: path + ".Properties", Msg: "want a mapping, got " + nodeKindName(p)}
			}
			r.props = p
		}
		out = append(out, r)
	}
	return out, nil
}

// readDependsOn reads a resource's DependsOn: one logical ID or a list of
// them.
func readDependsOn(n *node, path string) ([]string, error) {
	if n.isNull() {
		return nil, nil
	}
	items := []*node{n}
	if n.kind == listNode {
		items = n.items
	}
	out := make([]string, 0, len(items))
	for _, x := range items {
		if x.kind != scalarNode || x.str == "" {
			return nil, &Error{Line: x.line, Path: path + ".DependsOn", Msg: "want a logical ID or a list of logical IDs, got " + nodeKindName(x)}
		}
		out = append(out, x.str)
	}
	return out, nil
}

// vpcboardMetadata returns the string values of a resource's
// Metadata.vpcboard, which a vpcboard export writes, or nil.
func vpcboardMetadata(meta *node) map[string]string {
	v := meta.get("vpcboard")
	if v == nil || v.kind != mapNode {
		return nil
	}
	out := map[string]string{}
	for _, f := range v.fields {
		if f.val != nil && f.val.kind == scalarNode {
			out[f.key] = f.val.str
		}
	}
	return out
}

// validLogicalID reports whether id is a CloudFormation logical ID:
// 1 to 255 ASCII letters and digits.
func validLogicalID(id string) bool {
	if id == "" || len(id) > 255 {
		return false
	}
	for _, c := range id {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// resourceOn returns whether r is created: it has no condition or its
// condition holds.
func (e *evaluator) resourceOn(r *resource) (bool, error) {
	if r.on != nil {
		return *r.on, nil
	}
	on := true
	if r.cond != "" {
		var err error
		if on, err = e.conditionOn(r.cond, r.line); err != nil {
			return false, complete(err, "Resources."+r.id+".Condition")
		}
	}
	r.on = &on
	return on, nil
}

// properties evaluates every property of r, once.
func (e *evaluator) properties(r *resource) (Value, error) {
	if r.all != nil {
		return *r.all, nil
	}
	if r.props == nil {
		v := Value{kind: kindMap, line: r.line}
		r.all = &v
		return v, nil
	}
	if r.busy["*"] {
		return Value{}, &Error{Line: r.line, Path: "Resources." + r.id + ".Properties", Msg: "circular reference: the properties depend on themselves", abs: true}
	}
	r.mark("*", true)
	v, err := e.eval(r.props)
	r.mark("*", false)
	if err != nil {
		return Value{}, complete(err, "Resources."+r.id+".Properties")
	}
	r.all = &v
	return v, nil
}

// property evaluates one property of r, for Fn::GetAtt, without evaluating
// the others.
func (e *evaluator) property(r *resource, key string) (Value, bool, error) {
	if r.all != nil {
		v, ok := r.all.get(key)
		return v, ok, nil
	}
	if pv, ok := r.propVals[key]; ok {
		return pv.v, pv.found, nil
	}
	n := r.props.get(key)
	if n == nil {
		return Value{}, false, nil
	}
	path := "Resources." + r.id + ".Properties." + key
	if r.busy[key] {
		return Value{}, false, &Error{Line: n.line, Path: path, Msg: "circular reference: the value depends on itself", abs: true}
	}
	r.mark(key, true)
	v, err := e.eval(n)
	r.mark(key, false)
	if err != nil {
		return Value{}, false, complete(err, path)
	}
	found := v.kind != kindNoValue
	if r.propVals == nil {
		r.propVals = map[string]propVal{}
	}
	r.propVals[key] = propVal{v: v, found: found}
	return v, found, nil
}

func (r *resource) mark(key string, busy bool) {
	if r.busy == nil {
		r.busy = map[string]bool{}
	}
	r.busy[key] = busy
}

// attrSpec says which attributes of a modelled resource type are known
// from the template: its own ID, or the value of a property.
type attrSpec struct {
	self  []string
	props map[string]string
	fn    map[string]func(e *evaluator, r *resource, line int) (Value, error)
}

// attributes lists, per modelled type, the attributes Fn::GetAtt resolves.
// Every other attribute, and every attribute of other types, is unknown.
var attributes map[string]attrSpec

func init() {
	attributes = map[string]attrSpec{
		"AWS::EC2::VPC": {
			self:  []string{"VpcId", "Id"},
			props: map[string]string{"CidrBlock": "CidrBlock"},
			fn: map[string]func(*evaluator, *resource, int) (Value, error){
				"DefaultNetworkAcl":    implicitID(defaultNACLSuffix),
				"DefaultSecurityGroup": implicitID(defaultSGSuffix),
			},
		},
		"AWS::EC2::Subnet": {
			self:  []string{"SubnetId", "Id"},
			props: map[string]string{"AvailabilityZone": "AvailabilityZone", "AvailabilityZoneId": "AvailabilityZoneId", "CidrBlock": "CidrBlock", "VpcId": "VpcId"},
			fn: map[string]func(*evaluator, *resource, int) (Value, error){
				"Ipv6CidrBlocks": propList("Ipv6CidrBlock"),
			},
		},
		"AWS::EC2::SecurityGroup": {self: []string{"GroupId", "Id"}, props: map[string]string{"VpcId": "VpcId"}},
		"AWS::EC2::NetworkInterface": {
			self:  []string{"Id"},
			props: map[string]string{"SubnetId": "SubnetId"},
			fn: map[string]func(*evaluator, *resource, int) (Value, error){
				"PrimaryPrivateIpAddress":     privateIPs(true),
				"SecondaryPrivateIpAddresses": privateIPs(false),
			},
		},
		"AWS::EC2::EIP":                         {self: []string{"AllocationId"}},
		"AWS::EC2::Instance":                    {self: []string{"InstanceId", "Id"}, props: map[string]string{"PrivateIp": "PrivateIpAddress", "AvailabilityZone": "AvailabilityZone"}},
		"AWS::EC2::NatGateway":                  {self: []string{"NatGatewayId", "Id"}},
		"AWS::EC2::InternetGateway":             {self: []string{"InternetGatewayId", "Id"}},
		"AWS::EC2::EgressOnlyInternetGateway":   {self: []string{"Id"}},
		"AWS::EC2::RouteTable":                  {self: []string{"RouteTableId", "Id"}, props: map[string]string{"VpcId": "VpcId"}},
		"AWS::EC2::NetworkAcl":                  {self: []string{"Id"}, props: map[string]string{"VpcId": "VpcId"}},
		"AWS::EC2::PrefixList":                  {self: []string{"PrefixListId", "Id", "Arn"}},
		"AWS::EC2::VPCEndpoint":                 {self: []string{"Id"}},
		"AWS::EC2::VPCEndpointService":          {self: []string{"ServiceId"}},
		"AWS::EC2::VPCPeeringConnection":        {self: []string{"Id"}},
		"AWS::EC2::TransitGateway":              {self: []string{"Id"}},
		"AWS::EC2::TransitGatewayAttachment":    {self: []string{"Id"}},
		"AWS::EC2::TransitGatewayVpcAttachment": {self: []string{"Id"}},
		"AWS::EC2::TransitGatewayRouteTable":    {self: []string{"TransitGatewayRouteTableId"}},
		"AWS::EC2::FlowLog":                     {self: []string{"Id"}},
		"AWS::ElasticLoadBalancingV2::LoadBalancer": {
			self:  []string{"LoadBalancerArn"},
			props: map[string]string{"SecurityGroups": "SecurityGroups"},
		},
		"AWS::VpcLattice::ServiceNetwork":               {self: []string{"Id", "Arn"}},
		"AWS::VpcLattice::ServiceNetworkVpcAssociation": {self: []string{"Id", "Arn"}},
	}
}

// attribute returns attribute attr of r.
func (e *evaluator) attribute(r *resource, attr string, line int) (Value, error) {
	unknown := unknownValue("Fn::GetAtt "+r.id+"."+attr, line)
	spec, ok := attributes[r.typ]
	if !ok {
		return unknown, nil
	}
	for _, s := range spec.self {
		if s == attr {
			return strValue(e.idOf(r.id), line), nil
		}
	}
	if prop, ok := spec.props[attr]; ok {
		v, found, err := e.property(r, prop)
		if err != nil || !found {
			return unknown, err
		}
		v.line = line
		return v, nil
	}
	if fn, ok := spec.fn[attr]; ok {
		return fn(e, r, line)
	}
	return unknown, nil
}

// The suffixes of the IDs of a VPC's implicit resources; they match
// design.MainRouteTableID, DefaultNetworkACLID and DefaultSecurityGroupID.
const (
	defaultNACLSuffix = ".default-nacl"
	defaultSGSuffix   = ".default-sg"
)

func implicitID(suffix string) func(*evaluator, *resource, int) (Value, error) {
	return func(e *evaluator, r *resource, line int) (Value, error) {
		return strValue(e.idOf(r.id)+suffix, line), nil
	}
}

// propList returns a one-item list of a property, or unknown without it.
func propList(prop string) func(*evaluator, *resource, int) (Value, error) {
	return func(e *evaluator, r *resource, line int) (Value, error) {
		v, found, err := e.property(r, prop)
		if err != nil {
			return Value{}, err
		}
		if !found || v.kind != kindString {
			return unknownValue("Fn::GetAtt "+r.id+"."+prop+"s", line), nil
		}
		v.line = line
		return Value{kind: kindList, items: []Value{v}, line: line}, nil
	}
}

// privateIPs returns the primary private address of a network interface,
// or the list of its secondary ones, from PrivateIpAddress and
// PrivateIpAddresses.
func privateIPs(primary bool) func(*evaluator, *resource, int) (Value, error) {
	return func(e *evaluator, r *resource, line int) (Value, error) {
		attr := "SecondaryPrivateIpAddresses"
		if primary {
			attr = "PrimaryPrivateIpAddress"
		}
		unknown := unknownValue("Fn::GetAtt "+r.id+"."+attr, line)
		single, hasSingle, err := e.property(r, "PrivateIpAddress")
		if err != nil {
			return Value{}, err
		}
		list, hasList, err := e.property(r, "PrivateIpAddresses")
		if err != nil {
			return Value{}, err
		}
		var prim Value
		var secs []Value
		if hasSingle {
			prim = single
		}
		if hasList && list.kind == kindList {
			for _, it := range list.items {
				addr, ok := it.get("PrivateIpAddress")
				if !ok {
					continue
				}
				p, _ := it.get("Primary")
				if isPrimary, _ := toBool(p); isPrimary && !hasSingle {
					prim, hasSingle = addr, true
				} else if !isPrimary {
					secs = append(secs, addr)
				}
			}
		}
		switch {
		case primary && hasSingle:
			prim.line = line
			return prim, nil
		case !primary && len(secs) > 0:
			return Value{kind: kindList, items: secs, line: line}, nil
		}
		return unknown, nil
	}
}

// parent returns the resource of kind k, from its map m in the design, that
// property prop of r names: the route table of a route, the ACL of an
// entry. When the templates do not hold it, r is kept as an opaque
// resource with a warning, and parent returns nil.
func parent[T any](b *builder, r *resource, p obj, prop string, k design.Kind, m map[string]*T) *T {
	id := p.ref(prop, k)
	if x := m[id]; x != nil {
		return x
	}
	b.unmodelled(r, p, "%s %s is not in the templates", k, id)
	return nil
}
