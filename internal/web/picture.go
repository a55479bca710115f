package web

import (
	"bytes"
	"encoding/xml"
	"errors"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/diagram"
)

// pictureStyle is the style sheet of an exported SVG: the diagram's own
// colours are attributes of its shapes; this gives it the page's font and
// a white background, so that it looks the same outside the page (in a
// wiki, an image viewer, a slide).
const pictureStyle = `svg{background:#ffffff}text{font-family:Helvetica,Arial,"Liberation Sans",sans-serif}`

// designPicture serves the picture of a design (GET
// /api/v1/designs/:id/diagram.svg and .png): the view named by ?view=
// (full, the default: the whole design; overview; vpc:<VPC ID>) of the
// current version or ?version=, with a legend, as a file named after the
// design.
func (srv *Server) designPicture(f diagram.Format) echo.HandlerFunc {
	return func(c echo.Context) error {
		info, d, err := srv.load(c)
		if err != nil {
			return err
		}
		v, err := pictureView(d, c.QueryParam("view"))
		if err != nil {
			return err
		}
		if srv.renderer == nil {
			return apiErrorf(http.StatusServiceUnavailable, "unavailable", "", "this server does not draw diagrams")
		}
		ctx := c.Request().Context()
		out, err := srv.renderer.Render(ctx, info.Team, diagram.PictureDOT(d, v, f), f)
		switch {
		case errors.Is(err, diagram.ErrBusy):
			c.Response().Header().Set("Retry-After", "5")
			return apiErrorf(http.StatusTooManyRequests, "busy", "", "your team has too many diagrams waiting to be drawn: try again in a moment")
		case errors.Is(err, diagram.ErrTooLarge):
			return apiErrorf(http.StatusUnprocessableEntity, "too_large", "view", "the %s view of this design is too large to draw: ask for view=overview or view=vpc:<VPC ID>", viewName(v))
		case err != nil:
			return err
		}
		ct := "image/png"
		if f == diagram.FormatSVG {
			ct = "image/svg+xml"
			if out, err = standaloneSVG(out, orName(info.Name)); err != nil {
				return err
			}
		}
		h := c.Response().Header()
		h.Set("X-Design-Version", strconv.FormatInt(info.Version, 10))
		h.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment",
			map[string]string{"filename": pictureName(info.Name, info.ID, v) + "." + string(f)}))
		// Opened by itself, the picture may use its own <style> and
		// nothing else: no script, no fetch, no frame.
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
		return c.Blob(http.StatusOK, ct, out)
	}
}

// pictureView parses the view parameter of a picture: "" or "full",
// "overview", or "vpc:" and the ID of a VPC of d.
func pictureView(d *design.Design, s string) (diagram.View, error) {
	switch {
	case s == "" || s == string(diagram.ViewFull):
		return diagram.View{Kind: diagram.ViewFull}, nil
	case s == string(diagram.ViewOverview):
		return diagram.View{Kind: diagram.ViewOverview}, nil
	case strings.HasPrefix(s, "vpc:"):
		id := strings.TrimPrefix(s, "vpc:")
		if d.VPCs[id] == nil {
			return diagram.View{}, badRequest("view", "view %q: the design has no VPC %q", s, id)
		}
		return diagram.View{Kind: diagram.ViewVPC, VPC: id}, nil
	}
	return diagram.View{}, badRequest("view", "view %q: want full, overview or vpc:<VPC ID>", s)
}

// breaks are escaped line breaks after a tag: between elements, or at the
// start of a text (where a line break is the same character escaped or not;
// in an attribute value, where it is not, ">" is always escaped).
var breaks = regexp.MustCompile(`>(?:&#xA;)+`)

// standaloneSVG turns a rendered SVG into a file of its own: an XML
// declaration, the sanitised <svg> element (no scripts, no links out) with
// its namespace and the tooltips as <title> elements, a <title> of the
// design's name and the style sheet.
func standaloneSVG(svg []byte, title string) ([]byte, error) {
	// A viewer of the file shows an element's <title> on hover: the
	// sanitiser makes the tooltips titles.
	clean, err := sanitizeSVG(svg)
	if err != nil {
		return nil, err
	}
	// Nothing but the declaration may come before the root element (the
	// sanitiser keeps the line breaks Graphviz writes around it, escaped),
	// and the line breaks between elements read better as line breaks.
	start := strings.Index(clean, "<svg")
	if start < 0 {
		return nil, errors.New("diagram SVG: no svg start tag")
	}
	clean = breaks.ReplaceAllStringFunc(clean[start:], func(m string) string {
		return ">" + strings.Repeat("\n", strings.Count(m, "&#xA;"))
	})
	end := strings.IndexByte(clean, '>') // of the <svg ...> start tag
	if end < 0 {
		return nil, errors.New("diagram SVG: no svg start tag")
	}
	var b bytes.Buffer
	b.Grow(len(clean) + 512)
	b.WriteString(xml.Header)
	b.WriteString(clean[:end+1])
	b.WriteString("\n<title>")
	xml.EscapeText(&b, []byte(title))
	b.WriteString("</title>\n<style>")
	b.WriteString(pictureStyle)
	b.WriteString("</style>")
	b.WriteString(clean[end+1:])
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// pictureName is the file name of a picture, without its extension: the
// design's name (or ID) and the view, in letters, digits and dashes.
func pictureName(name, id string, v diagram.View) string {
	base := slug(name)
	if base == "" {
		base = slug(id)
	}
	if base == "" {
		base = "design"
	}
	view := string(v.Kind)
	if v.Kind == diagram.ViewVPC {
		view = "vpc-" + slug(v.VPC)
	}
	return base + "-" + view
}

// slug keeps the ASCII letters and digits of s, lower-cased, with one
// dash for every run of anything else, at most 60 bytes.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			if b.Len() >= 60 {
				break
			}
			continue
		}
		dash = true
	}
	return b.String()
}
