package export

import "github.com/vpcboard/vpcboard/internal/design"

func (w *cfnWriter) latticeServiceNetwork(n *design.LatticeServiceNetwork) {
	id := n.ID
	w.add(w.names.name(id), "AWS::VpcLattice::ServiceNetwork", id, obj("AuthType", w.str(n.AuthType, id, "AuthType"), "Tags", w.tags(n.Base)))
}

func (w *cfnWriter) latticeAssociation(a *design.LatticeAssociation) {
	id := a.ID
	w.add(w.names.name(id), "AWS::VpcLattice::ServiceNetworkVpcAssociation", id, obj(
		"ServiceNetworkIdentifier", w.ref(a.ServiceNetwork, id, "ServiceNetworkIdentifier"),
		"VpcIdentifier", w.ref(a.VPC, id, "VpcIdentifier"),
		"SecurityGroupIds", w.refs(a.SecurityGroups, id, "SecurityGroupIds"),
		"Tags", w.tags(a.Base)))
}
