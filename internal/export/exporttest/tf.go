package exporttest

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	version "github.com/hashicorp/go-version"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	tfjson "github.com/hashicorp/terraform-json"
)

// tfProviderVersion is the hashicorp/aws release the embedded schema subset
// was taken from; tfSubsetFile names the embedded file.
const (
	tfProviderVersion = "6.47.0"
	tfProviderAddress = "registry.terraform.io/hashicorp/aws"
	tfSubsetFile      = "schemas/terraform/aws-provider-v" + tfProviderVersion + ".subset.json.gz"
)

//go:embed schemas/terraform/aws-provider-v6.47.0.subset.json.gz
var tfSubsetGz []byte

// CheckTerraform checks a Terraform configuration in JSON syntax (the
// content of a main.tf.json) against the embedded aws provider schema and
// returns every problem found, sorted, each naming the block and attribute,
// e.g. `resource.aws_subnet.app-a.cidr_block: want string, got list`. nil
// means it checks.
//
// A problem about an argument or block the provider marks deprecated starts
// with "deprecated: " (e.g. `deprecated: resource.aws_s3_bucket.b.acl: ...`),
// so a caller that tolerates deprecations can filter them out. Problems are
// deduplicated and the result is the same for the same input.
//
// The configuration is read by hashicorp/hcl/v2's json package, as
// Terraform reads it; see the package documentation for what is checked.
func CheckTerraform(config []byte) []string {
	f, diags := hcljson.Parse(config, "main.tf.json")
	if diags.HasErrors() {
		return []string{"invalid JSON: " + diags.Errs()[0].Error()}
	}
	return tfCheck(tfLoadSchema(), f.Body, nil)
}

// CheckTerraformHCL checks a Terraform configuration made of files in the
// native syntax (name.tf) or the JSON syntax (name.tf.json), keyed by
// file name, the way CheckTerraform checks one main.tf.json: the files
// are parsed by hashicorp/hcl/v2 (hclparse) and merged into one module,
// so a reference may cross files. Other names are reported. When a file
// does not parse, hcl's diagnostics (file:line,col) are the only problems
// reported, as Terraform stops there too.
func CheckTerraformHCL(files map[string][]byte) []string {
	p := hclparse.NewParser()
	var parsed []*hcl.File
	var problems []string
	syntaxErr := false
	for _, name := range sortedKeys(files) {
		var f *hcl.File
		var diags hcl.Diagnostics
		switch {
		case strings.HasSuffix(name, ".tf.json"):
			f, diags = p.ParseJSON(files[name], name)
		case strings.HasSuffix(name, ".tf"):
			f, diags = p.ParseHCL(files[name], name)
		default:
			problems = append(problems, name+": not a Terraform file (want name.tf or name.tf.json)")
			continue
		}
		if diags.HasErrors() {
			syntaxErr = true
			for _, d := range diags.Errs() {
				problems = append(problems, name+": "+d.Error())
			}
			continue
		}
		parsed = append(parsed, f)
	}
	if syntaxErr {
		slices.Sort(problems)
		return problems
	}
	return tfCheck(tfLoadSchema(), hcl.MergeFiles(parsed), problems)
}

func tfCheck(schema *tfSchema, body hcl.Body, problems []string) []string {
	c := &tfChecker{schema: schema, problems: problems}
	c.check(body)
	return c.result()
}

// TerraformText returns the text Terraform reads from a JSON string
// that is a template without interpolations or directives: "$${" and
// "%%{" stand for "${" and "%{". ok is false when s interpolates or
// directs (or is malformed), so that its value is not text alone.
func TerraformText(s string) (text string, ok bool) {
	expr, diags := hclsyntax.ParseTemplate([]byte(s), "", hcl.InitialPos)
	if diags.HasErrors() {
		return "", false
	}
	if t, isTemplate := expr.(*hclsyntax.TemplateExpr); isTemplate {
		for _, part := range t.Parts {
			if _, literal := part.(*hclsyntax.LiteralValueExpr); !literal {
				return "", false
			}
		}
	} else if _, literal := expr.(*hclsyntax.LiteralValueExpr); !literal {
		return "", false
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() {
		return "", false
	}
	return v.AsString(), true
}

// TerraformTypes returns the resource types whose schemas are embedded, sorted.
func TerraformTypes() []string {
	return sortedKeys(tfLoadSchema().resources)
}

// TerraformProviderVersion returns the aws provider version of the embedded schema ("6.47.0").
func TerraformProviderVersion() string { return tfProviderVersion }

// tfSchema is the provider's resource schemas, as terraform-json reads
// `terraform providers schema -json`.
type tfSchema struct {
	resources map[string]*tfjson.Schema
}

var tfLoadSchema = sync.OnceValue(func() *tfSchema {
	s, err := tfDecodeSchema(tfSubsetGz)
	if err != nil {
		// The embedded file is checked by TestTerraformSubset; a broken one
		// is a build problem, not an input problem.
		panic(fmt.Sprintf("exporttest: embedded %s: %v", tfSubsetFile, err))
	}
	return s
})

// tfDecodeSchema decodes a gzipped provider schema document.
func tfDecodeSchema(gz []byte) (*tfSchema, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	var f tfjson.ProviderSchemas
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, err
	}
	p, ok := f.Schemas[tfProviderAddress]
	if !ok {
		return nil, fmt.Errorf("no provider %s", tfProviderAddress)
	}
	if len(p.ResourceSchemas) == 0 {
		return nil, fmt.Errorf("no resource schemas")
	}
	for name, rs := range p.ResourceSchemas {
		if rs.Block == nil {
			return nil, fmt.Errorf("%s: no block", name)
		}
	}
	return &tfSchema{resources: p.ResourceSchemas}, nil
}

// tfAWSVersion is the provider version as go-version reads it.
var tfAWSVersion = version.Must(version.NewVersion(tfProviderVersion))

// tfVersionMatches reports whether the embedded schema's provider version
// satisfies a version constraint, read by hashicorp/go-version (the
// library Terraform reads required_version with).
func tfVersionMatches(constraint string) (bool, error) {
	cs, err := version.NewConstraint(constraint)
	if err != nil {
		return false, err
	}
	return cs.Check(tfAWSVersion), nil
}

// ---- problems ----

func (c *tfChecker) addf(path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	c.problems = append(c.problems, msg)
}

// deprecatedf records a deprecation; it is prefixed so callers can tell it apart.
func (c *tfChecker) deprecatedf(path, format string, args ...any) {
	c.problems = append(c.problems, "deprecated: "+path+": "+fmt.Sprintf(format, args...))
}

func (c *tfChecker) result() []string {
	if len(c.problems) == 0 {
		return nil
	}
	slices.Sort(c.problems)
	return slices.Compact(c.problems)
}

// diags reports hcl's diagnostics about a body at path. The diagnostics
// that name an argument or block (unknown, missing, duplicated) are
// reported at path.name; unknown says what an unknown name is.
func (c *tfChecker) diags(path string, ds hcl.Diagnostics, unknown func(name string) string) {
	for _, d := range ds.Errs() {
		hd, _ := d.(*hcl.Diagnostic)
		if hd == nil {
			c.addf(path, "%v", d)
			continue
		}
		name, named := tfQuoted(hd.Detail)
		p := path
		if named {
			p = tfJoin(path, name)
		}
		switch hd.Summary {
		case "Extraneous JSON object property", "Unsupported argument", "Unsupported block type":
			c.addf(p, "%s", unknown(name))
		case "Missing required argument":
			c.addf(p, "missing")
		case "Duplicate argument":
			c.addf(p, "duplicate argument")
		default:
			c.addf(p, "%s", tfDiagText(hd))
		}
	}
}

// tfDiagText renders a diagnostic without its location, which the path
// replaces: "Summary: Detail".
func tfDiagText(d *hcl.Diagnostic) string {
	if d.Detail == "" {
		return d.Summary
	}
	return d.Summary + ": " + d.Detail
}

// tfQuoted returns the first double-quoted name in a diagnostic's detail,
// which hcl uses for the argument or block it is about.
func tfQuoted(s string) (string, bool) {
	_, rest, ok := strings.Cut(s, `"`)
	if !ok {
		return "", false
	}
	name, _, ok := strings.Cut(rest, `"`)
	return name, ok
}

// tfJoin appends a key to a problem path: `a.b` for a key that is an
// identifier, `a["x y"]` otherwise.
func tfJoin(path, key string) string {
	if !hclsyntax.ValidIdentifier(key) {
		return path + "[" + fmt.Sprintf("%q", key) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

func tfIndex(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
