package awsaccount

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpcboard/vpcboard/internal/design"
)

// Result is a design made from a snapshot, with what the mapping left out.
type Result struct {
	Design   *design.Design
	Warnings []string
}

// Map turns a snapshot into a design named name. Design IDs are the AWS
// IDs (vpc-0abc...; load balancers, databases and functions by their ARN
// with '/' written '.'), display names come from Name tags, and the main
// route tables, default network ACLs and default security groups are the
// real ones of the snapshot. A snapshot of one region gives the design
// that region and account; with several, each VPC and transit gateway
// says its own.
func Map(s *Snapshot, name string) (*Result, error) {
	m := &mapper{d: design.New(name), s: s, ids: map[string]design.Kind{}, declared: map[string]design.Kind{}, eniOwner: map[string]string{}, lbByARN: map[string]string{}}
	regions := design.SortedIDs(s.Regions)
	if len(regions) == 1 {
		m.d.Region, m.d.Account = regions[0], s.Account
	}
	// A peering connection between two regions read names the VPC of the
	// region mapped later.
	for _, r := range regions {
		for _, v := range s.Regions[r].EC2.Vpcs {
			m.declared[aws.ToString(v.VpcId)] = design.KindVPC
		}
	}
	for _, r := range regions {
		m.region(r, s.Regions[r])
	}
	if err := design.Apply(m.d, m.ops...); err != nil {
		return nil, fmt.Errorf("AWS snapshot: %w", err)
	}
	return &Result{Design: m.d, Warnings: m.warnings}, nil
}

type mapper struct {
	d   *design.Design
	s   *Snapshot
	ops []design.Op
	ids map[string]design.Kind
	// declared holds the IDs of resources that will be put later in the
	// region but may be named before (groups naming each other, endpoints
	// naming route tables).
	declared map[string]design.Kind
	warnings []string
	// eniOwner maps a network interface to the workload it belongs to.
	eniOwner map[string]string
	lbByARN  map[string]string
	// multi is set when VPCs and gateways name their own region.
	regionName string
}

func (m *mapper) put(r design.Resource) {
	if _, dup := m.ids[r.ResourceID()]; dup {
		return // a peering connection seen from both of its regions
	}
	m.ids[r.ResourceID()] = r.Kind()
	m.ops = append(m.ops, design.Put(r))
}

// has reports whether the design has a resource of kind k named id.
func (m *mapper) has(id string, k design.Kind) bool {
	return id != "" && (m.ids[id] == k || m.declared[id] == k)
}

// ref returns id when the design has it, else an unknown value that says
// what it was.
func (m *mapper) ref(id string, k design.Kind, what string) string {
	if m.has(id, k) {
		return id
	}
	return design.Unknown(what + " " + id + " is not in the snapshot")
}

func (m *mapper) warnf(format string, args ...any) {
	m.warnings = append(m.warnings, fmt.Sprintf(format, args...))
}

// ownRegion returns the region a VPC or transit gateway names: empty when
// the design's region says it.
func (m *mapper) ownRegion() string {
	if m.d.Region != "" {
		return ""
	}
	return m.regionName
}

func (m *mapper) ownAccount(owner *string) string {
	if a := aws.ToString(owner); a != m.d.Account {
		return a
	}
	return ""
}

// region maps one region, kinds in the order their references need.
func (m *mapper) region(name string, r *Region) {
	m.regionName = name
	e := &r.EC2
	m.vpcs(e)
	m.subnets(e)
	m.gateways(e)
	m.prefixLists(e)
	m.declareGroupsAndTables(e)
	m.securityGroups(e)
	m.instances(e)
	m.networkInterfaces(e)
	m.loadBalancers(r)
	m.databases(r)
	m.functions(r)
	m.addresses(e)
	m.natGateways(e)
	m.peerings(e)
	m.transitGateways(e)
	m.endpointServices(e)
	m.endpoints(e)
	m.routeTables(e)
	m.networkACLs(e)
	m.flowLogs(e)
}

// tags returns the tags as a map.
func tags(ts []ec2types.Tag) map[string]string {
	if len(ts) == 0 {
		return nil
	}
	out := make(map[string]string, len(ts))
	for _, t := range ts {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}

func base(id *string, ts []ec2types.Tag) design.Base {
	return design.Base{ID: aws.ToString(id), Tags: tags(ts)}
}

// named returns a base whose Name tag is name, for resources that have
// names rather than tags (load balancers, databases, functions).
func named(id, name string) design.Base {
	return design.Base{ID: id, Tags: map[string]string{"Name": name}}
}

// arnID turns an ARN into a design ID: '/' is not allowed in one.
func arnID(arn *string) string { return strings.ReplaceAll(aws.ToString(arn), "/", ".") }

// gone reports whether a state says the resource no longer exists.
func gone[S ~string](state S) bool {
	switch strings.ToLower(string(state)) {
	case "deleted", "deleting", "failed", "rejected", "expired", "terminated", "shutting-down":
		return true
	}
	return false
}

func (m *mapper) vpcs(e *EC2) {
	attrs := map[string]VpcAttributes{}
	for _, a := range e.VpcAttributes {
		attrs[aws.ToString(a.VpcId)] = a
	}
	for _, v := range e.Vpcs {
		out := &design.VPC{Base: base(v.VpcId, v.Tags), CIDR: aws.ToString(v.CidrBlock), Region: m.ownRegion(), Account: m.ownAccount(v.OwnerId)}
		for _, a := range v.CidrBlockAssociationSet {
			if c := aws.ToString(a.CidrBlock); c != out.CIDR && (a.CidrBlockState == nil || !gone(a.CidrBlockState.State)) {
				out.SecondaryCIDRs = append(out.SecondaryCIDRs, c)
			}
		}
		for _, a := range v.Ipv6CidrBlockAssociationSet {
			if a.Ipv6CidrBlockState == nil || !gone(a.Ipv6CidrBlockState.State) {
				out.IPv6CIDRs = append(out.IPv6CIDRs, aws.ToString(a.Ipv6CidrBlock))
			}
		}
		if a, ok := attrs[out.ID]; ok {
			out.DNSSupport, out.DNSHostnames = a.EnableDnsSupport, a.EnableDnsHostnames
		}
		m.put(out)
	}
}

func (m *mapper) subnets(e *EC2) {
	for _, s := range e.Subnets {
		out := &design.Subnet{Base: base(s.SubnetId, s.Tags), VPC: aws.ToString(s.VpcId), AZ: aws.ToString(s.AvailabilityZone),
			CIDR: aws.ToString(s.CidrBlock), MapPublicIP: aws.ToBool(s.MapPublicIpOnLaunch)}
		if out.AZ == "" {
			out.AZ = aws.ToString(s.AvailabilityZoneId)
		}
		for _, a := range s.Ipv6CidrBlockAssociationSet {
			if a.Ipv6CidrBlockState == nil || !gone(a.Ipv6CidrBlockState.State) {
				out.IPv6CIDR = aws.ToString(a.Ipv6CidrBlock)
				break
			}
		}
		out.Tier = out.Tags["Tier"]
		if out.Tier == "" {
			out.Tier = out.Tags["tier"]
		}
		if !m.has(out.VPC, design.KindVPC) {
			m.warnf("subnet %s: its VPC %s is not in the snapshot; left out", out.ID, out.VPC)
			continue
		}
		m.put(out)
	}
}

// attachedVPC returns the VPC of the first live attachment.
func attachedVPC(as []ec2types.InternetGatewayAttachment) string {
	for _, a := range as {
		if !strings.HasPrefix(string(a.State), "detach") {
			return aws.ToString(a.VpcId)
		}
	}
	return ""
}

func (m *mapper) gateways(e *EC2) {
	for _, g := range e.InternetGateways {
		out := &design.InternetGateway{Base: base(g.InternetGatewayId, g.Tags), VPC: attachedVPC(g.Attachments)}
		if out.VPC != "" && !m.has(out.VPC, design.KindVPC) {
			out.VPC = ""
		}
		m.put(out)
	}
	for _, g := range e.EgressOnlyInternetGateways {
		vpc := attachedVPC(g.Attachments)
		if !m.has(vpc, design.KindVPC) {
			m.warnf("egress-only internet gateway %s: not attached to a VPC of the snapshot; left out", aws.ToString(g.EgressOnlyInternetGatewayId))
			continue
		}
		m.put(&design.EgressOnlyInternetGateway{Base: base(g.EgressOnlyInternetGatewayId, g.Tags), VPC: vpc})
	}
}

// prefixLists maps the customer-managed prefix lists; AWS's own are named
// by ID in rules and routes, which the design takes as AWS-managed.
func (m *mapper) prefixLists(e *EC2) {
	entries := map[string][]ec2types.PrefixListEntry{}
	for _, pe := range e.PrefixListEntries {
		entries[aws.ToString(pe.PrefixListId)] = pe.Entries
	}
	for _, pl := range e.PrefixLists {
		if aws.ToString(pl.OwnerId) == "AWS" {
			continue
		}
		out := &design.PrefixList{Base: base(pl.PrefixListId, pl.Tags), Name: aws.ToString(pl.PrefixListName)}
		for _, en := range entries[out.ID] {
			out.Entries = append(out.Entries, aws.ToString(en.Cidr))
		}
		m.put(out)
	}
}

// declareGroupsAndTables names the security groups and route tables of
// VPCs of the snapshot before any is mapped: rules name groups, endpoints
// name route tables, and routes name endpoints.
func (m *mapper) declareGroupsAndTables(e *EC2) {
	for _, g := range e.SecurityGroups {
		if m.has(aws.ToString(g.VpcId), design.KindVPC) {
			m.declared[aws.ToString(g.GroupId)] = design.KindSecurityGroup
		}
	}
	for _, rt := range e.RouteTables {
		if m.has(aws.ToString(rt.VpcId), design.KindVPC) {
			m.declared[aws.ToString(rt.RouteTableId)] = design.KindRouteTable
		}
	}
}

func (m *mapper) securityGroups(e *EC2) {
	for _, g := range e.SecurityGroups {
		id := aws.ToString(g.GroupId)
		out := &design.SecurityGroup{Base: base(g.GroupId, g.Tags), VPC: aws.ToString(g.VpcId), Description: aws.ToString(g.Description)}
		if out.Tags["Name"] == "" && aws.ToString(g.GroupName) != "" {
			if out.Tags == nil {
				out.Tags = map[string]string{}
			}
			out.Tags["Name"] = aws.ToString(g.GroupName)
		}
		if !m.has(out.VPC, design.KindVPC) {
			m.warnf("security group %s: its VPC %q is not in the snapshot; left out", id, out.VPC)
			continue
		}
		out.Ingress = m.sgRules(g.IpPermissions, id)
		out.Egress = m.sgRules(g.IpPermissionsEgress, id)
		m.put(out)
	}
}

// sgRules turns IP permissions into one design rule per peer.
func (m *mapper) sgRules(perms []ec2types.IpPermission, group string) []design.SGRule {
	var out []design.SGRule
	for _, p := range perms {
		proto, err := design.ParseProtocol(aws.ToString(p.IpProtocol))
		if err != nil {
			m.warnf("security group %s: %v; rule left out", group, err)
			continue
		}
		r := design.SGRule{Protocol: proto}
		from, to := int(aws.ToInt32(p.FromPort)), int(aws.ToInt32(p.ToPort))
		switch {
		case proto.HasPorts() && p.FromPort != nil && (from != 0 || to != 65535) && from != -1:
			r.Ports = &design.PortRange{From: from, To: to}
		case proto.IsICMP() && p.FromPort != nil && from != -1:
			r.ICMP = &design.ICMPMatch{Type: from, Code: to}
		}
		add := func(set func(*design.SGRule), desc *string) {
			rule := r
			set(&rule)
			rule.Description = aws.ToString(desc)
			out = append(out, rule)
		}
		for _, c := range p.IpRanges {
			add(func(x *design.SGRule) { x.CIDR = aws.ToString(c.CidrIp) }, c.Description)
		}
		for _, c := range p.Ipv6Ranges {
			add(func(x *design.SGRule) { x.CIDR = aws.ToString(c.CidrIpv6) }, c.Description)
		}
		for _, pl := range p.PrefixListIds {
			add(func(x *design.SGRule) { x.PrefixList = aws.ToString(pl.PrefixListId) }, pl.Description)
		}
		for _, g := range p.UserIdGroupPairs {
			id := aws.ToString(g.GroupId)
			ref := id
			if !m.has(id, design.KindSecurityGroup) && id != group {
				ref = design.Unknown("security group " + id + " of account " + aws.ToString(g.UserId))
			}
			add(func(x *design.SGRule) { x.Group = ref }, g.Description)
		}
	}
	return out
}

// refs returns ref of each ID, without repeats: a partial folder of the
// AWS CLI's output may lack the resources named.
func (m *mapper) refs(ids []string, k design.Kind, what string) []string {
	var out []string
	for _, id := range ids {
		if r := m.ref(id, k, what); !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// groupIDs returns the IDs of groups the design has, unknown for others.
func (m *mapper) groupIDs(ids []string) []string {
	return m.refs(ids, design.KindSecurityGroup, "security group")
}

func groupIdentifiers(gs []ec2types.GroupIdentifier) []string {
	var out []string
	for _, g := range gs {
		out = append(out, aws.ToString(g.GroupId))
	}
	return out
}
