package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/web"
)

// twoEditors opens the three-tier example in two browsers, one signed in
// as ana (the team's owner), the other as bo (an editor of her team), and
// waits until each page follows the design live.
func twoEditors(t *testing.T) (w *world, id string, ana, bo context.Context) {
	t.Helper()
	w = newLiveWorld(t, web.Options{Renderer: renderer(t)})
	_, team := w.account("ana@example.com", "", 0)
	w.account("bo@example.com", team, auth.Editor)
	info, err := w.store.CreateDesign(context.Background(), team, designtest.Example(t, "three-tier"), "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	ana, bo = browser(t), browser(t)
	signInBrowser(t, ana, w.base, "ana@example.com")
	signInBrowser(t, bo, w.base, "bo@example.com")
	for _, b := range []context.Context{ana, bo} {
		run(t, b, "open the design", chromedp.Navigate(w.base+"/designs/"+info.ID), waitJS(`document.querySelector('#stage svg') !== null`))
	}
	for _, b := range []context.Context{ana, bo} {
		run(t, b, "presence shows both", waitJS(`document.querySelectorAll('#presence .pill').length === 2`))
	}
	return w, info.ID, ana, bo
}

// storedSubnet is subnet sid of design id as the store holds it now.
func storedSubnet(t *testing.T, w *world, id, sid string) design.Subnet {
	t.Helper()
	_, d, err := w.store.Design(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := d.Lookup(sid)
	if !ok {
		t.Fatalf("subnet %s is gone", sid)
	}
	return *r.(*design.Subnet)
}

// A form saves against the version it was loaded at: bo's form of app-a
// predates ana's change of its CIDR, so bo's save is refused with both
// values side by side, and bo chooses to put his on top of hers or to take
// hers; nothing of ana's is overwritten unseen.
func TestSaveOverAnotherEditInTwoBrowsers(t *testing.T) {
	w, id, ana, bo := twoEditors(t)
	run(t, bo, "bo opens app-a",
		chromedp.Click(css(`[data-testid="tree-app-a"]`)),
		waitJS(`document.querySelector('#inspector h2').textContent === 'app-a' && `+idle),
	)
	editField(t, ana, "app-a", "cidr", "10.0.12.0/24")
	editField(t, ana, "app-a", "tier", "ana-tier")
	run(t, bo, "bo is warned and saves anyway",
		waitJS(`document.querySelector('[data-testid=changed-notice]') !== null`),
		waitJS(`document.body.dataset.version === '3' && `+idle),
		chromedp.SetValue(css(`#f-cidr`), "10.0.13.0/24"),
		chromedp.Click(css(`[data-testid=save]`)),
		waitJS(`document.querySelector('[data-testid=conflict]') !== null && `+idle),
	)
	if got := storedSubnet(t, w, id, "app-a").CIDR; got != "10.0.12.0/24" {
		t.Fatalf("after bo's save over ana's change, app-a's CIDR = %s; want ana's 10.0.12.0/24", got)
	}
	theirs := value(t, bo, "their CIDR", chromedp.Text(css(`[data-testid=conflict-theirs-cidr]`)))
	mine := value(t, bo, "my CIDR", chromedp.Text(css(`[data-testid=conflict-mine-cidr]`)))
	who := value(t, bo, "conflict", chromedp.Text(css(`[data-testid=conflict]`)))
	if theirs != "10.0.12.0/24" || mine != "10.0.13.0/24" {
		t.Errorf("conflict shows theirs %q, mine %q; want 10.0.12.0/24 and 10.0.13.0/24", theirs, mine)
	}
	// The tier only ana changed: bo's is the one his form was loaded with.
	tier := value(t, bo, "the tier", chromedp.Text(css(`[data-testid=conflict-fields]`)))
	if !strings.Contains(tier, "ana-tier") || !strings.Contains(tier, "only they changed it") {
		t.Errorf("conflict fields %q; want ana's tier, marked as changed only by her", tier)
	}
	if !strings.Contains(who, "ana@example.com") {
		t.Errorf("conflict %q does not say who changed app-a", who)
	}
	shot(t, bo, "conflict")

	run(t, bo, "put mine on top of theirs",
		chromedp.Click(css(`[data-testid=conflict-mine]`)),
		waitJS(`document.querySelector('[data-testid=notice]') !== null && document.querySelector('[data-testid=conflict]') === null && `+idle),
	)
	if got := storedSubnet(t, w, id, "app-a"); got.CIDR != "10.0.13.0/24" || got.Tier != "app" {
		t.Fatalf("after \"put mine on top\", app-a = %+v; want bo's form: CIDR 10.0.13.0/24, tier app", got)
	}

	editField(t, ana, "app-a", "tier", "ana-tier")
	run(t, bo, "bo saves over ana's tier, then takes hers",
		waitJS(`document.body.dataset.version === '5' && `+idle),
		chromedp.SetValue(css(`#f-tier`), "bo-tier"),
		chromedp.Click(css(`[data-testid=save]`)),
		waitJS(`document.querySelector('[data-testid=conflict-theirs-tier]') !== null && document.querySelector('[data-testid=conflict-theirs-tier]').textContent === 'ana-tier' && `+idle),
		chromedp.Click(css(`[data-testid=conflict-theirs]`)),
		waitJS(`document.querySelector('[data-testid=conflict]') === null && document.querySelector('#f-tier') !== null && document.querySelector('#f-tier').value === 'ana-tier' && `+idle),
	)
	if got := storedSubnet(t, w, id, "app-a"); got.Tier != "ana-tier" || got.CIDR != "10.0.13.0/24" {
		t.Fatalf("after \"take theirs\", app-a = %+v; want ana's tier and bo's CIDR", got)
	}
	// The form taken is of the current version: saving it is no conflict.
	run(t, bo, "bo saves the form he took",
		chromedp.SetValue(css(`#f-tier`), "bo-tier"),
		chromedp.Click(css(`[data-testid=save]`)),
		waitJS(`document.querySelector('[data-testid=notice]') !== null && `+idle),
	)
	if got := storedSubnet(t, w, id, "app-a").Tier; got != "bo-tier" {
		t.Fatalf("bo's save of the current form: app-a's tier = %s; want bo-tier", got)
	}
}

// Undo and redo revert an edit only while what it touched is as it left
// it: ana's undo after bo changed the same subnet is refused with a
// message, and changes nothing; an undo of a resource nobody touched since
// says what it undid; a redo over bo's later change is refused too.
func TestUndoAfterAnotherEditInTwoBrowsers(t *testing.T) {
	w, id, ana, bo := twoEditors(t)
	editField(t, ana, "app-a", "cidr", "10.0.12.0/24")
	editField(t, bo, "app-a", "cidr", "10.0.13.0/24")
	run(t, ana, "ana undoes her edit after bo's",
		waitJS(`document.body.dataset.version === '3' && `+idle),
		chromedp.Click(css(`[data-action=undo]`)),
		waitJS(`document.querySelector('[data-testid=undo-refused]') !== null && `+idle),
	)
	msg := value(t, ana, "refusal", chromedp.Text(css(`[data-testid=undo-refused]`)))
	if !strings.Contains(msg, "bo@example.com") || !strings.Contains(msg, "app-a") {
		t.Errorf("undo refused with %q; want it to name bo and app-a", msg)
	}
	if got := storedSubnet(t, w, id, "app-a").CIDR; got != "10.0.13.0/24" {
		t.Fatalf("after ana's undo, app-a's CIDR = %s; want bo's 10.0.13.0/24 kept", got)
	}
	shot(t, ana, "undo-refused")

	editField(t, ana, "app-b", "tier", "ana-tier")
	run(t, ana, "ana undoes an edit nobody touched since",
		waitJS(idle),
		chromedp.Click(css(`[data-action=undo]`)),
		waitJS(`document.querySelector('[data-testid=undo-done]') !== null && `+idle),
	)
	done := value(t, ana, "undone", chromedp.Text(css(`[data-testid=undo-done]`)))
	if !strings.Contains(done, "app-b") {
		t.Errorf("undo says %q; want it to say what it undid (app-b)", done)
	}
	if got := storedSubnet(t, w, id, "app-b").Tier; got != "app" {
		t.Fatalf("after the undo, app-b's tier = %s; want app", got)
	}

	editField(t, bo, "app-b", "tier", "bo-tier")
	run(t, ana, "ana redoes after bo's change",
		waitJS(`document.body.dataset.version === '6' && `+idle),
		chromedp.Click(css(`[data-action=redo]`)),
		waitJS(`document.querySelector('[data-testid=undo-refused]') !== null && document.querySelector('[data-testid=undo-refused]').textContent.includes('redo') && `+idle),
	)
	if got := storedSubnet(t, w, id, "app-b").Tier; got != "bo-tier" {
		t.Fatalf("after ana's redo, app-b's tier = %s; want bo's bo-tier kept", got)
	}
}
