package validate

import (
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// addOther adds vpc `other` 10.30.0.0/16 with subnets other-a and other-b
// (us-east-1a and b) and, in other-a, workload other-fw: an appliance with
// source/destination checking off.
func addOther(t *testing.T, d *design.Design) {
	t.Helper()
	addVPC(t, d, "other", "10.30.0.0/16")
	mustApply(t, d,
		design.Put(&design.Subnet{Base: design.Base{ID: "other-a"}, VPC: "other", AZ: "us-east-1a", CIDR: "10.30.0.0/24"}),
		design.Put(&design.Subnet{Base: design.Base{ID: "other-b"}, VPC: "other", AZ: "us-east-1b", CIDR: "10.30.1.0/24"}),
		design.Put(&design.Workload{Base: design.Base{ID: "other-fw"}, Type: design.WorkloadENI, SourceDestCheck: new(false),
			Interfaces: []design.Interface{{Subnet: "other-a", PrivateIP: "10.30.0.10"}}}),
	)
}

// addRoutes appends routes to a route table of d.
func addRoutes(d *design.Design, table string, routes ...design.Route) {
	rt := d.RouteTables[table]
	rt.Routes = append(rt.Routes, routes...)
}

func TestRouteRules(t *testing.T) {
	const (
		igw   = design.TargetInternetGateway
		eigw  = design.TargetEgressOnlyInternetGateway
		nat   = design.TargetNATGateway
		pcx   = design.TargetPeeringConnection
		tgw   = design.TargetTransitGateway
		vpce  = design.TargetVPCEndpoint
		eni   = design.TargetNetworkInterface
		local = design.TargetLocal
	)
	runRuleCases(t, []ruleCase{
		{
			name: "no main table",
			edit: func(t *testing.T, d *design.Design) { delete(d.RouteTables, "app.main-rtb") },
			want: []string{"route.main-missing vpc[app] app"},
		},
		{
			name: "two main tables",
			edit: func(t *testing.T, d *design.Design) { d.RouteTables["private-rt"].Main = true },
			want: []string{"route.main-duplicate route-table[private-rt].main private-rt,app.main-rtb,app"},
		},
		{
			name: "a subnet in two tables, and twice in one",
			edit: func(t *testing.T, d *design.Design) {
				d.RouteTables["public-rt"].Subnets = append(d.RouteTables["public-rt"].Subnets, "app-a")
				d.RouteTables["private-rt"].Subnets = append(d.RouteTables["private-rt"].Subnets, "app-b")
			},
			want: []string{
				"route.assoc-duplicate route-table[private-rt].subnets[2] app-b,private-rt",
				"route.assoc-duplicate route-table[public-rt].subnets[2] app-a,private-rt,public-rt",
			},
		},
		{
			name: "a subnet in a table of another VPC",
			edit: func(t *testing.T, d *design.Design) {
				addVPC(t, d, "other", "10.30.0.0/16")
				d.RouteTables["other.main-rtb"].Subnets = []string{"app-a"}
			},
			want: []string{
				"route.assoc-duplicate route-table[private-rt].subnets[0] app-a,other.main-rtb,private-rt",
				"route.assoc-foreign route-table[other.main-rtb].subnets[0] other.main-rtb,app-a",
			},
		},
		{
			name: "duplicate destinations, written differently or as prefix lists",
			edit: func(t *testing.T, d *design.Design) {
				addRoutes(d, "private-rt",
					to("10.50.0.0/16", nat, "nat"),
					to("10.50.0.7/16", nat, "nat"),
					design.Route{PrefixList: "pl-0123456789abcdef0", Target: design.Target{Type: nat, ID: "nat"}},
					design.Route{PrefixList: "pl-0123456789abcdef0", Target: design.Target{Type: nat, ID: "nat"}},
				)
			},
			want: []string{
				"cidr.host-bits route-table[private-rt].routes[2].destination private-rt",
				"route.dest-duplicate route-table[private-rt].routes[2].destination private-rt",
				"route.dest-duplicate route-table[private-rt].routes[4].prefix_list private-rt",
			},
		},
		{
			name: "routes more specific than local",
			edit: func(t *testing.T, d *design.Design) {
				mustApply(t, d,
					design.Put(&design.Workload{Base: design.Base{ID: "fw"}, Type: design.WorkloadENI, SourceDestCheck: new(false),
						Interfaces: []design.Interface{{Subnet: "pub-a", PrivateIP: "10.20.0.20"}}}),
					design.Put(&design.VPCEndpoint{Base: design.Base{ID: "gwlbe"}, VPC: "app", Type: design.EndpointGatewayLoadBalancer,
						Service: "com.amazonaws.vpce.us-east-1.vpce-svc-0123", Subnets: []string{"pub-b"}}),
					design.Put(&design.VPCEndpoint{Base: design.Base{ID: "s3"}, VPC: "app", Type: design.EndpointGateway,
						Service: "com.amazonaws.us-east-1.s3"}),
				)
				addRoutes(d, "private-rt",
					to("10.20.10.0/25", nat, "nat"), // part of a subnet: refused
					to("10.20.11.0/24", nat, "nat"), // a whole subnet to a middlebox
					to("10.20.0.0/16", local, ""),   // the local route itself
				)
				addRoutes(d, "public-rt",
					to("10.20.11.0/24", igw, "igw"), // a whole subnet, but not to a middlebox: refused
					to("10.20.0.0/16", eni, "fw"),   // the local route's target replaced
				)
				addRoutes(d, "app.main-rtb",
					to("10.20.10.0/24", vpce, "gwlbe"),
					to("10.20.1.0/24", vpce, "s3"), // a gateway endpoint is no middlebox: refused
				)
			},
			want: []string{
				"route.local-override route-table[app.main-rtb].routes[1].destination app.main-rtb,app",
				"route.local-override route-table[private-rt].routes[1].destination private-rt,app",
				"route.local-override route-table[public-rt].routes[1].destination public-rt,app",
			},
		},
		{
			name: "targets of another VPC",
			edit: func(t *testing.T, d *design.Design) {
				addOther(t, d)
				addVPC(t, d, "third", "10.40.0.0/16")
				mustApply(t, d,
					design.Put(&design.InternetGateway{Base: design.Base{ID: "other-igw"}, VPC: "other"}),
					design.Put(&design.EgressOnlyInternetGateway{Base: design.Base{ID: "other-eigw"}, VPC: "other"}),
					design.Put(&design.NATGateway{Base: design.Base{ID: "other-nat"}, Subnet: "other-b", Connectivity: design.ConnectivityPrivate}),
					design.Put(&design.PeeringConnection{Base: design.Base{ID: "pcx-x"}, Requester: "other", Accepter: "third"}),
					design.Put(&design.TransitGateway{Base: design.Base{ID: "tgw"}}),
					design.Put(&design.TransitGatewayAttachment{Base: design.Base{ID: "att"}, TransitGateway: "tgw", VPC: "other", Subnets: []string{"other-a"}}),
					design.Put(&design.VPCEndpoint{Base: design.Base{ID: "other-gwlbe"}, VPC: "other", Type: design.EndpointGatewayLoadBalancer,
						Service: "com.amazonaws.vpce.us-east-1.vpce-svc-0123", Subnets: []string{"other-b"}}),
				)
				addRoutes(d, "public-rt",
					to("10.1.0.0/16", igw, "other-igw"),
					to("10.2.0.0/16", nat, "other-nat"),
					to("10.3.0.0/16", pcx, "pcx-x"),
					to("10.4.0.0/16", tgw, "tgw"),
					to("10.5.0.0/16", vpce, "other-gwlbe"),
					to("10.6.0.0/16", eni, "other-fw"),
					to("::/0", eigw, "other-eigw"),
					to("10.7.0.0/16", nat, design.Unknown("Fn::ImportValue nat")),
				)
			},
			want: []string{
				"route.target-foreign route-table[public-rt].routes[1].target public-rt,other-igw,other",
				"route.target-foreign route-table[public-rt].routes[2].target public-rt,other-nat,other",
				"route.target-foreign route-table[public-rt].routes[3].target public-rt,pcx-x",
				"route.target-foreign route-table[public-rt].routes[4].target public-rt,tgw",
				"route.target-foreign route-table[public-rt].routes[5].target public-rt,other-gwlbe,other",
				"route.target-foreign route-table[public-rt].routes[6].target public-rt,other-fw,other",
				"route.target-foreign route-table[public-rt].routes[7].target public-rt,other-eigw,other",
			},
		},
		{
			name: "a missing target is route.target-missing alone",
			edit: func(t *testing.T, d *design.Design) { addRoutes(d, "public-rt", to("10.1.0.0/16", nat, "gone")) },
			want: []string{"route.target-missing route-table[public-rt].routes[1].target.id public-rt"},
		},
		{
			name: "targets that cannot carry traffic",
			edit: func(t *testing.T, d *design.Design) {
				d.InternetGateways["loose"] = &design.InternetGateway{Base: design.Base{ID: "loose"}}
				d.NATGateways["ghost"] = &design.NATGateway{Base: design.Base{ID: "ghost"}, Subnet: "gone", Connectivity: design.ConnectivityPrivate}
				d.Workloads["box"] = &design.Workload{Base: design.Base{ID: "box"}, Type: design.WorkloadInstance, Interfaces: []design.Interface{{Subnet: "pub-a"}}}
				d.Workloads["fw"] = &design.Workload{Base: design.Base{ID: "fw"}, Type: design.WorkloadENI, SourceDestCheck: new(false), Interfaces: []design.Interface{{Subnet: "pub-a"}}}
				d.Workloads["nothing"] = &design.Workload{Base: design.Base{ID: "nothing"}, Type: design.WorkloadENI, SourceDestCheck: new(false)}
				d.VPCEndpoints = map[string]*design.VPCEndpoint{"ssm": {Base: design.Base{ID: "ssm"}, VPC: "app", Type: design.EndpointInterface,
					Service: "com.amazonaws.us-east-1.ssm", Subnets: []string{"pub-a"}}}
				addRoutes(d, "public-rt",
					to("10.1.0.0/16", igw, "loose"),
					to("10.2.0.0/16", nat, "ghost"),
					to("10.3.0.0/16", design.TargetBlackhole, ""),
					to("10.4.0.0/16", eni, "box"),
					to("10.5.0.0/16", eni, "fw"),
					to("10.6.0.0/16", eni, "nothing"),
					to("10.7.0.0/16", vpce, "ssm"),
				)
			},
			want: []string{
				"route.blackhole route-table[public-rt].routes[1].target public-rt,loose",
				"route.blackhole route-table[public-rt].routes[2].target public-rt,ghost",
				"route.blackhole route-table[public-rt].routes[3].target public-rt",
				"route.blackhole route-table[public-rt].routes[4].target public-rt,box",
				"route.blackhole route-table[public-rt].routes[6].target public-rt,nothing",
				"route.blackhole route-table[public-rt].routes[7].target public-rt,ssm",
			},
		},
		{
			name: "address family of gateways; NAT64 may use a NAT gateway",
			edit: func(t *testing.T, d *design.Design) {
				d.EgressOnlyInternetGateways = map[string]*design.EgressOnlyInternetGateway{"eigw": {Base: design.Base{ID: "eigw"}, VPC: "app"}}
				addRoutes(d, "public-rt", to("10.9.0.0/16", eigw, "eigw"), to("::/0", eigw, "eigw"))
				addRoutes(d, "private-rt", to("::/0", nat, "nat"), to("64:ff9b::/96", nat, "nat"))
			},
			want: []string{
				"route.family-mismatch route-table[private-rt].routes[1] private-rt,nat",
				"route.family-mismatch route-table[public-rt].routes[1] public-rt,eigw",
			},
		},
		{
			name: "reserved destinations",
			edit: func(t *testing.T, d *design.Design) {
				addRoutes(d, "public-rt",
					to("169.254.169.0/24", igw, "igw"),
					to("169.254.0.0/16", igw, "igw"), // holds the reserved range without being inside it
					to("fd00:ec2::/48", igw, "igw"))
			},
			want: []string{
				"route.reserved-dest route-table[public-rt].routes[1].destination public-rt",
				"route.reserved-dest route-table[public-rt].routes[3].destination public-rt",
			},
		},
		{
			name: "peering routes stay inside the peer",
			edit: func(t *testing.T, d *design.Design) {
				addVPC(t, d, "peer", "10.30.0.0/16", "10.31.0.0/16")
				addVPC(t, d, "vague", "10.50.0.0/16", design.Unknown("Fn::ImportValue extra-cidr"))
				mustApply(t, d,
					design.Put(&design.PeeringConnection{Base: design.Base{ID: "pcx"}, Requester: "app", Accepter: "peer"}),
					design.Put(&design.PeeringConnection{Base: design.Base{ID: "pcx-vague"}, Requester: "vague", Accepter: "app"}),
				)
				addRoutes(d, "private-rt",
					to("10.30.0.0/16", pcx, "pcx"),
					to("10.31.128.0/17", pcx, "pcx"),
					to("10.32.0.0/16", pcx, "pcx"),
					to("10.0.0.0/8", pcx, "pcx"),
					to("10.60.0.0/16", pcx, "pcx-vague"), // maybe in the unknown block
				)
			},
			want: []string{
				"route.peering-outside-peer route-table[private-rt].routes[3].destination private-rt,pcx,peer",
				"route.peering-outside-peer route-table[private-rt].routes[4].destination private-rt,pcx,peer",
			},
		},
		{
			name: "a custom table with no subnet",
			edit: func(t *testing.T, d *design.Design) {
				mustApply(t, d, design.Put(&design.RouteTable{Base: design.Base{ID: "spare-rt"}, VPC: "app"}))
			},
			want: []string{"route.unused-table route-table[spare-rt] spare-rt"},
		},
		{
			// AWS, "Gateway route tables": whole subnet or VPC blocks to a
			// network interface or a GWLB endpoint; no prefix list, no
			// other target, no gateway of another VPC.
			name: "an edge table",
			edit: func(t *testing.T, d *design.Design) {
				addVPC(t, d, "other", "10.30.0.0/16")
				off := false
				d.Workloads["web-1"].SourceDestCheck = &off
				mustApply(t, d,
					design.Put(&design.InternetGateway{Base: design.Base{ID: "igw-other"}, VPC: "other"}),
					design.Put(&design.RouteTable{Base: design.Base{ID: "edge-rt"}, VPC: "app", Gateways: []string{"igw", "igw-other"}, Routes: []design.Route{
						to("10.20.10.0/24", eni, "web-1"),
						to("10.20.0.0/16", eni, "web-1"),
						to("10.20.11.0/25", eni, "web-1"),
						to("10.20.1.0/24", nat, "nat"),
						{PrefixList: "com.amazonaws.us-east-1.s3", Target: design.Target{Type: eni, ID: "web-1"}},
						to("10.20.0.0/24", eni, "web-1"), // pub-a's replies go straight to the gateway
					}}),
				)
			},
			want: []string{
				"route.edge-asymmetric route-table[edge-rt].routes[5] edge-rt,pub-a,public-rt",
				"route.edge-route route-table[edge-rt].gateways[1] edge-rt,igw-other",
				"route.edge-route route-table[edge-rt].routes[2] edge-rt,web-1",
				"route.edge-route route-table[edge-rt].routes[3] edge-rt,nat",
				"route.edge-route route-table[edge-rt].routes[4] edge-rt,web-1",
				"route.local-override route-table[edge-rt].routes[2].destination edge-rt,app",
			},
		},
	})
}

func TestRouteMessages(t *testing.T) {
	d := testDesign(t)
	addRoutes(d, "private-rt", to("10.20.10.0/25", design.TargetNATGateway, "nat"))
	want := "route-table `private-rt` route 1 to 10.20.10.0/25 via nat-gateway `nat` is inside the local route for 10.20.0.0/16 of vpc `app`"
	if got := message(t, d, "route.local-override"); got != want {
		t.Errorf("local-override message = %q; want %q", got, want)
	}
}
