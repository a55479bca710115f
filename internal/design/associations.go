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

// Associations computes the route table and network ACL of every subnet,
// through the design's Index: a caller that holds an Index asks it instead.
func (d *Design) Associations() Associations { return NewIndex(d).Associations() }
