package importer

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// The stages in which a stack's resources are turned into design
// resources: each stage may rely on what earlier stages made.
const (
	// stagePrimary makes the resources that exist on their own: VPCs,
	// subnets, tables, gateways, endpoints, transit gateways.
	stagePrimary = iota + 1
	// stageVPCBlocks adds secondary and IPv6 blocks to VPCs; then each VPC
	// gets its implicit main route table, default ACL and default group.
	stageVPCBlocks
	// stageENI makes network interfaces, which instances attach.
	stageENI
	// stageWorkload makes instances, load balancers, databases and
	// functions, which need their subnets and interfaces.
	stageWorkload
	// stageLink applies the resources that change others: routes,
	// associations, ACL entries, group rules, attachments.
	stageLink
)

// handler turns one resource type into design resources.
type handler struct {
	stage int
	// kind is the kind of design resource made under the resource's ID, or
	// "" for types folded into other resources (routes, associations).
	kind  design.Kind
	build func(b *builder, r *resource, p obj)
}

// builder turns the resources of one or more stacks into one design.
type builder struct {
	d *design.Design
	// kinds and types give, for every design ID assigned so far, the kind
	// it will have ("" for folded resources, KindOpaque for others) and
	// the CloudFormation type it comes from.
	kinds map[string]design.Kind
	types map[string]string
	// owner names the stack that took each design ID.
	owner map[string]string
	// opaque counts, by type, the resources kept as opaque because their
	// type is not modelled.
	opaque   map[string]int
	warnings map[string]bool
	// byID holds the resource of the templates behind each design ID.
	byID map[string]*resource

	// The stack being built.
	ev     *evaluator
	prefix string // prepended to warnings
	err    error  // the first error met
}

func newBuilder(name string, opts Options) *builder {
	d := design.New(name)
	d.Region, d.Account = opts.Region, opts.Account
	return &builder{
		d:        d,
		kinds:    map[string]design.Kind{},
		types:    map[string]string{},
		owner:    map[string]string{},
		opaque:   map[string]int{},
		warnings: map[string]bool{},
		byID:     map[string]*resource{},
	}
}

// warn records a warning once.
func (b *builder) warn(format string, args ...any) {
	b.warnings[b.prefix+fmt.Sprintf(format, args...)] = true
}

// fail records err if it is the first.
func (b *builder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// result returns the design and the sorted warnings.
func (b *builder) result() *Result {
	if len(b.opaque) > 0 {
		types := slices.Sorted(func(yield func(string) bool) {
			for t := range b.opaque {
				if !yield(t) {
					return
				}
			}
		})
		total := 0
		parts := make([]string, len(types))
		for i, t := range types {
			total += b.opaque[t]
			parts[i] = fmt.Sprintf("%s (%d)", t, b.opaque[t])
		}
		b.warnings[fmt.Sprintf("kept %d resources of types not modelled: %s", total, strings.Join(parts, ", "))] = true
	}
	ws := make([]string, 0, len(b.warnings))
	for w := range b.warnings {
		ws = append(ws, w)
	}
	sort.Strings(ws)
	return &Result{Design: b.d, Warnings: ws}
}

// build turns the created resources of the current stack into design
// resources, stage by stage, in document order within a stage.
func (b *builder) build(rs []*resource) error {
	var vpcs []string
	for stage := stagePrimary; stage <= stageLink; stage++ {
		if stage == stageENI {
			for _, id := range vpcs {
				b.implicit(id)
			}
		}
		for _, r := range rs {
			h, ok := handlers[r.typ]
			if !ok {
				h = handler{stage: stagePrimary, kind: design.KindOpaque, build: (*builder).opaqueResource}
			}
			if h.stage != stage {
				continue
			}
			props, err := b.ev.properties(r)
			if err != nil {
				return err
			}
			h.build(b, r, obj{b: b, path: "Resources." + r.id + ".Properties", v: props, line: r.line})
			if b.err != nil {
				return b.err
			}
			if r.typ == "AWS::EC2::VPC" {
				vpcs = append(vpcs, b.ev.idOf(r.id))
			}
		}
	}
	return nil
}

// keepDependsOn gives each design resource made from a resource of the
// stack the DependsOn of that resource, as design IDs. Only resources of
// the design are kept: a DependsOn on a resource folded into another (a
// gateway attachment, a route, an association) or not created is dropped;
// an export writes the waits AWS needs for those itself.
func (b *builder) keepDependsOn(on []*resource, ids map[string]string) {
	for _, r := range on {
		if len(r.dependsOn) == 0 {
			continue
		}
		x, ok := b.d.Lookup(ids[r.id])
		if !ok {
			continue
		}
		var deps []string
		for _, logical := range r.dependsOn {
			id, created := ids[logical]
			if !created || id == x.ResourceID() {
				continue
			}
			if _, in := b.d.Lookup(id); in {
				deps = append(deps, id)
			}
		}
		design.SetDependsOn(x, deps)
	}
}

// kindOf returns the kind of design resource r becomes.
func (b *builder) kindOf(r *resource) (design.Kind, error) {
	h, ok := handlers[r.typ]
	if !ok {
		return design.KindOpaque, nil
	}
	if r.typ == "AWS::Lambda::Function" {
		props, err := b.ev.properties(r)
		if err != nil {
			return "", err
		}
		if _, inVPC := props.get("VpcConfig"); !inVPC {
			return design.KindOpaque, nil
		}
	}
	return h.kind, nil
}

// register gives each created resource of a stack its design ID (its
// logical ID, or stack.ID when an earlier stack took it) and records its
// kind.
func (b *builder) register(rs []*resource, stackName string, ids map[string]string) ([]*resource, error) {
	var on []*resource
	reserved := reservedIDs(rs)
	for _, r := range rs {
		ok, err := b.ev.resourceOn(r)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		id := r.id
		if mid := r.meta["id"]; mid != "" && design.ValidID(mid) && !reserved[mid] && b.kinds[mid] == "" {
			if _, earlier := b.owner[mid]; earlier {
				mid = r.id
			}
			id = mid // the design ID a vpcboard export recorded
		}
		if other, taken := b.owner[id]; taken {
			id = stackName + "." + r.id
			if _, again := b.owner[id]; again {
				return nil, &Error{Line: r.line, Path: "Resources." + r.id, Msg: fmt.Sprintf("logical ID %s is also used by stack %s, and %s is taken too; give the stacks different names", r.id, other, id)}
			}
			b.warn("logical ID %s is also used by stack %s; this stack's %s is %s in the design", r.id, other, r.id, id)
		}
		b.owner[id] = stackName
		ids[r.id] = id
		on = append(on, r)
	}
	for _, r := range on {
		k, err := b.kindOf(r)
		if err != nil {
			return nil, err
		}
		id := ids[r.id]
		b.kinds[id], b.types[id], b.byID[id] = k, r.typ, r
		if r.typ == "AWS::EC2::VPC" {
			b.kinds[design.MainRouteTableID(id)] = design.KindRouteTable
			b.kinds[design.DefaultNetworkACLID(id)] = design.KindNetworkACL
			b.kinds[design.DefaultSecurityGroupID(id)] = design.KindSecurityGroup
		}
	}
	return on, nil
}

// reservedIDs returns the design IDs a stack's resources take whatever
// their metadata says: the logical IDs of resources that record no design
// ID, and the implicit resources of its VPCs.
func reservedIDs(rs []*resource) map[string]bool {
	out := map[string]bool{}
	for _, r := range rs {
		id := r.id
		if m := r.meta["id"]; m != "" {
			id = m
		} else {
			out[id] = true
		}
		if r.typ == "AWS::EC2::VPC" {
			out[design.MainRouteTableID(id)] = true
			out[design.DefaultNetworkACLID(id)] = true
			out[design.DefaultSecurityGroupID(id)] = true
		}
	}
	return out
}

// implicit adds the main route table, default network ACL and default
// security group of a VPC, as AWS creates them.
func (b *builder) implicit(vpcID string) {
	v := b.d.VPCs[vpcID]
	if v == nil {
		return
	}
	for _, op := range design.NewVPCOps(v) {
		r, err := op.Resource()
		if err != nil || r.Kind() == design.KindVPC {
			continue
		}
		put(b.d, r)
	}
}

// opaqueResource keeps a resource of a type the model does not know, with
// its properties.
func (b *builder) opaqueResource(r *resource, p obj) {
	b.opaque[r.typ]++
	b.keepOpaque(r, p)
}

// keepOpaque stores r as an opaque resource.
func (b *builder) keepOpaque(r *resource, p obj) {
	id := b.ev.idOf(r.id)
	o := &design.Opaque{Type: r.typ}
	o.ID = id
	if len(p.v.fields) > 0 {
		o.Properties = []byte(p.v.String())
	}
	b.kinds[id] = design.KindOpaque
	put(b.d, o)
}

// unmodelled keeps a resource that changes another resource the design
// cannot hold it in, with a warning saying why.
func (b *builder) unmodelled(r *resource, p obj, format string, args ...any) {
	b.warn("Resources.%s (%s): %s; kept as an opaque resource", r.id, r.typ, fmt.Sprintf(format, args...))
	b.keepOpaque(r, p)
}

// put stores a design resource in the map of its kind.
func put(d *design.Design, r design.Resource) {
	switch x := r.(type) {
	case *design.VPC:
		set(&d.VPCs, x.ID, x)
	case *design.Subnet:
		set(&d.Subnets, x.ID, x)
	case *design.RouteTable:
		set(&d.RouteTables, x.ID, x)
	case *design.NetworkACL:
		set(&d.NetworkACLs, x.ID, x)
	case *design.SecurityGroup:
		set(&d.SecurityGroups, x.ID, x)
	case *design.PrefixList:
		set(&d.PrefixLists, x.ID, x)
	case *design.InternetGateway:
		set(&d.InternetGateways, x.ID, x)
	case *design.EgressOnlyInternetGateway:
		set(&d.EgressOnlyInternetGateways, x.ID, x)
	case *design.NATGateway:
		set(&d.NATGateways, x.ID, x)
	case *design.ElasticIP:
		set(&d.ElasticIPs, x.ID, x)
	case *design.VPCEndpoint:
		set(&d.VPCEndpoints, x.ID, x)
	case *design.EndpointService:
		set(&d.EndpointServices, x.ID, x)
	case *design.PeeringConnection:
		set(&d.PeeringConnections, x.ID, x)
	case *design.TransitGateway:
		set(&d.TransitGateways, x.ID, x)
	case *design.TransitGatewayAttachment:
		set(&d.TransitGatewayAttachments, x.ID, x)
	case *design.TransitGatewayRouteTable:
		set(&d.TransitGatewayRouteTables, x.ID, x)
	case *design.LatticeServiceNetwork:
		set(&d.LatticeServiceNetworks, x.ID, x)
	case *design.LatticeAssociation:
		set(&d.LatticeAssociations, x.ID, x)
	case *design.FlowLog:
		set(&d.FlowLogs, x.ID, x)
	case *design.Workload:
		set(&d.Workloads, x.ID, x)
	case *design.Opaque:
		set(&d.Opaque, x.ID, x)
	}
}

func set[T any](m *map[string]T, id string, v T) {
	if *m == nil {
		*m = make(map[string]T)
	}
	(*m)[id] = v
}

// resolve turns a reference value into a design reference: the ID of a
// resource of the design; an unknown value for an unknown value, a
// resource the design keeps as opaque, or an ID from outside the
// templates. A reference to a resource of another kind than the field
// accepts is kept, with a warning.
func (b *builder) resolve(v Value, path string, kinds ...design.Kind) string {
	switch v.kind {
	case kindUnknown:
		return design.Unknown(v.str)
	case kindNull:
		return ""
	case kindString:
	default:
		b.fail(&Error{Line: v.line, Path: path, Msg: "want a resource ID, got " + v.kindName(), abs: true})
		return ""
	}
	s := v.str
	if s == "" {
		return ""
	}
	k, ok := b.kinds[s]
	switch {
	case !ok:
		return design.Unknown("external " + s)
	case k == design.KindOpaque || k == "":
		return design.Unknown(s + " (" + b.types[s] + ")")
	case len(kinds) > 0 && !slices.Contains(kinds, k):
		names := make([]string, len(kinds))
		for i, k := range kinds {
			names[i] = string(k)
		}
		b.warn("%s: %s is a %s, not a %s", path, s, k, strings.Join(names, " or "))
	}
	return s
}

// kind returns the kind of a design ID, "" when it is not in the design.
func (b *builder) kind(id string) design.Kind { return b.kinds[id] }
