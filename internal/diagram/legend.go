package diagram

import (
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// PictureDOT returns the DOT of view v of d drawn as a picture to export:
// the DOT of the view with a legend of what it draws (PictureDOT reads the
// kinds, colours and edge styles from the view's own graph, so the legend
// follows the drawing), and, for a PNG, a bound on its size. It is as
// deterministic as DOT.
//
// The legend is a cluster with id "_legend" and class "legend"; each of
// its entries has an id starting with "_legend/" and class "legend-entry".
func PictureDOT(d *design.Design, v View, f Format) []byte {
	g := viewGraph(newIndex(d), v)
	addLegend(g)
	if f == FormatPNG {
		// 144 dots per inch (crisp on a HiDPI screen), at most pngMaxInches
		// on a side: Graphviz
		// scales a larger drawing down to fit.
		g.set("dpi", "144")
		g.set("size", pngMaxInches+","+pngMaxInches)
	}
	return g.dot()
}

// pngMaxInches bounds a side of a PNG picture: 53 inches at 144 dpi are
// 7,632 pixels, 233 MB of RGBA at most while it is drawn.
const pngMaxInches = "53"

// legendRow is the most entries the legend lays out side by side.
const legendRow = 6

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
	take := func(attrs []attr, look []string, into *[]legendKey) {
		cls := legendClass(get(attrs, "class"))
		if cls == "" || seen[cls] || get(attrs, "style") == "invis" {
			return
		}
		seen[cls] = true
		var la []attr
		for _, k := range look {
			if v := get(attrs, k); v != "" {
				la = append(la, a(k, v))
			}
		}
		*into = append(*into, legendKey{class: cls, text: legendText(cls), attrs: la})
	}
	var clusters func(c *cluster)
	clusters = func(c *cluster) {
		for _, s := range c.clusters {
			take(s.attrs, boxLook, &boxes)
			clusters(s)
		}
	}
	clusters(&g.body)
	var nodes func(c *cluster)
	nodes = func(c *cluster) {
		for _, n := range c.nodes {
			take(n.attrs, boxLook, &boxes)
		}
		for _, s := range c.clusters {
			nodes(s)
		}
	}
	nodes(&g.body)
	for _, e := range g.edges {
		take(e.attrs, edgeLook, &lines)
	}
	if len(boxes)+len(lines) == 0 {
		return
	}

	l := newLabel()
	l.b.WriteString(`<TR><TD ALIGN="LEFT"><B>Legend</B></TD></TR>`)
	c := &cluster{name: "cluster__legend", attrs: []attr{
		a("id", "_legend"), a("class", "legend"), h("label", l), a("tooltip", "legend"),
		a("style", "rounded"), a("color", colorMuted), a("fillcolor", "none"),
		a("penwidth", "1"), a("margin", "8"), a("labeljust", "l"),
	}}
	var firsts []string // the first node of each row, chained so that rows stack
	row := func(i int) bool { return i%legendRow == 0 }
	for i, k := range boxes {
		id := "_legend/" + k.class
		attrs := append([]attr{a("id", id), a("class", "legend-entry"), a("label", k.text), a("tooltip", k.text)}, k.attrs...)
		c.add(&node{name: id, attrs: attrs})
		if row(i) {
			firsts = append(firsts, id)
		}
	}
	var pairs []string
	for i, k := range lines {
		id := "_legend/" + k.class
		from, to := id+"/from", id
		c.add(&node{name: from, attrs: []attr{a("id", from), a("class", "legend-entry"), a("shape", "point"),
			a("width", "0.05"), a("label", ""), a("tooltip", k.text)}})
		c.add(&node{name: to, attrs: []attr{a("id", to), a("class", "legend-entry"), a("shape", "plaintext"),
			a("style", ""), a("label", k.text), a("tooltip", k.text)}})
		attrs := append([]attr{a("id", id+"/line"), a("class", "legend-entry"), a("tooltip", k.text), a("minlen", "2")}, k.attrs...)
		g.edges = append(g.edges, &edge{from: from, to: to, attrs: attrs})
		pairs = append(pairs, from, to)
		if row(i) {
			firsts = append(firsts, from)
		}
		if (i+1)%legendRow == 0 || i == len(lines)-1 {
			c.ranks = append(c.ranks, pairs)
			pairs = nil
		}
	}
	for i := 1; i < len(firsts); i++ {
		g.edges = append(g.edges, &edge{from: firsts[i-1], to: firsts[i], attrs: []attr{a("style", "invis")}})
	}
	g.body.clusters = append([]*cluster{c}, g.body.clusters...)
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
	for i := len(fs) - 1; i >= 0; i-- {
		switch c := fs[i]; {
		case c == "res" || c == "view" || c == "legend" || c == "legend-entry" || c == "part" || c == "route-tables":
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
