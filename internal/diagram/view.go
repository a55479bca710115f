package diagram

import (
	"github.com/vpcboard/vpcboard/internal/design"
)

// ViewKind is the kind of a View.
type ViewKind string

// The view kinds.
const (
	// ViewFull draws every VPC in detail.
	ViewFull ViewKind = "full"
	// ViewOverview draws one node per VPC and what connects them.
	ViewOverview ViewKind = "overview"
	// ViewVPC draws one VPC in detail, with what it connects to.
	ViewVPC ViewKind = "vpc"
)

// View selects what a diagram shows.
type View struct {
	Kind ViewKind
	VPC  string // the VPC of a ViewVPC
}

// ID returns the id of the view's SVG root element: "_view/full",
// "_view/overview" or "_view/vpc/<VPC ID>".
func (v View) ID() string {
	if v.Kind == ViewVPC {
		return "_view/vpc/" + v.VPC
	}
	return "_view/" + string(v.Kind)
}

// The largest design Views offers in full. A full view of 4 VPCs and 150
// nodes is about as much as a screen shows readably (at a zoom where labels
// are legible, a 4-VPC, 3-AZ picture is already several screens wide) and
// lays out in about 60 ms; past that, the overview and per-VPC views read
// better and render faster.
const (
	fullMaxVPCs  = 4
	fullMaxNodes = 150
)

// Views returns the views the designer offers for d: first ViewFull when
// d is small enough to read in full (at most 4 VPCs and 150 nodes), else
// ViewOverview; then one ViewVPC per VPC, in natural order (vpc2 before
// vpc10), so that every design can be read one VPC at a time.
func Views(d *design.Design) []View {
	x := newIndex(d)
	views := make([]View, 0, 1+len(x.vpcs))
	if len(x.vpcs) <= fullMaxVPCs && detailGraph(x, x.vpcs, View{Kind: ViewFull}.ID(), true).nodes <= fullMaxNodes {
		views = append(views, View{Kind: ViewFull})
	} else {
		views = append(views, View{Kind: ViewOverview})
	}
	for _, v := range x.vpcs {
		views = append(views, View{Kind: ViewVPC, VPC: v})
	}
	return views
}

// DOT returns the Graphviz DOT of view v of d. It is deterministic: the
// same design gives the same bytes whatever the order its maps were filled
// in, everything being written by ID. A ViewVPC of a VPC that d does not
// have, or a view of an unknown kind, is a diagram that says so.
//
// Every resource drawn carries its design ID as the id of its SVG element
// and "res kind-<kind>" as its class; the package documentation lists the
// ids and classes of the other elements.
func DOT(d *design.Design, v View) []byte {
	return viewGraph(newIndex(d), v).dot()
}

// viewGraph returns the graph of view v of the design of x.
func viewGraph(x *index, v View) *graph {
	switch {
	case v.Kind == ViewFull:
		return detailGraph(x, x.vpcs, v.ID(), true)
	case v.Kind == ViewOverview:
		return overviewGraph(x, v.ID())
	case v.Kind == ViewVPC && x.d.VPCs[v.VPC] != nil:
		return detailGraph(x, []string{v.VPC}, v.ID(), false)
	}
	return missingGraph(v)
}

// missingGraph is the diagram of a view that cannot be drawn.
func missingGraph(v View) *graph {
	g := newGraph("_view/missing", "TB")
	msg := "no such view"
	if v.Kind == ViewVPC {
		msg = "the design has no VPC " + v.VPC
	}
	g.body.add(&node{name: "_missing", attrs: []attr{a("id", "_missing"), a("class", "missing"),
		h("label", newLabel().line(msg)), a("color", colorMuted)}})
	g.nodes++
	return g
}
