package worker_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/diagram"
	"github.com/vpcboard/vpcboard/internal/diagram/worker"
)

// workerEnv makes the test binary a render worker: the Renderers of these
// tests start it as their worker command.
const workerEnv = "VPCBOARD_RENDER_WORKER"

func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) == "1" {
		os.Exit(worker.Main(os.Stdin, os.Stdout))
	}
	os.Exit(m.Run())
}

func workerCommand(ctx context.Context) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), workerEnv+"=1")
	return cmd
}

// newRenderer returns a Renderer of real workers, closed at the end of the
// test.
func newRenderer(t testing.TB, opts diagram.RendererOptions) *diagram.Renderer {
	t.Helper()
	opts.Command = workerCommand
	r, err := diagram.NewRenderer(opts)
	if err != nil {
		t.Fatalf("NewRenderer: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// example decodes a design of the examples, or the kitchen sink of package
// diagram's testdata (every kind of resource drawn).
func example(t testing.TB, name string) *design.Design {
	t.Helper()
	path := filepath.Join("..", "..", "..", "examples", name+".json")
	if name == "kitchen-sink" {
		path = filepath.Join("..", "testdata", name+".json")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := design.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var examples = []string{"three-tier", "hub-and-spoke", "peered-s3"}

// element is an element of an SVG: its name, id, class and text.
type element struct {
	name, id, class, text string
}

// parseSVG parses svg as XML and returns its elements.
func parseSVG(t *testing.T, svg []byte) []element {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	var out []element
	var open []int // indexes into out of the open elements
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := element{name: tok.Name.Local}
			for _, a := range tok.Attr {
				switch a.Name.Local {
				case "id":
					e.id = a.Value
				case "class":
					e.class = a.Value
				}
			}
			out = append(out, e)
			open = append(open, len(out)-1)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) > 0 {
				out[open[len(open)-1]].text += string(tok)
			}
		}
	}
	return out
}

// drawnKinds are the kinds whose every resource the full view draws with
// its own element.
var drawnKinds = map[design.Kind]bool{
	design.KindVPC: true, design.KindSubnet: true, design.KindRouteTable: true,
	design.KindInternetGateway: true, design.KindEgressOnlyInternetGateway: true,
	design.KindNATGateway: true, design.KindVPCEndpoint: true, design.KindEndpointService: true,
	design.KindPeeringConnection: true, design.KindTransitGateway: true,
	design.KindTransitGatewayAttachment: true, design.KindTransitGatewayRouteTable: true,
	design.KindLatticeServiceNetwork: true, design.KindLatticeAssociation: true, design.KindWorkload: true,
}

var resAttrs = regexp.MustCompile(`\bid="([^"]*)" class="res kind-([a-z-]+)`)

// TestRenderExamples renders every view of the examples and the kitchen
// sink and checks the SVG: XML, unique ids, and for every resource the DOT
// draws (every resource of the drawn kinds, in the full view) an element
// with its ID as id and "res kind-<kind>" in its class.
func TestRenderExamples(t *testing.T) {
	r := newRenderer(t, diagram.RendererOptions{})
	for _, name := range append(examples, "kitchen-sink") {
		d := example(t, name)
		views := []diagram.View{{Kind: diagram.ViewFull}, {Kind: diagram.ViewOverview}}
		for _, id := range design.SortedIDs(d.VPCs) {
			views = append(views, diagram.View{Kind: diagram.ViewVPC, VPC: id})
		}
		for _, v := range views {
			t.Run(name+"/"+v.ID(), func(t *testing.T) {
				dot := diagram.DOT(d, v)
				svg, err := r.SVG(context.Background(), "", dot)
				if err != nil {
					t.Fatal(err)
				}
				byID := map[string]element{}
				for _, e := range parseSVG(t, svg) {
					if e.id != "" {
						if _, dup := byID[e.id]; dup {
							t.Errorf("two elements with id %q", e.id)
						}
						byID[e.id] = e
					}
				}
				want := map[string]design.Kind{}
				for _, m := range resAttrs.FindAllStringSubmatch(string(dot), -1) {
					want[m[1]] = design.Kind(m[2])
				}
				if v.Kind == diagram.ViewFull {
					d.Each(func(res design.Resource) {
						if drawnKinds[res.Kind()] {
							want[res.ResourceID()] = res.Kind()
						}
					})
				}
				if len(want) == 0 {
					t.Fatal("no resource drawn")
				}
				for id, k := range want {
					e, ok := byID[id]
					classes := strings.Fields(e.class)
					if !ok || !slicesContain(classes, "res") || !slicesContain(classes, "kind-"+string(k)) {
						t.Errorf("%s[%s]: element %+v; want one with class res kind-%s", k, id, e, k)
					}
				}
			})
		}
	}
}

func slicesContain(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestRenderIDsUnique renders a design with a resource whose ID is what
// Graphviz would name the tooltip anchor of another ("a_" + its ID).
func TestRenderIDsUnique(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", "three-tier.json"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := design.DecodeBytes(bytes.ReplaceAll(data, []byte(`"app-1"`), []byte(`"a_igw"`)))
	if err != nil {
		t.Fatal(err)
	}
	r := newRenderer(t, diagram.RendererOptions{Workers: 1})
	svg, err := r.SVG(context.Background(), "", diagram.DOT(d, diagram.View{Kind: diagram.ViewFull}))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]element{}
	for _, e := range parseSVG(t, svg) {
		if e.id == "" {
			continue
		}
		if prev, dup := seen[e.id]; dup {
			t.Errorf("id %q twice: %+v and %+v", e.id, prev, e)
		}
		seen[e.id] = e
	}
	if e := seen["a_igw"]; !strings.Contains(e.class, "kind-workload") {
		t.Errorf("element a_igw = %+v; want the workload", e)
	}
	if _, ok := seen["_a/igw"]; !ok {
		t.Error("no tooltip anchor _a/igw")
	}
}

// TestRenderEscapesUserText renders a design whose user text is markup
// and DOT syntax: it must come out as text.
func TestRenderEscapesUserText(t *testing.T) {
	const evil = `<script>alert(1)</script>"\ {}`
	d := example(t, "three-tier")
	d.VPCs["web-vpc"].Tags = map[string]string{"Name": evil, "owner": evil}
	d.Subnets["app-a"].Tags = map[string]string{"Name": evil}
	d.Subnets["app-a"].Tier = evil
	d.Subnets["app-b"].AZ = evil
	d.Workloads["app-1"].Tags = map[string]string{"Name": evil}
	d.SecurityGroups["app-sg"].Description = evil
	d.NetworkACLs["data-nacl"].Tags = map[string]string{"Name": evil}
	r := newRenderer(t, diagram.RendererOptions{Workers: 1})
	svg, err := r.SVG(context.Background(), "", diagram.DOT(d, diagram.View{Kind: diagram.ViewFull}))
	if err != nil {
		t.Fatal(err)
	}
	texts := 0
	for _, e := range parseSVG(t, svg) {
		if e.name == "script" {
			t.Errorf("SVG has a <script> element")
		}
		if e.name == "text" && strings.Contains(e.text, evil) {
			texts++
		}
	}
	if texts < 3 {
		t.Errorf("the Name tag appears as text %d times; want it in the labels of the VPC, the subnet and the workload", texts)
	}
	if bytes.Contains(svg, []byte("<script")) {
		t.Errorf("SVG contains <script")
	}
	if !bytes.Contains(svg, []byte(`xlink:title="`)) || !strings.Contains(xmlUnescape(t, svg), "tag owner = "+evil) {
		t.Errorf("tooltip of the VPC does not hold the owner tag as text")
	}
}

// xmlUnescape returns the attribute values and text of svg, unescaped.
func xmlUnescape(t *testing.T, svg []byte) string {
	var b strings.Builder
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err != nil {
			return b.String()
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			for _, a := range tok.Attr {
				b.WriteString(a.Value + "\n")
			}
		case xml.CharData:
			b.Write(tok)
		}
	}
}

// TestRenderIdenticalAcrossWorkers renders the same DOT in two processes
// and twice in one: the bytes must not depend on the process or on what it
// rendered before (docs/graphviz.md hazard 6).
func TestRenderIdenticalAcrossWorkers(t *testing.T) {
	dots := [][]byte{
		diagram.DOT(example(t, "hub-and-spoke"), diagram.View{Kind: diagram.ViewFull}),
		diagram.DOT(example(t, "three-tier"), diagram.View{Kind: diagram.ViewFull}),
	}
	a := newRenderer(t, diagram.RendererOptions{Workers: 1, CacheBytes: -1})
	b := newRenderer(t, diagram.RendererOptions{Workers: 1, CacheBytes: -1})
	ctx := context.Background()
	var first []byte
	for i, r := range []*diagram.Renderer{a, a, b} {
		if i == 2 {
			// b renders another diagram first.
			if _, err := b.SVG(ctx, "", dots[1]); err != nil {
				t.Fatal(err)
			}
		}
		svg, err := r.SVG(ctx, "", dots[0])
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = svg
		} else if !bytes.Equal(svg, first) {
			t.Errorf("render %d differs from the first", i)
		}
	}
}

// TestRenderReadsNoFiles checks that Main keeps Graphviz from reading host
// files that DOT names (docs/graphviz.md hazard 7; TestEmptyFS shows that it
// would): the worker runs in / so that the path resolves.
func TestRenderReadsNoFiles(t *testing.T) {
	png := filepath.Join(t.TempDir(), "secret.png")
	if err := os.WriteFile(png, worker.OnePixelPNG, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := diagram.NewRenderer(diagram.RendererOptions{Workers: 1, Command: func(ctx context.Context) *exec.Cmd {
		cmd := workerCommand(ctx)
		cmd.Dir = "/"
		return cmd
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	svg, err := r.SVG(context.Background(), "", fmt.Appendf(nil, "digraph { a [image=%q label=\"\"] }", png))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(svg, []byte("<image")) {
		t.Errorf("the SVG has an <image> of a host file:\n%s", svg)
	}
}

func TestRenderBadDOT(t *testing.T) {
	r := newRenderer(t, diagram.RendererOptions{Workers: 1})
	ctx := context.Background()
	if _, err := r.SVG(ctx, "", []byte("digraph { a -> ")); !errors.Is(err, diagram.ErrWorker) {
		t.Errorf("SVG(bad DOT) = %v; want ErrWorker", err)
	}
	if _, err := r.SVG(ctx, "", []byte("digraph { a -> b }")); err != nil {
		t.Errorf("SVG after bad DOT: %v", err)
	}
}

// TestRenderTimeout kills a render that runs long: go-graphviz itself
// ignores deadlines (docs/graphviz.md hazard 3).
func TestRenderTimeout(t *testing.T) {
	dot := diagram.DOT(designtest.Generate(designtest.Base), diagram.View{Kind: diagram.ViewFull}) // about a second
	r := newRenderer(t, diagram.RendererOptions{Workers: 1, Timeout: 200 * time.Millisecond})
	ctx := context.Background()
	if _, err := r.SVG(ctx, "", []byte("digraph { a }")); err != nil { // started
		t.Fatal(err)
	}
	start := time.Now()
	_, err := r.SVG(ctx, "", dot)
	if elapsed := time.Since(start); !errors.Is(err, diagram.ErrTimeout) || elapsed > time.Second {
		t.Errorf("SVG(50 VPCs in full) with a 200ms timeout = %v after %v; want ErrTimeout after 200ms", err, elapsed)
	}
	if _, err := r.SVG(ctx, "", []byte("digraph { b }")); err != nil {
		t.Errorf("SVG after a timeout: %v", err)
	}
}
