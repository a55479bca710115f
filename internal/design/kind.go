package design

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Kind names a resource type in ops, paths and messages.
type Kind string

// The kinds.
const (
	KindVPC                       Kind = "vpc"
	KindSubnet                    Kind = "subnet"
	KindRouteTable                Kind = "route-table"
	KindNetworkACL                Kind = "network-acl"
	KindSecurityGroup             Kind = "security-group"
	KindPrefixList                Kind = "prefix-list"
	KindInternetGateway           Kind = "internet-gateway"
	KindEgressOnlyInternetGateway Kind = "egress-only-internet-gateway"
	KindNATGateway                Kind = "nat-gateway"
	KindElasticIP                 Kind = "elastic-ip"
	KindVPCEndpoint               Kind = "vpc-endpoint"
	KindEndpointService           Kind = "endpoint-service"
	KindPeeringConnection         Kind = "peering-connection"
	KindTransitGateway            Kind = "transit-gateway"
	KindTransitGatewayAttachment  Kind = "transit-gateway-attachment"
	KindTransitGatewayRouteTable  Kind = "transit-gateway-route-table"
	KindLatticeServiceNetwork     Kind = "lattice-service-network"
	KindLatticeAssociation        Kind = "lattice-association"
	KindFlowLog                   Kind = "flow-log"
	KindWorkload                  Kind = "workload"
	KindOpaque                    Kind = "opaque"
)

// kindInfo binds a Kind to its map in Design.
type kindInfo struct {
	kind   Kind
	get    func(d *Design, id string) (Resource, bool)
	put    func(d *Design, r Resource)
	delete func(d *Design, id string)
	each   func(d *Design, fn func(Resource))
	// unordered is each in map order, for work whose result does not
	// depend on the order.
	unordered func(d *Design, fn func(Resource))
	// setIDs copies each map key into its resource and calls fn with it.
	setIDs func(d *Design, fn func(id string))
	decode func(data []byte) (Resource, error)
	count  func(d *Design) int
	// ids returns the keys of the kind's map in ascending order.
	ids func(d *Design) []string
}

// collection builds the kindInfo of one resource type whose map in Design is
// returned by field.
func collection[T any, PT interface {
	*T
	Resource
}](kind Kind, field func(*Design) *map[string]PT) kindInfo {
	return kindInfo{
		kind: kind,
		get: func(d *Design, id string) (Resource, bool) {
			r, ok := (*field(d))[id]
			return r, ok
		},
		put: func(d *Design, r Resource) {
			m := field(d)
			if *m == nil {
				*m = make(map[string]PT)
			}
			(*m)[r.ResourceID()] = r.(PT)
		},
		delete: func(d *Design, id string) {
			m := field(d)
			delete(*m, id)
			if len(*m) == 0 {
				*m = nil
			}
		},
		each: func(d *Design, fn func(Resource)) {
			m := *field(d)
			for _, id := range SortedIDs(m) {
				fn(m[id])
			}
		},
		unordered: func(d *Design, fn func(Resource)) {
			for _, r := range *field(d) {
				fn(r)
			}
		},
		setIDs: func(d *Design, fn func(id string)) {
			m := *field(d)
			for _, id := range SortedIDs(m) {
				if m[id] == nil {
					m[id] = new(T)
				}
				m[id].setID(id)
				fn(id)
			}
		},
		decode: func(data []byte) (Resource, error) {
			var v PT = new(T)
			if err := decodeStrict(data, v); err != nil {
				return nil, err
			}
			return v, nil
		},
		count: func(d *Design) int { return len(*field(d)) },
		ids:   func(d *Design) []string { return SortedIDs(*field(d)) },
	}
}

var kinds = []kindInfo{
	collection(KindVPC, func(d *Design) *map[string]*VPC { return &d.VPCs }),
	collection(KindSubnet, func(d *Design) *map[string]*Subnet { return &d.Subnets }),
	collection(KindRouteTable, func(d *Design) *map[string]*RouteTable { return &d.RouteTables }),
	collection(KindNetworkACL, func(d *Design) *map[string]*NetworkACL { return &d.NetworkACLs }),
	collection(KindSecurityGroup, func(d *Design) *map[string]*SecurityGroup { return &d.SecurityGroups }),
	collection(KindPrefixList, func(d *Design) *map[string]*PrefixList { return &d.PrefixLists }),
	collection(KindInternetGateway, func(d *Design) *map[string]*InternetGateway { return &d.InternetGateways }),
	collection(KindEgressOnlyInternetGateway, func(d *Design) *map[string]*EgressOnlyInternetGateway { return &d.EgressOnlyInternetGateways }),
	collection(KindNATGateway, func(d *Design) *map[string]*NATGateway { return &d.NATGateways }),
	collection(KindElasticIP, func(d *Design) *map[string]*ElasticIP { return &d.ElasticIPs }),
	collection(KindVPCEndpoint, func(d *Design) *map[string]*VPCEndpoint { return &d.VPCEndpoints }),
	collection(KindEndpointService, func(d *Design) *map[string]*EndpointService { return &d.EndpointServices }),
	collection(KindPeeringConnection, func(d *Design) *map[string]*PeeringConnection { return &d.PeeringConnections }),
	collection(KindTransitGateway, func(d *Design) *map[string]*TransitGateway { return &d.TransitGateways }),
	collection(KindTransitGatewayAttachment, func(d *Design) *map[string]*TransitGatewayAttachment { return &d.TransitGatewayAttachments }),
	collection(KindTransitGatewayRouteTable, func(d *Design) *map[string]*TransitGatewayRouteTable { return &d.TransitGatewayRouteTables }),
	collection(KindLatticeServiceNetwork, func(d *Design) *map[string]*LatticeServiceNetwork { return &d.LatticeServiceNetworks }),
	collection(KindLatticeAssociation, func(d *Design) *map[string]*LatticeAssociation { return &d.LatticeAssociations }),
	collection(KindFlowLog, func(d *Design) *map[string]*FlowLog { return &d.FlowLogs }),
	collection(KindWorkload, func(d *Design) *map[string]*Workload { return &d.Workloads }),
	collection(KindOpaque, func(d *Design) *map[string]*Opaque { return &d.Opaque }),
}

// Kinds returns every kind, in the order resources are listed.
func Kinds() []Kind {
	out := make([]Kind, len(kinds))
	for i, k := range kinds {
		out[i] = k.kind
	}
	return out
}

func kindByName(k Kind) (kindInfo, bool) {
	i := slices.IndexFunc(kinds, func(ki kindInfo) bool { return ki.kind == k })
	if i < 0 {
		return kindInfo{}, false
	}
	return kinds[i], true
}

// DecodeResource decodes the JSON value of a resource of kind k (the "value"
// of an Op) and gives it id. Unknown fields are refused.
func DecodeResource(k Kind, id string, data []byte) (Resource, error) {
	ki, ok := kindByName(k)
	if !ok {
		return nil, fieldErrorf("kind", ReasonInvalid, "unknown kind %q", string(k))
	}
	r, err := ki.decode(data)
	if err != nil {
		return nil, fieldErrorf(fmt.Sprintf("%s[%s]", k, id), ReasonFormat, "%v", err)
	}
	r.setID(id)
	return r, nil
}

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return describeJSONError(data, err)
	}
	if dec.More() {
		return fmt.Errorf("unexpected data after the JSON value")
	}
	return nil
}

// Path returns the design path of a resource, such as "subnet[app-a]".
func Path(r Resource) string {
	return string(r.Kind()) + "[" + r.ResourceID() + "]"
}
