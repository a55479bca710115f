package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/web"
)

// treeRows counts the resource rows the page's tree holds.
const treeRows = `document.querySelectorAll('#tree .node').length`

// treeFetches counts the page's requests for a VPC's rows.
const treeFetches = `performance.getEntriesByType('resource').filter(e => e.name.includes('/tree/')).length`

// revealed is the condition that the tree shows the row of id, selected.
func revealed(id string) string {
	return fmt.Sprintf(`(() => { const n = document.querySelector('#tree [data-testid="tree-%s"]'); return !!n && n.offsetParent !== null && n.classList.contains('selected'); })()`, id)
}

// The base generated design's tree (~4,000 rows) opens VPCs on demand: the
// page holds a row per VPC with its count; opening one fetches its rows; a
// resource inside a closed VPC selected from the diagram, the search or
// a finding opens its VPC and shows its row selected; an edit's answer
// renders the open VPCs (no fetch again) and not the closed ones. The
// findings show 50 rows at a time, and all of them for a filter.
func TestTreeAndFindingsOpenOnDemand(t *testing.T) {
	w := newWorld(t, web.Options{Renderer: renderer(t)})
	_, team := w.account("ana@example.com", "", 0)
	id := w.storeGenerated(team, designtest.Base)
	ctx := browser(t)
	signInBrowser(t, ctx, w.base, "ana@example.com")
	run(t, ctx, "open the design", chromedp.Navigate(w.base+"/designs/"+id), waitJS(`document.querySelector('#stage svg') !== null && `+idle))
	if n := value(t, ctx, "count the rows", chromedp.Evaluate[int](treeRows)); n > 400 {
		t.Errorf("the tree of 50 closed VPCs has %d rows; want one a VPC and the shared ones (~230), not ~4,000", n)
	}
	state := value(t, ctx, "vpc3's row", chromedp.Evaluate[string](`(() => {
		const b = document.querySelector('[data-testid="tree-toggle-vpc3"]');
		return b.getAttribute('aria-expanded') + ' ' + document.querySelector('[data-testid="tree-vpc3"] .count').textContent + ' ' + !!document.querySelector('[data-testid="tree-vpc3-s0"]');
	})()`))
	if !strings.HasPrefix(state, "false ") || !strings.HasSuffix(state, " false") || state == "false  false" {
		t.Errorf("vpc3 = %q; want closed, with its count, without its rows", state)
	}

	run(t, ctx, "open vpc3",
		chromedp.Click(css(`[data-testid="tree-toggle-vpc3"]`)),
		waitJS(`document.querySelector('[data-testid="tree-vpc3-s0"]') !== null && document.querySelector('[data-testid="tree-toggle-vpc3"]').getAttribute('aria-expanded') === 'true' && `+idle))
	if sel := value(t, ctx, "the toggle does not select", chromedp.Evaluate[bool](`!!document.querySelector('#inspector [data-testid=resource-form]')`)); sel {
		t.Error("opening vpc3 selected it; want only its rows shown")
	}

	// From the diagram: a subnet of vpc7 clicked in its VPC's view.
	run(t, ctx, "vpc7's view",
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector('#diagram select[name=view]'); s.value = 'vpc:vpc7'; s.dispatchEvent(new Event('change', {bubbles: true})) })()`),
		waitJS(`document.querySelector('#stage svg [id="vpc7-s2"]') !== null && `+idle),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#stage svg [id="vpc7-s2"]').dispatchEvent(new MouseEvent('click', {bubbles: true}))`),
		waitJS(revealed("vpc7-s2")+` && `+idle))

	// From the search: a workload of vpc9, in a VPC's view of its own.
	run(t, ctx, "search vpc9-s4",
		chromedp.SendKeys(css(`#diagram-search`), "vpc9-s4\r"),
		waitJS(revealed("vpc9-s4")+` && `+idle))

	// From a finding: the first one's resource opens its VPC.
	first := value(t, ctx, "the first finding's resource", chromedp.Evaluate[string](`document.querySelector('#findings tr.finding').dataset.resources.split(' ')[0]`))
	run(t, ctx, "click the first finding",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#findings tr.finding td').click()`),
		waitJS(revealed(first)+` && `+idle))

	// An edit: its answer renders the open VPCs' rows, not the others'.
	open := value(t, ctx, "the open VPCs", chromedp.Evaluate[string](`Array.from(document.querySelectorAll('#tree [data-tree-toggle][aria-expanded=true]')).map(b => b.dataset.treeToggle).sort().join()`))
	before := value(t, ctx, "fetches before", chromedp.Evaluate[int](treeFetches))
	run(t, ctx, "edit vpc3-s0",
		chromedp.Click(css(`[data-testid="tree-vpc3-s0"]`)),
		waitJS(`document.querySelector('#inspector h2') && document.querySelector('#inspector h2').textContent === 'vpc3-s0' && `+idle),
		chromedp.SetValue(css(`#f-tier`), "edited"),
		chromedp.Click(css(`[data-testid=save]`)),
		waitJS(`document.querySelector('[data-testid=notice]') !== null && `+idle))
	after := value(t, ctx, "after the edit", chromedp.Evaluate[string](`Array.from(document.querySelectorAll('#tree [data-tree-toggle][aria-expanded=true]')).map(b => b.dataset.treeToggle).sort().join()`))
	if after != open {
		t.Errorf("open VPCs after the edit: %q; want %q", after, open)
	}
	if n := value(t, ctx, "fetches after", chromedp.Evaluate[int](treeFetches)); n != before {
		t.Errorf("the edit's answer made the page fetch %d VPCs' rows again; want them in the answer", n-before)
	}
	if rows := value(t, ctx, "vpc3-s0 after the edit", chromedp.Evaluate[bool](`!!document.querySelector('[data-testid="tree-vpc3-s0"]') && !document.querySelector('[data-testid="tree-vpc20-s0"]')`)); !rows {
		t.Error("after the edit, want vpc3's rows (open) and not vpc20's (closed)")
	}
	// The edit's answer came without the search index (the page holds
	// it): the search still finds what is in a closed VPC.
	if json := value(t, ctx, "the index after the edit", chromedp.Evaluate[bool](`document.getElementById('nav-data').dataset.json === undefined`)); !json {
		t.Error("the edit's answer carried the search index again; want it left out as the page holds it")
	}
	run(t, ctx, "search vpc11-s1 after the edit",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#diagram-search').value = ''`),
		chromedp.SendKeys(css(`#diagram-search`), "vpc11-s1\r"),
		waitJS(revealed("vpc11-s1")+` && `+idle))
	run(t, ctx, "close vpc3",
		chromedp.Click(css(`[data-testid="tree-toggle-vpc3"]`)),
		waitJS(`document.querySelector('[data-testid="tree-in-vpc3"]').hidden && document.querySelector('[data-testid="tree-toggle-vpc3"]').getAttribute('aria-expanded') === 'false'`))

	// Findings: 50 rows, then 50 more; a filter fetches the rest.
	rows := `document.querySelectorAll('#findings tr.finding').length`
	total := value(t, ctx, "findings", chromedp.Evaluate[int](`JSON.parse(document.getElementById('findings-data').dataset.json).length`))
	if n := value(t, ctx, "the first page", chromedp.Evaluate[int](rows)); n != 50 || total <= 100 {
		t.Fatalf("the findings panel shows %d rows of %d; want 50 of more than 100", n, total)
	}
	run(t, ctx, "show more",
		chromedp.Click(css(`[data-testid=findings-more]`)),
		waitJS(rows+` === 100 && `+idle))
	last := value(t, ctx, "the last finding's severity", chromedp.Evaluate[string](`JSON.parse(document.getElementById('findings-data').dataset.json).at(-1).severity`))
	run(t, ctx, "filter by "+last,
		chromedp.SetValue(css(`#filter-severity`), last),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#filter-severity').dispatchEvent(new Event('change', {bubbles: true}))`),
		waitJS(fmt.Sprintf(`%s === %d && !document.querySelector('[data-testid=findings-more]') && %s`, rows, total, idle)))
	hidden := value(t, ctx, "filtered", chromedp.Evaluate[string](`(() => { const r = Array.from(document.querySelectorAll('#findings tr.finding')); return r.filter(x => !x.hidden && x.dataset.severity !== '`+last+`').length + ' ' + r.filter(x => !x.hidden).length; })()`))
	if hidden[:2] != "0 " || hidden == "0 0" {
		t.Errorf("after the filter by %s: %q rows of another severity shown, and shown; want 0 and some", last, hidden)
	}
}
