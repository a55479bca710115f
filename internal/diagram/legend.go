package diagram

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// PictureDOT returns the DOT of view v of d drawn as a picture to export:
// the DOT of the view, titled with the design's name, with a legend of
// what it draws (read from the view's own graph: kinds, colours and edge
// styles, so that the legend follows the drawing), and, for a PNG, a
// bound on its size. It is as deterministic as DOT.
//
// The legend is a node with id "_legend" and class "legend": a table of
// swatches and names.
func PictureDOT(d *design.Design, v View, f Format) []byte {
	g := viewGraph(newIndex(d), v)
	addLegend(g)
	if name := clean(d.Name, maxTitle); name != "" && get(g.attrs, "label") == "" {
		l := newLabel()
		l.row(`<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="16"><B>` + esc(name) + `</B></FONT></TD></TR>`)
		g.attrs = append(g.attrs, h("label", l), a("labelloc", "t"), a("labeljust", "l"))
	}
	if f == FormatPNG {
		// At most pngMaxInches on a side: Graphviz scales a larger drawing
		// down to fit.
		g.set("size", pngMaxInches+","+pngMaxInches)
	}
	return g.dot()
}

// pngMaxInches bounds a side of a PNG picture: 53 inches, drawn at 144
// dpi, are 7,632 pixels, 233 MB of RGBA at most while it is drawn.
const pngMaxInches = "53"

// maxTitle bounds the title of a picture, in characters.
const maxTitle = 160

// legendRow is the most entries the legend lays out side by side.
const legendRow = 3

// legendKey is one entry of the legend: the class it stands for, what it
// is, and the attributes it is drawn with.
type legendKey struct {
	class, text string
	attrs       []attr
}

// The attributes of a drawn element the legend copies: its look.
var (
	boxLook  = []string{"shape", "style", "color", "fillcolor", "penwidth"}
	edgeLook = []string{"color", "style", "penwidth", "arrowhead", "arrowtail", "dir"}
)

// addLegend adds the legend of g to g, first in its body: an entry per
// class of cluster, node and edge drawn, in the order they are first
// drawn, clusters first, then nodes, then edges.
func addLegend(g *graph) {
	seen := map[string]bool{}
	var boxes, lines []legendKey
	// take notes the look of an element of attributes attrs, those it
	// does not set taken from defaults.
	take := func(attrs, defaults []attr, look []string, into *[]legendKey) {
		cls := legendClass(get(attrs, "class"))
		if cls == "" || seen[cls] || get(attrs, "style") == "invis" {
			return
		}
		seen[cls] = true
		var la []attr
		for _, k := range look {
			if v := cmp.Or(get(attrs, k), get(defaults, k)); v != "" {
				la = append(la, a(k, v))
			}
		}
		*into = append(*into, legendKey{class: cls, text: legendText(cls), attrs: la})
	}
	var clusters func(c *cluster)
	clusters = func(c *cluster) {
		for _, s := range c.clusters {
			take(s.attrs, nil, boxLook, &boxes)
			clusters(s)
		}
	}
	clusters(&g.body)
	var nodes func(c *cluster)
	nodes = func(c *cluster) {
		for _, n := range c.nodes {
			take(n.attrs, g.nodeAttrs, boxLook, &boxes)
		}
		for _, s := range c.clusters {
			nodes(s)
		}
	}
	nodes(&g.body)
	for _, e := range g.edges {
		take(e.attrs, g.edgeAttrs, edgeLook, &lines)
	}
	if len(boxes)+len(lines) == 0 {
		return
	}

	g.body.nodes = append([]*node{{name: "_legend", attrs: []attr{
		a("id", "_legend"), a("class", "legend"), a("shape", "plaintext"), a("style", ""),
		a("margin", "0"), a("tooltip", "legend"), {key: "label", value: legendTable(boxes, lines), html: true},
	}}}, g.body.nodes...)
}

// legendTable is the legend's HTML-like label: a titled, rounded table of
// legendRow entries a row, each a swatch drawn like the element (a box in
// its outline and fill, a line in its colour and style) and its name. A
func legendTable(boxes, lines []legendKey) string {
	var b strings.Builder
	b.WriteString(`<TABLE BORDER="1" STYLE="ROUNDED" COLOR="` + colorMuted + `" CELLBORDER="0" CELLSPACING="4" CELLPADDING="2" BGCOLOR="#FFFFFF">`)
	b.WriteString(`<TR><TD ALIGN="LEFT" COLSPAN="` + strconv.Itoa(2*legendRow) + `"><B>Legend</B></TD></TR>`)
	entries := append(append([]legendKey(nil), boxes...), lines...)
	for i, k := range entries {
		if i%legendRow == 0 {
			b.WriteString("<TR>")
		}
		b.WriteString(`<TD FIXEDSIZE="TRUE" WIDTH="30" HEIGHT="14"`)
		color, fill, style := get(k.attrs, "color"), get(k.attrs, "fillcolor"), get(k.attrs, "style")
		if i < len(boxes) {
			b.WriteString(` BORDER="` + legendPen(get(k.attrs, "penwidth")) + `"`)
			if fill != "" && fill != "none" && strings.Contains(style, "filled") || fill != "" && fill != "none" && color != "" {
				b.WriteString(` BGCOLOR="` + esc(fill) + `"`)
			}
		} else {
			b.WriteString(` BORDER="` + legendPen(get(k.attrs, "penwidth")) + `" SIDES="B"`)
		}
		if color != "" {
			b.WriteString(` COLOR="` + esc(color) + `"`)
		}
		switch {
		case strings.Contains(style, "dashed"):
			b.WriteString(` STYLE="DASHED"`)
		case strings.Contains(style, "dotted"):
			b.WriteString(` STYLE="DOTTED"`)
		case strings.Contains(style, "rounded") && i < len(boxes):
			b.WriteString(` STYLE="ROUNDED"`)
		}
		b.WriteString(`></TD><TD ALIGN="LEFT">`)
		b.WriteString(esc(k.text))
		b.WriteString(`</TD>`)
		if i%legendRow == legendRow-1 || i == len(entries)-1 {
			b.WriteString("</TR>")
		}
	}
	b.WriteString("</TABLE>")
	return b.String()
}

// legendPen is the border width of a legend swatch for a pen width: 1 or
// 2.
func legendPen(w string) string {
	if f, err := strconv.ParseFloat(w, 64); err == nil && f >= 1.5 {
		return "2"
	}
	return "1"
}

// get returns the value of attribute key, or "".
func get(attrs []attr, key string) string {
	for _, x := range attrs {
		if x.key == key {
			return x.value
		}
	}
	return ""
}

// legendClass returns the class of an element the legend names it by: its
// most specific class ("subnet-public" of "res kind-subnet subnet-public"),
// or "" for an element the legend leaves out.
func legendClass(class string) string {
	fs := strings.Fields(class)
	if slices.Contains(fs, "part") {
		return "part"
	}
	for i := len(fs) - 1; i >= 0; i-- {
		switch c := fs[i]; {
		case c == "res" || c == "view" || c == "legend" || c == "route-tables":
		case validID(c):
			return c
		}
	}
	return ""
}

// validID reports whether s can stand in a legend element's id: the
// classes the diagram writes are lower-case words and dashes.
func validID(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return s != ""
}

// legendText says in words what elements of class cls are.
func legendText(cls string) string {
	switch {
	case cls == "part":
		return "another interface of a resource"
	case cls == "az":
		return "availability zone"
	case cls == "subnet-public":
		return "public subnet"
	case cls == "subnet-private":
		return "private subnet"
	case cls == "vpc-peer":
		return "peered VPC"
	case strings.HasPrefix(cls, "kind-"):
		return words(strings.TrimPrefix(cls, "kind-"))
	case strings.HasPrefix(cls, "workload-"):
		return "workload: " + words(strings.TrimPrefix(cls, "workload-"))
	case strings.HasPrefix(cls, "endpoint-"):
		return words(strings.TrimPrefix(cls, "endpoint-")) + " endpoint"
	case strings.HasPrefix(cls, "edge-"):
		return words(strings.TrimPrefix(cls, "edge-"))
	}
	return words(cls)
}

// words turns a dashed class into words, AWS's acronyms in capitals.
func words(s string) string {
	fs := strings.Split(s, "-")
	for i, w := range fs {
		switch w {
		case "vpc", "nat", "tgw", "acl", "lb", "alb", "nlb", "ec2", "rds", "eni", "igw", "eks", "ecs":
			fs[i] = strings.ToUpper(w)
		}
	}
	return strings.Join(fs, " ")
}
