package design_test

import (
	"net/netip"
	"slices"
	"sync"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
)

// indexDesign is two VPCs: vpc-a with a public subnet (explicit table with
// a default route to its own gateway), a private one (main table, default
// ACL) and one whose table routes to vpc-b's gateway; vpc-b with one
// subnet behind ingress routing (its gateway's edge table routes the
// subnet's block to an appliance).
func indexDesign() *design.Design {
	igw := func(id string) design.Target { return design.Target{Type: design.TargetInternetGateway, ID: id} }
	d := design.New("index")
	d.VPCs = map[string]*design.VPC{"vpc-a": {CIDR: "10.1.0.0/16"}, "vpc-b": {CIDR: "10.2.0.0/16"}}
	d.Subnets = map[string]*design.Subnet{
		"pub":     {VPC: "vpc-a", CIDR: "10.1.0.0/24"},
		"priv":    {VPC: "vpc-a", CIDR: "10.1.1.0/24"},
		"foreign": {VPC: "vpc-a", CIDR: "10.1.2.0/24"},
		"behind":  {VPC: "vpc-b", CIDR: "10.2.1.0/24"},
	}
	d.InternetGateways = map[string]*design.InternetGateway{"igw-a": {VPC: "vpc-a"}, "igw-b": {VPC: "vpc-b"}}
	d.RouteTables = map[string]*design.RouteTable{
		"main-a":     {VPC: "vpc-a", Main: true},
		"rt-pub":     {VPC: "vpc-a", Subnets: []string{"pub"}, Routes: []design.Route{{Destination: "0.0.0.0/0", Target: igw("igw-a")}}},
		"rt-foreign": {VPC: "vpc-a", Subnets: []string{"foreign"}, Routes: []design.Route{{Destination: "0.0.0.0/0", Target: igw("igw-b")}}},
		"edge-b": {VPC: "vpc-b", Gateways: []string{"igw-b"}, Routes: []design.Route{{Destination: "10.2.1.0/24",
			Target: design.Target{Type: design.TargetNetworkInterface, ID: "fw"}}}},
		"rt-b": {VPC: "vpc-b", Subnets: []string{"behind"}},
	}
	d.NetworkACLs = map[string]*design.NetworkACL{"acl-a": {VPC: "vpc-a", Default: true}, "acl-pub": {VPC: "vpc-a", Subnets: []string{"pub"}}}
	d.NATGateways = map[string]*design.NATGateway{"nat": {Subnet: "pub", EIP: "eip-nat"}}
	d.ElasticIPs = map[string]*design.ElasticIP{"eip-nat": {}, "eip-web": {Workload: "web"}, "eip-free": {}}
	d.Workloads = map[string]*design.Workload{
		"web": {Type: design.WorkloadInstance, Interfaces: []design.Interface{{Subnet: "pub", PrivateIP: "10.1.0.10"}, {Subnet: "priv", PrivateIP: "10.1.1.10"}}},
		"fw":  {Type: design.WorkloadInstance, Interfaces: []design.Interface{{Subnet: "behind", PrivateIP: "10.2.1.5", IPv6: []string{"2001:db8::5"}}}},
	}
	return d
}

func TestIndexFacts(t *testing.T) {
	x := design.NewIndex(indexDesign())
	for _, c := range []struct{ what, got, want string }{
		{"RouteTableOf(pub)", x.RouteTableOf("pub"), "rt-pub"},
		{"RouteTableOf(priv)", x.RouteTableOf("priv"), "main-a"},
		{"RouteTableOf(behind)", x.RouteTableOf("behind"), "rt-b"},
		{"NetworkACLOf(pub)", x.NetworkACLOf("pub"), "acl-pub"},
		{"NetworkACLOf(priv)", x.NetworkACLOf("priv"), "acl-a"},
		{"NetworkACLOf(behind)", x.NetworkACLOf("behind"), ""},
		{"VPCOf(nat)", x.VPCOf("nat"), "vpc-a"},
		{"VPCOf(web)", x.VPCOf("web"), "vpc-a"},
		{"VPCOf(edge-b)", x.VPCOf("edge-b"), "vpc-b"},
		{"EdgeTableOf(igw-b)", x.EdgeTableOf("igw-b"), "edge-b"},
		// An Elastic IP belongs to the VPC of what holds it (the tree
		// draws it there), and to none while it is unassociated.
		{"VPCOf(eip-nat)", x.VPCOf("eip-nat"), "vpc-a"},
		{"VPCOf(eip-web)", x.VPCOf("eip-web"), "vpc-a"},
		{"VPCOf(eip-free)", x.VPCOf("eip-free"), ""},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q; want %q", c.what, c.got, c.want)
		}
	}
	for _, c := range []struct {
		what      string
		got, want []string
	}{
		{"SubnetsOf(vpc-a)", x.SubnetsOf("vpc-a"), []string{"foreign", "priv", "pub"}},
		{"InternetGatewaysOf(vpc-a)", x.InternetGatewaysOf("vpc-a"), []string{"igw-a"}},
		{"UsersOf(main-a)", x.UsersOf("main-a"), []string{"priv"}},
		{"UsersOf(acl-a)", x.UsersOf("acl-a"), []string{"foreign", "priv"}},
		{"WorkloadsIn(pub)", x.WorkloadsIn("pub"), []string{"web"}},
		{"NATGatewaysIn(pub)", x.NATGatewaysIn("pub"), []string{"nat"}},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s = %q; want %q", c.what, c.got, c.want)
		}
	}
	for s, want := range map[string]bool{"pub": true, "priv": false, "foreign": false, "behind": true} {
		if got := x.IsPublic(s); got != want {
			t.Errorf("IsPublic(%s) = %v; want %v", s, got, want)
		}
	}
	if i, ok := x.InterfaceAt(netip.MustParseAddr("10.1.1.10")); !ok || i != (design.InterfaceRef{Workload: "web", Index: 1}) {
		t.Errorf("InterfaceAt(10.1.1.10) = %v, %v; want web/1", i, ok)
	}
	if i, ok := x.InterfaceAt(netip.MustParseAddr("2001:db8::5")); !ok || i.Workload != "fw" {
		t.Errorf("InterfaceAt(2001:db8::5) = %v, %v; want fw/0", i, ok)
	}
}

// TestIndexConcurrentReads reads one Index from many goroutines, the
// parts built on first use (addresses, the users of tables, sorted IDs,
// the facts fewer analyses need) included; run with -race.
func TestIndexConcurrentReads(t *testing.T) {
	d := designtest.Generate(designtest.Base.Scale(0.05))
	x := design.NewIndex(d)
	subnets := design.SortedIDs(d.Subnets)
	var wg sync.WaitGroup
	counts := make([]int, 8)
	for g := range counts {
		wg.Go(func() {
			for _, s := range subnets {
				if x.IsPublic(s) {
					counts[g]++
				}
				counts[g] += len(x.UsersOf(x.RouteTableOf(s))) + len(x.SubnetsOf(x.VPCOf(s))) + len(x.IDs(design.KindRouteTable)) + len(x.NATGatewaysIn(s))
				for _, w := range x.WorkloadsIn(s) {
					for _, a := range d.Workloads[w].Interfaces[0].Addresses() {
						if _, ok := x.InterfaceAt(a); ok {
							counts[g]++
						}
					}
				}
			}
		})
	}
	wg.Wait()
	for g, n := range counts {
		if n != counts[0] || n == 0 {
			t.Fatalf("goroutine %d counted %d, goroutine 0 %d", g, n, counts[0])
		}
	}
}
