package importer

import (
	"github.com/vpcboard/vpcboard/internal/design"
)

// vpc maps AWS::EC2::VPC. Its implicit resources are added after the
// stage that adds its further blocks.
func (b *builder) vpc(r *resource, p obj) {
	v := &design.VPC{Base: p.base(r), CIDR: p.str("CidrBlock")}
	if v.CIDR == "" && p.has("Ipv4IpamPoolId") {
		v.CIDR = design.Unknown("Ipv4IpamPoolId allocation of " + r.id)
	}
	if p.has("EnableDnsSupport") {
		on := p.boolean("EnableDnsSupport", true)
		v.DNSSupport = &on
	}
	if p.has("EnableDnsHostnames") {
		on := p.boolean("EnableDnsHostnames", false)
		v.DNSHostnames = &on
	}
	put(b.d, v)
}

// vpcCidrBlock maps AWS::EC2::VPCCidrBlock: a secondary IPv4 block or an
// IPv6 block of a VPC; blocks AWS allocates are unknown.
func (b *builder) vpcCidrBlock(r *resource, p obj) {
	v := parent(b, r, p, "VpcId", design.KindVPC, b.d.VPCs)
	if v == nil {
		return
	}
	switch {
	case p.has("CidrBlock"):
		v.SecondaryCIDRs = append(v.SecondaryCIDRs, p.str("CidrBlock"))
	case p.has("Ipv4IpamPoolId"):
		v.SecondaryCIDRs = append(v.SecondaryCIDRs, design.Unknown("Ipv4IpamPoolId allocation of "+r.id))
	case p.has("Ipv6CidrBlock"):
		b.addIPv6(v, p.str("Ipv6CidrBlock"))
	case p.boolean("AmazonProvidedIpv6CidrBlock", false):
		b.addIPv6(v, design.Unknown("AmazonProvidedIpv6CidrBlock "+r.id))
	case p.has("Ipv6IpamPoolId"), p.has("Ipv6Pool"):
		b.addIPv6(v, design.Unknown("IPv6 pool allocation of "+r.id))
	}
}

// addIPv6 adds an IPv6 block to a VPC. If the VPC's default ACL and group
// already exist (the block comes from a later stack), they get the IPv6
// allow-all rules AWS adds.
func (b *builder) addIPv6(v *design.VPC, block string) {
	first := len(v.IPv6CIDRs) == 0
	v.IPv6CIDRs = append(v.IPv6CIDRs, block)
	if !first {
		return
	}
	const world = "::/0"
	if n := b.d.NetworkACLs[design.DefaultNetworkACLID(v.ID)]; n != nil {
		e := design.NACLEntry{Number: 101, Protocol: design.ProtocolAll, CIDR: world, Action: design.Allow}
		n.Inbound = append(n.Inbound, e)
		n.Outbound = append(n.Outbound, e)
	}
	if g := b.d.SecurityGroups[design.DefaultSecurityGroupID(v.ID)]; g != nil {
		g.Egress = append(g.Egress, design.SGRule{Protocol: design.ProtocolAll, CIDR: world})
	}
}

// subnet maps AWS::EC2::Subnet. A subnet without a zone gets one AWS
// chooses: unknown.
func (b *builder) subnet(r *resource, p obj) {
	s := &design.Subnet{
		Base:        p.base(r),
		VPC:         p.ref("VpcId", design.KindVPC),
		AZ:          p.str("AvailabilityZone"),
		CIDR:        p.str("CidrBlock"),
		IPv6CIDR:    p.str("Ipv6CidrBlock"),
		MapPublicIP: p.boolean("MapPublicIpOnLaunch", false),
		Tier:        r.meta["tier"],
	}
	if s.AZ == "" {
		s.AZ = p.str("AvailabilityZoneId")
	}
	if s.AZ == "" {
		s.AZ = design.Unknown("AvailabilityZone chosen by AWS")
	}
	if s.CIDR == "" && p.has("Ipv4IpamPoolId") {
		s.CIDR = design.Unknown("Ipv4IpamPoolId allocation of " + r.id)
	}
	if s.IPv6CIDR == "" && p.has("Ipv6IpamPoolId") {
		s.IPv6CIDR = design.Unknown("Ipv6IpamPoolId allocation of " + r.id)
	}
	put(b.d, s)
}

// subnetCidrBlock maps AWS::EC2::SubnetCidrBlock: a subnet's IPv6 block.
func (b *builder) subnetCidrBlock(r *resource, p obj) {
	s := parent(b, r, p, "SubnetId", design.KindSubnet, b.d.Subnets)
	if s == nil {
		return
	}
	s.IPv6CIDR = p.str("Ipv6CidrBlock")
	if s.IPv6CIDR == "" {
		s.IPv6CIDR = design.Unknown("Ipv6IpamPoolId allocation of " + r.id)
	}
}

// internetGateway maps AWS::EC2::InternetGateway; its VPC comes from a
// VPCGatewayAttachment.
func (b *builder) internetGateway(r *resource, p obj) {
	put(b.d, &design.InternetGateway{Base: p.base(r)})
}

// gatewayAttachment maps AWS::EC2::VPCGatewayAttachment: an internet
// gateway attached to a VPC. Virtual private gateways are not modelled.
func (b *builder) gatewayAttachment(r *resource, p obj) {
	if !p.has("InternetGatewayId") {
		b.unmodelled(r, p, "virtual private gateways are not modelled")
		return
	}
	g := parent(b, r, p, "InternetGatewayId", design.KindInternetGateway, b.d.InternetGateways)
	if g == nil {
		return
	}
	g.VPC = p.ref("VpcId", design.KindVPC)
}

// egressOnlyGateway maps AWS::EC2::EgressOnlyInternetGateway.
func (b *builder) egressOnlyGateway(r *resource, p obj) {
	put(b.d, &design.EgressOnlyInternetGateway{Base: p.base(r), VPC: p.ref("VpcId", design.KindVPC)})
}

// prefixList maps AWS::EC2::PrefixList, a customer-managed prefix list.
func (b *builder) prefixList(r *resource, p obj) {
	pl := &design.PrefixList{Base: p.base(r), Name: p.str("PrefixListName")}
	for _, e := range p.list("Entries") {
		pl.Entries = append(pl.Entries, e.str("Cidr"))
	}
	put(b.d, pl)
}
