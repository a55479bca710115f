package design

// TransitGateway is a regional router between VPC attachments. With the
// default association or propagation on, attachments use AWS's implicit
// default route table, which the design does not list. With security group
// referencing on (and on for both attachments), inbound security group
// rules of one attached VPC may name groups of another attached VPC.
type TransitGateway struct {
	Base
	Region                       string `json:"region,omitempty"`
	Account                      string `json:"account,omitempty"`
	ASN                          int64  `json:"asn,omitempty"`
	DefaultRouteTableAssociation bool   `json:"default_route_table_association,omitempty"`
	DefaultRouteTablePropagation bool   `json:"default_route_table_propagation,omitempty"`
	SecurityGroupReferencing     bool   `json:"security_group_referencing,omitempty"`
}

// Kind returns KindTransitGateway.
func (*TransitGateway) Kind() Kind { return KindTransitGateway }

func (*TransitGateway) refs(refVisitor) {}
func (*TransitGateway) check(*checker)  {}

// TransitGatewayAttachment attaches a VPC to a transit gateway through one
// subnet per availability zone.
type TransitGatewayAttachment struct {
	Base
	TransitGateway string   `json:"transit_gateway"`
	VPC            string   `json:"vpc"`
	Subnets        []string `json:"subnets,omitempty"`
	ApplianceMode  bool     `json:"appliance_mode,omitempty"`
	// SecurityGroupReferencing is the attachment's option of the same
	// name: group references cross the gateway only between attachments
	// that both have it on (and a gateway that has it on).
	SecurityGroupReferencing bool `json:"security_group_referencing,omitempty"`
}

// Kind returns KindTransitGatewayAttachment.
func (*TransitGatewayAttachment) Kind() Kind { return KindTransitGatewayAttachment }

func (a *TransitGatewayAttachment) refs(visit refVisitor) {
	visit(at(".transit_gateway"), a.TransitGateway, KindTransitGateway)
	visit(at(".vpc"), a.VPC, KindVPC)
	visitList(visit, ".subnets", a.Subnets, KindSubnet)
}

func (a *TransitGatewayAttachment) check(c *checker) {
	c.required(at(".transit_gateway"), a.TransitGateway)
	c.required(at(".vpc"), a.VPC)
}

// TransitGatewayRouteTable is a route table of a transit gateway: the
// attachments associated with it use its routes; the propagating
// attachments contribute their VPC blocks as routes.
type TransitGatewayRouteTable struct {
	Base
	TransitGateway string     `json:"transit_gateway"`
	Associations   []string   `json:"associations,omitempty"`
	Propagations   []string   `json:"propagations,omitempty"`
	Routes         []TGWRoute `json:"routes,omitempty"`
}

// Kind returns KindTransitGatewayRouteTable.
func (*TransitGatewayRouteTable) Kind() Kind { return KindTransitGatewayRouteTable }

// TGWRoute is a static route of a transit gateway route table: to an
// attachment, or a blackhole that drops the traffic.
type TGWRoute struct {
	Destination string `json:"destination"`
	Attachment  string `json:"attachment,omitempty"`
	Blackhole   bool   `json:"blackhole,omitempty"`
}

func (t *TransitGatewayRouteTable) refs(visit refVisitor) {
	visit(at(".transit_gateway"), t.TransitGateway, KindTransitGateway)
	visitList(visit, ".associations", t.Associations, KindTransitGatewayAttachment)
	visitList(visit, ".propagations", t.Propagations, KindTransitGatewayAttachment)
	for i, r := range t.Routes {
		if r.Attachment != "" {
			visit(item(".routes", i).dot(".attachment"), r.Attachment, KindTransitGatewayAttachment)
		}
	}
}

func (t *TransitGatewayRouteTable) check(c *checker) {
	c.required(at(".transit_gateway"), t.TransitGateway)
	for i, r := range t.Routes {
		p := item(".routes", i)
		c.cidr(p.dot(".destination"), r.Destination, true)
		if r.Blackhole == (r.Attachment != "") {
			c.add(p, ReasonInvalid, "a route needs exactly one of attachment or blackhole")
		}
	}
}
