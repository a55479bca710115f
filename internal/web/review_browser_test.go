package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/web"
)

// A change that opens SSH from the internet: its diff describes the opened
// path and marks it on the diagram; a comment on a resource from a second
// session appears live in the first.
func TestReviewInTheBrowser(t *testing.T) {
	w := newLiveWorld(t, web.Options{Renderer: renderer(t)})
	_, team := w.account("ana@example.com", "", 0)
	w.account("bo@example.com", team, auth.Commenter)
	info, err := w.store.CreateDesign(context.Background(), team, designtest.Example(t, "three-tier"), "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	anaB, boB := browser(t), browser(t)
	signInBrowser(t, anaB, w.base, "ana@example.com")
	signInBrowser(t, boB, w.base, "bo@example.com")
	run(t, anaB, "open the design", chromedp.Navigate(w.base+"/designs/"+info.ID), waitJS(`document.querySelector('#stage svg') !== null`))
	// The change: the load balancer's group also admits SSH from anywhere.
	e := &editor{t: t, ctx: anaB}
	e.open("alb-sg")
	e.row("ingress")
	e.cell("ingress", 1, "ports.from", "22")
	e.cell("ingress", 1, "cidr", "0.0.0.0/0")
	e.saved()
	run(t, anaB, "open the history and the diff",
		waitJS(`document.body.dataset.version === '2'`),
		chromedp.Click(css(`[data-testid=tab-history]`)),
		chromedp.WaitVisible(css(`[data-testid=diff-2]`)),
		chromedp.Click(css(`[data-testid=diff-2]`)),
		chromedp.WaitVisible(css(`[data-testid=reach-changes]`)),
		waitJS("Array.from(document.querySelectorAll('[data-testid=reach-change]')).some(li => li.textContent === 'now allows tcp 22 from the internet to `web-alb`')"),
		waitJS(`document.querySelector('[data-testid=opens-from-internet]') !== null`),
		waitJS(`document.querySelector('#stage svg [id="web-alb"]') !== null && document.querySelector('#stage svg [id="web-alb"]').classList.contains('diff-opened')`),
	)
	shot(t, anaB, "diff")
	run(t, anaB, "ana opens the comments",
		chromedp.Navigate(w.base+"/designs/"+info.ID),
		waitJS(`document.querySelector('#stage svg') !== null`),
		chromedp.Click(css(`[data-testid=tab-comments]`)),
		chromedp.WaitVisible(css(`[data-testid=comments]`)),
		waitJS(idle),
	)
	run(t, boB, "bo comments on web-alb",
		chromedp.Navigate(w.base+"/designs/"+info.ID),
		waitJS(`document.querySelector('#stage svg') !== null`),
		waitJS(idle),
		chromedp.Click(css(`[data-testid=tab-comments]`)),
		chromedp.WaitVisible(css(`[data-testid=comment-body]`)),
		waitJS(idle),
		chromedp.SetValue(css(`[data-testid=comment-resource]`), "web-alb"),
		chromedp.SetValue(css(`[data-testid=comment-body]`), "why SSH from anywhere?"),
		waitJS(idle),
		chromedp.Click(css(`[data-testid=comment-submit]`)),
		waitJS(`document.querySelector('[data-testid=thread][data-resource="web-alb"]') !== null`),
	)
	run(t, anaB, "ana sees bo's comment live, marked on the diagram",
		waitJS(`document.querySelector('[data-testid=thread][data-resource="web-alb"]') !== null && document.querySelector('[data-testid=thread]').textContent.includes('why SSH from anywhere?')`),
		waitJS(`document.querySelector('#stage svg [id="web-alb"]').classList.contains('has-comment')`))
	// ana replies and resolves; bo sees both live; the marker goes.
	run(t, anaB, "ana replies and resolves",
		waitJS(idle),
		chromedp.SetValue(css(`[data-testid^=reply-]`), "only until the bastion is up, @bo@example.com"),
		chromedp.Click(css(`[data-testid=thread] button[type=submit]`)),
		waitJS(`document.querySelector('[data-testid=thread]').textContent.includes('only until the bastion is up') && `+idle),
		waitJS(`document.querySelector('[data-testid=mention]') !== null && document.querySelector('[data-testid=mention]').textContent === '@bo@example.com'`),
		shotAction(t, "comments"),
		chromedp.Click(css(`[data-testid^=resolve-]`)),
		waitJS(`document.querySelector('[data-testid=thread]').classList.contains('resolved') && `+idle),
		waitJS(`!document.querySelector('#stage svg [id="web-alb"]').classList.contains('has-comment')`))
	run(t, boB, "bo sees the reply and the resolution live",
		waitJS(`document.querySelector('[data-testid=thread]').textContent.includes('only until the bastion is up') && document.querySelector('[data-testid=thread]').classList.contains('resolved')`))

	// ana asks for a review of the changes since version 1; bo approves;
	// the design shows it.
	run(t, anaB, "ana asks for a review since v1",
		chromedp.Click(css(`[data-testid=tab-history]`)),
		chromedp.WaitVisible(css(`[data-testid=review-since-1]`)),
		chromedp.Click(css(`[data-testid=review-since-1]`)))
	run(t, anaB, "the review is open", chromedp.WaitVisible(css(`[data-testid=review-state][data-state=open]`)))
	run(t, boB, "bo approves",
		chromedp.Navigate(w.base+"/designs/"+info.ID),
		chromedp.WaitVisible(css(`[data-testid=approve]`)),
		// (the header is crowded: a click by script, not at a point)
		chromedp.Evaluate[chromedp.Void](`setTimeout(() => document.querySelector('[data-testid=approve]').click(), 0)`))
	run(t, boB, "bo's page shows it approved", chromedp.WaitVisible(css(`[data-testid=review-state][data-state=approved]`)))
	run(t, anaB, "ana sees it approved",
		chromedp.Navigate(w.base+"/designs/"+info.ID),
		waitJS(`document.querySelector('[data-testid=review-state]').dataset.state === 'approved' && document.querySelector('[data-testid=review-state]').textContent.includes('bo@example.com')`),
		waitJS(`document.querySelector('[data-testid=approve]') === null`)) // not for the one who asked
	shot(t, anaB, "review")
}

// shotAction is shot as a step of run.
func shotAction(t *testing.T, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		shot(t, ctx, name)
		return chromedp.Void{}, nil
	})
}
