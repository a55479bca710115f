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
// Terraform JSON, imports that as main.tf.json of a directory of its own,
// and checks every matrix cell is the same: the web application (whose
// matrix has the tiers and the internet) and each example of the module.
func TestTerraformRoundTrip(t *testing.T) {
	dirs := []struct {
		name string
		load func(t *testing.T) *design.Design
	}{{"webapp", func(t *testing.T) *design.Design { return importDir(t, os.DirFS("testdata"), "webapp") }}}
	for _, name := range slices.Sorted(maps.Keys(examples)) {
		dirs = append(dirs, struct {
			name string
			load func(t *testing.T) *design.Design
		}{name, func(t *testing.T) *design.Design { return importDir(t, corpus, "examples/"+name) }})
	}
	for _, c := range dirs {
		t.Run(c.name, func(t *testing.T) {
			d := c.load(t)
			out, err := export.Terraform(d, export.Options{})
			if err != nil {
				t.Fatalf("export: %v", err)
			}
			tmp := t.TempDir()
			for _, f := range out.Files {
				if err := os.WriteFile(filepath.Join(tmp, "main.tf.json"), f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if len(out.Files) != 1 {
				t.Fatalf("export wrote %d files; want 1", len(out.Files))
			}
			back := importDir(t, os.DirFS(tmp), ".")
			before, after := namedPairs(t, d), namedPairs(t, back)
			if c.name == "webapp" && len(before) < 16 {
				t.Fatalf("webapp matrix has %d pairs; want the 4 instances and the internet", len(before))
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
