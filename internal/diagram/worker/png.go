package worker

import (
	"bytes"
	"context"
	"fmt"

	"github.com/fogleman/gg"
	"github.com/goccy/go-graphviz/gvc"
	"golang.org/x/image/font"
)

// pngEngine draws a laid-out graph as a PNG. It replaces go-graphviz's
// own PNG renderer, which fills a filled shape without outlining it (so
// that clusters and nodes lose their borders), draws pen widths unscaled
// and draws text at the Go font's width instead of the width Graphviz laid
// it out at. Here a filled shape is filled, then outlined in its pen
// colour; lines and dashes scale with the picture; each text span is
// fitted to its laid-out width. It loads no images: the worker's PNGs
// draw only shapes and text.
type pngEngine struct {
	*gvc.DefaultRenderEngine
	dc *gg.Context
}

// newPNGPlugin returns the render plugin of PNG, drawn by a pngEngine.
func newPNGPlugin(ctx context.Context) (*gvc.RenderPlugin, error) {
	return gvc.NewRenderPlugin(ctx, "png", &pngEngine{DefaultRenderEngine: new(gvc.DefaultRenderEngine)},
		gvc.WithRenderFeatures(gvc.RenderYGoesDown, gvc.RenderDoesTransform),
		gvc.WithRenderColorType(gvc.RGBAByte), gvc.WithRenderPAD(4))
}

func (e *pngEngine) x(job *gvc.Job, v float64) float64 { return job.Scale().X() * v }
func (e *pngEngine) y(job *gvc.Job, v float64) float64 { return job.Scale().Y() * v }

// BeginPage starts a white page of the job's size.
func (e *pngEngine) BeginPage(_ context.Context, job *gvc.Job) error {
	e.dc = gg.NewContext(int(job.Width()), int(job.Height()))
	e.dc.SetRGB(1, 1, 1)
	e.dc.Clear()
	t := job.Translation()
	e.dc.Translate(e.x(job, t.X()), e.y(job, -t.Y()))
	return nil
}

// EndPage encodes the page as the job's output.
func (e *pngEngine) EndPage(_ context.Context, job *gvc.Job) error {
	var buf bytes.Buffer
	if err := e.dc.EncodePNG(&buf); err != nil {
		return fmt.Errorf("encode PNG: %w", err)
	}
	job.SetOutputData(buf.Bytes())
	job.SetOutputDataPosition(uint(buf.Len()))
	e.dc = nil
	return nil
}

// color sets the drawing colour to c and reports whether it is visible.
func (e *pngEngine) color(c *gvc.Color) bool {
	rgba := c.RGBAUint()
	e.dc.SetRGBA255(int(rgba[0]), int(rgba[1]), int(rgba[2]), int(rgba[3]))
	return rgba[3] > 0
}

// pen sets the line width and dashes of the current object.
func (e *pngEngine) pen(job *gvc.Job) {
	o := job.Object()
	s := job.Scale().X()
	e.dc.SetLineWidth(o.PenWidth() * s)
	switch o.Pen() {
	case gvc.PenDashed:
		e.dc.SetDash(4*s, 4*s)
	case gvc.PenDotted:
		e.dc.SetDash(1*s, 3*s)
	default:
		e.dc.SetDash()
	}
}

// paint fills the current path in the fill colour when filled, then
// strokes it in the pen colour unless the pen is none.
func (e *pngEngine) paint(job *gvc.Job, filled bool) {
	o := job.Object()
	if filled && e.color(o.FillColor()) {
		e.dc.FillPreserve()
	}
	e.pen(job)
	if o.Pen() != gvc.PenNone && e.color(o.PenColor()) {
		e.dc.Stroke()
	}
	e.dc.ClearPath()
}

// Ellipse draws the ellipse of centre p[0] through corner p[1].
func (e *pngEngine) Ellipse(_ context.Context, job *gvc.Job, p []*gvc.PointFloat, filled bool) error {
	e.dc.Push()
	defer e.dc.Pop()
	e.dc.DrawEllipse(e.x(job, p[0].X()), e.y(job, -p[0].Y()), e.x(job, p[1].X()-p[0].X()), e.y(job, p[1].Y()-p[0].Y()))
	e.paint(job, filled)
	return nil
}

// Polygon draws the closed polygon through a.
func (e *pngEngine) Polygon(_ context.Context, job *gvc.Job, a []*gvc.PointFloat, filled bool) error {
	e.dc.Push()
	defer e.dc.Pop()
	e.dc.MoveTo(e.x(job, a[0].X()), e.y(job, -a[0].Y()))
	for _, p := range a[1:] {
		e.dc.LineTo(e.x(job, p.X()), e.y(job, -p.Y()))
	}
	e.dc.ClosePath()
	e.paint(job, filled)
	return nil
}

// Polyline draws the open line through a.
func (e *pngEngine) Polyline(_ context.Context, job *gvc.Job, a []*gvc.PointFloat) error {
	e.dc.Push()
	defer e.dc.Pop()
	e.dc.MoveTo(e.x(job, a[0].X()), e.y(job, -a[0].Y()))
	for _, p := range a[1:] {
		e.dc.LineTo(e.x(job, p.X()), e.y(job, -p.Y()))
	}
	e.paint(job, false)
	return nil
}

// BezierCurve draws the cubic Bézier curve of control points a.
func (e *pngEngine) BezierCurve(_ context.Context, job *gvc.Job, a []*gvc.PointFloat, filled bool) error {
	e.dc.Push()
	defer e.dc.Pop()
	e.dc.MoveTo(e.x(job, a[0].X()), e.y(job, -a[0].Y()))
	for i := 1; i+2 < len(a); i += 3 {
		e.dc.CubicTo(e.x(job, a[i].X()), e.y(job, -a[i].Y()), e.x(job, a[i+1].X()), e.y(job, -a[i+1].Y()),
			e.x(job, a[i+2].X()), e.y(job, -a[i+2].Y()))
	}
	if filled {
		e.dc.ClosePath()
	}
	e.paint(job, filled)
	return nil
}

// TextSpan draws a span of text at p in the pen colour, in a Go font
// (fontFace), squeezed or stretched to the width Graphviz laid it out at.
func (e *pngEngine) TextSpan(ctx context.Context, job *gvc.Job, p *gvc.PointFloat, span *gvc.TextSpan) error {
	e.dc.Push()
	defer e.dc.Pop()
	if !e.color(job.Object().PenColor()) {
		return nil
	}
	face, err := fontFace(ctx, job, span.Font())
	if err != nil {
		return err
	}
	want := e.x(job, span.Size().X())
	x := e.x(job, p.X())
	switch span.Just() {
	case 'r':
		x -= want
	case 'l':
	default:
		x -= want / 2
	}
	y := -e.y(job, p.Y()+span.YOffsetCenterLine()+span.YOffsetLayout())
	e.dc.SetFontFace(face)
	if w := font.MeasureString(face, span.Text()).Ceil(); w > 0 && want > 0 {
		e.dc.ScaleAbout(want/float64(w), 1, x, y)
	}
	e.dc.DrawString(span.Text(), x, y)
	return nil
}
