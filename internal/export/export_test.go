package export

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// exporters are the two formats, as the CLI names them.
var exporters = []struct {
	name string
	fn   func(*design.Design, Options) (*Output, error)
}{
	{"cloudformation", CloudFormation},
	{"terraform", Terraform},
}

func mustExport(t testing.TB, fn func(*design.Design, Options) (*Output, error), d *design.Design, opts Options) *Output {
	t.Helper()
	out, err := fn(d, opts)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	return out
}

// TestGolden compares the exports of the examples with testdata/golden;
// go test -run TestGolden -update rewrites them.
func TestGolden(t *testing.T) {
	for _, file := range exampleFiles(t) {
		d := readDesign(t, file)
		base := strings.TrimSuffix(filepath.Base(file), ".json")
		for _, e := range exporters {
			for _, yaml := range []bool{false, true} {
				if yaml && e.name != "cloudformation" {
					continue
				}
				out := mustExport(t, e.fn, d, Options{YAML: yaml})
				for _, f := range out.Files {
					checkGolden(t, filepath.Join("testdata", "golden", base+"."+f.Path), f.Data)
				}
			}
		}
	}
}

// checkGolden compares data with the golden file, or with -update writes
// it there.
func checkGolden(t *testing.T, golden string, data []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/export -run TestGolden -update)", err)
	}
	if !bytes.Equal(data, want) {
		t.Errorf("the export differs from %s at %s", golden, firstDiff(string(data), string(want)))
	}
}

// shuffled returns the design file data with the keys of every object in
// reverse order, which changes the order maps are filled in.
func shuffled(t *testing.T, data []byte) []byte {
	t.Helper()
	out, err := designtest.ReverseKeys(data)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDeterministic exports every example twice, and once more from the
// same file with its keys in another order: the bytes are the same.
func TestDeterministic(t *testing.T) {
	files := append(exampleFiles(t), "large")
	for _, file := range files {
		var data []byte
		if file == "large" {
			var err error
			if data, err = design.Marshal(designtest.Generate(designtest.Base.Scale(0.2))); err != nil {
				t.Fatal(err)
			}
		} else {
			var err error
			if data, err = os.ReadFile(file); err != nil {
				t.Fatal(err)
			}
		}
		d1, err := design.DecodeBytes(data)
		if err != nil {
			t.Fatal(err)
		}
		d2, err := design.DecodeBytes(shuffled(t, data))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range exporters {
			a := mustExport(t, e.fn, d1, Options{})
			b := mustExport(t, e.fn, d1, Options{})
			c := mustExport(t, e.fn, d2, Options{})
			for i := range a.Files {
				if !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
					t.Errorf("%s of %s: two exports differ at %s", e.name, file, firstDiff(string(a.Files[i].Data), string(b.Files[i].Data)))
				}
				if !bytes.Equal(a.Files[i].Data, c.Files[i].Data) {
					t.Errorf("%s of %s: the export of the shuffled file differs at %s", e.name, file, firstDiff(string(c.Files[i].Data), string(a.Files[i].Data)))
				}
			}
		}
	}
}

// TestFindingsCarried: the findings given are in the output.
func TestFindingsCarried(t *testing.T) {
	d := readDesign(t, "../../examples/three-tier.json")
	finding := "error subnet.overlap subnet[app-a].cidr: subnet `app-a` 10.0.10.0/24 overlaps `app-b`"
	for _, e := range exporters {
		out := mustExport(t, e.fn, d, Options{Findings: []string{finding}})
		var v map[string]any
		if err := json.Unmarshal(out.Files[0].Data, &v); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(out.Files[0].Data, []byte("subnet.overlap subnet[app-a].cidr")) {
			t.Errorf("%s export does not carry the finding %q", e.name, finding)
		}
	}
}

// TestRefusesBrokenDesign: a dangling reference is not exported.
func TestRefusesBrokenDesign(t *testing.T) {
	d := readDesign(t, "../../examples/three-tier.json")
	for _, s := range d.Subnets {
		s.VPC = "no-such-vpc"
		break
	}
	for _, e := range exporters {
		if _, err := e.fn(d, Options{}); err == nil || !strings.Contains(err.Error(), "no-such-vpc") {
			t.Errorf("%s export of a design with a dangling reference: err = %v; want one naming no-such-vpc", e.name, err)
		}
	}
}

// TestMultiRegion: a design across accounts and regions gives one
// CloudFormation template each, which reference each other through
// parameters, and one Terraform configuration with a provider per place
// and the peering accepted on the other side.
func TestMultiRegion(t *testing.T) {
	d := readDesign(t, "../../examples/peered-s3.json")
	var peers []string
	for _, id := range design.SortedIDs(d.PeeringConnections) {
		peers = append(peers, d.PeeringConnections[id].Accepter)
	}
	if len(peers) == 0 {
		t.Fatal("peered-s3 has no peering")
	}
	acc := d.VPCs[peers[0]]
	acc.Region, acc.Account = "eu-central-1", "222222222222"
	cfn := mustExport(t, CloudFormation, d, Options{})
	if len(cfn.Files) != 2 {
		t.Fatalf("CloudFormation wrote %d files; want 2", len(cfn.Files))
	}
	var paths []string
	for _, f := range cfn.Files {
		paths = append(paths, f.Path)
	}
	if want := "222222222222-eu-central-1.template.json"; !slices.Contains(paths, want) {
		t.Errorf("CloudFormation files %v; want %s among them", paths, want)
	}
	all := string(cfn.Files[0].Data) + string(cfn.Files[1].Data)
	for _, want := range []string{`"PeerRegion": "eu-central-1"`, `"PeerOwnerId": "222222222222"`, "PeerRoleArn"} {
		if !strings.Contains(all, want) {
			t.Errorf("CloudFormation templates lack %s", want)
		}
	}
	tf := mustExport(t, Terraform, d, Options{})
	s := string(tf.Files[0].Data)
	for _, want := range []string{`"alias": "v_222222222222_eu_central_1"`, `"aws_vpc_peering_connection_accepter"`, `"provider": "aws.v_222222222222_eu_central_1"`, `"peer_region": "eu-central-1"`, "role_arn_222222222222"} {
		if !strings.Contains(s, want) {
			t.Errorf("Terraform configuration lacks %s", want)
		}
	}
}

func BenchmarkCloudFormation(b *testing.B) {
	d := designtest.Generate(designtest.Base)
	b.ResetTimer()
	for b.Loop() {
		if _, err := CloudFormation(d, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCloudFormationOneStack exports one VPC of the benchmark design
// (about 400 resources), which fits one stack.
func BenchmarkCloudFormationOneStack(b *testing.B) {
	d := designtest.Generate(designtest.Base.Scale(0.02))
	b.ResetTimer()
	for b.Loop() {
		if _, err := CloudFormation(d, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTerraform(b *testing.B) {
	d := designtest.Generate(designtest.Base)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Terraform(d, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestExportsAfterExports: the blocks of resource texts one export hands
// back to the pool are written over by the next: the templates of an
// export stay as they were after other exports, and the same design
// exports to the same bytes again.
func TestExportsAfterExports(t *testing.T) {
	big := designtest.Generate(designtest.Base.Scale(0.2)) // texts of several blocks
	first, err := CloudFormation(big, Options{})
	if err != nil {
		t.Fatal(err)
	}
	kept := make([][]byte, len(first.Files))
	for i, f := range first.Files {
		kept[i] = bytes.Clone(f.Data)
	}
	for _, d := range []*design.Design{designtest.Generate(designtest.Base.Scale(0.1)), big} {
		if _, err := CloudFormation(d, Options{}); err != nil {
			t.Fatal(err)
		}
	}
	again, err := CloudFormation(big, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Files) != len(kept) {
		t.Fatalf("%d files, then %d", len(kept), len(again.Files))
	}
	for i, f := range first.Files {
		if !bytes.Equal(f.Data, kept[i]) {
			t.Errorf("%s changed after later exports", f.Path)
		}
		if !bytes.Equal(again.Files[i].Data, kept[i]) {
			t.Errorf("%s: the same design exported again differs", f.Path)
		}
	}
}
