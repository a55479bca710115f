package design

// EndpointType is the type of a VPC endpoint.
type EndpointType string

// The endpoint types.
const (
	EndpointGateway             EndpointType = "gateway"
	EndpointInterface           EndpointType = "interface"
	EndpointGatewayLoadBalancer EndpointType = "gateway-load-balancer"
)

// VPCEndpoint connects a VPC to an AWS service or an endpoint service. A
// gateway endpoint adds the service's prefix list to RouteTables; an
// interface endpoint puts an ENI in each of Subnets, guarded by
// SecurityGroups.
type VPCEndpoint struct {
	Base
	VPC  string       `json:"vpc"`
	Type EndpointType `json:"type" jsonschema:"enum=gateway,enum=interface,enum=gateway-load-balancer"`
	// Service is the service name, such as "com.amazonaws.us-east-1.s3".
	Service string `json:"service,omitempty"`
	// EndpointService is the design's endpoint service this endpoint
	// consumes, instead of Service.
	EndpointService string   `json:"endpoint_service,omitempty"`
	RouteTables     []string `json:"route_tables,omitempty"`
	Subnets         []string `json:"subnets,omitempty"`
	SecurityGroups  []string `json:"security_groups,omitempty"`
	PrivateDNS      bool     `json:"private_dns,omitempty"`
}

// Kind returns KindVPCEndpoint.
func (*VPCEndpoint) Kind() Kind { return KindVPCEndpoint }

// ServiceShortName returns the last dot-separated part of Service ("s3",
// "dynamodb", "s3express", "ssm").
func (e *VPCEndpoint) ServiceShortName() string {
	s := e.Service
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '.' {
			return s[i+1:]
		}
	}
	return s
}

func (e *VPCEndpoint) refs(visit refVisitor) {
	visit(at(".vpc"), e.VPC, KindVPC)
	if e.EndpointService != "" {
		visit(at(".endpoint_service"), e.EndpointService, KindEndpointService)
	}
	visitList(visit, ".route_tables", e.RouteTables, KindRouteTable)
	visitList(visit, ".subnets", e.Subnets, KindSubnet)
	visitList(visit, ".security_groups", e.SecurityGroups, KindSecurityGroup)
}

func (e *VPCEndpoint) check(c *checker) {
	c.required(at(".vpc"), e.VPC)
	c.oneOf(at(".type"), string(e.Type), string(EndpointGateway), string(EndpointInterface), string(EndpointGatewayLoadBalancer))
	if e.Service == "" && e.EndpointService == "" {
		c.add(at(".service"), ReasonInvalid, "missing service (a service name or an endpoint_service)")
	}
}

// EndpointService offers a service behind network or gateway load balancers
// to other VPCs through PrivateLink.
type EndpointService struct {
	Base
	// LoadBalancers are workloads of type nlb or gwlb.
	LoadBalancers      []string `json:"load_balancers,omitempty"`
	AcceptanceRequired bool     `json:"acceptance_required,omitempty"`
}

// Kind returns KindEndpointService.
func (*EndpointService) Kind() Kind { return KindEndpointService }

func (s *EndpointService) refs(visit refVisitor) {
	visitList(visit, ".load_balancers", s.LoadBalancers, KindWorkload)
}

func (s *EndpointService) check(*checker) {}

func visitList(visit refVisitor, field string, ids []string, k Kind) {
	for i, id := range ids {
		visit(item(field, i), id, k)
	}
}
