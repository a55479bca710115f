// Package designtest builds large, realistic designs for benchmarks and
// load tests. It is deterministic: the same Size gives the same design.
package designtest

import (
	"fmt"

	"github.com/vpcboard/vpcboard/internal/design"
)

// Size says how many of each resource Generate makes.
type Size struct {
	VPCs           int
	SubnetsPerVPC  int
	WorkloadsPer   int // workloads per subnet
	GroupsPerVPC   int
	RulesPerGroup  int
	TablesPerVPC   int // custom route tables per VPC, besides the main one
	RoutesPerTable int
	NACLsPerVPC    int // custom NACLs per VPC, besides the default one
	EntriesPerNACL int
}

// Base is the benchmark size of the core issue: 50 VPCs, 1,000 subnets,
// 2,000 workloads, 300 groups of 20 rules, 200 route tables of 20 routes
// and 100 NACLs of 20 entries (custom ones; each VPC also has its main
// table, default NACL and default group).
var Base = Size{
	VPCs: 50, SubnetsPerVPC: 20, WorkloadsPer: 2,
	GroupsPerVPC: 6, RulesPerGroup: 20,
	TablesPerVPC: 4, RoutesPerTable: 20,
	NACLsPerVPC: 2, EntriesPerNACL: 20,
}

// Scale returns s with the number of VPCs multiplied by f (at least 1), so
// every total scales by f.
func (s Size) Scale(f float64) Size {
	s.VPCs = max(1, int(float64(s.VPCs)*f))
	return s
}

var azs = []string{"us-east-1a", "us-east-1b", "us-east-1c"}

// Generate returns a design of the given size: VPC i is 10.i.0.0/16 (up to
// 250 VPCs, then 172.16-31 and 100.64-127 ranges) with /24 subnets spread
// over three AZs, an internet gateway and a NAT gateway, every VPC attached
// to one transit gateway, neighbouring VPCs peered, route tables sending the
// other VPCs' blocks to the transit gateway, NACLs of numbered allow and
// deny entries, and security groups with CIDR and group rules. It validates
// without errors.
func Generate(s Size) *design.Design {
	d := design.New(fmt.Sprintf("generated %d VPCs", s.VPCs))
	d.Region, d.Account = "us-east-1", "111111111111"
	g := &gen{d: d, s: s}
	g.run()
	return d
}

type gen struct {
	d   *design.Design
	s   Size
	ops []design.Op
}

func (g *gen) put(r design.Resource) { g.ops = append(g.ops, design.Put(r)) }

// vpcBlock returns the /16 of VPC i.
func vpcBlock(i int) string {
	switch {
	case i < 250:
		return fmt.Sprintf("10.%d.0.0/16", i)
	case i < 266:
		return fmt.Sprintf("172.%d.0.0/16", 16+i-250)
	default:
		return fmt.Sprintf("100.%d.0.0/16", 64+(i-266)%64)
	}
}

func vpcPrefix(i int) string { // "10.3" for VPC 3
	b := vpcBlock(i)
	n := 0
	for j := range b {
		if b[j] == '.' {
			n++
			if n == 2 {
				return b[:j]
			}
		}
	}
	return b
}

func ports(a, b int) *design.PortRange { return &design.PortRange{From: a, To: b} }

func (g *gen) run() {
	s := g.s
	tgw := &design.TransitGateway{ASN: 64512}
	tgw.ID = "tgw"
	g.put(tgw)
	tgwRT := &design.TransitGatewayRouteTable{TransitGateway: "tgw"}
	tgwRT.ID = "tgw-rt"
	for i := range s.VPCs {
		g.vpc(i, tgwRT)
	}
	for i := 0; i+1 < s.VPCs; i += 2 {
		p := &design.PeeringConnection{Requester: fmt.Sprintf("vpc%d", i), Accepter: fmt.Sprintf("vpc%d", i+1)}
		p.ID = fmt.Sprintf("pcx%d-%d", i, i+1)
		g.put(p)
	}
	g.put(tgwRT)
	if err := design.Apply(g.d, g.ops...); err != nil {
		panic("designtest: generated design refused: " + err.Error())
	}
}

func (g *gen) vpc(i int, tgwRT *design.TransitGatewayRouteTable) {
	s := g.s
	vid := fmt.Sprintf("vpc%d", i)
	pre := vpcPrefix(i)
	v := &design.VPC{CIDR: vpcBlock(i), DNSSupport: boolp(true), DNSHostnames: boolp(true)}
	v.ID = vid
	v.Tags = map[string]string{"Name": vid}
	vpcOps := design.NewVPCOps(v)
	g.ops = append(g.ops, vpcOps...)

	igw := &design.InternetGateway{VPC: vid}
	igw.ID = vid + "-igw"
	g.put(igw)

	var subnets []string
	for j := range s.SubnetsPerVPC {
		sn := &design.Subnet{VPC: vid, AZ: azs[j%len(azs)], CIDR: fmt.Sprintf("%s.%d.0/24", pre, j)}
		sn.ID = fmt.Sprintf("%s-s%d", vid, j)
		if j < len(azs) {
			sn.Tier = "public"
		} else {
			sn.Tier = "private"
		}
		g.put(sn)
		subnets = append(subnets, sn.ID)
	}
	// A public NAT gateway in each AZ's public subnet (subnets 0-2).
	var nats []string
	for z := range min(len(azs), len(subnets)) {
		eip := &design.ElasticIP{}
		eip.ID = fmt.Sprintf("%s-nat%d-eip", vid, z)
		g.put(eip)
		nat := &design.NATGateway{Subnet: subnets[z], Connectivity: design.ConnectivityPublic, EIP: eip.ID}
		nat.ID = fmt.Sprintf("%s-nat%d", vid, z)
		g.put(nat)
		nats = append(nats, nat.ID)
	}
	att := &design.TransitGatewayAttachment{TransitGateway: "tgw", VPC: vid, Subnets: subnets[:min(len(azs), len(subnets))]}
	att.ID = vid + "-att"
	g.put(att)
	tgwRT.Associations = append(tgwRT.Associations, att.ID)
	tgwRT.Propagations = append(tgwRT.Propagations, att.ID)

	// Route tables: the first is public (default route to the IGW), the
	// others private, one per AZ (default route to that AZ's NAT gateway);
	// every table sends other VPCs' blocks to the transit gateway, whose
	// route table has them all by propagation.
	for t := range s.TablesPerVPC {
		rt := &design.RouteTable{VPC: vid}
		rt.ID = fmt.Sprintf("%s-rt%d", vid, t)
		az := (t - 1) % len(azs)
		if t == 0 {
			rt.Routes = append(rt.Routes, route("0.0.0.0/0", design.TargetInternetGateway, igw.ID))
		} else {
			rt.Routes = append(rt.Routes, route("0.0.0.0/0", design.TargetNATGateway, nats[az%len(nats)]))
		}
		for k := 1; len(rt.Routes) < s.RoutesPerTable && k < s.VPCs; k++ {
			rt.Routes = append(rt.Routes, route(vpcBlock((i+k)%s.VPCs), design.TargetTransitGateway, "tgw"))
		}
		for j, sn := range subnets {
			public := j < len(azs)
			switch {
			case t == 0 && public:
				rt.Subnets = append(rt.Subnets, sn)
			case t > 0 && !public && (j-len(azs))%(s.TablesPerVPC-1) == t-1:
				rt.Subnets = append(rt.Subnets, sn)
			}
		}
		g.put(rt)
	}

	// NACLs: deny rules for quarantined addresses, service ports from the
	// VPC, then the ephemeral ports for return traffic.
	for n := range s.NACLsPerVPC {
		acl := &design.NetworkACL{VPC: vid}
		acl.ID = fmt.Sprintf("%s-acl%d", vid, n)
		for k := range s.EntriesPerNACL {
			e := design.NACLEntry{Number: 100 + 10*k, Protocol: design.ProtocolTCP, CIDR: vpcBlock(i), Action: design.Allow}
			switch {
			case k == s.EntriesPerNACL-1:
				e.Ports, e.CIDR = ports(1024, 65535), "0.0.0.0/0"
			case k%5 == 0:
				e.Action, e.CIDR = design.Deny, fmt.Sprintf("192.0.2.%d/32", k)
			default:
				e.Ports = ports(8000+k, 8000+k)
			}
			acl.Inbound = append(acl.Inbound, e)
			acl.Outbound = append(acl.Outbound, e)
		}
		for j, sn := range subnets {
			if j >= len(azs) && j%(s.NACLsPerVPC+1) == n+1 {
				acl.Subnets = append(acl.Subnets, sn)
			}
		}
		g.put(acl)
	}

	// Security groups: group 0 fronts the others; each group allows its
	// predecessor and a set of service ports from the VPC.
	var groups []string
	for k := range s.GroupsPerVPC {
		sg := &design.SecurityGroup{VPC: vid, Description: fmt.Sprintf("tier %d", k),
			Egress: []design.SGRule{{Protocol: design.ProtocolAll, CIDR: "0.0.0.0/0"}}}
		sg.ID = fmt.Sprintf("%s-sg%d", vid, k)
		for r := 0; len(sg.Ingress) < s.RulesPerGroup; r++ {
			rule := design.SGRule{Protocol: design.ProtocolTCP, Ports: ports(9000+r, 9000+r), CIDR: fmt.Sprintf("%s.%d.0/24", pre, r%max(1, s.SubnetsPerVPC))}
			if r == 0 && k > 0 {
				rule = design.SGRule{Protocol: design.ProtocolTCP, Ports: ports(443, 443), Group: groups[k-1]}
			}
			sg.Ingress = append(sg.Ingress, rule)
		}
		groups = append(groups, sg.ID)
		g.put(sg)
	}

	for j, sn := range subnets {
		for w := range s.WorkloadsPer {
			wl := &design.Workload{Type: design.WorkloadInstance,
				Interfaces: []design.Interface{{Subnet: sn, PrivateIP: fmt.Sprintf("%s.%d.%d", pre, j, 10+w)}}}
			wl.ID = fmt.Sprintf("%s-w%d-%d", vid, j, w)
			if len(groups) > 0 {
				wl.SecurityGroups = []string{groups[(j+w)%len(groups)]}
			}
			g.put(wl)
		}
	}
}

func route(dest string, t design.TargetType, id string) design.Route {
	return design.Route{Destination: dest, Target: design.Target{Type: t, ID: id}}
}

func boolp(b bool) *bool { return &b }
