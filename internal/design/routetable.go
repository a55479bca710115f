package design

// RouteTable is a VPC route table. The local routes for the VPC's blocks are
// implicit and not listed in Routes.
type RouteTable struct {
	Base
	VPC string `json:"vpc"`
	// Main reports whether this is the VPC's main table, used by every
	// subnet with no explicit association.
	Main bool `json:"main,omitempty"`
	// Subnets are the subnets explicitly associated with the table.
	Subnets []string `json:"subnets,omitempty"`
	// Gateways are the internet gateways the table is associated with (an
	// edge association, AWS::EC2::GatewayRouteTableAssociation): traffic
	// entering the VPC through them follows the table's routes (ingress
	// routing).
	Gateways []string `json:"gateways,omitempty"`
	Routes   []Route  `json:"routes,omitempty"`
}

// Kind returns KindRouteTable.
func (*RouteTable) Kind() Kind { return KindRouteTable }

// Route sends traffic for a destination (a CIDR block or a prefix list) to a
// target.
type Route struct {
	// Destination is an IPv4 or IPv6 CIDR block; empty when PrefixList is
	// set.
	Destination string `json:"destination,omitempty"`
	// PrefixList is a prefix-list ID or an AWS-managed prefix list name such
	// as "com.amazonaws.us-east-1.s3".
	PrefixList string `json:"prefix_list,omitempty"`
	Target     Target `json:"target"`
}

// TargetType is the kind of thing a route sends traffic to.
type TargetType string

// The route target types.
const (
	TargetLocal                     TargetType = "local"
	TargetInternetGateway           TargetType = "internet-gateway"
	TargetEgressOnlyInternetGateway TargetType = "egress-only-internet-gateway"
	TargetNATGateway                TargetType = "nat-gateway"
	TargetPeeringConnection         TargetType = "peering-connection"
	TargetTransitGateway            TargetType = "transit-gateway"
	TargetVPCEndpoint               TargetType = "vpc-endpoint"
	// TargetNetworkInterface is an ENI or an instance: a workload.
	TargetNetworkInterface TargetType = "network-interface"
	TargetBlackhole        TargetType = "blackhole"
)

// targetKinds maps each target type to the kind its ID must name; local and
// blackhole have no ID.
var targetKinds = map[TargetType]Kind{
	TargetLocal:                     "",
	TargetBlackhole:                 "",
	TargetInternetGateway:           KindInternetGateway,
	TargetEgressOnlyInternetGateway: KindEgressOnlyInternetGateway,
	TargetNATGateway:                KindNATGateway,
	TargetPeeringConnection:         KindPeeringConnection,
	TargetTransitGateway:            KindTransitGateway,
	TargetVPCEndpoint:               KindVPCEndpoint,
	TargetNetworkInterface:          KindWorkload,
}

// Target is where a route sends traffic: a type and, except for local and
// blackhole, the ID of the resource.
type Target struct {
	Type TargetType `json:"type" jsonschema:"enum=local,enum=internet-gateway,enum=egress-only-internet-gateway,enum=nat-gateway,enum=peering-connection,enum=transit-gateway,enum=vpc-endpoint,enum=network-interface,enum=blackhole"`
	ID   string     `json:"id,omitempty"`
}

// String returns "nat-gateway nat-a" or "local".
func (t Target) String() string {
	if t.ID == "" {
		return string(t.Type)
	}
	return string(t.Type) + " " + t.ID
}

// Dest returns the route's destination: the CIDR block or the prefix list.
func (r Route) Dest() string {
	if r.Destination != "" {
		return r.Destination
	}
	return r.PrefixList
}

func (rt *RouteTable) refs(visit refVisitor) {
	visit(at(".vpc"), rt.VPC, KindVPC)
	for i, s := range rt.Subnets {
		visit(item(".subnets", i), s, KindSubnet)
	}
	visitList(visit, ".gateways", rt.Gateways, KindInternetGateway)
	for i, r := range rt.Routes {
		if r.PrefixList != "" && !IsManagedPrefixList(r.PrefixList) {
			visit(item(".routes", i).dot(".prefix_list"), r.PrefixList, KindPrefixList)
		}
		if k := targetKinds[r.Target.Type]; k != "" {
			visit(item(".routes", i).dot(".target.id"), r.Target.ID, k)
		}
	}
}

func (rt *RouteTable) check(c *checker) {
	c.required(at(".vpc"), rt.VPC)
	for i, r := range rt.Routes {
		p := item(".routes", i)
		switch {
		case r.Destination == "" && r.PrefixList == "":
			c.add(p.dot(".destination"), ReasonInvalid, "missing destination (a CIDR block or a prefix list)")
		case r.Destination != "" && r.PrefixList != "":
			c.add(p.dot(".destination"), ReasonInvalid, "both a CIDR block and a prefix list; a route has one destination")
		default:
			c.cidr(p.dot(".destination"), r.Destination, false)
		}
		k, ok := targetKinds[r.Target.Type]
		switch {
		case !ok:
			c.add(p.dot(".target.type"), ReasonInvalid, "%q is not a route target type", string(r.Target.Type))
		case k == "" && r.Target.ID != "":
			c.add(p.dot(".target.id"), ReasonInvalid, "a %s target takes no id", r.Target.Type)
		case k != "" && r.Target.ID == "":
			c.add(p.dot(".target.id"), ReasonInvalid, "missing id of the %s", r.Target.Type)
		}
	}
}
