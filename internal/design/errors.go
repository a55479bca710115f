package design

import (
	"errors"
	"fmt"
)

// Reason classifies a structural problem found by Check, Apply or Decode.
type Reason int

// The reasons. The zero value is invalid so that a FieldError always says
// what kind of problem it is.
const (
	_ Reason = iota
	// ReasonInvalid is a malformed or out-of-range value other than a CIDR
	// or an address: an unknown protocol, a port of 70000, a missing field.
	ReasonInvalid
	// ReasonCIDR is a malformed CIDR block or IP address.
	ReasonCIDR
	// ReasonDangling is a reference to an ID that is not in the design.
	ReasonDangling
	// ReasonWrongKind is a reference to a resource of a kind the field does
	// not accept.
	ReasonWrongKind
	// ReasonIDTaken is an ID already used by a resource of another kind.
	ReasonIDTaken
	// ReasonInUse is the deletion of a resource that others still reference.
	ReasonInUse
	// ReasonFormat is a design file that cannot be read: bad JSON, an
	// unknown field, a missing or unsupported format version.
	ReasonFormat
)

// ErrStructure is matched by every *FieldError through errors.Is, so that
// callers can tell a refused edit from other failures.
var ErrStructure = errors.New("design: structural error")

// FieldError is a structural problem in one field of a design. Path names
// the field in the design, for example "subnet[app-a].cidr" or
// "route-table[private-a].routes[0].target.id".
type FieldError struct {
	Path   string
	Reason Reason
	Msg    string
}

// Error returns "path: msg".
func (e *FieldError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Is reports whether target is ErrStructure.
func (e *FieldError) Is(target error) bool { return target == ErrStructure }

func fieldErrorf(path string, reason Reason, format string, args ...any) *FieldError {
	return &FieldError{Path: path, Reason: reason, Msg: fmt.Sprintf(format, args...)}
}
