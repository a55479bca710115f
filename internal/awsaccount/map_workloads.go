package awsaccount

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpcboard/vpcboard/internal/design"
)

// instances maps the running and stopped instances with all their network
// interfaces, in device order; the groups are those of every interface.
func (m *mapper) instances(e *EC2) {
	for _, res := range e.Reservations {
		for _, in := range res.Instances {
			if in.State != nil && gone(in.State.Name) {
				continue
			}
			w := &design.Workload{Base: base(in.InstanceId, in.Tags), Type: design.WorkloadInstance}
			nis := slices.Clone(in.NetworkInterfaces)
			slices.SortStableFunc(nis, func(a, b ec2types.InstanceNetworkInterface) int {
				return int(deviceIndex(a.Attachment) - deviceIndex(b.Attachment))
			})
			var groups []string
			for _, ni := range nis {
				ifc := iface(ni.SubnetId, ni.PrivateIpAddress, ni.Association != nil && aws.ToString(ni.Association.IpOwnerId) == "amazon",
					ni.PrivateIpAddresses, func(a ec2types.InstancePrivateIpAddress) (*string, *bool) { return a.PrivateIpAddress, a.Primary },
					ni.Ipv6Addresses, func(a ec2types.InstanceIpv6Address) *string { return a.Ipv6Address })
				w.Interfaces = append(w.Interfaces, ifc)
				groups = append(groups, groupIdentifiers(ni.Groups)...)
				m.eniOwner[aws.ToString(ni.NetworkInterfaceId)] = w.ID
			}
			if len(nis) == 0 && in.SubnetId != nil {
				// The AWS CLI's output trimmed by a query: the instance's
				// own fields.
				w.Interfaces = []design.Interface{{Subnet: aws.ToString(in.SubnetId), PrivateIP: aws.ToString(in.PrivateIpAddress),
					PublicIP: in.PublicIpAddress != nil}}
			}
			groups = append(groups, groupIdentifiers(in.SecurityGroups)...)
			w.SecurityGroups = m.groupIDs(groups)
			if in.SourceDestCheck != nil && !*in.SourceDestCheck {
				w.SourceDestCheck = aws.Bool(false)
			}
			w.OS = instanceOS(in)
			m.putWorkload(w)
		}
	}
}

// iface builds one interface from the fields instances' and ENIs'
// descriptions share under other types: the primary address, the others
// (private lists the primary too), and the IPv6 addresses. public is an
// Amazon-assigned public address (an Elastic IP is its own resource).
func iface[P, V any](subnet, primary *string, public bool, private []P, addr func(P) (*string, *bool), ipv6 []V, addr6 func(V) *string) design.Interface {
	ifc := design.Interface{Subnet: aws.ToString(subnet), PrivateIP: aws.ToString(primary), PublicIP: public}
	for _, p := range private {
		if a, isPrimary := addr(p); !aws.ToBool(isPrimary) && aws.ToString(a) != ifc.PrivateIP {
			ifc.SecondaryIPs = append(ifc.SecondaryIPs, aws.ToString(a))
		}
	}
	for _, v := range ipv6 {
		ifc.IPv6 = append(ifc.IPv6, aws.ToString(addr6(v)))
	}
	return ifc
}

func deviceIndex(a *ec2types.InstanceNetworkInterfaceAttachment) int32 {
	if a == nil {
		return 0
	}
	return aws.ToInt32(a.DeviceIndex)
}

// instanceOS reads the platform: Windows, Linux/UNIX, or unknown.
func instanceOS(in ec2types.Instance) design.OS {
	switch {
	case in.Platform == ec2types.PlatformValuesWindows:
		return design.OSWindows
	case strings.Contains(aws.ToString(in.PlatformDetails), "Linux"):
		return design.OSLinux
	}
	return ""
}

// putWorkload stores a workload whose interfaces are all in subnets of the
// design, and warns about the others.
func (m *mapper) putWorkload(w *design.Workload) {
	for _, ifc := range w.Interfaces {
		if !m.has(ifc.Subnet, design.KindSubnet) {
			m.warnf("%s %s: its subnet %q is not in the snapshot; left out", w.Type, w.ID, ifc.Subnet)
			return
		}
	}
	m.put(w)
}

// networkInterfaces maps the interfaces that are workloads of their own:
// not an instance's (mapped with it) and not one a service manages for
// itself (NAT gateways, endpoints, load balancers, Lambda, RDS), which
// their own resources stand for.
func (m *mapper) networkInterfaces(e *EC2) {
	for _, ni := range e.NetworkInterfaces {
		id := aws.ToString(ni.NetworkInterfaceId)
		if _, ok := m.eniOwner[id]; ok || aws.ToBool(ni.RequesterManaged) || ni.InterfaceType != "" && ni.InterfaceType != ec2types.NetworkInterfaceTypeInterface {
			continue
		}
		if ni.Attachment != nil && aws.ToString(ni.Attachment.InstanceOwnerId) != "" && aws.ToString(ni.Attachment.InstanceOwnerId) != aws.ToString(ni.OwnerId) {
			continue // attached to a service's instance (amazon-elb, amazon-rds)
		}
		w := &design.Workload{Base: base(ni.NetworkInterfaceId, ni.TagSet), Type: design.WorkloadENI,
			SecurityGroups: m.groupIDs(groupIdentifiers(ni.Groups))}
		w.Interfaces = []design.Interface{iface(ni.SubnetId, ni.PrivateIpAddress, ni.Association != nil && aws.ToString(ni.Association.IpOwnerId) == "amazon",
			ni.PrivateIpAddresses, func(a ec2types.NetworkInterfacePrivateIpAddress) (*string, *bool) {
				return a.PrivateIpAddress, a.Primary
			},
			ni.Ipv6Addresses, func(a ec2types.NetworkInterfaceIpv6Address) *string { return a.Ipv6Address })}
		if ni.Attachment != nil && m.has(aws.ToString(ni.Attachment.InstanceId), design.KindWorkload) {
			w.AttachedTo = aws.ToString(ni.Attachment.InstanceId)
		}
		if ni.SourceDestCheck != nil && !*ni.SourceDestCheck {
			w.SourceDestCheck = aws.Bool(false)
		}
		m.eniOwner[id] = w.ID
		m.putWorkload(w)
	}
}

var loadBalancerTypes = map[string]design.WorkloadType{"application": design.WorkloadALB, "network": design.WorkloadNLB, "gateway": design.WorkloadGWLB}

// loadBalancers maps ELBv2 load balancers: one interface per zone's subnet.
func (m *mapper) loadBalancers(r *Region) {
	for _, lb := range r.ELBv2.LoadBalancers {
		typ, ok := loadBalancerTypes[string(lb.Type)]
		if !ok {
			m.warnf("load balancer %s: type %q is not modelled; left out", aws.ToString(lb.LoadBalancerName), lb.Type)
			continue
		}
		w := &design.Workload{Base: named(arnID(lb.LoadBalancerArn), aws.ToString(lb.LoadBalancerName)), Type: typ,
			Internal: lb.Scheme == "internal" || typ == design.WorkloadGWLB, SecurityGroups: m.groupIDs(lb.SecurityGroups)}
		for _, z := range lb.AvailabilityZones {
			ifc := design.Interface{Subnet: aws.ToString(z.SubnetId), PublicIP: !w.Internal}
			for _, a := range z.LoadBalancerAddresses {
				if a.PrivateIPv4Address != nil {
					ifc.PrivateIP = aws.ToString(a.PrivateIPv4Address)
				}
			}
			w.Interfaces = append(w.Interfaces, ifc)
		}
		m.lbByARN[aws.ToString(lb.LoadBalancerArn)] = w.ID
		m.putWorkload(w)
	}
}

// databases maps RDS instances in a VPC: one interface per subnet of the
// DB subnet group, since RDS places the instance in one of them.
func (m *mapper) databases(r *Region) {
	for _, db := range r.RDS.DBInstances {
		if db.DBSubnetGroup == nil {
			continue
		}
		w := &design.Workload{Base: named(arnID(db.DBInstanceArn), aws.ToString(db.DBInstanceIdentifier)), Type: design.WorkloadRDS}
		for _, t := range db.TagList {
			w.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
		var groups []string
		for _, g := range db.VpcSecurityGroups {
			groups = append(groups, aws.ToString(g.VpcSecurityGroupId))
		}
		w.SecurityGroups = m.groupIDs(groups)
		for _, s := range db.DBSubnetGroup.Subnets {
			w.Interfaces = append(w.Interfaces, design.Interface{Subnet: aws.ToString(s.SubnetIdentifier), PublicIP: aws.ToBool(db.PubliclyAccessible)})
		}
		m.putWorkload(w)
	}
}

// functions maps the Lambda functions attached to a VPC.
func (m *mapper) functions(r *Region) {
	for _, f := range r.Lambda.Functions {
		if f.VpcConfig == nil || len(f.VpcConfig.SubnetIds) == 0 {
			continue
		}
		w := &design.Workload{Base: named(arnID(f.FunctionArn), aws.ToString(f.FunctionName)), Type: design.WorkloadLambda,
			SecurityGroups: m.groupIDs(f.VpcConfig.SecurityGroupIds)}
		for _, s := range f.VpcConfig.SubnetIds {
			w.Interfaces = append(w.Interfaces, design.Interface{Subnet: s})
		}
		m.putWorkload(w)
	}
}

// addresses maps Elastic IPs, with the workload they are associated with.
func (m *mapper) addresses(e *EC2) {
	for _, a := range e.Addresses {
		id := aws.ToString(a.AllocationId)
		if id == "" {
			continue // EC2-Classic
		}
		out := &design.ElasticIP{Base: base(a.AllocationId, a.Tags), Address: aws.ToString(a.PublicIp)}
		if w := aws.ToString(a.InstanceId); m.has(w, design.KindWorkload) {
			out.Workload = w
		} else if w := m.eniOwner[aws.ToString(a.NetworkInterfaceId)]; w != "" {
			out.Workload = w
		}
		m.put(out)
	}
}

func (m *mapper) natGateways(e *EC2) {
	for _, n := range e.NatGateways {
		if gone(n.State) {
			continue
		}
		out := &design.NATGateway{Base: base(n.NatGatewayId, n.Tags), Subnet: aws.ToString(n.SubnetId), Connectivity: design.ConnectivityPublic}
		if n.ConnectivityType == ec2types.ConnectivityTypePrivate {
			out.Connectivity = design.ConnectivityPrivate
		}
		for _, a := range n.NatGatewayAddresses {
			if aws.ToBool(a.IsPrimary) || len(n.NatGatewayAddresses) == 1 {
				out.PrivateIP = aws.ToString(a.PrivateIp)
				if eip := aws.ToString(a.AllocationId); m.has(eip, design.KindElasticIP) {
					out.EIP = eip
				}
			}
		}
		if !m.has(out.Subnet, design.KindSubnet) {
			m.warnf("NAT gateway %s: its subnet %q is not in the snapshot; left out", out.ID, out.Subnet)
			continue
		}
		m.put(out)
	}
}
