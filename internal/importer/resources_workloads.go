package importer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// networkInterface maps AWS::EC2::NetworkInterface to an eni workload.
func (b *builder) networkInterface(r *resource, p obj) {
	w := &design.Workload{Base: p.base(r), Type: design.WorkloadENI, SecurityGroups: p.refs("GroupSet", design.KindSecurityGroup)}
	ifc := b.iface(p, r.id)
	w.Interfaces = []design.Interface{ifc}
	if p.has("SourceDestCheck") {
		on := p.boolean("SourceDestCheck", true)
		w.SourceDestCheck = &on
	}
	b.finishWorkload(w)
}

// iface reads the addresses of one network interface: SubnetId,
// PrivateIpAddress, PrivateIpAddresses, SecondaryPrivateIpAddressCount,
// Ipv6Addresses and Ipv6AddressCount (counted addresses are unknown).
func (b *builder) iface(p obj, id string) design.Interface {
	ifc := design.Interface{Subnet: p.ref("SubnetId", design.KindSubnet), PrivateIP: p.str("PrivateIpAddress")}
	for _, a := range p.list("PrivateIpAddresses") {
		addr := a.str("PrivateIpAddress")
		if a.boolean("Primary", false) {
			if ifc.PrivateIP == "" {
				ifc.PrivateIP = addr
			}
			continue
		}
		ifc.SecondaryIPs = append(ifc.SecondaryIPs, addr)
	}
	if n, ok := p.integer("SecondaryPrivateIpAddressCount"); ok {
		for i := range min(n, 64) {
			ifc.SecondaryIPs = append(ifc.SecondaryIPs, design.Unknown(fmt.Sprintf("secondary address %d of %s", i+1, id)))
		}
	}
	for _, a := range p.list("Ipv6Addresses") {
		ifc.IPv6 = append(ifc.IPv6, a.str("Ipv6Address"))
	}
	if n, ok := p.integer("Ipv6AddressCount"); ok {
		for i := range min(n, 64) {
			ifc.IPv6 = append(ifc.IPv6, design.Unknown(fmt.Sprintf("IPv6 address %d of %s", i+1, id)))
		}
	}
	return ifc
}

// mapsPublicIP reports whether a subnet of the design gives instances a
// public address by default.
func (b *builder) mapsPublicIP(subnet string) bool {
	s := b.d.Subnets[subnet]
	return s != nil && s.MapPublicIP
}

// finishWorkload gives a workload without security groups the default
// group of its first interface's VPC, as AWS does, removes duplicate
// groups, and stores it.
func (b *builder) finishWorkload(w *design.Workload) {
	if len(w.SecurityGroups) == 0 {
		for _, ifc := range w.Interfaces {
			if s := b.d.Subnets[ifc.Subnet]; s != nil {
				w.SecurityGroups = b.defaultGroup(s.VPC)
				break
			}
		}
	}
	w.SecurityGroups = dedupe(w.SecurityGroups)
	put(b.d, w)
}

func dedupe(ids []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// instance maps AWS::EC2::Instance: its interface from SubnetId, or its
// NetworkInterfaces (inline ones become its interfaces; ones that name a
// NetworkInterface resource are attached to it).
func (b *builder) instance(r *resource, p obj) {
	w := &design.Workload{Base: p.base(r), Type: design.WorkloadInstance}
	if os := design.OS(r.meta["os"]); os == design.OSLinux || os == design.OSWindows {
		w.OS = os // written by a vpcboard export
	}
	w.SecurityGroups = append(p.refs("SecurityGroupIds", design.KindSecurityGroup), p.refs("SecurityGroups", design.KindSecurityGroup)...)
	if p.has("SourceDestCheck") {
		on := p.boolean("SourceDestCheck", true)
		w.SourceDestCheck = &on
	}
	nis := p.list("NetworkInterfaces")
	if len(nis) == 0 && (p.has("SubnetId") || p.has("PrivateIpAddress")) {
		ifc := b.iface(p, r.id)
		ifc.PublicIP = b.mapsPublicIP(ifc.Subnet)
		w.Interfaces = append(w.Interfaces, ifc)
	}
	for _, ni := range nis {
		if ni.has("NetworkInterfaceId") {
			if eni := b.d.Workloads[ni.ref("NetworkInterfaceId", design.KindWorkload)]; eni != nil {
				eni.AttachedTo = w.ID
			}
			continue
		}
		ifc := b.iface(ni, r.id)
		ifc.PublicIP = ni.boolean("AssociatePublicIpAddress", b.mapsPublicIP(ifc.Subnet))
		w.Interfaces = append(w.Interfaces, ifc)
		w.SecurityGroups = append(w.SecurityGroups, ni.refs("GroupSet", design.KindSecurityGroup)...)
	}
	if len(w.SecurityGroups) == 0 && len(w.Interfaces) == 0 {
		// Attached ENIs carry the groups.
		put(b.d, w)
		return
	}
	b.finishWorkload(w)
}

// networkInterfaceAttachment maps AWS::EC2::NetworkInterfaceAttachment.
func (b *builder) networkInterfaceAttachment(r *resource, p obj) {
	eni := parent(b, r, p, "NetworkInterfaceId", design.KindWorkload, b.d.Workloads)
	if eni == nil {
		return
	}
	eni.AttachedTo = p.ref("InstanceId", design.KindWorkload)
}

// loadBalancerTypes maps an ELBv2 Type to a workload type.
var loadBalancerTypes = map[string]design.WorkloadType{
	"application": design.WorkloadALB,
	"network":     design.WorkloadNLB,
	"gateway":     design.WorkloadGWLB,
}

// loadBalancer maps AWS::ElasticLoadBalancingV2::LoadBalancer: one
// interface per subnet, public unless the scheme is internal (a Gateway
// Load Balancer is always internal). An ALB without groups gets its VPC's
// default group.
func (b *builder) loadBalancer(r *resource, p obj) {
	w := &design.Workload{Base: p.base(r), Type: design.WorkloadALB, SecurityGroups: p.refs("SecurityGroups", design.KindSecurityGroup)}
	if t := p.str("Type"); t != "" && !design.IsUnknown(t) {
		typ, ok := loadBalancerTypes[strings.ToLower(t)]
		if !ok {
			v, _ := p.val("Type")
			p.fail("Type", v, "want application, network or gateway, got "+t)
			return
		}
		w.Type = typ
	}
	w.Internal = strings.EqualFold(p.str("Scheme"), "internal") || w.Type == design.WorkloadGWLB
	for _, s := range p.refs("Subnets", design.KindSubnet) {
		w.Interfaces = append(w.Interfaces, design.Interface{Subnet: s, PublicIP: !w.Internal})
	}
	for _, m := range p.list("SubnetMappings") {
		w.Interfaces = append(w.Interfaces, design.Interface{Subnet: m.ref("SubnetId", design.KindSubnet), PrivateIP: m.str("PrivateIPv4Address"), PublicIP: !w.Internal})
	}
	if w.Type != design.WorkloadALB {
		w.SecurityGroups = dedupe(w.SecurityGroups)
		put(b.d, w)
		return
	}
	b.finishWorkload(w)
}

// dbInstance maps AWS::RDS::DBInstance: one interface per subnet of its
// DB subnet group (its own or its cluster's), since RDS places it in one of
// them.
func (b *builder) dbInstance(r *resource, p obj) {
	w := &design.Workload{Base: p.base(r), Type: design.WorkloadRDS, SecurityGroups: p.refs("VPCSecurityGroups", design.KindSecurityGroup)}
	public := p.boolean("PubliclyAccessible", false)
	group, hasGroup := p.val("DBSubnetGroupName")
	if !hasGroup {
		if cluster, ok := b.propsOf(p, "DBClusterIdentifier"); ok {
			group, hasGroup = cluster.val("DBSubnetGroupName")
			if len(w.SecurityGroups) == 0 {
				w.SecurityGroups = cluster.refs("VpcSecurityGroupIds", design.KindSecurityGroup)
			}
		}
	}
	if hasGroup {
		subnets := []string{design.Unknown("subnets of DB subnet group " + group.str)}
		if g, ok := b.propsOfValue(group, p.path+".DBSubnetGroupName"); ok {
			subnets = g.refs("SubnetIds", design.KindSubnet)
		}
		for _, s := range subnets {
			w.Interfaces = append(w.Interfaces, design.Interface{Subnet: s, PublicIP: public})
		}
	}
	b.finishWorkload(w)
}

// lambdaFunction maps AWS::Lambda::Function with a VpcConfig to a workload
// with one interface per subnet; a function outside any VPC is opaque.
func (b *builder) lambdaFunction(r *resource, p obj) {
	vc, ok := p.child("VpcConfig")
	if !ok {
		b.opaqueResource(r, p)
		return
	}
	w := &design.Workload{Base: p.base(r), Type: design.WorkloadLambda, SecurityGroups: vc.refs("SecurityGroupIds", design.KindSecurityGroup)}
	for _, s := range vc.refs("SubnetIds", design.KindSubnet) {
		w.Interfaces = append(w.Interfaces, design.Interface{Subnet: s})
	}
	b.finishWorkload(w)
}

// propsOf returns the properties of the resource a property of p names.
func (b *builder) propsOf(p obj, key string) (obj, bool) {
	v, ok := p.val(key)
	if !ok {
		return obj{}, false
	}
	return b.propsOfValue(v, p.path+"."+key)
}

// propsOfValue returns the properties of the resource of the templates
// whose design ID is v.
func (b *builder) propsOfValue(v Value, path string) (obj, bool) {
	id, ok := v.text()
	if !ok {
		return obj{}, false
	}
	r := b.byID[id]
	if r == nil {
		return obj{}, false
	}
	props, err := r.ev.properties(r)
	if err != nil {
		b.fail(err)
		return obj{}, false
	}
	return obj{b: b, path: "Resources." + r.id + ".Properties", v: props, line: r.line}, true
}
