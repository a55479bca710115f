package diagram

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var examples = []string{"three-tier", "hub-and-spoke", "peered-s3"}

// kitchenSink is the design file under testdata with every kind of
// resource the diagram draws, in two VPCs of different regions and
// accounts.
const kitchenSink = "kitchen-sink"

// readExample reads a design file from the examples, or the kitchen sink.
func readExample(t testing.TB, name string) []byte {
	t.Helper()
	path := filepath.Join("..", "..", "examples", name+".json")
	if name == kitchenSink {
		path = filepath.Join("testdata", name+".json")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func decodeExample(t testing.TB, name string) *design.Design {
	t.Helper()
	d, err := design.DecodeBytes(readExample(t, name))
	if err != nil {
		t.Fatal(err)
	}
	if errs := design.Check(d); len(errs) > 0 {
		t.Fatalf("%s: %v", name, errs[0])
	}
	return d
}

// small is the generated design of the golden files: 5 VPCs of 20 subnets.
func small() *design.Design { return designtest.Generate(designtest.Base.Scale(0.1)) }

// TestGolden compares DOT with the files under testdata; go test
// ./internal/diagram -run TestGolden -update rewrites them. Review the
// diff: it is what users see.
func TestGolden(t *testing.T) {
	tests := []struct {
		file string
		d    func() *design.Design
		v    View
	}{
		{"three-tier.full.dot", func() *design.Design { return decodeExample(t, "three-tier") }, View{Kind: ViewFull}},
		{"hub-and-spoke.full.dot", func() *design.Design { return decodeExample(t, "hub-and-spoke") }, View{Kind: ViewFull}},
		{"peered-s3.full.dot", func() *design.Design { return decodeExample(t, "peered-s3") }, View{Kind: ViewFull}},
		{"kitchen-sink.full.dot", func() *design.Design { return decodeExample(t, kitchenSink) }, View{Kind: ViewFull}},
		{"kitchen-sink.overview.dot", func() *design.Design { return decodeExample(t, kitchenSink) }, View{Kind: ViewOverview}},
		{"kitchen-sink.shared-vpc.dot", func() *design.Design { return decodeExample(t, kitchenSink) }, View{Kind: ViewVPC, VPC: "shared-vpc"}},
		{"generated.overview.dot", small, View{Kind: ViewOverview}},
		{"generated.vpc1.dot", small, View{Kind: ViewVPC, VPC: "vpc1"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := DOT(tt.d(), tt.v)
			path := filepath.Join("testdata", tt.file)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/diagram -run TestGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("DOT differs from %s (run go test ./internal/diagram -run TestGolden -update and review the diff)", path)
			}
		})
	}
}

// TestDOTDeterministic checks that DOT depends on the design only: not on
// map order, not on the order of the keys in the design file.
func TestDOTDeterministic(t *testing.T) {
	for _, name := range append(examples, kitchenSink) {
		data := readExample(t, name)
		d := decodeExample(t, name)
		reordered, err := design.DecodeBytes(reverseKeys(t, data))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []View{{Kind: ViewFull}, {Kind: ViewOverview}} {
			first := DOT(d, v)
			for i := range 5 {
				if again := DOT(d, v); !bytes.Equal(again, first) {
					t.Fatalf("%s %s: DOT call %d differs from the first", name, v.Kind, i+2)
				}
			}
			if got := DOT(reordered, v); !bytes.Equal(got, first) {
				t.Errorf("%s %s: DOT of the file with its keys reversed differs", name, v.Kind)
			}
		}
	}
	g := small()
	if !bytes.Equal(DOT(g, View{Kind: ViewVPC, VPC: "vpc2"}), DOT(small(), View{Kind: ViewVPC, VPC: "vpc2"})) {
		t.Error("DOT of two generated designs differs")
	}
}

// reverseKeys rewrites a JSON document with the keys of every object in
// reverse order.
func reverseKeys(t *testing.T, data []byte) []byte {
	t.Helper()
	out, err := designtest.ReverseKeys(data)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestViews checks that every design gets a view per VPC, in natural
// order, after the full view of a small design or the overview of a large
// one.
func TestViews(t *testing.T) {
	for _, name := range examples {
		d := decodeExample(t, name)
		want := []View{{Kind: ViewFull}}
		for _, v := range design.SortedIDs(d.VPCs) {
			want = append(want, View{Kind: ViewVPC, VPC: v})
		}
		if got := Views(d); !slices.Equal(got, want) {
			t.Errorf("Views(%s) = %v; want %v", name, got, want)
		}
	}
	got := Views(designtest.Generate(designtest.Base))
	want := []View{{Kind: ViewOverview}, {Kind: ViewVPC, VPC: "vpc0"}, {Kind: ViewVPC, VPC: "vpc1"}, {Kind: ViewVPC, VPC: "vpc2"}}
	if len(got) != 51 || !slices.Equal(got[:4], want) || got[11] != (View{Kind: ViewVPC, VPC: "vpc10"}) {
		t.Errorf("Views(generated 50 VPCs) = %v...; want the overview then 50 VPC views in natural order (vpc2 before vpc10)", got[:min(12, len(got))])
	}
	// Two VPCs, but too many workloads to read in full.
	crowded := designtest.Base
	crowded.VPCs, crowded.WorkloadsPer = 2, 4
	if got := Views(designtest.Generate(crowded)); len(got) != 3 || got[0].Kind != ViewOverview {
		t.Errorf("Views(2 VPCs, 160 workloads) = %v; want the overview and 2 VPC views", got)
	}
}

// TestOverviewGrid checks that the overview of 50 VPCs is a grid in
// natural order: rows of the same number of VPCs (vpc0 to vpc4, then vpc5
// to vpc9...), each laid out on one rank, not one column of 50.
func TestOverviewGrid(t *testing.T) {
	dot := string(DOT(designtest.Generate(designtest.Base), View{Kind: ViewOverview}))
	rank := regexp.MustCompile(`\{ rank=same;([^}]*)\}`)
	var rows [][]string
	for _, m := range rank.FindAllStringSubmatch(dot, -1) {
		var vpcs []string
		for _, name := range strings.Split(m[1], ";") {
			name = strings.Trim(strings.TrimSpace(name), `"`)
			if strings.HasPrefix(name, "vpc") && !strings.HasSuffix(name, "-igw") {
				vpcs = append(vpcs, name)
			}
		}
		if len(vpcs) > 0 {
			rows = append(rows, vpcs)
		}
	}
	if len(rows) != 10 {
		t.Fatalf("overview of 50 VPCs in %d rows %v; want a grid of 10 rows of 5", len(rows), rows)
	}
	n := 0
	for _, row := range rows {
		for _, v := range row {
			if want := "vpc" + strconv.Itoa(n); v != want {
				t.Fatalf("rows %v: VPC %d is %s; want %s (natural order, left to right, then down)", rows, n, v, want)
			}
			n++
		}
	}
}

var (
	idAttr    = regexp.MustCompile(`\bid="([^"]*)"`)
	classAttr = regexp.MustCompile(`\bclass="([^"]*)"`)
)

// TestDOTIDs checks the id and class of every element of the DOT: unique
// ids, resources with their design ID and kind, other elements with ids
// that cannot be design IDs.
func TestDOTIDs(t *testing.T) {
	for _, name := range append(examples, kitchenSink) {
		d := decodeExample(t, name)
		views := []View{{Kind: ViewFull}, {Kind: ViewOverview}}
		for _, v := range d.VPCs {
			views = append(views, View{Kind: ViewVPC, VPC: v.ID})
		}
		for _, v := range views {
			seen := map[string]bool{}
			for _, line := range strings.Split(string(DOT(d, v)), "\n") {
				m := idAttr.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				id := m[1]
				if seen[id] {
					t.Errorf("%s %s: id %q twice", name, v.Kind, id)
				}
				seen[id] = true
				class := ""
				if c := classAttr.FindStringSubmatch(line); c != nil {
					class = c[1]
				}
				if r, ok := d.Lookup(id); ok {
					if want := "res kind-" + string(r.Kind()); !strings.HasPrefix(class, want) {
						t.Errorf("%s %s: %s has class %q; want %q", name, v.Kind, id, class, want)
					}
				} else if design.ValidID(id) || !strings.HasPrefix(id, "_") {
					t.Errorf("%s %s: id %q is neither a resource's nor a helper's", name, v.Kind, id)
				}
			}
		}
	}
}

// TestDOTEscapes checks that user text reaches the DOT escaped: no raw
// markup inside HTML labels, quotes and backslashes escaped in strings.
func TestDOTEscapes(t *testing.T) {
	const evil = `<script>alert(1)</script>"\ {}`
	d := decodeExample(t, "three-tier")
	d.VPCs["web-vpc"].Tags = map[string]string{"Name": evil, "k\"e\\y": evil}
	d.Workloads["app-1"].Tags = map[string]string{"Name": evil + "\n\x00\x1b[31m"}
	d.Subnets["app-b"].AZ = evil
	dot := string(DOT(d, View{Kind: ViewFull}))
	// Tooltips are quoted strings, which Graphviz escapes for SVG itself;
	// anywhere else, markup is escaped.
	if rest := tooltipAttr.ReplaceAllString(dot, ""); strings.Contains(rest, "<script") {
		t.Error("DOT holds raw markup outside tooltips")
	}
	if strings.ContainsAny(dot, "\x00\x1b") {
		t.Error("DOT holds control characters")
	}
	for _, want := range []string{
		"<B>&lt;script&gt;alert(1)&lt;/script&gt;&quot;\\ {}</B>",   // the name in an HTML label
		`tooltip="<script>alert(1)</script>\"\\ {} · VPC · web-vpc`, // and in a quoted string
		`tag k\"e\\y = <script>`,                                    // a tag key
		`id="_az/web-vpc/%3cscript%3ealert%281%29%3c%2fscript%3e%22%5c%20%7b%7d"`,
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %s", want)
		}
	}
}

var tooltipAttr = regexp.MustCompile(`tooltip="(\\.|[^"\\])*"`)

func TestDOTMissingView(t *testing.T) {
	d := decodeExample(t, "three-tier")
	for _, v := range []View{{Kind: ViewVPC, VPC: "nope"}, {Kind: "bogus"}, {Kind: ViewVPC, VPC: `"><script>`}} {
		dot := string(DOT(d, v))
		if !strings.Contains(dot, `id="_missing"`) || strings.Contains(dot, "<script") {
			t.Errorf("DOT(%+v) = %s; want the missing-view note, escaped", v, dot)
		}
	}
}

// TestDOTDanglingReferences draws a design whose references do not
// resolve: what cannot be placed is left out, nothing panics.
func TestDOTDanglingReferences(t *testing.T) {
	d := decodeExample(t, "hub-and-spoke")
	d.Subnets["spoke-a-app-a"].VPC = "gone"
	d.Workloads["spoke-b-app"].Interfaces[0].Subnet = "gone"
	d.TransitGatewayAttachments["egress-att"].TransitGateway = "gone"
	d.NATGateways["egress-nat-a"].Subnet = "gone"
	d.RouteTables["spoke-a-rt"].Routes[0].Target.ID = "gone"
	for _, v := range append(Views(d), View{Kind: ViewOverview}, View{Kind: ViewVPC, VPC: "spoke-a-vpc"}) {
		if dot := DOT(d, v); !bytes.HasPrefix(dot, []byte("digraph")) {
			t.Errorf("DOT(%v) = %q", v, dot)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"web-vpc", 48, "web-vpc"},
		{"  two  spaces\tand\ttabs\n", 48, "two spaces and tabs"},
		{"bell\x07 and \x00nul", 48, "bell and nul"},
		{"bad \xff utf-8", 48, "bad \uFFFD utf-8"},
		{"0123456789", 5, "0123…"},
		{"ééééééé", 4, "ééé…"},
		{design.Unknown("Fn::GetAtt VPC.Ipv6CidrBlocks"), 48, "unknown: Fn::GetAtt VPC.Ipv6CidrBlocks"},
		{"line\u2028sep", 48, "line sep"},
	}
	for _, tt := range tests {
		if got := clean(tt.in, tt.max); got != tt.want {
			t.Errorf("clean(%q, %d) = %q; want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestEsc(t *testing.T) {
	if got, want := esc(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"; got != want {
		t.Errorf("esc = %q; want %q", got, want)
	}
}

func BenchmarkDOTLarge(b *testing.B) {
	d := designtest.Generate(designtest.Base)
	b.Run("views", func(b *testing.B) {
		views := Views(d)
		size := 0
		for b.Loop() {
			size = 0
			for _, v := range views {
				size += len(DOT(d, v))
			}
		}
		b.ReportMetric(float64(len(views)), "views")
		b.ReportMetric(float64(size), "DOT-bytes")
	})
	b.Run("overview", func(b *testing.B) {
		size := 0
		for b.Loop() {
			size = len(DOT(d, View{Kind: ViewOverview}))
		}
		b.ReportMetric(float64(size), "DOT-bytes")
	})
	b.Run("vpc", func(b *testing.B) {
		size := 0
		for b.Loop() {
			size = len(DOT(d, View{Kind: ViewVPC, VPC: "vpc7"}))
		}
		b.ReportMetric(float64(size), "DOT-bytes")
	})
	b.Run("Views", func(b *testing.B) {
		for b.Loop() {
			Views(d)
		}
	})
}

// FuzzClean checks what labels and tooltips rely on: clean gives valid
// UTF-8 without control characters, within its length, and esc leaves no
// markup.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"web-vpc", `<script>alert(1)</script>"\ {}`, "a\x00b\nc", "\xff\xfe", "unknown(x)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := clean(s, 20)
		if !utf8.ValidString(c) || utf8.RuneCountInString(c) > 20 {
			t.Errorf("clean(%q) = %q: invalid or too long", s, c)
		}
		for _, r := range c {
			if unicode.IsControl(r) {
				t.Errorf("clean(%q) = %q: holds control character %U", s, c, r)
			}
		}
		if e := esc(c); strings.ContainsAny(e, `<>"'`) {
			t.Errorf("esc(%q) = %q: holds markup", c, e)
		}
	})
}

// TestDOTDrawsTheNetwork checks that the examples' diagrams draw how
// traffic flows, not only boxes: an edge from each subnet to the gateways
// its route table sends traffic to, labelled with the destinations; TGW
// attachments and peering connections labelled with what is routed over
// them; an edge per pair of workloads a security group rule allows; the
// groups of each workload; a glyph per kind.
func TestDOTDrawsTheNetwork(t *testing.T) {
	edge := regexp.MustCompile(`(?m)^\t"[^"]+" -> "([^"]+)" \[id="([^"]+)"[^\n]*?label="([^"]*)"`)
	tests := []struct {
		example string
		want    map[string]string // edge id -> "head label"
		texts   []string
	}{
		{"three-tier", map[string]string{
			"_edge/public-a/route/igw": "igw 0.0.0.0/0",
			"_edge/public-b/route/igw": "igw 0.0.0.0/0",
			"_edge/app-a/route/nat-a":  "nat-a 0.0.0.0/0",
			"_edge/app-b/route/nat-b":  "nat-b 0.0.0.0/0",
			"_edge/app-1/sg/web-alb":   "app-1 tcp 8080",
			"_edge/db/sg/app-2":        "db tcp 5432",
		}, []string{"SG app-sg", "<B>IGW</B>", "<B>NAT</B>", "<B>EC2</B>", "<B>RDS</B>", "<B>ALB</B>", "<B>VPC</B>"}},
		{"hub-and-spoke", map[string]string{
			"egress-att":                             "egress-igw 10.0.0.0/8",
			"spoke-a-att":                            "spoke-a-rt 0.0.0.0/0",
			"spoke-b-att":                            "spoke-b-rt 0.0.0.0/0",
			"_edge/egress-public-a/route/egress-igw": "egress-igw 0.0.0.0/0",
			"_edge/egress-tgw-a/route/egress-nat-a":  "egress-nat-a 0.0.0.0/0",
		}, []string{"<B>TGW</B>"}},
		{"peered-s3", map[string]string{
			"_edge/app-shared-pcx/requester/app-vpc":   "app-s3 10.20.0.0/16",
			"_edge/app-shared-pcx/accepter/shared-vpc": "shared-rt 10.10.0.0/16",
			"_edge/app-a/route/app-s3":                 "app-s3 s3",
		}, []string{"<B>PCX</B>", "<B>VPCE</B>"}},
	}
	for _, tt := range tests {
		t.Run(tt.example, func(t *testing.T) {
			dot := string(DOT(decodeExample(t, tt.example), View{Kind: ViewFull}))
			got := map[string]string{}
			for _, m := range edge.FindAllStringSubmatch(dot, -1) {
				got[m[2]] = m[1] + " " + m[3]
			}
			for id, want := range tt.want {
				if got[id] != want {
					t.Errorf("edge %s = %q; want %q", id, got[id], want)
				}
			}
			for _, s := range tt.texts {
				if !strings.Contains(dot, s) {
					t.Errorf("DOT lacks %s", s)
				}
			}
		})
	}
}
