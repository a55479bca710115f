package exporttest

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// cfnSchemaFS holds the CloudFormation registry schemas, one file per
// resource type, copied byte for byte from rain (see
// schemas/cloudformation/SOURCES.md).
//
//go:embed schemas/cloudformation/*.json
var cfnSchemaFS embed.FS

// CheckCloudFormation checks a CloudFormation template (JSON) and returns
// every problem found, sorted, each naming the resource and property path,
// e.g. "Resources.AppA.Properties.CidrBlock: want string, got object". nil
// means it checks.
//
// It checks the template sections, each resource's attributes, its
// properties against the registry schema of its type, the intrinsic
// functions and what they reference (logical IDs, attributes, conditions,
// mappings), the resource type a Ref or Fn::GetAtt in an ID property must
// point at, and dependency cycles. See the package documentation and
// schemas/cloudformation/SOURCES.md for what it leaves out.
func CheckCloudFormation(template []byte) []string {
	c := &cfnChecker{reg: cfnLoadRegistry(), problems: map[string]bool{}}
	c.check(template)
	if len(c.problems) == 0 {
		return nil
	}
	out := make([]string, 0, len(c.problems))
	for p := range c.problems {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// CloudFormationTypes returns the resource types whose schemas are
// embedded, sorted.
func CloudFormationTypes() []string {
	reg := cfnLoadRegistry()
	out := make([]string, 0, len(reg.types))
	for name := range reg.types {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// cfnRegistry is the parsed set of embedded schemas.
type cfnRegistry struct {
	types map[string]*cfnType
	// patterns holds every "pattern" and "patternProperties" key of the
	// schemas, as jsonschema/v6 asked for them compiled; a pattern Go
	// cannot compile maps to nil and matches anything.
	patterns map[string]*regexp.Regexp
}

// cfnType is one resource type's registry schema.
type cfnType struct {
	name string
	// root is the whole schema document, for the registry's own keys.
	root map[string]any
	// schema is root compiled by jsonschema/v6; it validates Properties.
	schema *jsonschema.Schema
	// readOnly holds the readOnlyProperties pointers, split into property
	// names: "/properties/Endpoint/Address" is ["Endpoint", "Address"].
	readOnly [][]string
	// primary holds the primaryIdentifier pointers as written.
	primary []string
	// attrs holds the Fn::GetAtt attribute names ("Endpoint.Address").
	attrs map[string]bool
}

var cfnLoadRegistry = sync.OnceValue(func() *cfnRegistry {
	reg := &cfnRegistry{types: map[string]*cfnType{}, patterns: map[string]*regexp.Regexp{}}
	compiler := cfnCompiler(reg.patterns)
	files, err := fs.Glob(cfnSchemaFS, "schemas/cloudformation/*.json")
	if err != nil {
		panic(err)
	}
	for _, file := range files {
		t, err := cfnLoadType(compiler, file)
		if err != nil {
			panic(fmt.Sprintf("exporttest: %s: %v", path.Base(file), err))
		}
		reg.types[t.name] = t
	}
	for _, t := range reg.types {
		t.attrs = cfnAttributes(t)
	}
	return reg
})

// cfnCompiler is a jsonschema/v6 compiler for registry schemas: draft 7,
// formats not asserted, relationshipRef kept (cfnRelationshipVocab), and
// patterns compiled by Go's regexp. Registry patterns are ECMA-262
// regular expressions; those RE2 cannot express (look-around, \Z) match
// anything, and are recorded in patterns as nil.
func cfnCompiler(patterns map[string]*regexp.Regexp) *jsonschema.Compiler {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.RegisterVocabulary(cfnRelationshipVocab)
	c.UseRegexpEngine(func(p string) (jsonschema.Regexp, error) {
		re, err := regexp.Compile(p)
		if err != nil {
			patterns[p] = nil
			return cfnAnything(p), nil
		}
		patterns[p] = re
		return re, nil
	})
	return c
}

// cfnAnything is a pattern Go cannot compile: it matches any string.
type cfnAnything string

func (p cfnAnything) String() string          { return string(p) }
func (p cfnAnything) MatchString(string) bool { return true }

// cfnLoadType reads and compiles one embedded schema. Its "$schema" names
// the registry's meta-schema, which is not embedded; the schema is
// compiled as draft 7, the draft that meta-schema extends.
func cfnLoadType(compiler *jsonschema.Compiler, file string) (*cfnType, error) {
	data, err := cfnSchemaFS.ReadFile(file)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	root, _ := doc.(map[string]any)
	name, _ := root["typeName"].(string)
	if name == "" {
		return nil, fmt.Errorf("no typeName")
	}
	delete(root, "$schema")
	url := "file:///" + path.Base(file)
	if err := compiler.AddResource(url, root); err != nil {
		return nil, err
	}
	sch, err := compiler.Compile(url)
	if err != nil {
		return nil, err
	}
	t := &cfnType{name: name, root: root, schema: sch, primary: cfnStrings(root["primaryIdentifier"])}
	for _, p := range cfnStrings(root["readOnlyProperties"]) {
		if segs := cfnPointerProps(p); segs != nil {
			t.readOnly = append(t.readOnly, segs)
		}
	}
	return t, nil
}

// cfnRelRef is a relationshipRef annotation ({"typeName": T,
// "propertyPath": "/properties/P"}: the value is T's P), which
// jsonschema/v6 keeps on the compiled schema through a vocabulary.
type cfnRelRef struct{ typeName, propertyPath string }

func (*cfnRelRef) Validate(*jsonschema.ValidatorContext, any) {}

var cfnRelationshipVocab = &jsonschema.Vocabulary{
	URL: "https://vpcboard.invalid/cloudformation/relationshipRef",
	Compile: func(_ *jsonschema.CompilerContext, obj map[string]any) (jsonschema.SchemaExt, error) {
		rr, ok := obj["relationshipRef"].(map[string]any)
		if !ok {
			return nil, nil
		}
		typeName, _ := rr["typeName"].(string)
		prop, _ := rr["propertyPath"].(string)
		return &cfnRelRef{typeName, prop}, nil
	},
}

// cfnPointerProps splits a schema pointer of the form
// "/properties/A/B" into ["A", "B"]; other pointers give nil.
func cfnPointerProps(p string) []string {
	rest, ok := strings.CutPrefix(p, "/properties/")
	if !ok || rest == "" {
		return nil
	}
	segs := strings.Split(rest, "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return segs
}

// cfnAttributes works out the Fn::GetAtt attributes of a type: its
// readOnlyProperties ("/properties/A/B" is attribute "A.B"; an object with
// properties stands for its leaves), plus the hand-kept extras of
// cfnGetAttExtra.
func cfnAttributes(t *cfnType) map[string]bool {
	attrs := map[string]bool{}
	for _, segs := range t.readOnly {
		cfnAddAttrs(strings.Join(segs, "."), cfnSchemaAt(t, segs), attrs, 0)
	}
	extra := cfnGetAttExtra[t.name]
	if slices.Contains(extra, "*") {
		for name, s := range cfnDeref(t.schema).Properties {
			cfnAddAttrs(name, s, attrs, 0)
		}
	}
	for _, a := range extra {
		if a != "*" {
			attrs[a] = true
		}
	}
	return attrs
}

func cfnAddAttrs(name string, s *jsonschema.Schema, attrs map[string]bool, depth int) {
	s = cfnDeref(s)
	if s == nil || len(s.Properties) == 0 || depth > 8 {
		attrs[name] = true
		return
	}
	for k, c := range s.Properties {
		cfnAddAttrs(name+"."+k, c, attrs, depth+1)
	}
}

// cfnSchemaAt finds the compiled schema of a (possibly nested) property,
// or nil.
func cfnSchemaAt(t *cfnType, segs []string) *jsonschema.Schema {
	s := t.schema
	for _, seg := range segs {
		if s = cfnDeref(s); s == nil {
			return nil
		}
		s = s.Properties[seg]
	}
	return cfnDeref(s)
}

// cfnDeref follows a compiled schema's $ref.
func cfnDeref(s *jsonschema.Schema) *jsonschema.Schema {
	for range 16 {
		if s == nil || s.Ref == nil {
			return s
		}
		s = s.Ref
	}
	return s
}

// cfnStrings returns the strings of a JSON list.
func cfnStrings(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, it := range list {
		if s, ok := it.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
