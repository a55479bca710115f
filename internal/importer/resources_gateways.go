package importer

import (
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// natGateway maps AWS::EC2::NatGateway; AllocationId names its Elastic IP.
func (b *builder) natGateway(r *resource, p obj) {
	n := &design.NATGateway{
		Base:         p.base(r),
		Subnet:       p.ref("SubnetId", design.KindSubnet),
		Connectivity: design.ConnectivityPublic,
		EIP:          p.ref("AllocationId", design.KindElasticIP),
		PrivateIP:    p.str("PrivateIpAddress"),
	}
	if c := p.str("ConnectivityType"); c != "" {
		n.Connectivity = design.Connectivity(c)
		if !design.IsUnknown(c) {
			n.Connectivity = design.Connectivity(strings.ToLower(c))
		}
	}
	put(b.d, n)
}

// elasticIP maps AWS::EC2::EIP. Its address is allocated by AWS and left
// empty.
func (b *builder) elasticIP(r *resource, p obj) {
	put(b.d, &design.ElasticIP{Base: p.base(r), Workload: p.ref("InstanceId", design.KindWorkload), Address: r.meta["address"]})
}

// eipAssociation maps AWS::EC2::EIPAssociation: the Elastic IP's workload.
func (b *builder) eipAssociation(r *resource, p obj) {
	id := p.ref("AllocationId", design.KindElasticIP)
	if id == "" {
		id = p.ref("EIP", design.KindElasticIP)
	}
	e := b.d.ElasticIPs[id]
	if e == nil {
		b.unmodelled(r, p, "Elastic IP %s is not in the templates", id)
		return
	}
	e.Workload = p.ref("NetworkInterfaceId", design.KindWorkload)
	if e.Workload == "" {
		e.Workload = p.ref("InstanceId", design.KindWorkload)
	}
}
