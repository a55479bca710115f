package design

// InternetGateway is an internet gateway; VPC is the VPC it is attached to,
// empty when detached.
type InternetGateway struct {
	Base
	VPC string `json:"vpc,omitempty"`
}

// Kind returns KindInternetGateway.
func (*InternetGateway) Kind() Kind { return KindInternetGateway }

func (g *InternetGateway) refs(visit refVisitor) {
	if g.VPC != "" {
		visit(at(".vpc"), g.VPC, KindVPC)
	}
}

func (g *InternetGateway) check(*checker) {}

// EgressOnlyInternetGateway lets IPv6 traffic out of a VPC but not in.
type EgressOnlyInternetGateway struct {
	Base
	VPC string `json:"vpc"`
}

// Kind returns KindEgressOnlyInternetGateway.
func (*EgressOnlyInternetGateway) Kind() Kind { return KindEgressOnlyInternetGateway }

func (g *EgressOnlyInternetGateway) refs(visit refVisitor) { visit(at(".vpc"), g.VPC, KindVPC) }

func (g *EgressOnlyInternetGateway) check(c *checker) {
	c.required(at(".vpc"), g.VPC)
}

// Connectivity is a NAT gateway's connectivity type.
type Connectivity string

// The NAT gateway connectivity types.
const (
	ConnectivityPublic  Connectivity = "public"
	ConnectivityPrivate Connectivity = "private"
)

// NATGateway translates the source address of outbound traffic. A public NAT
// gateway sits in a public subnet with an Elastic IP.
type NATGateway struct {
	Base
	Subnet       string       `json:"subnet"`
	Connectivity Connectivity `json:"connectivity" jsonschema:"enum=public,enum=private"`
	// EIP is the Elastic IP of a public NAT gateway.
	EIP       string `json:"eip,omitempty"`
	PrivateIP string `json:"private_ip,omitempty"`
}

// Kind returns KindNATGateway.
func (*NATGateway) Kind() Kind { return KindNATGateway }

func (n *NATGateway) refs(visit refVisitor) {
	visit(at(".subnet"), n.Subnet, KindSubnet)
	if n.EIP != "" {
		visit(at(".eip"), n.EIP, KindElasticIP)
	}
}

func (n *NATGateway) check(c *checker) {
	c.required(at(".subnet"), n.Subnet)
	c.oneOf(at(".connectivity"), string(n.Connectivity), string(ConnectivityPublic), string(ConnectivityPrivate))
	c.addr(at(".private_ip"), n.PrivateIP)
}

// ElasticIP is a static public IPv4 address. Workload names the workload it
// is associated with; a NAT gateway refers to its EIP instead.
type ElasticIP struct {
	Base
	Address  string `json:"address,omitempty"`
	Workload string `json:"workload,omitempty"`
}

// Kind returns KindElasticIP.
func (*ElasticIP) Kind() Kind { return KindElasticIP }

func (e *ElasticIP) refs(visit refVisitor) {
	if e.Workload != "" {
		visit(at(".workload"), e.Workload, KindWorkload)
	}
}

func (e *ElasticIP) check(c *checker) { c.addr(at(".address"), e.Address) }
