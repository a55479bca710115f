package design

// VPC is a virtual private cloud: a primary IPv4 block, optional secondary
// IPv4 blocks and IPv6 blocks, and its DNS attributes.
type VPC struct {
	Base
	// Region and Account default to the design's.
	Region  string `json:"region,omitempty"`
	Account string `json:"account,omitempty"`
	// CIDR is the primary IPv4 block.
	CIDR string `json:"cidr"`
	// SecondaryCIDRs are further IPv4 blocks associated with the VPC.
	SecondaryCIDRs []string `json:"secondary_cidrs,omitempty"`
	// IPv6CIDRs are the VPC's IPv6 blocks (usually one /56, often unknown
	// until AWS allocates it).
	IPv6CIDRs []string `json:"ipv6_cidrs,omitempty"`
	// DNSSupport is enableDnsSupport; nil means AWS's default, true.
	DNSSupport *bool `json:"dns_support,omitempty"`
	// DNSHostnames is enableDnsHostnames; nil means AWS's default, false.
	DNSHostnames *bool `json:"dns_hostnames,omitempty"`
}

// Kind returns KindVPC.
func (*VPC) Kind() Kind { return KindVPC }

// DNSSupportEnabled reports whether enableDnsSupport is on (default true).
func (v *VPC) DNSSupportEnabled() bool { return v.DNSSupport == nil || *v.DNSSupport }

// DNSHostnamesEnabled reports whether enableDnsHostnames is on (default
// false).
func (v *VPC) DNSHostnamesEnabled() bool { return v.DNSHostnames != nil && *v.DNSHostnames }

// IPv4CIDRs returns the primary block followed by the secondary ones.
func (v *VPC) IPv4CIDRs() []string {
	out := make([]string, 0, 1+len(v.SecondaryCIDRs))
	if v.CIDR != "" {
		out = append(out, v.CIDR)
	}
	return append(out, v.SecondaryCIDRs...)
}

func (v *VPC) refs(refVisitor) {}

func (v *VPC) check(c *checker) {
	c.cidr(at(".cidr"), v.CIDR, true)
	for i, s := range v.SecondaryCIDRs {
		c.cidr(item(".secondary_cidrs", i), s, true)
	}
	for i, s := range v.IPv6CIDRs {
		c.cidr(item(".ipv6_cidrs", i), s, true)
	}
}

// MainRouteTableID returns the conventional ID of a VPC's main route table,
// as the importer and NewVPCOps name it.
func MainRouteTableID(vpcID string) string { return vpcID + ".main-rtb" }

// DefaultNetworkACLID returns the conventional ID of a VPC's default network
// ACL.
func DefaultNetworkACLID(vpcID string) string { return vpcID + ".default-nacl" }

// DefaultSecurityGroupID returns the conventional ID of a VPC's default
// security group.
func DefaultSecurityGroupID(vpcID string) string { return vpcID + ".default-sg" }

// NewVPCOps returns the ops that create a VPC as AWS does: the VPC, its main
// route table, its default network ACL (allow all in and out, IPv4 and IPv6
// when the VPC has IPv6) and its default security group (members may talk
// to each other; all outbound allowed).
func NewVPCOps(v *VPC) []Op {
	id := v.ID
	worlds := []string{"0.0.0.0/0"}
	if len(v.IPv6CIDRs) > 0 {
		worlds = append(worlds, "::/0")
	}
	nacl := &NetworkACL{VPC: id, Default: true}
	sg := &SecurityGroup{VPC: id, Description: "default VPC security group",
		Ingress: []SGRule{{Protocol: ProtocolAll, Group: DefaultSecurityGroupID(id)}}}
	for i, w := range worlds {
		e := NACLEntry{Number: 100 + i, Protocol: ProtocolAll, CIDR: w, Action: Allow}
		nacl.Inbound = append(nacl.Inbound, e)
		nacl.Outbound = append(nacl.Outbound, e)
		sg.Egress = append(sg.Egress, SGRule{Protocol: ProtocolAll, CIDR: w})
	}
	nacl.ID = DefaultNetworkACLID(id)
	sg.ID = DefaultSecurityGroupID(id)
	rt := &RouteTable{VPC: id, Main: true}
	rt.ID = MainRouteTableID(id)
	return []Op{Put(v), Put(rt), Put(nacl), Put(sg)}
}
