package reach

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/importer"
)

// TestPeeringRoutes traces the peering templates of issue 16 point 9: a
// route wider than the peer's blocks carries the peer's blocks, and when
// longest-prefix match sends a flow to the other of two peers the
// explanation says so instead of suggesting a peering that exists.
func TestPeeringRoutes(t *testing.T) {
	tests := []struct {
		file, from, to string
		proto          string
		port           int
		verdict        Verdict
		blockers       []string
		detail         string // of the last forward hop, when blocked
	}{
		{"09-default-route-to-peering.yaml", "PrivateInstance", "SharedInstance", "tcp", 5432, Reachable, nil, ""},
		{"09-default-route-to-peering.yaml", "PrivateInstance", "internet", "tcp", 443, Unreachable,
			[]string{"route PrivateTable 0.0.0.0/0: route 0.0.0.0/0 in route table `PrivateTable` to an internet gateway or a NAT gateway of VPC `PrivateVpc`: peering `Peering` carries traffic only to VPC `SharedVpc`"}, ""},
		{"09-longest-prefix-two-peers.yaml", "InstanceA", "InstanceC", "tcp", 443, Reachable, nil, ""},
		{"09-longest-prefix-two-peers.yaml", "InstanceA", "InstanceB", "tcp", 443, Unreachable,
			[]string{"route TableA 10.1.5.0/24: route 10.1.5.10/32 in route table `TableA` to peering `PeeringAB`, which already joins VPC `VpcA` and VPC `VpcB` (a more specific route wins), or narrow route 10.1.5.0/24 to peering `PeeringAC` so that it does not cover 10.1.5.10"},
			"10.1.5.10 is in VPC `VpcB`, but the longest prefix match in route table `TableA` is 10.1.5.0/24 to peering `PeeringAC`, which is more specific than 10.1.0.0/16 to peering `PeeringAB`: AWS uses the most specific route, and peering does not carry traffic on from `PeeringAC`'s peer"},
	}
	for _, tt := range tests {
		t.Run(tt.file+":"+tt.from+"->"+tt.to, func(t *testing.T) {
			f, err := os.Open("testdata/aws16/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			res, err := importer.Import(f, tt.file, importer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := mustTrace(t, res.Design, tt.from, tt.to, tt.proto, tt.port)
			call := "Trace(" + tt.file + ", " + tt.from + " -> " + tt.to + ")"
			if r.Verdict != tt.verdict {
				t.Fatalf("%s.Verdict = %v; want %v (blockers %q)", call, r.Verdict, tt.verdict, blockers(r.Blockers))
			}
			if got := blockers(r.Blockers); len(got)+len(tt.blockers) > 0 && !slices.Equal(got, tt.blockers) {
				t.Errorf("%s.Blockers = %q; want %q", call, got, tt.blockers)
			}
			for _, b := range r.Blockers {
				if strings.Contains(b.Fix, "peer VPC `VpcA` with VPC `VpcB`") {
					t.Errorf("%s suggests peering VPCs that are peered: %q", call, b.Fix)
				}
			}
			if tt.detail != "" {
				if n := len(r.Forward); n == 0 || r.Forward[n-1].Kind != KindPeering || r.Forward[n-1].Detail != tt.detail {
					t.Errorf("%s.Forward = %q; want it to end with a peering hop %q", call, hops(r.Forward), tt.detail)
				}
			}
		})
	}
}
