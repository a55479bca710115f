package validate

import (
	"slices"
	"strings"
)

// Rule describes one code of the catalogue.
type Rule struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Summary  string   `json:"summary"`
	// Reference is the AWS documentation page the rule follows, if any.
	Reference string `json:"reference,omitempty"`
}

const (
	ugDoc      = "https://docs.aws.amazon.com/vpc/latest/userguide/"
	peeringDoc = "https://docs.aws.amazon.com/vpc/latest/peering/"
	tgwDoc     = "https://docs.aws.amazon.com/vpc/latest/tgw/"
	plDoc      = "https://docs.aws.amazon.com/vpc/latest/privatelink/"
	latticeDoc = "https://docs.aws.amazon.com/vpc-lattice/latest/ug/"
)

// catalogue is the one table of rules: code, default severity, summary and
// reference. It mirrors RULES.md; checks report by code and take the
// severity from here.
var catalogue = []Rule{
	// Structure: what design.Check finds in a design read from a file or
	// imported from a template (Apply refuses these at edit time).
	{"design.ref-missing", Error, "a reference to a resource that is not in the design, or of the wrong kind", ""},
	{"design.value-invalid", Error, "a value that is not valid for its field (protocol, port range, enum, missing field)", ""},

	// CIDR allocation.
	{"cidr.invalid", Error, "not a valid IPv4/IPv6 prefix", ""},
	{"cidr.host-bits", Warning, "host bits set: AWS canonicalises the block, which is rarely what was meant", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html"},
	{"vpc.cidr-size", Error, "VPC IPv4 block outside /16../28", ugDoc + "vpc-cidr-blocks.html"},
	{"vpc.cidr-overlap", Error, "two blocks of one VPC overlap", ugDoc + "vpc-cidr-blocks.html"},
	{"vpc.cidr-mixing", Error, "a secondary block breaks the RFC 1918 / 100.64/10 / 198.19/16 / public mixing table, or is in 169.254/16", ugDoc + "vpc-cidr-blocks.html#add-cidr-block-restrictions"},
	{"vpc.cidr-route-conflict", Error, "a VPC block equal to or larger than an existing route destination in its route tables", ugDoc + "vpc-cidr-blocks.html"},
	{"vpc.cidr-docker", Warning, "172.17.0.0/16 collides with Docker, Cloud9 and SageMaker", ugDoc + "vpc-cidr-blocks.html"},
	{"vpc.cidr-public", Warning, "a VPC block outside the private ranges (RFC 1918, 100.64/10): publicly routable, or a special-purpose block (RFC 6890) named as such", ugDoc + "vpc-cidr-blocks.html"},
	{"subnet.outside-vpc", Error, "subnet block not inside any block of its VPC", ugDoc + "subnet-sizing.html"},
	{"subnet.size", Error, "subnet IPv4 block outside /16../28, or IPv6 block not /64", ugDoc + "subnet-sizing.html"},
	{"subnet.overlap", Error, "two subnets of one VPC overlap", ugDoc + "subnet-sizing.html"},
	{"subnet.az-missing", Error, "subnet without an AZ, or in an AZ not of its VPC's region", ugDoc + "configure-subnets.html"},
	{"subnet.ip-reserved", Error, "a workload address is one of the 5 reserved addresses of its subnet", ugDoc + "subnet-sizing.html"},
	{"subnet.ip-outside", Error, "a workload address outside its subnet", ""},
	{"subnet.ip-duplicate", Error, "a workload address used twice", ""},
	{"subnet.exhausted", Warning, "more ENIs than usable addresses (2^(32-p) - 5)", ugDoc + "subnet-sizing.html"},
	{"vpc.single-az", Warning, "all subnets of a tier in one AZ (no redundancy)", ""},
	{"quota.vpc-cidrs", Warning, "more IPv4 blocks in a VPC than the quota (default 5)", ugDoc + "amazon-vpc-limits.html"},
	{"quota.subnets", Warning, "more subnets in a VPC than the quota (default 200)", ugDoc + "amazon-vpc-limits.html"},
	{"quota.route-tables", Warning, "more route tables in a VPC than the quota (default 200)", ugDoc + "amazon-vpc-limits.html"},
	{"quota.routes", Warning, "more routes in a route table than the quota (default 50 per address family)", ugDoc + "amazon-vpc-limits.html"},
	{"quota.nacl-rules", Warning, "more network ACL rules in one direction than the quota (default 20)", ugDoc + "amazon-vpc-limits.html"},
	{"quota.sg-rules", Warning, "more security group rules in one direction than the quota (default 60)", ugDoc + "amazon-vpc-limits.html"},
	{"quota.sgs-per-eni", Warning, "more security groups on an ENI than the quota (default 5)", ugDoc + "amazon-vpc-limits.html"},
	{"quota.rules-x-sgs", Warning, "security groups per ENI times rules per group above 1000", ugDoc + "amazon-vpc-limits.html"},

	// Route tables.
	{"route.main-missing", Error, "a VPC without a main route table", ugDoc + "VPC_Route_Tables.html"},
	{"route.main-duplicate", Error, "a VPC with more than one main route table", ugDoc + "VPC_Route_Tables.html"},
	{"route.assoc-duplicate", Error, "a subnet associated with more than one route table", ugDoc + "VPC_Route_Tables.html"},
	{"route.assoc-foreign", Error, "a subnet associated with a route table of another VPC", ugDoc + "VPC_Route_Tables.html"},
	{"route.dest-duplicate", Error, "two routes with the same destination in one table", ugDoc + "VPC_Route_Tables.html"},
	{"route.local-override", Error, "a route inside the local route other than a whole subnet or VPC block sent to a NAT gateway, ENI or GWLB endpoint", ugDoc + "route-table-options.html"},
	{"route.target-missing", Error, "the route's target does not exist in the design", ugDoc + "VPC_Route_Tables.html"},
	{"route.target-foreign", Error, "the route's target belongs to another VPC", ugDoc + "VPC_Route_Tables.html"},
	{"route.blackhole", Warning, "the route's target exists but cannot carry traffic", ugDoc + "VPC_Route_Tables.html"},
	{"route.family-mismatch", Error, "an IPv4 destination to an egress-only IGW, or an IPv6 destination other than NAT64's 64:ff9b::/96 to a NAT gateway", ugDoc + "VPC_Route_Tables.html"},
	{"route.reserved-dest", Error, "a destination inside 169.254.168.0/22 or fd00:ec2::/32", ugDoc + "VPC_Route_Tables.html"},
	{"route.peering-outside-peer", Warning, "a route via a peering to a destination wider than or outside the peer VPC's blocks: AWS accepts it, and it carries only the peer's blocks", peeringDoc + "vpc-peering-routing.html"},
	{"route.edge-asymmetric", Warning, "a subnet that a gateway route table sends through an appliance, whose own default route goes straight to the internet gateway (asymmetric routing)", ugDoc + "gateway-route-tables.html"},
	{"route.unused-table", Info, "a custom route table associated with no subnet and no gateway", ugDoc + "VPC_Route_Tables.html"},
	{"route.edge-route", Error, "in a gateway route table (edge association), a route other than a subnet's whole block to a network interface, GWLB endpoint or Network Firewall endpoint, or a gateway of another VPC", ugDoc + "gateway-route-tables.html"},

	// Gateways and endpoints.
	{"igw.duplicate", Error, "more than one internet gateway attached to a VPC", ugDoc + "VPC_Internet_Gateway.html"},
	{"igw.unused", Info, "an internet gateway attached but used by no route", ugDoc + "VPC_Internet_Gateway.html"},
	{"nat.not-public", Error, "a public NAT gateway in a subnet that is not public", ugDoc + "vpc-nat-gateway.html"},
	{"nat.no-eip", Error, "a public NAT gateway without an Elastic IP", ugDoc + "vpc-nat-gateway.html"},
	{"nat.private-eip", Error, "a private NAT gateway with an Elastic IP", ugDoc + "vpc-nat-gateway.html"},
	{"nat.cross-az", Warning, "a subnet's default route uses a NAT gateway in another AZ", ugDoc + "vpc-nat-gateway.html"},
	{"workload.public-ip-no-igw", Warning, "a workload with a public IP or EIP in a subnet without an IGW route", ugDoc + "VPC_Internet_Gateway.html"},
	{"eip.unassociated", Info, "an Elastic IP attached to nothing", ugDoc + "vpc-eips.html"},
	{"endpoint.gateway-service", Error, "a gateway endpoint for a service other than S3, S3 Express or DynamoDB", plDoc + "gateway-endpoints.html"},
	{"endpoint.gateway-duplicate", Error, "two gateway endpoints for one service on one route table", plDoc + "gateway-endpoints.html"},
	{"endpoint.private-dns", Error, "an interface endpoint with private DNS in a VPC without enableDnsSupport and enableDnsHostnames", plDoc + "privatelink-access-aws-services.html"},
	{"endpoint.subnet-az-duplicate", Error, "an interface endpoint with two subnets in one AZ", plDoc + "privatelink-access-aws-services.html"},
	{"endpointservice.no-nlb", Error, "an endpoint service without an NLB or GWLB, or an NLB in two services", plDoc + "create-endpoint-service.html"},
	{"lattice.vpc-multiple", Error, "a VPC associated with more than one service network", latticeDoc + "service-network-associations.html"},

	// Network ACLs.
	{"nacl.rule-number", Error, "a rule number outside 1..32766, or used twice in one direction", ugDoc + "vpc-network-acls.html"},
	{"nacl.default-missing", Error, "a VPC without exactly one default network ACL", ugDoc + "vpc-network-acls.html"},
	{"nacl.assoc-duplicate", Error, "a subnet associated with more than one network ACL", ugDoc + "vpc-network-acls.html"},
	{"nacl.shadowed", Warning, "a rule that can never match because lower-numbered rules cover it", ugDoc + "vpc-network-acls.html"},
	{"nacl.return-blocked", Warning, "traffic one way is allowed but its return to the clients' ephemeral ports is not: NACLs are stateless", ugDoc + "vpc-network-acls.html#nacl-ephemeral-ports"},
	{"nacl.ephemeral-gap", Warning, "the return of allowed traffic is admitted on only part of the clients' ephemeral ports (NAT gateways and load balancers 1024-65535, Linux 32768-60999, Windows 49152-65535)", ugDoc + "vpc-network-acls.html#nacl-ephemeral-ports"},
	{"nacl.custom-empty", Warning, "a custom network ACL with no allow rules on a subnet with workloads", ugDoc + "vpc-network-acls.html"},

	// Security groups.
	{"sg.ref-missing", Error, "a rule references a security group that does not exist", ugDoc + "security-group-rules.html"},
	{"sg.ref-foreign", Error, "a rule references a group of another VPC that is not peered with this one in the same region, nor (inbound rules only) joined to it by a transit gateway with security group referencing on for it and both attachments", ugDoc + "security-group-rules.html"},
	{"sg.vpc-mismatch", Error, "a workload uses a security group of another VPC", ugDoc + "security-groups.html"},
	{"sg.world-admin", Warning, "SSH, RDP or all ports open to the world", ugDoc + "security-group-rules.html"},
	{"sg.world-db", Warning, "a database port open to the world", ugDoc + "security-group-rules.html"},
	{"sg.unused", Info, "a security group used by no workload, endpoint, rule or resource kept opaque (an EKS cluster, a launch template)", ugDoc + "security-groups.html"},
	{"sg.redundant-rule", Info, "a rule covered by another rule of the same group", ugDoc + "security-group-rules.html"},

	// Peering and transit.
	{"peering.cidr-overlap", Error, "a block of one peered VPC overlaps a block of the other", peeringDoc + "vpc-peering-basics.html"},
	{"peering.duplicate", Error, "more than one peering between the same two VPCs", peeringDoc + "vpc-peering-basics.html"},
	{"peering.self", Error, "a VPC peered with itself", peeringDoc + "vpc-peering-basics.html"},
	{"peering.route-one-sided", Warning, "one side routes to the peer and the other has no route back", peeringDoc + "vpc-peering-routing.html"},
	{"peering.transitive", Error, "a path that needs transitive peering or a peer's gateway (edge-to-edge routing)", peeringDoc + "invalid-peering-configurations.html"},
	{"tgw.attachment-az", Warning, "workloads in an AZ where the VPC's transit gateway attachment has no subnet", tgwDoc + "tgw-vpc-attachments.html"},
	{"tgw.attachment-overlap", Warning, "an attachment overlaps another on the same transit gateway route table: its routes are not propagated", tgwDoc + "how-transit-gateways-work.html"},
	{"tgw.route-missing", Warning, "a VPC route points at the transit gateway but the attachment's TGW route table has no route to the destination", tgwDoc + "how-transit-gateways-work.html"},
	{"tgw.association-duplicate", Error, "an attachment associated with more than one transit gateway route table", tgwDoc + "tgw-route-tables.html"},
	{"region.mismatch", Error, "an attachment, endpoint or subnet in a different region from its parent", ""},
}

// Rules returns the catalogue, sorted by code.
func Rules() []Rule {
	out := slices.Clone(catalogue)
	slices.SortFunc(out, func(a, b Rule) int { return strings.Compare(a.Code, b.Code) })
	return out
}

var ruleByCode = func() map[string]Rule {
	m := make(map[string]Rule, len(catalogue))
	for _, r := range catalogue {
		m[r.Code] = r
	}
	return m
}()

// LookupRule returns the rule with the code.
func LookupRule(code string) (Rule, bool) {
	r, ok := ruleByCode[code]
	return r, ok
}
