package export

import (
	"strconv"

	"github.com/vpcboard/vpcboard/internal/design"
)

func (w *cfnWriter) routeTable(rt *design.RouteTable) {
	id := rt.ID
	if rt.Main {
		return // AWS's, empty in the CloudFormation form
	}
	logical := w.names.name(id)
	self := w.ref(id, id, "") // the same value for every route and association
	w.add(logical, "AWS::EC2::RouteTable", id, obj("VpcId", w.ref(rt.VPC, id, "VpcId"), "Tags", w.tags(rt.Base)))
	for i, r := range rt.Routes {
		var destKey string
		var dest any
		switch {
		case r.PrefixList != "":
			destKey, dest = "DestinationPrefixListId", w.prefixListRef(r.PrefixList, id)
		case isIPv6(r.Destination):
			destKey, dest = "DestinationIpv6CidrBlock", r.Destination
		default:
			destKey, dest = "DestinationCidrBlock", w.str(r.Destination, id, "Route"+strconv.Itoa(i+1)+"Destination")
		}
		targetKey, target, deps := w.routeTarget(rt, r.Target)
		p := obj("RouteTableId", self, destKey, dest, targetKey, target)
		w.add(w.names.fresh(logical+"Route"+strconv.Itoa(i+1)), "AWS::EC2::Route", "", p, deps...)
	}
	for _, s := range rt.Subnets {
		w.add(w.names.fresh(w.names.name(s)+"RouteTableAssociation"), "AWS::EC2::SubnetRouteTableAssociation", "", obj(
			"SubnetId", w.ref(s, id, "SubnetId"), "RouteTableId", self))
	}
	for _, g := range rt.Gateways {
		var deps []string
		if gw := w.d.InternetGateways[g]; w.here(g) && gw != nil && gw.VPC != "" {
			deps = append(deps, w.attachmentOf(g))
		}
		w.add(w.names.fresh(w.names.name(g)+"RouteTableAssociation"), "AWS::EC2::GatewayRouteTableAssociation", "", obj(
			"GatewayId", w.ref(g, id, "GatewayId"), "RouteTableId", self), deps...)
	}
}

// routeTarget returns the target property of a route of rt and what the
// route must wait for: an internet gateway's attachment, a transit
// gateway's attachment to the table's VPC.
func (w *cfnWriter) routeTarget(rt *design.RouteTable, t design.Target) (key string, target any, deps []string) {
	switch t.Type {
	case design.TargetLocal:
		return "GatewayId", "local", nil
	case design.TargetInternetGateway:
		key = "GatewayId"
		if w.here(t.ID) && w.d.InternetGateways[t.ID] != nil && w.d.InternetGateways[t.ID].VPC != "" {
			deps = append(deps, w.attachmentOf(t.ID))
		}
	case design.TargetEgressOnlyInternetGateway:
		key = "EgressOnlyInternetGatewayId"
	case design.TargetNATGateway:
		key = "NatGatewayId"
	case design.TargetPeeringConnection:
		key = "VpcPeeringConnectionId"
	case design.TargetTransitGateway:
		key = "TransitGatewayId"
		for _, aid := range w.x.AttachmentsBetween(t.ID, rt.VPC) {
			if w.here(aid) {
				deps = append(deps, w.names.name(aid))
			}
		}
	case design.TargetVPCEndpoint:
		key = "VpcEndpointId"
	case design.TargetNetworkInterface:
		key = "InstanceId"
		if wl := w.d.Workloads[t.ID]; wl == nil || wl.Type == design.WorkloadENI {
			key = "NetworkInterfaceId"
		}
	}
	return key, w.ref(t.ID, rt.ID, key), deps
}
