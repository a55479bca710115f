package exporttest

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// cfnScope says where in the template a value sits, which decides what
// its intrinsic functions may reference.
type cfnScope int

const (
	cfnInResource  cfnScope = iota // a resource's Properties
	cfnInMetadata                  // Metadata, of the template or a resource
	cfnInOutput                    // an output's Value or Export.Name
	cfnInCondition                 // the Conditions section
)

// cfnWalk is the context of the intrinsic-function walk.
type cfnWalk struct {
	scope cfnScope
	// from is the resource whose Properties are walked, for dependency
	// edges.
	from string
	// condArg is set where a condition is expected (a Conditions entry,
	// the arguments of Fn::And, Fn::Or and Fn::Not), the one place
	// {"Condition": name} is a function rather than a property.
	condArg bool
	// inImport is set inside Fn::ImportValue, which cannot depend on a
	// resource.
	inImport bool
}

// cfnFunctions are the intrinsic function names; an object whose single
// key is one of them is a function call.
var cfnFunctions = map[string]bool{
	"Ref": true, "Fn::And": true, "Fn::Base64": true, "Fn::Cidr": true,
	"Fn::Equals": true, "Fn::FindInMap": true, "Fn::GetAtt": true, "Fn::GetAZs": true,
	"Fn::If": true, "Fn::ImportValue": true, "Fn::Join": true, "Fn::Length": true,
	"Fn::Not": true, "Fn::Or": true, "Fn::Select": true, "Fn::Split": true,
	"Fn::Sub": true, "Fn::ToJsonString": true, "Fn::Transform": true,
}

// cfnConditionFns are the functions a condition may be built of.
var cfnConditionFns = map[string]bool{
	"Condition": true, "Fn::And": true, "Fn::Equals": true, "Fn::Not": true, "Fn::Or": true,
}

// cfnIntrinsic says whether v is an intrinsic function call: an object
// with a single key that is Ref or starts with Fn:: (or is Condition,
// where a condition is expected).
func cfnIntrinsic(v any, condArg bool) (fn string, arg any, ok bool) {
	m, isObj := v.(map[string]any)
	if !isObj || len(m) != 1 {
		return "", nil, false
	}
	for k, a := range m {
		if k == "Ref" || strings.HasPrefix(k, "Fn::") || (condArg && k == "Condition") {
			return k, a, true
		}
	}
	return "", nil, false
}

// walk visits every value, checks each intrinsic function call and
// records the dependencies they make.
func (c *cfnChecker) walk(v any, path string, w cfnWalk) {
	switch x := v.(type) {
	case nil:
		c.addf(path, "null values are not allowed in templates")
	case []any:
		for i, it := range x {
			c.walk(it, fmt.Sprintf("%s[%d]", path, i), w)
		}
	case map[string]any:
		if fn, arg, ok := cfnIntrinsic(x, w.condArg); ok {
			c.intrinsic(fn, arg, path, w)
			return
		}
		w.condArg = false
		for _, k := range cfnSortedKeys(x) {
			if len(x) > 1 && (k == "Ref" || strings.HasPrefix(k, "Fn::")) {
				c.addf(path, "%s must be the only key of its object", k)
			}
			c.walk(x[k], path+"."+k, w)
		}
	}
}

// args checks that an intrinsic function's argument is a list of between
// lo and hi items.
func (c *cfnChecker) args(fn string, arg any, path string, lo, hi int, shape string) ([]any, bool) {
	list, ok := arg.([]any)
	if !ok || len(list) < lo || len(list) > hi {
		c.addf(path, "%s wants %s, got %s", fn, shape, cfnShow(arg))
		return nil, false
	}
	return list, true
}

// stringArg checks an argument that must be a literal string.
func (c *cfnChecker) stringArg(fn string, v any, path, what string) (string, bool) {
	s, ok := v.(string)
	if !ok {
		c.addf(path, "%s: %s must be a literal string, got %s", fn, what, cfnKind(v))
	}
	return s, ok
}

func (c *cfnChecker) intrinsic(fn string, arg any, path string, w cfnWalk) {
	at := path + "." + fn
	condArg := w.condArg
	w.condArg = false
	switch fn {
	case "Ref":
		name, ok := arg.(string)
		if !ok {
			c.addf(path, "Ref wants a logical ID string, got %s", cfnShow(arg))
			return
		}
		c.ref(name, path, w)
	case "Fn::GetAtt":
		id, attr, attrArg, ok := cfnGetAttArgs(arg)
		if !ok {
			c.addf(path, `Fn::GetAtt wants ["LogicalId", "Attribute"] or "LogicalId.Attribute", got %s`, cfnShow(arg))
			return
		}
		if attrArg != nil {
			c.walk(attrArg, at+"[1]", w)
		}
		c.getAtt(id, attr, attrArg == nil, path, w)
	case "Fn::Sub":
		c.sub(arg, path, w)
	case "Fn::Join":
		list, ok := c.args(fn, arg, path, 2, 2, "[delimiter, [values]]")
		if !ok {
			return
		}
		c.stringArg(fn, list[0], path, "the delimiter")
		if _, isList := list[1].([]any); !isList {
			if _, _, isFn := cfnIntrinsic(list[1], false); !isFn {
				c.addf(path, "Fn::Join wants a list of values, got %s", cfnKind(list[1]))
			}
		}
		c.walk(list[1], at+"[1]", w)
	case "Fn::Select":
		list, ok := c.args(fn, arg, path, 2, 2, "[index, [values]]")
		if !ok {
			return
		}
		c.walk(list[0], at+"[0]", w)
		c.walk(list[1], at+"[1]", w)
		_, idxFn := list[0].(map[string]any)
		if !idxFn && !cfnIsType(list[0], "integer") {
			c.addf(path, "Fn::Select: index must be an integer, got %s", cfnShow(list[0]))
			return
		}
		items, isList := list[1].([]any)
		if !isList {
			if _, _, isFn := cfnIntrinsic(list[1], false); !isFn {
				c.addf(path, "Fn::Select wants a list of values, got %s", cfnKind(list[1]))
			}
			return
		}
		if s, isScalar := cfnScalar(list[0]); isScalar && !idxFn {
			if i, err := strconv.Atoi(s); err == nil && (i < 0 || i >= len(items)) {
				c.addf(path, "Fn::Select: index %d is out of range for %d values", i, len(items))
			}
		}
	case "Fn::Split":
		list, ok := c.args(fn, arg, path, 2, 2, "[delimiter, string]")
		if !ok {
			return
		}
		c.stringArg(fn, list[0], path, "the delimiter")
		c.walk(list[1], at+"[1]", w)
	case "Fn::If":
		list, ok := c.args(fn, arg, path, 3, 3, "[condition, value if true, value if false]")
		if !ok {
			return
		}
		if name, ok := c.stringArg(fn, list[0], path, "the condition name"); ok && !c.conditions[name] {
			c.addf(path, "Fn::If: %q is not a condition in this template", name)
		}
		c.walk(list[1], at+"[1]", w)
		c.walk(list[2], at+"[2]", w)
	case "Fn::ImportValue":
		w.inImport = true
		c.walk(arg, at, w)
	case "Fn::GetAZs":
		if arg == nil {
			// {"Fn::GetAZs": null} is read as "" (the stack's region);
			// AWS's own sample templates write it so.
			return
		}
		c.walk(arg, at, w)
	case "Fn::Base64":
		c.walk(arg, at, w)
	case "Fn::Cidr":
		list, ok := c.args(fn, arg, path, 3, 3, "[ipBlock, count, cidrBits]")
		if !ok {
			return
		}
		for i, it := range list {
			c.walk(it, fmt.Sprintf("%s[%d]", at, i), w)
		}
	case "Fn::FindInMap":
		c.findInMap(arg, path, w)
	case "Fn::Equals":
		list, ok := c.args(fn, arg, path, 2, 2, "[value, value]")
		if !ok {
			return
		}
		for i, it := range list {
			c.walk(it, fmt.Sprintf("%s[%d]", at, i), w)
		}
	case "Fn::And", "Fn::Or", "Fn::Not":
		lo, hi, shape := 2, 10, "a list of 2 to 10 conditions"
		if fn == "Fn::Not" {
			lo, hi, shape = 1, 1, "[condition]"
		}
		list, ok := c.args(fn, arg, path, lo, hi, shape)
		if !ok {
			return
		}
		w.condArg = true
		for i, it := range list {
			p := fmt.Sprintf("%s[%d]", at, i)
			if f, _, isFn := cfnIntrinsic(it, true); !isFn || !cfnConditionFns[f] {
				c.addf(p, "%s wants conditions (Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition), got %s", fn, cfnShow(it))
			}
			c.walk(it, p, w)
		}
	case "Condition":
		if !condArg {
			return
		}
		if name, ok := c.stringArg(fn, arg, path, "the condition name"); ok && !c.conditions[name] {
			c.addf(path, "Condition: %q is not a condition in this template", name)
		}
	case "Fn::Length", "Fn::ToJsonString":
		if !slices.Contains(c.transforms, "AWS::LanguageExtensions") {
			c.addf(path, "%s needs the AWS::LanguageExtensions transform", fn)
		}
		c.walk(arg, at, w)
	case "Fn::Transform":
		// A macro call: its parameters are the macro's business.
	default:
		c.addf(path, "unknown intrinsic function %s", fn)
	}
}

// ref checks a Ref (or a ${Name} of Fn::Sub).
func (c *cfnChecker) ref(name, path string, w cfnWalk) {
	if strings.HasPrefix(name, "AWS::") {
		if !cfnPseudoParams[name] {
			c.addf(path, "Ref %s: unknown pseudo parameter", name)
		}
		return
	}
	if _, ok := c.params[name]; ok {
		return
	}
	if _, ok := c.resources[name]; !ok {
		c.addf(path, "Ref %s: no parameter or resource %s in this template", name, name)
		return
	}
	c.resourceRef("Ref "+name, name, path, w)
}

// resourceRef records a reference to a resource, and reports one where
// resources cannot be referenced.
func (c *cfnChecker) resourceRef(what, id, path string, w cfnWalk) {
	switch {
	case w.scope == cfnInCondition:
		c.addf(path, "%s: conditions can only reference parameters, not resource %s", what, id)
	case w.inImport:
		c.addf(path, "%s: Fn::ImportValue cannot depend on resource %s", what, id)
	case w.scope == cfnInResource && w.from != "":
		c.deps[w.from][id] = true
	}
}

// cfnGetAttArgs splits the argument of Fn::GetAtt: ["Id", "Attr"],
// ["Id", {intrinsic}] (attrArg set) or "Id.Attr".
func cfnGetAttArgs(arg any) (id, attr string, attrArg any, ok bool) {
	switch a := arg.(type) {
	case string:
		id, attr, ok = strings.Cut(a, ".")
		return id, attr, nil, ok && id != "" && attr != ""
	case []any:
		if len(a) != 2 {
			return "", "", nil, false
		}
		id, ok = a[0].(string)
		if !ok || id == "" {
			return "", "", nil, false
		}
		if attr, ok = a[1].(string); ok {
			return id, attr, nil, attr != ""
		}
		if _, _, isFn := cfnIntrinsic(a[1], false); isFn {
			return id, "", a[1], true
		}
	}
	return "", "", nil, false
}

// getAtt checks a Fn::GetAtt (or a ${Id.Attr} of Fn::Sub).
func (c *cfnChecker) getAtt(id, attr string, literal bool, path string, w cfnWalk) {
	what := "Fn::GetAtt " + id + "." + attr
	typeName, ok := c.resources[id]
	if !ok {
		if _, isParam := c.params[id]; isParam {
			c.addf(path, "%s: %s is a parameter, not a resource", what, id)
		} else {
			c.addf(path, "%s: no resource %s in this template", what, id)
		}
		return
	}
	if w.scope == cfnInCondition {
		c.addf(path, "%s: conditions cannot use Fn::GetAtt", what)
		return
	}
	c.resourceRef(what, id, path, w)
	t := c.reg.types[typeName]
	if !literal || t == nil || t.attrs[attr] {
		return
	}
	if len(t.attrs) == 0 {
		c.addf(path, "%s: %s has no attributes", what, typeName)
		return
	}
	c.addf(path, "%s: %s has no attribute %s (it has %s)", what, typeName, attr,
		strings.Join(slices.Sorted(maps.Keys(t.attrs)), ", "))
}

var cfnSubVar = regexp.MustCompile(`\$\{([^}]*)\}`)

// sub checks Fn::Sub: "string" or ["string", {Var: value}].
func (c *cfnChecker) sub(arg any, path string, w cfnWalk) {
	var s string
	vars := map[string]bool{}
	switch a := arg.(type) {
	case string:
		s = a
	case []any:
		if len(a) != 2 {
			c.addf(path, "Fn::Sub wants a string or [string, {variables}], got %s", cfnShow(arg))
			return
		}
		str, ok := a[0].(string)
		if !ok {
			c.addf(path, "Fn::Sub: the template must be a literal string, got %s", cfnKind(a[0]))
			return
		}
		s = str
		m, ok := a[1].(map[string]any)
		if !ok {
			c.addf(path, "Fn::Sub: the variables must be an object, got %s", cfnKind(a[1]))
			return
		}
		for _, k := range cfnSortedKeys(m) {
			vars[k] = true
			c.walk(m[k], path+".Fn::Sub[1]."+k, w)
		}
	default:
		c.addf(path, "Fn::Sub wants a string or [string, {variables}], got %s", cfnKind(arg))
		return
	}
	for _, m := range cfnSubVar.FindAllStringSubmatch(s, -1) {
		name := m[1]
		if strings.HasPrefix(name, "!") || vars[name] {
			continue
		}
		if name == "" {
			c.addf(path, "Fn::Sub: empty ${} variable")
			continue
		}
		if id, attr, dotted := strings.Cut(name, "."); dotted && !strings.HasPrefix(name, "AWS::") {
			c.getAtt(id, attr, true, path, w)
			continue
		}
		c.ref(name, path, w)
	}
}

// findInMap checks Fn::FindInMap: [MapName, TopLevelKey, SecondLevelKey],
// and the keys when they are literal.
func (c *cfnChecker) findInMap(arg any, path string, w cfnWalk) {
	list, ok := c.args("Fn::FindInMap", arg, path, 3, 4, "[MapName, TopLevelKey, SecondLevelKey]")
	if !ok {
		return
	}
	if len(list) == 4 && !slices.Contains(c.transforms, "AWS::LanguageExtensions") {
		c.addf(path, "Fn::FindInMap: a default value needs the AWS::LanguageExtensions transform")
	}
	for i, it := range list {
		c.walk(it, fmt.Sprintf("%s.Fn::FindInMap[%d]", path, i), w)
	}
	name, ok := list[0].(string)
	if !ok {
		return
	}
	m, ok := c.mappings[name].(map[string]any)
	if !ok {
		c.addf(path, "Fn::FindInMap: no mapping %q in this template", name)
		return
	}
	top, ok := list[1].(string)
	if !ok {
		return
	}
	inner, ok := m[top].(map[string]any)
	if !ok {
		if len(list) == 3 {
			c.addf(path, "Fn::FindInMap: mapping %q has no key %q", name, top)
		}
		return
	}
	second, ok := list[2].(string)
	if !ok || len(list) == 4 {
		return
	}
	if _, ok := inner[second]; !ok {
		c.addf(path, "Fn::FindInMap: mapping %q has no key %q under %q", name, second, top)
	}
}

// resultKind says what an intrinsic function call gives, as far as it can
// be known without evaluating it: "list", "string" (a single value) or ""
// (unknown).
func (c *cfnChecker) resultKind(fn string, arg any) string {
	switch fn {
	case "Ref":
		name, _ := arg.(string)
		switch {
		case name == "AWS::NotificationARNs":
			return "list"
		case name == "AWS::NoValue":
			return ""
		case cfnPseudoParams[name]:
			return "string"
		}
		if t, ok := c.params[name]; ok {
			if cfnParamIsList(t) {
				return "list"
			}
			return "string"
		}
		if _, ok := c.resources[name]; ok {
			return "string"
		}
	case "Fn::GetAtt":
		id, attr, attrArg, ok := cfnGetAttArgs(arg)
		if !ok || attrArg != nil {
			return ""
		}
		t := c.reg.types[c.resources[id]]
		if t == nil || !t.attrs[attr] {
			return ""
		}
		if s := cfnSchemaAt(t, strings.Split(attr, ".")); s != nil {
			if slices.Contains(cfnTypes(s), "array") {
				return "list"
			}
			return "string"
		}
	case "Fn::Split", "Fn::GetAZs", "Fn::Cidr":
		return "list"
	case "Fn::Join", "Fn::Sub", "Fn::Base64", "Fn::ImportValue":
		return "string"
	}
	return ""
}

// cfnDescribe names an intrinsic function call for a message.
func cfnDescribe(fn string, arg any) string {
	switch fn {
	case "Ref":
		if s, ok := arg.(string); ok {
			return "Ref " + s
		}
	case "Fn::GetAtt":
		if id, attr, attrArg, ok := cfnGetAttArgs(arg); ok && attrArg == nil {
			return "Fn::GetAtt " + id + "." + attr
		}
	}
	return fn
}

// cfnJSON renders a value as canonical JSON (keys sorted), for equality.
func cfnJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
