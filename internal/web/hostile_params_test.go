package web_test

import (
	"testing"

	"github.com/vpcboard/vpcboard/internal/web"
)

// The parameters of the routes added for the tree, the findings and the
// export's syntax and portable options answer hostile values (NUL,
// numbers past int64, negatives, long text) with a 4xx or the page,
// never a server error.
func TestNewRoutesRefuseHostileParameters(t *testing.T) {
	w := newWorld(t, web.Options{})
	_, team := w.account("ana@example.com", "", 0)
	id := w.storeDesign(team, "three-tier")
	c := w.signIn("ana@example.com")
	long := make([]byte, 4000)
	for i := range long {
		long[i] = 'a'
	}
	for _, path := range []string{
		"/designs/" + id + "/tree/%00",
		"/designs/" + id + "/tree/" + string(long),
		"/designs/" + id + "/tree/web-vpc?version=%00",
		"/designs/" + id + "/tree/web-vpc?version=99999999999999999999999",
		"/designs/" + id + "/tree/web-vpc?version=-1",
		"/designs/" + id + "/tree/web-vpc?version=9223372036854775807",
		"/designs/" + id + "/tree/web-vpc?view=%00",
		"/designs/" + id + "/tree/web-vpc?view=" + string(long),
		"/designs/" + id + "/findings",
		"/designs/" + id + "/findings?from=%00",
		"/designs/" + id + "/findings?from=-9223372036854775808",
		"/designs/" + id + "/findings?from=9223372036854775807",
		"/designs/" + id + "/findings?from=9223372036854775807&all=true",
		"/designs/" + id + "/findings?from=99999999999999999999999",
		"/designs/" + id + "/findings?from=0&all=%00&version=%00",
		"/designs/" + id + "/findings?from=0&view=%00",
		"/api/v1/designs/" + id + "/findings?version=%00",
		"/api/v1/designs/" + id + "/findings?version=-5",
		"/api/v1/designs/" + id + "/export?format=terraform&syntax=%00",
		"/api/v1/designs/" + id + "/export?format=terraform&syntax=hcl&portable=%00",
		"/api/v1/designs/" + id + "/export?format=cloudformation&syntax=yaml&portable=true&portable=false",
		"/api/v1/designs/" + id + "/export?format=cloudformation&syntax=" + string(long),
		"/api/v1/designs/" + id + "/export?format=%00",
	} {
		r := c.get(path)
		if r.status >= 500 {
			t.Errorf("GET %.120s = %d %.200s; want a 4xx or the answer", path, r.status, r.body)
		}
	}
}
