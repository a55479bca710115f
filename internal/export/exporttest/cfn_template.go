package exporttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// cfnChecker holds one run of CheckCloudFormation.
type cfnChecker struct {
	reg      *cfnRegistry
	problems map[string]bool

	// Names the template declares, gathered before anything is checked so
	// that references may point forward.
	params     map[string]string // name → Type
	resources  map[string]string // logical ID → Type ("" if not a string)
	conditions map[string]bool
	mappings   map[string]any
	transforms []string

	// deps holds the dependency edges between resources (DependsOn, and
	// Ref, Fn::GetAtt and Fn::Sub in Properties), for the cycle check.
	deps map[string]map[string]bool
}

// addf records a problem at a path.
func (c *cfnChecker) addf(path, format string, args ...any) {
	c.problems[path+": "+fmt.Sprintf(format, args...)] = true
}

// CloudFormation's limits and names, from the AWS CloudFormation User
// Guide (template anatomy, and "Understand CloudFormation quotas").
const (
	cfnMaxResources   = 500
	cfnMaxParameters  = 200
	cfnMaxOutputs     = 200
	cfnMaxMappings    = 200
	cfnMaxDescription = 1024      // bytes, of the template and of an output
	cfnMaxParamDesc   = 4000      // characters, of a parameter
	cfnMaxTemplate    = 1_000_000 // bytes, for a template read from S3
)

var (
	cfnLogicalID = regexp.MustCompile(`^[A-Za-z0-9]{1,255}$`)

	// cfnSections are the top-level sections CloudFormation knows.
	cfnSections = map[string]bool{
		"AWSTemplateFormatVersion": true, "Description": true, "Metadata": true,
		"Parameters": true, "Rules": true, "Mappings": true, "Conditions": true,
		"Transform": true, "Resources": true, "Outputs": true,
	}

	cfnResourceKeys = map[string]bool{
		"Type": true, "Properties": true, "DependsOn": true, "Metadata": true,
		"Condition": true, "DeletionPolicy": true, "UpdateReplacePolicy": true,
	}
	// cfnCreationPolicyTypes are the embedded types that take a
	// CreationPolicy attribute (AWS CloudFormation User Guide,
	// "CreationPolicy attribute").
	cfnCreationPolicyTypes = map[string]bool{"AWS::EC2::Instance": true}

	cfnDeletionPolicies      = []string{"Delete", "Retain", "RetainExceptOnCreate", "Snapshot"}
	cfnUpdateReplacePolicies = []string{"Delete", "Retain", "Snapshot"}

	cfnParamKeys = map[string]bool{
		"AllowedPattern": true, "AllowedValues": true, "ConstraintDescription": true,
		"Default": true, "Description": true, "MaxLength": true, "MaxValue": true,
		"MinLength": true, "MinValue": true, "NoEcho": true, "Type": true,
	}
	cfnOutputKeys = map[string]bool{"Condition": true, "Description": true, "Export": true, "Value": true}

	cfnPseudoParams = map[string]bool{
		"AWS::AccountId": true, "AWS::NotificationARNs": true, "AWS::NoValue": true,
		"AWS::Partition": true, "AWS::Region": true, "AWS::StackId": true,
		"AWS::StackName": true, "AWS::URLSuffix": true,
	}

	// cfnAWSParamTypes are the AWS-specific parameter types; all but
	// KeyPair::KeyName also come as List<...>.
	cfnAWSParamTypes = []string{
		"AWS::EC2::AvailabilityZone::Name", "AWS::EC2::Image::Id", "AWS::EC2::Instance::Id",
		"AWS::EC2::KeyPair::KeyName", "AWS::EC2::SecurityGroup::GroupName",
		"AWS::EC2::SecurityGroup::Id", "AWS::EC2::Subnet::Id", "AWS::EC2::Volume::Id",
		"AWS::EC2::VPC::Id", "AWS::Route53::HostedZone::Id",
	}
)

// cfnParamTypeOK says whether t is a parameter type CloudFormation knows.
func cfnParamTypeOK(t string) bool {
	plain := func(t string) bool {
		switch t {
		case "String", "Number", "List<Number>", "CommaDelimitedList":
			return true
		}
		if inner, ok := cfnCutWrap(t, "List<", ">"); ok {
			return inner != "AWS::EC2::KeyPair::KeyName" && slices.Contains(cfnAWSParamTypes, inner)
		}
		return slices.Contains(cfnAWSParamTypes, t)
	}
	if t == "AWS::SSM::Parameter::Name" {
		return true
	}
	if inner, ok := cfnCutWrap(t, "AWS::SSM::Parameter::Value<", ">"); ok {
		return inner == "List<String>" || (inner != "Number" && inner != "List<Number>" && plain(inner))
	}
	return plain(t)
}

// cfnParamIsList says whether a Ref to a parameter of type t gives a list.
func cfnParamIsList(t string) bool {
	if inner, ok := cfnCutWrap(t, "AWS::SSM::Parameter::Value<", ">"); ok {
		t = inner
	}
	return strings.HasPrefix(t, "List<") || t == "CommaDelimitedList"
}

func cfnCutWrap(s, prefix, suffix string) (string, bool) {
	if !strings.HasPrefix(s, prefix) || !strings.HasSuffix(s, suffix) || len(s) < len(prefix)+len(suffix) {
		return "", false
	}
	return s[len(prefix) : len(s)-len(suffix)], true
}

// check runs every check on one template.
func (c *cfnChecker) check(template []byte) {
	if len(template) > cfnMaxTemplate {
		c.addf("template", "%d bytes, more than CloudFormation's %d", len(template), cfnMaxTemplate)
	}
	var top any
	dec := json.NewDecoder(bytes.NewReader(template))
	dec.UseNumber()
	if err := dec.Decode(&top); err != nil {
		c.addf("template", "not valid JSON: %v", err)
		return
	}
	if _, err := dec.Token(); err == nil {
		c.addf("template", "not valid JSON: data after the top-level value")
		return
	}
	tm, ok := top.(map[string]any)
	if !ok {
		c.addf("template", "want an object, got %s", cfnKind(top))
		return
	}
	c.collect(tm)
	for _, k := range cfnSortedKeys(tm) {
		if !cfnSections[k] {
			c.addf(k, "unknown top-level section (want one of %s)", strings.Join(slices.Sorted(maps.Keys(cfnSections)), ", "))
		}
	}
	if v, ok := tm["AWSTemplateFormatVersion"]; ok && v != "2010-09-09" {
		c.addf("AWSTemplateFormatVersion", `want "2010-09-09", got %s`, cfnShow(v))
	}
	if v, ok := tm["Description"]; ok {
		c.checkDescription("Description", v, false)
	}
	if v, ok := tm["Metadata"]; ok {
		if _, isObj := v.(map[string]any); !isObj {
			c.addf("Metadata", "want object, got %s", cfnKind(v))
		}
		c.walk(v, "Metadata", cfnWalk{scope: cfnInMetadata})
	}
	if v, ok := tm["Transform"]; ok {
		c.checkTransform(v)
	}
	if v, ok := tm["Rules"]; ok {
		if _, isObj := v.(map[string]any); !isObj {
			c.addf("Rules", "want object, got %s", cfnKind(v))
		}
	}
	c.checkParameters(tm)
	c.checkMappings(tm)
	c.checkConditions(tm)
	c.checkResources(tm)
	c.checkOutputs(tm)
	c.checkCycles()
}

// collect gathers the names the template declares.
func (c *cfnChecker) collect(tm map[string]any) {
	c.params = map[string]string{}
	c.resources = map[string]string{}
	c.conditions = map[string]bool{}
	c.mappings = map[string]any{}
	c.deps = map[string]map[string]bool{}
	if ps, ok := tm["Parameters"].(map[string]any); ok {
		for name, p := range ps {
			pm, _ := p.(map[string]any)
			t, _ := pm["Type"].(string)
			c.params[name] = t
		}
	}
	if rs, ok := tm["Resources"].(map[string]any); ok {
		for id, r := range rs {
			rm, _ := r.(map[string]any)
			t, _ := rm["Type"].(string)
			c.resources[id] = t
		}
	}
	if cs, ok := tm["Conditions"].(map[string]any); ok {
		for name := range cs {
			c.conditions[name] = true
		}
	}
	if ms, ok := tm["Mappings"].(map[string]any); ok {
		c.mappings = ms
	}
	switch t := tm["Transform"].(type) {
	case string:
		c.transforms = []string{t}
	case []any:
		c.transforms = cfnStrings(t)
	}
}

func (c *cfnChecker) checkDescription(path string, v any, param bool) {
	s, ok := v.(string)
	if !ok {
		c.addf(path, "want string, got %s", cfnKind(v))
		return
	}
	switch {
	case param && utf8.RuneCountInString(s) > cfnMaxParamDesc:
		c.addf(path, "%d characters, more than %d", utf8.RuneCountInString(s), cfnMaxParamDesc)
	case !param && len(s) > cfnMaxDescription:
		c.addf(path, "%d bytes, more than %d", len(s), cfnMaxDescription)
	}
}

func (c *cfnChecker) checkTransform(v any) {
	switch t := v.(type) {
	case string:
	case []any:
		for i, it := range t {
			if _, ok := it.(string); !ok {
				c.addf(fmt.Sprintf("Transform[%d]", i), "want string, got %s", cfnKind(it))
			}
		}
	default:
		c.addf("Transform", "want string or array of strings, got %s", cfnKind(v))
	}
}

// checkName checks a logical ID (of a parameter, resource, output or
// mapping).
func (c *cfnChecker) checkName(path, name string) {
	if !cfnLogicalID.MatchString(name) {
		c.addf(path, "logical ID %q must be 1 to 255 ASCII letters and digits", name)
	}
}

// section returns a section as an object, reporting a section that is
// not one.
func (c *cfnChecker) section(tm map[string]any, name string) (map[string]any, bool) {
	v, ok := tm[name]
	if !ok {
		return nil, false
	}
	m, ok := v.(map[string]any)
	if !ok {
		c.addf(name, "want object, got %s", cfnKind(v))
		return nil, false
	}
	return m, true
}

func (c *cfnChecker) checkParameters(tm map[string]any) {
	ps, ok := c.section(tm, "Parameters")
	if !ok {
		return
	}
	if len(ps) > cfnMaxParameters {
		c.addf("Parameters", "%d parameters, more than CloudFormation's %d", len(ps), cfnMaxParameters)
	}
	for _, name := range cfnSortedKeys(ps) {
		path := "Parameters." + name
		c.checkName(path, name)
		if _, clash := c.resources[name]; clash {
			c.addf(path, "name also used by a resource; logical IDs must be unique")
		}
		pm, ok := ps[name].(map[string]any)
		if !ok {
			c.addf(path, "want object, got %s", cfnKind(ps[name]))
			continue
		}
		for _, k := range cfnSortedKeys(pm) {
			if !cfnParamKeys[k] {
				c.addf(path+"."+k, "unknown parameter attribute")
			}
		}
		t, isStr := pm["Type"].(string)
		switch {
		case pm["Type"] == nil:
			c.addf(path+".Type", "required attribute is missing")
		case !isStr:
			c.addf(path+".Type", "want string, got %s", cfnKind(pm["Type"]))
		case !cfnParamTypeOK(t):
			c.addf(path+".Type", "unknown parameter type %q", t)
		}
		if v, ok := pm["Description"]; ok {
			c.checkDescription(path+".Description", v, true)
		}
		for _, k := range []string{"AllowedPattern", "ConstraintDescription"} {
			if v, ok := pm[k]; ok {
				if _, isStr := v.(string); !isStr {
					c.addf(path+"."+k, "want string, got %s", cfnKind(v))
				}
			}
		}
		for _, k := range []string{"MaxLength", "MaxValue", "MinLength", "MinValue"} {
			if v, ok := pm[k]; ok && !cfnIsType(v, "number") {
				c.addf(path+"."+k, "want number, got %s", cfnShow(v))
			}
		}
		if v, ok := pm["NoEcho"]; ok && !cfnIsType(v, "boolean") {
			c.addf(path+".NoEcho", "want boolean, got %s", cfnShow(v))
		}
		var allowed []any
		if v, ok := pm["AllowedValues"]; ok {
			if allowed, ok = v.([]any); !ok {
				c.addf(path+".AllowedValues", "want array, got %s", cfnKind(v))
			}
		}
		def, hasDef := pm["Default"]
		if !hasDef {
			continue
		}
		switch {
		case t == "Number" && !cfnIsType(def, "number"):
			c.addf(path+".Default", "want a number, got %s", cfnShow(def))
		case t == "List<Number>":
			s, _ := cfnScalar(def)
			for item := range strings.SplitSeq(s, ",") {
				if !cfnIsType(strings.TrimSpace(item), "number") {
					c.addf(path+".Default", "want comma-separated numbers, got %s", cfnShow(def))
					break
				}
			}
		}
		if len(allowed) > 0 && !cfnParamIsList(t) && !slices.ContainsFunc(allowed, func(a any) bool { return cfnEqual(a, def) }) {
			c.addf(path+".Default", "%s is not one of AllowedValues", cfnShow(def))
		}
	}
}

func (c *cfnChecker) checkMappings(tm map[string]any) {
	ms, ok := c.section(tm, "Mappings")
	if !ok {
		return
	}
	if len(ms) > cfnMaxMappings {
		c.addf("Mappings", "%d mappings, more than CloudFormation's %d", len(ms), cfnMaxMappings)
	}
	for _, name := range cfnSortedKeys(ms) {
		path := "Mappings." + name
		c.checkName(path, name)
		m, ok := ms[name].(map[string]any)
		if !ok {
			c.addf(path, "want object, got %s", cfnKind(ms[name]))
			continue
		}
		for _, k1 := range cfnSortedKeys(m) {
			inner, ok := m[k1].(map[string]any)
			if !ok {
				c.addf(path+"."+k1, "want object, got %s", cfnKind(m[k1]))
				continue
			}
			for _, k2 := range cfnSortedKeys(inner) {
				switch v := inner[k2].(type) {
				case map[string]any, nil:
					c.addf(path+"."+k1+"."+k2, "want string, number or list, got %s", cfnKind(v))
				}
			}
		}
	}
}

func (c *cfnChecker) checkConditions(tm map[string]any) {
	cs, ok := c.section(tm, "Conditions")
	if !ok {
		return
	}
	for _, name := range cfnSortedKeys(cs) {
		path := "Conditions." + name
		v := cs[name]
		fn, _, isFn := cfnIntrinsic(v, true)
		switch {
		case !isFn:
			c.addf(path, "want a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition), got %s", cfnKind(v))
		case !cfnConditionFns[fn]:
			c.addf(path, "%s is not a condition function", fn)
		}
		c.walk(v, path, cfnWalk{scope: cfnInCondition, condArg: true})
	}
}

func (c *cfnChecker) checkResources(tm map[string]any) {
	if _, ok := tm["Resources"]; !ok {
		c.addf("Resources", "required section is missing")
		return
	}
	rs, ok := c.section(tm, "Resources")
	if !ok {
		return
	}
	if len(rs) == 0 {
		c.addf("Resources", "must declare at least one resource")
	}
	if len(rs) > cfnMaxResources {
		c.addf("Resources", "%d resources, more than CloudFormation's %d", len(rs), cfnMaxResources)
	}
	for _, id := range cfnSortedKeys(rs) {
		c.checkResource(id, rs[id])
	}
}

func (c *cfnChecker) checkResource(id string, v any) {
	path := "Resources." + id
	c.checkName(path, id)
	r, ok := v.(map[string]any)
	if !ok {
		c.addf(path, "want object, got %s", cfnKind(v))
		return
	}
	typeName, _ := r["Type"].(string)
	for _, k := range cfnSortedKeys(r) {
		if !cfnResourceKeys[k] && !(k == "CreationPolicy" && cfnCreationPolicyTypes[typeName]) {
			c.addf(path+"."+k, "unknown resource attribute")
		}
	}
	var t *cfnType
	switch tv := r["Type"].(type) {
	case nil:
		c.addf(path+".Type", "required attribute is missing")
	case string:
		if t = c.reg.types[tv]; t == nil {
			c.addf(path+".Type", "unknown resource type %q (no schema embedded)", tv)
		}
	default:
		c.addf(path+".Type", "want string, got %s", cfnKind(tv))
	}
	if cp, ok := r["CreationPolicy"]; ok && cfnCreationPolicyTypes[typeName] {
		if _, isObj := cp.(map[string]any); !isObj {
			c.addf(path+".CreationPolicy", "want object, got %s", cfnKind(cp))
		}
	}
	c.deps[id] = map[string]bool{}
	if dv, ok := r["DependsOn"]; ok {
		var names []string
		switch d := dv.(type) {
		case string:
			names = []string{d}
		case []any:
			for i, it := range d {
				s, ok := it.(string)
				if !ok {
					c.addf(fmt.Sprintf("%s.DependsOn[%d]", path, i), "want a logical ID string, got %s", cfnKind(it))
					continue
				}
				names = append(names, s)
			}
		default:
			c.addf(path+".DependsOn", "want a logical ID or a list of them, got %s", cfnKind(dv))
		}
		for _, n := range names {
			if _, exists := c.resources[n]; !exists {
				c.addf(path+".DependsOn", "%q is not a resource in this template", n)
				continue
			}
			c.deps[id][n] = true
		}
	}
	if mv, ok := r["Metadata"]; ok {
		if _, isObj := mv.(map[string]any); !isObj {
			c.addf(path+".Metadata", "want object, got %s", cfnKind(mv))
		}
		c.walk(mv, path+".Metadata", cfnWalk{scope: cfnInMetadata, from: id})
	}
	if cv, ok := r["Condition"]; ok {
		if s, isStr := cv.(string); !isStr {
			c.addf(path+".Condition", "want a condition name, got %s", cfnKind(cv))
		} else if !c.conditions[s] {
			c.addf(path+".Condition", "%q is not a condition in this template", s)
		}
	}
	c.checkPolicy(path+".DeletionPolicy", r, "DeletionPolicy", cfnDeletionPolicies)
	c.checkPolicy(path+".UpdateReplacePolicy", r, "UpdateReplacePolicy", cfnUpdateReplacePolicies)

	pv, hasProps := r["Properties"]
	if hasProps {
		c.walk(pv, path+".Properties", cfnWalk{scope: cfnInResource, from: id})
	}
	if t == nil {
		return
	}
	if !hasProps {
		pv = map[string]any{}
	}
	if _, isObj := pv.(map[string]any); !isObj {
		if _, _, isFn := cfnIntrinsic(pv, false); !isFn {
			c.addf(path+".Properties", "want object, got %s", cfnKind(pv))
			return
		}
	}
	var out []string
	c.validate(&out, t, t.schema, pv, path+".Properties", "", 0)
	for _, p := range out {
		c.problems[p] = true
	}
	if pm, ok := pv.(map[string]any); ok {
		c.checkEnumExtra(t, pm, path+".Properties")
		for _, segs := range t.readOnly {
			c.checkReadOnly(pm, segs, path+".Properties", t.name)
		}
	}
}

func (c *cfnChecker) checkPolicy(path string, r map[string]any, key string, allowed []string) {
	v, ok := r[key]
	if !ok {
		return
	}
	s, isStr := v.(string)
	if !isStr || !slices.Contains(allowed, s) {
		c.addf(path, "want one of %s, got %s", strings.Join(allowed, ", "), cfnShow(v))
	}
}

// checkReadOnly reports a property the schema lists in
// readOnlyProperties: CloudFormation sets those, a template cannot.
func (c *cfnChecker) checkReadOnly(v any, segs []string, path, typeName string) {
	switch x := v.(type) {
	case map[string]any:
		if len(segs) == 0 {
			return
		}
		next, ok := x[segs[0]]
		if !ok {
			return
		}
		p := path + "." + segs[0]
		if len(segs) == 1 {
			c.addf(p, "read-only property of %s (an attribute CloudFormation returns) cannot be set", typeName)
			return
		}
		c.checkReadOnly(next, segs[1:], p, typeName)
	case []any:
		if len(segs) > 0 && segs[0] == "*" {
			for i, it := range x {
				c.checkReadOnly(it, segs[1:], fmt.Sprintf("%s[%d]", path, i), typeName)
			}
		}
	}
}

func (c *cfnChecker) checkOutputs(tm map[string]any) {
	outs, ok := c.section(tm, "Outputs")
	if !ok {
		return
	}
	if len(outs) > cfnMaxOutputs {
		c.addf("Outputs", "%d outputs, more than CloudFormation's %d", len(outs), cfnMaxOutputs)
	}
	exports := map[string]string{}
	for _, name := range cfnSortedKeys(outs) {
		path := "Outputs." + name
		c.checkName(path, name)
		o, ok := outs[name].(map[string]any)
		if !ok {
			c.addf(path, "want object, got %s", cfnKind(outs[name]))
			continue
		}
		for _, k := range cfnSortedKeys(o) {
			if !cfnOutputKeys[k] {
				c.addf(path+"."+k, "unknown output attribute")
			}
		}
		if v, ok := o["Description"]; ok {
			c.checkDescription(path+".Description", v, false)
		}
		if v, ok := o["Value"]; !ok {
			c.addf(path+".Value", "required attribute is missing")
		} else {
			c.walk(v, path+".Value", cfnWalk{scope: cfnInOutput})
		}
		if cv, ok := o["Condition"]; ok {
			if s, isStr := cv.(string); !isStr || !c.conditions[s] {
				c.addf(path+".Condition", "%s is not a condition in this template", cfnShow(cv))
			}
		}
		if ev, ok := o["Export"]; ok {
			em, isObj := ev.(map[string]any)
			if !isObj {
				c.addf(path+".Export", "want object, got %s", cfnKind(ev))
				continue
			}
			for _, k := range cfnSortedKeys(em) {
				if k != "Name" {
					c.addf(path+".Export."+k, "unknown export attribute")
				}
			}
			nv, ok := em["Name"]
			if !ok {
				c.addf(path+".Export.Name", "required attribute is missing")
				continue
			}
			c.walk(nv, path+".Export.Name", cfnWalk{scope: cfnInOutput})
			if s, isStr := nv.(string); isStr {
				if prev, dup := exports[s]; dup {
					c.addf(path+".Export.Name", "%q is also exported by Outputs.%s", s, prev)
				}
				exports[s] = name
			}
		}
	}
}

// checkCycles reports dependency cycles between resources, one problem
// per strongly connected component (Tarjan's algorithm, over sorted IDs so
// the report is deterministic).
func (c *cfnChecker) checkCycles() {
	index := map[string]int{}
	low := map[string]int{}
	onStack := map[string]bool{}
	var stack []string
	next := 0
	var visit func(string)
	visit = func(v string) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range slices.Sorted(maps.Keys(c.deps[v])) {
			if _, seen := index[w]; !seen {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] != index[v] {
			return
		}
		var comp []string
		for {
			w := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[w] = false
			comp = append(comp, w)
			if w == v {
				break
			}
		}
		if len(comp) > 1 || c.deps[v][v] {
			slices.Sort(comp)
			if len(comp) == 1 {
				c.addf("Resources."+v, "depends on itself")
			} else {
				c.addf("Resources", "circular dependency between %s", strings.Join(comp, ", "))
			}
		}
	}
	for _, v := range slices.Sorted(maps.Keys(c.deps)) {
		if _, seen := index[v]; !seen {
			visit(v)
		}
	}
}

// cfnSortedKeys returns an object's keys, sorted.
func cfnSortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}

// cfnShow renders a value for a message: JSON, cut short.
func cfnShow(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s := string(b)
	if utf8.RuneCountInString(s) > 60 {
		r := []rune(s)
		s = string(r[:57]) + "..."
	}
	return s
}
