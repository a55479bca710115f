package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/web"
)

// The designer page tells an outage from a revocation: while the database
// is down it says live updates are reconnecting (never that access was
// revoked), it reconnects by itself once the database is back, and a
// real revocation then says access was revoked.
func TestPageTellsOutageFromRevocation(t *testing.T) {
	w := newLiveWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	bo, _ := w.account("bo@example.com", team, auth.Editor)
	info, err := w.store.CreateDesign(context.Background(), team, designtest.Example(t, "three-tier"), "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	b := browser(t)
	signInBrowser(t, b, w.base, "bo@example.com")
	run(t, b, "open the design", chromedp.Navigate(w.base+"/designs/"+info.ID),
		waitJS(`document.querySelectorAll('#presence .pill').length === 1`))
	// A version that reaches the page came through the hub's LISTEN
	// connection, which LISTENs to the access channel too.
	w.api(w.token(ana, team, auth.Owner)).post("/api/v1/designs/"+info.ID+"/ops", ops(1, fmt.Sprintf(subnetOp, "app-o", "10.0.66.0/24")))
	run(t, b, "the page follows the design", waitJS(`document.body.dataset.version === '2'`))

	o := startOutageNotified(t, w, fmt.Sprintf("user:%d", bo.ID))
	const status = `(document.querySelector('[data-testid=live-status]') || {dataset: {}})`
	run(t, b, "the page says it reconnects", waitJS(status+`.dataset.state === 'reconnecting'`))
	text := value(t, b, "the status", chromedp.Evaluate[string](status+`.textContent`))
	if want := "Live updates lost: reconnecting…"; text != want {
		t.Errorf("the page during the outage says %q; want %q", text, want)
	}
	o.end()
	run(t, b, "the page reconnects", waitJS(`document.querySelector('[data-testid=live-status]') === null`))

	anaWeb := w.signIn("ana@example.com")
	if r := anaWeb.form(fmt.Sprintf("/teams/%s/members/%d/remove", team, bo.ID), nil); r.status != http.StatusOK {
		t.Fatalf("remove bo = %d %s", r.status, r.body)
	}
	run(t, b, "the page says access was revoked", waitJS(status+`.dataset.state === 'revoked'`))
	text = value(t, b, "the status", chromedp.Evaluate[string](status+`.textContent`))
	if want := "Your access to this design was revoked: live updates stopped. Reload to sign in again."; text != want {
		t.Errorf("the page after the revocation says %q; want %q", text, want)
	}
}
