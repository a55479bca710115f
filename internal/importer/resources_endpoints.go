package importer

import (
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// endpointTypes maps VpcEndpointType to the model's endpoint types. The
// Resource and ServiceNetwork types put interfaces in subnets, like
// Interface endpoints.
var endpointTypes = map[string]design.EndpointType{
	"gateway":             design.EndpointGateway,
	"interface":           design.EndpointInterface,
	"gatewayloadbalancer": design.EndpointGatewayLoadBalancer,
	"resource":            design.EndpointInterface,
	"servicenetwork":      design.EndpointInterface,
}

// vpcEndpoint maps AWS::EC2::VPCEndpoint. A service name
// com.amazonaws.vpce.<region>.<ID> naming an endpoint service of the
// templates becomes a reference to it. An interface endpoint without
// security groups gets its VPC's default group, as AWS does.
func (b *builder) vpcEndpoint(r *resource, p obj) {
	ep := &design.VPCEndpoint{
		Base:           p.base(r),
		VPC:            p.ref("VpcId", design.KindVPC),
		Type:           design.EndpointGateway,
		Service:        p.str("ServiceName"),
		RouteTables:    p.refs("RouteTableIds", design.KindRouteTable),
		Subnets:        p.refs("SubnetIds", design.KindSubnet),
		SecurityGroups: p.refs("SecurityGroupIds", design.KindSecurityGroup),
		PrivateDNS:     p.boolean("PrivateDnsEnabled", false),
	}
	if t := p.str("VpcEndpointType"); t != "" {
		typ, ok := endpointTypes[strings.ToLower(t)]
		if !ok && !design.IsUnknown(t) {
			v, _ := p.val("VpcEndpointType")
			p.fail("VpcEndpointType", v, "want Gateway, Interface or GatewayLoadBalancer, got "+t)
			return
		}
		if ok {
			ep.Type = typ
		}
	}
	if ep.Service == "" {
		ep.Service = p.str("ServiceNetworkArn")
	}
	if ep.Service == "" {
		ep.Service = p.str("ResourceConfigurationArn")
	}
	if rest, ok := strings.CutPrefix(ep.Service, "com.amazonaws.vpce."); ok {
		if _, svc, ok := strings.Cut(rest, "."); ok && b.kind(svc) == design.KindEndpointService {
			ep.Service, ep.EndpointService = "", svc
		}
	}
	if ep.Type == design.EndpointInterface && len(ep.SecurityGroups) == 0 {
		ep.SecurityGroups = b.defaultGroup(ep.VPC)
	}
	put(b.d, ep)
}

// defaultGroup returns the default security group of a VPC of the design,
// as a one-item list, or nil.
func (b *builder) defaultGroup(vpc string) []string {
	if b.kind(vpc) != design.KindVPC {
		return nil
	}
	return []string{design.DefaultSecurityGroupID(vpc)}
}

// endpointService maps AWS::EC2::VPCEndpointService: its network and
// gateway load balancers.
func (b *builder) endpointService(r *resource, p obj) {
	s := &design.EndpointService{
		Base:               p.base(r),
		LoadBalancers:      append(p.refs("NetworkLoadBalancerArns", design.KindWorkload), p.refs("GatewayLoadBalancerArns", design.KindWorkload)...),
		AcceptanceRequired: p.boolean("AcceptanceRequired", false),
	}
	put(b.d, s)
}
