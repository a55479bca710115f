package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/web"
)

// A long tree (the base design's ~4,000 rows) comes with its VPCs closed:
// the page, an edit's answer and a live update render the rows of the
// VPCs the page names open (X-Tree-Open) only, and /tree/:vpc the rows
// of one; a short tree comes whole but for the VPCs the page names closed
// (X-Tree-Closed). The findings come 50 at a time from /findings.
func TestTreeRowsAndFindingsPages(t *testing.T) {
	w := newWorld(t, web.Options{})
	_, team := w.account("ana@example.com", "", 0)
	big := w.storeGenerated(team, designtest.Base)
	small := w.storeDesign(team, "three-tier")
	c := w.signIn("ana@example.com")
	has := func(r response, what string) bool {
		return strings.Contains(string(r.body), `data-testid="tree-`+what+`"`)
	}

	page := c.get("/designs/" + big)
	if page.status != http.StatusOK || !has(page, "vpc1") || has(page, "vpc1-s0") || !strings.Contains(string(page.body), `data-lazy="true"`) {
		t.Errorf("the page of the base design: %d, vpc1 %v, its subnet %v; want vpc1's row only", page.status, has(page, "vpc1"), has(page, "vpc1-s0"))
	}
	live := c.do("GET", "/designs/"+big+"/fragments", "", nil, "X-Tree-Open", "vpc1,vpc%31%30")
	if !has(live, "vpc1-s0") || !has(live, "vpc10-s0") || has(live, "vpc2-s0") {
		t.Errorf("a live update with vpc1 and vpc10 open: vpc1-s0 %v, vpc10-s0 %v, vpc2-s0 %v; want the open ones' rows only", has(live, "vpc1-s0"), has(live, "vpc10-s0"), has(live, "vpc2-s0"))
	}
	rows := c.get("/designs/" + big + "/tree/vpc2")
	if rows.status != http.StatusOK || !has(rows, "vpc2-s0") || has(rows, "vpc1-s0") {
		t.Errorf("the rows of vpc2: %d %.200s", rows.status, rows.body)
	}
	if r := c.get("/designs/" + big + "/tree/nope"); r.status != http.StatusNotFound {
		t.Errorf("the rows of a VPC the design has not: %d; want 404", r.status)
	}

	findings := func(r response) int { return strings.Count(string(r.body), `<tr class="finding"`) }
	if n := findings(page); n != 50 || !strings.Contains(string(page.body), `data-testid="findings-more"`) {
		t.Errorf("the page shows %d findings; want 50 and more to show", n)
	}
	next := c.get("/designs/" + big + "/findings?from=100")
	if n := findings(next); next.status != http.StatusOK || n != 50 || !strings.Contains(string(next.body), "from=150") {
		t.Errorf("findings from 100: %d, %d rows; want 50 and the next from 150", next.status, n)
	}
	all := c.get("/designs/" + big + "/findings?from=50&all=true")
	if n := findings(all); n != 150 || strings.Contains(string(all.body), `data-testid="findings-more"`) {
		t.Errorf("every finding from 50: %d rows; want the 150 left and no more to show", n)
	}
	if r := c.get("/designs/" + big + "/findings?from=-1"); r.status != http.StatusBadRequest {
		t.Errorf("findings from -1: %d; want 400", r.status)
	}

	// A page that holds the search index is not sent it again.
	key := regexp.MustCompile(`data-index-key="([^"]+)"`).FindStringSubmatch(string(page.body))
	if key == nil || !strings.Contains(string(page.body), "data-json=") {
		t.Fatalf("the page has no search index with a key")
	}
	held := c.do("GET", "/designs/"+big+"/fragments", "", nil, "X-Nav-Index", key[1])
	other := c.do("GET", "/designs/"+big+"/fragments", "", nil, "X-Nav-Index", "other")
	if idx := `<div id="nav-data" hidden data-index-key="` + key[1] + `" data-json=`; strings.Contains(string(held.body), idx) || !strings.Contains(string(other.body), idx) {
		t.Errorf("a live update to a page holding the index carries it %v, to a page holding another %v; want no, yes",
			strings.Contains(string(held.body), idx), strings.Contains(string(other.body), idx))
	}

	whole := c.get("/designs/" + small)
	closed := c.do("GET", "/designs/"+small+"/fragments", "", nil, "X-Tree-Closed", "web-vpc")
	if !has(whole, "app-a") || has(closed, "app-a") || !has(closed, "web-vpc") {
		t.Errorf("the short tree: whole %v, with web-vpc closed %v; want its rows, then none", has(whole, "app-a"), has(closed, "app-a"))
	}
}
