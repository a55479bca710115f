package reach

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/importer"
)

// importAWS16 imports a template of testdata/aws16: one small
// CloudFormation template per point of issue 16 ("AWS semantics, second
// pass").
func importAWS16(t testing.TB, file string) *design.Design {
	t.Helper()
	f, err := os.Open("testdata/aws16/" + file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := importer.Import(f, file, importer.Options{})
	if err != nil {
		t.Fatalf("importer.Import(%s): %v", file, err)
	}
	return res.Design
}

// TestAWSSemanticsSecondPass traces the templates of testdata/aws16 and
// checks each verdict, the kinds of its blockers, and a phrase of the hop
// that decides it.
func TestAWSSemanticsSecondPass(t *testing.T) {
	tests := []struct {
		file, from, to, proto string
		port                  int
		want                  Verdict
		blockers              []string // kinds, in order
		detail                string   // a phrase of some hop's detail
	}{
		// Point 1: replies to an internet-initiated IPv6 connection leave
		// through the egress-only gateway, which drops them.
		{"01-egress-only-igw.yaml", "::/0", "Web", "tcp", 443, Unreachable, []string{KindRoute}, "egress-only"},
		// Outbound IPv6 through it still works.
		{"01-egress-only-igw.yaml", "Web", "::/0", "tcp", 443, Reachable, nil, "replies come back"},
		// Point 2: AssociatePublicIpAddress: false wins over the subnet's
		// MapPublicIpOnLaunch.
		{"02-public-ip.yaml", "internet", "NoPublicIp", "tcp", 443, Unreachable, []string{KindIGW}, "no public address"},
		{"02-public-ip.yaml", "NoPublicIp", "internet", "tcp", 443, Unreachable, []string{KindIGW}, "no public address"},
		// An instance launched with two interfaces gets no automatic
		// public IPv4 address.
		{"02-public-ip.yaml", "internet", "TwoInterfaces", "tcp", 443, Unreachable, []string{KindIGW}, "no public address"},
		{"02-public-ip.yaml", "internet", "Plain", "tcp", 443, Reachable, nil, "public address"},
		// Point 3: the inbound rules of the subnet that holds both the
		// attachment's ENI and the server apply to traffic from the TGW.
		{"03-tgw-nacl-same-subnet.yaml", "Client", "Server", "tcp", 443, Unreachable, []string{KindNACLInbound}, "into subnet `SubB`"},
		// Point 4: ingress routing. The internet gateway's edge table sends
		// the protected subnet's traffic to a Network Firewall endpoint.
		{"04-ingress-firewall.yaml", "internet", "Web", "tcp", 443, Unknown, nil, "AWS Network Firewall `Firewall`"},
		// To an appliance with its source/destination check off: on
		// through it, unknown on its account.
		{"04-ingress-appliance.yaml", "internet", "Web", "tcp", 443, Unknown, nil, "middlebox `Box`"},
		// With the check on, the appliance drops it.
		{"04-ingress-appliance.yaml", "internet", "Db", "tcp", 443, Unreachable, []string{KindRoute}, "source/destination check drops"},
		// The edge table routes only its subnets: the appliance itself is
		// reached by the local route.
		{"04-ingress-appliance.yaml", "internet", "Box", "tcp", 443, Reachable, nil, "local to VPC `Vpc`"},
		// The aws-samples Network Firewall template (distributed, one AZ):
		// the ingress route table sends the public subnet's traffic to the
		// firewall endpoint.
		{"04-anfw-distributed-1az.yaml", "internet", "TestInstance", "icmp", 0, Unknown, nil, "AWS Network Firewall `NetworkFirewall`"},
		// Point 5: through a NAT instance: its group and ACL are evaluated,
		// its forwarding is not known.
		{"05-nat-instance.yaml", "App", "internet", "tcp", 443, Unknown, nil, "NAT instance"},
		// Its group does not admit port 80 from the private subnet.
		{"05-nat-instance.yaml", "App", "internet", "tcp", 80, Unreachable, []string{KindSGIngress}, "NAT instance"},
		// Point 7: the gateway and both attachments have security group
		// referencing on, so ServerSG's rule naming ClientSG matches.
		{"07-tgw-sg-referencing.yaml", "Client", "Server", "tcp", 443, Reachable, nil, "security group referencing on"},
		// The attachment of VPC C has it off: OtherSG's rule matches
		// nothing.
		{"07-tgw-sg-referencing.yaml", "Client", "Other", "tcp", 443, Unreachable, []string{KindSGIngress}, "out of transit gateway `Tgw`"},
		// Outbound rules cannot name a group over a transit gateway.
		{"07-tgw-sg-referencing.yaml", "Pinned", "Server", "tcp", 443, Unreachable, []string{KindSGEgress}, "out of transit gateway `Tgw`"},
		// Point 8: the replies' port stands for the client's range, said
		// with the assumption behind it.
		{"05-nat-instance.yaml", "App", "internet", "tcp", 443, Unknown, nil, "standing for 32768-65535: Linux 32768-60999 or Windows 49152-65535, the design does not say the operating system of workload `App`"},
		{"02-public-ip.yaml", "internet", "Plain", "tcp", 443, Reachable, nil, "standing for 1024-65535: a client outside the design may use any"},
		// A Network Firewall endpoint: its rules are not in the design.
		{"05-network-firewall.yaml", "Host", "internet", "tcp", 443, Unknown, nil, "AWS Network Firewall `Firewall`"},
		// Point 6: a TGW route to an attachment the design does not hold.
		{"06-unknown-tgw-attachment.yaml", "Host", "192.168.1.10", "tcp", 443, Unknown, nil, "not in the design"},
		// Point 10: private DNS off: the regional name is the public
		// endpoint, and this VPC has no way to the internet.
		{"10-interface-endpoint-private-dns.yaml", "Host", "ssm", "tcp", 443, Unreachable, []string{KindRoute}, "no route"},
		{"10-interface-endpoint-private-dns.yaml", "Host", "kms", "tcp", 443, Reachable, nil, "interface endpoint for com.amazonaws.us-east-1.kms"},
	}
	designs := map[string]*design.Design{}
	for _, tt := range tests {
		name := tt.file + " " + tt.from + "->" + tt.to
		t.Run(name, func(t *testing.T) {
			d := designs[tt.file]
			if d == nil {
				d = importAWS16(t, tt.file)
				designs[tt.file] = d
			}
			r := mustTrace(t, d, tt.from, tt.to, tt.proto, tt.port)
			call := "Trace(" + tt.from + " -> " + tt.to + " " + tt.proto + " " + itoa(tt.port) + ")"
			if r.Verdict != tt.want {
				t.Errorf("%s.Verdict = %v; want %v\nforward %q\nreturn %q\nblockers %q", call, r.Verdict, tt.want, hops(r.Forward), hops(r.Return), blockers(r.Blockers))
			}
			var kinds []string
			for _, b := range r.Blockers {
				kinds = append(kinds, b.Kind)
			}
			if !slices.Equal(kinds, tt.blockers) {
				t.Errorf("%s blocker kinds = %q; want %q (%q)", call, kinds, tt.blockers, blockers(r.Blockers))
			}
			found := false
			for _, h := range append(slices.Clone(r.Forward), r.Return...) {
				found = found || strings.Contains(h.Detail, tt.detail)
			}
			if !found {
				var details []string
				for _, h := range append(slices.Clone(r.Forward), r.Return...) {
					details = append(details, h.Detail)
				}
				t.Errorf("%s: no hop says %q; hops say %q", call, tt.detail, details)
			}
		})
	}
}

// TestAWSSemanticsSecondPassMatrix checks that the matrix agrees with the
// trace on the templates of testdata/aws16 where it applies (IPv4).
func TestAWSSemanticsSecondPassMatrix(t *testing.T) {
	tests := []struct {
		file, from, to   string
		allowed, unknown string
	}{
		// Point 2: no public IPv4 address, so nothing from the internet.
		{"02-public-ip.yaml", "internet", "NoPublicIp", "", ""},
		{"02-public-ip.yaml", "internet", "TwoInterfaces", "", ""},
		{"02-public-ip.yaml", "internet", "Plain", "tcp 443", ""},
		// Point 3: the subnet's inbound rules deny VPC A.
		{"03-tgw-nacl-same-subnet.yaml", "Client", "Server", "", ""},
		// Point 7: references over the transit gateway where it and both
		// attachments support them, not where an attachment does not.
		{"07-tgw-sg-referencing.yaml", "Client", "Server", "tcp 443", ""},
		{"07-tgw-sg-referencing.yaml", "Client", "Other", "", ""},
		{"07-tgw-sg-referencing.yaml", "Pinned", "Server", "", ""},
		// Point 4: from the internet through the edge table's appliances:
		// unknown through Box, dropped by Strict, and Box itself by the
		// local route.
		{"04-ingress-appliance.yaml", "internet", "Web", "", "tcp 443"},
		{"04-ingress-appliance.yaml", "internet", "Db", "", ""},
		{"04-ingress-appliance.yaml", "internet", "Box", "tcp 443", ""},
		{"04-ingress-appliance.yaml", "internet", "App", "", ""},
		// The firewall's rules decide before the web server's group.
		{"04-ingress-firewall.yaml", "internet", "Web", "", "tcp all; udp all; icmp all"},
		// Point 5: through the NAT instance, unknown where its group lets
		// the traffic in.
		{"05-nat-instance.yaml", "App", "internet", "", "tcp 443"},
	}
	results := map[string]map[[2]string]MatrixPair{}
	for _, tt := range tests {
		pairs := results[tt.file]
		if pairs == nil {
			r, err := Matrix(importAWS16(t, tt.file))
			if err != nil {
				t.Fatalf("Matrix(%s): %v", tt.file, err)
			}
			pairs = map[[2]string]MatrixPair{}
			for _, p := range r.Pairs() {
				pairs[[2]string{p.From, p.To}] = p
			}
			results[tt.file] = pairs
		}
		p := pairs[[2]string{tt.from, tt.to}]
		if p.Allowed != tt.allowed || p.Unknown != tt.unknown {
			t.Errorf("Matrix(%s) %s -> %s = allowed %q unknown %q; want %q, %q", tt.file, tt.from, tt.to, p.Allowed, p.Unknown, tt.allowed, tt.unknown)
		}
	}
}

// TestIngressRouting checks issue 16 point 4 on the forward path alone:
// packets the internet gateway lets in follow its edge table
// (AWS::EC2::GatewayRouteTableAssociation) to the appliance, which drops
// them (an ENI with its source/destination check on), is not known inside
// (a Network Firewall endpoint), or forwards them (an ENI with the check
// off, a middlebox hop) to the destination's subnet.
func TestIngressRouting(t *testing.T) {
	tests := []struct {
		file, to string
		want     Verdict
		forward  []string // the forward hops, as hops() writes them
		blocker  string   // the first blocker, as blockers() writes it
	}{
		{"04-ingress-firewall.yaml", "Web", Unknown,
			[]string{"igw Igw allow", "route IgwRT 10.0.1.0/24 unknown"}, ""},
		{"04-ingress-appliance.yaml", "Web", Unknown,
			[]string{"igw Igw allow", "route IgwRT 10.0.1.0/24 allow", "nacl-inbound Vpc.default-nacl 100 allow", "middlebox Box unknown",
				"sg-ingress OpenSG ingress[0] allow", "sg-egress OpenSG egress[0] allow", "nacl-outbound Vpc.default-nacl 100 allow",
				"route AppliancesRT local allow", "nacl-inbound Vpc.default-nacl 100 allow", "sg-ingress OpenSG ingress[0] allow"}, ""},
		{"04-ingress-appliance.yaml", "Db", Unreachable,
			[]string{"igw Igw allow", "route IgwRT 10.0.2.0/24 deny"},
			"route Strict 10.0.2.0/24: turn off the source/destination check of workload `Strict`"},
		{"04-ingress-appliance.yaml", "App", Unreachable,
			[]string{"igw Igw allow", "route IgwRT 10.0.3.0/24 deny"},
			"route NoPublicIp 10.0.3.0/24: give workload `NoPublicIp` a public IP or an Elastic IP: the internet gateway delivers only to an appliance interface with one"},
		{"04-ingress-appliance.yaml", "Box", Reachable,
			[]string{"igw Igw allow", "route IgwRT local allow", "nacl-inbound Vpc.default-nacl 100 allow", "sg-ingress OpenSG ingress[0] allow"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file+" internet->"+tt.to, func(t *testing.T) {
			r := mustTrace(t, importAWS16(t, tt.file), "internet", tt.to, "tcp", 443)
			got := hops(r.Forward)
			if r.Verdict != tt.want || !slices.Equal(got, tt.forward) {
				t.Errorf("Trace(internet -> %s) = %v, forward %q; want %v, forward %q", tt.to, r.Verdict, got, tt.want, tt.forward)
			}
			first := ""
			if len(r.Blockers) > 0 {
				first = blockers(r.Blockers)[0]
			}
			if first != tt.blocker {
				t.Errorf("Trace(internet -> %s) first blocker = %q; want %q", tt.to, first, tt.blocker)
			}
		})
	}
}

// TestTGWReferencingFix checks the fix of an inbound rule that names the
// source's group across a transit gateway where security group referencing
// is off: turn it on for the gateway and the attachments (AWS requires all
// three; here the destination's attachment has it off), or allow the
// source's address.
func TestTGWReferencingFix(t *testing.T) {
	d := importAWS16(t, "07-tgw-sg-referencing.yaml")
	r := mustTrace(t, d, "Client", "Other", "tcp", 443)
	if len(r.Blockers) != 1 {
		t.Fatalf("blockers = %q; want one", blockers(r.Blockers))
	}
	fix := r.Blockers[0].Fix
	for _, want := range []string{
		"turn on SecurityGroupReferencingSupport on transit gateway `Tgw` and on attachments `AttachA` and `AttachC`",
		"off now: attachment `AttachC`",
		"or add ingress rule to security group `OtherSG` allowing tcp 443 from 10.1.1.10/32",
	} {
		if !strings.Contains(fix, want) {
			t.Errorf("fix = %q; want it to say %q", fix, want)
		}
	}
	// Without a rule naming the source's group, referencing would not
	// help: the fix is the rule alone.
	d.SecurityGroups["OtherSG"].Ingress[0].Group, d.SecurityGroups["OtherSG"].Ingress[0].CIDR = "", "192.0.2.0/24"
	r = mustTrace(t, d, "Client", "Other", "tcp", 443)
	if len(r.Blockers) != 1 || strings.Contains(r.Blockers[0].Fix, "SecurityGroupReferencingSupport") {
		t.Errorf("blockers = %q; want one, without referencing", blockers(r.Blockers))
	}
}
