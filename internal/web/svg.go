package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// The diagram's SVG goes into the page as markup, so it is sanitised
// first, whatever made it: only the elements and attributes Graphviz
// writes for a diagram pass (no script, no foreignObject, no event
// handlers, no links other than fragment links), and text is re-escaped.
// Graphviz's tooltips (xlink:title) become <title> children of their
// anchors (writeTitle).
// Names and tags are escaped by the DOT writer already; this is the second
// wall.
var svgElements = map[string]bool{
	"svg": true, "g": true, "title": true, "text": true, "path": true, "polygon": true, "polyline": true,
	"ellipse": true, "circle": true, "rect": true, "line": true, "defs": true, "a": true, "tspan": true,
}

var svgAttrs = map[string]bool{
	"id": true, "class": true, "width": true, "height": true, "viewBox": true, "transform": true,
	"fill": true, "stroke": true, "stroke-width": true, "stroke-dasharray": true, "stroke-opacity": true, "fill-opacity": true,
	"points": true, "d": true, "cx": true, "cy": true, "rx": true, "ry": true, "r": true, "x": true, "y": true,
	"x1": true, "y1": true, "x2": true, "y2": true, "text-anchor": true, "font-family": true, "font-size": true,
	"font-weight": true, "font-style": true, "preserveAspectRatio": true, "xmlns": true, "opacity": true,
	"title": true, "baseline-shift": true, "text-decoration": true,
}

// sanitizeSVG returns the <svg> element of a Graphviz SVG document with
// everything not on the lists above dropped.
func sanitizeSVG(in []byte) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(in))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	var b strings.Builder
	b.Grow(len(in))
	skip := 0 // depth inside a dropped element
	seenSVG := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("diagram SVG: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if skip > 0 || !svgElements[name] {
				skip++
				continue
			}
			seenSVG = seenSVG || name == "svg"
			b.WriteByte('<')
			b.WriteString(name)
			tooltip := ""
			for _, a := range t.Attr {
				key := a.Name.Local
				if a.Name.Space == xlinkNS && key == "title" {
					tooltip = a.Value
					continue
				}
				if a.Name.Space == xlinkNS || key == "href" {
					// Graphviz writes xlink:href for URL and for anchors: keep
					// only fragment links, as plain anchors.
					if strings.HasPrefix(a.Value, "#") {
						writeAttr(&b, "href", a.Value)
					}
					continue
				}
				if !svgAttrs[key] || a.Name.Space != "" || key == "xmlns" {
					continue
				}
				writeAttr(&b, key, a.Value)
			}
			if name == "svg" {
				writeAttr(&b, "xmlns", "http://www.w3.org/2000/svg")
			}
			b.WriteByte('>')
			if tooltip != "" {
				writeTitle(&b, tooltip)
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			b.WriteString("</" + t.Name.Local + ">")
		case xml.CharData:
			if skip == 0 {
				xml.EscapeText(&b, t)
			}
		}
	}
	if !seenSVG {
		return "", fmt.Errorf("diagram SVG: no svg element")
	}
	return b.String(), nil
}

// xlinkNS is the namespace of Graphviz's xlink:href and xlink:title.
const xlinkNS = "http://www.w3.org/1999/xlink"

// writeTitle writes the tooltip Graphviz gives an element (xlink:title on
// the anchor it wraps around the element's shapes) as the anchor's first
// child, a <title>: what browsers show on hover, and what screen readers
// read as the element's name, in the page as in an SVG file (an attribute
// would be neither). Its text is escaped like any other.
func writeTitle(b *strings.Builder, tooltip string) {
	b.WriteString("<title>")
	xml.EscapeText(b, []byte(tooltip))
	b.WriteString("</title>")
}

func writeAttr(b *strings.Builder, k, v string) {
	b.WriteByte(' ')
	b.WriteString(k)
	b.WriteString(`="`)
	xml.EscapeText(b, []byte(v))
	b.WriteByte('"')
}
