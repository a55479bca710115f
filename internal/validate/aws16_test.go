package validate

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/importer"
)

// importAWS16 imports a template of ../reach/testdata/aws16, the small
// CloudFormation templates of issue 16 ("AWS semantics, second pass").
func importAWS16(t *testing.T, file string) *design.Design {
	t.Helper()
	f, err := os.Open("../reach/testdata/aws16/" + file)
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

// TestAWSSemanticsSecondPassFindings checks the findings of the issue 16
// templates for the codes a point is about: each finding as "code path
// phrase", where phrase is part of its message.
func TestAWSSemanticsSecondPassFindings(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		edit  func(d *design.Design)
		codes []string
		want  [][3]string
	}{{
		// Point 2: the second interface asks for a public IPv4 address
		// (its subnet maps them) but an instance launched with two
		// interfaces gets none, so none is stranded without an IGW.
		name: "public IPs", file: "02-public-ip.yaml",
		codes: []string{"workload.public-ip-no-igw"},
	}, {
		// Point 7: ServerSG's inbound reference to ClientSG crosses a
		// transit gateway with referencing on for it and both attachments;
		// OtherSG's does not (its attachment has it off), and PinnedSG's
		// outbound reference never can.
		name: "TGW group references", file: "07-tgw-sg-referencing.yaml",
		codes: []string{"sg.ref-foreign"},
		want: [][3]string{
			{"sg.ref-foreign", "security-group[OtherSG].ingress[0].group", "security group referencing is off on attachment `AttachC`"},
			{"sg.ref-foreign", "security-group[PinnedSG].egress[0].group", "group references over a transit gateway work only in inbound rules"},
		},
	}, {
		// The gateway's option off: every inbound reference names it.
		name: "TGW group references, gateway off", file: "07-tgw-sg-referencing.yaml",
		edit:  func(d *design.Design) { d.TransitGateways["Tgw"].SecurityGroupReferencing = false },
		codes: []string{"sg.ref-foreign"},
		want: [][3]string{
			{"sg.ref-foreign", "security-group[OtherSG].ingress[0].group", "off on transit gateway `Tgw` and attachment `AttachC`"},
			{"sg.ref-foreign", "security-group[PinnedSG].egress[0].group", "only in inbound rules"},
			{"sg.ref-foreign", "security-group[ServerSG].ingress[0].group", "off on transit gateway `Tgw`"},
			{"sg.ref-foreign", "security-group[ServerSG].ingress[1].group", "off on transit gateway `Tgw`"},
		},
	}, {
		// Point 4: the internet gateway's edge table is in use, and the
		// web server's public IP is reached through the firewall.
		name: "ingress routing, firewall", file: "04-ingress-firewall.yaml",
		codes: []string{"route.unused-table", "workload.public-ip-no-igw", "route.edge-route", "route.edge-asymmetric"},
	}, {
		// ... and through appliance instances.
		name: "ingress routing, appliances", file: "04-ingress-appliance.yaml",
		codes: []string{"route.unused-table", "workload.public-ip-no-igw", "route.edge-route", "route.edge-asymmetric"},
	}, {
		// ... and in the aws-samples Network Firewall template.
		name: "ingress routing, aws-samples", file: "04-anfw-distributed-1az.yaml",
		codes: []string{"route.unused-table", "workload.public-ip-no-igw", "route.edge-route", "route.edge-asymmetric"},
	}, {
		// An edge table's route must send a whole subnet's block to an
		// appliance.
		name: "ingress routing, bad route", file: "04-ingress-bad-edge-route.yaml",
		codes: []string{"route.unused-table", "route.edge-route"},
		want: [][3]string{
			{"route.edge-route", "route-table[IgwRT].routes[0]", "route-table `IgwRT` (the edge table of internet gateway `Igw`) sends 0.0.0.0/0 to nat-gateway Nat"},
		},
	}, {
		// Point 8: each gap named with the assumption behind the range.
		name: "ephemeral ports", file: "08-nacl-ephemeral-ports.yaml",
		codes: []string{"nacl.return-blocked", "nacl.ephemeral-gap"},
		want: [][3]string{
			{"nacl.ephemeral-gap", "network-acl[AppAcl].outbound[0]", "on tcp 32768-49151, part of the clients' ephemeral ports (32768-65535; workload `AppHost`: Linux 32768-60999 or Windows 49152-65535"},
			{"nacl.ephemeral-gap", "network-acl[NatAcl].outbound[0]", "on tcp 1024-32767, part of the clients' ephemeral ports (1024-65535; NAT gateway `NatGw` uses 1024-65535)"},
			{"nacl.ephemeral-gap", "network-acl[WebAcl].inbound[0]", "on tcp 1024-32767, 61000-65535, part of the clients' ephemeral ports (1024-65535; 0.0.0.0/0 reaches beyond"},
		},
	}, {
		// The design says the App instance runs Windows: 49152-65535 is
		// its whole range.
		name: "ephemeral ports, Windows client", file: "08-nacl-ephemeral-ports.yaml",
		edit:  func(d *design.Design) { d.Workloads["AppHost"].OS = design.OSWindows },
		codes: []string{"nacl.return-blocked", "nacl.ephemeral-gap"},
		want: [][3]string{
			{"nacl.ephemeral-gap", "network-acl[NatAcl].outbound[0]", "on tcp 1024-32767"},
			{"nacl.ephemeral-gap", "network-acl[WebAcl].inbound[0]", "on tcp 1024-32767, 61000-65535"},
		},
	}, {
		// Linux: 32768-60999, of which 32768-49151 gets no reply.
		name: "ephemeral ports, Linux client", file: "08-nacl-ephemeral-ports.yaml",
		edit:  func(d *design.Design) { d.Workloads["AppHost"].OS = design.OSLinux },
		codes: []string{"nacl.return-blocked", "nacl.ephemeral-gap"},
		want: [][3]string{
			{"nacl.ephemeral-gap", "network-acl[AppAcl].outbound[0]", "on tcp 32768-49151, part of the clients' ephemeral ports (32768-60999; workload `AppHost` uses 32768-60999)"},
			{"nacl.ephemeral-gap", "network-acl[NatAcl].outbound[0]", "on tcp 1024-32767"},
			{"nacl.ephemeral-gap", "network-acl[WebAcl].inbound[0]", "on tcp 1024-32767, 61000-65535"},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := importAWS16(t, tt.file)
			if tt.edit != nil {
				tt.edit(d)
			}
			var got []Diagnostic
			for _, f := range Validate(d, Config{}) {
				if slices.Contains(tt.codes, f.Code) {
					got = append(got, f)
				}
			}
			ok := len(got) == len(tt.want)
			for i := 0; ok && i < len(got); i++ {
				w := tt.want[i]
				ok = got[i].Code == w[0] && got[i].Path == w[1] && strings.Contains(got[i].Message, w[2])
			}
			if !ok {
				var lines []string
				for _, f := range got {
					lines = append(lines, f.Code+" "+f.Path+": "+f.Message)
				}
				t.Errorf("Validate(%s) = %q; want %q", tt.file, lines, tt.want)
			}
		})
	}
}
