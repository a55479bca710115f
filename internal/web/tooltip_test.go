package web_test

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/web"
)

// hostileName is markup and quotes, as a design's and resources' name.
const hostileName = `<script>alert(1)</script>"'&{}|<b>x</b>`

// hostileTooltipDesign is a design named hostileName with a VPC "v" and a
// subnet "s" named so too.
func hostileTooltipDesign() string {
	return `{"format":1,"name":` + jsonString(hostileName) + `,"region":"us-east-1",
	  "vpcs":{"v":{"tags":{"Name":` + jsonString(hostileName) + `},"cidr":"10.0.0.0/16"}},
	  "subnets":{"s":{"vpc":"v","az":"us-east-1a","cidr":"10.0.1.0/24","tags":{"Name":` + jsonString(hostileName) + `}}}}`
}

// svgTitles reads the diagram of a page: for each element with an id,
// the text of the <title> of the anchor Graphviz wraps around its shapes
// (the tooltip); an attribute that still carries a tooltip is an error.
func svgTitles(t *testing.T, page string) map[string]string {
	t.Helper()
	start, end := strings.Index(page, "<svg"), strings.LastIndex(page, "</svg>")
	if start < 0 || end < 0 {
		t.Fatalf("the page has no diagram")
	}
	dec := xml.NewDecoder(strings.NewReader(page[start : end+len("</svg>")]))
	titles := map[string]string{}
	var ids []string // the id of each open element ("" for none)
	owner := ""      // the element whose anchor's title is being read
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return titles
		}
		if err != nil {
			t.Fatalf("the diagram is not XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			id := ""
			for _, a := range e.Attr {
				if a.Name.Local == "id" {
					id = a.Value
				}
				if strings.Contains(a.Name.Local, "title") {
					t.Errorf("attribute %s=%q: tooltips belong in <title> elements", a.Name.Local, a.Value)
				}
			}
			ids = append(ids, id)
			if e.Name.Local == "title" && len(ids) >= 4 && ids[len(ids)-2] == "" && strings.HasPrefix(ids[len(ids)-3], "_a/") {
				owner = ids[len(ids)-4] // <g id=x><g id=_a/x><a><title>
				text.Reset()
			}
		case xml.CharData:
			if owner != "" {
				text.Write(e)
			}
		case xml.EndElement:
			ids = ids[:len(ids)-1]
			if owner != "" && e.Name.Local == "title" {
				if _, seen := titles[owner]; !seen {
					titles[owner] = text.String()
				}
				owner = ""
			}
		}
	}
}

// The diagram in the page gives each resource its tooltip (kind, ID,
// name, CIDR) as the <title> of the anchor around its shapes, escaped:
// hostile names stay text.
func TestDiagramNodesHaveTitles(t *testing.T) {
	w := newWorld(t, web.Options{Renderer: renderer(t)})
	ana, team := w.account("ana@example.com", "", 0)
	c := w.api(w.token(ana, team, auth.Owner))
	id := c.create(hostileTooltipDesign())
	r := c.get("/designs/" + id)
	if r.status != 200 {
		t.Fatalf("GET the page = %d", r.status)
	}
	page := string(r.body)
	if strings.Contains(page, "<script>alert") || strings.Contains(page, "<b>x</b>") {
		t.Error("the page has the hostile markup unescaped")
	}
	titles := svgTitles(t, page)
	for _, want := range []struct{ id, first, more string }{
		{"v", hostileName + " · VPC · v", "IPv4: 10.0.0.0/16"},
		{"s", hostileName + " · subnet · s", "10.0.1.0/24"},
	} {
		got, ok := titles[want.id]
		if !ok {
			t.Errorf("%s has no title; titles: %q", want.id, titles)
			continue
		}
		first, rest, _ := strings.Cut(got, "\n")
		if first != want.first || !strings.Contains(rest, want.more) {
			t.Errorf("%s's title = %q; want %q then %q", want.id, got, want.first, want.more)
		}
	}
}
