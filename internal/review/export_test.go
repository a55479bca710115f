package review

import "github.com/vpcboard/vpcboard/internal/design"

// CompareFull is Compare that always computes both whole matrices.
func CompareFull(old, new *design.Design) (Diff, error) { return compare(old, new, false) }

// Narrows says whether Compare looks only at some pairs for this change.
func Narrows(old, new *design.Design) bool {
	_, ok := groupMembers(old, new, resourceChanges(old, new))
	return ok
}
