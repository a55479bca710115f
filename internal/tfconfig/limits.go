package tfconfig

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"
)

// Limits on what a configuration may make this package do. A
// configuration is untrusted input (an upload to the server); real ones
// are far below every limit.
const (
	maxFileBytes       = 4 << 20  // one .tf, .tf.json or var file
	maxTotalBytes      = 16 << 20 // all files read
	maxFiles           = 1000     // .tf and .tf.json files over all modules
	maxInstances       = 20000    // resource and data instances
	maxModuleInstances = 1000     // module instances, the root included
	maxModuleDepth     = 16       // module calls nested
	maxEvalDepth       = 400      // references followed to evaluate one value
	maxValueElements   = 100000   // elements and string bytes/64 of one value (a local, an attribute)
	// maxReferenceCells bounds the attributes of the values references
	// see, which hold every name the configuration writes after a dot:
	// instances times names.
	maxReferenceCells = 1000000
)

// valueSize counts the elements of v, nested ones included, and its
// strings at one per 64 bytes, stopping past limit: a value that grows
// from local to local (concat of concat) is refused before it fills the
// memory.
func valueSize(v cty.Value, limit int) int {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return 1
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return 1 + len(v.AsString())/64
	case ty.IsCollectionType() || ty.IsTupleType() || ty.IsObjectType():
		n := 1
		for it := v.ElementIterator(); it.Next() && n <= limit; {
			_, e := it.Element()
			n += valueSize(e, limit-n)
		}
		return n
	}
	return 1
}

// checkSize refuses a value over maxValueElements.
func checkSize(v cty.Value, what string) error {
	if valueSize(v, maxValueElements) > maxValueElements {
		return fmt.Errorf("%s: the value is larger than %d elements", what, maxValueElements)
	}
	return nil
}
