package export

import "github.com/vpcboard/vpcboard/internal/design"

func (w *tfWriter) endpointService(s *design.EndpointService) {
	id := s.ID
	nlbs, gwlbs := loadBalancersByType(w.d, s.LoadBalancers)
	w.add("aws_vpc_endpoint_service", w.names.name(id), id, obj("acceptance_required", s.AcceptanceRequired,
		"network_load_balancer_arns", w.refs(nlbs, id, "network_load_balancer_arns"),
		"gateway_load_balancer_arns", w.refs(gwlbs, id, "gateway_load_balancer_arns"), "tags", w.tags(s.Base)))
}

func (w *tfWriter) endpoint(e *design.VPCEndpoint) {
	id := e.ID
	body := obj("vpc_id", w.ref(e.VPC, id, "vpc_id"))
	if e.EndpointService != "" {
		body.set("service_name", expr("${aws_vpc_endpoint_service."+w.names.name(e.EndpointService)+".service_name}"))
	} else {
		body.set("service_name", w.regionless(e.Service, id))
	}
	body.set("vpc_endpoint_type", map[design.EndpointType]string{
		design.EndpointGateway: "Gateway", design.EndpointInterface: "Interface", design.EndpointGatewayLoadBalancer: "GatewayLoadBalancer"}[e.Type])
	switch e.Type {
	case design.EndpointGateway:
		body.set("route_table_ids", w.refs(e.RouteTables, id, "route_table_ids"))
	case design.EndpointInterface:
		body.set("subnet_ids", w.refs(e.Subnets, id, "subnet_ids"))
		body.set("security_group_ids", w.refs(e.SecurityGroups, id, "security_group_ids"))
		body.set("private_dns_enabled", e.PrivateDNS)
	case design.EndpointGatewayLoadBalancer:
		body.set("subnet_ids", w.refs(e.Subnets, id, "subnet_ids"))
	}
	body.set("tags", w.tags(e.Base))
	w.add("aws_vpc_endpoint", w.names.name(id), id, body)
}
