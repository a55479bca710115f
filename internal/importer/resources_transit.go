package importer

import (
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// peering maps AWS::EC2::VPCPeeringConnection: VpcId requests, PeerVpcId
// accepts. A peer VPC from outside the templates is unknown; its account
// and region are kept in the reason.
func (b *builder) peering(r *resource, p obj) {
	pc := &design.PeeringConnection{Base: p.base(r), Requester: p.ref("VpcId", design.KindVPC), Accepter: p.ref("PeerVpcId", design.KindVPC)}
	if v, _ := p.val("PeerVpcId"); v.kind == kindString && b.kind(v.str) == "" {
		where := []string{}
		if acct := p.str("PeerOwnerId"); acct != "" {
			where = append(where, "account "+acct)
		}
		if region := p.str("PeerRegion"); region != "" {
			where = append(where, "region "+region)
		}
		if len(where) > 0 {
			pc.Accepter = design.Unknown("external " + v.str + " in " + strings.Join(where, ", "))
		}
	}
	put(b.d, pc)
}

// transitGateway maps AWS::EC2::TransitGateway. Default route table
// association and propagation are on unless disabled; security group
// referencing is off unless enabled (AWS CloudFormation template reference,
// AWS::EC2::TransitGateway: "This option is disabled by default").
func (b *builder) transitGateway(r *resource, p obj) {
	t := &design.TransitGateway{
		Base:                         p.base(r),
		DefaultRouteTableAssociation: !strings.EqualFold(p.str("DefaultRouteTableAssociation"), "disable"),
		DefaultRouteTablePropagation: !strings.EqualFold(p.str("DefaultRouteTablePropagation"), "disable"),
		SecurityGroupReferencing:     strings.EqualFold(p.str("SecurityGroupReferencingSupport"), "enable"),
	}
	if asn, ok := p.integer("AmazonSideAsn"); ok {
		t.ASN = int64(asn)
	}
	put(b.d, t)
}

// transitGatewayAttachment maps AWS::EC2::TransitGatewayAttachment and
// AWS::EC2::TransitGatewayVpcAttachment. Its security group referencing is
// off unless enabled, as the template reference of its Options says.
func (b *builder) transitGatewayAttachment(r *resource, p obj) {
	a := &design.TransitGatewayAttachment{
		Base:           p.base(r),
		TransitGateway: p.ref("TransitGatewayId", design.KindTransitGateway),
		VPC:            p.ref("VpcId", design.KindVPC),
		Subnets:        p.refs("SubnetIds", design.KindSubnet),
	}
	if o, ok := p.child("Options"); ok {
		a.ApplianceMode = strings.EqualFold(o.str("ApplianceModeSupport"), "enable")
		a.SecurityGroupReferencing = strings.EqualFold(o.str("SecurityGroupReferencingSupport"), "enable")
	}
	put(b.d, a)
}

// transitGatewayRouteTable maps AWS::EC2::TransitGatewayRouteTable.
func (b *builder) transitGatewayRouteTable(r *resource, p obj) {
	put(b.d, &design.TransitGatewayRouteTable{Base: p.base(r), TransitGateway: p.ref("TransitGatewayId", design.KindTransitGateway)})
}

// tgwRouteTable returns the transit gateway route table a resource names,
// or keeps the resource as opaque.
func (b *builder) tgwRouteTable(r *resource, p obj) *design.TransitGatewayRouteTable {
	return parent(b, r, p, "TransitGatewayRouteTableId", design.KindTransitGatewayRouteTable, b.d.TransitGatewayRouteTables)
}

// transitGatewayAssociation maps
// AWS::EC2::TransitGatewayRouteTableAssociation.
func (b *builder) transitGatewayAssociation(r *resource, p obj) {
	if t := b.tgwRouteTable(r, p); t != nil {
		t.Associations = append(t.Associations, p.ref("TransitGatewayAttachmentId", design.KindTransitGatewayAttachment))
	}
}

// transitGatewayPropagation maps
// AWS::EC2::TransitGatewayRouteTablePropagation.
func (b *builder) transitGatewayPropagation(r *resource, p obj) {
	if t := b.tgwRouteTable(r, p); t != nil {
		t.Propagations = append(t.Propagations, p.ref("TransitGatewayAttachmentId", design.KindTransitGatewayAttachment))
	}
}

// transitGatewayRoute maps AWS::EC2::TransitGatewayRoute: to an
// attachment, or a blackhole.
func (b *builder) transitGatewayRoute(r *resource, p obj) {
	if t := b.tgwRouteTable(r, p); t != nil {
		t.Routes = append(t.Routes, design.TGWRoute{
			Destination: p.str("DestinationCidrBlock"),
			Attachment:  p.ref("TransitGatewayAttachmentId", design.KindTransitGatewayAttachment),
			Blackhole:   p.boolean("Blackhole", false),
		})
	}
}
