package export

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/gocty"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/export/exporttest"
)

var hclPaths = []string{"main.tf", "outputs.tf", "variables.tf", "versions.tf"}

// exportHCL returns the HCL form of d's Terraform export, failing t
// unless it is the four files.
func exportHCL(t testing.TB, d *design.Design, opts Options) *Output {
	t.Helper()
	opts.HCL = true
	out := mustExport(t, Terraform, d, opts)
	var paths []string
	for _, f := range out.Files {
		paths = append(paths, f.Path)
	}
	if !slices.Equal(paths, hclPaths) {
		t.Fatalf("HCL export files %v; want %v", paths, hclPaths)
	}
	return out
}

// parseHCL parses the files of an HCL export with hcl/v2's parser, as
// Terraform does, failing t on any diagnostic.
func parseHCL(t testing.TB, name string, out *Output) map[string]*hclsyntax.Body {
	t.Helper()
	p := hclparse.NewParser()
	bodies := map[string]*hclsyntax.Body{}
	for _, f := range out.Files {
		file, diags := p.ParseHCL(f.Data, f.Path)
		if diags.HasErrors() {
			t.Fatalf("%s: %s does not parse: %s", name, f.Path, diags.Error())
		}
		bodies[f.Path] = file.Body.(*hclsyntax.Body)
	}
	return bodies
}

// checkFormatted fails t unless the files are as terraform fmt writes
// them: terraform fmt -check over them when terraform is on the PATH,
// hclwrite.Format, which terraform fmt builds on, otherwise (and always).
func checkFormatted(t *testing.T, name string, out *Output) {
	t.Helper()
	for _, f := range out.Files {
		if got := hclwrite.Format(f.Data); !bytes.Equal(got, f.Data) {
			t.Errorf("%s: %s is not as hclwrite formats it, at %s", name, f.Path, firstDiff(string(f.Data), string(got)))
		}
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		return
	}
	dir := t.TempDir()
	for _, f := range out.Files {
		if err := os.WriteFile(filepath.Join(dir, f.Path), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(tf, "fmt", "-check", "-diff", "-no-color", dir)
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
	if res, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("%s: terraform fmt -check: %v\n%s", name, err, res)
	}
}

// blockAddresses returns the address of every labelled block of a
// configuration's HCL files (resource.aws_vpc.app, variable.region,
// provider.aws) and the names of its attributes and nested blocks.
func blockAddresses(bodies map[string]*hclsyntax.Body) map[string][]string {
	out := map[string][]string{}
	for _, b := range bodies {
		for _, blk := range b.Blocks {
			addr := strings.Join(append([]string{blk.Type}, blk.Labels...), ".")
			var names []string
			for n := range blk.Body.Attributes {
				names = append(names, n)
			}
			for _, nb := range blk.Body.Blocks {
				names = append(names, nb.Type)
			}
			slices.Sort(names)
			if addr == "provider.aws" {
				addr += "." + strings.Join(names, ",") // one per alias
			}
			out[addr] = slices.Compact(names)
		}
	}
	return out
}

// jsonAddresses is blockAddresses of main.tf.json.
func jsonAddresses(t *testing.T, data []byte) map[string][]string {
	t.Helper()
	var cfg map[string]any
	if err := json.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	names := func(body map[string]any) []string {
		var ns []string
		for k := range body {
			if k != "//" {
				ns = append(ns, k)
			}
		}
		slices.Sort(ns)
		return ns
	}
	for key, v := range cfg {
		switch key {
		case "terraform":
			out[key] = names(v.(map[string]any))
		case "variable", "output":
			for n, body := range v.(map[string]any) {
				out[key+"."+n] = names(body.(map[string]any))
			}
		case "provider":
			for _, body := range v.(map[string]any)["aws"].([]any) {
				ns := names(body.(map[string]any))
				out["provider.aws."+strings.Join(ns, ",")] = ns
			}
		case "resource", "data":
			for typ, byName := range v.(map[string]any) {
				for n, body := range byName.(map[string]any) {
					out[key+"."+typ+"."+n] = names(body.(map[string]any))
				}
			}
		}
	}
	return out
}

// TestTerraformHCL: the HCL form of the export of every example and
// corpus template is the four files, parses with hcl/v2, is formatted as
// terraform fmt formats it, passes exporttest.CheckTerraformHCL (the aws
// provider schema), writes as nested blocks what the provider
// schema has as blocks, and says what the JSON form says, block by block
// and value by value (text as Terraform reads it, the references the
// export makes by their source): both are written from one tree
// (issue 17.7).
func TestTerraformHCL(t *testing.T) {
	designs := examplesAndCorpus(t)
	designs["large"] = designtest.Generate(designtest.Base.Scale(0.2))
	designs["multi-region"] = multiRegionDesign(t)
	schema := providerSchema(t)
	for name, d := range designs {
		out := exportHCL(t, d, Options{Findings: []string{"warning x.y z: a finding"}})
		bodies := parseHCL(t, name, out)
		checkFormatted(t, name, out)
		checkBlocksAgainstSchema(t, name, bodies, schema)
		files := map[string][]byte{}
		for _, f := range out.Files {
			files[f.Path] = f.Data
		}
		if problems := exporttest.CheckTerraformHCL(files); len(problems) > 0 {
			t.Errorf("%s: CheckTerraformHCL: %d problems:\n%s", name, len(problems), strings.Join(first(problems, 20), "\n"))
		}
		jsonData := mustExport(t, Terraform, d, Options{Findings: []string{"warning x.y z: a finding"}}).Files[0].Data
		sameConfig(t, name, out, bodies, jsonData)
		hclAddr := blockAddresses(bodies)
		jsonAddr := jsonAddresses(t, jsonData)
		for addr, want := range jsonAddr {
			if got, ok := hclAddr[addr]; !ok {
				t.Errorf("%s: HCL lacks block %s of the JSON form", name, addr)
			} else if !slices.Equal(got, want) {
				t.Errorf("%s: HCL block %s has %v; the JSON form %v", name, addr, got, want)
			}
		}
		if len(hclAddr) != len(jsonAddr) {
			t.Errorf("%s: HCL has %d blocks; the JSON form %d", name, len(hclAddr), len(jsonAddr))
		}
		if !bytes.Contains(out.Files[0].Data, []byte("# warning x.y z: a finding\n")) {
			t.Errorf("%s: main.tf does not carry the finding in its comment", name)
		}
	}
}

// TestTerraformHCLGoldenAndDeterministic compares the HCL export of the
// examples with testdata/golden/hcl (go test -run TestGolden -update
// rewrites them) and exports each twice, and from the design file
// with its keys shuffled: the same bytes.
func TestTerraformHCLGoldenAndDeterministic(t *testing.T) {
	for _, file := range exampleFiles(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		d := readDesign(t, file)
		shuffledDesign, err := design.DecodeBytes(shuffled(t, data))
		if err != nil {
			t.Fatal(err)
		}
		a, b, c := exportHCL(t, d, Options{}), exportHCL(t, d, Options{}), exportHCL(t, shuffledDesign, Options{})
		base := strings.TrimSuffix(filepath.Base(file), ".json")
		for i, f := range a.Files {
			if !bytes.Equal(f.Data, b.Files[i].Data) || !bytes.Equal(f.Data, c.Files[i].Data) {
				t.Errorf("%s %s: two exports differ", base, f.Path)
			}
			checkGolden(t, filepath.Join("testdata", "golden", "hcl", base, f.Path), f.Data)
		}
	}
}

// TestTerraformHCLEscapesDesignText: in the HCL form, design text is
// quoted text whose value is the design's (its "${" and "%{" escaped),
// and the references the export makes are expressions, not templates:
// every template of the files is a literal but the service names around
// the provider's region (issue 17.7, as TestTerraformEscapesDesignText
// for JSON).
func TestTerraformHCLEscapesDesignText(t *testing.T) {
	d := plantedDesign(t)
	out := exportHCL(t, d, Options{})
	bodies := parseHCL(t, "planted", out)
	checkFormatted(t, "planted", out)
	texts := map[string]int{}
	var refs int
	var walk func(path string, e hclsyntax.Expression)
	walk = func(path string, e hclsyntax.Expression) {
		switch x := e.(type) {
		case *hclsyntax.TemplateExpr:
			if !x.IsStringLiteral() {
				for _, part := range x.Parts {
					if tr, ok := part.(*hclsyntax.ScopeTraversalExpr); ok && tr.Traversal.RootName() == "data" && len(tr.Traversal) == 3 {
						continue // data.aws_region.NAME.region
					}
					if _, ok := part.(*hclsyntax.LiteralValueExpr); !ok {
						t.Errorf("%s: a template with interpolations the export does not write", path)
					}
				}
				return
			}
			v, diags := x.Value(nil)
			if diags.HasErrors() {
				t.Errorf("%s: %s", path, diags.Error())
				return
			}
			texts[v.AsString()]++
		case *hclsyntax.ObjectConsExpr:
			for _, item := range x.Items {
				k, diags := item.KeyExpr.Value(nil)
				if diags.HasErrors() {
					t.Errorf("%s: object key: %s", path, diags.Error())
					continue
				}
				texts[k.AsString()]++
				walk(path+"."+k.AsString(), item.ValueExpr)
			}
		case *hclsyntax.TupleConsExpr:
			for _, it := range x.Exprs {
				walk(path+"[]", it)
			}
		case *hclsyntax.ScopeTraversalExpr:
			refs++
		}
	}
	var body func(path string, b *hclsyntax.Body)
	body = func(path string, b *hclsyntax.Body) {
		for n, a := range b.Attributes {
			walk(path+"."+n, a.Expr)
		}
		for _, blk := range b.Blocks {
			body(path+"."+strings.Join(append([]string{blk.Type}, blk.Labels...), "."), blk.Body)
		}
	}
	for p, b := range bodies {
		body(p, b)
	}
	resources := checkPlantedTexts(t, d, texts)
	if refs < resources {
		t.Errorf("%d references are traversals; want at least %d (the VPC of every subnet and group)", refs, resources)
	}
	main := string(out.Files[0].Data)
	if strings.Contains(main, `"${aws_`) || strings.Contains(main, `"${var.`) {
		t.Errorf("main.tf writes a reference as a template:\n%s", main)
	}
}

// tfSchemaBlock is a block of the provider schema (terraform providers
// schema -json), as far as the next test reads it.
type tfSchemaBlock struct {
	Attributes map[string]json.RawMessage `json:"attributes"`
	BlockTypes map[string]struct {
		Block tfSchemaBlock `json:"block"`
	} `json:"block_types"`
}

// providerSchema reads the resource schemas of the aws provider that
// exporttest embeds.
func providerSchema(t *testing.T) map[string]tfSchemaBlock {
	t.Helper()
	f, err := os.Open(filepath.Join("exporttest", "schemas", "terraform", "aws-provider-v6.47.0.subset.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		ProviderSchemas map[string]struct {
			ResourceSchemas map[string]struct {
				Block tfSchemaBlock `json:"block"`
			} `json:"resource_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.NewDecoder(z).Decode(&file); err != nil {
		t.Fatal(err)
	}
	out := map[string]tfSchemaBlock{}
	for _, p := range file.ProviderSchemas {
		for typ, r := range p.ResourceSchemas {
			out[typ] = r.Block
		}
	}
	return out
}

// checkBlocksAgainstSchema fails t where an HCL resource writes as a
// nested block what the provider schema has as an attribute, or the other
// way round: JSON syntax leaves that to the schema, HCL must say it, and
// hclBlockKeys is how the writer knows.
func checkBlocksAgainstSchema(t *testing.T, name string, bodies map[string]*hclsyntax.Body, schema map[string]tfSchemaBlock) {
	t.Helper()
	var check func(path string, b *hclsyntax.Body, s tfSchemaBlock)
	check = func(path string, b *hclsyntax.Body, s tfSchemaBlock) {
		for n := range b.Attributes {
			if _, ok := s.BlockTypes[n]; ok {
				t.Errorf("%s: %s.%s is an attribute; the provider has a block", name, path, n)
			}
		}
		for _, nb := range b.Blocks {
			bt, ok := s.BlockTypes[nb.Type]
			if !ok {
				t.Errorf("%s: %s.%s is a block; the provider has none", name, path, nb.Type)
				continue
			}
			check(path+"."+nb.Type, nb.Body, bt.Block)
		}
	}
	for _, b := range bodies {
		for _, blk := range b.Blocks {
			if blk.Type != "resource" {
				continue
			}
			s, ok := schema[blk.Labels[0]]
			if !ok {
				t.Errorf("%s: resource type %s is not in the provider schema", name, blk.Labels[0])
				continue
			}
			check(strings.Join(blk.Labels, "."), blk.Body, s)
		}
	}
}

// multiRegionDesign is peered-s3 with every VPC but the first in another
// account and region, so that providers have aliases and the data sources
// of the region and the AMI one per provider.
func multiRegionDesign(t *testing.T) *design.Design {
	d := readDesign(t, "../../examples/peered-s3.json")
	for i, id := range design.SortedIDs(d.VPCs) {
		if i > 0 {
			d.VPCs[id].Region, d.VPCs[id].Account = "eu-central-1", "222222222222"
		}
	}
	return d
}

// hclMatcher compares the HCL form with the JSON form value by value:
// text by what Terraform reads from each, the expressions the export
// makes by their source.
type hclMatcher struct {
	t    *testing.T
	name string
	src  []byte // of the HCL file being compared
}

// body compares a JSON object with an HCL body: every member an
// attribute, or one nested block per object, and nothing more.
func (m *hclMatcher) body(path string, j map[string]any, b *hclsyntax.Body, typ string) {
	seen := 0
	for k, v := range j {
		if k == "//" {
			continue
		}
		seen++
		if a, ok := b.Attributes[k]; ok {
			m.value(path+"."+k, v, a.Expr, typ, k)
			continue
		}
		var blocks []*hclsyntax.Block
		for _, nb := range b.Blocks {
			if nb.Type == k {
				blocks = append(blocks, nb)
			}
		}
		items, ok := v.([]any)
		if !ok {
			items = []any{v}
		}
		if len(blocks) != len(items) {
			m.t.Errorf("%s: %s.%s: %d blocks in HCL; the JSON form has %d values", m.name, path, k, len(blocks), len(items))
			continue
		}
		for i, it := range items {
			o, _ := it.(map[string]any)
			m.body(path+"."+k, o, blocks[i].Body, k)
		}
	}
	if n := len(b.Attributes) + len(b.Blocks); n < seen {
		m.t.Errorf("%s: %s: %d attributes and blocks; the JSON form %d", m.name, path, n, seen)
	}
}

// value compares the JSON value v of argument key of a block of type typ
// with the HCL expression e.
func (m *hclMatcher) value(path string, v any, e hclsyntax.Expression, typ, key string) {
	source := string(e.Range().SliceBytes(m.src))
	switch x := v.(type) {
	case string:
		switch {
		case key == "provider" || typ == "variable" && key == "type" || key == "depends_on":
			if source != x {
				m.t.Errorf("%s: %s in HCL; %q in JSON", m.name, path, x)
			}
			return
		}
		if text, ok := exporttest.TerraformText(x); ok {
			got, diags := e.Value(nil)
			if diags.HasErrors() || !got.Type().Equals(cty.String) || got.AsString() != text {
				m.t.Errorf("%s: %s = %s in HCL; the JSON form's text is %q", m.name, path, source, text)
			}
			return
		}
		want := `"` + x + `"`
		if inner, ok := strings.CutPrefix(x, "${"); ok && strings.HasSuffix(inner, "}") && !strings.Contains(inner, "${") {
			want = inner[:len(inner)-1]
		}
		if source != want {
			m.t.Errorf("%s: %s in HCL; %s in JSON", m.name, path, want)
		}
	case []any:
		tup, ok := e.(*hclsyntax.TupleConsExpr)
		if !ok || len(tup.Exprs) != len(x) {
			m.t.Errorf("%s: %s = %s in HCL; a list of %d in JSON", m.name, path, source, len(x))
			return
		}
		for i, it := range x {
			m.value(path+"[]", it, tup.Exprs[i], typ, key)
		}
	case map[string]any:
		o, ok := e.(*hclsyntax.ObjectConsExpr)
		if !ok || len(o.Items) != len(x) {
			m.t.Errorf("%s: %s = %s in HCL; an object of %d in JSON", m.name, path, source, len(x))
			return
		}
		for _, item := range o.Items {
			k, diags := item.KeyExpr.Value(nil)
			if diags.HasErrors() {
				m.t.Errorf("%s: %s: key %s", m.name, path, diags.Error())
				continue
			}
			found := false
			for jk, jv := range x {
				if text, _ := exporttest.TerraformText(jk); text == k.AsString() {
					m.value(path+"."+text, jv, item.ValueExpr, typ, text)
					found = true
				}
			}
			if !found {
				m.t.Errorf("%s: %s: key %q is not in the JSON form", m.name, path, k.AsString())
			}
		}
	default:
		got, diags := e.Value(nil)
		want, err := gocty.ToCtyValue(x, got.Type())
		if diags.HasErrors() || err != nil || !got.RawEquals(want) {
			m.t.Errorf("%s: %s = %s in HCL; %v in JSON", m.name, path, source, x)
		}
	}
}

// sameConfig compares the HCL files of a configuration with its JSON form,
// block by block and value by value.
func sameConfig(t *testing.T, name string, hclOut *Output, bodies map[string]*hclsyntax.Body, jsonData []byte) {
	t.Helper()
	var cfg map[string]any
	if err := json.Unmarshal(jsonData, &cfg); err != nil {
		t.Fatal(err)
	}
	for _, f := range hclOut.Files {
		m := &hclMatcher{t: t, name: name + " " + f.Path, src: f.Data}
		for _, blk := range bodies[f.Path].Blocks {
			var j any = cfg[blk.Type]
			for _, l := range blk.Labels {
				j = j.(map[string]any)[l]
			}
			if blk.Type == "provider" {
				continue // a list of blocks under one label; compared below
			}
			o, ok := j.(map[string]any)
			if !ok {
				t.Errorf("%s: %s %v is not in the JSON form", m.name, blk.Type, blk.Labels)
				continue
			}
			m.body(strings.Join(append([]string{blk.Type}, blk.Labels...), "."), o, blk.Body, blk.Type)
		}
		var providers []*hclsyntax.Block
		for _, blk := range bodies[f.Path].Blocks {
			if blk.Type == "provider" {
				providers = append(providers, blk)
			}
		}
		if len(providers) > 0 {
			list := cfg["provider"].(map[string]any)["aws"].([]any)
			if len(list) != len(providers) {
				t.Errorf("%s: %d provider blocks; the JSON form has %d", m.name, len(providers), len(list))
				continue
			}
			for i, p := range providers {
				m.body("provider.aws", list[i].(map[string]any), p.Body, "provider")
			}
		}
	}
}

// examplesAndCorpus returns the designs of the examples and of the corpus
// templates whose export is not refused, by file name.
func examplesAndCorpus(t *testing.T) map[string]*design.Design {
	designs := map[string]*design.Design{}
	for _, file := range exampleFiles(t) {
		designs[filepath.Base(file)] = readDesign(t, file)
	}
	for _, file := range corpusFiles(t) {
		designs[file] = importCorpusFile(t, file)
	}
	return designs
}
