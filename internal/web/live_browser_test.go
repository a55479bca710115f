package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/web"
)

// Two people on one design in two browsers: an edit in one appears in the
// other's diagram and findings without a reload, and presence shows both.
func TestLiveInTwoBrowsers(t *testing.T) {
	w := newLiveWorld(t, web.Options{Renderer: renderer(t)})
	_, team := w.account("ana@example.com", "", 0)
	w.account("bo@example.com", team, auth.Editor)
	info, err := w.store.CreateDesign(context.Background(), team, designtest.Example(t, "three-tier"), "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	ana, bo := browser(t), browser(t)
	signInBrowser(t, ana, w.base, "ana@example.com")
	signInBrowser(t, bo, w.base, "bo@example.com")
	for _, b := range []context.Context{ana, bo} {
		run(t, b, "open the design", chromedp.Navigate(w.base+"/designs/"+info.ID), waitJS(`document.querySelector('#stage svg') !== null`))
	}
	for _, b := range []context.Context{ana, bo} {
		run(t, b, "presence shows both", waitJS(`document.querySelectorAll('#presence .pill').length === 2`))
	}
	editField(t, ana, "app-b", "cidr", "10.0.10.128/25")
	run(t, bo, "the other browser sees the edit",
		waitJS(`document.querySelector('#findings tr[data-code="subnet.overlap"]') !== null`),
		waitJS(`document.querySelector('#stage svg [id="app-b"]').classList.contains('finding-error')`),
		waitJS(`document.querySelector('[data-testid=toasts]') !== null && document.querySelector('[data-testid=toasts]').textContent.includes('changed subnet app-b')`),
		waitJS(`document.body.dataset.version === '2'`),
	)
	// What ana selects shows in bo's presence, under her account's name.
	run(t, bo, "presence shows ana's selection", waitJS(`document.querySelector('#presence').textContent.includes('app-b')`),
		waitJS(`document.querySelector('#presence').textContent.includes('ana@example.com')`))

	// bo opens app-a; ana changes it; bo's save is refused, and bo sees
	// ana's version beside his rather than overwriting it
	// (TestSaveOverAnotherEditInTwoBrowsers goes on from there).
	run(t, bo, "bo opens app-a",
		chromedp.Click(css(`[data-testid="tree-app-a"]`)),
		waitJS(`document.querySelector('#inspector h2').textContent === 'app-a' && `+idle),
	)
	editField(t, ana, "app-a", "tier", "ana-tier")
	run(t, bo, "bo saves over ana's change",
		waitJS(`document.body.dataset.version === '3' && `+idle),
		chromedp.SetValue(css(`#f-tier`), "bo-tier"),
		chromedp.Click(css(`[data-testid=save]`)),
		waitJS(`document.querySelector('[data-testid=conflict-theirs-tier]') !== null && document.querySelector('[data-testid=conflict-theirs-tier]').textContent === 'ana-tier'`),
	)
	shot(t, bo, "live")
}
