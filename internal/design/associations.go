package design

// Associations says which route table and which network ACL each subnet
// uses, by ID. A subnet uses the table (ACL) that lists it, the first by ID
// if several do, and otherwise its VPC's main table (default ACL), the
// first by ID if there are several. A subnet with neither is not listed.
// Validation reports the ambiguous cases; analyses use this one answer.
type Associations struct {
	RouteTables map[string]string // subnet -> route table
	NetworkACLs map[string]string // subnet -> network ACL
}

// Associations computes the route table and network ACL of every subnet.
func (d *Design) Associations() Associations {
	a := Associations{
		RouteTables: make(map[string]string, len(d.Subnets)),
		NetworkACLs: make(map[string]string, len(d.Subnets)),
	}
	mains := map[string]string{}
	for _, id := range SortedIDs(d.RouteTables) {
		rt := d.RouteTables[id]
		if rt.Main && mains[rt.VPC] == "" {
			mains[rt.VPC] = id
		}
		for _, s := range rt.Subnets {
			if a.RouteTables[s] == "" {
				a.RouteTables[s] = id
			}
		}
	}
	defaults := map[string]string{}
	for _, id := range SortedIDs(d.NetworkACLs) {
		n := d.NetworkACLs[id]
		if n.Default && defaults[n.VPC] == "" {
			defaults[n.VPC] = id
		}
		for _, s := range n.Subnets {
			if a.NetworkACLs[s] == "" {
				a.NetworkACLs[s] = id
			}
		}
	}
	for id, s := range d.Subnets {
		if a.RouteTables[id] == "" && mains[s.VPC] != "" {
			a.RouteTables[id] = mains[s.VPC]
		}
		if a.NetworkACLs[id] == "" && defaults[s.VPC] != "" {
			a.NetworkACLs[id] = defaults[s.VPC]
		}
	}
	return a
}
