package export

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/importer"
	"github.com/vpcboard/vpcboard/internal/reach"
)

// corpusParams are the parameter values the corpus templates need (as in
// the importer's corpus tests).
var corpusParams = map[string]string{"EC2KeyPairName": "kp", "KeyName": "kp", "ParentVPCStack": "vpc"}

// nfwCorpusFile is the corpus template whose routes go to the endpoints of
// a Network Firewall, which the model keeps as an opaque resource: its
// export is refused (ErrUnexportedTarget), so the tests over the exports
// of the corpus leave it out.
const nfwCorpusFile = "nfw-samples-tgw-inspection-vpc-network-firewall-1az.yaml"

func readDesign(t testing.TB, path string) *design.Design {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := design.DecodeBytes(data)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return d
}

func importTemplate(t testing.TB, name string, data []byte, d *design.Design) *design.Design {
	t.Helper()
	res, err := importer.Import(bytes.NewReader(data), name, importer.Options{Region: d.Region, Account: d.Account, Params: corpusParams})
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return res.Design
}

func importCorpusFile(t testing.TB, file string) *design.Design {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "importer", "testdata", "corpus", file))
	if err != nil {
		t.Fatal(err)
	}
	res, err := importer.Import(bytes.NewReader(data), file, importer.Options{Params: corpusParams})
	if err != nil {
		t.Fatalf("import %s: %v", file, err)
	}
	return res.Design
}

func exampleFiles(t testing.TB) []string {
	files, err := filepath.Glob("../../examples/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	return files
}

// corpusFiles returns the importer's corpus templates whose export is not
// refused (all but nfwCorpusFile).
func corpusFiles(t testing.TB) []string {
	var out []string
	for _, pat := range []string{"*.json", "*.yaml"} {
		files, err := filepath.Glob(filepath.Join("..", "importer", "testdata", "corpus", pat))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if filepath.Base(f) != nfwCorpusFile {
				out = append(out, filepath.Base(f))
			}
		}
	}
	slices.Sort(out)
	if len(out) < 10 {
		t.Fatalf("corpus has %d templates; want the importer's corpus", len(out))
	}
	return out
}

var unknownValue = regexp.MustCompile(`"unknown\((?:[^"\\]|\\.)*\)"`)

// comparableJSON returns the design as JSON up to the round trip's documented
// normalisation: no name, no opaque resources, lists that are sets in AWS
// sorted, and every unknown value the same unknown (an import says why a
// value is unknown in its own words).
func comparableJSON(t testing.TB, d *design.Design) string {
	t.Helper()
	c := *cloneMaps(d)
	c.Name, c.Opaque = "", nil
	sorted := func(ss []string) []string {
		if ss == nil {
			return nil
		}
		ss = slices.Clone(ss)
		slices.Sort(ss)
		return ss
	}
	for id, rt := range c.RouteTables {
		x := *rt
		x.Subnets = sorted(rt.Subnets)
		c.RouteTables[id] = &x
	}
	for id, n := range c.NetworkACLs {
		x := *n
		x.Subnets = sorted(n.Subnets)
		c.NetworkACLs[id] = &x
	}
	for id, e := range c.VPCEndpoints {
		x := *e
		x.RouteTables, x.Subnets, x.SecurityGroups = sorted(e.RouteTables), sorted(e.Subnets), sorted(e.SecurityGroups)
		c.VPCEndpoints[id] = &x
	}
	for id, w := range c.Workloads {
		x := *w
		x.SecurityGroups = sorted(w.SecurityGroups)
		c.Workloads[id] = &x
	}
	for id, a := range c.TransitGatewayAttachments {
		x := *a
		x.Subnets = sorted(a.Subnets)
		c.TransitGatewayAttachments[id] = &x
	}
	for id, rt := range c.TransitGatewayRouteTables {
		x := *rt
		x.Associations, x.Propagations = sorted(rt.Associations), sorted(rt.Propagations)
		c.TransitGatewayRouteTables[id] = &x
	}
	for id, a := range c.LatticeAssociations {
		x := *a
		x.SecurityGroups = sorted(a.SecurityGroups)
		c.LatticeAssociations[id] = &x
	}
	data, err := design.Marshal(&c)
	if err != nil {
		t.Fatal(err)
	}
	return unknownValue.ReplaceAllString(string(data), `"unknown()"`)
}

// firstDiff returns the lines around the first difference of a and b.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < max(len(al), len(bl)); i++ {
		if i >= len(al) || i >= len(bl) || al[i] != bl[i] {
			lo := max(0, i-8)
			return "line " + strconv.Itoa(i+1) + ":\n--- got\n" + strings.Join(al[lo:min(len(al), i+4)], "\n") + "\n--- want\n" + strings.Join(bl[lo:min(len(bl), i+4)], "\n")
		}
	}
	return ""
}

// roundTrip exports d to CloudFormation, imports the template back and
// checks the result is d's CloudFormation form, and that what can talk to
// what did not change.
func roundTrip(t *testing.T, d *design.Design) *design.Design {
	t.Helper()
	out, err := CloudFormation(d, Options{})
	if err != nil {
		t.Fatalf("CloudFormation: %v", err)
	}
	if len(out.Files) != 1 {
		t.Fatalf("CloudFormation wrote %d files; want 1", len(out.Files))
	}
	back := importTemplate(t, out.Files[0].Path, out.Files[0].Data, d)
	got, want := comparableJSON(t, back), comparableJSON(t, CloudFormationForm(d))
	if got != want {
		t.Errorf("import(export(d)) differs from CloudFormationForm(d) at %s", firstDiff(got, want))
	}
	// The round trip drops opaque resources (comparableJSON), and with them
	// what a custom resource might do to routes (the trace's unknown): the
	// matrix to keep is that of d without them.
	plain := *d
	plain.Opaque = nil
	before, err := reach.Matrix(&plain)
	if err != nil {
		t.Fatalf("Matrix(d): %v", err)
	}
	after, err := reach.Matrix(back)
	if err != nil {
		t.Fatalf("Matrix(import(export(d))): %v", err)
	}
	samePairs(t, "after the round trip", after.Pairs(), before.Pairs())
	form, err := reach.Matrix(CloudFormationForm(d))
	if err != nil {
		t.Fatalf("Matrix(CloudFormationForm(d)): %v", err)
	}
	samePairs(t, "of the CloudFormation form", form.Pairs(), before.Pairs())
	return back
}

// samePairs reports the first pair of matrix a that differs from b's, the
// original design's.
func samePairs(t *testing.T, what string, a, b []reach.MatrixPair) {
	t.Helper()
	if slices.Equal(b, a) {
		return
	}
	for i := range max(len(a), len(b)) {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			var ga, gb reach.MatrixPair
			if i < len(a) {
				ga = a[i]
			}
			if i < len(b) {
				gb = b[i]
			}
			t.Errorf("matrix %s differs at pair %d: got %+v; want %+v", what, i, ga, gb)
			return
		}
	}
}

func TestRoundTripExamples(t *testing.T) {
	for _, file := range exampleFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			roundTrip(t, readDesign(t, file))
		})
	}
}

// TestRoundTripCorpus imports every corpus template, exports the design and
// imports it again: the second import is the first's CloudFormation form,
// with the same matrix; and exporting again is a fixed point.
func TestRoundTripCorpus(t *testing.T) {
	for _, file := range corpusFiles(t) {
		t.Run(file, func(t *testing.T) {
			d := importCorpusFile(t, file)
			d.Region, d.Account = importer.DefaultRegion, importer.DefaultAccount
			back := roundTrip(t, d)
			again := roundTrip(t, back)
			if got, want := comparableJSON(t, again), comparableJSON(t, back); got != want {
				t.Errorf("a second round trip changed the design at %s", firstDiff(got, want))
			}
		})
	}
}

// TestRoundTripSplit exports a design too large for one stack: the stacks,
// imported in order as stacks that import each other's exports, give its
// CloudFormation form back.
func TestRoundTripSplit(t *testing.T) {
	d := designtest.Generate(designtest.Base.Scale(0.1))
	out, err := CloudFormation(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Files) < 2 {
		t.Fatalf("CloudFormation wrote %d files for %d VPCs; want several stacks", len(out.Files), len(d.VPCs))
	}
	var srcs []importer.Source
	for _, f := range out.Files {
		srcs = append(srcs, importer.Source{Name: f.Path, Data: f.Data, StackName: strings.TrimSuffix(f.Path, ".json")})
	}
	res, err := importer.ImportStacks(srcs, importer.Options{Region: d.Region, Account: d.Account})
	if err != nil {
		t.Fatalf("ImportStacks: %v", err)
	}
	if got, want := comparableJSON(t, res.Design), comparableJSON(t, CloudFormationForm(d)); got != want {
		t.Errorf("import of the stacks differs from CloudFormationForm(d) at %s", firstDiff(got, want))
	}
}

// TestRoundTripIngressRouting exports the edge associations of issue 16
// point 4 (a route table associated with an internet gateway): the
// CloudFormation round trip keeps them, with the same matrix, both exports
// pass the official schemas, and Terraform writes the association with
// gateway_id.
func TestRoundTripIngressRouting(t *testing.T) {
	// 04-ingress-firewall.yaml routes to a Network Firewall the export does
	// not write: refused (TestRefusesRoutesToWhatIsNotExported).
	for _, file := range []string{"04-ingress-appliance.yaml"} {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "reach", "testdata", "aws16", file))
			if err != nil {
				t.Fatal(err)
			}
			d := importTemplate(t, file, data, &design.Design{})
			d.Region, d.Account = importer.DefaultRegion, importer.DefaultAccount
			checkSchemas(t, file, d)
			back := roundTrip(t, d)
			if rt := back.RouteTables["IgwRT"]; rt == nil || !slices.Equal(rt.Gateways, []string{"Igw"}) {
				t.Errorf("import(export(d)).RouteTables[IgwRT] = %+v; want gateways [Igw]", rt)
			}
			out, err := Terraform(d, Options{})
			if err != nil {
				t.Fatalf("Terraform: %v", err)
			}
			var all strings.Builder
			for _, f := range out.Files {
				all.Write(f.Data)
			}
			assoc := regexp.MustCompile(`"Igw_route_table": \{\s*"gateway_id": "\$\{aws_internet_gateway\.Igw\.id\}",\s*"route_table_id": "\$\{aws_route_table\.IgwRT\.id\}"`)
			if !assoc.MatchString(all.String()) {
				t.Errorf("Terraform has no aws_route_table_association of igw_rt with gateway_id:\n%s", all.String())
			}
		})
	}
}
