package exporttest

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// A resource's Properties are validated by jsonschema/v6 against the
// compiled registry schema of its type, then the library's errors are
// read the way CloudFormation reads a template:
//
//   - an intrinsic function call (and a null, reported by the intrinsic
//     walk) stands for a value of any type, so errors at or below it are
//     dropped; what a Ref or Fn::GetAtt points at must suit the property,
//     a list must not go where a single value is wanted (nor the reverse),
//     and the branches of Fn::If are each validated against the schema;
//   - CloudFormation converts scalars ("80" for an integer, true for a
//     string): a type error such a conversion mends is mended in the
//     value, which is validated again, so the value keywords (enum,
//     minimum, pattern...) still apply to it;
//   - registry schemas use anyOf and oneOf loosely: both mean "matches at
//     least one branch", and when none matches the errors of the closest
//     branch (fewest errors) are reported.

// cfnCall is an intrinsic function call (or a null) in a value, at loc.
type cfnCall struct {
	loc    []string
	fn     string
	arg    any
	isNull bool
}

// cfnMaxFix bounds the validate-and-convert passes.
const cfnMaxFix = 8

// validate checks v against the schema s, appending problems, each at path
// plus the place in v, to out.
//
// prop names the property v is the value of, for a call at v itself.
func (c *cfnChecker) validate(out *[]string, t *cfnType, s *jsonschema.Schema, v any, path, prop string, depth int) {
	if s == nil || depth > 8 {
		return
	}
	v = cfnClone(v)
	var calls []cfnCall
	cfnFindCalls(v, nil, &calls)
	excused := func(loc []string) bool {
		return slices.ContainsFunc(calls, func(call cfnCall) bool {
			return len(loc) >= len(call.loc) && slices.Equal(loc[:len(call.loc)], call.loc)
		})
	}
	for range cfnMaxFix {
		err := s.Validate(v)
		ve, ok := err.(*jsonschema.ValidationError)
		if !ok {
			break
		}
		var fixes []cfnFix
		leaves := cfnPrune(ve, v, excused, &fixes)
		if len(fixes) > 0 {
			for _, f := range fixes {
				v = cfnSet(v, f.loc, f.value)
			}
			continue
		}
		for _, l := range leaves {
			*out = append(*out, cfnMessages(path, v, l)...)
		}
		break
	}
	for _, call := range calls {
		if !call.isNull {
			c.validateCall(out, t, s, v, call, path, prop, depth)
		}
	}
}

// cfnFindCalls finds the intrinsic function calls and nulls in v, not
// looking inside a call.
func cfnFindCalls(v any, loc []string, into *[]cfnCall) {
	switch x := v.(type) {
	case nil:
		*into = append(*into, cfnCall{loc: slices.Clone(loc), isNull: true})
	case []any:
		for i, it := range x {
			cfnFindCalls(it, append(loc, strconv.Itoa(i)), into)
		}
	case map[string]any:
		if fn, arg, ok := cfnIntrinsic(x, false); ok {
			*into = append(*into, cfnCall{loc: slices.Clone(loc), fn: fn, arg: arg})
			return
		}
		for _, k := range cfnSortedKeys(x) {
			cfnFindCalls(x[k], append(loc, k), into)
		}
	}
}

// cfnFix is a scalar converted the way CloudFormation converts it.
type cfnFix struct {
	loc   []string
	value any
}

// cfnPrune returns the errors of e that stand: not at or below an
// intrinsic function call, not mended by a scalar conversion (those are
// added to fixes), and for anyOf and oneOf none when a branch passes, else
// the closest branch's.
func cfnPrune(e *jsonschema.ValidationError, v any, excused func([]string) bool, fixes *[]cfnFix) []*jsonschema.ValidationError {
	switch k := e.ErrorKind.(type) {
	case *kind.OneOf:
		if len(k.Subschemas) > 0 { // more than one branch matches
			return nil
		}
		return cfnClosest(e, "oneOf", v, excused, fixes)
	case *kind.AnyOf:
		return cfnClosest(e, "anyOf", v, excused, fixes)
	}
	if len(e.Causes) > 0 {
		var out []*jsonschema.ValidationError
		for _, cause := range e.Causes {
			out = append(out, cfnPrune(cause, v, excused, fixes)...)
		}
		return out
	}
	if excused(e.InstanceLocation) {
		return nil
	}
	if k, ok := e.ErrorKind.(*kind.Type); ok {
		if fixed, ok := cfnConvert(cfnAt(v, e.InstanceLocation), k.Want); ok {
			*fixes = append(*fixes, cfnFix{e.InstanceLocation, fixed})
			return nil
		}
	}
	return []*jsonschema.ValidationError{e}
}

// cfnClosest prunes the branches of an anyOf or oneOf error. Branches
// that only miss required properties (the registry's idiom for "one of
// these property sets must be given") are reported together.
func cfnClosest(e *jsonschema.ValidationError, kw string, v any, excused func([]string) bool, fixes *[]cfnFix) []*jsonschema.ValidationError {
	var best []*jsonschema.ValidationError
	sets := &cfnPropertySets{kw: kw}
	for i, b := range e.Causes {
		errs := cfnPrune(b, v, excused, fixes)
		if len(errs) == 0 {
			return nil
		}
		if i == 0 || len(errs) < len(best) {
			best = errs
		}
		if len(errs) == 1 && slices.Equal(errs[0].InstanceLocation, e.InstanceLocation) {
			if r, ok := errs[0].ErrorKind.(*kind.Required); ok && sets != nil {
				sets.missing = append(sets.missing, r.Missing)
				continue
			}
		}
		sets = nil
	}
	if sets != nil && len(sets.missing) > 1 {
		return []*jsonschema.ValidationError{{InstanceLocation: e.InstanceLocation, ErrorKind: sets}}
	}
	return best
}

// cfnPropertySets is the error of an anyOf or oneOf whose branches each
// miss required properties.
type cfnPropertySets struct {
	kw      string
	missing [][]string
}

func (k *cfnPropertySets) KeywordPath() []string { return []string{k.kw} }

func (k *cfnPropertySets) LocalizedString(*message.Printer) string {
	var shown []string
	for _, m := range k.missing {
		shown = append(shown, "("+strings.Join(m, ", ")+")")
	}
	return fmt.Sprintf("needs one of these sets of properties (%s), missing %s", k.kw, strings.Join(shown, " or "))
}

// cfnConvert converts a scalar to one of the wanted types the way
// CloudFormation does, if it can.
func cfnConvert(v any, want []string) (any, bool) {
	s, isScalar := cfnScalar(v)
	if !isScalar {
		return nil, false
	}
	for _, t := range want {
		if !cfnIsType(v, t) {
			continue
		}
		switch t {
		case "string":
			return s, true
		case "integer", "number":
			return json.Number(s), true
		case "boolean":
			return strings.EqualFold(s, "true"), true
		}
	}
	return nil, false
}

var cfnPrinter = message.NewPrinter(language.English)

// cfnMessages renders a jsonschema/v6 error as problems at path plus its
// place in v.
func cfnMessages(path string, v any, e *jsonschema.ValidationError) []string {
	p := path + cfnLocPath(v, e.InstanceLocation)
	at := cfnAt(v, e.InstanceLocation)
	one := func(format string, args ...any) []string { return []string{p + ": " + fmt.Sprintf(format, args...)} }
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		var out []string
		for _, m := range k.Missing {
			out = append(out, p+"."+m+": required property is missing")
		}
		return out
	case *kind.AdditionalProperties:
		var out []string
		for _, a := range k.Properties {
			out = append(out, p+"."+a+": unknown property")
		}
		return out
	case *kind.Dependency:
		var out []string
		for _, m := range k.Missing {
			out = append(out, p+"."+m+": required when "+k.Prop+" is set")
		}
		return out
	case *kind.Type:
		got := cfnKind(at)
		if _, isScalar := cfnScalar(at); isScalar {
			got += " " + cfnShow(at)
		}
		return one("want %s, got %s", strings.Join(k.Want, " or "), got)
	case *kind.Enum:
		return one("want one of %s, got %s", cfnShowList(k.Want), cfnShow(at))
	case *kind.Const:
		return one("want %s, got %s", cfnShow(k.Want), cfnShow(at))
	case *kind.Pattern:
		return one("%s does not match pattern %s", cfnShow(at), k.Want)
	case *kind.MinLength:
		return one("%s is shorter than minLength %d", cfnShow(at), k.Want)
	case *kind.MaxLength:
		return one("%s is longer than maxLength %d", cfnShow(at), k.Want)
	case *kind.Minimum:
		return one("%s is less than minimum %s", k.Got.RatString(), k.Want.RatString())
	case *kind.Maximum:
		return one("%s is more than maximum %s", k.Got.RatString(), k.Want.RatString())
	case *kind.ExclusiveMinimum:
		return one("%s is not more than exclusiveMinimum %s", k.Got.RatString(), k.Want.RatString())
	case *kind.ExclusiveMaximum:
		return one("%s is not less than exclusiveMaximum %s", k.Got.RatString(), k.Want.RatString())
	case *kind.MinItems:
		return one("%d items, fewer than minItems %d", k.Got, k.Want)
	case *kind.MaxItems:
		return one("%d items, more than maxItems %d", k.Got, k.Want)
	case *kind.UniqueItems:
		return []string{fmt.Sprintf("%s[%d]: same as item %d, and items must be unique", p, k.Duplicates[1], k.Duplicates[0])}
	case *kind.Not:
		return one(`matches a schema it must not match ("not")`)
	}
	return one("%s", e.ErrorKind.LocalizedString(cfnPrinter))
}

// cfnLocPath renders an instance location as a problem path: ".Key" for
// an object's key, "[i]" for an array's item.
func cfnLocPath(v any, loc []string) string {
	var b strings.Builder
	for _, seg := range loc {
		if list, ok := v.([]any); ok {
			b.WriteString("[" + seg + "]")
			i, _ := strconv.Atoi(seg)
			if i >= 0 && i < len(list) {
				v = list[i]
			}
			continue
		}
		b.WriteString("." + seg)
		m, _ := v.(map[string]any)
		v = m[seg]
	}
	return b.String()
}

// cfnAt returns the value at an instance location, or nil.
func cfnAt(v any, loc []string) any {
	for _, seg := range loc {
		switch x := v.(type) {
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		case map[string]any:
			v = x[seg]
		default:
			return nil
		}
	}
	return v
}

// cfnSet replaces the value at an instance location, returning the root.
func cfnSet(root any, loc []string, nv any) any {
	if len(loc) == 0 {
		return nv
	}
	parent := cfnAt(root, loc[:len(loc)-1])
	last := loc[len(loc)-1]
	switch x := parent.(type) {
	case []any:
		if i, err := strconv.Atoi(last); err == nil && i >= 0 && i < len(x) {
			x[i] = nv
		}
	case map[string]any:
		x[last] = nv
	}
	return root
}

// cfnClone copies a decoded JSON value, so conversions do not touch the
// template.
func cfnClone(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, it := range x {
			out[i] = cfnClone(it)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, it := range x {
			out[k] = cfnClone(it)
		}
		return out
	}
	return v
}

// validateCall checks an intrinsic function call found at call.loc: it
// stands for a value of any type, but what a Ref or Fn::GetAtt points at
// must suit the property, a list must not go where a single value is
// wanted (nor the reverse), and the branches of Fn::If are each checked
// against the schema.
func (c *cfnChecker) validateCall(out *[]string, t *cfnType, s *jsonschema.Schema, v any, call cfnCall, path, prop string, depth int) {
	nodes := cfnNodesAt(s, v, call.loc)
	p := path + cfnLocPath(v, call.loc)
	prop = cfnPropName(v, call.loc, prop)
	if call.fn == "Fn::If" {
		if list, ok := call.arg.([]any); ok && len(list) == 3 {
			for i, branch := range list[1:] {
				if f, a, isFn := cfnIntrinsic(branch, false); isFn && f == "Ref" && a == "AWS::NoValue" {
					continue
				}
				for _, n := range nodes {
					c.validate(out, t, n, branch, fmt.Sprintf("%s.Fn::If[%d]", p, i+1), prop, depth+1)
				}
			}
		}
		return
	}
	var expanded []*jsonschema.Schema
	for _, n := range nodes {
		expanded = cfnExpand(n, expanded, 0)
	}
	types := map[string]bool{}
	for _, n := range expanded {
		if n.Types != nil {
			for _, ty := range n.Types.ToStrings() {
				types[ty] = true
			}
		}
	}
	if len(types) > 0 {
		want := strings.Join(slices.Sorted(maps.Keys(types)), " or ")
		switch kind := c.resultKind(call.fn, call.arg); {
		case kind == "list" && !types["array"]:
			*out = append(*out, fmt.Sprintf("%s: want %s, got a list (%s)", p, want, cfnDescribe(call.fn, call.arg)))
			return
		case kind == "string" && len(types) == 1 && types["array"]:
			*out = append(*out, fmt.Sprintf("%s: want array, got a single value (%s)", p, cfnDescribe(call.fn, call.arg)))
			return
		}
	}
	c.checkTarget(out, t, call, expanded, prop, p)
}

// cfnPropName is the name of the nearest property enclosing an instance
// location (array items keep their array's name), which keys the
// reference-target table; name if there is none in loc.
func cfnPropName(v any, loc []string, name string) string {
	for _, seg := range loc {
		if _, isMap := v.(map[string]any); isMap {
			name = seg
		}
		v = cfnAt(v, []string{seg})
	}
	return name
}

// cfnNodesAt returns the schemas that apply to the value at an instance
// location: by properties, patternProperties, additionalProperties and
// items, through $ref, allOf, anyOf and oneOf.
func cfnNodesAt(s *jsonschema.Schema, v any, loc []string) []*jsonschema.Schema {
	nodes := []*jsonschema.Schema{s}
	for _, seg := range loc {
		var next []*jsonschema.Schema
		for _, n := range cfnExpand(nil, nil, 0, nodes...) {
			next = append(next, cfnChildren(n, v, seg)...)
		}
		nodes = next
		v = cfnAt(v, []string{seg})
	}
	return nodes
}

func cfnChildren(n *jsonschema.Schema, v any, seg string) []*jsonschema.Schema {
	var out []*jsonschema.Schema
	if _, isList := v.([]any); isList {
		switch items := n.Items.(type) {
		case *jsonschema.Schema:
			out = append(out, items)
		case []*jsonschema.Schema:
			if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(items) {
				out = append(out, items[i])
			}
		}
		return out
	}
	if p := n.Properties[seg]; p != nil {
		out = append(out, p)
	}
	for re, p := range n.PatternProperties {
		if re.MatchString(seg) {
			out = append(out, p)
		}
	}
	if ap, ok := n.AdditionalProperties.(*jsonschema.Schema); ok && len(out) == 0 {
		out = append(out, ap)
	}
	return out
}

// cfnExpand appends s and the schemas it brings in by $ref, allOf, anyOf
// and oneOf (and the same for each of more).
func cfnExpand(s *jsonschema.Schema, into []*jsonschema.Schema, depth int, more ...*jsonschema.Schema) []*jsonschema.Schema {
	for _, m := range more {
		into = cfnExpand(m, into, depth)
	}
	if s == nil || depth > 16 {
		return into
	}
	into = append(into, s)
	into = cfnExpand(s.Ref, into, depth+1)
	for _, b := range slices.Concat(s.AllOf, s.AnyOf, s.OneOf) {
		into = cfnExpand(b, into, depth+1)
	}
	return into
}

// checkTarget checks that a Ref or Fn::GetAtt in a property that takes
// the ID of some resource type points at a resource of that type.
func (c *cfnChecker) checkTarget(out *[]string, t *cfnType, call cfnCall, nodes []*jsonschema.Schema, prop, path string) {
	var id, attr string
	switch call.fn {
	case "Ref":
		id, _ = call.arg.(string)
	case "Fn::GetAtt":
		var attrArg any
		var ok bool
		if id, attr, attrArg, ok = cfnGetAttArgs(call.arg); !ok || attrArg != nil {
			return
		}
	default:
		return
	}
	typeName, isResource := c.resources[id]
	target := c.reg.types[typeName]
	if !isResource || target == nil || (call.fn == "Fn::GetAtt" && !target.attrs[attr]) {
		// Parameters and pseudo parameters may stand for anything; a
		// missing resource, an unknown type or an unknown attribute is
		// reported by the intrinsic walk.
		return
	}
	targets := c.reg.targets(t, nodes, prop)
	if len(targets) == 0 {
		return
	}
	if call.fn == "Ref" && targets[typeName] {
		return
	}
	if call.fn == "Fn::GetAtt" && (targets[typeName+"."+attr] || targets["*."+attr]) {
		return
	}
	*out = append(*out, fmt.Sprintf("%s: %s is an %s; this property takes %s", path, cfnDescribe(call.fn, call.arg), typeName, cfnShowTargets(targets)))
}

// targets gathers what a Ref or Fn::GetAtt may point at: the nodes'
// relationshipRef annotations, and the hand-kept cfnRefTargets table.
// {"typeName": T, "propertyPath": "/properties/P"} allows Fn::GetAtt of
// T's attribute P, and a Ref to T when P is T's primary identifier (what
// Ref returns).
func (reg *cfnRegistry) targets(t *cfnType, nodes []*jsonschema.Schema, prop string) map[string]bool {
	into := map[string]bool{}
	for _, n := range nodes {
		for _, ext := range n.Extensions {
			rr, ok := ext.(*cfnRelRef)
			if !ok {
				continue
			}
			segs := cfnPointerProps(rr.propertyPath)
			if rr.typeName == "" || segs == nil {
				continue
			}
			into[rr.typeName+"."+strings.Join(segs, ".")] = true
			if target := reg.types[rr.typeName]; target == nil || slices.Equal(target.primary, []string{rr.propertyPath}) {
				into[rr.typeName] = true
			}
		}
	}
	entry, ok := cfnRefTargets[t.name+"."+prop]
	if !ok {
		entry = cfnRefTargets[prop]
	}
	for _, e := range entry {
		into[e] = true
	}
	return into
}

// cfnShowTargets renders a target set: "Ref AWS::EC2::Subnet or
// Fn::GetAtt AWS::EC2::Subnet.SubnetId".
func cfnShowTargets(targets map[string]bool) string {
	var refs, atts, anys []string
	for _, k := range slices.Sorted(maps.Keys(targets)) {
		switch attr, isAny := strings.CutPrefix(k, "*."); {
		case isAny:
			anys = append(anys, "Fn::GetAtt of any resource's "+attr)
		case strings.Contains(k, "."):
			atts = append(atts, "Fn::GetAtt "+k)
		default:
			refs = append(refs, "Ref "+k)
		}
	}
	return strings.Join(slices.Concat(refs, atts, anys), " or ")
}

// checkEnumExtra checks the properties cfnEnumExtra lists.
func (c *cfnChecker) checkEnumExtra(t *cfnType, props map[string]any, path string) {
	prefix := t.name + "."
	for _, key := range slices.Sorted(maps.Keys(cfnEnumExtra)) {
		ppath, ok := strings.CutPrefix(key, prefix)
		if !ok {
			continue
		}
		c.enumAt(props, strings.Split(ppath, "."), path, cfnEnumExtra[key])
	}
}

// enumAt finds the values at a dotted property path (through arrays) and
// reports a scalar that is not one of allowed.
func (c *cfnChecker) enumAt(v any, segs []string, path string, allowed []string) {
	switch x := v.(type) {
	case []any:
		for i, it := range x {
			c.enumAt(it, segs, fmt.Sprintf("%s[%d]", path, i), allowed)
		}
	case map[string]any:
		if len(segs) == 0 {
			return
		}
		if next, ok := x[segs[0]]; ok {
			c.enumAt(next, segs[1:], path+"."+segs[0], allowed)
		}
	default:
		if str, isScalar := cfnScalar(v); isScalar && len(segs) == 0 && !slices.Contains(allowed, str) {
			c.addf(path, "want one of %s, got %s", strings.Join(allowed, ", "), cfnShow(v))
		}
	}
}

// cfnTypes returns a compiled schema's types.
func cfnTypes(s *jsonschema.Schema) []string {
	if s == nil || s.Types == nil {
		return nil
	}
	return s.Types.ToStrings()
}

var (
	cfnIntString    = regexp.MustCompile(`^[+-]?[0-9]+$`)
	cfnNumberString = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)
)

// cfnIsType says whether v passes for a JSON Schema type the way
// CloudFormation reads a template: it converts scalars, so a string
// property takes a number or boolean, an integer or number property takes
// a numeric string, and a boolean property takes "true" or "false".
func cfnIsType(v any, t string) bool {
	switch t {
	case "string":
		_, ok := cfnScalar(v)
		return ok
	case "integer":
		switch x := v.(type) {
		case json.Number:
			if _, err := x.Int64(); err == nil {
				return true
			}
			f, err := x.Float64()
			return err == nil && f == float64(int64(f))
		case string:
			return cfnIntString.MatchString(x)
		}
	case "number":
		switch x := v.(type) {
		case json.Number:
			return true
		case string:
			return cfnNumberString.MatchString(x)
		}
	case "boolean":
		switch x := v.(type) {
		case bool:
			return true
		case string:
			return strings.EqualFold(x, "true") || strings.EqualFold(x, "false")
		}
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "null":
		return v == nil
	}
	return false
}

// cfnKind names the JSON type of a value.
func cfnKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// cfnScalar returns the string form of a string, number or boolean.
func cfnScalar(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// cfnNum reads a number, or a numeric string.
func cfnNum(v any) (float64, bool) {
	s, ok := cfnScalar(v)
	if !ok {
		return 0, false
	}
	if _, isBool := v.(bool); isBool || !cfnNumberString.MatchString(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// cfnEqual compares two values the way CloudFormation's conversions
// allow: 80 equals "80", true equals "true".
func cfnEqual(a, b any) bool {
	sa, okA := cfnScalar(a)
	sb, okB := cfnScalar(b)
	if !okA || !okB {
		return cfnJSON(a) == cfnJSON(b)
	}
	if sa == sb {
		return true
	}
	_, numA := a.(json.Number)
	_, numB := b.(json.Number)
	if numA || numB {
		fa, okA := cfnNum(a)
		fb, okB := cfnNum(b)
		return okA && okB && fa == fb
	}
	_, boolA := a.(bool)
	_, boolB := b.(bool)
	return (boolA || boolB) && strings.EqualFold(sa, sb)
}

// cfnShowList renders an enum for a message, cut short.
func cfnShowList(list []any) string {
	var parts []string
	for i, v := range list {
		if i == 12 {
			parts = append(parts, fmt.Sprintf("... (%d in all)", len(list)))
			break
		}
		parts = append(parts, cfnShow(v))
	}
	return strings.Join(parts, ", ")
}
