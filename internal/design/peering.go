package design

// PeeringConnection joins two VPCs, possibly of different accounts or
// regions (each VPC says its own).
type PeeringConnection struct {
	Base
	Requester string `json:"requester"`
	Accepter  string `json:"accepter"`
}

// Kind returns KindPeeringConnection.
func (*PeeringConnection) Kind() Kind { return KindPeeringConnection }

// Peer returns the VPC on the other side from vpc, or "" if the connection
// does not include vpc.
func (p *PeeringConnection) Peer(vpc string) string {
	switch vpc {
	case p.Requester:
		return p.Accepter
	case p.Accepter:
		return p.Requester
	}
	return ""
}

func (p *PeeringConnection) refs(visit refVisitor) {
	visit(at(".requester"), p.Requester, KindVPC)
	visit(at(".accepter"), p.Accepter, KindVPC)
}

func (p *PeeringConnection) check(c *checker) {
	c.required(at(".requester"), p.Requester)
	c.required(at(".accepter"), p.Accepter)
}
