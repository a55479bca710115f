package web

import (
	"slices"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// Routing subnets to a gateway: the right destination per kind of gateway,
// a route for the same destination replaced, a gateway endpoint given the
// tables, and subnets on the main table given one table of their own.
func TestRouteToOps(t *testing.T) {
	d, err := design.DecodeBytes([]byte(`{"format":1,"region":"us-east-1",
	  "vpcs":{"v":{"cidr":"10.0.0.0/16","ipv6_cidrs":["2600:1f18::/56"]}},
	  "subnets":{"a":{"vpc":"v","az":"us-east-1a","cidr":"10.0.1.0/24"},"b":{"vpc":"v","az":"us-east-1a","cidr":"10.0.2.0/24"},
	             "c":{"vpc":"v","az":"us-east-1a","cidr":"10.0.3.0/24"}},
	  "route_tables":{"main":{"vpc":"v","main":true,"routes":[{"destination":"192.168.0.0/16","target":{"type":"blackhole"}}]},
	                  "c-rt":{"vpc":"v","subnets":["c"],"routes":[{"destination":"0.0.0.0/0","target":{"type":"blackhole"}}]}},
	  "transit_gateways":{"tgw":{}},
	  "transit_gateway_attachments":{"att":{"transit_gateway":"tgw","vpc":"v","subnets":["a"]}},
	  "egress_only_internet_gateways":{"eigw":{"vpc":"v"}},
	  "vpc_endpoints":{"s3":{"vpc":"v","type":"gateway","service":"com.amazonaws.us-east-1.s3"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	apply := func(id string, subnets []string, dest string) *design.Design {
		t.Helper()
		r, _ := d.Lookup(id)
		ops, err := routeToOps(d, r, subnets, dest)
		if err != nil {
			t.Fatalf("route %v to %s: %v", subnets, id, err)
		}
		next, err := withOps(d, ops)
		if err != nil {
			t.Fatalf("route %v to %s: the ops do not apply: %v", subnets, id, err)
		}
		return next
	}
	tableOf := func(d *design.Design, s string) *design.RouteTable {
		return d.RouteTables[d.Associations().RouteTables[s]]
	}

	next := apply("tgw", []string{"a", "b", "c"}, "")
	tgw := design.Route{Destination: "10.0.0.0/8", Target: design.Target{Type: design.TargetTransitGateway, ID: "tgw"}}
	for _, s := range []string{"a", "b", "c"} {
		if rt := tableOf(next, s); !slices.Contains(rt.Routes, tgw) || rt.Main {
			t.Errorf("%s's table %+v; want a table of its own with 10.0.0.0/8 to the transit gateway", s, rt)
		}
	}
	if rt := next.RouteTables["tgw-rt"]; rt == nil || !slices.Equal(rt.Subnets, []string{"a", "b"}) || rt.Routes[0].Destination != "192.168.0.0/16" {
		t.Errorf("the new table: %+v; want tgw-rt for a and b, with the main table's routes first", rt)
	}
	if len(next.RouteTables["main"].Routes) != 1 {
		t.Error("the main table changed")
	}

	next = apply("eigw", []string{"c"}, "")
	if rt := next.RouteTables["c-rt"]; !slices.Contains(rt.Routes, design.Route{Destination: "::/0", Target: design.Target{Type: design.TargetEgressOnlyInternetGateway, ID: "eigw"}}) {
		t.Errorf("c-rt: %+v; want ::/0 to the egress-only gateway", rt)
	}
	// The same destination: the route is replaced.
	next = apply("tgw", []string{"c"}, "0.0.0.0/0")
	if rt := next.RouteTables["c-rt"]; len(rt.Routes) != 1 || rt.Routes[0].Target.ID != "tgw" {
		t.Errorf("c-rt: %+v; want its 0.0.0.0/0 route replaced", rt)
	}

	next = apply("s3", []string{"b", "c"}, "")
	if e := next.VPCEndpoints["s3"]; !slices.Equal(e.RouteTables, []string{"c-rt", "s3-rt"}) {
		t.Errorf("the endpoint's tables: %v; want c-rt and a new one for b", e.RouteTables)
	}

	r, _ := d.Lookup("tgw")
	for _, bad := range []struct {
		subnets []string
		dest    string
	}{{nil, ""}, {[]string{"nowhere"}, ""}, {[]string{"a"}, "10.0.0.0/33"}} {
		if _, err := routeToOps(d, r, bad.subnets, bad.dest); err == nil {
			t.Errorf("route %v for %q: no error", bad.subnets, bad.dest)
		}
	}
}

// A VPC of a design without a region offers its subnets' zones, or a
// field to type one.
func TestActionBarZones(t *testing.T) {
	d, err := design.DecodeBytes([]byte(`{"format":1,
	  "vpcs":{"v":{"cidr":"10.0.0.0/16"},"w":{"cidr":"10.1.0.0/16"},"e":{"cidr":"10.2.0.0/16","region":"eu-west-1"}},
	  "subnets":{"a":{"vpc":"v","az":"us-west-2b","cidr":"10.0.1.0/24"},"b":{"vpc":"e","az":"eu-west-1c","cidr":"10.2.1.0/24"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		vpc, typ string
		zones    []string
	}{
		{"v", "select", []string{"us-west-2b"}},
		{"w", "text", nil},
		{"e", "select", []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}},
	} {
		bar := actionBar("x", 1, d, d.VPCs[c.vpc])
		f := bar.Forms[0].Fields[0]
		var got []string
		for _, o := range f.Options {
			got = append(got, o.Value)
		}
		if f.Name != "az" || f.Type != c.typ || !slices.Equal(got, c.zones) {
			t.Errorf("VPC %s: az field %s %v; want %s %v", c.vpc, f.Type, got, c.typ, c.zones)
		}
	}
}
