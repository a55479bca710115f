package web

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/diagram"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/internal/validate"
	"github.com/vpcboard/vpcboard/web/templates"
)

// Renderer turns DOT into SVG or PNG: a *diagram.Renderer. Renders wait
// for a worker in a queue per tenant, the team that owns the design.
type Renderer interface {
	SVG(ctx context.Context, tenant string, dot []byte) ([]byte, error)
	Render(ctx context.Context, tenant string, dot []byte, f diagram.Format) ([]byte, error)
}

// findingOverlay is what the diagram overlay needs of a finding.
type findingOverlay struct {
	Severity  string   `json:"severity"`
	Resources []string `json:"resources"`
}

// designer builds the designer's view model of version info of d, with
// the diagram view named by the request's ?view= ("" for the first one)
// and the tree's VPCs open as the page says (treeStateOf). The panels of
// a version (counts, tree, diagram, findings, trace form) are the same
// for every viewer: they are built once per design, version and view, by
// one request when several ask at once (the editor's answer to its save
// and every viewer's live update), and kept in srv.panels; only the
// page's title, CSRF token and open VPCs are per request.
func (srv *Server) designer(c echo.Context, info store.Info, d *design.Design, csrf string) *templates.Designer {
	v := srv.panelsOf(c.Request().Context(), info, d, c.QueryParam("view"))
	v.Page = templates.Page{Title: orName(info.Name), CSRF: csrf}
	v.Name = v.Page.Title
	v.Tree = treeStateOf(c).apply(v.Tree)
	v.Diagram.Nav = navFor(c, v.Diagram.Nav)
	return &v
}

// panelsOf returns the panels of version info of d with the diagram of
// view, built once (see designer); d may be nil when the caller knows
// they are kept.
func (srv *Server) panelsOf(ctx context.Context, info store.Info, d *design.Design, view string) templates.Designer {
	key := diagramKey{info.ID, info.Version, view}
	p, ok := srv.panels.Get(key)
	if !ok {
		flight := info.ID + "/" + strconv.FormatInt(info.Version, 10) + "/" + view
		built, _, _ := srv.building.Do(flight, func() (any, error) {
			p := srv.buildPanels(ctx, info, d, view)
			if p.Diagram.Error == "" {
				srv.panels.Put(key, p, panelsSize(p))
			}
			return p, nil
		})
		p = built.(templates.Designer)
	}
	return p // a copy: callers set the viewer's fields
}

// buildPanels builds what designer keeps of a version.
func (srv *Server) buildPanels(ctx context.Context, info store.Info, d *design.Design, view string) templates.Designer {
	ds := validate.Validate(d, validate.Config{Quotas: validate.DefaultQuotas})
	return templates.Designer{
		ID:        info.ID,
		Version:   info.Version,
		Counts:    counts(ds),
		Tree:      tree(d, ds),
		Diagram:   srv.diagramView(ctx, info, d, view),
		Findings:  findingsView(info, ds),
		Inspector: templates.InspectorView{DesignID: info.ID, Empty: true},
		Trace:     templates.TraceForm{DesignID: info.ID, Endpoints: endpoints(d)},
	}
}

// panelsSize estimates the bytes the panels of a version hold.
func panelsSize(p templates.Designer) int64 {
	n := int64(len(p.Diagram.SVG)+len(p.Diagram.Nav.IndexJSON)) + 512*int64(len(p.Findings.Findings)) + 64*int64(len(p.Trace.Endpoints))
	var count func([]templates.TreeNode)
	count = func(nodes []templates.TreeNode) {
		for _, t := range nodes {
			n += 128
			count(t.Children)
		}
	}
	for _, g := range p.Tree.Groups {
		count(g.Nodes)
	}
	return n
}

func orName(n string) string {
	if n == "" {
		return "untitled design"
	}
	return n
}

func counts(ds []validate.Diagnostic) templates.Counts {
	var c templates.Counts
	for _, d := range ds {
		switch d.Severity {
		case validate.Error:
			c.Errors++
		case validate.Warning:
			c.Warnings++
		default:
			c.Infos++
		}
	}
	return c
}

func findingsView(info store.Info, ds []validate.Diagnostic) templates.FindingsView {
	v := templates.FindingsView{DesignID: info.ID, Version: info.Version}
	overlay := []findingOverlay{}
	codes := map[string]bool{}
	// Errors first, then warnings, then info; the validator's order within
	// a severity.
	ds = slices.Clone(ds)
	slices.SortStableFunc(ds, func(a, b validate.Diagnostic) int { return cmp.Compare(a.Severity, b.Severity) })
	for _, d := range ds {
		v.Findings = append(v.Findings, templates.Finding{Severity: d.Severity.String(), Code: d.Code, Message: d.Message,
			Path: d.Path, Hint: d.Hint, Resources: d.Resources})
		overlay = append(overlay, findingOverlay{d.Severity.String(), d.Resources})
		codes[d.Code] = true
	}
	v.Overlay = overlay
	for c := range codes {
		v.Codes = append(v.Codes, c)
	}
	slices.Sort(v.Codes)
	return v
}

// diagramCacheBytes bounds the SVG the diagram cache holds, and
// panelsCacheBytes the panels (SVG, tree, findings) of the panels cache.
const (
	diagramCacheBytes = 64 << 20
	panelsCacheBytes  = 64 << 20
)

// diagramKey names a drawn diagram: a version of a design and the view
// asked for (as asked: "" and the first view's name are two keys).
type diagramKey struct {
	design  string
	version int64
	view    string
}

// diagramView renders the chosen view of d, version info.Version of the
// design of info, in the queue of the design's team. A version's view is
// drawn once: later requests are answered from srv.diagrams without
// building the views or the DOT again. Failures are not kept.
func (srv *Server) diagramView(ctx context.Context, info store.Info, d *design.Design, view string) templates.DiagramView {
	key := diagramKey{info.ID, info.Version, view}
	if dv, ok := srv.diagrams.Get(key); ok {
		return dv
	}
	dv := srv.drawDiagram(ctx, info, d, view)
	if dv.Error == "" && srv.renderer != nil {
		srv.diagrams.Put(key, dv, int64(len(dv.SVG)+len(dv.Nav.IndexJSON))+256)
	}
	return dv
}

// drawDiagram builds the views of d and the DOT of the chosen one, and
// renders it.
func (srv *Server) drawDiagram(ctx context.Context, info store.Info, d *design.Design, view string) templates.DiagramView {
	dv := templates.DiagramView{DesignID: info.ID}
	views := diagram.Views(d)
	if len(views) == 0 {
		return dv
	}
	cur := views[0]
	for _, v := range views {
		name := viewName(v)
		label := "Overview"
		switch v.Kind {
		case diagram.ViewFull:
			label = "All VPCs"
		case diagram.ViewVPC:
			label = "VPC " + v.VPC
		}
		dv.Views = append(dv.Views, templates.ViewOption{Value: name, Label: label})
		if name == view {
			cur = v
		}
	}
	dv.Current = viewName(cur)
	dv.Nav = navView(d, orName(info.Name), dv)
	if len(d.VPCs) == 0 && len(d.TransitGateways) == 0 {
		return dv
	}
	if srv.renderer == nil {
		dv.Error = "diagrams are not rendered by this server"
		return dv
	}
	svg, err := srv.renderer.SVG(ctx, info.Team, diagram.DOT(d, cur))
	if errors.Is(err, diagram.ErrBusy) {
		dv.Error = "your team has too many diagrams waiting to be drawn: reload in a moment"
		return dv
	}
	if err != nil {
		srv.log.ErrorContext(ctx, "render diagram", "design", info.ID, "error", err.Error())
		dv.Error = "the diagram could not be drawn: " + err.Error()
		return dv
	}
	clean, err := sanitizeSVG(svg)
	if err != nil {
		dv.Error = err.Error()
		return dv
	}
	dv.SVG = clean
	return dv
}

func viewName(v diagram.View) string {
	if v.Kind == diagram.ViewVPC {
		return "vpc:" + v.VPC
	}
	return string(v.Kind)
}

// tree builds the resource tree: shared resources first, then each VPC
// with its subnets (their workloads under them), tables, ACLs, groups,
// gateways and endpoints.
func tree(d *design.Design, ds []validate.Diagnostic) templates.Tree {
	sev := map[string]string{}
	for _, f := range ds {
		for _, id := range f.Resources {
			if f.Severity == validate.Error {
				sev[id] = "error"
			} else if f.Severity == validate.Warning && sev[id] == "" {
				sev[id] = "warning"
			}
		}
	}
	node := func(r design.Resource) templates.TreeNode {
		label := r.ResourceID()
		if b, ok := r.(interface{ DisplayName() string }); ok {
			label = b.DisplayName()
		}
		switch x := r.(type) {
		case *design.Subnet:
			label += " " + x.CIDR
		case *design.VPC:
			label += " " + x.CIDR
		}
		return templates.TreeNode{ID: r.ResourceID(), Kind: string(r.Kind()), Label: label, Severity: sev[r.ResourceID()]}
	}
	t := templates.Tree{}
	for _, k := range design.Kinds() {
		if k != design.KindOpaque {
			t.Kinds = append(t.Kinds, string(k))
		}
	}
	var shared []templates.TreeNode
	inVPC := map[string]string{} // resource -> its VPC
	// The resources of each VPC in d.Each's order, collected in one pass:
	// d.Each sorts every collection, too slow to call once per VPC (50
	// VPCs: ~0.2-0.4 s).
	byVPC := map[string][]design.Resource{}
	ix := design.NewIndex(d)
	d.Each(func(r design.Resource) {
		if v := ix.VPCOf(r.ResourceID()); v != "" {
			inVPC[r.ResourceID()] = v
			byVPC[v] = append(byVPC[v], r)
		} else if r.Kind() != design.KindVPC {
			shared = append(shared, node(r))
		}
	})
	naturalOrder(shared)
	if len(shared) > 0 {
		t.Groups = append(t.Groups, templates.TreeGroup{Title: "Shared", Nodes: shared})
	}
	rows := len(shared)
	allSubnets := naturalIDs(d.Subnets)
	for _, vid := range naturalIDs(d.VPCs) {
		vn := node(d.VPCs[vid])
		// A subnet's node gets its children before it joins the VPC's:
		// a pointer into vn.Children would go stale as that slice grows.
		var subnetIDs []string
		subnets := map[string]*templates.TreeNode{}
		for _, sid := range allSubnets {
			if d.Subnets[sid].VPC == vid {
				n := node(d.Subnets[sid])
				subnets[sid] = &n
				subnetIDs = append(subnetIDs, sid)
			}
		}
		var rest []templates.TreeNode
		for _, r := range byVPC[vid] {
			if r.Kind() == design.KindSubnet {
				continue
			}
			if s := subnets[treeSubnetOf(r)]; s != nil {
				s.Children = append(s.Children, node(r))
				continue
			}
			rest = append(rest, node(r))
		}
		for _, sid := range subnetIDs {
			naturalOrder(subnets[sid].Children)
			vn.Children = append(vn.Children, *subnets[sid])
		}
		naturalOrder(rest)
		vn.Children = append(vn.Children, rest...)
		vn.Count = len(byVPC[vid])
		rows += vn.Count + 1
		t.Groups = append(t.Groups, templates.TreeGroup{Title: "VPC " + vid, Nodes: []templates.TreeNode{vn}})
	}
	t.Lazy = rows > treeWholeRows
	return t
}

// naturalIDs returns the IDs of a collection as people count them (vpc2
// before vpc10), the order of the overview's grid.
func naturalIDs[V any](m map[string]V) []string {
	ids := design.SortedIDs(m)
	slices.SortFunc(ids, design.NaturalCompare)
	return ids
}

// naturalOrder sorts tree nodes by kind, in the design's order of kinds,
// then by ID as people count.
func naturalOrder(nodes []templates.TreeNode) {
	slices.SortStableFunc(nodes, func(a, b templates.TreeNode) int {
		if c := cmp.Compare(kindRank[a.Kind], kindRank[b.Kind]); c != 0 {
			return c
		}
		return design.NaturalCompare(a.ID, b.ID)
	})
}

// kindRank is each kind's place in design.Kinds.
var kindRank = func() map[string]int {
	m := map[string]int{}
	for i, k := range design.Kinds() {
		m[string(k)] = i
	}
	return m
}()

// treeWholeRows is the most rows a tree is shown whole with: a longer one
// (the base generated design: ~4,000) opens its VPCs on demand, as the
// page would otherwise swap all its rows on every edit.
const treeWholeRows = 300

// treeSubnetOf returns the subnet a resource is listed under in the tree:
// a workload's first interface's, a NAT gateway's; or "".
func treeSubnetOf(r design.Resource) string {
	switch x := r.(type) {
	case *design.Workload:
		if len(x.Interfaces) > 0 {
			return x.Interfaces[0].Subnet
		}
	case *design.NATGateway:
		return x.Subnet
	}
	return ""
}

// endpoints are what a trace may start or end at.
func endpoints(d *design.Design) []string {
	out := []string{"internet", "s3"}
	out = append(out, design.SortedIDs(d.Workloads)...)
	return out
}

// inspector builds the form of resource id (or of a new resource of kind
// k when id is "").
func inspector(designID string, version int64, d *design.Design, k design.Kind, id string) templates.InspectorView {
	v := templates.InspectorView{DesignID: designID, Kind: string(k), ID: id, Version: version}
	var r design.Resource
	if id != "" {
		var ok bool
		if r, ok = d.Lookup(id); !ok {
			return templates.InspectorView{DesignID: designID, Empty: true}
		}
		v.Kind = string(r.Kind())
		k = r.Kind()
		v.Referrers = d.Referrers(id)
		v.Actions = actionBar(designID, version, d, r)
	} else {
		v.New = true
	}
	v.Fields = formFields(d, k, r, nil, nil)
	return v
}
