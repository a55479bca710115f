package web_test

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/web"
)

// TestPictureAPI exports the three-tier example as SVG and PNG through
// the API: a standalone SVG (XML declaration, namespace, style, legend, no
// script) that is the same bytes every time, a PNG that decodes at a
// readable size, each a file named after the design; a view that does not
// exist is a 400 naming the parameter.
func TestPictureAPI(t *testing.T) {
	w := newWorld(t, web.Options{Renderer: renderer(t)})
	ana, team := w.account("ana@example.com", "", 0)
	c := w.api(w.token(ana, team, auth.Owner))
	id := c.create(readFile(t, "../../examples/three-tier.json"))
	base := "/api/v1/designs/" + id

	svg := c.get(base + "/diagram.svg")
	if svg.status != http.StatusOK || svg.header.Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("diagram.svg = %d %s %.300s; want 200 image/svg+xml", svg.status, svg.header.Get("Content-Type"), svg.body)
	}
	if cd := svg.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, `-full.svg`) {
		t.Errorf("Content-Disposition = %q; want an attachment named <design>-full.svg", cd)
	}
	if csp := svg.header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("the SVG's CSP is %q; want default-src 'none' and no script", csp)
	}
	body := string(svg.body)
	for _, want := range []string{`<?xml version="1.0" encoding="UTF-8"?>`, `xmlns="http://www.w3.org/2000/svg"`, "<style>", "<title>Three-tier web application in two AZs</title>", `id="_legend"`, `id="web-vpc"`, "<a><title>web-vpc · VPC&#xA;IPv4: 10.0.0.0/16"} {
		if !strings.Contains(body, want) {
			t.Errorf("SVG has no %s", want)
		}
	}
	_, legend, _ := strings.Cut(body, `id="_legend"`)
	legend, _, _ = strings.Cut(legend, "</g>\n</g>")
	for _, want := range []string{">Legend<", ">VPC<", ">public subnet<", ">private subnet<", ">NAT gateway<"} {
		if !strings.Contains(legend, want) {
			t.Errorf("the legend has no %s", want)
		}
	}
	if !strings.HasPrefix(body, "<?xml") {
		t.Errorf("SVG starts with %.40q; want the XML declaration", body)
	}
	for _, bad := range []string{"<script", "onload", "javascript:", "xlink:href"} {
		if strings.Contains(strings.ToLower(body), bad) {
			t.Errorf("SVG holds %q", bad)
		}
	}
	dec := xml.NewDecoder(bytes.NewReader(svg.body))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("SVG is not XML: %v", err)
		}
	}
	if again := c.get(base + "/diagram.svg"); !bytes.Equal(again.body, svg.body) {
		t.Error("a second diagram.svg of the same version differs")
	}

	p := c.get(base + "/diagram.png?view=vpc:web-vpc")
	if p.status != http.StatusOK || p.header.Get("Content-Type") != "image/png" {
		t.Fatalf("diagram.png = %d %s %.300s; want 200 image/png", p.status, p.header.Get("Content-Type"), p.body)
	}
	if cd := p.header.Get("Content-Disposition"); !strings.Contains(cd, "-vpc-web-vpc.png") {
		t.Errorf("Content-Disposition = %q; want a file named <design>-vpc-web-vpc.png", cd)
	}
	img, err := png.Decode(bytes.NewReader(p.body))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 300 || b.Dx() > 7632 || b.Dy() > 7632 {
		t.Errorf("PNG is %dx%d; want a readable picture within 7632 pixels a side", b.Dx(), b.Dy())
	}

	for _, q := range []string{"?view=vpc:nope", "?view=sideways"} {
		r := c.get(base + "/diagram.svg" + q)
		if code, field := r.errorOf(t); r.status != http.StatusBadRequest || code != "bad_request" || field != "view" {
			t.Errorf("diagram.svg%s = %d %s %s; want 400 bad_request naming view", q, r.status, code, field)
		}
	}
	if r := c.get(base + "/diagram.svg?view=overview"); r.status != http.StatusOK || !bytes.Contains(r.body, []byte(`id="_view/overview"`)) {
		t.Errorf("diagram.svg?view=overview = %d; want the overview", r.status)
	}
}
