package export

import (
	"strconv"

	"github.com/vpcboard/vpcboard/internal/design"
)

func (w *tfWriter) routeTable(rt *design.RouteTable) {
	id := rt.ID
	typ, name := w.addr(rt)
	if rt.Main {
		w.add(typ, name, id, obj("default_route_table_id", expr("${aws_vpc."+w.names.name(rt.VPC)+".default_route_table_id}"), "tags", w.tags(rt.Base)))
	} else {
		w.add(typ, name, id, obj("vpc_id", w.ref(rt.VPC, id, "vpc_id"), "tags", w.tags(rt.Base)))
	}
	self := any(expr("${" + typ + "." + name + ".id}")) // boxed once for all its uses
	for i, r := range rt.Routes {
		if r.Target.Type == design.TargetBlackhole {
			w.note("route table %s: the blackhole route to %s is not exported (a configuration cannot create one)", id, r.Dest())
			continue
		}
		body := obj("route_table_id", self)
		switch {
		case r.PrefixList != "":
			body.set("destination_prefix_list_id", w.prefixList(r.PrefixList, id))
		case isIPv6(r.Destination):
			body.set("destination_ipv6_cidr_block", r.Destination)
		default:
			body.set("destination_cidr_block", w.str(r.Destination, id, "route"+strconv.Itoa(i+1)+"_destination"))
		}
		w.routeTarget(body, rt, r.Target)
		w.add("aws_route", w.sub(id, "route"+strconv.Itoa(i+1)), id, body)
	}
	for _, s := range rt.Subnets {
		w.add("aws_route_table_association", w.sub(s, "route_table"), id, obj("subnet_id", w.ref(s, id, "subnet_id"), "route_table_id", self))
	}
	for _, g := range rt.Gateways {
		w.add("aws_route_table_association", w.sub(g, "route_table"), id, obj("gateway_id", w.ref(g, id, "gateway_id"), "route_table_id", self))
	}
}

func (w *tfWriter) routeTarget(body *object, rt *design.RouteTable, t design.Target) {
	var deps []string
	switch t.Type {
	case design.TargetLocal:
		body.set("gateway_id", "local")
	case design.TargetInternetGateway:
		body.set("gateway_id", w.ref(t.ID, rt.ID, "gateway_id"))
		if g := w.d.InternetGateways[t.ID]; g != nil && g.VPC != "" {
			deps = append(deps, "aws_internet_gateway_attachment."+w.names.name(t.ID))
		}
	case design.TargetEgressOnlyInternetGateway:
		body.set("egress_only_gateway_id", w.ref(t.ID, rt.ID, "egress_only_gateway_id"))
	case design.TargetNATGateway:
		body.set("nat_gateway_id", w.ref(t.ID, rt.ID, "nat_gateway_id"))
	case design.TargetPeeringConnection:
		body.set("vpc_peering_connection_id", w.ref(t.ID, rt.ID, "vpc_peering_connection_id"))
	case design.TargetTransitGateway:
		body.set("transit_gateway_id", w.ref(t.ID, rt.ID, "transit_gateway_id"))
		for _, aid := range w.x.AttachmentsBetween(t.ID, rt.VPC) {
			deps = append(deps, "aws_ec2_transit_gateway_vpc_attachment."+w.names.name(aid))
		}
	case design.TargetVPCEndpoint:
		body.set("vpc_endpoint_id", w.ref(t.ID, rt.ID, "vpc_endpoint_id"))
	case design.TargetNetworkInterface:
		body.set("network_interface_id", w.eniOf(t.ID, rt.ID, "network_interface_id"))
	}
	if len(deps) > 0 {
		body.set("depends_on", strList(deps))
	}
}
