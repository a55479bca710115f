package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vpcboard/vpcboard/internal/web"
)

// An owner invites in the browser and reads the link once; the invitee
// opens it in another browser, makes an account there, signs in from the
// answer and lands in the team; opening the link again says it was used.
func TestInvitationInTheBrowser(t *testing.T) {
	w := newWorld(t, web.Options{})
	_, team := w.account("ana@example.com", "", 0)
	anaB, cyB := browser(t), browser(t)
	signInBrowser(t, anaB, w.base, "ana@example.com")
	run(t, anaB, "invite cy as editor",
		chromedp.Navigate(w.base+"/teams/"+team),
		chromedp.WaitVisible(css(`[data-testid=invite-email]`)),
		chromedp.SetValue(css(`[data-testid=invite-email]`), "cy@example.com"),
		chromedp.Click(css(`[data-testid=invite]`)),
		chromedp.WaitVisible(css(`[data-testid=new-invitation] code`)),
	)
	link := value(t, anaB, "read the link", chromedp.Text(css(`[data-testid=new-invitation] code`)))
	if !strings.HasPrefix(link, w.base+"/join/vpci_") {
		t.Fatalf("the invitation link shown = %q", link)
	}
	members := value(t, anaB, "read the members", chromedp.Text(css(`[data-testid=members]`)))
	if !strings.Contains(members, "cy@example.com") || !strings.Contains(members, "invited") {
		t.Errorf("the members table does not show the pending invitation: %q", members)
	}
	run(t, cyB, "cy opens the link and signs up",
		chromedp.Navigate(link),
		chromedp.WaitVisible(css(`[data-testid=invitation]`)),
		chromedp.SetValue(css(`[data-testid=signup-password]`), password),
		chromedp.Click(css(`[data-testid=signup-submit]`)),
		chromedp.WaitVisible(css(`[data-testid=notice]`)),
		chromedp.SetValue(css(`[data-testid=login-password]`), password),
		chromedp.Click(css(`[data-testid=login-submit]`)),
		chromedp.WaitVisible(css(`[data-testid=members]`)),
	)
	page := value(t, cyB, "read the team page", chromedp.Text(css(`main`)))
	if !strings.Contains(page, "You are editor here") {
		t.Errorf("cy's team page after joining: %q; want cy as editor", page)
	}
	run(t, cyB, "open the link again",
		chromedp.Navigate(link),
		chromedp.WaitVisible(css(`[data-testid=error-message]`)),
	)
	if msg := value(t, cyB, "read the refusal", chromedp.Text(css(`[data-testid=error-message]`))); !strings.Contains(msg, "used already") {
		t.Errorf("a used link's page says %q; want that it was used", msg)
	}
}
