package importer

import "github.com/vpcboard/vpcboard/internal/design"

// latticeServiceNetwork maps AWS::VpcLattice::ServiceNetwork.
func (b *builder) latticeServiceNetwork(r *resource, p obj) {
	put(b.d, &design.LatticeServiceNetwork{Base: p.base(r), AuthType: p.str("AuthType")})
}

// latticeAssociation maps AWS::VpcLattice::ServiceNetworkVpcAssociation.
func (b *builder) latticeAssociation(r *resource, p obj) {
	put(b.d, &design.LatticeAssociation{
		Base:           p.base(r),
		ServiceNetwork: p.ref("ServiceNetworkIdentifier", design.KindLatticeServiceNetwork),
		VPC:            p.ref("VpcIdentifier", design.KindVPC),
		SecurityGroups: p.refs("SecurityGroupIds", design.KindSecurityGroup),
	})
}
