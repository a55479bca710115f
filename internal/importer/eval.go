package importer

import (
	"errors"
	"strconv"
	"strings"
)

// evaluator evaluates the values of one template: parameters, mappings,
// conditions, intrinsic functions and references to resources.
type evaluator struct {
	b        *budget
	opts     Options
	params   map[string]*param
	mappings *node
	conds    *conditions
	res      map[string]*resource
	// idOf gives the design ID of a resource's logical ID: the value of a
	// Ref to it.
	idOf func(logicalID string) string
	warn func(format string, args ...any)
	// inRules reports whether the Rules section is being evaluated, where
	// the rule-specific functions are allowed.
	inRules bool
	// dry reports whether values are computed only to size assumed zones:
	// no parameter counts as used, and warnings are dropped.
	dry bool
}

// eval evaluates a template value. Errors carry the line and the path
// below n.
func (e *evaluator) eval(n *node) (Value, error) {
	if err := e.b.step(n.line); err != nil {
		return Value{}, err
	}
	switch n.kind {
	case scalarNode:
		if n.typ == typeNull {
			return Value{kind: kindNull, line: n.line}, nil
		}
		return Value{kind: kindString, typ: n.typ, str: n.str, line: n.line}, nil
	case listNode:
		items := make([]Value, 0, len(n.items))
		for i, it := range n.items {
			v, err := e.eval(it)
			if err != nil {
				return Value{}, prependPath(err, "["+strconv.Itoa(i)+"]")
			}
			if v.kind != kindNoValue {
				items = append(items, v)
			}
		}
		return Value{kind: kindList, items: items, line: n.line}, nil
	}
	if fn, arg, ok := n.intrinsic(false); ok {
		v, err := e.call(fn, arg, n)
		if err != nil {
			return Value{}, clearPath(err)
		}
		return v, nil
	}
	fields := make([]valueField, 0, len(n.fields))
	for _, f := range n.fields {
		if strings.HasPrefix(f.key, "Fn::ForEach::") {
			return Value{}, errorf(f.line, "%s needs Transform: AWS::LanguageExtensions", f.key)
		}
		v, err := e.eval(f.val)
		if err != nil {
			return Value{}, prependPath(err, f.key)
		}
		if v.kind != kindNoValue {
			fields = append(fields, valueField{key: f.key, val: v})
		}
	}
	return Value{kind: kindMap, fields: fields, line: n.line}, nil
}

// clearPath removes the path below an intrinsic function from err: paths
// name places in the template's data, not arguments of functions. Errors
// about other resources keep their full path.
func clearPath(err error) error {
	var e *Error
	if errors.As(err, &e) && !e.abs {
		e.Path = ""
	}
	return err
}

// call evaluates the intrinsic function fn with its argument.
func (e *evaluator) call(fn string, arg, n *node) (Value, error) {
	switch fn {
	case "Ref":
		return e.ref(arg, n.line)
	case "Fn::GetAtt":
		return e.getAttFn(arg, n.line)
	case "Fn::Sub":
		return e.sub(arg, n.line)
	case "Fn::Join":
		return e.join(arg, n.line)
	case "Fn::Select":
		return e.selectFn(arg, n.line)
	case "Fn::Split":
		return e.split(arg, n.line)
	case "Fn::GetAZs":
		return e.getAZs(arg, n.line)
	case "Fn::Cidr":
		return e.cidr(arg, n.line)
	case "Fn::FindInMap":
		return e.findInMap(arg, n.line)
	case "Fn::ImportValue":
		return e.importValue(arg, n.line)
	case "Fn::If":
		return e.ifFn(arg, n.line)
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not":
		t, reason, err := e.condExpr(n)
		if err != nil {
			return Value{}, err
		}
		if t == triUnknown {
			return unknownValue(reason, n.line), nil
		}
		return Value{kind: kindString, typ: typeBool, str: strconv.FormatBool(t == triTrue), line: n.line}, nil
	case "Fn::Base64":
		return e.base64(arg, n.line)
	case "Fn::Length":
		return e.length(arg, n.line)
	case "Fn::ToJsonString":
		return e.toJSONString(arg, n.line)
	case "Fn::Transform":
		name := "macro"
		if nm := arg.get("Name"); nm != nil && nm.kind == scalarNode {
			name = nm.str
		}
		return unknownValue("Fn::Transform "+name, n.line), nil
	case "Fn::GetStackOutput":
		return unknownValue("Fn::GetStackOutput", n.line), nil
	case "Fn::ValueOf", "Fn::ValueOfAll", "Fn::RefAll", "Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn":
		return Value{}, errorf(n.line, "%s may only be used in Rules", fn)
	}
	return Value{}, errorf(n.line, "unknown intrinsic function %s", fn)
}

// args checks, without evaluating them, that the arguments of fn are a
// list of lo to hi items, and returns them.
func args(fn string, arg *node, line, lo, hi int) ([]*node, error) {
	if arg.kind != listNode {
		return nil, errorf(line, "%s: want a list of arguments, got %s", fn, nodeKindName(arg))
	}
	n := len(arg.items)
	switch {
	case lo == hi && n != lo:
		return nil, errorf(line, "%s: want %d arguments, got %d", fn, lo, n)
	case n < lo || n > hi:
		return nil, errorf(line, "%s: want %d to %d arguments, got %d", fn, lo, hi, n)
	}
	return arg.items, nil
}

func nodeKindName(n *node) string {
	switch n.kind {
	case listNode:
		return "a list"
	case mapNode:
		return "a mapping"
	}
	if n.typ == typeNull {
		return "null"
	}
	return "a string"
}

// evalString evaluates n to a string; ok is false when it is unknown, and
// then u is the unknown value.
func (e *evaluator) evalString(fn string, n *node) (s string, u Value, ok bool, err error) {
	v, err := e.eval(n)
	if err != nil {
		return "", Value{}, false, err
	}
	switch v.kind {
	case kindString:
		return v.str, Value{}, true, nil
	case kindUnknown:
		return "", v, false, nil
	}
	return "", Value{}, false, errorf(n.line, "%s: want a string, got %s", fn, v.kindName())
}

// ref evaluates Ref: a parameter, a pseudo parameter or a resource. With
// AWS::LanguageExtensions the name may itself be an intrinsic function.
func (e *evaluator) ref(arg *node, line int) (Value, error) {
	name, u, ok, err := e.evalString("Ref", arg)
	if err != nil {
		return Value{}, err
	}
	if !ok {
		return u, nil
	}
	return e.lookup(name, line)
}

// lookup resolves a name as Ref does.
func (e *evaluator) lookup(name string, line int) (Value, error) {
	if name == "AWS::NoValue" {
		return Value{kind: kindNoValue, line: line}, nil
	}
	if v, ok := e.pseudo(name, line); ok {
		return v, nil
	}
	if p, ok := e.params[name]; ok {
		return p.use(e, line), nil
	}
	if r, ok := e.res[name]; ok {
		if err := e.created(r, line); err != nil {
			return Value{}, err
		}
		return strValue(e.idOf(r.id), line), nil
	}
	return Value{}, errorf(line, "Ref: no parameter or resource named %q", name)
}

// created returns an error if r is not created because its condition is
// false.
func (e *evaluator) created(r *resource, line int) error {
	on, err := e.resourceOn(r)
	if err != nil {
		return err
	}
	if !on {
		return errorf(line, "%s is not created (its Condition %s is false)", r.id, r.cond)
	}
	return nil
}

// pseudo returns the value of a pseudo parameter.
func (e *evaluator) pseudo(name string, line int) (Value, bool) {
	region := e.opts.Region
	switch name {
	case "AWS::Region":
		return strValue(region, line), true
	case "AWS::AccountId":
		return strValue(e.opts.Account, line), true
	case "AWS::StackName":
		return strValue(e.opts.StackName, line), true
	case "AWS::StackId":
		return strValue("arn:"+Partition(region)+":cloudformation:"+region+":"+e.opts.Account+":stack/"+e.opts.StackName+"/00000000-0000-0000-0000-000000000000", line), true
	case "AWS::Partition":
		return strValue(Partition(region), line), true
	case "AWS::URLSuffix":
		if strings.HasPrefix(region, "cn-") {
			return strValue("amazonaws.com.cn", line), true
		}
		return strValue("amazonaws.com", line), true
	case "AWS::NotificationARNs":
		return Value{kind: kindList, items: []Value{}, line: line}, true
	}
	return Value{}, false
}

// Partition is the AWS partition of a region: aws-cn for China, aws-us-gov
// for GovCloud, else aws.
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// getAttFn evaluates Fn::GetAtt: ["Resource", "Attribute"] or
// "Resource.Attribute".
func (e *evaluator) getAttFn(arg *node, line int) (Value, error) {
	var name, attr string
	switch arg.kind {
	case scalarNode:
		var ok bool
		name, attr, ok = strings.Cut(arg.str, ".")
		if !ok {
			return Value{}, errorf(line, "Fn::GetAtt: want Resource.Attribute, got %q", arg.str)
		}
	case listNode:
		items, err := args("Fn::GetAtt", arg, line, 2, 2)
		if err != nil {
			return Value{}, err
		}
		// AWS::LanguageExtensions allows intrinsics in both arguments.
		var parts [2]string
		for i, it := range items {
			s, u, ok, err := e.evalString("Fn::GetAtt", it)
			if err != nil || !ok {
				return u, err
			}
			parts[i] = s
		}
		name, attr = parts[0], parts[1]
	default:
		return Value{}, errorf(line, "Fn::GetAtt: want [Resource, Attribute], got a mapping")
	}
	return e.getAtt(name, attr, line)
}

// getAtt returns attribute attr of the resource with logical ID name.
func (e *evaluator) getAtt(name, attr string, line int) (Value, error) {
	r, ok := e.res[name]
	if !ok {
		return Value{}, errorf(line, "Fn::GetAtt: no resource named %q", name)
	}
	if err := e.created(r, line); err != nil {
		return Value{}, err
	}
	return e.attribute(r, attr, line)
}

// sub evaluates Fn::Sub: "template" or ["template", {Var: value}].
func (e *evaluator) sub(arg *node, line int) (Value, error) {
	tmpl := arg
	var vars map[string]Value
	if arg.kind == listNode {
		items, err := args("Fn::Sub", arg, line, 2, 2)
		if err != nil {
			return Value{}, err
		}
		tmpl = items[0]
		if items[1].kind != mapNode {
			return Value{}, errorf(line, "Fn::Sub: the variables must be a mapping")
		}
		vars = make(map[string]Value, len(items[1].fields))
		for _, f := range items[1].fields {
			v, err := e.eval(f.val)
			if err != nil {
				return Value{}, err
			}
			vars[f.key] = v
		}
	}
	if tmpl.kind != scalarNode || tmpl.typ == typeNull {
		return Value{}, errorf(line, "Fn::Sub: the template must be a string, got %s", nodeKindName(tmpl))
	}
	s := tmpl.str
	var out strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			out.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			out.WriteString(s)
			break
		}
		out.WriteString(s[:i])
		name := s[i+2 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(name, "!") {
			out.WriteString("${" + name[1:] + "}")
			continue
		}
		name = strings.TrimSpace(name)
		v, err := e.subVar(name, vars, line)
		if err != nil {
			return Value{}, err
		}
		switch v.kind {
		case kindUnknown:
			return v, nil
		case kindString:
			out.WriteString(v.str)
		default:
			return Value{}, errorf(line, "Fn::Sub: ${%s} is %s, not a string", name, v.kindName())
		}
		if out.Len() > maxString {
			return Value{}, errorf(line, "Fn::Sub: result longer than %d bytes", maxString)
		}
	}
	if err := e.b.built(line, 1, out.Len()); err != nil {
		return Value{}, err
	}
	return strValue(out.String(), line), nil
}

// subVar resolves one ${name} of Fn::Sub: a variable of the Fn::Sub, a
// parameter or resource (as Ref), or Resource.Attribute (as Fn::GetAtt).
func (e *evaluator) subVar(name string, vars map[string]Value, line int) (Value, error) {
	if v, ok := vars[name]; ok {
		return v, nil
	}
	if _, isParam := e.params[name]; !isParam && !strings.HasPrefix(name, "AWS::") {
		if res, attr, ok := strings.Cut(name, "."); ok {
			return e.getAtt(res, attr, line)
		}
	}
	if name == "AWS::NoValue" {
		return Value{}, errorf(line, "Fn::Sub: ${AWS::NoValue} cannot be substituted")
	}
	v, err := e.lookup(name, line)
	if err != nil {
		return Value{}, errorf(line, "Fn::Sub: no parameter, resource or variable named %q", name)
	}
	return v, nil
}
