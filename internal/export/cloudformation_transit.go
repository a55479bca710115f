package export

import (
	"fmt"
	"strconv"

	"github.com/vpcboard/vpcboard/internal/design"
)

func (w *cfnWriter) peering(pc *design.PeeringConnection) {
	id := pc.ID
	p := obj("VpcId", w.ref(pc.Requester, id, "VpcId"), "PeerVpcId", w.ref(pc.Accepter, id, "PeerVpcId"))
	req, acc := w.d.VPCs[pc.Requester], w.d.VPCs[pc.Accepter]
	if req != nil && acc != nil {
		if ra, aa := w.d.AccountOf(req), w.d.AccountOf(acc); aa != "" && aa != ra {
			p.set("PeerOwnerId", aa)
			p.set("PeerRoleArn", w.param("peer role "+id, w.names.name(id)+"PeerRoleArn", "String",
				fmt.Sprintf("ARN of the role in account %s that accepts peering %s (see AWS's VPC peering walkthrough)", aa, id), nil))
			w.note("peering %s: the accepter %s is in account %s; the template takes the accepting role's ARN as a parameter", id, acc.ID, aa)
		}
		if rr, ar := w.d.RegionOf(req), w.d.RegionOf(acc); ar != "" && ar != rr {
			p.set("PeerRegion", ar)
			w.note("peering %s: the accepter %s is in region %s; the connection is requested from %s", id, acc.ID, ar, rr)
		}
	}
	p.set("Tags", w.tags(pc.Base))
	w.add(w.names.name(id), "AWS::EC2::VPCPeeringConnection", id, p)
}

func enable(on bool) string {
	if on {
		return "enable"
	}
	return "disable"
}

func (w *cfnWriter) transitGateway(t *design.TransitGateway) {
	p := newObject()
	if t.ASN != 0 {
		p.set("AmazonSideAsn", t.ASN)
	}
	p.set("DefaultRouteTableAssociation", enable(t.DefaultRouteTableAssociation))
	p.set("DefaultRouteTablePropagation", enable(t.DefaultRouteTablePropagation))
	if t.SecurityGroupReferencing {
		p.set("SecurityGroupReferencingSupport", "enable")
	}
	p.set("Tags", w.tags(t.Base))
	logical := w.names.name(t.ID)
	w.add(logical, "AWS::EC2::TransitGateway", t.ID, p)
	w.output(t.ID, "transit gateway", refTo(logical))
}

// sgReferencingOption returns the value to export for an attachment's
// security group referencing: "enable" when on, "disable" when off on a
// gateway that has it on (the EC2 API enables it on attachments by
// default, CreateTransitGatewayVpcAttachmentRequestOptions), else "" (the
// gateway's default off makes the attachment's option moot).
func sgReferencingOption(d *design.Design, a *design.TransitGatewayAttachment) string {
	if a.SecurityGroupReferencing {
		return "enable"
	}
	if g := d.TransitGateways[a.TransitGateway]; g != nil && g.SecurityGroupReferencing {
		return "disable"
	}
	return ""
}

func (w *cfnWriter) tgwAttachment(a *design.TransitGatewayAttachment) {
	p := obj("TransitGatewayId", w.ref(a.TransitGateway, a.ID, "TransitGatewayId"),
		"VpcId", w.ref(a.VPC, a.ID, "VpcId"),
		"SubnetIds", w.refs(a.Subnets, a.ID, "SubnetIds"))
	opts := newObject()
	if a.ApplianceMode {
		opts.set("ApplianceModeSupport", "enable")
	}
	if v := sgReferencingOption(w.d, a); v != "" {
		opts.set("SecurityGroupReferencingSupport", v)
	}
	if opts.len() > 0 {
		p.set("Options", opts)
	}
	p.set("Tags", w.tags(a.Base))
	w.add(w.names.name(a.ID), "AWS::EC2::TransitGatewayVpcAttachment", a.ID, p)
}

func (w *cfnWriter) tgwRouteTable(t *design.TransitGatewayRouteTable) {
	id, logical := t.ID, w.names.name(t.ID)
	w.add(logical, "AWS::EC2::TransitGatewayRouteTable", id, obj("TransitGatewayId", w.ref(t.TransitGateway, id, "TransitGatewayId"), "Tags", w.tags(t.Base)))
	for _, a := range t.Associations {
		w.add(w.names.fresh(logical+"Association"+logicalID(a)), "AWS::EC2::TransitGatewayRouteTableAssociation", "", obj(
			"TransitGatewayAttachmentId", w.ref(a, id, "TransitGatewayAttachmentId"), "TransitGatewayRouteTableId", refTo(logical)))
	}
	for _, a := range t.Propagations {
		w.add(w.names.fresh(logical+"Propagation"+logicalID(a)), "AWS::EC2::TransitGatewayRouteTablePropagation", "", obj(
			"TransitGatewayAttachmentId", w.ref(a, id, "TransitGatewayAttachmentId"), "TransitGatewayRouteTableId", refTo(logical)))
	}
	for i, r := range t.Routes {
		p := obj("TransitGatewayRouteTableId", refTo(logical), "DestinationCidrBlock", w.str(r.Destination, id, "Route"+strconv.Itoa(i+1)+"Destination"))
		if r.Blackhole {
			p.set("Blackhole", true)
		} else {
			p.set("TransitGatewayAttachmentId", w.ref(r.Attachment, id, "TransitGatewayAttachmentId"))
		}
		w.add(w.names.fresh(logical+"Route"+strconv.Itoa(i+1)), "AWS::EC2::TransitGatewayRoute", "", p)
	}
}
