package export

import (
	"slices"

	"github.com/vpcboard/vpcboard/internal/design"
)

// index answers the questions both writers ask of every resource once per
// export instead of once per resource: which resource an ID names, which
// ENIs an instance has attached, which internet gateway a VPC has, which attachments join a
// transit gateway to a VPC, which NAT gateway holds an Elastic IP.
type index struct {
	enis   map[string][]string    // instance -> attached ENI workloads, by ID
	igw    map[string]string      // VPC -> its internet gateway (the first by ID)
	tgwAtt map[[2]string][]string // {transit gateway, VPC} -> attachments, by ID
	natOf  map[string]string      // Elastic IP -> the NAT gateway using it
	assoc  map[string]bool        // transit gateway attachments associated with a table of the design
	// ids lists the IDs of each kind in ascending order, sorted once.
	ids map[design.Kind][]string
	// byID holds the resource of each ID, as Design.Lookup finds it
	// (the first kind's when kinds share an ID).
	byID map[string]design.Resource
	// dependsOn holds the depends_on of the resources that have one: few
	// do, so a writer asks this small map rather than look each up.
	dependsOn map[string][]string
}

func newIndex(d *design.Design) *index {
	x := &index{enis: map[string][]string{}, igw: map[string]string{}, tgwAtt: map[[2]string][]string{},
		natOf: map[string]string{}, assoc: map[string]bool{}, ids: map[design.Kind][]string{}}
	var all []design.Resource
	d.Each(func(r design.Resource) {
		x.ids[r.Kind()] = append(x.ids[r.Kind()], r.ResourceID())
		all = append(all, r)
	})
	x.byID = make(map[string]design.Resource, len(all))
	x.dependsOn = map[string][]string{}
	for _, r := range all {
		if _, ok := x.byID[r.ResourceID()]; !ok {
			x.byID[r.ResourceID()] = r
			if deps := design.DependsOnOf(r); len(deps) > 0 {
				x.dependsOn[r.ResourceID()] = deps
			}
		}
	}
	for _, id := range x.ids[design.KindWorkload] {
		if w := d.Workloads[id]; w.Type == design.WorkloadENI && w.AttachedTo != "" {
			x.enis[w.AttachedTo] = append(x.enis[w.AttachedTo], id)
		}
	}
	for _, id := range x.ids[design.KindInternetGateway] {
		if g := d.InternetGateways[id]; g.VPC != "" && x.igw[g.VPC] == "" {
			x.igw[g.VPC] = id
		}
	}
	for _, id := range x.ids[design.KindTransitGatewayAttachment] {
		a := d.TransitGatewayAttachments[id]
		k := [2]string{a.TransitGateway, a.VPC}
		x.tgwAtt[k] = append(x.tgwAtt[k], id)
	}
	for _, id := range x.ids[design.KindNATGateway] {
		if n := d.NATGateways[id]; n.EIP != "" && x.natOf[n.EIP] == "" {
			x.natOf[n.EIP] = id
		}
	}
	for _, rt := range d.TransitGatewayRouteTables {
		for _, a := range rt.Associations {
			x.assoc[a] = true
		}
	}
	return x
}

// lookup returns the resource id names, as Design.Lookup does.
func (x *index) lookup(id string) (design.Resource, bool) {
	r, ok := x.byID[id]
	return r, ok
}

// internetVPCs returns the VPCs, in order, whose internet gateway
// attachment workload wl must wait for (AWS: "When a DependsOn attribute is
// required"): an internet-facing load balancer's subnets' and the subnets
// of an instance's interfaces with a public address.
func internetVPCs(d *design.Design, wl *design.Workload) []string {
	var vpcs []string
	for _, ifc := range wl.Interfaces {
		switch {
		case wl.Type == design.WorkloadALB || wl.Type == design.WorkloadNLB:
			if wl.Internal {
				return nil
			}
		case wl.Type == design.WorkloadInstance:
			if !ifc.PublicIP {
				continue
			}
		default:
			return nil
		}
		if s := d.Subnets[ifc.Subnet]; s != nil && !slices.Contains(vpcs, s.VPC) {
			vpcs = append(vpcs, s.VPC)
		}
	}
	slices.Sort(vpcs)
	return vpcs
}

// eipVPC returns the VPC of what Elastic IP e is for (its workload's first
// interface or its NAT gateway's subnet), whose internet gateway
// attachment the address waits for; "" if none.
func (x *index) eipVPC(d *design.Design, e *design.ElasticIP) string {
	if wl := d.Workloads[e.Workload]; wl != nil && len(wl.Interfaces) > 0 {
		if s := d.Subnets[wl.Interfaces[0].Subnet]; s != nil {
			return s.VPC
		}
	}
	if n := d.NATGateways[x.natOf[e.ID]]; n != nil {
		if s := d.Subnets[n.Subnet]; s != nil {
			return s.VPC
		}
	}
	return ""
}
