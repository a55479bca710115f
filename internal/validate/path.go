package validate

import (
	"strconv"

	"github.com/vpcboard/vpcboard/internal/design"
)

// itemPath returns the design path of element i of a list field of r, such
// as "route-table[rt].routes[2]". It is built by concatenation because hot
// rules call it once per finding.
func itemPath(r design.Resource, field string, i int) string {
	return design.Path(r) + "." + field + "[" + strconv.Itoa(i) + "]"
}
