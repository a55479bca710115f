package tfimport_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/tfimport"
)

// network is one resource of each type the model covers beyond the
// three-tier fixture, as a state holds them.
func network() []tfimport.Resource {
	return []tfimport.Resource{
		res("aws_vpc.a", "aws_vpc", `{"id": "vpc-a", "cidr_block": "10.0.0.0/16", "main_route_table_id": "rtb-amain", "default_network_acl_id": "acl-adef", "default_security_group_id": "sg-adef", "assign_generated_ipv6_cidr_block": true, "ipv6_cidr_block": "2600:1f18:1::/56"}`),
		res("aws_vpc.b", "aws_vpc", `{"id": "vpc-b", "cidr_block": "10.1.0.0/16", "main_route_table_id": "rtb-bmain", "default_network_acl_id": "acl-bdef", "default_security_group_id": "sg-bdef"}`),
		res("aws_vpc_ipv4_cidr_block_association.a2", "aws_vpc_ipv4_cidr_block_association", `{"id": "vpc-cidr-assoc-1", "vpc_id": "vpc-a", "cidr_block": "100.64.0.0/16"}`),
		res("aws_subnet.a[0]", "aws_subnet", `{"id": "subnet-a0", "vpc_id": "vpc-a", "cidr_block": "10.0.0.0/24", "availability_zone": "eu-west-1a", "map_public_ip_on_launch": false}`),
		res("aws_subnet.b", "aws_subnet", `{"id": "subnet-b", "vpc_id": "vpc-b", "cidr_block": "10.1.0.0/24", "availability_zone": "eu-west-1b"}`),
		res("aws_default_route_table.a", "aws_default_route_table", `{"id": "rtb-amain", "default_route_table_id": "rtb-amain", "vpc_id": "vpc-a", "route": [{"cidr_block": "10.1.0.0/16", "vpc_peering_connection_id": "pcx-ab", "gateway_id": ""}], "tags": {"Name": "main-a"}}`),
		res("aws_route_table.b", "aws_route_table", `{"id": "rtb-b", "vpc_id": "vpc-b", "route": []}`),
		res("aws_main_route_table_association.b", "aws_main_route_table_association", `{"id": "rtbassoc-main", "vpc_id": "vpc-b", "route_table_id": "rtb-b"}`),
		res("aws_route.b_tgw", "aws_route", `{"id": "r-1", "route_table_id": "rtb-b", "destination_cidr_block": "192.168.0.0/16", "transit_gateway_id": "tgw-1", "gateway_id": ""}`),
		res("aws_route.b_v6", "aws_route", `{"id": "r-2", "route_table_id": "rtb-b", "destination_ipv6_cidr_block": "::/0", "egress_only_gateway_id": "eigw-b"}`),
		res("aws_route.b_fw", "aws_route", `{"id": "r-3", "route_table_id": "rtb-b", "destination_cidr_block": "10.9.0.0/16", "vpc_endpoint_id": "vpce-fw"}`),
		res("aws_egress_only_internet_gateway.b", "aws_egress_only_internet_gateway", `{"id": "eigw-b", "vpc_id": "vpc-b"}`),
		res("aws_default_network_acl.a", "aws_default_network_acl", `{"id": "acl-adef", "default_network_acl_id": "acl-adef", "vpc_id": "vpc-a", "subnet_ids": ["subnet-a0"], "ingress": [{"rule_no": 100, "action": "deny", "protocol": "tcp", "cidr_block": "0.0.0.0/0", "from_port": 22, "to_port": 22}, {"rule_no": 200, "action": "allow", "protocol": "-1", "cidr_block": "0.0.0.0/0", "from_port": 0, "to_port": 0}], "egress": []}`),
		res("aws_network_acl.b", "aws_network_acl", `{"id": "acl-b", "vpc_id": "vpc-b", "ingress": [], "egress": []}`),
		res("aws_network_acl_rule.b_in", "aws_network_acl_rule", `{"id": "nacl-1", "network_acl_id": "acl-b", "rule_number": 10, "egress": false, "protocol": "icmp", "rule_action": "allow", "cidr_block": "10.0.0.0/8", "icmp_type": 8, "icmp_code": -1}`),
		res("aws_network_acl_association.b", "aws_network_acl_association", `{"id": "aclassoc-1", "network_acl_id": "acl-b", "subnet_id": "subnet-b"}`),
		res("aws_default_security_group.a", "aws_default_security_group", `{"id": "sg-adef", "vpc_id": "vpc-a", "ingress": [], "egress": []}`),
		res("aws_security_group.b", "aws_security_group", `{"id": "sg-b", "vpc_id": "vpc-b", "description": "b", "ingress": [{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": [], "ipv6_cidr_blocks": [], "prefix_list_ids": ["pl-corp"], "security_groups": [], "self": true}], "egress": [{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": ["::/0"], "prefix_list_ids": [], "security_groups": [], "self": false}]}`),
		res("aws_vpc_security_group_egress_rule.b", "aws_vpc_security_group_egress_rule", `{"id": "sgr-1", "security_group_id": "sg-b", "ip_protocol": "udp", "from_port": 53, "to_port": 53, "cidr_ipv4": "10.0.0.2/32"}`),
		res("aws_ec2_managed_prefix_list.corp", "aws_ec2_managed_prefix_list", `{"id": "pl-corp", "name": "corp", "entry": [{"cidr": "198.51.100.0/24"}]}`),
		res("aws_ec2_managed_prefix_list_entry.corp2", "aws_ec2_managed_prefix_list_entry", `{"id": "pl-corp,203.0.113.0/24", "prefix_list_id": "pl-corp", "cidr": "203.0.113.0/24"}`),
		res("aws_vpc_peering_connection.ab", "aws_vpc_peering_connection", `{"id": "pcx-ab", "vpc_id": "vpc-a", "peer_vpc_id": "vpc-b", "peer_owner_id": "123456789012"}`),
		res("aws_vpc_peering_connection_accepter.ab", "aws_vpc_peering_connection_accepter", `{"id": "pcx-ab", "vpc_peering_connection_id": "pcx-ab", "vpc_id": "vpc-b", "peer_vpc_id": "vpc-a"}`),
		res("aws_vpc_endpoint.s3", "aws_vpc_endpoint", `{"id": "vpce-s3", "vpc_id": "vpc-b", "service_name": "com.amazonaws.eu-west-1.s3", "vpc_endpoint_type": "Gateway", "route_table_ids": [], "subnet_ids": [], "security_group_ids": []}`),
		res("aws_vpc_endpoint_route_table_association.s3", "aws_vpc_endpoint_route_table_association", `{"id": "a-1", "vpc_endpoint_id": "vpce-s3", "route_table_id": "rtb-b"}`),
		res("aws_vpc_endpoint.svc", "aws_vpc_endpoint", `{"id": "vpce-svc", "vpc_id": "vpc-a", "service_name": "com.amazonaws.vpce.eu-west-1.vpce-svc-1", "vpc_endpoint_type": "Interface", "subnet_ids": [], "security_group_ids": ["sg-adef"]}`),
		res("aws_vpc_endpoint_subnet_association.svc", "aws_vpc_endpoint_subnet_association", `{"id": "a-2", "vpc_endpoint_id": "vpce-svc", "subnet_id": "subnet-a0"}`),
		res("aws_vpc_endpoint_service.svc", "aws_vpc_endpoint_service", `{"id": "vpce-svc-1", "network_load_balancer_arns": ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/nlb/1"], "acceptance_required": true}`),
		res("aws_lb.nlb", "aws_lb", `{"id": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/nlb/1", "arn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/nlb/1", "load_balancer_type": "network", "internal": true, "subnets": ["subnet-b"], "subnet_mapping": [{"subnet_id": "subnet-b", "private_ipv4_address": "10.1.0.10"}]}`),
		res("aws_ec2_transit_gateway.t", "aws_ec2_transit_gateway", `{"id": "tgw-1", "amazon_side_asn": 64512, "default_route_table_association": "disable", "default_route_table_propagation": "disable"}`),
		res("aws_ec2_transit_gateway_vpc_attachment.b", "aws_ec2_transit_gateway_vpc_attachment", `{"id": "tgw-attach-b", "transit_gateway_id": "tgw-1", "vpc_id": "vpc-b", "subnet_ids": ["subnet-b"], "appliance_mode_support": "enable"}`),
		res("aws_ec2_transit_gateway_route_table.t", "aws_ec2_transit_gateway_route_table", `{"id": "tgw-rtb-1", "transit_gateway_id": "tgw-1"}`),
		res("aws_ec2_transit_gateway_route_table_association.b", "aws_ec2_transit_gateway_route_table_association", `{"id": "x", "transit_gateway_attachment_id": "tgw-attach-b", "transit_gateway_route_table_id": "tgw-rtb-1"}`),
		res("aws_ec2_transit_gateway_route_table_propagation.b", "aws_ec2_transit_gateway_route_table_propagation", `{"id": "y", "transit_gateway_attachment_id": "tgw-attach-b", "transit_gateway_route_table_id": "tgw-rtb-1"}`),
		res("aws_ec2_transit_gateway_route.onprem", "aws_ec2_transit_gateway_route", `{"id": "z", "destination_cidr_block": "192.168.0.0/16", "blackhole": true, "transit_gateway_route_table_id": "tgw-rtb-1"}`),
		res("aws_network_interface.appliance", "aws_network_interface", `{"id": "eni-1", "subnet_id": "subnet-b", "private_ips": ["10.1.0.20", "10.1.0.21"], "private_ip": "10.1.0.20", "security_groups": ["sg-b"], "source_dest_check": false, "attachment": [{"instance": "i-1", "device_index": 1}]}`),
		res("aws_instance.appliance", "aws_instance", `{"id": "i-1", "subnet_id": "subnet-b", "private_ip": "10.1.0.5", "vpc_security_group_ids": ["sg-b"], "associate_public_ip_address": false, "public_ip": "", "primary_network_interface_id": "eni-0", "ipv6_addresses": []}`),
		res("aws_lambda_function.fn", "aws_lambda_function", `{"id": "fn", "arn": "arn:aws:lambda:eu-west-1:123456789012:function:fn", "vpc_config": [{"subnet_ids": ["subnet-a0"], "security_group_ids": ["sg-adef"]}]}`),
		res("aws_lambda_function.outside", "aws_lambda_function", `{"id": "outside", "vpc_config": []}`),
		res("aws_flow_log.b", "aws_flow_log", `{"id": "fl-1", "vpc_id": "vpc-b", "traffic_type": "REJECT", "log_destination_type": "s3", "log_destination": "arn:aws:s3:::logs"}`),
		res("aws_networkfirewall_firewall.fw", "aws_networkfirewall_firewall", `{"id": "arn:aws:network-firewall:eu-west-1:123456789012:firewall/fw", "vpc_id": "vpc-b", "firewall_status": [{"sync_states": [{"availability_zone": "eu-west-1b", "attachment": [{"endpoint_id": "vpce-fw", "subnet_id": "subnet-b"}]}]}]}`),
		res("aws_subnet.orphan", "aws_subnet", `{"id": "subnet-o", "vpc_id": "vpc-elsewhere", "cidr_block": "10.7.0.0/24", "availability_zone": "eu-west-1a"}`),
		{Address: "data.aws_vpc.a", Mode: "data", Type: "aws_vpc", Values: map[string]any{"id": "vpc-a"}},
		{Address: "data.aws_vpc.shared", Mode: "data", Type: "aws_vpc", Values: map[string]any{"id": "vpc-shared"}},
		res("aws_subnet.shared", "aws_subnet", `{"id": "subnet-s", "vpc_id": "vpc-shared", "cidr_block": "10.8.0.0/24", "availability_zone": "eu-west-1a"}`),
	}
}

func TestEveryType(t *testing.T) {
	res, err := tfimport.Build(network(), tfimport.Options{Name: "types"})
	if err != nil {
		t.Fatal(err)
	}
	d := res.Design
	if errs := design.Check(d); len(errs) > 0 {
		t.Fatalf("Check: %v", errs)
	}
	if d.Region != "eu-west-1" {
		t.Errorf("region %q; want the zones' eu-west-1", d.Region)
	}
	if v := d.VPCs["aws_vpc.a"]; v == nil || !slices.Equal(v.SecondaryCIDRs, []string{"100.64.0.0/16"}) || !slices.Equal(v.IPv6CIDRs, []string{"2600:1f18:1::/56"}) {
		t.Errorf("vpc a %+v", v)
	}
	// aws_default_route_table takes the main table over.
	if rt := d.RouteTables[design.MainRouteTableID("aws_vpc.a")]; rt == nil || len(rt.Routes) != 1 || rt.Routes[0].Target.ID != "aws_vpc_peering_connection.ab" || rt.Tags["Name"] != "main-a" {
		t.Errorf("main table of a %+v", rt)
	}
	// aws_main_route_table_association makes b's table the main one.
	if rt, old := d.RouteTables["aws_route_table.b"], d.RouteTables[design.MainRouteTableID("aws_vpc.b")]; rt == nil || !rt.Main || old.Main {
		t.Errorf("table b main %v, VPC b's first main table main %v", rt != nil && rt.Main, old.Main)
	}
	rt := d.RouteTables["aws_route_table.b"]
	var targets []string
	for _, r := range rt.Routes {
		targets = append(targets, string(r.Target.Type)+" "+r.Target.ID)
	}
	if !slices.Contains(targets, "transit-gateway aws_ec2_transit_gateway.t") || !slices.Contains(targets, "egress-only-internet-gateway aws_egress_only_internet_gateway.b") ||
		!slices.ContainsFunc(targets, func(s string) bool { return strings.Contains(s, "aws_networkfirewall_firewall.fw") }) {
		t.Errorf("routes of table b: %v", targets)
	}
	// aws_default_network_acl replaces the default ACL's rules.
	if n := d.NetworkACLs[design.DefaultNetworkACLID("aws_vpc.a")]; n == nil || len(n.Inbound) != 2 || n.Inbound[0].Action != design.Deny || len(n.Outbound) != 0 || !slices.Equal(n.Subnets, []string{"aws_subnet.a.0"}) {
		t.Errorf("default acl of a %+v", n)
	}
	if n := d.NetworkACLs["aws_network_acl.b"]; n == nil || len(n.Inbound) != 1 || n.Inbound[0].ICMP == nil || n.Inbound[0].ICMP.Type != 8 || !slices.Equal(n.Subnets, []string{"aws_subnet.b"}) {
		t.Errorf("acl b %+v", n)
	}
	if g := d.SecurityGroups[design.DefaultSecurityGroupID("aws_vpc.a")]; g == nil || len(g.Ingress)+len(g.Egress) != 0 {
		t.Errorf("default group of a %+v: aws_default_security_group without rules leaves none", g)
	}
	g := d.SecurityGroups["aws_security_group.b"]
	if g == nil || len(g.Ingress) != 2 || g.Ingress[0].PrefixList != "aws_ec2_managed_prefix_list.corp" || g.Ingress[1].Group != "aws_security_group.b" || len(g.Egress) != 3 {
		t.Errorf("group b %+v", g)
	}
	if pl := d.PrefixLists["aws_ec2_managed_prefix_list.corp"]; pl == nil || !slices.Equal(pl.Entries, []string{"198.51.100.0/24", "203.0.113.0/24"}) {
		t.Errorf("prefix list %+v", pl)
	}
	if pc := d.PeeringConnections["aws_vpc_peering_connection.ab"]; pc == nil || pc.Requester != "aws_vpc.a" || pc.Accepter != "aws_vpc.b" || len(d.PeeringConnections) != 1 {
		t.Errorf("peering %+v (%d connections)", pc, len(d.PeeringConnections))
	}
	if ep := d.VPCEndpoints["aws_vpc_endpoint.s3"]; ep == nil || !slices.Equal(ep.RouteTables, []string{"aws_route_table.b"}) {
		t.Errorf("s3 endpoint %+v", ep)
	}
	if ep := d.VPCEndpoints["aws_vpc_endpoint.svc"]; ep == nil || ep.EndpointService != "aws_vpc_endpoint_service.svc" || !slices.Equal(ep.Subnets, []string{"aws_subnet.a.0"}) {
		t.Errorf("service endpoint %+v", ep)
	}
	if s := d.EndpointServices["aws_vpc_endpoint_service.svc"]; s == nil || !slices.Equal(s.LoadBalancers, []string{"aws_lb.nlb"}) || !s.AcceptanceRequired {
		t.Errorf("endpoint service %+v", s)
	}
	if tg := d.TransitGateways["aws_ec2_transit_gateway.t"]; tg == nil || tg.ASN != 64512 || tg.DefaultRouteTableAssociation {
		t.Errorf("tgw %+v", tg)
	}
	if a := d.TransitGatewayAttachments["aws_ec2_transit_gateway_vpc_attachment.b"]; a == nil || a.VPC != "aws_vpc.b" || !a.ApplianceMode {
		t.Errorf("attachment %+v", a)
	}
	if tr := d.TransitGatewayRouteTables["aws_ec2_transit_gateway_route_table.t"]; tr == nil || len(tr.Associations) != 1 || len(tr.Propagations) != 1 || len(tr.Routes) != 1 || !tr.Routes[0].Blackhole {
		t.Errorf("tgw route table %+v", tr)
	}
	if w := d.Workloads["aws_network_interface.appliance"]; w == nil || w.AttachedTo != "aws_instance.appliance" || w.SourceDestCheck == nil || *w.SourceDestCheck || len(w.Interfaces[0].SecondaryIPs) != 1 {
		t.Errorf("eni %+v", w)
	}
	if w := d.Workloads["aws_lambda_function.fn"]; w == nil || w.Type != design.WorkloadLambda || w.Interfaces[0].Subnet != "aws_subnet.a.0" {
		t.Errorf("lambda %+v", w)
	}
	if _, ok := d.Opaque["aws_lambda_function.outside"]; !ok {
		t.Error("a function outside any VPC is not kept opaque")
	}
	if w := d.Workloads["aws_lb.nlb"]; w == nil || w.Type != design.WorkloadNLB || !w.Internal || w.Interfaces[0].PrivateIP != "10.1.0.10" {
		t.Errorf("nlb %+v", w)
	}
	if f := d.FlowLogs["aws_flow_log.b"]; f == nil || f.Resource != "aws_vpc.b" || f.TrafficType != "REJECT" {
		t.Errorf("flow log %+v", f)
	}
	if o := d.Opaque["aws_networkfirewall_firewall.fw"]; o == nil || o.Type != "aws_networkfirewall_firewall" {
		t.Errorf("firewall %+v", o)
	}
	// References to IDs no resource has, and to data sources, are unknown.
	if s := d.Subnets["aws_subnet.orphan"]; s == nil || design.UnknownReason(s.VPC) != "external vpc-elsewhere" {
		t.Errorf("orphan subnet %+v", s)
	}
	if s := d.Subnets["aws_subnet.shared"]; s == nil || design.UnknownReason(s.VPC) != "vpc-shared from data.aws_vpc.shared" {
		t.Errorf("subnet in a data source's VPC %+v", s)
	}
	want := "aws_subnet.orphan.vpc_id: vpc-elsewhere is not among the resources read; the reference is unknown"
	if !slices.Contains(res.Warnings, want) {
		t.Errorf("warnings %q lack %q", res.Warnings, want)
	}
	for _, w := range res.Warnings {
		if strings.Contains(w, "Resources.Tf") || strings.Contains(w, "templates") {
			t.Errorf("warning speaks of the translation: %s", w)
		}
	}
}

// An IPv6 block AWS allocates is unknown with its reason: known after
// apply in a plan, allocated by AWS when nothing records it.
func TestIPv6BlocksAllocated(t *testing.T) {
	planned := res("aws_vpc.p", "aws_vpc", `{"cidr_block": "10.0.0.0/16", "assign_generated_ipv6_cidr_block": true}`)
	planned.Unknown = map[string]string{"ipv6_cidr_block": "known after apply", "id": "known after apply"}
	configured := res("aws_vpc.c", "aws_vpc", `{"cidr_block": "10.1.0.0/16", "assign_generated_ipv6_cidr_block": true}`)
	r, err := tfimport.Build([]tfimport.Resource{planned, configured}, tfimport.Options{Name: "v6"})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{"aws_vpc.p": "aws_vpc.p.ipv6_cidr_block known after apply", "aws_vpc.c": "IPv6 block AWS allocates to aws_vpc.c"} {
		if v := r.Design.VPCs[id]; v == nil || len(v.IPv6CIDRs) != 1 || design.UnknownReason(v.IPv6CIDRs[0]) != want {
			t.Errorf("%s: %+v; want one IPv6 block unknown(%s)", id, v, want)
		}
	}
}

// TestAttachmentTypes: the types of issue 18's list that TestEveryType and
// the three-tier fixture leave out: the default VPC and subnet, an IPv6
// block association, an internet gateway attached by its own resource, an
// EIP association, an ENI attached by its own resource, an endpoint's
// security group association, aws_alb, and the peering options and
// attachment accepter, which add nothing and warn of nothing.
func TestAttachmentTypes(t *testing.T) {
	rs := []tfimport.Resource{
		res("aws_default_vpc.d", "aws_default_vpc", `{"id": "vpc-d", "cidr_block": "172.31.0.0/16", "main_route_table_id": "rtb-dmain", "default_network_acl_id": "acl-d", "default_security_group_id": "sg-d"}`),
		res("aws_vpc_ipv6_cidr_block_association.d6", "aws_vpc_ipv6_cidr_block_association", `{"id": "vpc-cidr-assoc-6", "vpc_id": "vpc-d", "ipv6_cidr_block": "2600:1f18:2::/56"}`),
		res("aws_default_subnet.a", "aws_default_subnet", `{"id": "subnet-da", "vpc_id": "vpc-d", "cidr_block": "172.31.0.0/20", "availability_zone": "eu-west-1a", "map_public_ip_on_launch": true}`),
		res("aws_internet_gateway.d", "aws_internet_gateway", `{"id": "igw-d", "vpc_id": ""}`),
		res("aws_internet_gateway_attachment.d", "aws_internet_gateway_attachment", `{"id": "igw-d:vpc-d", "internet_gateway_id": "igw-d", "vpc_id": "vpc-d"}`),
		res("aws_security_group.web", "aws_security_group", `{"id": "sg-web", "vpc_id": "vpc-d", "description": "web", "ingress": [], "egress": []}`),
		res("aws_instance.web", "aws_instance", `{"id": "i-web", "subnet_id": "subnet-da", "private_ip": "172.31.0.10", "vpc_security_group_ids": ["sg-web"], "primary_network_interface_id": "eni-web0"}`),
		res("aws_network_interface.second", "aws_network_interface", `{"id": "eni-2", "subnet_id": "subnet-da", "private_ip": "172.31.0.11", "security_groups": ["sg-web"], "attachment": []}`),
		res("aws_network_interface_attachment.second", "aws_network_interface_attachment", `{"id": "eni-attach-2", "network_interface_id": "eni-2", "instance_id": "i-web", "device_index": 1}`),
		res("aws_eip.web", "aws_eip", `{"id": "eipalloc-web", "allocation_id": "eipalloc-web", "public_ip": "203.0.113.7", "domain": "vpc"}`),
		res("aws_eip_association.web", "aws_eip_association", `{"id": "eipassoc-web", "allocation_id": "eipalloc-web", "instance_id": "i-web"}`),
		res("aws_vpc_endpoint.ssm", "aws_vpc_endpoint", `{"id": "vpce-ssm", "vpc_id": "vpc-d", "service_name": "com.amazonaws.eu-west-1.ssm", "vpc_endpoint_type": "Interface", "subnet_ids": ["subnet-da"], "security_group_ids": []}`),
		res("aws_vpc_endpoint_security_group_association.ssm", "aws_vpc_endpoint_security_group_association", `{"id": "a-sg", "vpc_endpoint_id": "vpce-ssm", "security_group_id": "sg-web"}`),
		res("aws_alb.web", "aws_alb", `{"id": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1", "arn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1", "load_balancer_type": "application", "internal": false, "subnets": ["subnet-da"], "security_groups": ["sg-web"]}`),
		res("aws_vpc_peering_connection_options.x", "aws_vpc_peering_connection_options", `{"id": "pcx-x", "vpc_peering_connection_id": "pcx-x", "accepter": [{"allow_remote_vpc_dns_resolution": true}]}`),
		res("aws_ec2_transit_gateway_vpc_attachment_accepter.x", "aws_ec2_transit_gateway_vpc_attachment_accepter", `{"id": "tgw-attach-x", "transit_gateway_attachment_id": "tgw-attach-x"}`),
	}
	r, err := tfimport.Build(rs, tfimport.Options{Name: "attachments"})
	if err != nil {
		t.Fatal(err)
	}
	d := r.Design
	if errs := design.Check(d); len(errs) > 0 {
		t.Fatalf("Check: %v", errs)
	}
	if v := d.VPCs["aws_default_vpc.d"]; v == nil || v.CIDR != "172.31.0.0/16" || !slices.Equal(v.IPv6CIDRs, []string{"2600:1f18:2::/56"}) {
		t.Errorf("default VPC with its IPv6 association: %+v", v)
	}
	if s := d.Subnets["aws_default_subnet.a"]; s == nil || s.VPC != "aws_default_vpc.d" || !s.MapPublicIP {
		t.Errorf("default subnet: %+v", s)
	}
	if g := d.InternetGateways["aws_internet_gateway.d"]; g == nil || g.VPC != "aws_default_vpc.d" {
		t.Errorf("internet gateway attached by aws_internet_gateway_attachment: %+v", g)
	}
	if e := d.ElasticIPs["aws_eip.web"]; e == nil || e.Workload != "aws_instance.web" || e.Address != "203.0.113.7" {
		t.Errorf("EIP associated by aws_eip_association: %+v", e)
	}
	if w := d.Workloads["aws_network_interface.second"]; w == nil || w.AttachedTo != "aws_instance.web" {
		t.Errorf("ENI attached by aws_network_interface_attachment: %+v", w)
	}
	if ep := d.VPCEndpoints["aws_vpc_endpoint.ssm"]; ep == nil || !slices.Equal(ep.SecurityGroups, []string{"aws_security_group.web"}) {
		t.Errorf("endpoint with its group association: %+v", ep)
	}
	if w := d.Workloads["aws_alb.web"]; w == nil || w.Type != design.WorkloadALB || w.Internal {
		t.Errorf("aws_alb: %+v", w)
	}
	if len(d.Opaque) != 0 || len(r.Warnings) != 0 {
		t.Errorf("opaque %v, warnings %q; want none (the options and the accepter add nothing)", slices.Sorted(maps.Keys(d.Opaque)), r.Warnings)
	}
}
