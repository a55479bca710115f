package design

// Subnet is a range of a VPC in one availability zone.
type Subnet struct {
	Base
	VPC string `json:"vpc"`
	// AZ is the availability zone name ("us-east-1a") or ID ("use1-az1").
	AZ       string `json:"az"`
	CIDR     string `json:"cidr,omitempty"`
	IPv6CIDR string `json:"ipv6_cidr,omitempty"`
	// MapPublicIP is MapPublicIpOnLaunch: instances get a public IPv4
	// address unless they say otherwise.
	MapPublicIP bool `json:"map_public_ip,omitempty"`
	// Tier groups subnets that serve the same role ("public", "app",
	// "data"); validate's vpc.single-az looks at it.
	Tier string `json:"tier,omitempty"`
}

// Kind returns KindSubnet.
func (*Subnet) Kind() Kind { return KindSubnet }

func (s *Subnet) refs(visit refVisitor) { visit(at(".vpc"), s.VPC, KindVPC) }

func (s *Subnet) check(c *checker) {
	c.required(at(".vpc"), s.VPC)
	if s.CIDR == "" && s.IPv6CIDR == "" {
		c.add(at(".cidr"), ReasonInvalid, "missing CIDR block (a subnet needs an IPv4 or an IPv6 block)")
	}
	c.cidr(at(".cidr"), s.CIDR, false)
	c.cidr(at(".ipv6_cidr"), s.IPv6CIDR, false)
}
