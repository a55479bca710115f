package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/web"
)

// In the browser, hovering a resource of the diagram shows its tooltip
// (the <title> the hovered shape falls under), and its anchor's
// accessible name is that tooltip, hostile names as plain text.
func TestDiagramTooltipsInTheBrowser(t *testing.T) {
	w := newWorld(t, web.Options{Renderer: renderer(t)})
	ana, team := w.account("ana@example.com", "", 0)
	id := w.api(w.token(ana, team, auth.Owner)).create(hostileTooltipDesign())
	ctx := browser(t)
	signInBrowser(t, ctx, w.base, "ana@example.com")
	run(t, ctx, "open the design", chromedp.Navigate(w.base+"/designs/"+id),
		waitJS(`document.querySelector('#stage svg [id="s"]') !== null && `+idle))
	want := hostileName + " · subnet · s"

	// The middle of the subnet's name, as drawn.
	xy := value(t, ctx, "where the subnet's name is", chromedp.Evaluate[[]float64](`(() => {
		const r = document.querySelector('#stage svg [id="s"] a text:nth-of-type(1)').getBoundingClientRect();
		return [r.x + r.width / 2, r.y + r.height / 2];
	})()`))
	run(t, ctx, "hover the subnet", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, xy[0], xy[1]))
	// What a browser shows on hover: the <title> child of the innermost
	// hovered element that has one.
	hovered := value(t, ctx, "the hovered element's title", chromedp.Evaluate[string](`(() => {
		const hover = document.querySelectorAll(':hover');
		for (let e = hover[hover.length - 1]; e; e = e.parentElement) {
			const title = e.querySelector(':scope > title');
			if (title) return title.textContent;
		}
		return '';
	})()`))
	if first, _, _ := strings.Cut(hovered, "\n"); first != want || !strings.Contains(hovered, "10.0.1.0/24") {
		t.Errorf("hovering the subnet shows %q; want %q and its CIDR", hovered, want)
	}

	nodes := value(t, ctx, "the subnet's anchor", chromedp.Nodes(css(`#stage svg [id="s"] a`)))
	name := value(t, ctx, "the anchor's accessible name", func(ctx context.Context, tg *chromedp.Target) (string, error) {
		res, err := cdp.Call(ctx, tg, accessibility.GetPartialAXTree,
			accessibility.GetPartialAXTreeParams{BackendNodeID: nodes[0].BackendNodeID, FetchRelatives: new(false)})
		if err != nil || len(res.Nodes) == 0 || res.Nodes[0].Name == nil {
			return "", err
		}
		var s string
		return s, json.Unmarshal(res.Nodes[0].Name.Value, &s)
	})
	// Line breaks read as spaces.
	if !strings.HasPrefix(name, want+" ") || !strings.Contains(name, "10.0.1.0/24") {
		t.Errorf("the subnet's accessible name is %q; want it to start %q", name, want)
	}
}
