package exporttest

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
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
	// schemas, compiled; a pattern Go cannot compile maps to nil and is
	// skipped.
	patterns map[string]*regexp.Regexp
}

// cfnType is one resource type's registry schema.
type cfnType struct {
	name string
	// root is the whole schema document; $ref pointers resolve against it.
	root map[string]any
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
	files, err := fs.Glob(cfnSchemaFS, "schemas/cloudformation/*.json")
	if err != nil {
		panic(err)
	}
	for _, file := range files {
		data, err := cfnSchemaFS.ReadFile(file)
		if err != nil {
			panic(err)
		}
		var root map[string]any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&root); err != nil {
			panic(fmt.Sprintf("exporttest: %s: %v", path.Base(file), err))
		}
		name, _ := root["typeName"].(string)
		if name == "" {
			panic(fmt.Sprintf("exporttest: %s: no typeName", path.Base(file)))
		}
		t := &cfnType{name: name, root: root, attrs: map[string]bool{}}
		for _, p := range cfnStrings(root["readOnlyProperties"]) {
			if segs := cfnPointerProps(p); segs != nil {
				t.readOnly = append(t.readOnly, segs)
			}
		}
		t.primary = cfnStrings(root["primaryIdentifier"])
		reg.types[name] = t
		cfnCompilePatterns(root, reg.patterns)
	}
	for _, t := range reg.types {
		t.attrs = cfnAttributes(t)
	}
	return reg
})

// cfnCompilePatterns compiles every pattern found anywhere in a schema.
// Registry patterns are ECMA-262 regular expressions; those Go's RE2
// syntax cannot express (look-around, \Z) are stored as nil and skipped.
func cfnCompilePatterns(v any, into map[string]*regexp.Regexp) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if s, ok := c.(string); ok && k == "pattern" {
				cfnCompile(s, into)
			}
			if pp, ok := c.(map[string]any); ok && k == "patternProperties" {
				for p := range pp {
					cfnCompile(p, into)
				}
			}
			cfnCompilePatterns(c, into)
		}
	case []any:
		for _, c := range x {
			cfnCompilePatterns(c, into)
		}
	}
}

func cfnCompile(p string, into map[string]*regexp.Regexp) {
	if _, done := into[p]; done {
		return
	}
	re, err := regexp.Compile(p)
	if err != nil {
		re = nil
	}
	into[p] = re
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
		s, _ := cfnSchemaAt(t, segs)
		cfnAddAttrs(t, strings.Join(segs, "."), s, attrs, 0)
	}
	extra := cfnGetAttExtra[t.name]
	if slices.Contains(extra, "*") {
		props, _ := t.root["properties"].(map[string]any)
		for name, s := range props {
			ps, _ := s.(map[string]any)
			cfnAddAttrs(t, name, ps, attrs, 0)
		}
	}
	for _, a := range extra {
		if a != "*" {
			attrs[a] = true
		}
	}
	return attrs
}

func cfnAddAttrs(t *cfnType, name string, s map[string]any, attrs map[string]bool, depth int) {
	s = cfnDeref(t, s)
	props, _ := s["properties"].(map[string]any)
	if len(props) == 0 || depth > 8 {
		attrs[name] = true
		return
	}
	for k, c := range props {
		cs, _ := c.(map[string]any)
		cfnAddAttrs(t, name+"."+k, cs, attrs, depth+1)
	}
}

// cfnSchemaAt finds the schema of a (possibly nested) property.
func cfnSchemaAt(t *cfnType, segs []string) (map[string]any, bool) {
	s := t.root
	for _, seg := range segs {
		s = cfnDeref(t, s)
		props, _ := s["properties"].(map[string]any)
		next, ok := props[seg].(map[string]any)
		if !ok {
			return nil, false
		}
		s = next
	}
	return cfnDeref(t, s), true
}

// cfnDeref follows $ref pointers ("#/definitions/X") until it reaches a
// schema without one, or gives up after a few hops.
func cfnDeref(t *cfnType, s map[string]any) map[string]any {
	for range 16 {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		target := cfnResolve(t, ref)
		if target == nil {
			return s
		}
		s = target
	}
	return s
}

// cfnResolve resolves a local JSON pointer ("#/definitions/Tag").
func cfnResolve(t *cfnType, ref string) map[string]any {
	p, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil
	}
	var cur any = t.root
	for seg := range strings.SplitSeq(strings.TrimPrefix(p, "/"), "/") {
		if seg == "" {
			continue
		}
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[seg]
	}
	m, _ := cur.(map[string]any)
	return m
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
