package worker

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/colornames"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// PNGs are drawn from the SVG Graphviz writes, not by go-graphviz's own
// PNG renderer: that one is told every shape is filled (its WebAssembly
// bridge loses the flag), so it fills edges and unfilled boxes, and it
// draws no outline around a filled shape. Graphviz's SVG uses a small,
// fixed part of SVG (one transformed group; polygons, polylines, paths of
// M and C commands, ellipses and text with a fill, stroke, width and
// dashes), which rasterize draws with fogleman/gg, already a dependency of
// go-graphviz.

// pngScale is the pixels per point of a PNG: 2, that is 144 dpi, crisp on
// a HiDPI screen and readable when printed.
const pngScale = 2

// maxPNGSide bounds the side of a PNG in pixels; DOT for a PNG bounds the
// drawing's size first (diagram.PictureDOT), so this only catches DOT
// that does not.
const maxPNGSide = 8000

// The Go fonts, sans-serif like the Helvetica whose metrics Graphviz lays
// text out with, built into the binary: a PNG looks the same on every
// machine, whatever fonts it has.
var (
	goRegular = mustParseFont(goregular.TTF)
	goBold    = mustParseFont(gobold.TTF)
)

func mustParseFont(ttf []byte) *truetype.Font {
	f, err := truetype.Parse(ttf)
	if err != nil {
		panic(fmt.Sprintf("worker: parse a Go font: %v", err))
	}
	return f
}

// errRaster reports an SVG rasterize cannot draw. Graphviz is not at
// fault: the worker reports it and goes on serving.
var errRaster = errors.New("worker: cannot draw the PNG")

// raster draws one SVG.
type raster struct {
	dc    *gg.Context
	scale float64 // pixels per SVG unit
	tx    float64 // the root group's translation, in SVG units
	ty    float64
	faces map[faceKey]font.Face
}

type faceKey struct {
	bold bool
	size float64
}

// rasterize draws a Graphviz SVG as a PNG on white, pngScale pixels a
// point.
func rasterize(svg []byte) ([]byte, error) {
	r := &raster{faces: map[faceKey]font.Face{}}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = false
	var text *xml.StartElement // the <text> being read
	var content strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: read SVG: %w", errRaster, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := r.start(t); err != nil {
				return nil, err
			}
			if t.Name.Local == "text" {
				te := t.Copy()
				text = &te
				content.Reset()
			}
		case xml.CharData:
			if text != nil {
				content.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "text" && text != nil {
				r.text(*text, content.String())
				text = nil
			}
		}
	}
	if r.dc == nil {
		return nil, fmt.Errorf("%w: SVG has no svg element", errRaster)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, r.dc.Image()); err != nil {
		return nil, fmt.Errorf("%w: encode PNG: %w", errRaster, err)
	}
	return buf.Bytes(), nil
}

// start draws an element, or sets up the page (svg) or the transform (g).
func (r *raster) start(t xml.StartElement) error {
	name := t.Name.Local
	if name == "svg" {
		w, h := points(attr(t, "width")), points(attr(t, "height"))
		pw, ph := int(math.Ceil(w*pngScale)), int(math.Ceil(h*pngScale))
		if pw <= 0 || ph <= 0 || pw > maxPNGSide || ph > maxPNGSide {
			return fmt.Errorf("%w: %dx%d pixels (at most %d a side)", errRaster, pw, ph, maxPNGSide)
		}
		r.dc = gg.NewContext(pw, ph)
		r.dc.SetColor(color.White)
		r.dc.Clear()
		r.scale = pngScale
		if vb := strings.Fields(attr(t, "viewBox")); len(vb) == 4 {
			if vw, _ := strconv.ParseFloat(vb[2], 64); vw > 0 {
				r.scale = float64(pw) / vw
			}
		}
		return nil
	}
	if r.dc == nil {
		return nil
	}
	switch name {
	case "g":
		if tr := attr(t, "transform"); tr != "" {
			r.transform(tr)
		}
	case "polygon", "polyline":
		pts := numbers(attr(t, "points"))
		if len(pts) < 4 {
			return nil
		}
		r.dc.MoveTo(r.x(pts[0]), r.y(pts[1]))
		for i := 2; i+1 < len(pts); i += 2 {
			r.dc.LineTo(r.x(pts[i]), r.y(pts[i+1]))
		}
		if name == "polygon" {
			r.dc.ClosePath()
		}
		r.paint(t, name == "polygon")
	case "path":
		r.path(attr(t, "d"))
		r.paint(t, true)
	case "ellipse":
		cx, cy := num(attr(t, "cx")), num(attr(t, "cy"))
		rx, ry := num(attr(t, "rx")), num(attr(t, "ry"))
		r.dc.DrawEllipse(r.x(cx), r.y(cy), rx*r.scale, ry*r.scale)
		r.paint(t, true)
	}
	return nil
}

// transform reads the root group's "scale(s s) rotate(0) translate(x y)".
func (r *raster) transform(tr string) {
	for _, part := range strings.SplitAfter(tr, ")") {
		name, args, ok := strings.Cut(strings.TrimSpace(part), "(")
		if !ok {
			continue
		}
		v := numbers(strings.TrimSuffix(args, ")"))
		switch {
		case name == "scale" && len(v) >= 1 && v[0] > 0:
			r.scale *= v[0]
		case name == "translate" && len(v) == 2:
			r.tx, r.ty = v[0], v[1]
		}
	}
}

func (r *raster) x(v float64) float64 { return (v + r.tx) * r.scale }
func (r *raster) y(v float64) float64 { return (v + r.ty) * r.scale }

// path adds the path data d: absolute M, L and C commands, and Z.
func (r *raster) path(d string) {
	d = strings.NewReplacer("M", " M ", "C", " C ", "L", " L ", "Z", " Z ", "z", " Z ").Replace(d)
	cmd := ""
	var args []float64
	flush := func() {
		switch cmd {
		case "M":
			for i := 0; i+1 < len(args); i += 2 {
				if i == 0 {
					r.dc.MoveTo(r.x(args[0]), r.y(args[1]))
				} else {
					r.dc.LineTo(r.x(args[i]), r.y(args[i+1]))
				}
			}
		case "L":
			for i := 0; i+1 < len(args); i += 2 {
				r.dc.LineTo(r.x(args[i]), r.y(args[i+1]))
			}
		case "C":
			for i := 0; i+5 < len(args); i += 6 {
				r.dc.CubicTo(r.x(args[i]), r.y(args[i+1]), r.x(args[i+2]), r.y(args[i+3]), r.x(args[i+4]), r.y(args[i+5]))
			}
		case "Z":
			r.dc.ClosePath()
		}
		args = args[:0]
	}
	for _, f := range strings.Fields(d) {
		switch f {
		case "M", "L", "C", "Z":
			flush()
			cmd = f
		default:
			args = append(args, numbers(f)...)
		}
	}
	flush()
}

// paint fills the current path (when it may be filled) and strokes it, as
// the element's fill, stroke, stroke-width and stroke-dasharray say.
func (r *raster) paint(t xml.StartElement, fillable bool) {
	if c, ok := paint(attr(t, "fill"), "black"); fillable && ok {
		r.dc.SetColor(c)
		r.dc.FillPreserve()
	}
	if c, ok := paint(attr(t, "stroke"), "none"); ok {
		r.dc.SetColor(c)
		w := 1.0
		if s := attr(t, "stroke-width"); s != "" {
			w = num(s)
		}
		r.dc.SetLineWidth(w * r.scale)
		var dash []float64
		for _, v := range numbers(attr(t, "stroke-dasharray")) {
			dash = append(dash, v*r.scale)
		}
		r.dc.SetDash(dash...)
		r.dc.StrokePreserve()
	}
	r.dc.ClearPath()
}

// text draws a <text> element: its content at x, y (the baseline),
// anchored as text-anchor says, in the fill colour, bold or not, at its
// font size, as wide as in Helvetica (helveticaWidth): a size a little
// larger or smaller.
func (r *raster) text(t xml.StartElement, s string) {
	c, ok := paint(attr(t, "fill"), "black")
	if !ok || strings.TrimSpace(s) == "" {
		return
	}
	size := 14.0
	if v := attr(t, "font-size"); v != "" {
		size = num(v)
	}
	bold := attr(t, "font-weight") == "bold"
	px := size * r.scale
	face := r.face(bold, px)
	r.dc.SetFontFace(face)
	r.dc.SetColor(c)
	ax := 0.0
	switch attr(t, "text-anchor") {
	case "middle":
		ax = 0.5
	case "end":
		ax = 1
	}
	x, y := r.x(num(attr(t, "x"))), r.y(num(attr(t, "y")))
	if w := float64(font.MeasureString(face, s)) / 64; w > 0 {
		// The font size at which the text is as wide as in Helvetica,
		// in quarter pixels (faces are cached by size). Scaling the size
		// rather than the drawing keeps gg on its fast path for text.
		fit := math.Round(4*px*helveticaWidth(s, bold, px, face)/w) / 4
		face = r.face(bold, fit)
		r.dc.SetFontFace(face)
	}
	r.dc.DrawStringAnchored(s, x, y, ax, 0)
}

// face returns the Go font face, bold or regular, of size pixels.
func (r *raster) face(bold bool, size float64) font.Face {
	k := faceKey{bold, size}
	if f, ok := r.faces[k]; ok {
		return f
	}
	ft := goRegular
	if bold {
		ft = goBold
	}
	f := truetype.NewFace(ft, &truetype.Options{Size: size})
	r.faces[k] = f
	return f
}

// attr returns the value of the attribute name of t, or "".
func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// paint parses an SVG paint (a colour name, #rgb or #rrggbb, "none" or
// "transparent"), def when s is empty, and reports whether it paints.
func paint(s, def string) (color.Color, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		s = def
	}
	switch {
	case s == "none" || s == "transparent":
		return nil, false
	case strings.HasPrefix(s, "#") && (len(s) == 7 || len(s) == 4):
		h := s[1:]
		if len(h) == 3 {
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		}
		v, err := strconv.ParseUint(h, 16, 32)
		if err != nil {
			return nil, false
		}
		return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}, true
	}
	c, ok := colornames.Map[s]
	if !ok {
		return color.Black, true
	}
	return c, true
}

// points parses a length in points ("1308pt"; a bare number is points).
func points(s string) float64 { return num(strings.TrimSuffix(strings.TrimSpace(s), "pt")) }

func num(s string) float64 {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0
	}
	return v
}

// numbers parses the numbers of s, separated by commas or white space.
func numbers(s string) []float64 {
	fs := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
	out := make([]float64, 0, len(fs))
	for _, f := range fs {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			continue
		}
		out = append(out, v)
	}
	return out
}
