package design

import (
	"reflect"
	"slices"
)

// FormatVersion is the version of the design file format that Encode writes
// and Decode reads.
const FormatVersion = 1

// Design is one whiteboard: every resource an engineer drew, keyed by ID in
// the map of its kind. IDs are unique across all kinds.
//
// Region and Account are the defaults for resources that do not name their
// own (VPCs and transit gateways may).
type Design struct {
	Format  int    `json:"format" jsonschema:"enum=1"`
	Name    string `json:"name,omitempty"`
	Region  string `json:"region,omitempty"`
	Account string `json:"account,omitempty"`

	VPCs                       map[string]*VPC                       `json:"vpcs,omitempty"`
	Subnets                    map[string]*Subnet                    `json:"subnets,omitempty"`
	RouteTables                map[string]*RouteTable                `json:"route_tables,omitempty"`
	NetworkACLs                map[string]*NetworkACL                `json:"network_acls,omitempty"`
	SecurityGroups             map[string]*SecurityGroup             `json:"security_groups,omitempty"`
	PrefixLists                map[string]*PrefixList                `json:"prefix_lists,omitempty"`
	InternetGateways           map[string]*InternetGateway           `json:"internet_gateways,omitempty"`
	EgressOnlyInternetGateways map[string]*EgressOnlyInternetGateway `json:"egress_only_internet_gateways,omitempty"`
	NATGateways                map[string]*NATGateway                `json:"nat_gateways,omitempty"`
	ElasticIPs                 map[string]*ElasticIP                 `json:"elastic_ips,omitempty"`
	VPCEndpoints               map[string]*VPCEndpoint               `json:"vpc_endpoints,omitempty"`
	EndpointServices           map[string]*EndpointService           `json:"endpoint_services,omitempty"`
	PeeringConnections         map[string]*PeeringConnection         `json:"peering_connections,omitempty"`
	TransitGateways            map[string]*TransitGateway            `json:"transit_gateways,omitempty"`
	TransitGatewayAttachments  map[string]*TransitGatewayAttachment  `json:"transit_gateway_attachments,omitempty"`
	TransitGatewayRouteTables  map[string]*TransitGatewayRouteTable  `json:"transit_gateway_route_tables,omitempty"`
	LatticeServiceNetworks     map[string]*LatticeServiceNetwork     `json:"lattice_service_networks,omitempty"`
	LatticeAssociations        map[string]*LatticeAssociation        `json:"lattice_associations,omitempty"`
	FlowLogs                   map[string]*FlowLog                   `json:"flow_logs,omitempty"`
	Workloads                  map[string]*Workload                  `json:"workloads,omitempty"`
	Opaque                     map[string]*Opaque                    `json:"opaque,omitempty"`
}

// New returns an empty design of the current format.
func New(name string) *Design {
	return &Design{Format: FormatVersion, Name: name}
}

// Base holds what every resource has: its ID (the key of its map, not
// repeated in the file), its tags and what it waits for.
type Base struct {
	ID   string            `json:"-"`
	Tags map[string]string `json:"tags,omitempty"`
	// DependsOn lists, sorted and without duplicates, the IDs of the
	// resources of the design this one is created after, beyond what its
	// references imply: a template's DependsOn, kept by import and written
	// back by export (CloudFormation DependsOn, Terraform depends_on).
	DependsOn []string `json:"depends_on,omitempty"`
}

func (b *Base) base() *Base { return b }

// Store puts r in the map of its kind, in place of the resource of its
// ID, without the checks of Apply: for code that builds a design whole
// (an export's reshaping of one) and checks it afterwards.
func (d *Design) Store(r Resource) {
	if ki, ok := kindByName(r.Kind()); ok {
		ki.put(d, r)
	}
}

// ShallowCopy returns a copy of r that shares its maps and slices.
func ShallowCopy(r Resource) Resource {
	v := reflect.New(reflect.TypeOf(r).Elem())
	v.Elem().Set(reflect.ValueOf(r).Elem())
	return v.Interface().(Resource)
}

// DependsOnCycle returns a cycle of depends_on, as the IDs along it from
// the first ID (in ascending order) that is on one back to it, or nil.
// Check does not report it, since an edit cannot be refused for the
// cycle it closes without its other edges; exports refuse a design with
// one, which neither CloudFormation nor Terraform can create.
func DependsOnCycle(d *Design) []string {
	const (
		visiting = 1
		done     = 2
	)
	state := map[string]int{}
	var ids []string
	byID := map[string][]string{}
	d.Each(func(r Resource) {
		if deps := r.base().DependsOn; len(deps) > 0 {
			ids = append(ids, r.ResourceID())
			byID[r.ResourceID()] = deps
		}
	})
	slices.Sort(ids)
	var stack, cycle []string
	var visit func(id string)
	visit = func(id string) {
		state[id] = visiting
		stack = append(stack, id)
		for _, dep := range byID[id] {
			switch {
			case cycle != nil:
				return
			case state[dep] == visiting:
				cycle = append(slices.Clone(stack[slices.Index(stack, dep):]), dep)
				return
			case state[dep] == 0:
				visit(dep)
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = done
	}
	for _, id := range ids {
		if state[id] == 0 && cycle == nil {
			visit(id)
		}
	}
	return cycle
}

// DependsOnOf returns the depends_on of r.
func DependsOnOf(r Resource) []string { return r.base().DependsOn }

// SetDependsOn sets the depends_on of r to ids, sorted, without
// duplicates; none for an empty list.
func SetDependsOn(r Resource, ids []string) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) == 0 {
		ids = nil
	}
	r.base().DependsOn = ids
}

// ResourceID returns the resource's ID.
func (b *Base) ResourceID() string { return b.ID }

// DisplayName returns the Name tag if there is one, else the ID.
func (b *Base) DisplayName() string {
	if n := b.Tags["Name"]; n != "" && !IsUnknown(n) {
		return n
	}
	return b.ID
}

func (b *Base) setID(id string) { b.ID = id }

// Resource is implemented by every resource type of the model.
type Resource interface {
	// Kind returns the resource's kind.
	Kind() Kind
	// ResourceID returns the resource's ID.
	ResourceID() string
	setID(id string)
	base() *Base
	// refs calls visit for every reference the resource holds, with the
	// field and the kinds it accepts.
	refs(visit refVisitor)
	// check reports malformed values (not references) to c.
	check(c *checker)
}

// refVisitor receives one reference: the field (".vpc",
// ".routes[2].target.id"), the referenced ID, and the kind the field
// accepts (or kinds: k and alt).
type refVisitor func(at field, id string, k Kind, alt ...Kind)

// kindAny is the kind a reference to a resource of any kind accepts
// (depends_on); it is no kind of its own.
const kindAny Kind = "resource"

// eachRef calls visit for every reference r holds: those of its own fields
// and its depends_on.
func eachRef(r Resource, visit refVisitor) {
	r.refs(visit)
	for i, id := range r.base().DependsOn {
		visit(item(".depends_on", i), id, kindAny)
	}
}

// SortedIDs returns the keys of m in ascending order, for deterministic
// iteration.
func SortedIDs[V any](m map[string]V) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Lookup returns the resource with the given ID, of whatever kind.
func (d *Design) Lookup(id string) (Resource, bool) {
	for _, k := range kinds {
		if r, ok := k.get(d, id); ok {
			return r, true
		}
	}
	return nil, false
}

// Each calls fn for every resource of the design, kind by kind in the order
// of Kinds and by ascending ID within a kind.
func (d *Design) Each(fn func(Resource)) {
	for _, k := range kinds {
		k.each(d, fn)
	}
}

// RegionOf returns the region of a VPC: its own, else the design's.
func (d *Design) RegionOf(v *VPC) string {
	if v.Region != "" {
		return v.Region
	}
	return d.Region
}

// AccountOf returns the account of a VPC: its own, else the design's.
func (d *Design) AccountOf(v *VPC) string {
	if v.Account != "" {
		return v.Account
	}
	return d.Account
}
