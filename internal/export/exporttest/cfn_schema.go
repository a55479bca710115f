package exporttest

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// cfnSchemaCtx is the context of the schema walk.
type cfnSchemaCtx struct {
	// t is the resource type: its schema document resolves $ref, and its
	// name keys the reference-target table.
	t *cfnType
	// prop is the name of the nearest enclosing property (array items
	// keep their array's name), which keys the reference-target table.
	prop string
	// ppath is the dotted property path from Properties, without array
	// indices ("Options.DnsSupport"), which keys cfnEnumExtra.
	ppath string
}

// cfnMaxDepth bounds the schema walk; registry schemas nest far less, so
// only a $ref loop or an absurd value reaches it.
const cfnMaxDepth = 64

// validate checks v against the schema node s, appending problems to out.
// It walks the JSON Schema subset the registry schemas use: type, enum,
// const, pattern, minLength, maxLength, minimum, maximum,
// exclusiveMinimum, exclusiveMaximum, items, minItems, maxItems,
// uniqueItems, properties, patternProperties, additionalProperties,
// required, minProperties, maxProperties, dependencies, $ref, allOf, anyOf,
// oneOf and not. Other keywords (format, insertionOrder, arrayType,
// relationshipRef, description...) do not constrain the value here,
// though relationshipRef feeds the reference-target check.
func (c *cfnChecker) validate(out *[]string, v any, s map[string]any, path string, sc cfnSchemaCtx, depth int) {
	if s == nil || depth > cfnMaxDepth || v == nil {
		// null is reported by the intrinsic walk, once.
		return
	}
	addf := func(p, format string, args ...any) {
		*out = append(*out, p+": "+fmt.Sprintf(format, args...))
	}
	if fn, arg, ok := cfnIntrinsic(v, false); ok {
		c.validateIntrinsic(out, fn, arg, s, path, sc, depth)
		return
	}
	if ref, ok := s["$ref"].(string); ok {
		if target := cfnResolve(sc.t, ref); target != nil {
			c.validate(out, v, target, path, sc, depth+1)
		}
	}
	if types := cfnTypes(s); len(types) > 0 && !slices.ContainsFunc(types, func(t string) bool { return cfnIsType(v, t) }) {
		got := cfnKind(v)
		if _, isScalar := cfnScalar(v); isScalar {
			got += " " + cfnShow(v)
		}
		addf(path, "want %s, got %s", strings.Join(types, " or "), got)
		return
	}
	if enum, ok := s["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return cfnEqual(v, e) }) {
		addf(path, "want one of %s, got %s", cfnShowList(enum), cfnShow(v))
	}
	if cv, ok := s["const"]; ok && !cfnEqual(v, cv) {
		addf(path, "want %s, got %s", cfnShow(cv), cfnShow(v))
	}
	c.validateScalar(addf, v, s, path)
	switch x := v.(type) {
	case []any:
		c.validateArray(out, addf, x, s, path, sc, depth)
	case map[string]any:
		c.validateObject(out, addf, x, s, path, sc, depth)
	}
	if all, ok := s["allOf"].([]any); ok {
		for _, b := range all {
			if bs, ok := b.(map[string]any); ok {
				c.validate(out, v, bs, path, sc, depth+1)
			}
		}
	}
	for _, kw := range []string{"anyOf", "oneOf"} {
		if branches, ok := s[kw].([]any); ok && len(branches) > 0 {
			c.validateBranches(out, addf, kw, v, branches, path, sc, depth)
		}
	}
	if not, ok := s["not"].(map[string]any); ok {
		var trial []string
		c.validate(&trial, v, not, path, sc, depth+1)
		if len(trial) == 0 {
			addf(path, "matches a schema it must not match (\"not\")")
		}
	}
}

// validateIntrinsic handles a value that is an intrinsic function call:
// it stands for a value of any type, so it is not type-checked, but what a
// Ref or Fn::GetAtt points at must suit the property, a list must not go
// where a single value is wanted (nor the reverse), and the branches of
// Fn::If are each checked against the schema.
func (c *cfnChecker) validateIntrinsic(out *[]string, fn string, arg any, s map[string]any, path string, sc cfnSchemaCtx, depth int) {
	if fn == "Fn::If" {
		if list, ok := arg.([]any); ok && len(list) == 3 {
			for i, branch := range list[1:] {
				if f, a, isFn := cfnIntrinsic(branch, false); isFn && f == "Ref" && a == "AWS::NoValue" {
					continue
				}
				c.validate(out, branch, s, fmt.Sprintf("%s.Fn::If[%d]", path, i+1), sc, depth+1)
			}
		}
		return
	}
	types := cfnTypes(cfnDeref(sc.t, s))
	if len(types) > 0 {
		kind := c.resultKind(fn, arg)
		switch {
		case kind == "list" && !slices.Contains(types, "array"):
			*out = append(*out, fmt.Sprintf("%s: want %s, got a list (%s)", path, strings.Join(types, " or "), cfnDescribe(fn, arg)))
			return
		case kind == "string" && len(types) == 1 && types[0] == "array":
			*out = append(*out, fmt.Sprintf("%s: want array, got a single value (%s)", path, cfnDescribe(fn, arg)))
			return
		}
	}
	c.checkTarget(out, fn, arg, s, path, sc)
}

// checkTarget checks that a Ref or Fn::GetAtt in a property that takes
// the ID of some resource type points at a resource of that type.
func (c *cfnChecker) checkTarget(out *[]string, fn string, arg any, s map[string]any, path string, sc cfnSchemaCtx) {
	var id, attr string
	switch fn {
	case "Ref":
		id, _ = arg.(string)
	case "Fn::GetAtt":
		var attrArg any
		var ok bool
		if id, attr, attrArg, ok = cfnGetAttArgs(arg); !ok || attrArg != nil {
			return
		}
	default:
		return
	}
	typeName, isResource := c.resources[id]
	t := c.reg.types[typeName]
	if !isResource || t == nil || (fn == "Fn::GetAtt" && !t.attrs[attr]) {
		// Parameters and pseudo parameters may stand for anything; a
		// missing resource, an unknown type or an unknown attribute is
		// reported by the intrinsic walk.
		return
	}
	targets := c.reg.targets(s, sc)
	if len(targets) == 0 {
		return
	}
	if fn == "Ref" && targets[typeName] {
		return
	}
	if fn == "Fn::GetAtt" && (targets[typeName+"."+attr] || targets["*."+attr]) {
		return
	}
	*out = append(*out, fmt.Sprintf("%s: %s is an %s; this property takes %s", path, cfnDescribe(fn, arg), typeName, cfnShowTargets(targets)))
}

// targets gathers what a Ref or Fn::GetAtt at schema node s may point at:
// the node's relationshipRef annotations (also inside $ref, anyOf, oneOf
// and allOf), and the hand-kept cfnRefTargets table.
func (reg *cfnRegistry) targets(s map[string]any, sc cfnSchemaCtx) map[string]bool {
	into := map[string]bool{}
	reg.relationshipTargets(sc.t, s, into, 0)
	entry, ok := cfnRefTargets[sc.t.name+"."+sc.prop]
	if !ok {
		entry = cfnRefTargets[sc.prop]
	}
	for _, e := range entry {
		into[e] = true
	}
	return into
}

// relationshipTargets adds the targets of relationshipRef annotations:
// {"typeName": T, "propertyPath": "/properties/P"} allows Fn::GetAtt of
// T's attribute P, and a Ref to T when P is T's primary identifier (what
// Ref returns).
func (reg *cfnRegistry) relationshipTargets(t *cfnType, s map[string]any, into map[string]bool, depth int) {
	if s == nil || depth > 8 {
		return
	}
	if rr, ok := s["relationshipRef"].(map[string]any); ok {
		typeName, _ := rr["typeName"].(string)
		prop, _ := rr["propertyPath"].(string)
		if segs := cfnPointerProps(prop); typeName != "" && segs != nil {
			into[typeName+"."+strings.Join(segs, ".")] = true
			if target := reg.types[typeName]; target == nil || slices.Equal(target.primary, []string{prop}) {
				into[typeName] = true
			}
		}
	}
	if ref, ok := s["$ref"].(string); ok {
		reg.relationshipTargets(t, cfnResolve(t, ref), into, depth+1)
	}
	for _, kw := range []string{"allOf", "anyOf", "oneOf"} {
		branches, _ := s[kw].([]any)
		for _, b := range branches {
			bs, _ := b.(map[string]any)
			reg.relationshipTargets(t, bs, into, depth+1)
		}
	}
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

// validateScalar checks the string and number keywords.
func (c *cfnChecker) validateScalar(addf func(string, string, ...any), v any, s map[string]any, path string) {
	types := cfnTypes(s)
	str, isScalar := cfnScalar(v)
	if !isScalar {
		return
	}
	_, isStr := v.(string)
	if slices.Contains(types, "string") || (len(types) == 0 && isStr) {
		if p, ok := s["pattern"].(string); ok {
			if re := c.reg.patterns[p]; re != nil && !re.MatchString(str) {
				addf(path, "%s does not match pattern %s", cfnShow(v), p)
			}
		}
		n := utf8.RuneCountInString(str)
		if lo, ok := cfnNum(s["minLength"]); ok && float64(n) < lo {
			addf(path, "%s is shorter than minLength %s", cfnShow(v), s["minLength"])
		}
		if hi, ok := cfnNum(s["maxLength"]); ok && float64(n) > hi {
			addf(path, "%s is longer than maxLength %s", cfnShow(v), s["maxLength"])
		}
	}
	_, isNum := v.(json.Number)
	if !slices.Contains(types, "integer") && !slices.Contains(types, "number") && !(len(types) == 0 && isNum) {
		return
	}
	f, ok := cfnNum(v)
	if !ok {
		return
	}
	if lo, ok := cfnNum(s["minimum"]); ok && f < lo {
		addf(path, "%s is less than minimum %s", str, s["minimum"])
	}
	if hi, ok := cfnNum(s["maximum"]); ok && f > hi {
		addf(path, "%s is more than maximum %s", str, s["maximum"])
	}
	if lo, ok := cfnNum(s["exclusiveMinimum"]); ok && f <= lo {
		addf(path, "%s is not more than exclusiveMinimum %s", str, s["exclusiveMinimum"])
	}
	if hi, ok := cfnNum(s["exclusiveMaximum"]); ok && f >= hi {
		addf(path, "%s is not less than exclusiveMaximum %s", str, s["exclusiveMaximum"])
	}
}

func (c *cfnChecker) validateArray(out *[]string, addf func(string, string, ...any), x []any, s map[string]any, path string, sc cfnSchemaCtx, depth int) {
	if lo, ok := cfnNum(s["minItems"]); ok && float64(len(x)) < lo {
		addf(path, "%d items, fewer than minItems %s", len(x), s["minItems"])
	}
	if hi, ok := cfnNum(s["maxItems"]); ok && float64(len(x)) > hi {
		addf(path, "%d items, more than maxItems %s", len(x), s["maxItems"])
	}
	if u, _ := s["uniqueItems"].(bool); u {
		seen := map[string]int{}
		for i, it := range x {
			key := cfnJSON(it)
			if j, dup := seen[key]; dup {
				addf(fmt.Sprintf("%s[%d]", path, i), "same as item %d, and items must be unique", j)
				continue
			}
			seen[key] = i
		}
	}
	switch items := s["items"].(type) {
	case map[string]any:
		for i, it := range x {
			c.validate(out, it, items, fmt.Sprintf("%s[%d]", path, i), sc, depth+1)
		}
	case []any:
		for i, it := range x {
			if i < len(items) {
				if is, ok := items[i].(map[string]any); ok {
					c.validate(out, it, is, fmt.Sprintf("%s[%d]", path, i), sc, depth+1)
				}
			}
		}
	}
}

func (c *cfnChecker) validateObject(out *[]string, addf func(string, string, ...any), x map[string]any, s map[string]any, path string, sc cfnSchemaCtx, depth int) {
	props, _ := s["properties"].(map[string]any)
	patterns, _ := s["patternProperties"].(map[string]any)
	for _, k := range cfnSortedKeys(x) {
		p := path + "." + k
		child := sc
		child.prop = k
		child.ppath = k
		if sc.ppath != "" {
			child.ppath = sc.ppath + "." + k
		}
		matched := false
		if ps, ok := props[k].(map[string]any); ok {
			matched = true
			c.validate(out, x[k], ps, p, child, depth+1)
			if allowed, ok := cfnEnumExtra[sc.t.name+"."+child.ppath]; ok {
				if str, isScalar := cfnScalar(x[k]); isScalar && !slices.Contains(allowed, str) {
					addf(p, "want one of %s, got %s", strings.Join(allowed, ", "), cfnShow(x[k]))
				}
			}
		}
		for _, pat := range cfnSortedKeys(patterns) {
			re := c.reg.patterns[pat]
			if re == nil {
				// A pattern Go cannot compile: give the key the benefit
				// of the doubt.
				matched = true
				continue
			}
			if !re.MatchString(k) {
				continue
			}
			matched = true
			if ps, ok := patterns[pat].(map[string]any); ok {
				c.validate(out, x[k], ps, p, child, depth+1)
			}
		}
		if matched {
			continue
		}
		switch ap := s["additionalProperties"].(type) {
		case bool:
			if !ap {
				addf(p, "unknown property")
			}
		case map[string]any:
			c.validate(out, x[k], ap, p, child, depth+1)
		}
	}
	for _, r := range cfnStrings(s["required"]) {
		if _, ok := x[r]; !ok {
			addf(path+"."+r, "required property is missing")
		}
	}
	if lo, ok := cfnNum(s["minProperties"]); ok && float64(len(x)) < lo {
		addf(path, "%d properties, fewer than minProperties %s", len(x), s["minProperties"])
	}
	if hi, ok := cfnNum(s["maxProperties"]); ok && float64(len(x)) > hi {
		addf(path, "%d properties, more than maxProperties %s", len(x), s["maxProperties"])
	}
	deps, _ := s["dependencies"].(map[string]any)
	for _, k := range cfnSortedKeys(deps) {
		if _, present := x[k]; !present {
			continue
		}
		switch d := deps[k].(type) {
		case []any:
			for _, r := range cfnStrings(d) {
				if _, ok := x[r]; !ok {
					addf(path+"."+r, "required when %s is set", k)
				}
			}
		case map[string]any:
			c.validate(out, x, d, path, sc, depth+1)
		}
	}
}

// validateBranches checks anyOf and oneOf. Registry schemas use both
// loosely, so both mean "matches at least one branch". Branches that hold
// nothing but required lists (the registry's idiom for "one of these
// property sets must be given") are checked as such; otherwise each branch
// is tried and, when none matches, the problems of the closest branch
// (fewest problems, first on ties) are reported.
func (c *cfnChecker) validateBranches(out *[]string, addf func(string, string, ...any), kw string, v any, branches []any, path string, sc cfnSchemaCtx, depth int) {
	if sets, ok := cfnRequiredOnly(branches); ok {
		x, isObj := v.(map[string]any)
		if !isObj {
			return
		}
		var shown []string
		for _, set := range sets {
			if !slices.ContainsFunc(set, func(r string) bool { _, ok := x[r]; return !ok }) {
				return
			}
			shown = append(shown, "("+strings.Join(set, ", ")+")")
		}
		addf(path, "needs one of these sets of properties (%s): %s", kw, strings.Join(shown, " or "))
		return
	}
	var best []string
	for i, b := range branches {
		bs, ok := b.(map[string]any)
		if !ok {
			return
		}
		var trial []string
		c.validate(&trial, v, bs, path, sc, depth+1)
		if len(trial) == 0 {
			return
		}
		if i == 0 || len(trial) < len(best) {
			best = trial
		}
	}
	*out = append(*out, best...)
}

// cfnRequiredOnly says whether every branch only lists required
// properties, and returns the lists.
func cfnRequiredOnly(branches []any) ([][]string, bool) {
	var sets [][]string
	for _, b := range branches {
		bs, ok := b.(map[string]any)
		if !ok {
			return nil, false
		}
		for k := range bs {
			switch k {
			case "required", "description", "title", "$comment":
			default:
				return nil, false
			}
		}
		set := cfnStrings(bs["required"])
		if len(set) == 0 {
			return nil, false
		}
		sets = append(sets, set)
	}
	return sets, len(sets) > 0
}

// cfnTypes returns a schema node's "type": one name or a list.
func cfnTypes(s map[string]any) []string {
	switch t := s["type"].(type) {
	case string:
		return []string{t}
	case []any:
		return cfnStrings(t)
	}
	return nil
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
