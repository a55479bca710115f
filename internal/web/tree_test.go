package web_test

import (
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/web"
)

// The left tree lists every workload and NAT gateway under its subnet, in
// every example design.
func TestTreeListsWorkloadsAndNATGateways(t *testing.T) {
	w := newWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	c := w.api(w.token(ana, team, auth.Owner))
	id := c.create(readFile(t, "../../examples/three-tier.json"))
	page := string(c.get("/designs/" + id).body)
	tree := page[strings.Index(page, `data-testid="tree"`):]
	tree = tree[:strings.Index(tree, "</aside>")]
	for _, want := range []struct{ subnet, child string }{
		{"app-a", "app-1"}, {"app-b", "app-2"}, {"data-a", "db"}, {"public-a", "web-alb"},
		{"public-a", "nat-a"}, {"public-b", "nat-b"},
	} {
		i := strings.Index(tree, `data-testid="tree-`+want.child+`"`)
		if i < 0 {
			t.Errorf("the tree does not list %s", want.child)
			continue
		}
		// Its subnet is the last subnet listed before it.
		before := tree[:i]
		last, at := "", -1
		for _, s := range []string{"app-a", "app-b", "data-a", "data-b", "public-a", "public-b"} {
			if j := strings.LastIndex(before, `data-testid="tree-`+s+`"`); j > at {
				last, at = s, j
			}
		}
		if last != want.subnet {
			t.Errorf("the tree lists %s under %q; want under %s", want.child, last, want.subnet)
		}
	}
}
