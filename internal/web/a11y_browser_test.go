package web_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vpcboard/vpcboard/internal/web"
)

// axeViolation is one rule axe-core found broken, with where.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []string
}

// axeScan injects axe-core (testdata/axe, vendored from npm; the server
// never serves it) into the page and returns its serious and critical
// violations.
func axeScan(t *testing.T, ctx context.Context, what string) []axeViolation {
	t.Helper()
	src, err := os.ReadFile("testdata/axe/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "inject axe-core into "+what, chromedp.Evaluate[chromedp.Void](string(src)+"\n;void 0"))
	out := value(t, ctx, "axe-core on "+what, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(
		r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
			id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)}))))`,
		chromedp.EvalAwaitPromise))
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("axe-core's answer on %s: %v: %s", what, err, out)
	}
	return vs
}

// TestAccessibility scans the sign-in page, the design list, an import's
// parameters and the designer (light and dark, a selection open) with
// axe-core: no serious or critical violation.
func TestAccessibility(t *testing.T) {
	w := newWorld(t, web.Options{Renderer: renderer(t)})
	_, team := w.account("ana@example.com", "", 0)
	id := exampleDesign(t, w, team, "three-tier")
	ctx := browser(t)
	check := func(what string) {
		t.Helper()
		for _, v := range axeScan(t, ctx, what) {
			t.Errorf("%s: %s (%s): %s\n\t%s", what, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
		}
	}
	run(t, ctx, "the sign-in page", chromedp.Navigate(w.base+"/"), chromedp.WaitVisible(css(`[data-testid=login-email]`)))
	check("the sign-in page")
	signInBrowser(t, ctx, w.base, "ana@example.com")
	run(t, ctx, "the list", chromedp.Navigate(w.base+"/"), chromedp.WaitVisible(css(`[data-testid=import-file]`)))
	check("the design list")
	run(t, ctx, "the designer",
		chromedp.Navigate(w.base+"/designs/"+id),
		waitJS(`document.querySelector('#stage svg [id="app-1"]') !== null && `+idle))
	check("the designer")
	run(t, ctx, "a selection",
		chromedp.Click(css(`[data-testid="tree-app-a"]`)),
		waitJS(`document.querySelector('#inspector h2') && document.querySelector('#inspector h2').textContent === 'app-a' && `+idle),
		chromedp.Click(css(`[data-tab=trace]`)))
	check("the designer with a selection")
	run(t, ctx, "dark", chromedp.Click(css(`[data-testid=theme-toggle]`)), waitJS(`document.documentElement.dataset.theme === 'dark'`))
	check("the designer in dark mode")
	run(t, ctx, "light again, the comments and an error",
		chromedp.Click(css(`[data-testid=theme-toggle]`)),
		chromedp.Click(css(`[data-testid=tab-comments]`)),
		chromedp.WaitVisible(css(`[data-testid=comment-resource]`)),
		chromedp.SetValue(css(`[data-testid=comment-resource]`), "nope"),
		chromedp.SetValue(css(`[data-testid=comment-body]`), "hello"),
		chromedp.Click(css(`[data-testid=comment-submit]`)),
		waitJS(`document.querySelector('[data-testid=error-notice]') !== null`))
	check("the designer's comments with an error")
	run(t, ctx, "a phone", chromedp.EmulateViewport(390, 844), chromedp.Reload(),
		waitJS(`document.querySelector('#stage svg [id="app-1"]') !== null && `+idle))
	check("the designer on a phone")
	template, err := filepath.Abs("../importer/testdata/corpus/quickstart-aws-vpc-multi-az-nat-nacl-flowlogs.template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "a template's parameters", chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(w.base+"/"),
		chromedp.SetUploadFiles(css(`[data-testid=import-file]`), []string{template}),
		chromedp.Click(css(`[data-testid=import]`)),
		chromedp.WaitVisible(css(`[data-testid=import-params]`)))
	check("an import's parameters")
	run(t, ctx, "import it", chromedp.Click(css(`[data-testid=import-params-submit]`)), chromedp.WaitVisible(css(`[data-testid=import-notes]`)))
	check("the designer with the import's notes")
}
