package design

import (
	"regexp"
	"strings"
)

var awsPrefixListID = regexp.MustCompile(`^pl-[0-9a-f]{8,17}$`)

// PrefixList is a customer-managed prefix list: a named set of CIDR blocks
// of one address family that routes and security group rules can use.
type PrefixList struct {
	Base
	Name    string   `json:"name,omitempty"`
	Entries []string `json:"entries,omitempty"`
}

// Kind returns KindPrefixList.
func (*PrefixList) Kind() Kind { return KindPrefixList }

func (p *PrefixList) refs(refVisitor) {}

func (p *PrefixList) check(c *checker) {
	for i, e := range p.Entries {
		c.cidr(item(".entries", i), e, true)
	}
}

// IsManagedPrefixList reports whether name is an AWS-managed prefix list
// named by its service ("com.amazonaws.us-east-1.s3") or an AWS prefix-list
// ID ("pl-63a5400a"), which the design does not list. Such a name is not a
// reference to a PrefixList resource.
func IsManagedPrefixList(name string) bool {
	return strings.HasPrefix(name, "com.amazonaws.") || awsPrefixListID.MatchString(name) || IsUnknown(name)
}
