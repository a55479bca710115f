package validate

import (
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// peeredVPCs builds VPCs a (10.0.0.0/16), b (10.1.0.0/16) and c
// (10.2.0.0/16), each with a subnet and a route table (rt-a, rt-b, rt-c),
// with a peered to b and b to c.
func peeredVPCs(t *testing.T) *netFixture {
	f := newNetFixture(t).vpc("a", "10.0.0.0/16").vpc("b", "10.1.0.0/16").vpc("c", "10.2.0.0/16")
	f.subnet("sa", "a", "us-east-1a", "10.0.1.0/24").subnet("sb", "b", "us-east-1a", "10.1.1.0/24").subnet("sc", "c", "us-east-1a", "10.2.1.0/24")
	f.put(&design.PeeringConnection{Base: baseOf("ab"), Requester: "a", Accepter: "b"},
		&design.PeeringConnection{Base: baseOf("bc"), Requester: "b", Accepter: "c"})
	f.table("rt-a", "a", []string{"sa"}, to("10.1.0.0/16", design.TargetPeeringConnection, "ab"))
	f.table("rt-b", "b", []string{"sb"}, to("10.0.0.0/16", design.TargetPeeringConnection, "ab"), to("10.2.0.0/16", design.TargetPeeringConnection, "bc"))
	return f.table("rt-c", "c", []string{"sc"}, to("10.1.0.0/16", design.TargetPeeringConnection, "bc"))
}

func TestPeeringRules(t *testing.T) {
	// route.peering-outside-peer is listed too: a transitive route must get
	// peering.transitive alone, a plain misroute the route rule alone.
	codes := []string{"peering.cidr-overlap", "peering.duplicate", "peering.self", "peering.route-one-sided", "peering.transitive", "route.peering-outside-peer"}
	tests := []struct {
		name  string
		build func(f *netFixture)
		want  []wantFinding
	}{
		{
			name:  "routes both ways",
			build: func(f *netFixture) {},
		},
		{
			name: "peered with itself",
			build: func(f *netFixture) {
				f.put(&design.PeeringConnection{Base: baseOf("aa"), Requester: "a", Accepter: "a"})
			},
			want: []wantFinding{{"peering.self", "peering-connection[aa].accepter", []string{"aa", "a"}}},
		},
		{
			name: "second peering of a pair, requested the other way",
			build: func(f *netFixture) {
				f.put(&design.PeeringConnection{Base: baseOf("ba"), Requester: "b", Accepter: "a"})
			},
			want: []wantFinding{{"peering.duplicate", "peering-connection[ba]", []string{"ba", "ab"}}},
		},
		{
			name: "overlapping IPv4 and IPv6 blocks",
			build: func(f *netFixture) {
				f.vpc("d", "10.0.128.0/17", func(v *design.VPC) { v.IPv6CIDRs = []string{"2600:1f18:1::/56"} })
				f.vpc("e", "10.3.0.0/16", func(v *design.VPC) { v.IPv6CIDRs = []string{"2600:1f18:1::/56"} })
				f.put(&design.PeeringConnection{Base: baseOf("ad"), Requester: "a", Accepter: "d"},
					&design.PeeringConnection{Base: baseOf("de"), Requester: "d", Accepter: "e"},
					&design.PeeringConnection{Base: baseOf("ae"), Requester: "a", Accepter: "e"})
			},
			want: []wantFinding{
				{"peering.cidr-overlap", "peering-connection[ad]", []string{"ad", "a", "d"}},
				{"peering.cidr-overlap", "peering-connection[de]", []string{"de", "d", "e"}},
			},
		},
		{
			name: "no route back",
			build: func(f *netFixture) {
				f.d.RouteTables["rt-c"].Routes = nil
			},
			want: []wantFinding{{"peering.route-one-sided", "peering-connection[bc]", []string{"bc", "c", "b"}}},
		},
		{
			name: "no route either way is not one-sided",
			build: func(f *netFixture) {
				f.d.RouteTables["rt-b"].Routes = f.d.RouteTables["rt-b"].Routes[:1]
				f.d.RouteTables["rt-c"].Routes = nil
			},
		},
		{
			name: "a reaches c through b",
			build: func(f *netFixture) {
				rt := f.d.RouteTables["rt-a"]
				rt.Routes = append(rt.Routes, to("10.2.1.0/24", design.TargetPeeringConnection, "ab"))
			},
			want: []wantFinding{{"peering.transitive", "route-table[rt-a].routes[1]", []string{"rt-a", "ab", "c", "bc"}}},
		},
		{
			name: "c is also peered with a",
			build: func(f *netFixture) {
				f.put(&design.PeeringConnection{Base: baseOf("ac"), Requester: "a", Accepter: "c"})
				rt := f.d.RouteTables["rt-a"]
				rt.Routes = append(rt.Routes, to("10.2.0.0/16", design.TargetPeeringConnection, "ab"))
			},
			// A misroute, but not transitive peering: route.peering-outside-peer's finding.
			want: []wantFinding{{"route.peering-outside-peer", "route-table[rt-a].routes[1].destination", []string{"rt-a", "ab", "b"}}},
		},
		{
			name: "destinations in the peer, or in no peered VPC",
			build: func(f *netFixture) {
				rt := f.d.RouteTables["rt-a"]
				rt.Routes = append(rt.Routes, to("10.1.5.0/24", design.TargetPeeringConnection, "ab"),
					to("192.168.0.0/16", design.TargetPeeringConnection, "ab"))
			},
			want: []wantFinding{{"route.peering-outside-peer", "route-table[rt-a].routes[2].destination", []string{"rt-a", "ab", "b"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := peeredVPCs(t)
			tt.build(f)
			assertFindings(t, f.d, codes, tt.want)
		})
	}
}
