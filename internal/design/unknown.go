package design

import "strings"

const (
	unknownPrefix = "unknown("
	unknownSuffix = ")"
)

// Unknown returns the encoding of a value that is only known after
// deployment, such as an Amazon-provided IPv6 block or an output imported
// from another stack. The reason says where the value comes from, for
// example "Fn::GetAtt VPC.Ipv6CidrBlocks".
//
// An unknown value may stand wherever the model holds a string: a CIDR, an
// address, an availability zone or a reference. Check and Apply accept it;
// analyses treat it as unknown, never as wrong.
func Unknown(reason string) string {
	return unknownPrefix + reason + unknownSuffix
}

// IsUnknown reports whether s is an unknown value made by Unknown.
func IsUnknown(s string) bool {
	return strings.HasPrefix(s, unknownPrefix) && strings.HasSuffix(s, unknownSuffix)
}

// UnknownReason returns the reason of an unknown value, or "" if s is not
// unknown.
func UnknownReason(s string) string {
	if !IsUnknown(s) {
		return ""
	}
	return s[len(unknownPrefix) : len(s)-len(unknownSuffix)]
}
