package importer

import (
	"bytes"
	"encoding/base64"
	"strconv"
	"strings"
)

// join evaluates Fn::Join: [delimiter, [values]].
func (e *evaluator) join(arg *node, line int) (Value, error) {
	items, err := args("Fn::Join", arg, line, 2, 2)
	if err != nil {
		return Value{}, err
	}
	delim, u, ok, err := e.evalString("Fn::Join", items[0])
	if err != nil || !ok {
		return u, err
	}
	list, err := e.eval(items[1])
	if err != nil {
		return Value{}, err
	}
	switch list.kind {
	case kindUnknown:
		return list, nil
	case kindList:
	default:
		return Value{}, errorf(line, "Fn::Join: want a list of values, got %s", list.kindName())
	}
	var out strings.Builder
	for i, it := range list.items {
		switch it.kind {
		case kindUnknown:
			return unknownValue(it.str, line), nil
		case kindString:
		default:
			return Value{}, errorf(line, "Fn::Join: item %d is %s, not a string", i, it.kindName())
		}
		if i > 0 {
			out.WriteString(delim)
		}
		out.WriteString(it.str)
		if out.Len() > maxString {
			return Value{}, errorf(line, "Fn::Join: result longer than %d bytes", maxString)
		}
	}
	if err := e.b.built(line, 1, out.Len()); err != nil {
		return Value{}, err
	}
	return strValue(out.String(), line), nil
}

// selectFn evaluates Fn::Select: [index, list].
func (e *evaluator) selectFn(arg *node, line int) (Value, error) {
	items, err := args("Fn::Select", arg, line, 2, 2)
	if err != nil {
		return Value{}, err
	}
	iv, err := e.eval(items[0])
	if err != nil {
		return Value{}, err
	}
	list, err := e.eval(items[1])
	if err != nil {
		return Value{}, err
	}
	if iv.kind == kindUnknown {
		return unknownValue(iv.str, line), nil
	}
	idx, err := toInt(iv)
	if err != nil {
		return Value{}, errorf(line, "Fn::Select: index: %s", err.(*Error).Msg)
	}
	switch list.kind {
	case kindUnknown:
		return unknownValue(list.str, line), nil
	case kindList:
	default:
		return Value{}, errorf(line, "Fn::Select: want a list, got %s", list.kindName())
	}
	if idx < 0 || idx >= len(list.items) {
		return Value{}, errorf(line, "Fn::Select index %d out of range (list has %d items)", idx, len(list.items))
	}
	v := list.items[idx]
	v.line = line
	return v, nil
}

// split evaluates Fn::Split: [delimiter, string].
func (e *evaluator) split(arg *node, line int) (Value, error) {
	items, err := args("Fn::Split", arg, line, 2, 2)
	if err != nil {
		return Value{}, err
	}
	delim, u, ok, err := e.evalString("Fn::Split", items[0])
	if err != nil || !ok {
		return u, err
	}
	if delim == "" {
		return Value{}, errorf(line, "Fn::Split: empty delimiter")
	}
	s, u, ok, err := e.evalString("Fn::Split", items[1])
	if err != nil || !ok {
		return u, err
	}
	if err := e.b.built(line, strings.Count(s, delim)+1, len(s)); err != nil {
		return Value{}, err
	}
	parts := strings.Split(s, delim)
	out := make([]Value, len(parts))
	for i, p := range parts {
		out[i] = strValue(p, line)
	}
	return Value{kind: kindList, items: out, line: line}, nil
}

// azCount is how many availability zones Fn::GetAZs returns.
const azCount = 6

// getAZs evaluates Fn::GetAZs: the region's zones a to f ("" or null means
// the stack's region).
func (e *evaluator) getAZs(arg *node, line int) (Value, error) {
	region := e.opts.Region
	if !arg.isNull() {
		s, u, ok, err := e.evalString("Fn::GetAZs", arg)
		if err != nil || !ok {
			return u, err
		}
		if s != "" {
			region = s
		}
	}
	if err := e.b.built(line, azCount, 0); err != nil {
		return Value{}, err
	}
	return azList(region, azCount, line), nil
}

// azList returns n zone names of region: region+"a", region+"b", ...
func azList(region string, n, line int) Value {
	out := make([]Value, n)
	for i := range out {
		out[i] = strValue(region+string(rune('a'+i)), line)
	}
	return Value{kind: kindList, items: out, line: line}
}

// findInMap evaluates Fn::FindInMap: [map, top-level key, second-level key]
// with the optional fourth argument {DefaultValue: v} of
// AWS::LanguageExtensions.
func (e *evaluator) findInMap(arg *node, line int) (Value, error) {
	items, err := args("Fn::FindInMap", arg, line, 3, 4)
	if err != nil {
		return Value{}, err
	}
	var keys [3]string
	for i := range keys {
		s, u, ok, err := e.evalString("Fn::FindInMap", items[i])
		if err != nil || !ok {
			return u, err
		}
		keys[i] = s
	}
	var def *node
	if len(items) == 4 {
		if def = items[3].get("DefaultValue"); def == nil {
			return Value{}, errorf(line, "Fn::FindInMap: the fourth argument must be {DefaultValue: value}")
		}
	}
	m := e.mappings.get(keys[0])
	top := m.get(keys[1])
	val := top.get(keys[2])
	if val == nil {
		if def != nil {
			return e.eval(def)
		}
		switch {
		case m == nil:
			return Value{}, errorf(line, "Fn::FindInMap: no map %q in Mappings", keys[0])
		case top == nil:
			return Value{}, errorf(line, "Fn::FindInMap: no key %q in map %q", keys[1], keys[0])
		}
		return Value{}, errorf(line, "Fn::FindInMap: no key %q under %q in map %q", keys[2], keys[1], keys[0])
	}
	v, err := e.eval(val)
	if err != nil {
		return Value{}, err
	}
	v.line = line
	return v, nil
}

// importValue evaluates Fn::ImportValue from the exports given in Options
// or made by earlier stacks; others are unknown.
func (e *evaluator) importValue(arg *node, line int) (Value, error) {
	name, u, ok, err := e.evalString("Fn::ImportValue", arg)
	if err != nil || !ok {
		return u, err
	}
	if v, ok := e.opts.Exports[name]; ok {
		v.line = line
		return v, nil
	}
	e.warn("Fn::ImportValue %q: no stack given exports it; its uses are unknown", name)
	return unknownValue("Fn::ImportValue "+name, line), nil
}

// ifFn evaluates Fn::If: [condition, value if true, value if false].
func (e *evaluator) ifFn(arg *node, line int) (Value, error) {
	items, err := args("Fn::If", arg, line, 3, 3)
	if err != nil {
		return Value{}, err
	}
	if items[0].kind != scalarNode || items[0].typ == typeNull {
		return Value{}, errorf(line, "Fn::If: the first argument must be a condition name")
	}
	on, err := e.conditionOn(items[0].str, line)
	if err != nil {
		return Value{}, err
	}
	if on {
		return e.eval(items[1])
	}
	return e.eval(items[2])
}

// base64 evaluates Fn::Base64.
func (e *evaluator) base64(arg *node, line int) (Value, error) {
	s, u, ok, err := e.evalString("Fn::Base64", arg)
	if err != nil || !ok {
		return u, err
	}
	enc := base64.StdEncoding.EncodeToString([]byte(s))
	if err := e.b.built(line, 1, len(enc)); err != nil {
		return Value{}, err
	}
	return strValue(enc, line), nil
}

// length evaluates Fn::Length (AWS::LanguageExtensions): the number of
// items of a list.
func (e *evaluator) length(arg *node, line int) (Value, error) {
	v, err := e.eval(arg)
	if err != nil {
		return Value{}, err
	}
	switch v.kind {
	case kindUnknown:
		return v, nil
	case kindList:
		return Value{kind: kindString, typ: typeInt, str: strconv.Itoa(len(v.items)), line: line}, nil
	}
	return Value{}, errorf(line, "Fn::Length: want a list, got %s", v.kindName())
}

// toJSONString evaluates Fn::ToJsonString (AWS::LanguageExtensions).
func (e *evaluator) toJSONString(arg *node, line int) (Value, error) {
	v, err := e.eval(arg)
	if err != nil {
		return Value{}, err
	}
	if u, ok := firstUnknown(v); ok {
		return unknownValue(u.str, line), nil
	}
	if v.kind != kindList && v.kind != kindMap {
		return Value{}, errorf(line, "Fn::ToJsonString: want a list or a mapping, got %s", v.kindName())
	}
	var buf bytes.Buffer
	v.appendJSON(&buf)
	if err := e.b.built(line, 1, buf.Len()); err != nil {
		return Value{}, err
	}
	return strValue(buf.String(), line), nil
}
