package web_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vpcboard/vpcboard/internal/diagram"
	"github.com/vpcboard/vpcboard/internal/web"
)

var screenshots = flag.String("screenshots", "", "write the designer's screenshots into this folder (make screenshots: docs/screenshots)")

// chromium is Debian's Chromium, which .ci/run installs.
const chromium = "/usr/bin/chromium"

// renderer starts real render workers: this test binary in worker mode
// (TestMain).
func renderer(t testing.TB) *diagram.Renderer {
	t.Helper()
	r, err := diagram.NewRenderer(diagram.RendererOptions{Workers: 2, Command: func(ctx context.Context) *exec.Cmd {
		cmd := exec.CommandContext(ctx, os.Args[0])
		cmd.Env = append(os.Environ(), workerEnv+"=1")
		return cmd
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// browser starts a headless Chromium for t.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("browser tests need Debian's chromium at %s (.ci/run installs it: apt-get install chromium): %v", chromium, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel3)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

type css = chromedp.CSS

// nodeGone reports whether an action failed because the node its query
// found was replaced before the action reached it (a page navigating
// after a form's submit, htmx swapping the element): a race of the test
// driver with the page, not a fault of the page. The action's query runs
// again on a retry and finds the node that is there now.
func nodeGone(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	for _, s := range []string{"Could not find node with given id", "No node with given id found",
		"Node is detached from document", "Cannot find context with specified id", "Node does not belong to the document"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// retried runs f again, a few times, while it fails with nodeGone.
func retried[T any](t *testing.T, what string, f func() (T, error)) (T, error) {
	t.Helper()
	for attempt := 1; ; attempt++ {
		v, err := f()
		if !nodeGone(err) || attempt == 8 {
			return v, err
		}
		t.Logf("%s: %v; the page changed under the action, running it again (%d)", what, err, attempt)
		time.Sleep(250 * time.Millisecond)
	}
}

// run runs actions in order; an action whose node was replaced under it
// runs again (nodeGone).
func run(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	var err error
	for _, a := range actions {
		if _, err = retried(t, what, func() (struct{}, error) { return struct{}{}, chromedp.Do(ctx, a) }); err != nil {
			break
		}
	}
	if err != nil {
		state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({
			findings: (document.querySelector('#findings') || {}).outerHTML,
			inspector: (document.querySelector('#inspector') || {}).innerText, fdata: (document.getElementById('findings-data') || {}).textContent, nfdata: document.querySelectorAll('#findings-data').length, editdata: document.querySelectorAll('script[type="application/json"]').length,
			busy: Array.from(document.querySelectorAll('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')).map(e => e.tagName + '#' + e.id + '.' + e.className), formID: !!document.querySelector('#inspector #f-id'), svgIDs: Array.from(document.querySelectorAll('#stage svg [id]')).slice(0, 40).map(e => e.id + ':' + e.getAttribute('class')),
		})`))
		t.Fatalf("%s: %v\npage state: %s", what, err, state[:min(len(state), 4000)])
	}
}

// value runs one action that returns a value.
func value[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := retried(t, what, func() (T, error) { return chromedp.Run(ctx, a) })
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// idle waits until htmx has no request in flight and nothing swapping or
// settling, so that new content has its handlers.
const idle = `!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')`

// waitJS polls a JavaScript condition until it is true.
func waitJS(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(20*time.Second))(ctx, tg)
		return chromedp.Void{}, err
	})
}

func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := *screenshots
	if dir == "" {
		dir = t.TempDir()
	}
	png := value(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// addResource picks a kind in the tree's "add" list, fills the form and
// saves it, and waits for the resource in the tree.
func addResource(t *testing.T, ctx context.Context, kind, id string, fields map[string]string) {
	t.Helper()
	actions := []chromedp.Action[chromedp.Void]{
		waitJS(idle),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const s = document.querySelector('[data-testid=add-kind]'); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})) })()`, kind)),
		waitJS(`document.querySelector('#inspector [data-testid=resource-form] #f-id') !== null && ` + idle),
		chromedp.SetValue(css(`#f-id`), id),
	}
	for k, v := range fields {
		actions = append(actions, chromedp.SetValue(css(`#f-`+k), v))
	}
	actions = append(actions,
		waitJS(idle),
		chromedp.Click(css(`[data-testid=save]`)),
		waitJS(`document.querySelector('[data-testid="tree-`+id+`"]') !== null`))
	run(t, ctx, "add "+kind+" "+id, actions...)
}

// signInBrowser signs in through the sign-in form, as a person does: the
// designer is only for accounts.
func signInBrowser(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	run(t, ctx, "sign in as "+email,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(css(`[data-testid=login-email]`)), // "/" sends nobody to the sign-in form
		chromedp.SetValue(css(`[data-testid=login-email]`), email),
		chromedp.SetValue(css(`[data-testid=login-password]`), password),
		chromedp.Click(css(`[data-testid=login-submit]`)),
		chromedp.WaitVisible(css(`[data-testid=account-link]`)),
	)
}

// editField selects a resource in the tree, sets one field and saves.
func editField(t *testing.T, ctx context.Context, id, field, value string) {
	t.Helper()
	run(t, ctx, "edit "+id,
		waitJS(idle), // a swap in flight (the last save's panels) would replace the row clicked
		chromedp.Click(css(`[data-testid="tree-`+id+`"]`)),
		// The form of the resource, fresh from the click (not the one of a
		// previous save, which has a notice).
		waitJS(fmt.Sprintf(`document.querySelector('#inspector h2') && document.querySelector('#inspector h2').textContent === %q && !document.querySelector('[data-testid=notice]') && %s`, id, idle)),
		chromedp.SetValue(css(`#f-`+field), value),
		chromedp.Click(css(`[data-testid=save]`)),
		waitJS(`document.querySelector('[data-testid=notice]') !== null`),
	)
}

// TestDesignerInTheBrowser goes through the designer as a user: from an
// empty design to a VPC with two subnets, an overlap found and fixed, an
// imported template with a blocked flow traced, and both exports.
func TestDesignerInTheBrowser(t *testing.T) {
	w := newWorld(t, web.Options{Renderer: renderer(t)})
	w.account("ana@example.com", "", 0)
	ts := struct{ URL string }{w.base}
	ctx := browser(t)
	run(t, ctx, "the sign-in page", chromedp.Navigate(w.base+"/"), chromedp.WaitVisible(css(`[data-testid=login-email]`)))
	shot(t, ctx, "login")
	signInBrowser(t, ctx, w.base, "ana@example.com")

	run(t, ctx, "create a design",
		chromedp.Navigate(ts.URL+"/"),
		chromedp.SetValue(css(`[data-testid=new-name]`), "browser test"),
		chromedp.Click(css(`[data-testid=new-design]`)),
		chromedp.WaitVisible(css(`[data-testid=design-name]`)),
	)
	addResource(t, ctx, "vpc", "web-vpc", map[string]string{"cidr": "10.0.0.0/16"})
	addResource(t, ctx, "subnet", "app-a", map[string]string{"vpc": "web-vpc", "az": "us-east-1a", "cidr": "10.0.1.0/24"})
	addResource(t, ctx, "subnet", "app-b", map[string]string{"vpc": "web-vpc", "az": "us-east-1b", "cidr": "10.0.2.0/24"})
	run(t, ctx, "both subnets in the SVG",
		waitJS(`document.querySelector('#stage svg [id="app-a"]') !== null && document.querySelector('#stage svg [id="app-b"]') !== null`))

	editField(t, ctx, "app-b", "cidr", "10.0.1.128/25")
	run(t, ctx, "the overlap is found and marked",
		waitJS(`document.querySelector('#findings tr[data-code="subnet.overlap"]') !== null`),
		waitJS(`document.querySelector('#stage svg [id="app-b"]').classList.contains('finding-error')`),
		waitJS(`document.querySelector('[data-testid=count-errors]') !== null`),
	)
	shot(t, ctx, "designer")
	editField(t, ctx, "app-b", "cidr", "10.0.2.0/24")
	overlapGone := chromedp.Steps(
		waitJS(`document.querySelector('#findings tr[data-code="subnet.overlap"]') === null`),
		waitJS(`!document.querySelector('#stage svg [id="app-b"]').classList.contains('finding-error')`),
	)
	run(t, ctx, "the overlap is gone", overlapGone)
	// Undo brings your last edit back, redo takes it away again.
	run(t, ctx, "undo the fix",
		waitJS(idle),
		chromedp.Click(css(`[data-action=undo]`)),
		waitJS(`document.querySelector('#findings tr[data-code="subnet.overlap"]') !== null`),
		waitJS(idle),
		chromedp.Click(css(`[data-action=redo]`)),
		overlapGone,
	)

	// A field error is shown next to its field, and nothing is saved.
	run(t, ctx, "a bad CIDR is refused next to the field",
		chromedp.Click(css(`[data-testid="tree-app-a"]`)),
		waitJS(`document.querySelector('#inspector h2').textContent === 'app-a' && !document.querySelector('[data-testid=notice]') && `+idle),
		chromedp.SetValue(css(`#f-cidr`), "10.0.300.0/24"),
		chromedp.Click(css(`[data-testid=save]`)),
		waitJS(`document.querySelector('[data-testid=error-cidr]') !== null`),
	)

	// Import a corpus template and trace a blocked flow.
	template, err := filepath.Abs("../importer/testdata/corpus/userguide-vpc-peering-two-vpcs-ec2.json")
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "import a template",
		chromedp.Navigate(ts.URL+"/"),
		chromedp.SetUploadFiles(css(`[data-testid=import-file]`), []string{template}),
		chromedp.Click(css(`[data-testid=import]`)),
		chromedp.WaitVisible(css(`[data-testid=import-params]`)), // its parameters, with their defaults
		chromedp.Click(css(`[data-testid=import-params-submit]`)),
		chromedp.WaitVisible(css(`[data-testid=design-name]`)),
		waitJS(`document.querySelector('#stage svg') !== null`),
	)
	// The findings filter hides the findings it does not show (the
	// template's findings are warnings: showing errors hides them all).
	run(t, ctx, "filter the findings by severity",
		waitJS(`document.querySelector('#findings tr.finding[data-severity=warning]') !== null`),
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector('[data-filter=severity]'); s.value = 'error'; s.dispatchEvent(new Event('change', {bubbles: true})) })()`),
		waitJS(`Array.from(document.querySelectorAll('#findings tr.finding')).every(r => r.hidden === (r.dataset.severity !== 'error'))`),
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector('[data-filter=severity]'); s.value = 'warning'; s.dispatchEvent(new Event('change', {bubbles: true})) })()`),
		waitJS(`Array.from(document.querySelectorAll('#findings tr.finding')).every(r => r.hidden === (r.dataset.severity !== 'warning'))`),
	)
	private := value(t, ctx, "find the private instance",
		chromedp.Evaluate[string](`Array.from(document.querySelectorAll('#trace-endpoints option')).map(o => o.value).filter(v => v.toLowerCase().includes('private'))[0] || ''`))
	if private == "" {
		t.Fatal("no private instance among the trace endpoints")
	}
	run(t, ctx, "trace a blocked flow",
		chromedp.Click(css(`[data-tab=trace]`)),
		chromedp.SetValue(css(`#trace-from`), private),
		chromedp.SetValue(css(`#trace-to`), "internet"),
		chromedp.SetValue(css(`#trace-port`), "443"),
		chromedp.Click(css(`[data-testid=trace]`)),
		chromedp.WaitVisible(css(`[data-testid=verdict]`)),
		waitJS(idle),
	)
	verdict := value(t, ctx, "verdict", chromedp.Text(css(`[data-testid=verdict]`)))
	blocker := value(t, ctx, "blocker", chromedp.Text(css(`[data-testid=blocker]`)))
	hops := value(t, ctx, "hops", chromedp.Evaluate[int](`document.querySelectorAll('#stage svg .trace-hop').length`))
	blocked := value(t, ctx, "blocked", chromedp.Evaluate[int](`document.querySelectorAll('#stage svg .trace-blocked').length`))
	if !strings.Contains(verdict, "unreachable") || !strings.Contains(blocker, "Fix:") {
		t.Errorf("trace: verdict %q, blocker %q; want unreachable with a fix", verdict, blocker)
	}
	if hops == 0 || blocked == 0 {
		t.Errorf("diagram after the trace: %d highlighted hops, %d blocked; want both", hops, blocked)
	}
	shot(t, ctx, "trace")

	// The three exports download (Terraform HCL as a zip), one after the
	// other as a person clicks them (at once, the per-account admission of
	// heavy work may answer the third 429 on a loaded machine).
	sizes := value(t, ctx, "download the exports",
		chromedp.Evaluate[[]int](`(async () => {
			const sizes = [];
			for (const id of ['export-cfn','export-tf','export-tf-hcl']) {
				const r = await fetch(document.querySelector('[data-testid='+id+']').href);
				sizes.push(r.ok && r.headers.get('Content-Disposition').includes('attachment') ? (await r.arrayBuffer()).byteLength : -r.status);
			}
			return sizes;
		})()`, chromedp.EvalAwaitPromise))
	if len(sizes) != 3 || sizes[0] < 1000 || sizes[1] < 1000 || sizes[2] < 1000 {
		t.Errorf("exports downloaded: %v bytes; want three files", sizes)
	}

	run(t, ctx, "the matrix",
		chromedp.Click(css(`[data-tab=matrix]`)),
		chromedp.WaitVisible(css(`[data-testid=matrix]`)),
	)
	shot(t, ctx, "matrix")

	// A member of another team sees nothing of ana's designs: not in the
	// list, not by the URL.
	path := value(t, ctx, "the design's path", chromedp.Evaluate[string](`location.pathname`))
	w.account("cy@other.example", "", 0)
	cy := browser(t)
	signInBrowser(t, cy, w.base, "cy@other.example")
	run(t, cy, "cy's list has none of ana's designs",
		waitJS(`document.querySelector('[data-testid=designs]').textContent.includes('No designs yet')`))
	// (The page is fetched in cy's browser, with cy's session: chromedp's
	// Navigate stops at a page that answers 404.)
	answer := value(t, cy, "cy opens ana's design by its URL", chromedp.Evaluate[string](fmt.Sprintf(
		`fetch(%q, {headers: {Accept: 'text/html'}}).then(r => r.text().then(b => r.status + ' ' + b.includes('no such design') + ' ' + b.includes('<svg')))`,
		path), chromedp.EvalAwaitPromise))
	if answer != "404 true false" {
		t.Errorf("cy opening ana's design: status, 'no such design', an SVG = %q; want 404 true false", answer)
	}

	// A share link lets cy view it, read-only.
	run(t, ctx, "ana makes a share link",
		chromedp.Navigate(w.base+path+"/share"),
		chromedp.Click(css(`[data-testid=share-create]`)),
		chromedp.WaitVisible(css(`[data-testid=new-link]`)))
	link := value(t, ctx, "the link", chromedp.Text(css(`[data-testid=new-link] code`)))
	run(t, cy, "cy opens the share link",
		chromedp.Navigate(link),
		chromedp.WaitVisible(css(`[data-testid=read-only]`)),
		waitJS(`document.querySelector('#stage svg') !== null`),
		chromedp.Click(css(`#tree [data-testid^="tree-"]`)),
		waitJS(`document.querySelector('#inspector [data-testid=save]') !== null && `+idle),
		waitJS(`getComputedStyle(document.querySelector('#inspector [data-testid=save]')).display === 'none'`))
	shot(t, cy, "shared")
	run(t, ctx, "ana's account page", chromedp.Navigate(w.base+"/account"), chromedp.WaitVisible(css(`[data-testid=tokens]`)))
	shot(t, ctx, "account")
}
