package validate

import (
	"math/rand/v2"
	"testing"

	"go4.org/netipx"

	"github.com/vpcboard/vpcboard/internal/design"
)

// hubVPCs builds VPCs a (10.0.0.0/16) and b (10.1.0.0/16), each with an
// attachment subnet and an app subnet with a workload in us-east-1a, and a
// second app subnet in us-east-1b; transit gateway tgw with attachments
// att-a and att-b (us-east-1a only) and TGW route table tgw-rt associated
// with and propagating both. Each VPC routes the other's block to tgw.
func hubVPCs(t *testing.T) *netFixture {
	f := newNetFixture(t).vpc("a", "10.0.0.0/16").vpc("b", "10.1.0.0/16")
	for _, v := range []struct{ id, pre string }{{"a", "10.0"}, {"b", "10.1"}} {
		f.subnet("tgw-"+v.id, v.id, "us-east-1a", v.pre+".0.0/28")
		f.subnet("app-"+v.id, v.id, "us-east-1a", v.pre+".1.0/24").workload("w-"+v.id, "app-"+v.id)
		f.subnet("app2-"+v.id, v.id, "us-east-1b", v.pre+".2.0/24")
	}
	f.put(&design.TransitGateway{Base: baseOf("tgw")})
	f.put(&design.TransitGatewayAttachment{Base: baseOf("att-a"), TransitGateway: "tgw", VPC: "a", Subnets: []string{"tgw-a"}},
		&design.TransitGatewayAttachment{Base: baseOf("att-b"), TransitGateway: "tgw", VPC: "b", Subnets: []string{"tgw-b"}})
	f.put(&design.TransitGatewayRouteTable{Base: baseOf("tgw-rt"), TransitGateway: "tgw",
		Associations: []string{"att-a", "att-b"}, Propagations: []string{"att-a", "att-b"}})
	f.table("rt-a", "a", []string{"app-a", "app2-a"}, to("10.1.0.0/16", design.TargetTransitGateway, "tgw"))
	return f.table("rt-b", "b", []string{"app-b", "app2-b"}, to("10.0.0.0/16", design.TargetTransitGateway, "tgw"))
}

func TestTransitRules(t *testing.T) {
	codes := []string{"tgw.attachment-az", "tgw.attachment-overlap", "tgw.route-missing", "tgw.association-duplicate", "region.mismatch"}
	tests := []struct {
		name  string
		build func(f *netFixture)
		want  []wantFinding
	}{
		{
			name:  "hub and spoke done right; no workloads in us-east-1b",
			build: func(f *netFixture) {},
		},
		{
			name:  "workloads in an AZ without an attachment subnet",
			build: func(f *netFixture) { f.workload("w2-a", "app2-a") },
			want:  []wantFinding{{"tgw.attachment-az", "transit-gateway-attachment[att-a].subnets", []string{"att-a", "app2-a"}}},
		},
		{
			name: "workloads there that do not route to the gateway",
			build: func(f *netFixture) {
				f.table("local-a", "a", nil)
				f.d.RouteTables["rt-a"].Subnets = []string{"app-a"}
				f.d.RouteTables["local-a"].Subnets = []string{"app2-a"}
				f.workload("w2-a", "app2-a")
			},
		},
		{
			name: "overlapping VPCs propagating into one table",
			build: func(f *netFixture) {
				f.vpc("c", "10.1.128.0/17").subnet("tgw-c", "c", "us-east-1a", "10.1.128.0/28")
				f.put(&design.TransitGatewayAttachment{Base: baseOf("att-c"), TransitGateway: "tgw", VPC: "c", Subnets: []string{"tgw-c"}})
				rt := f.d.TransitGatewayRouteTables["tgw-rt"]
				rt.Propagations = append(rt.Propagations, "att-c")
			},
			want: []wantFinding{{"tgw.attachment-overlap", "transit-gateway-route-table[tgw-rt].propagations[2]", []string{"att-c", "att-b", "tgw-rt"}}},
		},
		{
			name: "overlapping VPCs propagating into different tables",
			build: func(f *netFixture) {
				f.vpc("c", "10.1.128.0/17").subnet("tgw-c", "c", "us-east-1a", "10.1.128.0/28")
				f.put(&design.TransitGatewayAttachment{Base: baseOf("att-c"), TransitGateway: "tgw", VPC: "c", Subnets: []string{"tgw-c"}})
				f.put(&design.TransitGatewayRouteTable{Base: baseOf("tgw-rt-c"), TransitGateway: "tgw", Associations: []string{"att-c"}, Propagations: []string{"att-c"}})
			},
		},
		{
			name: "destination the TGW table does not route",
			build: func(f *netFixture) {
				f.d.TransitGatewayRouteTables["tgw-rt"].Propagations = []string{"att-a"}
				rt := f.d.RouteTables["rt-a"]
				rt.Routes = append(rt.Routes, to("172.16.0.0/12", design.TargetTransitGateway, "tgw"))
			},
			want: []wantFinding{
				{"tgw.route-missing", "route-table[rt-a].routes[0]", []string{"rt-a", "tgw", "att-a", "tgw-rt"}},
				{"tgw.route-missing", "route-table[rt-a].routes[1]", nil},
			},
		},
		{
			name: "a static blackhole beats a propagated route of the same length",
			build: func(f *netFixture) {
				rt := f.d.TransitGatewayRouteTables["tgw-rt"]
				rt.Routes = []design.TGWRoute{{Destination: "10.1.0.0/16", Blackhole: true}}
			},
			want: []wantFinding{{"tgw.route-missing", "route-table[rt-a].routes[0]", nil}},
		},
		{
			name: "summary route partly routed, and a more specific blackhole",
			build: func(f *netFixture) {
				f.d.TransitGatewayRouteTables["tgw-rt"].Routes = []design.TGWRoute{{Destination: "10.1.2.0/24", Blackhole: true}}
				f.d.RouteTables["rt-a"].Routes[0].Destination = "10.0.0.0/8"
			},
		},
		{
			name: "attachment associated with no table",
			build: func(f *netFixture) {
				f.d.TransitGatewayRouteTables["tgw-rt"].Associations = []string{"att-b"}
			},
			want: []wantFinding{{"tgw.route-missing", "route-table[rt-a].routes[0]", []string{"rt-a", "tgw", "att-a"}}},
		},
		{
			name: "default association and propagation",
			build: func(f *netFixture) {
				f.del(design.KindTransitGatewayRouteTable, "tgw-rt")
				g := f.d.TransitGateways["tgw"]
				g.DefaultRouteTableAssociation, g.DefaultRouteTablePropagation = true, true
			},
		},
		{
			name: "default association without default propagation",
			build: func(f *netFixture) {
				f.del(design.KindTransitGatewayRouteTable, "tgw-rt")
				f.d.TransitGateways["tgw"].DefaultRouteTableAssociation = true
			},
			want: []wantFinding{
				{"tgw.route-missing", "route-table[rt-a].routes[0]", []string{"rt-a", "tgw", "att-a"}},
				{"tgw.route-missing", "route-table[rt-b].routes[0]", []string{"rt-b", "tgw", "att-b"}},
			},
		},
		{
			name: "attachment associated with two tables",
			build: func(f *netFixture) {
				f.put(&design.TransitGatewayRouteTable{Base: baseOf("tgw-rt2"), TransitGateway: "tgw", Associations: []string{"att-b"}})
			},
			want: []wantFinding{{"tgw.association-duplicate", "transit-gateway-route-table[tgw-rt2].associations[0]", []string{"tgw-rt2", "att-b", "tgw-rt"}}},
		},
		{
			name: "VPC of another region than the gateway",
			build: func(f *netFixture) {
				f.d.VPCs["b"].Region = "eu-west-1"
			},
			want: []wantFinding{{"region.mismatch", "transit-gateway-attachment[att-b].vpc", []string{"att-b", "b", "tgw"}}},
		},
		{
			name: "gateway with its own region",
			build: func(f *netFixture) {
				f.d.TransitGateways["tgw"].Region = "eu-west-1"
				f.d.VPCs["a"].Region = "eu-west-1"
				f.d.VPCs["b"].Region = "eu-west-1"
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := hubVPCs(t)
			tt.build(f)
			assertFindings(t, f.d, codes, tt.want)
		})
	}
}

// TestForwardsAny compares tgwRouted.forwardsAny with the IPSet it is
// built from, on random sets of blocks added and removed.
func TestForwardsAny(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		var b netipx.IPSetBuilder
		for range rng.IntN(8) {
			if p := randomBlock(rng); p.IsValid() {
				if rng.IntN(4) == 0 {
					b.RemovePrefix(p)
				} else {
					b.AddPrefix(p)
				}
			}
		}
		set, err := b.IPSet()
		if err != nil {
			t.Fatal(err)
		}
		r := tgwRouted{forwarded: set.Ranges()}
		for range 20 {
			p := randomBlock(rng)
			if !p.IsValid() {
				continue
			}
			if got, want := r.forwardsAny(p), set.OverlapsPrefix(p); got != want {
				t.Fatalf("forwardsAny(%v) = %v over %v; want %v", p, got, set.Prefixes(), want)
			}
		}
	}
}
