package web_test

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/importer"
	"github.com/vpcboard/vpcboard/internal/web"
)

// exampleDesign stores examples/<name>.json as a design of team and
// returns its ID.
func exampleDesign(t *testing.T, w *world, team, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := design.DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	info, err := w.store.CreateDesign(context.Background(), team, d, "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	return info.ID
}

// uncovered is JavaScript that reports whether the diagram is on screen,
// at least minW by minH CSS pixels, and not covered: the element at each
// of nine points inside it belongs to the diagram.
func uncovered(minW, minH int) string {
	return fmt.Sprintf(`(() => {
		const c = document.querySelector('[data-testid=diagram] .viewport');
		if (!c || !document.querySelector('#stage svg')) return false;
		const r = c.getBoundingClientRect();
		if (r.width < %d || r.height < %d || r.left < 0 || r.top < 0 || r.right > innerWidth + 1) return false;
		for (const fx of [0.15, 0.5, 0.85]) for (const fy of [0.2, 0.5, 0.85]) {
			const el = document.elementFromPoint(r.left + r.width * fx, Math.min(r.top + r.height * fy, innerHeight - 2));
			if (!el || !el.closest('[data-testid=diagram]')) return false;
		}
		return true;
	})()`, minW, minH)
}

// reachable is JavaScript that reports whether the element of sel is shown
// inside the window, and the topmost element where it is.
func reachable(sel string) string {
	return fmt.Sprintf(`(() => {
		const e = document.querySelector(%q);
		if (!e) return false;
		const r = e.getBoundingClientRect();
		if (r.width === 0 || r.height === 0 || r.left < 0 || r.top < 0 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1) return false;
		const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		return !!at && (at === e || e.contains(at));
	})()`, sel)
}

// hidden is JavaScript that reports whether nothing of sel is shown.
func hidden(sel string) string {
	return fmt.Sprintf(`Array.from(document.querySelectorAll(%q)).every(e => e.getClientRects().length === 0)`, sel)
}

// TestPageEverywhere opens the designer on a laptop, a tablet and a phone
// and in dark mode: the diagram is shown and uncovered, the controls are
// within reach, a phone shows the design read-only, and dark mode darkens
// the diagram too and is remembered.
func TestPageEverywhere(t *testing.T) {
	w := newWorld(t, web.Options{Renderer: renderer(t)})
	_, team := w.account("ana@example.com", "", 0)
	id := exampleDesign(t, w, team, "three-tier")
	ctx := browser(t)
	signInBrowser(t, ctx, w.base, "ana@example.com")
	open := func(width, height int64) {
		run(t, ctx, fmt.Sprintf("open the design at %dx%d", width, height),
			chromedp.EmulateViewport(width, height),
			chromedp.Navigate(w.base+"/designs/"+id),
			waitJS(`document.querySelector('#stage svg [id="app-1"]') !== null && `+idle))
	}

	t.Run("laptop", func(t *testing.T) {
		open(1024, 768)
		run(t, ctx, "the diagram, the tree, the inspector and the panels side by side",
			waitJS(uncovered(400, 300)),
			waitJS(reachable(`[data-testid=add-kind]`)),
			waitJS(reachable(`[data-action=fit]`)),
			waitJS(reachable(`[data-tab=trace]`)),
			waitJS(reachable(`[data-testid="tree-app-a"]`)),
			waitJS(reachable(`[data-testid=export-tf]`)),
			waitJS(hidden(`[data-testid=toggle-inspector]`)))
		shot(t, ctx, "laptop")
	})

	t.Run("tablet", func(t *testing.T) {
		open(820, 1180)
		run(t, ctx, "the diagram takes the width; the panes are closed",
			waitJS(uncovered(760, 500)),
			waitJS(reachable(`[data-action=fit]`)),
			waitJS(reachable(`[data-tab=trace]`)),
			waitJS(reachable(`[data-testid=toggle-tree]`)))
		run(t, ctx, "selecting on the diagram opens the inspector over a dimmed diagram",
			chromedp.Click(css(`#stage svg [id="app-1"]`)),
			waitJS(`document.querySelector('#inspector h2') && document.querySelector('#inspector h2').textContent === 'app-1' && `+idle),
			waitJS(reachable(`[data-testid=save]`)),
			waitJS(reachable(`[data-testid=scrim]`)))
		shot(t, ctx, "tablet-inspector")
		run(t, ctx, "a click on the dimmed diagram closes it",
			chromedp.Click(css(`[data-testid=scrim]`)),
			waitJS(uncovered(760, 500)))
		run(t, ctx, "the tree opens from the header, with its add list",
			chromedp.Click(css(`[data-testid=toggle-tree]`)),
			waitJS(reachable(`[data-testid=add-kind]`)),
			waitJS(reachable(`[data-testid="tree-data-a"]`)),
			chromedp.Click(css(`[data-testid="tree-data-a"]`)),
			waitJS(`document.querySelector('#inspector h2').textContent === 'data-a' && `+idle),
			waitJS(reachable(`[data-testid=save]`)),
			chromedp.KeyEvent("\x1b"),
			waitJS(uncovered(760, 500)))
		shot(t, ctx, "tablet")
	})

	t.Run("phone", func(t *testing.T) {
		open(390, 844)
		run(t, ctx, "the diagram and the findings, read-only",
			waitJS(uncovered(350, 300)),
			waitJS(reachable(`[data-testid=phone-note]`)),
			waitJS(hidden(`[data-testid=add-kind], [data-testid=save], [data-testid=delete], [data-action=undo], [data-action=redo], #tree, #inspector`)),
			waitJS(`document.documentElement.scrollWidth <= innerWidth + 1`),
			chromedp.ScrollIntoView(css(`[data-testid=findings]`)),
			waitJS(reachable(`[data-tab=findings]`)),
			waitJS(`document.querySelector('[data-testid=findings]').getClientRects().length > 0`))
		run(t, ctx, "back to the top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
		shot(t, ctx, "phone")
	})

	t.Run("dark", func(t *testing.T) {
		open(1280, 800)
		bg := func() string {
			return value(t, ctx, "the diagram's look", chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor + ' ' + getComputedStyle(document.querySelector('#stage svg')).filter`))
		}
		light := bg()
		run(t, ctx, "switch to dark",
			chromedp.Click(css(`[data-testid=theme-toggle]`)),
			waitJS(`document.documentElement.dataset.theme === 'dark'`))
		dark := bg()
		if dark == light || !strings.Contains(dark, "invert") || !strings.HasPrefix(dark, "rgb(20, 23, 28)") {
			t.Errorf("dark mode: body background and diagram filter = %q (light: %q); want a dark body and an inverted diagram", dark, light)
		}
		run(t, ctx, "dark mode is remembered",
			chromedp.Navigate(w.base+"/designs/"+id),
			waitJS(`document.querySelector('#stage svg [id="app-1"]') !== null && `+idle),
			waitJS(`document.documentElement.dataset.theme === 'dark'`),
			chromedp.Click(css(`#stage svg [id="db"]`)),
			waitJS(`document.querySelector('#inspector h2') && document.querySelector('#inspector h2').textContent === 'db' && `+idle))
		shot(t, ctx, "dark")
		run(t, ctx, "back to light",
			chromedp.Click(css(`[data-testid=theme-toggle]`)),
			waitJS(`document.documentElement.dataset.theme === 'light'`))
	})
}

// TestPageImports imports from the list page: a design file opens at
// once; a template asks for its parameters with their defaults first, and
// the designer then shows what the importer assumed, once.
func TestPageImports(t *testing.T) {
	w := newWorld(t, web.Options{Renderer: renderer(t)})
	w.account("ana@example.com", "", 0)
	ctx := browser(t)
	signInBrowser(t, ctx, w.base, "ana@example.com")
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	upload := func(file string) {
		run(t, ctx, "upload "+filepath.Base(file),
			chromedp.Navigate(w.base+"/"),
			chromedp.SetUploadFiles(css(`[data-testid=import-file]`), []string{file}),
			chromedp.Click(css(`[data-testid=import]`)))
	}

	for _, name := range []string{"three-tier", "hub-and-spoke", "peered-s3"} {
		upload(abs("../../examples/" + name + ".json"))
		run(t, ctx, "the design "+name+" opens",
			chromedp.WaitVisible(css(`[data-testid=design-name]`)),
			waitJS(`document.querySelector('#stage svg .res') !== null`),
			waitJS(`document.querySelector('[data-testid=import-notes]') === null`))
	}

	upload(abs("../importer/testdata/corpus/quickstart-aws-vpc-multi-az-nat-nacl-flowlogs.template.yaml"))
	run(t, ctx, "the template's parameters, with their defaults",
		chromedp.WaitVisible(css(`[data-testid=import-params]`)),
		waitJS(`document.querySelector('[data-testid=param-NumberOfAZs]').tagName === 'SELECT' && document.querySelector('[data-testid=param-NumberOfAZs]').value === '2'`),
		waitJS(`document.querySelector('[data-testid=param-VPCCIDR]').value === '10.0.0.0/16'`),
		waitJS(`document.querySelector('[data-testid=param-AvailabilityZones]').value === ''`),
		waitJS(`document.querySelector('[data-testid=import-region]').value === 'us-east-1'`),
		waitJS(`document.querySelector('[data-testid=import-name]').value === 'quickstart-aws-vpc-multi-az-nat-nacl-flowlogs'`))
	shot(t, ctx, "import-parameters")
	run(t, ctx, "give the zones and import",
		chromedp.SetValue(css(`[data-testid=param-AvailabilityZones]`), "eu-west-1a,eu-west-1b"),
		chromedp.SetValue(css(`[data-testid=import-name]`), "quick start"),
		chromedp.SetValue(css(`[data-testid=import-region]`), "eu-west-1"),
		chromedp.Click(css(`[data-testid=import-params-submit]`)),
		chromedp.WaitVisible(css(`[data-testid=design-name]`)),
		waitJS(`document.querySelector('[data-testid=design-name]').textContent === 'quick start'`),
		waitJS(`document.querySelector('#stage svg .res') !== null`),
		waitJS(`document.querySelector('[data-testid=count-errors]') === null`)) // zones of the region given
	notes := value(t, ctx, "the import's notes", chromedp.Evaluate[string](`(document.querySelector('[data-testid=import-notes]') || {}).innerText || ''`))
	if !strings.Contains(notes, "AWS::EC2::DHCPOptions") || strings.Contains(notes, "assumed us-east-1a") || strings.Contains(notes, "--param") {
		t.Errorf("import notes = %q; want the types not modelled, no assumed zones (they were given), no CLI flags", notes)
	}
	if !value(t, ctx, "the zones given", chromedp.Evaluate[bool](`document.querySelector('#stage svg').textContent.includes('eu-west-1a')`)) {
		t.Errorf("the diagram has no subnet in eu-west-1a: the zones given in the form were not used")
	}
	shot(t, ctx, "import-notes")
	run(t, ctx, "dismiss the notes",
		chromedp.Click(css(`[data-testid=import-notes-dismiss]`)),
		waitJS(`document.querySelector('[data-testid=import-notes]') === null`),
		chromedp.Reload(),
		waitJS(`document.querySelector('#stage svg .res') !== null`),
		waitJS(`document.querySelector('[data-testid=import-notes]') === null`)) // once

	upload(abs("../tfimport/testdata/threetier/terraform.tfstate"))
	run(t, ctx, "a Terraform state opens at once, without notes (its DB subnet group is read for the database, not a type not modelled)",
		chromedp.WaitVisible(css(`[data-testid=design-name]`)),
		waitJS(`document.querySelector('[data-testid=design-name]').textContent === 'terraform'`),
		waitJS(`document.querySelector('#stage svg .res') !== null`),
		waitJS(`document.querySelector('[data-testid="tree-aws_db_instance.db"]') !== null`),
		waitJS(`document.querySelector('[data-testid=import-notes]') === null`))

	upload(abs("../importer/testdata/corpus/SOURCES.md"))
	run(t, ctx, "a file that is neither is refused in the page",
		chromedp.WaitVisible(css(`[data-testid=list-error]`)),
		waitJS(`document.querySelector('[data-testid=list-error]').textContent.includes('SOURCES.md')`))
}

// TestPageErrors: every error in the page, in the user's words. A file
// over the size limit gets a page, not JSON; a refused comment and a
// trace of an unknown end say why in the page, naming the form's fields;
// findings list errors first; keys typed in controls are not shortcuts,
// nor do they open forms; a delete offers its undo.
func TestPageErrors(t *testing.T) {
	w := newWorld(t, web.Options{Renderer: renderer(t)})
	_, team := w.account("ana@example.com", "", 0)
	id := exampleDesign(t, w, team, "three-tier")
	ctx := browser(t)
	signInBrowser(t, ctx, w.base, "ana@example.com")
	open := func() {
		run(t, ctx, "open the design",
			chromedp.Navigate(w.base+"/designs/"+id),
			waitJS(`document.querySelector('#stage svg [id="app-1"]') !== null && `+idle))
	}

	t.Run("a file too large", func(t *testing.T) {
		big := filepath.Join(t.TempDir(), "big.json")
		if err := os.WriteFile(big, []byte(`{"format":1,"name":"`+strings.Repeat("x", 17<<20)+`"}`), 0o644); err != nil {
			t.Fatal(err)
		}
		run(t, ctx, "upload 17 MB",
			chromedp.Navigate(w.base+"/"),
			chromedp.SetUploadFiles(css(`[data-testid=import-file]`), []string{big}),
			chromedp.Click(css(`[data-testid=import]`)),
			chromedp.WaitVisible(css(`[data-testid=error-message]`)))
		page := value(t, ctx, "the answer", chromedp.Evaluate[string](`document.contentType + ' | ' + document.querySelector('[data-testid=error-message]').textContent`))
		if !strings.HasPrefix(page, "text/html | The file is too large") {
			t.Errorf("a 17 MB upload = %q; want an HTML page saying the file is too large", page)
		}
		run(t, ctx, "the way back", chromedp.Click(css(`[data-testid=error-back]`)), chromedp.WaitVisible(css(`[data-testid=import-file]`)))
	})

	t.Run("a comment on a missing resource", func(t *testing.T) {
		open()
		run(t, ctx, "comment on nope",
			chromedp.Click(css(`[data-testid=tab-comments]`)),
			chromedp.WaitVisible(css(`[data-testid=comment-resource]`)),
			chromedp.SetValue(css(`[data-testid=comment-resource]`), "nope"),
			chromedp.SetValue(css(`[data-testid=comment-body]`), "is this needed?"),
			chromedp.Click(css(`[data-testid=comment-submit]`)),
			waitJS(`document.querySelector('[data-testid=error-notice]') !== null`))
		msg := value(t, ctx, "the notice", chromedp.Evaluate[string](`document.querySelector('[data-testid=error-notice]').textContent`))
		if !strings.Contains(msg, "nope") {
			t.Errorf("notice = %q; want why the comment was refused, naming nope", msg)
		}
		if v := value(t, ctx, "the form", chromedp.Evaluate[string](`document.querySelector('[data-testid=comment-body]').value`)); v != "is this needed?" {
			t.Errorf("the comment typed = %q after the refusal; want it kept", v)
		}
	})

	t.Run("a trace to an unknown end", func(t *testing.T) {
		open()
		run(t, ctx, "trace app-1 to x",
			chromedp.Click(css(`[data-tab=trace]`)),
			chromedp.SetValue(css(`#trace-from`), "app-1"),
			chromedp.SetValue(css(`#trace-to`), "x"),
			chromedp.Click(css(`[data-testid=trace]`)),
			waitJS(`document.querySelector('[data-testid=trace-result]').textContent.trim() !== ''`))
		got := value(t, ctx, "the trace's answer", chromedp.Evaluate[string](`document.querySelector('[data-testid=trace-result]').textContent`))
		if !strings.Contains(got, `To: no workload, subnet or service with id "x"`) || strings.Contains(got, "--") {
			t.Errorf("trace to x = %q; want To: no workload, subnet or service with id \"x\", no CLI flags", got)
		}
	})

	t.Run("keys in controls", func(t *testing.T) {
		open()
		run(t, ctx, "type n then t in the trace form",
			chromedp.Click(css(`[data-tab=trace]`)),
			chromedp.SendKeys(css(`#trace-from`), "nt"),
			waitJS(idle),
			waitJS(`document.querySelector('#trace-from').value === 'nt' && document.querySelector('#inspector [data-testid=resource-form]') === null`))
		run(t, ctx, "press n then t on the page",
			chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`),
			chromedp.KeyEvent("n"),
			waitJS(`document.activeElement === document.querySelector('[data-testid=add-kind]')`),
			chromedp.KeyEvent("t"),
			chromedp.Sleep(300), // what a change would have requested
			waitJS(idle),
			waitJS(`document.querySelector('#inspector [data-testid=resource-form]') === null`))
		run(t, ctx, "Enter opens the form of the kind chosen",
			chromedp.KeyEvent("\r"),
			waitJS(`document.querySelector('#inspector [data-testid=resource-form]') !== null`))
	})

	t.Run("delete offers undo", func(t *testing.T) {
		open()
		run(t, ctx, "delete the flow log",
			chromedp.Click(css(`[data-testid="tree-web-vpc-flow-log"]`)),
			waitJS(`document.querySelector('#inspector h2') && document.querySelector('#inspector h2').textContent === 'web-vpc-flow-log' && `+idle),
			chromedp.Click(css(`[data-testid=delete]`)),
			waitJS(`document.querySelector('[data-testid="tree-web-vpc-flow-log"]') === null`),
			waitJS(`document.querySelector('[data-testid=undo-delete]') !== null`),
			waitJS(`document.querySelector('[data-testid=notices]').textContent.includes('Deleted web-vpc-flow-log')`))
		shot(t, ctx, "delete-undo")
		run(t, ctx, "undo it",
			waitJS(idle),
			chromedp.Click(css(`[data-testid=undo-delete]`)),
			waitJS(`document.querySelector('[data-testid="tree-web-vpc-flow-log"]') !== null`))
	})
}

// TestFindingsErrorsFirst: the findings list errors first, then warnings,
// then info.
func TestFindingsErrorsFirst(t *testing.T) {
	w := newWorld(t, web.Options{Renderer: renderer(t)})
	_, team := w.account("ana@example.com", "", 0)
	data, err := os.ReadFile("../importer/testdata/corpus/userguide-vpc-peering-two-vpcs-ec2.json")
	if err != nil {
		t.Fatal(err)
	}
	res, err := importer.Import(bytes.NewReader(data), "peering.json", importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A subnet over another's block: an error whose path sorts after the
	// warning's (the validator orders by path).
	first := slices.Sorted(maps.Keys(res.Design.Subnets))[0]
	dup := *res.Design.Subnets[first]
	dup.ID = "zz-overlap"
	res.Design.Subnets[dup.ID] = &dup
	info, err := w.store.CreateDesign(context.Background(), team, res.Design, "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	ses := w.signIn("ana@example.com")
	r := ses.get("/designs/" + info.ID)
	sevs := regexp.MustCompile(`<tr class="finding"[^>]*data-severity="([a-z]+)"`).FindAllSubmatch(r.body, -1)
	rank := map[string]int{"error": 0, "warning": 1, "info": 2}
	seen := map[string]bool{}
	for i, m := range sevs {
		s := string(m[1])
		seen[s] = true
		if i > 0 && rank[s] < rank[string(sevs[i-1][1])] {
			t.Errorf("finding %d is an %s after a %s; want errors, then warnings, then info", i, s, sevs[i-1][1])
		}
	}
	if !seen["error"] || !seen["warning"] {
		t.Fatalf("findings of the design = %v; want errors and warnings to order", seen)
	}
}
