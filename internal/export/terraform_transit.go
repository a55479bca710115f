package export

import (
	"strconv"

	"github.com/vpcboard/vpcboard/internal/design"
)

func (w *tfWriter) transitGateway(t *design.TransitGateway) {
	id := t.ID
	body := newObject()
	if t.ASN != 0 {
		body.set("amazon_side_asn", t.ASN)
	}
	body.set("default_route_table_association", enable(t.DefaultRouteTableAssociation))
	body.set("default_route_table_propagation", enable(t.DefaultRouteTablePropagation))
	if t.SecurityGroupReferencing {
		body.set("security_group_referencing_support", "enable")
	}
	body.set("tags", w.tags(t.Base))
	w.add("aws_ec2_transit_gateway", w.names.name(id), id, body)
}

func (w *tfWriter) peering(pc *design.PeeringConnection) {
	id := pc.ID
	body := obj("vpc_id", w.ref(pc.Requester, id, "vpc_id"), "peer_vpc_id", w.ref(pc.Accepter, id, "peer_vpc_id"))
	req, acc := w.d.VPCs[pc.Requester], w.d.VPCs[pc.Accepter]
	same := true
	if req != nil && acc != nil {
		if ra, aa := w.d.AccountOf(req), w.d.AccountOf(acc); aa != ra {
			body.set("peer_owner_id", aa)
			same = false
		}
		if rr, ar := w.d.RegionOf(req), w.d.RegionOf(acc); ar != rr {
			body.set("peer_region", ar)
			same = false
		}
	} else {
		same = false
		w.note("peering %s: the accepter %s is outside the design; it must accept the request", id, pc.Accepter)
	}
	if same {
		body.set("auto_accept", true)
	}
	body.set("tags", w.tags(pc.Base))
	w.add("aws_vpc_peering_connection", w.names.name(id), id, body)
	if !same && acc != nil {
		a := obj("vpc_peering_connection_id", expr("${aws_vpc_peering_connection."+w.names.name(id)+".id}"), "auto_accept", true, "tags", w.tags(pc.Base))
		w.add("aws_vpc_peering_connection_accepter", w.names.name(id), acc.ID, a)
	}
}

func (w *tfWriter) tgwAttachment(a *design.TransitGatewayAttachment) {
	id := a.ID
	body := obj("transit_gateway_id", w.ref(a.TransitGateway, id, "transit_gateway_id"), "vpc_id", w.ref(a.VPC, id, "vpc_id"),
		"subnet_ids", w.refs(a.Subnets, id, "subnet_ids"))
	if a.ApplianceMode {
		body.set("appliance_mode_support", "enable")
	}
	if v := sgReferencingOption(w.d, a); v != "" {
		body.set("security_group_referencing_support", v)
	}
	if w.x.assoc[id] {
		body.set("transit_gateway_default_route_table_association", false)
	}
	body.set("tags", w.tags(a.Base))
	w.add("aws_ec2_transit_gateway_vpc_attachment", w.names.name(id), id, body)
}

func (w *tfWriter) tgwRouteTable(t *design.TransitGatewayRouteTable) {
	id := t.ID
	name := w.names.name(id)
	w.add("aws_ec2_transit_gateway_route_table", name, id, obj("transit_gateway_id", w.ref(t.TransitGateway, id, "transit_gateway_id"), "tags", w.tags(t.Base)))
	self := expr("${aws_ec2_transit_gateway_route_table." + name + ".id}")
	for _, a := range t.Associations {
		w.add("aws_ec2_transit_gateway_route_table_association", w.sub(id, "assoc_"+w.names.name(a)), id, obj(
			"transit_gateway_attachment_id", w.ref(a, id, "transit_gateway_attachment_id"), "transit_gateway_route_table_id", self))
	}
	for _, a := range t.Propagations {
		w.add("aws_ec2_transit_gateway_route_table_propagation", w.sub(id, "prop_"+w.names.name(a)), id, obj(
			"transit_gateway_attachment_id", w.ref(a, id, "transit_gateway_attachment_id"), "transit_gateway_route_table_id", self))
	}
	for i, r := range t.Routes {
		body := obj("destination_cidr_block", w.str(r.Destination, id, "route"+strconv.Itoa(i+1)+"_destination"), "transit_gateway_route_table_id", self)
		if r.Blackhole {
			body.set("blackhole", true)
		} else {
			body.set("transit_gateway_attachment_id", w.ref(r.Attachment, id, "transit_gateway_attachment_id"))
		}
		w.add("aws_ec2_transit_gateway_route", w.sub(id, "route"+strconv.Itoa(i+1)), id, body)
	}
}
