package importer

import (
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// routeTable maps AWS::EC2::RouteTable.
func (b *builder) routeTable(r *resource, p obj) {
	put(b.d, &design.RouteTable{Base: p.base(r), VPC: p.ref("VpcId", design.KindVPC)})
}

// routeTableAssociation maps AWS::EC2::SubnetRouteTableAssociation: the
// subnet joins the table's explicit associations.
func (b *builder) routeTableAssociation(r *resource, p obj) {
	rt := parent(b, r, p, "RouteTableId", design.KindRouteTable, b.d.RouteTables)
	if rt == nil {
		return
	}
	rt.Subnets = append(rt.Subnets, p.ref("SubnetId", design.KindSubnet))
}

// gatewayRouteTableAssociation maps AWS::EC2::GatewayRouteTableAssociation:
// the internet gateway joins the table's edge associations. An edge
// association with a virtual private gateway, which the model does not
// have, is kept opaque.
func (b *builder) gatewayRouteTableAssociation(r *resource, p obj) {
	if v, ok := p.val("GatewayId"); ok {
		raw, _ := v.text()
		if b.types[raw] == "AWS::EC2::VPNGateway" || strings.HasPrefix(raw, "vgw-") {
			b.unmodelled(r, p, "edge associations with virtual private gateways are not modelled")
			return
		}
	}
	rt := parent(b, r, p, "RouteTableId", design.KindRouteTable, b.d.RouteTables)
	if rt == nil {
		return
	}
	rt.Gateways = append(rt.Gateways, p.ref("GatewayId", design.KindInternetGateway))
}

// route maps AWS::EC2::Route into its table's routes.
func (b *builder) route(r *resource, p obj) {
	rt := parent(b, r, p, "RouteTableId", design.KindRouteTable, b.d.RouteTables)
	if rt == nil {
		return
	}
	rte := design.Route{Destination: p.str("DestinationCidrBlock")}
	if rte.Destination == "" {
		rte.Destination = p.str("DestinationIpv6CidrBlock")
	}
	if rte.Destination == "" {
		rte.PrefixList = b.prefixListRef(p, "DestinationPrefixListId")
	}
	target, unsupported := b.routeTarget(p)
	if unsupported != "" {
		b.unmodelled(r, p, "routes to %s are not modelled", unsupported)
		return
	}
	if b.err != nil {
		return
	}
	rte.Target = target
	rt.Routes = append(rt.Routes, rte)
}

// prefixListRef returns a prefix list: the ID of a PrefixList of the
// templates, or the AWS prefix-list ID or name as written.
func (b *builder) prefixListRef(p obj, key string) string {
	v, ok := p.val(key)
	if !ok {
		return ""
	}
	if s, isStr := v.text(); isStr && b.kind(s) != design.KindPrefixList {
		return s
	}
	return p.ref(key, design.KindPrefixList)
}

// routeTargetKeys are the target properties of AWS::EC2::Route and the
// target type of each. GatewayId is typed by the resource it names.
var routeTargetKeys = []struct {
	key string
	typ design.TargetType
}{
	{"NatGatewayId", design.TargetNATGateway},
	{"VpcPeeringConnectionId", design.TargetPeeringConnection},
	{"TransitGatewayId", design.TargetTransitGateway},
	{"VpcEndpointId", design.TargetVPCEndpoint},
	{"NetworkInterfaceId", design.TargetNetworkInterface},
	{"InstanceId", design.TargetNetworkInterface},
	{"EgressOnlyInternetGatewayId", design.TargetEgressOnlyInternetGateway},
}

// unsupportedTargets are route targets the model has no type for.
var unsupportedTargets = []struct{ key, what string }{
	{"CarrierGatewayId", "carrier gateways"},
	{"LocalGatewayId", "local gateways"},
	{"CoreNetworkArn", "Cloud WAN core networks"},
}

// routeTarget returns the target of a route, or the name of a kind of
// target the model does not have.
func (b *builder) routeTarget(p obj) (design.Target, string) {
	if v, ok := p.val("GatewayId"); ok {
		return b.gatewayTarget(p, v)
	}
	for _, t := range routeTargetKeys {
		if p.has(t.key) {
			return design.Target{Type: t.typ, ID: p.ref(t.key, targetKind(t.typ))}, ""
		}
	}
	for _, u := range unsupportedTargets {
		if p.has(u.key) {
			return design.Target{}, u.what
		}
	}
	p.b.fail(&Error{Line: p.line, Path: p.path, Msg: "a route needs a target (GatewayId, NatGatewayId, TransitGatewayId, VpcPeeringConnectionId, VpcEndpointId, NetworkInterfaceId, InstanceId or EgressOnlyInternetGatewayId)", abs: true})
	return design.Target{}, ""
}

// gatewayTarget types the target of GatewayId by what it names: an
// internet gateway, a (Gateway Load Balancer) VPC endpoint, "local", or a
// virtual private gateway, which the model does not have. An ID from
// outside the templates is typed by its prefix; an unknown one is taken as
// an internet gateway.
func (b *builder) gatewayTarget(p obj, v Value) (design.Target, string) {
	raw, _ := v.text()
	if raw == "local" {
		return design.Target{Type: design.TargetLocal}, ""
	}
	id := p.ref("GatewayId", design.KindInternetGateway, design.KindVPCEndpoint)
	switch {
	case b.kind(raw) == design.KindVPCEndpoint, strings.HasPrefix(raw, "vpce-"):
		return design.Target{Type: design.TargetVPCEndpoint, ID: id}, ""
	case b.types[raw] == "AWS::EC2::VPNGateway", strings.HasPrefix(raw, "vgw-"):
		return design.Target{}, "virtual private gateways"
	}
	return design.Target{Type: design.TargetInternetGateway, ID: id}, ""
}

// targetKind is the kind of resource a route target type names.
func targetKind(t design.TargetType) design.Kind {
	switch t {
	case design.TargetNATGateway:
		return design.KindNATGateway
	case design.TargetPeeringConnection:
		return design.KindPeeringConnection
	case design.TargetTransitGateway:
		return design.KindTransitGateway
	case design.TargetVPCEndpoint:
		return design.KindVPCEndpoint
	case design.TargetEgressOnlyInternetGateway:
		return design.KindEgressOnlyInternetGateway
	case design.TargetInternetGateway:
		return design.KindInternetGateway
	}
	return design.KindWorkload
}
