package awsaccount

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpcboard/vpcboard/internal/design"
)

// peerings maps the live peering connections. A side whose VPC is not in
// the snapshot (another account or region) is an unknown value naming the
// VPC, its account, region and block, as the CloudFormation importer
// writes a peer outside the templates.
func (m *mapper) peerings(e *EC2) {
	for _, p := range e.VpcPeeringConnections {
		if p.Status != nil && gone(p.Status.Code) {
			continue
		}
		m.put(&design.PeeringConnection{Base: base(p.VpcPeeringConnectionId, p.Tags),
			Requester: m.peerSide(p.RequesterVpcInfo), Accepter: m.peerSide(p.AccepterVpcInfo)})
	}
}

func (m *mapper) peerSide(v *ec2types.VpcPeeringConnectionVpcInfo) string {
	if v == nil {
		return design.Unknown("peer VPC not described")
	}
	id := aws.ToString(v.VpcId)
	if m.has(id, design.KindVPC) {
		return id
	}
	return design.Unknown("external " + id + " in account " + aws.ToString(v.OwnerId) + ", region " + aws.ToString(v.Region) + ", " + aws.ToString(v.CidrBlock))
}

// transitGateways maps gateways, VPC attachments and route tables. The
// snapshot lists the default route table with its associations and
// propagations like any other, so the gateway's implicit default table
// (DefaultRouteTableAssociation/Propagation in the design) is off.
func (m *mapper) transitGateways(e *EC2) {
	for _, t := range e.TransitGateways {
		if gone(t.State) {
			continue
		}
		out := &design.TransitGateway{Base: base(t.TransitGatewayId, t.Tags), Region: m.ownRegion(), Account: m.ownAccount(t.OwnerId)}
		if o := t.Options; o != nil {
			out.ASN = aws.ToInt64(o.AmazonSideAsn)
			out.SecurityGroupReferencing = o.SecurityGroupReferencingSupport == ec2types.SecurityGroupReferencingSupportValueEnable
		}
		m.put(out)
	}
	for _, a := range e.TransitGatewayVpcAttachments {
		if gone(a.State) {
			continue
		}
		out := &design.TransitGatewayAttachment{Base: base(a.TransitGatewayAttachmentId, a.Tags), TransitGateway: aws.ToString(a.TransitGatewayId),
			VPC: aws.ToString(a.VpcId), Subnets: m.refs(a.SubnetIds, design.KindSubnet, "subnet")}
		if o := a.Options; o != nil {
			out.ApplianceMode = o.ApplianceModeSupport == ec2types.ApplianceModeSupportValueEnable
			out.SecurityGroupReferencing = o.SecurityGroupReferencingSupport == ec2types.SecurityGroupReferencingSupportValueEnable
		}
		if !m.has(out.TransitGateway, design.KindTransitGateway) || !m.has(out.VPC, design.KindVPC) {
			m.warnf("transit gateway attachment %s: its gateway %s or VPC %s is not in the snapshot; left out", out.ID, out.TransitGateway, out.VPC)
			continue
		}
		m.put(out)
	}
	for _, a := range e.TransitGatewayAttachments {
		if a.ResourceType != "" && a.ResourceType != ec2types.TransitGatewayAttachmentResourceTypeVpc && !gone(a.State) {
			m.warnf("transit gateway attachment %s: %s attachments are not modelled; left out", aws.ToString(a.TransitGatewayAttachmentId), a.ResourceType)
		}
	}
	m.transitGatewayRouteTables(e)
}

func (m *mapper) transitGatewayRouteTables(e *EC2) {
	assoc := map[string][]string{}
	for _, a := range e.TransitGatewayAttachments {
		if id := aws.ToString(a.TransitGatewayAttachmentId); a.Association != nil && m.has(id, design.KindTransitGatewayAttachment) {
			rt := aws.ToString(a.Association.TransitGatewayRouteTableId)
			assoc[rt] = append(assoc[rt], id)
		}
	}
	props := map[string][]string{}
	for _, set := range e.TransitGatewayRouteTablePropagations {
		rt := aws.ToString(set.TransitGatewayRouteTableId)
		for _, p := range set.TransitGatewayRouteTablePropagations {
			if id := aws.ToString(p.TransitGatewayAttachmentId); p.State == ec2types.TransitGatewayPropagationStateEnabled && m.has(id, design.KindTransitGatewayAttachment) {
				props[rt] = append(props[rt], id)
			}
		}
	}
	routes := map[string][]ec2types.TransitGatewayRoute{}
	for _, set := range e.TransitGatewayRouteTableRoutes {
		routes[aws.ToString(set.TransitGatewayRouteTableId)] = set.Routes
	}
	for _, t := range e.TransitGatewayRouteTables {
		if gone(t.State) || !m.has(aws.ToString(t.TransitGatewayId), design.KindTransitGateway) {
			continue
		}
		out := &design.TransitGatewayRouteTable{Base: base(t.TransitGatewayRouteTableId, t.Tags), TransitGateway: aws.ToString(t.TransitGatewayId)}
		out.Associations, out.Propagations = sorted(assoc[out.ID]), sorted(props[out.ID])
		for _, r := range routes[out.ID] {
			// Propagated routes follow from Propagations.
			if r.Type != ec2types.TransitGatewayRouteTypeStatic {
				continue
			}
			dest := aws.ToString(r.DestinationCidrBlock)
			if dest == "" {
				m.warnf("transit gateway route table %s: a route to prefix list %s is not modelled; left out", out.ID, aws.ToString(r.PrefixListId))
				continue
			}
			tr := design.TGWRoute{Destination: dest, Blackhole: r.State == ec2types.TransitGatewayRouteStateBlackhole}
			if !tr.Blackhole {
				for _, a := range r.TransitGatewayAttachments {
					tr.Attachment = m.ref(aws.ToString(a.TransitGatewayAttachmentId), design.KindTransitGatewayAttachment, "transit gateway attachment")
					break
				}
			}
			if !tr.Blackhole && tr.Attachment == "" {
				continue
			}
			out.Routes = append(out.Routes, tr)
		}
		m.put(out)
	}
}

func sorted(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// endpointServices maps the account's own PrivateLink services.
func (m *mapper) endpointServices(e *EC2) {
	for _, s := range e.ServiceConfigurations {
		out := &design.EndpointService{Base: base(s.ServiceId, s.Tags), AcceptanceRequired: aws.ToBool(s.AcceptanceRequired)}
		for _, arn := range slices.Concat(s.NetworkLoadBalancerArns, s.GatewayLoadBalancerArns) {
			if id := m.lbByARN[arn]; id != "" {
				out.LoadBalancers = append(out.LoadBalancers, id)
			}
		}
		m.put(out)
	}
}

var endpointTypes = map[ec2types.VpcEndpointType]design.EndpointType{
	ec2types.VpcEndpointTypeGateway:             design.EndpointGateway,
	ec2types.VpcEndpointTypeInterface:           design.EndpointInterface,
	ec2types.VpcEndpointTypeGatewayLoadBalancer: design.EndpointGatewayLoadBalancer,
}

func (m *mapper) endpoints(e *EC2) {
	services := map[string]string{}
	for _, s := range e.ServiceConfigurations {
		services[aws.ToString(s.ServiceName)] = aws.ToString(s.ServiceId)
	}
	for _, v := range e.VpcEndpoints {
		typ, ok := endpointTypes[v.VpcEndpointType]
		if gone(v.State) || !ok || !m.has(aws.ToString(v.VpcId), design.KindVPC) {
			if !gone(v.State) {
				m.warnf("VPC endpoint %s: type %q or VPC %s is not in the model or the snapshot; left out", aws.ToString(v.VpcEndpointId), v.VpcEndpointType, aws.ToString(v.VpcId))
			}
			continue
		}
		out := &design.VPCEndpoint{Base: base(v.VpcEndpointId, v.Tags), VPC: aws.ToString(v.VpcId), Type: typ,
			Service: aws.ToString(v.ServiceName), Subnets: m.refs(v.SubnetIds, design.KindSubnet, "subnet"), PrivateDNS: aws.ToBool(v.PrivateDnsEnabled)}
		if svc := services[out.Service]; svc != "" {
			out.Service, out.EndpointService = "", svc
		}
		out.RouteTables = m.refs(v.RouteTableIds, design.KindRouteTable, "route table")
		var groups []string
		for _, g := range v.Groups {
			groups = append(groups, aws.ToString(g.GroupId))
		}
		out.SecurityGroups = m.groupIDs(groups)
		m.put(out)
	}
}

// routeTables maps route tables after the resources their routes name.
func (m *mapper) routeTables(e *EC2) {
	for _, rt := range e.RouteTables {
		id := aws.ToString(rt.RouteTableId)
		if !m.has(aws.ToString(rt.VpcId), design.KindVPC) {
			m.warnf("route table %s: its VPC %s is not in the snapshot; left out", id, aws.ToString(rt.VpcId))
			continue
		}
		out := &design.RouteTable{Base: base(rt.RouteTableId, rt.Tags), VPC: aws.ToString(rt.VpcId)}
		for _, a := range rt.Associations {
			if a.AssociationState != nil && gone(a.AssociationState.State) {
				continue
			}
			switch {
			case aws.ToBool(a.Main):
				out.Main = true
			case m.has(aws.ToString(a.SubnetId), design.KindSubnet):
				out.Subnets = append(out.Subnets, aws.ToString(a.SubnetId))
			case m.has(aws.ToString(a.GatewayId), design.KindInternetGateway):
				out.Gateways = append(out.Gateways, aws.ToString(a.GatewayId))
			}
		}
		for _, r := range rt.Routes {
			if route, ok := m.route(id, r); ok {
				out.Routes = append(out.Routes, route)
			}
		}
		m.put(out)
	}
}

// route maps one route; the implicit local routes and targets the model
// lacks (virtual private, carrier and local gateways, core networks) are
// left out, the latter with a warning.
func (m *mapper) route(table string, r ec2types.Route) (design.Route, bool) {
	out := design.Route{Destination: aws.ToString(r.DestinationCidrBlock)}
	if out.Destination == "" {
		out.Destination = aws.ToString(r.DestinationIpv6CidrBlock)
	}
	if out.Destination == "" {
		out.PrefixList = aws.ToString(r.DestinationPrefixListId)
	}
	gw := aws.ToString(r.GatewayId)
	switch {
	case gw == "local":
		return out, false
	case r.State == ec2types.RouteStateBlackhole:
		out.Target = design.Target{Type: design.TargetBlackhole}
	case strings.HasPrefix(gw, "igw-"):
		out.Target = m.target(design.TargetInternetGateway, gw, design.KindInternetGateway)
	case strings.HasPrefix(gw, "vpce-"):
		out.Target = m.target(design.TargetVPCEndpoint, gw, design.KindVPCEndpoint)
	case r.NatGatewayId != nil:
		out.Target = m.target(design.TargetNATGateway, aws.ToString(r.NatGatewayId), design.KindNATGateway)
	case r.EgressOnlyInternetGatewayId != nil:
		out.Target = m.target(design.TargetEgressOnlyInternetGateway, aws.ToString(r.EgressOnlyInternetGatewayId), design.KindEgressOnlyInternetGateway)
	case r.TransitGatewayId != nil:
		out.Target = m.target(design.TargetTransitGateway, aws.ToString(r.TransitGatewayId), design.KindTransitGateway)
	case r.VpcPeeringConnectionId != nil:
		out.Target = m.target(design.TargetPeeringConnection, aws.ToString(r.VpcPeeringConnectionId), design.KindPeeringConnection)
	case r.NetworkInterfaceId != nil || r.InstanceId != nil:
		w := m.eniOwner[aws.ToString(r.NetworkInterfaceId)]
		if w == "" {
			w = aws.ToString(r.InstanceId)
		}
		out.Target = m.target(design.TargetNetworkInterface, w, design.KindWorkload)
	default:
		m.warnf("route table %s: the route to %s goes to %s, which the model lacks; left out", table, out.Dest(), routeTargetName(r))
		return out, false
	}
	return out, true
}

// target names a resource of the design, or an unknown one.
func (m *mapper) target(t design.TargetType, id string, k design.Kind) design.Target {
	return design.Target{Type: t, ID: m.ref(id, k, string(k))}
}

func routeTargetName(r ec2types.Route) string {
	for _, s := range []*string{r.GatewayId, r.CarrierGatewayId, r.LocalGatewayId, r.CoreNetworkArn} {
		if s != nil {
			return *s
		}
	}
	return "an unnamed target"
}

// networkACLs maps ACLs and their numbered entries; the last, implicit
// deny (rule 32767) is the model's own and left out.
func (m *mapper) networkACLs(e *EC2) {
	for _, n := range e.NetworkAcls {
		out := &design.NetworkACL{Base: base(n.NetworkAclId, n.Tags), VPC: aws.ToString(n.VpcId), Default: aws.ToBool(n.IsDefault)}
		if !m.has(out.VPC, design.KindVPC) {
			continue
		}
		for _, a := range n.Associations {
			if s := aws.ToString(a.SubnetId); m.has(s, design.KindSubnet) {
				out.Subnets = append(out.Subnets, s)
			}
		}
		for _, en := range n.Entries {
			entry, ok := m.naclEntry(out.ID, en)
			switch {
			case !ok:
			case aws.ToBool(en.Egress):
				out.Outbound = append(out.Outbound, entry)
			default:
				out.Inbound = append(out.Inbound, entry)
			}
		}
		for _, es := range [][]design.NACLEntry{out.Inbound, out.Outbound} {
			slices.SortStableFunc(es, func(a, b design.NACLEntry) int { return a.Number - b.Number })
		}
		m.put(out)
	}
}

func (m *mapper) naclEntry(acl string, en ec2types.NetworkAclEntry) (design.NACLEntry, bool) {
	num := int(aws.ToInt32(en.RuleNumber))
	if num >= 32767 {
		return design.NACLEntry{}, false
	}
	proto, err := design.ParseProtocol(aws.ToString(en.Protocol))
	if err != nil {
		m.warnf("network ACL %s rule %d: %v; left out", acl, num, err)
		return design.NACLEntry{}, false
	}
	out := design.NACLEntry{Number: num, Protocol: proto, CIDR: aws.ToString(en.CidrBlock), Action: design.Action(strings.ToLower(string(en.RuleAction)))}
	if out.CIDR == "" {
		out.CIDR = aws.ToString(en.Ipv6CidrBlock)
	}
	if pr := en.PortRange; pr != nil && proto.HasPorts() {
		if r := (design.PortRange{From: int(aws.ToInt32(pr.From)), To: int(aws.ToInt32(pr.To))}); r != design.AllPorts {
			out.Ports = &r
		}
	}
	if ic := en.IcmpTypeCode; ic != nil && proto.IsICMP() {
		if t, c := int(aws.ToInt32(ic.Type)), int(aws.ToInt32(ic.Code)); t != -1 || c != -1 {
			out.ICMP = &design.ICMPMatch{Type: t, Code: c}
		}
	}
	return out, true
}

// flowLogs maps flow logs of VPCs, subnets and workloads' interfaces.
func (m *mapper) flowLogs(e *EC2) {
	for _, f := range e.FlowLogs {
		res := aws.ToString(f.ResourceId)
		if w := m.eniOwner[res]; w != "" {
			res = w
		}
		if !m.has(res, design.KindVPC) && !m.has(res, design.KindSubnet) && !m.has(res, design.KindWorkload) {
			m.warnf("flow log %s: it logs %s, which is not in the snapshot; left out", aws.ToString(f.FlowLogId), aws.ToString(f.ResourceId))
			continue
		}
		out := &design.FlowLog{Base: base(f.FlowLogId, f.Tags), Resource: res, TrafficType: string(f.TrafficType),
			Destination: string(f.LogDestinationType), DestinationARN: aws.ToString(f.LogDestination)}
		if out.Destination == "" {
			out.Destination = "cloud-watch-logs"
		}
		if out.DestinationARN == "" {
			out.DestinationARN = aws.ToString(f.LogGroupName)
		}
		m.put(out)
	}
}
