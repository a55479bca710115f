package exporttest

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
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
// e.g. `resource.aws_subnet.app-a.cidr_block: want string, got list`. nil means it checks.
//
// A problem about an argument or block the provider marks deprecated starts
// with "deprecated: " (e.g. `deprecated: resource.aws_s3_bucket.b.acl: ...`),
// so a caller that tolerates deprecations can filter them out. Problems are
// deduplicated and the result is the same for the same input.
//
// It checks the structure Terraform reads (top-level block types,
// required_providers, provider "aws" arguments from a short hand-kept list,
// variables, outputs, locals) and resource blocks against the provider
// schema (arguments, computed-only, deprecated and required arguments,
// nested blocks, value types), and the references in templates. It does not
// evaluate expressions, check data source or module bodies, or check what
// the provider validates at plan time (enums, CIDR syntax, conflicting
// arguments); the comment on tfChecker (tf_check.go) has the full list.
func CheckTerraform(config []byte) []string {
	root, problems, err := tfParseJSON(config)
	if err != nil {
		return []string{"invalid JSON: " + err.Error()}
	}
	c := &tfChecker{schema: tfLoadSchema(), problems: problems}
	c.check(root)
	return c.result()
}

// TerraformText returns the text Terraform reads from a JSON string
// that is a template without interpolations or directives: "$${" and
// "%%{" stand for "${" and "%{". ok is false when s interpolates or
// directs (or is malformed), so that its value is not text alone.
func TerraformText(s string) (text string, ok bool) {
	if t := tfParseTemplate(s); t.err != "" || len(t.exprs) > 0 {
		return "", false
	}
	s = strings.ReplaceAll(s, "$${", "${")
	return strings.ReplaceAll(s, "%%{", "%{"), true
}

// TerraformTypes returns the resource types whose schemas are embedded, sorted.
func TerraformTypes() []string {
	s := tfLoadSchema()
	types := make([]string, 0, len(s.resources))
	for t := range s.resources {
		types = append(types, t)
	}
	sort.Strings(types)
	return types
}

// TerraformProviderVersion returns the aws provider version of the embedded schema ("6.47.0").
func TerraformProviderVersion() string { return tfProviderVersion }

// ---- schema ----

// tfSchemaFile is the layout of `terraform providers schema -json`, reduced
// to what the checker reads.
type tfSchemaFile struct {
	FormatVersion   string `json:"format_version"`
	ProviderSchemas map[string]struct {
		ResourceSchemas map[string]*tfResourceSchema `json:"resource_schemas"`
	} `json:"provider_schemas"`
}

type tfResourceSchema struct {
	Version int      `json:"version"`
	Block   *tfBlock `json:"block"`
}

type tfBlock struct {
	Attributes map[string]*tfAttribute `json:"attributes"`
	BlockTypes map[string]*tfBlockType `json:"block_types"`
	Deprecated bool                    `json:"deprecated"`
}

type tfAttribute struct {
	Type       json.RawMessage `json:"type"`
	NestedType *tfNestedType   `json:"nested_type"`
	Required   bool            `json:"required"`
	Optional   bool            `json:"optional"`
	Computed   bool            `json:"computed"`
	Deprecated bool            `json:"deprecated"`
	WriteOnly  bool            `json:"write_only"`

	ty *tfType // parsed Type (nil for a nested_type attribute)
}

// computedOnly reports whether the provider sets the attribute and the
// configuration may not.
func (a *tfAttribute) computedOnly() bool { return a.Computed && !a.Optional && !a.Required }

type tfNestedType struct {
	Attributes  map[string]*tfAttribute `json:"attributes"`
	NestingMode string                  `json:"nesting_mode"`
	MinItems    int                     `json:"min_items"`
	MaxItems    int                     `json:"max_items"`
}

type tfBlockType struct {
	NestingMode string   `json:"nesting_mode"`
	Block       *tfBlock `json:"block"`
	MinItems    int      `json:"min_items"`
	MaxItems    int      `json:"max_items"`
}

type tfSchema struct {
	resources map[string]*tfResourceSchema
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

// tfDecodeSchema decodes a gzipped provider schema document and prepares
// its attribute types.
func tfDecodeSchema(gz []byte) (*tfSchema, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	var f tfSchemaFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, err
	}
	p, ok := f.ProviderSchemas[tfProviderAddress]
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
		if err := rs.Block.prepare(); err != nil {
			return nil, fmt.Errorf("%s.%v", name, err)
		}
	}
	return &tfSchema{resources: p.ResourceSchemas}, nil
}

func (b *tfBlock) prepare() error {
	for name, a := range b.Attributes {
		if err := a.prepare(); err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
	}
	for name, bt := range b.BlockTypes {
		if bt.Block == nil {
			return fmt.Errorf("%s: no block", name)
		}
		if err := bt.Block.prepare(); err != nil {
			return fmt.Errorf("%s.%v", name, err)
		}
	}
	return nil
}

func (a *tfAttribute) prepare() error {
	if a.NestedType != nil {
		for name, na := range a.NestedType.Attributes {
			if err := na.prepare(); err != nil {
				return fmt.Errorf("%s: %v", name, err)
			}
		}
		return nil
	}
	ty, err := tfParseType(a.Type)
	if err != nil {
		return err
	}
	a.ty = ty
	return nil
}

// tfType is a cty type as written in the schema JSON: "string", "number",
// "bool", "dynamic", ["list", T], ["set", T], ["map", T],
// ["object", {name: T}, [optional names]], ["tuple", [T...]].
type tfType struct {
	kind     string // string number bool dynamic list set map object tuple
	elem     *tfType
	attrs    map[string]*tfType
	optional map[string]bool
	elems    []*tfType
}

var tfDynamic = &tfType{kind: "dynamic"}

func tfParseType(raw json.RawMessage) (*tfType, error) {
	if len(raw) == 0 {
		return nil, fmt.Errorf("no type")
	}
	var prim string
	if json.Unmarshal(raw, &prim) == nil {
		switch prim {
		case "string", "number", "bool", "dynamic":
			return &tfType{kind: prim}, nil
		}
		return nil, fmt.Errorf("unknown type %q", prim)
	}
	var parts []json.RawMessage
	if err := json.Unmarshal(raw, &parts); err != nil || len(parts) < 2 {
		return nil, fmt.Errorf("bad type %s", raw)
	}
	var kind string
	if err := json.Unmarshal(parts[0], &kind); err != nil {
		return nil, fmt.Errorf("bad type %s", raw)
	}
	t := &tfType{kind: kind}
	switch kind {
	case "list", "set", "map":
		e, err := tfParseType(parts[1])
		if err != nil {
			return nil, err
		}
		t.elem = e
	case "object":
		var attrs map[string]json.RawMessage
		if err := json.Unmarshal(parts[1], &attrs); err != nil {
			return nil, fmt.Errorf("bad object type %s", raw)
		}
		t.attrs = map[string]*tfType{}
		for n, r := range attrs {
			at, err := tfParseType(r)
			if err != nil {
				return nil, err
			}
			t.attrs[n] = at
		}
		if len(parts) > 2 {
			var opt []string
			if err := json.Unmarshal(parts[2], &opt); err != nil {
				return nil, fmt.Errorf("bad optional attributes %s", raw)
			}
			t.optional = map[string]bool{}
			for _, n := range opt {
				t.optional[n] = true
			}
		}
	case "tuple":
		var elems []json.RawMessage
		if err := json.Unmarshal(parts[1], &elems); err != nil {
			return nil, fmt.Errorf("bad tuple type %s", raw)
		}
		for _, r := range elems {
			et, err := tfParseType(r)
			if err != nil {
				return nil, err
			}
			t.elems = append(t.elems, et)
		}
	default:
		return nil, fmt.Errorf("unknown type %s", raw)
	}
	return t, nil
}

// ---- problems and paths ----

func (c *tfChecker) addf(path, format string, args ...any) {
	if c.quiet {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	c.problems = append(c.problems, msg)
}

// deprecatedf records a deprecation; it is prefixed so callers can tell it apart.
func (c *tfChecker) deprecatedf(path, format string, args ...any) {
	if c.quiet {
		return
	}
	c.problems = append(c.problems, "deprecated: "+path+": "+fmt.Sprintf(format, args...))
}

func (c *tfChecker) result() []string {
	if len(c.problems) == 0 {
		return nil
	}
	sort.Strings(c.problems)
	return slices.Compact(c.problems)
}

// tfJoin appends a key to a problem path: `a.b` for a key that is an
// identifier, `a["x y"]` otherwise.
func tfJoin(path, key string) string {
	if !tfIsIdent(key) {
		return path + "[" + strconv.Quote(key) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

func tfIndex(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// tfIsIdent reports whether s is an HCL identifier (the rule Terraform
// uses for block labels such as resource and variable names).
func tfIsIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !tfIdentByte(s[i], i == 0) {
			return false
		}
	}
	return true
}

func tfIdentByte(b byte, first bool) bool {
	switch {
	case b == '_' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z':
		return true
	case '0' <= b && b <= '9' || b == '-':
		return !first
	}
	return false
}

// tfWhat names the JSON kind of a value the way Terraform's messages do.
func tfWhat(n *tfNode) string {
	switch n.kind {
	case tfString:
		return "string"
	case tfNumber:
		return "number"
	case tfBool:
		return "bool"
	case tfArray:
		return "list"
	case tfObject:
		return "object"
	}
	return "null"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
