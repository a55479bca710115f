package export

import (
	"slices"

	"github.com/vpcboard/vpcboard/internal/design"
)

// index answers the questions both writers ask of every resource once per
// export instead of once per resource: which resource an ID names, and
// (through design.Index, shared with validate and reach) which ENIs an
// instance has attached, which internet gateway a VPC has, which
// attachments join a transit gateway to a VPC, which NAT gateway holds an
// Elastic IP.
type index struct {
	*design.Index
	assoc map[string]bool // transit gateway attachments associated with a table of the design
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
	x := &index{Index: design.NewIndex(d), assoc: map[string]bool{}, ids: map[design.Kind][]string{}}
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
	for _, rt := range d.TransitGatewayRouteTables {
		for _, a := range rt.Associations {
			x.assoc[a] = true
		}
	}
	return x
}

// igw returns the internet gateway of a VPC (the first by ID), or "".
func (x *index) igw(vpc string) string {
	if g := x.InternetGatewaysOf(vpc); len(g) > 0 {
		return g[0]
	}
	return ""
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

// eipVPC returns the VPC of what Elastic IP e is for (its workload or its
// NAT gateway), whose internet gateway attachment the address waits for;
// "" if none.
func (x *index) eipVPC(e *design.ElasticIP) string {
	return x.VPCOf(e.ID)
}
