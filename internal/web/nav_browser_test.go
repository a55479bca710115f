package web_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/web"
)

// fitted says whether the diagram is fitted to the viewport: inside it,
// and filling its width or its height.
const fitted = `(() => {
	const s = document.querySelector('#stage svg').getBoundingClientRect(), v = document.querySelector('.viewport').getBoundingClientRect();
	const inside = s.left >= v.left - 1 && s.top >= v.top - 1 && s.right <= v.right + 1 && s.bottom <= v.bottom + 1;
	return inside && (s.width >= v.width - 40 || s.height >= v.height - 40) || ` + anchored + `;
})()`

// anchored says the diagram is too large to fit at a readable scale and
// is shown from its top left corner at that scale (what Fit does then).
const anchored = `(() => {
	const s = document.querySelector('#stage svg').getBoundingClientRect(), v = document.querySelector('.viewport').getBoundingClientRect();
	return Math.abs(s.left - v.left - 10) < 2 && Math.abs(s.top - v.top - 10) < 2 && (s.right > v.right + 1 || s.bottom > v.bottom + 1);
})()`

// typeKey presses a printable key as a keyboard does: one keydown that
// carries the text, which the page may cancel (chromedp.KeyEvent sends
// the text in a separate event that no handler can cancel).
func typeKey(key, code string, keyCode int64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: key, Code: code, Text: key, UnmodifiedText: key, WindowsVirtualKeyCode: keyCode, NativeVirtualKeyCode: keyCode}
		up := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: key, Code: code, WindowsVirtualKeyCode: keyCode, NativeVirtualKeyCode: keyCode}
		for _, e := range []input.DispatchKeyEventParams{down, up} {
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// clearSearch empties the search box and puts the cursor in it.
var clearSearch = chromedp.Evaluate[chromedp.Void](`(() => { const i = document.getElementById('diagram-search'); i.value = ''; i.focus(); })()`)

// stage is the diagram's transform.
const stage = `document.getElementById('stage').style.transform`

// TestNavigationInTheBrowser exports the picture from the menu, sees the
// view fitted again when the design grows unless it was panned, finds
// resources with the search box (by IP, by a free address of a subnet, by
// name; / to focus, arrows and Enter) and follows the breadcrumb. Then,
// in a design of many VPCs drawn as an overview, a search goes to the VPC
// view that draws the resource.
func TestNavigationInTheBrowser(t *testing.T) {
	w := newLiveWorld(t, web.Options{Renderer: renderer(t), Concurrency: 16, ConcurrencyPerCaller: 16}) // four pictures fetched at once; admission is tested in TestExpensiveWorkIsBounded
	ana, team := w.account("ana@example.com", "", 0)
	api := w.api(w.token(ana, team, auth.Owner))
	info, err := w.store.CreateDesign(context.Background(), team, designtest.Example(t, "three-tier"), "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	signInBrowser(t, ctx, w.base, "ana@example.com")
	run(t, ctx, "open the design", chromedp.Navigate(w.base+"/designs/"+info.ID), waitJS(`document.querySelector('#stage svg') !== null && `+idle))

	// Export picture: the menu's links download the current view and the
	// whole design, as SVG and PNG.
	run(t, ctx, "open the Export picture menu",
		chromedp.Click(css(`[data-testid=export-picture] summary`)),
		waitJS(`document.querySelector('[data-testid=export-view-png]').getBoundingClientRect().height > 0`))
	shot(t, ctx, "export-menu")
	type file struct {
		Status                 int
		Type, Disposition, B64 string
		Width, Height          int
		SVG                    bool // parses as an SVG document with a legend
	}
	files := value(t, ctx, "download the pictures", chromedp.Evaluate[[]file](`Promise.all(['export-view-svg', 'export-view-png', 'export-full-svg', 'export-full-png'].map(id =>
		fetch(document.querySelector('[data-testid=' + id + ']').href).then(async r => {
			const b = await r.blob(), f = {Status: r.status, Type: r.headers.get('Content-Type'), Disposition: r.headers.get('Content-Disposition') || ''};
			if (f.Type === 'image/png') {
				const img = await createImageBitmap(b);
				f.Width = img.width; f.Height = img.height;
				const bytes = new Uint8Array(await b.arrayBuffer());
				let s = ''; for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
				f.B64 = btoa(s);
			} else {
				// A browser reads the file as an SVG document of its own, legend included.
				const doc = new DOMParser().parseFromString(await b.text(), 'image/svg+xml');
				f.SVG = doc.querySelector('parsererror') === null && doc.documentElement.localName === 'svg' && doc.getElementById('_legend') !== null;
			}
			return f;
		})))`, chromedp.EvalAwaitPromise))
	for i, f := range files {
		wantType := []string{"image/svg+xml", "image/png"}[i%2]
		if f.Status != 200 || f.Type != wantType || !strings.Contains(f.Disposition, "attachment") || !strings.Contains(f.Disposition, "-full.") {
			t.Errorf("picture %d: %d %s %q; want 200 %s, an attachment of the full view", i, f.Status, f.Type, f.Disposition, wantType)
		}
		if wantType == "image/png" && (f.Width < 800 || f.Height < 300) {
			t.Errorf("PNG picture %d is %dx%d; want a readable picture", i, f.Width, f.Height)
		}
		if wantType == "image/svg+xml" && !f.SVG {
			t.Errorf("SVG picture %d does not parse as an SVG document with a legend", i)
		}
	}
	if *screenshots != "" && len(files) == 4 {
		png, err := base64.StdEncoding.DecodeString(files[1].B64)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*screenshots, "export-three-tier.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// The view is fitted; the design grows (another client adds a VPC):
	// the view is fitted to the larger diagram.
	run(t, ctx, "the menu closes on a click elsewhere",
		chromedp.Click(css(`[data-testid=breadcrumb]`)),
		waitJS(`!document.querySelector('[data-testid=export-picture]').open`))
	run(t, ctx, "the view starts fitted", waitJS(fitted))
	before := value(t, ctx, "transform", chromedp.Evaluate[string](stage))
	grow := func(base int, vpc, cidr, v6 string) {
		t.Helper()
		r := api.post("/api/v1/designs/"+info.ID+"/ops", ops(base,
			fmt.Sprintf(`{"op":"put","kind":"vpc","id":%q,"value":{"cidr":%q,"ipv6_cidrs":[%q]}}`, vpc, cidr, v6+"00::/56"),
			fmt.Sprintf(`{"op":"put","kind":"subnet","id":%q,"value":{"vpc":%q,"az":"us-east-1a","cidr":%q,"ipv6_cidr":%q}}`,
				vpc+"-a", vpc, strings.Replace(cidr, "0.0/16", "1.0/24", 1), v6+"01::/64")))
		if r.status != 200 {
			t.Fatalf("add %s = %d %s", vpc, r.status, r.body)
		}
	}
	grow(1, "dev-vpc", "10.1.0.0/16", "2600:1f18:abcd:12")
	run(t, ctx, "the grown diagram is fitted again",
		waitJS(`document.querySelector('#stage svg [id="dev-vpc"]') !== null && `+idle), waitJS(fitted),
		waitJS(stage+` !== `+fmt.Sprintf("%q", before)+` || `+anchored))

	// Panned by hand, the view stays where the user put it.
	run(t, ctx, "pan the diagram", chromedp.Evaluate[chromedp.Void](`(() => {
		const v = document.querySelector('.viewport'), r = v.getBoundingClientRect(), x = r.left + 200, y = r.top + 200;
		v.dispatchEvent(new MouseEvent('mousedown', {bubbles: true, button: 0, clientX: x, clientY: y}));
		document.dispatchEvent(new MouseEvent('mousemove', {bubbles: true, clientX: x + 120, clientY: y + 60}));
		document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true, clientX: x + 120, clientY: y + 60}));
	})()`))
	panned := value(t, ctx, "transform", chromedp.Evaluate[string](stage))
	grow(2, "test-vpc", "10.2.0.0/16", "2600:1f18:abcd:34")
	run(t, ctx, "the panned view is kept", waitJS(`document.querySelector('#stage svg [id="test-vpc"]') !== null && `+idle))
	if got := value(t, ctx, "transform", chromedp.Evaluate[string](stage)); got != panned {
		t.Errorf("after an update the panned view is %q; want it kept at %q", got, panned)
	}

	// "/" focuses the search; an IP finds the workload that owns it.
	run(t, ctx, "search by IP",
		chromedp.Click(css(`[data-testid=breadcrumb]`)),
		chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`),
		typeKey("/", "Slash", 191),
		waitJS(`document.activeElement && document.activeElement.id === 'diagram-search'`),
		chromedp.SendKeys(css(`#diagram-search`), "10.0.20.10"),
		waitJS(`(document.querySelector('#search-results .search-result.active .hit-id')?.textContent || '').startsWith('db')`),
	)
	shot(t, ctx, "search")
	run(t, ctx, "Enter goes to the first hit",
		chromedp.SendKeys(css(`#diagram-search`), "\r"),
		waitJS(`document.querySelector('#stage svg [id="db"]')?.classList.contains('selected')`),
		waitJS(`document.querySelector('#inspector h2') && document.querySelector('#inspector h2').textContent === 'db' && `+idle),
		waitJS(`(() => { const b = document.querySelector('#stage svg [id="db"]').getBoundingClientRect(), v = document.querySelector('.viewport').getBoundingClientRect();
			return Math.abs((b.left + b.right) / 2 - (v.left + v.right) / 2) < 40 && Math.abs((b.top + b.bottom) / 2 - (v.top + v.bottom) / 2) < 40; })()`),
	)
	crumbs := value(t, ctx, "breadcrumb", chromedp.Evaluate[string](`Array.from(document.querySelectorAll('#breadcrumb button')).map(b => b.textContent).join(' > ')`))
	if want := "VPC web-vpc > us-east-1a > subnet data-a > workload db"; !strings.Contains(crumbs, want) {
		t.Errorf("breadcrumb %q; want it to end %q", crumbs, want)
	}

	// An address no one owns finds the subnet and the VPC that hold it;
	// the arrow keys move through the hits.
	run(t, ctx, "search a free address",
		clearSearch,
		chromedp.SendKeys(css(`#diagram-search`), "10.0.11.77"),
		waitJS(`Array.from(document.querySelectorAll('#search-results .search-result .hit-id')).map(e => e.textContent).join() === 'app-b,web-vpc'`),
		chromedp.KeyEvent(kb.ArrowDown),
		waitJS(`document.querySelector('#search-results .search-result.active .hit-id')?.textContent === 'web-vpc'`),
		chromedp.SendKeys(css(`#diagram-search`), "\r"),
		waitJS(`document.querySelector('#stage svg [id="web-vpc"]')?.classList.contains('selected')`),
	)
	// An IPv6 address too.
	run(t, ctx, "search an IPv6 address",
		clearSearch,
		chromedp.SendKeys(css(`#diagram-search`), "2600:1f18:abcd:3401::7"),
		waitJS(`Array.from(document.querySelectorAll('#search-results .search-result .hit-id')).map(e => e.textContent).join() === 'test-vpc-a,test-vpc'`),
	)
	// The breadcrumb's subnet goes back down.
	run(t, ctx, "search by name and follow the breadcrumb",
		clearSearch,
		chromedp.SendKeys(css(`#diagram-search`), "app-"),
		waitJS(`document.querySelectorAll('#search-results .search-result').length >= 4`),
		chromedp.SendKeys(css(`#diagram-search`), "1\r"),
		waitJS(`document.querySelector('#stage svg [id="app-1"]')?.classList.contains('selected')`),
		chromedp.Click(css(`#breadcrumb [data-crumb=goto][data-arg="app-a"]`)),
		waitJS(`document.querySelector('#stage svg [id="app-a"]')?.classList.contains('selected')`),
	)

	// A past version's page exports that version.
	run(t, ctx, "open version 1",
		chromedp.Navigate(w.base+"/designs/"+info.ID+"?version=1"),
		waitJS(`document.querySelector('#stage svg') !== null && `+idle))
	past := value(t, ctx, "export version 1", chromedp.Evaluate[string](`(async () => {
		const a = document.querySelector('[data-testid=export-full-svg]'), r = await fetch(a.href), b = await r.text();
		return new URL(a.href).search + ' ' + r.status + ' ' + b.includes('id="web-vpc"') + ' ' + b.includes('id="dev-vpc"');
	})()`, chromedp.EvalAwaitPromise))
	if past != "?view=full&version=1 200 true false" {
		t.Errorf("the export of version 1's page: %q; want ?view=full&version=1, the picture of version 1 (web-vpc, no dev-vpc)", past)
	}

	// A design of many VPCs opens on its overview: a search for a subnet
	// goes to the view of its VPC, and selects it there.
	big, err := w.store.CreateDesign(context.Background(), team, designtest.Generate(designtest.Base.Scale(0.2)), "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "open a design of many VPCs",
		chromedp.Navigate(w.base+"/designs/"+big.ID),
		waitJS(`document.querySelector('#stage svg [id="_view/overview"]') !== null && `+idle))
	target := value(t, ctx, "a subnet of the last VPC", chromedp.Evaluate[string](`(() => {
		const idx = JSON.parse(document.getElementById('nav-data').dataset.json), vpcs = idx.filter(e => e.kind === 'vpc').map(e => e.id);
		return idx.find(e => e.kind === 'subnet' && e.vpc === vpcs[vpcs.length - 1]).id; })()`))
	run(t, ctx, "search goes to the VPC's view",
		chromedp.SendKeys(css(`#diagram-search`), target+"\r"),
		waitJS(`document.querySelector('#stage svg [id^="_view/vpc/"]') !== null && `+idle),
		waitJS(fmt.Sprintf(`document.querySelector('#stage svg [id=%q]') !== null && document.querySelector('#stage svg [id=%q]').classList.contains('selected')`, target, target)),
		waitJS(fmt.Sprintf(`Array.from(document.querySelectorAll('#breadcrumb button')).map(b => b.textContent).join(' > ').includes('subnet %s')`, target)),
	)
	shot(t, ctx, "search-vpc-view")
}
