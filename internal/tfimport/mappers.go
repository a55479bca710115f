package tfimport

import (
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// mappers translates each modelled aws provider type. Types not listed are
// kept as opaque resources under their Terraform type.
var mappers map[string]func(t *translator, v view)

func init() {
	mappers = map[string]func(t *translator, v view){
		"aws_vpc":                                         (*translator).vpc,
		"aws_default_vpc":                                 (*translator).vpc,
		"aws_vpc_ipv4_cidr_block_association":             (*translator).vpcCIDR,
		"aws_vpc_ipv6_cidr_block_association":             (*translator).vpcCIDR,
		"aws_subnet":                                      (*translator).subnet,
		"aws_default_subnet":                              (*translator).subnet,
		"aws_route_table":                                 (*translator).routeTable,
		"aws_default_route_table":                         (*translator).defaultRouteTable,
		"aws_route":                                       (*translator).route,
		"aws_route_table_association":                     (*translator).routeTableAssociation,
		"aws_main_route_table_association":                (*translator).mainRouteTableAssociation,
		"aws_network_acl":                                 (*translator).networkACL,
		"aws_default_network_acl":                         (*translator).defaultNetworkACL,
		"aws_network_acl_rule":                            (*translator).networkACLRule,
		"aws_network_acl_association":                     (*translator).networkACLAssociation,
		"aws_security_group":                              (*translator).securityGroup,
		"aws_default_security_group":                      (*translator).defaultSecurityGroup,
		"aws_security_group_rule":                         (*translator).securityGroupRule,
		"aws_vpc_security_group_ingress_rule":             (*translator).vpcSecurityGroupRule,
		"aws_vpc_security_group_egress_rule":              (*translator).vpcSecurityGroupRule,
		"aws_internet_gateway":                            (*translator).internetGateway,
		"aws_internet_gateway_attachment":                 (*translator).internetGatewayAttachment,
		"aws_egress_only_internet_gateway":                (*translator).egressOnlyGateway,
		"aws_nat_gateway":                                 (*translator).natGateway,
		"aws_eip":                                         (*translator).eip,
		"aws_eip_association":                             (*translator).eipAssociation,
		"aws_vpc_endpoint":                                (*translator).vpcEndpoint,
		"aws_vpc_endpoint_route_table_association":        (*translator).endpointAssociation,
		"aws_vpc_endpoint_subnet_association":             (*translator).endpointAssociation,
		"aws_vpc_endpoint_security_group_association":     (*translator).endpointAssociation,
		"aws_vpc_endpoint_service":                        (*translator).endpointService,
		"aws_vpc_peering_connection":                      (*translator).peering,
		"aws_vpc_peering_connection_accepter":             (*translator).peeringAccepter,
		"aws_vpc_peering_connection_options":              (*translator).folded,
		"aws_ec2_transit_gateway":                         (*translator).transitGateway,
		"aws_ec2_transit_gateway_vpc_attachment":          (*translator).tgwAttachment,
		"aws_ec2_transit_gateway_vpc_attachment_accepter": (*translator).folded,
		"aws_ec2_transit_gateway_route_table":             (*translator).tgwRouteTable,
		"aws_ec2_transit_gateway_route_table_association": (*translator).tgwAssociation,
		"aws_ec2_transit_gateway_route_table_propagation": (*translator).tgwAssociation,
		"aws_ec2_transit_gateway_route":                   (*translator).tgwRoute,
		"aws_instance":                                    (*translator).instance,
		"aws_network_interface":                           (*translator).networkInterface,
		"aws_network_interface_attachment":                (*translator).networkInterfaceAttachment,
		"aws_lb":                                          (*translator).loadBalancer,
		"aws_alb":                                         (*translator).loadBalancer,
		"aws_db_instance":                                 (*translator).dbInstance,
		"aws_db_subnet_group":                             (*translator).dbSubnetGroup,
		"aws_lambda_function":                             (*translator).lambda,
		"aws_ec2_managed_prefix_list":                     (*translator).prefixList,
		"aws_ec2_managed_prefix_list_entry":               (*translator).prefixListEntry,
		"aws_flow_log":                                    (*translator).flowLog,
	}
}

// folded ignores a resource whose effect the model does not hold or that
// another resource of the state already shows (peering DNS options, the
// accepter side of an attachment).
func (t *translator) folded(v view) {}

func (t *translator) vpc(v view) {
	t.emit(v, "AWS::EC2::VPC", props(
		"CidrBlock", v.str("cidr_block"),
		"EnableDnsSupport", v.boolean("enable_dns_support"),
		"EnableDnsHostnames", v.boolean("enable_dns_hostnames")))
	if block := t.ipv6Block(v, v.isTrue("assign_generated_ipv6_cidr_block") || v.str("ipv6_ipam_pool_id") != nil); block != nil {
		t.emitPart(v, "AWS::EC2::VPCCidrBlock", props("VpcId", DesignID(v.r.Address), "Ipv6CidrBlock", block))
	}
}

// ipv6Block returns a VPC's IPv6 block: the one recorded, else an unknown
// one when AWS or a pool allocates it (allocated), else nil.
func (t *translator) ipv6Block(v view, allocated bool) any {
	if b := v.str("ipv6_cidr_block"); b != nil {
		return b // known, or unknown with its reason
	}
	if allocated {
		return t.unknown("IPv6 block AWS allocates to " + v.r.Address)
	}
	return nil
}

func (t *translator) vpcCIDR(v view) {
	p := props("VpcId", v.ref("vpc_id"))
	switch {
	case v.r.Type == "aws_vpc_ipv4_cidr_block_association":
		p["CidrBlock"] = v.str("cidr_block")
	default:
		p["Ipv6CidrBlock"] = t.ipv6Block(v, true)
	}
	t.emitPart(v, "AWS::EC2::VPCCidrBlock", p)
}

func (t *translator) subnet(v view) {
	az := v.str("availability_zone")
	if az == nil {
		az = v.str("availability_zone_id")
	}
	t.emit(v, "AWS::EC2::Subnet", props(
		"VpcId", v.ref("vpc_id"),
		"CidrBlock", v.str("cidr_block"),
		"Ipv6CidrBlock", v.str("ipv6_cidr_block"),
		"AvailabilityZone", az,
		"MapPublicIpOnLaunch", v.boolean("map_public_ip_on_launch")))
}

func (t *translator) routeTable(v view) {
	t.emit(v, "AWS::EC2::RouteTable", props("VpcId", v.ref("vpc_id")))
	t.inlineRoutes(v, DesignID(v.r.Address))
}

// defaultRouteTable takes over the main route table of its VPC: Terraform
// replaces its routes with the inline ones.
func (t *translator) defaultRouteTable(v view) {
	rt := v.ref("default_route_table_id")
	t.inlineRoutes(v, rt)
	tags := v.tags()
	t.post = append(t.post, func(d *design.Design) {
		id, _ := rt.(string)
		if r := d.RouteTables[id]; r != nil && len(tags) > 0 {
			r.Tags = tagMap(tags)
		}
	})
}

// inlineRoutes adds the route blocks of a route table.
func (t *translator) inlineRoutes(v view, table any) {
	for _, b := range v.list("route") {
		p := routeTarget(b)
		p["RouteTableId"] = table
		p["DestinationCidrBlock"] = b.str("cidr_block")
		p["DestinationIpv6CidrBlock"] = b.str("ipv6_cidr_block")
		p["DestinationPrefixListId"] = b.ref("destination_prefix_list_id")
		t.emitPart(v, "AWS::EC2::Route", props(flatten(p)...))
		t.readFrom(b)
	}
}

// routeTargets pairs the target attributes of routes with the properties
// of AWS::EC2::Route.
var routeTargets = [][2]string{
	{"gateway_id", "GatewayId"},
	{"nat_gateway_id", "NatGatewayId"},
	{"transit_gateway_id", "TransitGatewayId"},
	{"vpc_peering_connection_id", "VpcPeeringConnectionId"},
	{"vpc_endpoint_id", "VpcEndpointId"},
	{"network_interface_id", "NetworkInterfaceId"},
	{"instance_id", "InstanceId"},
	{"egress_only_gateway_id", "EgressOnlyInternetGatewayId"},
	{"carrier_gateway_id", "CarrierGatewayId"},
	{"local_gateway_id", "LocalGatewayId"},
	{"core_network_arn", "CoreNetworkArn"},
}

func routeTarget(v view) map[string]any {
	p := map[string]any{}
	for _, k := range routeTargets {
		if s := v.str(k[0]); s == "local" {
			p[k[1]] = "local"
		} else if s != nil {
			p[k[1]] = v.ref(k[0])
		}
	}
	return p
}

// flatten turns a property map into the pairs props takes, sorted.
func flatten(m map[string]any) []any {
	var out []any
	for _, k := range sortedKeys(m) {
		out = append(out, k, m[k])
	}
	return out
}

func (t *translator) route(v view) {
	p := routeTarget(v)
	p["RouteTableId"] = v.ref("route_table_id")
	p["DestinationCidrBlock"] = v.str("destination_cidr_block")
	p["DestinationIpv6CidrBlock"] = v.str("destination_ipv6_cidr_block")
	p["DestinationPrefixListId"] = v.ref("destination_prefix_list_id")
	t.emitPart(v, "AWS::EC2::Route", props(flatten(p)...))
}

func (t *translator) routeTableAssociation(v view) {
	if v.str("gateway_id") != nil {
		t.emitPart(v, "AWS::EC2::GatewayRouteTableAssociation", props("RouteTableId", v.ref("route_table_id"), "GatewayId", v.ref("gateway_id")))
		return
	}
	t.emitPart(v, "AWS::EC2::SubnetRouteTableAssociation", props("RouteTableId", v.ref("route_table_id"), "SubnetId", v.ref("subnet_id")))
}

// mainRouteTableAssociation makes a table its VPC's main table; the table
// AWS made with the VPC stays, no longer main.
func (t *translator) mainRouteTableAssociation(v view) {
	vpc, _ := v.ref("vpc_id").(string)
	rt, _ := v.ref("route_table_id").(string)
	t.post = append(t.post, func(d *design.Design) {
		table := d.RouteTables[rt]
		if table == nil || d.VPCs[vpc] == nil {
			t.warnings = append(t.warnings, v.r.Address+": the VPC or route table is not among the resources read; the main table is left as it is")
			return
		}
		for _, id := range design.SortedIDs(d.RouteTables) {
			if o := d.RouteTables[id]; o.VPC == vpc {
				o.Main = false
			}
		}
		table.Main = true
	})
}

func (t *translator) networkACL(v view) {
	id := DesignID(v.r.Address)
	t.emit(v, "AWS::EC2::NetworkAcl", props("VpcId", v.ref("vpc_id")))
	t.inlineACL(v, id)
}

// inlineACL adds the ingress and egress blocks and the subnets of an ACL.
func (t *translator) inlineACL(v view, acl any) {
	for _, dir := range []string{"ingress", "egress"} {
		for _, b := range v.list(dir) {
			t.emitPart(v, "AWS::EC2::NetworkAclEntry", aclEntry(b, acl, dir == "egress", "rule_no", "action"))
			t.readFrom(b)
		}
	}
	for _, s := range asList(v.refs("subnet_ids")) {
		t.emitPart(v, "AWS::EC2::SubnetNetworkAclAssociation", props("NetworkAclId", acl, "SubnetId", s))
	}
}

func asList(x any) []any {
	switch l := x.(type) {
	case []any:
		return l
	case nil:
		return nil
	}
	return []any{x}
}

// aclEntry translates an ACL rule, inline or aws_network_acl_rule.
func aclEntry(b view, acl any, egress bool, numberKey, actionKey string) map[string]any {
	p := props(
		"NetworkAclId", acl,
		"Egress", egress,
		"RuleNumber", b.num(numberKey),
		"Protocol", b.str("protocol"),
		"RuleAction", b.str(actionKey),
		"CidrBlock", b.str("cidr_block"),
		"Ipv6CidrBlock", b.str("ipv6_cidr_block"))
	if b.num("from_port") != nil || b.num("to_port") != nil {
		p["PortRange"] = props("From", b.num("from_port"), "To", b.num("to_port"))
	}
	if b.num("icmp_type") != nil {
		p["Icmp"] = props("Type", b.num("icmp_type"), "Code", b.num("icmp_code"))
	}
	return p
}

// defaultNetworkACL takes over the default ACL of its VPC: Terraform
// replaces its rules with the inline ones.
func (t *translator) defaultNetworkACL(v view) {
	acl := v.ref("default_network_acl_id")
	t.inlineACL(v, acl)
	t.post = append(t.post, func(d *design.Design) {
		id, _ := acl.(string)
		if n := d.NetworkACLs[id]; n != nil {
			n.Inbound = withoutImplicit(n.Inbound, len(d.VPCs[n.VPC].IPv6CIDRs) > 0)
			n.Outbound = withoutImplicit(n.Outbound, len(d.VPCs[n.VPC].IPv6CIDRs) > 0)
		}
	})
}

// withoutImplicit removes the allow-all entries AWS gives a default ACL
// (the first of each; the configuration's own come after them).
func withoutImplicit(es []design.NACLEntry, ipv6 bool) []design.NACLEntry {
	implicit := []design.NACLEntry{{Number: 100, Protocol: design.ProtocolAll, CIDR: "0.0.0.0/0", Action: design.Allow}}
	if ipv6 {
		implicit = append(implicit, design.NACLEntry{Number: 101, Protocol: design.ProtocolAll, CIDR: "::/0", Action: design.Allow})
	}
	for _, im := range implicit {
		for i, e := range es {
			if e.Number == im.Number && e.CIDR == im.CIDR && e.Action == im.Action && e.Protocol == im.Protocol && e.Ports == nil && e.ICMP == nil {
				es = append(es[:i:i], es[i+1:]...)
				break
			}
		}
	}
	return es
}

func (t *translator) networkACLRule(v view) {
	t.emitPart(v, "AWS::EC2::NetworkAclEntry", aclEntry(v, v.ref("network_acl_id"), v.isTrue("egress"), "rule_number", "rule_action"))
}

func (t *translator) networkACLAssociation(v view) {
	t.emitPart(v, "AWS::EC2::SubnetNetworkAclAssociation", props("NetworkAclId", v.ref("network_acl_id"), "SubnetId", v.ref("subnet_id")))
}

func (t *translator) securityGroup(v view) {
	id := DesignID(v.r.Address)
	p := props("VpcId", v.ref("vpc_id"), "GroupDescription", v.str("description"))
	var in, out []any
	for _, b := range v.list("ingress") {
		in = append(in, sgRules(b, true, id)...)
	}
	for _, b := range v.list("egress") {
		out = append(out, sgRules(b, false, id)...)
	}
	if in != nil {
		p["SecurityGroupIngress"] = in
	}
	// Terraform removes the allow-all egress rule AWS adds: a group whose
	// egress is empty or not known yet (set by rule resources) has none.
	if out == nil {
		out = []any{map[string]any{"IpProtocol": "-1", "CidrIp": "127.0.0.1/32"}}
	}
	p["SecurityGroupEgress"] = out
	t.emit(v, "AWS::EC2::SecurityGroup", p)
}

// sgRules translates a rule block of aws_security_group or an
// aws_security_group_rule into CloudFormation rules, one per peer.
func sgRules(b view, ingress bool, self any) []any {
	base := props("IpProtocol", b.str("protocol"), "FromPort", b.num("from_port"), "ToPort", b.num("to_port"), "Description", b.str("description"))
	groupKey, plKey := "SourceSecurityGroupId", "SourcePrefixListId"
	if !ingress {
		groupKey, plKey = "DestinationSecurityGroupId", "DestinationPrefixListId"
	}
	var out []any
	with := func(k string, val any) {
		r := map[string]any{k: val}
		for bk, bv := range base {
			r[bk] = bv
		}
		out = append(out, r)
	}
	for _, c := range b.strs("cidr_blocks") {
		with("CidrIp", c)
	}
	for _, c := range b.strs("ipv6_cidr_blocks") {
		with("CidrIpv6", c)
	}
	for _, pl := range asList(b.refs("prefix_list_ids")) {
		with(plKey, pl)
	}
	for _, g := range asList(b.refs("security_groups")) {
		with(groupKey, g)
	}
	if g := b.ref("source_security_group_id"); g != nil {
		with(groupKey, g)
	}
	if b.isTrue("self") {
		with(groupKey, self)
	}
	return out
}

// defaultSecurityGroup takes over the default group of its VPC: Terraform
// replaces its rules with the inline ones.
func (t *translator) defaultSecurityGroup(v view) {
	vpc, _ := v.ref("vpc_id").(string)
	group := design.DefaultSecurityGroupID(vpc)
	if id, ok := v.ref("id").(string); ok {
		group = id
	}
	for _, dir := range []string{"ingress", "egress"} {
		typ := "AWS::EC2::SecurityGroupIngress"
		if dir == "egress" {
			typ = "AWS::EC2::SecurityGroupEgress"
		}
		for _, b := range v.list(dir) {
			for _, r := range sgRules(b, dir == "ingress", group) {
				p := r.(map[string]any)
				p["GroupId"] = group
				t.emitPart(v, typ, p)
			}
		}
	}
	t.post = append(t.post, func(d *design.Design) {
		g := d.SecurityGroups[group]
		if g == nil {
			return
		}
		g.Ingress = removeFirst(g.Ingress, design.SGRule{Protocol: design.ProtocolAll, Group: group})
		g.Egress = removeFirst(g.Egress, design.SGRule{Protocol: design.ProtocolAll, CIDR: "0.0.0.0/0"})
		g.Egress = removeFirst(g.Egress, design.SGRule{Protocol: design.ProtocolAll, CIDR: "::/0"})
	})
}

func (t *translator) securityGroupRule(v view) {
	ingress := v.str("type") == "ingress"
	typ := "AWS::EC2::SecurityGroupEgress"
	if ingress {
		typ = "AWS::EC2::SecurityGroupIngress"
	}
	group := v.ref("security_group_id")
	for _, r := range sgRules(v, ingress, group) {
		p := r.(map[string]any)
		p["GroupId"] = group
		t.emitPart(v, typ, p)
	}
}

func (t *translator) vpcSecurityGroupRule(v view) {
	ingress := strings.HasSuffix(v.r.Type, "_ingress_rule")
	typ, groupKey, plKey := "AWS::EC2::SecurityGroupIngress", "SourceSecurityGroupId", "SourcePrefixListId"
	if !ingress {
		typ, groupKey, plKey = "AWS::EC2::SecurityGroupEgress", "DestinationSecurityGroupId", "DestinationPrefixListId"
	}
	t.emitPart(v, typ, props(
		"GroupId", v.ref("security_group_id"),
		"IpProtocol", v.str("ip_protocol"),
		"FromPort", v.num("from_port"),
		"ToPort", v.num("to_port"),
		"CidrIp", v.str("cidr_ipv4"),
		"CidrIpv6", v.str("cidr_ipv6"),
		plKey, v.ref("prefix_list_id"),
		groupKey, v.ref("referenced_security_group_id"),
		"Description", v.str("description")))
}

func (t *translator) internetGateway(v view) {
	t.emit(v, "AWS::EC2::InternetGateway", props())
	if v.str("vpc_id") != nil {
		t.emitPart(v, "AWS::EC2::VPCGatewayAttachment", props("InternetGatewayId", DesignID(v.r.Address), "VpcId", v.ref("vpc_id")))
	}
}

func (t *translator) internetGatewayAttachment(v view) {
	t.emitPart(v, "AWS::EC2::VPCGatewayAttachment", props("InternetGatewayId", v.ref("internet_gateway_id"), "VpcId", v.ref("vpc_id")))
}

func (t *translator) egressOnlyGateway(v view) {
	t.emit(v, "AWS::EC2::EgressOnlyInternetGateway", props("VpcId", v.ref("vpc_id")))
}

func (t *translator) natGateway(v view) {
	t.emit(v, "AWS::EC2::NatGateway", props(
		"SubnetId", v.ref("subnet_id"),
		"AllocationId", v.ref("allocation_id"),
		"ConnectivityType", v.str("connectivity_type"),
		"PrivateIpAddress", v.str("private_ip")))
}

func (t *translator) eip(v view) {
	meta := map[string]string{"id": DesignID(v.r.Address)}
	if ip, ok := v.str("public_ip").(string); ok {
		meta["address"] = ip
	}
	t.add(v, "AWS::EC2::EIP", props("InstanceId", v.ref("instance")), meta)
	// The interface of a NAT gateway is the gateway's, which holds the
	// address through its allocation.
	if eni, _ := v.str("network_interface").(string); v.str("instance") == nil && eni != "" && !t.natENI[eni] {
		t.emitPart(v, "AWS::EC2::EIPAssociation", props("AllocationId", DesignID(v.r.Address), "NetworkInterfaceId", v.ref("network_interface")))
	}
}

func (t *translator) eipAssociation(v view) {
	t.emitPart(v, "AWS::EC2::EIPAssociation", props("AllocationId", v.ref("allocation_id"), "InstanceId", v.ref("instance_id"), "NetworkInterfaceId", v.ref("network_interface_id")))
}

func (t *translator) vpcEndpoint(v view) {
	t.emit(v, "AWS::EC2::VPCEndpoint", props(
		"VpcId", v.ref("vpc_id"),
		"ServiceName", t.serviceName(v.str("service_name")),
		"VpcEndpointType", v.str("vpc_endpoint_type"),
		"RouteTableIds", v.refs("route_table_ids"),
		"SubnetIds", v.refs("subnet_ids"),
		"SecurityGroupIds", v.refs("security_group_ids"),
		"PrivateDnsEnabled", v.boolean("private_dns_enabled")))
}

// serviceName names an endpoint service of the resources by its design
// ID, as the CloudFormation importer expects.
func (t *translator) serviceName(x any) any {
	s, ok := x.(string)
	if !ok {
		return x
	}
	if rest, ok := strings.CutPrefix(s, "com.amazonaws.vpce."); ok {
		if region, svc, ok := strings.Cut(rest, "."); ok {
			if id, ok := t.ids[svc].(string); ok {
				return "com.amazonaws.vpce." + region + "." + id
			}
		}
	}
	return s
}

// endpointAssociation adds a route table, subnet or group to the endpoint
// it names, unless the endpoint already lists it.
func (t *translator) endpointAssociation(v view) {
	var field, key string
	switch v.r.Type {
	case "aws_vpc_endpoint_route_table_association":
		field, key = "RouteTableIds", "route_table_id"
	case "aws_vpc_endpoint_subnet_association":
		field, key = "SubnetIds", "subnet_id"
	default:
		field, key = "SecurityGroupIds", "security_group_id"
	}
	ep, _ := v.ref("vpc_endpoint_id").(string)
	item := v.ref(key)
	for _, c := range t.out {
		if c.meta["id"] != ep || c.typ != "AWS::EC2::VPCEndpoint" {
			continue
		}
		l := asList(c.props[field])
		for _, x := range l {
			if x == item {
				return
			}
		}
		c.props[field] = append(l, item)
		return
	}
	t.warnings = append(t.warnings, v.r.Address+": the endpoint is not among the resources read; the association is not modelled")
}

func (t *translator) endpointService(v view) {
	t.emit(v, "AWS::EC2::VPCEndpointService", props(
		"NetworkLoadBalancerArns", v.refs("network_load_balancer_arns"),
		"GatewayLoadBalancerArns", v.refs("gateway_load_balancer_arns"),
		"AcceptanceRequired", v.boolean("acceptance_required")))
}

func (t *translator) peering(v view) {
	p := props("VpcId", v.ref("vpc_id"), "PeerVpcId", v.ref("peer_vpc_id"), "PeerRegion", v.str("peer_region"))
	if _, ours := t.ids[str(v.m["peer_vpc_id"])]; !ours {
		p["PeerOwnerId"] = v.str("peer_owner_id")
	}
	t.emit(v, "AWS::EC2::VPCPeeringConnection", p)
}

func str(x any) string { s, _ := x.(string); return s }

// peeringAccepter is the accepting side of a connection requested
// elsewhere: when the state holds the request too, the two are one
// connection; else it is the connection, from the requester's VPC.
func (t *translator) peeringAccepter(v view) {
	if _, ours := t.ids[str(v.m["vpc_peering_connection_id"])]; ours {
		return
	}
	t.emit(v, "AWS::EC2::VPCPeeringConnection", props("VpcId", v.ref("peer_vpc_id"), "PeerVpcId", v.ref("vpc_id")))
}

func (t *translator) transitGateway(v view) {
	t.emit(v, "AWS::EC2::TransitGateway", props(
		"AmazonSideAsn", v.num("amazon_side_asn"),
		"DefaultRouteTableAssociation", v.str("default_route_table_association"),
		"DefaultRouteTablePropagation", v.str("default_route_table_propagation"),
		"SecurityGroupReferencingSupport", v.str("security_group_referencing_support")))
}

func (t *translator) tgwAttachment(v view) {
	t.emit(v, "AWS::EC2::TransitGatewayVpcAttachment", props(
		"TransitGatewayId", v.ref("transit_gateway_id"),
		"VpcId", v.ref("vpc_id"),
		"SubnetIds", v.refs("subnet_ids"),
		"Options", props("ApplianceModeSupport", v.str("appliance_mode_support"), "SecurityGroupReferencingSupport", v.str("security_group_referencing_support"))))
}

func (t *translator) tgwRouteTable(v view) {
	t.emit(v, "AWS::EC2::TransitGatewayRouteTable", props("TransitGatewayId", v.ref("transit_gateway_id")))
}

func (t *translator) tgwAssociation(v view) {
	typ := "AWS::EC2::TransitGatewayRouteTableAssociation"
	if strings.HasSuffix(v.r.Type, "_propagation") {
		typ = "AWS::EC2::TransitGatewayRouteTablePropagation"
	}
	t.emitPart(v, typ, props("TransitGatewayRouteTableId", v.ref("transit_gateway_route_table_id"), "TransitGatewayAttachmentId", v.ref("transit_gateway_attachment_id")))
}

func (t *translator) tgwRoute(v view) {
	t.emitPart(v, "AWS::EC2::TransitGatewayRoute", props(
		"TransitGatewayRouteTableId", v.ref("transit_gateway_route_table_id"),
		"DestinationCidrBlock", v.str("destination_cidr_block"),
		"TransitGatewayAttachmentId", v.ref("transit_gateway_attachment_id"),
		"Blackhole", v.boolean("blackhole")))
}

func (t *translator) instance(v view) {
	groups := v.refs("vpc_security_group_ids")
	p := props("SourceDestCheck", v.boolean("source_dest_check"))
	var nis []any
	if v.str("subnet_id") != nil {
		public := v.boolean("associate_public_ip_address")
		if ip, ok := v.str("public_ip").(string); ok && ip != "" {
			public = true
		}
		ni := props("DeviceIndex", "0", "SubnetId", v.ref("subnet_id"), "PrivateIpAddress", v.str("private_ip"),
			"AssociatePublicIpAddress", public, "GroupSet", groups)
		if v6 := v.knownStrs("ipv6_addresses"); len(v6) > 0 {
			var l []any
			for _, a := range v6 {
				l = append(l, map[string]any{"Ipv6Address": a})
			}
			ni["Ipv6Addresses"] = l
		}
		nis = append(nis, ni)
	} else if groups != nil {
		p["SecurityGroupIds"] = groups
	}
	for _, b := range v.list("network_interface") {
		nis = append(nis, props("DeviceIndex", b.str("device_index"), "NetworkInterfaceId", b.ref("network_interface_id")))
	}
	if nis != nil {
		p["NetworkInterfaces"] = nis
	}
	t.emit(v, "AWS::EC2::Instance", p)
}

func (t *translator) networkInterface(v view) {
	ips := v.strs("private_ips")
	p := props(
		"SubnetId", v.ref("subnet_id"),
		"GroupSet", v.refs("security_groups"),
		"SourceDestCheck", v.boolean("source_dest_check"),
		"PrivateIpAddress", v.str("private_ip"))
	if p["PrivateIpAddress"] == nil && len(ips) > 0 {
		p["PrivateIpAddress"] = ips[0]
	}
	var extra []any
	for _, ip := range ips {
		if ip != p["PrivateIpAddress"] {
			extra = append(extra, map[string]any{"PrivateIpAddress": ip, "Primary": false})
		}
	}
	if extra != nil {
		p["PrivateIpAddresses"] = extra
	}
	var v6 []any
	for _, a := range v.knownStrs("ipv6_addresses") {
		v6 = append(v6, map[string]any{"Ipv6Address": a})
	}
	if v6 != nil {
		p["Ipv6Addresses"] = v6
	}
	t.emit(v, "AWS::EC2::NetworkInterface", p)
	for _, a := range v.list("attachment") {
		if a.str("instance") != nil {
			t.emitPart(v, "AWS::EC2::NetworkInterfaceAttachment", props("NetworkInterfaceId", DesignID(v.r.Address), "InstanceId", a.ref("instance")))
		}
	}
}

func (t *translator) networkInterfaceAttachment(v view) {
	t.emitPart(v, "AWS::EC2::NetworkInterfaceAttachment", props("NetworkInterfaceId", v.ref("network_interface_id"), "InstanceId", v.ref("instance_id")))
}

func (t *translator) loadBalancer(v view) {
	p := props("Type", v.str("load_balancer_type"), "SecurityGroups", v.refs("security_groups"))
	if v.isTrue("internal") {
		p["Scheme"] = "internal"
	}
	if maps := v.list("subnet_mapping"); len(maps) > 0 {
		var l []any
		for _, m := range maps {
			l = append(l, props("SubnetId", m.ref("subnet_id"), "PrivateIPv4Address", m.str("private_ipv4_address")))
		}
		p["SubnetMappings"] = l
	} else if s := v.refs("subnets"); s != nil {
		p["Subnets"] = s
	}
	t.emit(v, "AWS::ElasticLoadBalancingV2::LoadBalancer", p)
}

func (t *translator) dbInstance(v view) {
	t.emit(v, "AWS::RDS::DBInstance", props(
		"VPCSecurityGroups", v.refs("vpc_security_group_ids"),
		"PubliclyAccessible", v.boolean("publicly_accessible"),
		"DBSubnetGroupName", v.ref("db_subnet_group_name")))
}

// dbSubnetGroup keeps a DB subnet group as an opaque resource of its
// Terraform type, with its subnets as design IDs: the importer reads them
// for the databases in the group.
func (t *translator) dbSubnetGroup(v view) {
	t.emit(v, v.r.Type, props("SubnetIds", v.refs("subnet_ids"), "DBSubnetGroupName", v.str("name")))
}

func (t *translator) lambda(v view) {
	vcs := v.list("vpc_config")
	if len(vcs) == 0 || vcs[0].refs("subnet_ids") == nil {
		t.opaque(v.r)
		return
	}
	t.emit(v, "AWS::Lambda::Function", props("VpcConfig", props(
		"SubnetIds", vcs[0].refs("subnet_ids"),
		"SecurityGroupIds", vcs[0].refs("security_group_ids"))))
}

func (t *translator) prefixList(v view) {
	var entries []any
	for _, e := range v.list("entry") {
		entries = append(entries, props("Cidr", e.str("cidr")))
	}
	t.emit(v, "AWS::EC2::PrefixList", props("PrefixListName", v.str("name"), "Entries", entries))
}

// prefixListEntry adds an entry to its prefix list, unless the list's
// inline entries already hold it.
func (t *translator) prefixListEntry(v view) {
	pl, _ := v.ref("prefix_list_id").(string)
	cidr := v.str("cidr")
	for _, c := range t.out {
		if c.meta["id"] != pl || c.typ != "AWS::EC2::PrefixList" {
			continue
		}
		l := asList(c.props["Entries"])
		for _, e := range l {
			if m, ok := e.(map[string]any); ok && m["Cidr"] == cidr {
				return
			}
		}
		c.props["Entries"] = append(l, map[string]any{"Cidr": cidr})
		return
	}
	t.warnings = append(t.warnings, v.r.Address+": the prefix list is not among the resources read; the entry is not modelled")
}

// flowLogTargets pairs the attributes naming what a flow log watches with
// CloudFormation's resource types.
var flowLogTargets = [][2]string{{"vpc_id", "VPC"}, {"subnet_id", "Subnet"}, {"eni_id", "NetworkInterface"}, {"transit_gateway_id", "TransitGateway"}, {"transit_gateway_attachment_id", "TransitGatewayAttachment"}}

func (t *translator) flowLog(v view) {
	p := props(
		"TrafficType", v.str("traffic_type"),
		"LogDestinationType", v.str("log_destination_type"),
		"LogDestination", v.str("log_destination"),
		"LogGroupName", v.str("log_group_name"))
	for _, k := range flowLogTargets {
		if v.str(k[0]) != nil {
			p["ResourceType"], p["ResourceId"] = k[1], v.ref(k[0])
			break
		}
	}
	t.emit(v, "AWS::EC2::FlowLog", p)
}
