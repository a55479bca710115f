package tfimport

import (
	"fmt"
	"strings"
)

// Build maps resources to a design: every aws provider resource the model
// covers becomes the design resource AWS would make of it, under the
// design ID DesignID gives its address. References hold AWS IDs
// (vpc-0abc...); they are mapped back to design IDs through the
// resources' id attributes, and an ID no resource has becomes an unknown
// reference with a warning. Data sources are not part of the design; the
// attributes that come from them are unknown. Warnings say what was
// assumed or not modelled.
func Build(rs []Resource, opts Options) (*Result, error) {
	return build(rs, opts)
}

// DesignID returns the design ID of a resource address: the address with
// its indexes as path parts, module.vpc.aws_subnet.private[0] ->
// module.vpc.aws_subnet.private.0 and aws_subnet.app["a"] ->
// aws_subnet.app.a. Characters a design ID may not hold (see
// design.ValidID) become '-'.
func DesignID(address string) string {
	var sb strings.Builder
	for i := 0; i < len(address); i++ {
		c := address[i]
		switch {
		case c == '[':
			sb.WriteByte('.')
			if i+1 < len(address) && address[i+1] == '"' {
				i++ // the key's opening quote
			}
		case c == ']':
		case c == '"' && i+1 < len(address) && address[i+1] == ']':
			// the key's closing quote
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-', c == ':':
			sb.WriteByte(c)
		default:
			sb.WriteByte('-')
		}
	}
	return sb.String()
}

// errorf returns an error about the resource at address.
func errorf(address, format string, args ...any) error {
	return fmt.Errorf("%s: %s", address, fmt.Sprintf(format, args...))
}
