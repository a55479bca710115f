package export

import "github.com/vpcboard/vpcboard/internal/design"

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
	for _, r := range all {
		if _, ok := x.byID[r.ResourceID()]; !ok {
			x.byID[r.ResourceID()] = r
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
