package design

// LatticeServiceNetwork is a VPC Lattice service network.
type LatticeServiceNetwork struct {
	Base
	AuthType string `json:"auth_type,omitempty"`
}

// Kind returns KindLatticeServiceNetwork.
func (*LatticeServiceNetwork) Kind() Kind { return KindLatticeServiceNetwork }

func (*LatticeServiceNetwork) refs(refVisitor) {}
func (*LatticeServiceNetwork) check(*checker)  {}

// LatticeAssociation associates a VPC with a Lattice service network, with
// security groups guarding the VPC's traffic to the network.
type LatticeAssociation struct {
	Base
	ServiceNetwork string   `json:"service_network"`
	VPC            string   `json:"vpc"`
	SecurityGroups []string `json:"security_groups,omitempty"`
}

// Kind returns KindLatticeAssociation.
func (*LatticeAssociation) Kind() Kind { return KindLatticeAssociation }

func (a *LatticeAssociation) refs(visit refVisitor) {
	visit(at(".service_network"), a.ServiceNetwork, KindLatticeServiceNetwork)
	visit(at(".vpc"), a.VPC, KindVPC)
	visitList(visit, ".security_groups", a.SecurityGroups, KindSecurityGroup)
}

func (a *LatticeAssociation) check(c *checker) {
	c.required(at(".service_network"), a.ServiceNetwork)
	c.required(at(".vpc"), a.VPC)
}
