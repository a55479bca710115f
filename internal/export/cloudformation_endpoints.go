package export

import (
	"fmt"
	"regexp"

	"github.com/vpcboard/vpcboard/internal/design"
)

// regionalService matches the name of an AWS service in a region,
// com.amazonaws.<region>.<service>, taking the service.
var regionalService = regexp.MustCompile(`^com\.amazonaws\.[a-z]{2}(?:-[a-z]+)+-\d+\.([a-z0-9.-]+)$`)

// regionalService returns the service of an AWS service name in a
// portable template ("s3" of com.amazonaws.us-east-1.s3), "" for a name to
// write as it is.
func (w *cfnWriter) regionalService(name string) string {
	if !w.portable {
		return ""
	}
	if m := regionalService.FindStringSubmatch(name); m != nil {
		return m[1]
	}
	return ""
}

func (w *cfnWriter) endpoint(e *design.VPCEndpoint) {
	id := e.ID
	p := obj("VpcId", w.ref(e.VPC, id, "VpcId"))
	if e.EndpointService != "" && w.here(e.EndpointService) {
		p.set("ServiceName", obj("Fn::Sub", "com.amazonaws.vpce.${AWS::Region}.${"+w.names.name(e.EndpointService)+"}"))
	} else if e.EndpointService != "" {
		p.set("ServiceName", w.param("service name "+e.EndpointService, w.names.name(e.EndpointService)+"ServiceName", "String",
			fmt.Sprintf("service name of endpoint service %s, from the template of %s", e.EndpointService, w.pl.of(e.EndpointService)), nil))
	} else if m := w.regionalService(e.Service); m != "" {
		p.set("ServiceName", obj("Fn::Sub", "com.amazonaws.${AWS::Region}."+m))
	} else {
		p.set("ServiceName", w.str(e.Service, id, "ServiceName"))
	}
	p.set("VpcEndpointType", map[design.EndpointType]string{
		design.EndpointGateway: "Gateway", design.EndpointInterface: "Interface", design.EndpointGatewayLoadBalancer: "GatewayLoadBalancer"}[e.Type])
	p.set("RouteTableIds", w.refs(e.RouteTables, id, "RouteTableIds"))
	p.set("SubnetIds", w.refs(e.Subnets, id, "SubnetIds"))
	p.set("SecurityGroupIds", w.refs(e.SecurityGroups, id, "SecurityGroupIds"))
	if e.Type == design.EndpointInterface {
		p.set("PrivateDnsEnabled", e.PrivateDNS)
	}
	p.set("Tags", w.tags(e.Base))
	w.add(w.names.name(id), "AWS::EC2::VPCEndpoint", id, p)
	w.output(id, "VPC endpoint", refTo(w.names.name(id)))
}

func (w *cfnWriter) endpointService(s *design.EndpointService) {
	nlbs, gwlbs := loadBalancersByType(w.d, s.LoadBalancers)
	w.add(w.names.name(s.ID), "AWS::EC2::VPCEndpointService", s.ID, obj(
		"NetworkLoadBalancerArns", w.refs(nlbs, s.ID, "NetworkLoadBalancerArns"),
		"GatewayLoadBalancerArns", w.refs(gwlbs, s.ID, "GatewayLoadBalancerArns"),
		"AcceptanceRequired", s.AcceptanceRequired,
		"Tags", w.tags(s.Base)))
	w.output(s.ID, "endpoint service", refTo(w.names.name(s.ID)))
}
