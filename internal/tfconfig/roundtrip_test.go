package tfconfig

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/export"
	"github.com/vpcboard/vpcboard/internal/reach"
	"github.com/vpcboard/vpcboard/internal/tfimport"
	"github.com/vpcboard/vpcboard/internal/validate"
)

// namedPairs is the matrix of d with workloads named by their Name tag,
// which the Terraform export keeps while design IDs change (the export
// names resources after the IDs, and the import makes IDs of addresses).
func namedPairs(t *testing.T, d *design.Design) []reach.MatrixPair {
	t.Helper()
	m, err := reach.Matrix(d)
	if err != nil {
		t.Fatal(err)
	}
	name := func(id string) string {
		if w := d.Workloads[id]; w != nil {
			return w.DisplayName()
		}
		return id
	}
	var out []reach.MatrixPair
	for _, p := range m.Pairs() {
		p.From, p.To = name(p.From), name(p.To)
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b reach.MatrixPair) int {
		if a.From != b.From {
			return strings.Compare(a.From, b.From)
		}
		return strings.Compare(a.To, b.To)
	})
	return out
}

// TestTerraformRoundTrip imports a configuration, exports the design as
// Terraform, JSON (main.tf.json) and HCL (main.tf, variables.tf, ...), reads
// each export back as a configuration directory of its own, and checks
// every matrix cell is the same: the web application (whose matrix has the
// tiers and the internet), the three-tier network of tfimport's tests (a
// local module, rule resources, a load balancer and a database) and each
// example of the module.
func TestTerraformRoundTrip(t *testing.T) {
	dirs := []struct {
		name string
		load func(t *testing.T) *design.Design
	}{
		{"webapp", func(t *testing.T) *design.Design { return importDir(t, os.DirFS("testdata"), "webapp") }},
		{"threetier", func(t *testing.T) *design.Design {
			return importDir(t, os.DirFS(filepath.Join("..", "tfimport", "testdata")), "threetier")
		}},
	}
	for _, name := range slices.Sorted(maps.Keys(examples)) {
		dirs = append(dirs, struct {
			name string
			load func(t *testing.T) *design.Design
		}{name, func(t *testing.T) *design.Design { return importDir(t, corpus, "examples/"+name) }})
	}
	minPairs := map[string]int{"webapp": 16, "threetier": 10}
	for _, c := range dirs {
		for _, hcl := range []bool{false, true} {
			t.Run(c.name+map[bool]string{false: "/json", true: "/hcl"}[hcl], func(t *testing.T) {
				d := c.load(t)
				back := importDir(t, os.DirFS(exportDir(t, d, hcl)), ".")
				before, after := namedPairs(t, d), namedPairs(t, back)
				if len(before) < minPairs[c.name] {
					t.Fatalf("%s matrix has %d pairs; want at least %d", c.name, len(before), minPairs[c.name])
				}
				if !slices.Equal(before, after) {
					for i := range max(len(before), len(after)) {
						if i >= len(before) || i >= len(after) || before[i] != after[i] {
							t.Fatalf("matrix differs at pair %d:\nbefore %v\n after %v", i, at(before, i), at(after, i))
						}
					}
				}
				if len(back.Subnets) != len(d.Subnets) || len(back.RouteTables) != len(d.RouteTables) || len(back.VPCs) != len(d.VPCs) {
					t.Errorf("round trip: %d VPCs, %d subnets, %d route tables; want %d, %d, %d",
						len(back.VPCs), len(back.Subnets), len(back.RouteTables), len(d.VPCs), len(d.Subnets), len(d.RouteTables))
				}
			})
		}
	}
}

// exportDir writes the Terraform export of d (HCL or JSON) into a new
// directory, file by file as `vpcboard export -o DIR` does, and returns it.
func exportDir(t *testing.T, d *design.Design, hcl bool) string {
	t.Helper()
	out, err := export.Terraform(d, export.Options{HCL: hcl})
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	want := map[bool]int{false: 1, true: 4}[hcl] // main.tf.json; main, outputs, variables, versions
	if len(out.Files) != want {
		t.Fatalf("export wrote %d files; want %d", len(out.Files), want)
	}
	tmp := t.TempDir()
	for _, f := range out.Files {
		name := f.Path
		if !hcl {
			name = "main.tf.json"
		}
		if err := os.WriteFile(filepath.Join(tmp, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return tmp
}

func at(ps []reach.MatrixPair, i int) any {
	if i < len(ps) {
		return ps[i]
	}
	return "none"
}

// importDir imports the configuration in dir of fsys.
func importDir(t *testing.T, fsys fs.FS, dir string) *design.Design {
	t.Helper()
	res, err := Import(fsys, dir, Options{})
	if err != nil {
		t.Fatalf("Import %s: %v", dir, err)
	}
	return res.Design
}

// TestConfigurationMatchesState imports the three-tier configuration of
// package tfimport's tests and the state Terraform wrote applying it:
// both make the same matrix, under the same design IDs (addresses), and
// the same findings.
func TestConfigurationMatchesState(t *testing.T) {
	const dir = "../tfimport/testdata/threetier"
	fromConfig := importDir(t, os.DirFS(dir), ".")
	data, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := tfimport.ReadStateFile(data)
	if err != nil {
		t.Fatal(err)
	}
	res, err := tfimport.Build(rs, tfimport.Options{Name: "threetier"})
	if err != nil {
		t.Fatal(err)
	}
	fromState := res.Design
	a, err := reach.Matrix(fromConfig)
	if err != nil {
		t.Fatal(err)
	}
	b, err := reach.Matrix(fromState)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Pairs()) < 4 || !slices.Equal(a.Pairs(), b.Pairs()) {
		t.Errorf("matrix of the configuration:\n%v\nof the state:\n%v", a.Pairs(), b.Pairs())
	}
	codes := func(d *design.Design) []string {
		var out []string
		for _, f := range validate.Validate(d, validate.Config{}) {
			out = append(out, f.Severity.String()+" "+f.Code+" "+f.Path)
		}
		slices.Sort(out)
		return out
	}
	if c, s := codes(fromConfig), codes(fromState); !slices.Equal(c, s) {
		t.Errorf("findings of the configuration %v; of the state %v", c, s)
	}
}
