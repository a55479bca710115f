package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/web"
)

// smallestLabel is the on-screen size, in CSS px, of the smallest label of
// the diagram that shows in the viewport: each text's font size in the
// SVG's units times the scale from those units to the screen.
const smallestLabel = `(() => {
	const vp = document.querySelector('.viewport').getBoundingClientRect();
	let least = Infinity, n = 0;
	for (const t of document.querySelectorAll('#stage svg text')) {
		const r = t.getBoundingClientRect();
		if (r.right < vp.left || r.left > vp.right || r.bottom < vp.top || r.top > vp.bottom || !t.textContent.trim()) continue;
		const m = t.getScreenCTM();
		const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
		least = Math.min(least, px);
		n++;
	}
	return n ? least : -1;
})()`

// The designer opens every design at a zoom where the diagram's labels
// are readable (10 CSS px or more): the three examples, and the overview
// of the 50-VPC generated design and one of its VPCs. Screenshots of them
// go to docs/screenshots with -screenshots.
func TestDiagramLabelsReadableAtDefaultZoom(t *testing.T) {
	w := newWorld(t, web.Options{Renderer: renderer(t)})
	_, team := w.account("ana@example.com", "", 0)
	ctx := browser(t)
	signInBrowser(t, ctx, w.base, "ana@example.com")
	generated := w.storeGenerated(team, designtest.Base)
	for _, tt := range []struct{ name, id, view string }{
		{"three-tier", w.storeDesign(team, "three-tier"), ""},
		{"hub-and-spoke", w.storeDesign(team, "hub-and-spoke"), ""},
		{"peered-s3", w.storeDesign(team, "peered-s3"), ""},
		{"generated-overview", generated, ""},
		{"generated-vpc7", generated, "vpc:vpc7"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			url := w.base + "/designs/" + tt.id
			if tt.view != "" {
				url += "?view=" + tt.view
			}
			run(t, ctx, "open "+tt.name, chromedp.Navigate(url), waitJS(`document.querySelector('#stage svg text') !== null && document.querySelector('#stage').style.transform !== ''`))
			px := value(t, ctx, "measure the labels", chromedp.Evaluate[float64](smallestLabel))
			if px < 9.99 {
				t.Errorf("%s: the smallest label on screen is %.1f CSS px at the default zoom; want 10 or more", tt.name, px)
			}
			shot(t, ctx, "diagram-"+tt.name)
		})
	}
}

// storeGenerated stores a generated design of team, without a request.
func (w *world) storeGenerated(team string, s designtest.Size) string {
	w.t.Helper()
	info, err := w.store.CreateDesign(context.Background(), team, designtest.Generate(s), "test")
	if err != nil {
		w.t.Fatal(err)
	}
	return info.ID
}
