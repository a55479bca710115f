package validate

import (
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// sgr returns a security group rule; ports -1 means all ports. peer is
// a CIDR, "pl-..." for a prefix list, or a group ID otherwise.
func sgr(p design.Protocol, from, to int, peer string) design.SGRule {
	r := design.SGRule{Protocol: p}
	if from >= 0 {
		r.Ports = &design.PortRange{From: from, To: to}
	}
	switch {
	case design.IsManagedPrefixList(peer):
		r.PrefixList = peer
	case len(peer) > 0 && (peer[0] >= '0' && peer[0] <= '9' || peer[0] == ':'):
		r.CIDR = peer
	default:
		r.Group = peer
	}
	return r
}

// group returns a security group of VPC v with ingress rules and the usual
// egress to anywhere.
func group(id, vpc string, ingress ...design.SGRule) *design.SecurityGroup {
	return &design.SecurityGroup{Base: baseOf(id), VPC: vpc, Ingress: ingress,
		Egress: []design.SGRule{sgr(all, -1, 0, "0.0.0.0/0")}}
}

// sgVPCs builds VPCs a (10.0.0.0/16) and b (10.1.0.0/16), each with a
// subnet (sa, sb).
func sgVPCs(t *testing.T) *netFixture {
	f := newNetFixture(t).vpc("a", "10.0.0.0/16").vpc("b", "10.1.0.0/16")
	return f.subnet("sa", "a", "us-east-1a", "10.0.1.0/24").subnet("sb", "b", "us-east-1a", "10.1.1.0/24")
}

func TestSecurityGroupRules(t *testing.T) {
	codes := []string{"sg.ref-foreign", "sg.vpc-mismatch", "sg.world-admin", "sg.world-db", "sg.unused", "sg.redundant-rule"}
	tests := []struct {
		name  string
		build func(f *netFixture)
		want  []wantFinding
	}{
		{
			name: "default groups and used groups",
			build: func(f *netFixture) {
				f.put(group("web", "a", sgr(tcp, 443, 443, "0.0.0.0/0"), sgr(tcp, 443, 443, "::/0")),
					group("app", "a", sgr(tcp, 8080, 8080, "web")))
				f.workload("w1", "sa", "web").workload("w2", "sa", "app")
			},
		},
		{
			name: "group of a VPC that is not peered",
			build: func(f *netFixture) {
				f.put(group("gb", "b"))
				f.put(group("ga", "a", sgr(tcp, 443, 443, "gb")))
				f.workload("wa", "sa", "ga")
			},
			want: []wantFinding{{"sg.ref-foreign", "security-group[ga].ingress[0].group", []string{"ga", "gb"}}},
		},
		{
			name: "group of a peered VPC in the same region",
			build: func(f *netFixture) {
				f.put(&design.PeeringConnection{Base: baseOf("pcx"), Requester: "a", Accepter: "b"}, group("gb", "b"))
				f.put(group("ga", "a", sgr(tcp, 443, 443, "gb")))
				f.workload("wa", "sa", "ga")
			},
		},
		{
			name: "group of a VPC peered across regions",
			build: func(f *netFixture) {
				f.d.VPCs["b"].Region = "eu-west-1"
				f.put(&design.PeeringConnection{Base: baseOf("pcx"), Requester: "a", Accepter: "b"}, group("gb", "b"))
				f.put(group("ga", "a", sgr(tcp, 443, 443, "gb")))
				f.workload("wa", "sa", "ga")
			},
			want: []wantFinding{{"sg.ref-foreign", "security-group[ga].ingress[0].group", []string{"ga", "gb"}}},
		},
		{
			name: "workload, endpoint and Lattice association using another VPC's group",
			build: func(f *netFixture) {
				f.put(group("gb", "b"), &design.LatticeServiceNetwork{Base: baseOf("sn")})
				f.workload("wa", "sa", "a.default-sg", "gb")
				f.put(&design.VPCEndpoint{Base: baseOf("ssm"), VPC: "a", Type: design.EndpointInterface,
					Service: "com.amazonaws.us-east-1.ssm", Subnets: []string{"sa"}, SecurityGroups: []string{"gb"}},
					&design.LatticeAssociation{Base: baseOf("assoc"), ServiceNetwork: "sn", VPC: "a", SecurityGroups: []string{"gb"}})
			},
			want: []wantFinding{
				{"sg.vpc-mismatch", "workload[wa].security_groups[1]", []string{"wa", "gb"}},
				{"sg.vpc-mismatch", "vpc-endpoint[ssm].security_groups[0]", []string{"ssm", "gb"}},
				{"sg.vpc-mismatch", "lattice-association[assoc].security_groups[0]", []string{"assoc", "gb"}},
			},
		},
		{
			name: "administration and database ports open to the world",
			build: func(f *netFixture) {
				f.put(group("open", "a",
					sgr(tcp, 22, 22, "0.0.0.0/0"),
					sgr(tcp, 3389, 3389, "::/0"),
					sgr(udp, 3389, 3389, "0.0.0.0/0"),
					sgr(all, -1, 0, "0.0.0.0/0"),
					sgr(tcp, 5432, 5432, "0.0.0.0/0"),
					sgr(tcp, 3000, 4000, "::/0"),
					sgr(tcp, 0, 65535, "::/0"),
					sgr(tcp, 22, 22, "10.0.0.0/8"),    // not the world
					sgr(tcp, 443, 443, "0.0.0.0/0"),   // not an admin or database port
					sgr(udp, 5432, 5432, "0.0.0.0/0"), // databases listen on tcp
				))
				f.workload("w", "sa", "open")
			},
			want: []wantFinding{
				{"sg.world-admin", "security-group[open].ingress[0]", []string{"open"}},
				{"sg.world-admin", "security-group[open].ingress[1]", nil},
				{"sg.world-admin", "security-group[open].ingress[2]", nil},
				{"sg.world-admin", "security-group[open].ingress[3]", nil},
				{"sg.world-db", "security-group[open].ingress[4]", []string{"open"}},
				{"sg.world-admin", "security-group[open].ingress[5]", nil},
				{"sg.world-db", "security-group[open].ingress[5]", nil},
				{"sg.world-admin", "security-group[open].ingress[6]", nil},
				// Rules covered by rule 3 (all traffic from 0.0.0.0/0).
				{"sg.redundant-rule", "security-group[open].ingress[0]", nil},
				{"sg.redundant-rule", "security-group[open].ingress[2]", nil},
				{"sg.redundant-rule", "security-group[open].ingress[4]", nil},
				{"sg.redundant-rule", "security-group[open].ingress[7]", nil},
				{"sg.redundant-rule", "security-group[open].ingress[8]", nil},
				{"sg.redundant-rule", "security-group[open].ingress[9]", nil},
				// Covered by rule 6 (tcp 0-65535 from ::/0).
				{"sg.redundant-rule", "security-group[open].ingress[1]", nil},
				{"sg.redundant-rule", "security-group[open].ingress[5]", nil},
			},
		},
		{
			name: "unused groups",
			build: func(f *netFixture) {
				f.put(group("idle", "a"), group("self-only", "a", sgr(all, -1, 0, "self-only")),
					group("target", "a"), group("source", "a", sgr(tcp, 443, 443, "target")),
					group("for-endpoint", "a"), &design.LatticeServiceNetwork{Base: baseOf("sn")}, group("for-lattice", "a"))
				f.workload("w", "sa", "source")
				f.put(&design.VPCEndpoint{Base: baseOf("ssm"), VPC: "a", Type: design.EndpointInterface,
					Service: "com.amazonaws.us-east-1.ssm", Subnets: []string{"sa"}, SecurityGroups: []string{"for-endpoint"}},
					&design.LatticeAssociation{Base: baseOf("assoc"), ServiceNetwork: "sn", VPC: "a", SecurityGroups: []string{"for-lattice"}})
			},
			want: []wantFinding{
				{"sg.unused", "security-group[idle]", []string{"idle"}},
				{"sg.unused", "security-group[self-only]", []string{"self-only"}},
			},
		},
		{
			name: "redundant rules",
			build: func(f *netFixture) {
				g := group("g", "a",
					sgr(tcp, 443, 443, "10.1.0.0/16"), // inside rule 1
					sgr(tcp, 443, 443, "10.0.0.0/8"),
					sgr(tcp, 443, 443, "10.0.0.0/8"), // same as rule 1: the later is reported
					sgr(tcp, 0, 65535, "web"),
					sgr(tcp, 8443, 8443, "web"), // inside rule 3
					sgr(udp, 443, 443, "10.0.0.0/8"),
					sgr(tcp, 443, 443, "pl-0123456789abcdef0"),
					sgr(tcp, 443, 443, "pl-0fedcba9876543210"),
					sgr(tcp, 443, 443, "app"),
				)
				g.Egress = append(g.Egress, sgr(tcp, 443, 443, "10.0.0.0/8")) // inside egress rule 0
				f.put(group("web", "a"), group("app", "a"), g)
				f.workload("w", "sa", "g", "web", "app")
			},
			want: []wantFinding{
				{"sg.redundant-rule", "security-group[g].ingress[0]", []string{"g"}},
				{"sg.redundant-rule", "security-group[g].ingress[2]", nil},
				{"sg.redundant-rule", "security-group[g].ingress[4]", nil},
				{"sg.redundant-rule", "security-group[g].egress[1]", nil},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := sgVPCs(t)
			tt.build(f)
			assertFindings(t, f.d, codes, tt.want)
		})
	}
}
