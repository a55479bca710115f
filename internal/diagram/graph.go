package diagram

import (
	"bytes"
	"cmp"
	"strings"
)

// graph is a diagram before it is written as DOT: clusters, nodes and
// edges in the order they are written, which the builders make
// deterministic by adding them in ID order.
type graph struct {
	attrs []attr
	// nodeAttrs and edgeAttrs are the defaults of every node and edge.
	nodeAttrs, edgeAttrs []attr
	body                 cluster // the root: its nodes, clusters and rank groups
	edges                []*edge
	// comments are written at the top; they hold IDs and counts only,
	// never user text.
	comments []string
	nodes    int // nodes added, helpers included
}

// cluster is a subgraph drawn as a box.
type cluster struct {
	name     string // the subgraph name, "cluster_..."
	attrs    []attr
	nodes    []*node
	clusters []*cluster
	// ranks are groups of node names laid out on one rank.
	ranks [][]string
}

// node is one node statement.
type node struct {
	name  string
	attrs []attr
}

// edge is one edge statement.
type edge struct {
	from, to string
	attrs    []attr
}

// attr is one attribute: a quoted DOT string, or an HTML-like label
// written between < and > as is (its builder escaped the text).
type attr struct {
	key, value string
	html       bool
}

// a returns a string attribute.
func a(key, value string) attr { return attr{key: key, value: value} }

// h returns an HTML-like label attribute.
func h(key string, l *label) attr { return attr{key: key, value: l.String(), html: true} }

// newGraph returns an empty graph with the attributes every view shares:
// Helvetica everywhere (the only metrics Graphviz has in WebAssembly,
// docs/graphviz.md hazard 8), compound edges, edges under nodes.
func newGraph(id, rankdir string) *graph {
	return &graph{
		attrs: []attr{a("id", id), a("class", "view"), a("fontname", "Helvetica"), a("fontsize", "10"),
			a("rankdir", rankdir), a("compound", "true"), a("nodesep", "0.25"), a("ranksep", "0.4"),
			a("pad", "0.2"), a("outputorder", "edgesfirst")},
		nodeAttrs: []attr{a("fontname", "Helvetica"), a("fontsize", "10"), a("shape", "box"),
			a("style", "rounded,filled"), a("fillcolor", "#FFFFFF"), a("color", colorNetwork),
			a("margin", "0.1,0.04")},
		edgeAttrs: []attr{a("fontname", "Helvetica"), a("fontsize", "9"), a("color", colorMuted),
			a("arrowsize", "0.7")},
	}
}

// set sets a graph attribute.
func (g *graph) set(key, value string) {
	for i := range g.attrs {
		if g.attrs[i].key == key {
			g.attrs[i].value = value
			return
		}
	}
	g.attrs = append(g.attrs, a(key, value))
}

// look is how a cluster is drawn.
type look struct {
	style, color, fill, penwidth, margin string
}

// newCluster returns the cluster of id. It sets every attribute a cluster
// would otherwise inherit from the one it is in (tooltip, style, colours,
// pen width, margin): Graphviz passes graph attributes down to subgraphs.
func newCluster(id, class string, l *label, tooltip string, k look) *cluster {
	fill := cmp.Or(k.fill, "none")
	return &cluster{name: "cluster_" + id, attrs: []attr{
		a("id", id), a("class", class), h("label", l), a("tooltip", tooltip),
		a("style", k.style), a("color", k.color), a("fillcolor", fill),
		a("penwidth", cmp.Or(k.penwidth, "1")), a("margin", cmp.Or(k.margin, "8")), a("labeljust", "l"),
	}}
}

func (c *cluster) add(n *node) *node {
	c.nodes = append(c.nodes, n)
	return n
}

func (c *cluster) sub(s *cluster) *cluster {
	c.clusters = append(c.clusters, s)
	return s
}

// count returns the number of nodes under c, sub-clusters included.
func (c *cluster) count() int {
	n := len(c.nodes)
	for _, s := range c.clusters {
		n += s.count()
	}
	return n
}

// dot writes g as DOT.
func (g *graph) dot() []byte {
	var b bytes.Buffer
	b.Grow(512 + 600*g.body.count() + 200*len(g.edges))
	b.WriteString("digraph \"vpcboard\" {\n")
	for _, c := range g.comments {
		b.WriteString("\t// ")
		b.WriteString(c)
		b.WriteByte('\n')
	}
	writeAttrStmt(&b, "\t", "graph", g.attrs)
	writeAttrStmt(&b, "\t", "node", g.nodeAttrs)
	writeAttrStmt(&b, "\t", "edge", g.edgeAttrs)
	writeBody(&b, "\t", &g.body)
	for _, e := range g.edges {
		b.WriteByte('\t')
		writeQuoted(&b, e.from)
		b.WriteString(" -> ")
		writeQuoted(&b, e.to)
		writeAttrList(&b, e.attrs)
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	return b.Bytes()
}

func writeBody(b *bytes.Buffer, indent string, c *cluster) {
	for _, n := range c.nodes {
		b.WriteString(indent)
		writeQuoted(b, n.name)
		writeAttrList(b, n.attrs)
		b.WriteByte('\n')
	}
	for _, s := range c.clusters {
		b.WriteString(indent)
		b.WriteString("subgraph ")
		writeQuoted(b, s.name)
		b.WriteString(" {\n")
		writeAttrStmt(b, indent+"\t", "graph", s.attrs)
		writeBody(b, indent+"\t", s)
		b.WriteString(indent)
		b.WriteString("}\n")
	}
	for _, r := range c.ranks {
		b.WriteString(indent)
		b.WriteString("{ rank=same;")
		for _, name := range r {
			b.WriteByte(' ')
			writeQuoted(b, name)
			b.WriteByte(';')
		}
		b.WriteString(" }\n")
	}
}

func writeAttrStmt(b *bytes.Buffer, indent, kind string, attrs []attr) {
	if len(attrs) == 0 {
		return
	}
	b.WriteString(indent)
	b.WriteString(kind)
	writeAttrList(b, attrs)
	b.WriteByte('\n')
}

func writeAttrList(b *bytes.Buffer, attrs []attr) {
	if len(attrs) == 0 {
		return
	}
	b.WriteString(" [")
	for i, a := range attrs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(a.key)
		b.WriteByte('=')
		if a.html {
			b.WriteByte('<')
			b.WriteString(a.value)
			b.WriteByte('>')
		} else {
			writeQuoted(b, a.value)
		}
	}
	b.WriteByte(']')
}

// writeQuoted writes s as a quoted DOT string. Graphviz reads \" as a
// quote and, in the escString attributes that hold user text (label,
// tooltip, id), \\ as a backslash and \n as a line break; other control
// characters were removed by clean.
func writeQuoted(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	if !strings.ContainsAny(s, "\"\\\n") {
		b.WriteString(s)
	} else {
		for i := 0; i < len(s); i++ {
			switch c := s[i]; c {
			case '"', '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\n':
				b.WriteString(`\n`)
			default:
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
}
