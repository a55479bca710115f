package importer

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// Value is a template value after evaluation: a string (CloudFormation
// treats numbers and booleans as strings, and so does Value), a list, a
// mapping, null (the zero Value), or an unknown value that is only known
// after deployment, with the reason it is unknown.
type Value struct {
	kind   valueKind
	typ    scalarType
	line   int
	str    string // the text of a string, the reason of an unknown
	items  []Value
	fields []valueField
}

type valueKind uint8

const (
	kindNull valueKind = iota
	kindString
	kindList
	kindMap
	kindUnknown
	// kindNoValue is AWS::NoValue: the key or list item that holds it is
	// removed.
	kindNoValue
)

type valueField struct {
	key string
	val Value
}

// StringValue returns a string value.
func StringValue(s string) Value { return Value{kind: kindString, str: s} }

// ListValue returns a list value.
func ListValue(items ...Value) Value {
	return Value{kind: kindList, items: slices.Clone(items)}
}

// UnknownValue returns a value known only after deployment; reason says
// where it comes from ("Fn::GetAtt VPC.Ipv6CidrBlocks").
func UnknownValue(reason string) Value { return Value{kind: kindUnknown, str: reason} }

// IsUnknown reports whether v is unknown.
func (v Value) IsUnknown() bool { return v.kind == kindUnknown }

// String returns v as JSON, with unknown values written as
// "unknown(reason)" strings.
func (v Value) String() string {
	var buf bytes.Buffer
	v.appendJSON(&buf)
	return buf.String()
}

func strValue(s string, line int) Value { return Value{kind: kindString, str: s, line: line} }

func unknownValue(reason string, line int) Value {
	return Value{kind: kindUnknown, str: reason, line: line}
}

// kindName names the kind of v in messages.
func (v Value) kindName() string {
	switch v.kind {
	case kindString:
		return "a string"
	case kindList:
		return "a list"
	case kindMap:
		return "a mapping"
	case kindUnknown:
		return "an unknown value"
	case kindNoValue:
		return "AWS::NoValue"
	}
	return "null"
}

// get returns the value of key in a mapping.
func (v Value) get(key string) (Value, bool) {
	for _, f := range v.fields {
		if f.key == key {
			return f.val, true
		}
	}
	return Value{}, false
}

// text returns the text of a string value.
func (v Value) text() (string, bool) {
	if v.kind != kindString {
		return "", false
	}
	return v.str, true
}

// designString returns v as a design string: the text of a string, the
// design encoding of an unknown, "" for null.
func (v Value) designString() (string, error) {
	switch v.kind {
	case kindString:
		return v.str, nil
	case kindUnknown:
		return design.Unknown(v.str), nil
	case kindNull:
		return "", nil
	}
	return "", errorf(v.line, "want a string, got %s", v.kindName())
}

// toInt coerces a string such as "100", "-1" or "22.0" to an int.
func toInt(v Value) (int, error) {
	s, ok := v.text()
	if !ok {
		return 0, errorf(v.line, "want a number, got %s", v.kindName())
	}
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		return n, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<31 {
		return int(f), nil
	}
	return 0, errorf(v.line, "want a number, got %q", s)
}

// toBool coerces "true", "True", "false" (and YAML booleans) to a bool.
func toBool(v Value) (bool, error) {
	s, ok := v.text()
	if !ok {
		return false, errorf(v.line, "want true or false, got %s", v.kindName())
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, errorf(v.line, "want true or false, got %q", s)
}

// equal reports whether two known values are equal, comparing scalars by
// their text ("3" equals 3).
func equal(a, b Value) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case kindString, kindUnknown:
		return a.str == b.str
	case kindList:
		return slices.EqualFunc(a.items, b.items, equal)
	case kindMap:
		return slices.EqualFunc(a.fields, b.fields, func(x, y valueField) bool { return x.key == y.key && equal(x.val, y.val) })
	}
	return true
}

// firstUnknown returns the first unknown value in v, depth first.
func firstUnknown(v Value) (Value, bool) {
	switch v.kind {
	case kindUnknown:
		return v, true
	case kindList:
		for _, it := range v.items {
			if u, ok := firstUnknown(it); ok {
				return u, true
			}
		}
	case kindMap:
		for _, f := range v.fields {
			if u, ok := firstUnknown(f.val); ok {
				return u, true
			}
		}
	}
	return Value{}, false
}

// appendJSON writes v as JSON: keys sorted, numbers and booleans as written
// in the template, unknown values as "unknown(reason)".
func (v Value) appendJSON(buf *bytes.Buffer) {
	switch v.kind {
	case kindString:
		switch v.typ {
		case typeInt, typeFloat:
			if isJSONNumber(v.str) {
				buf.WriteString(v.str)
				return
			}
		case typeBool:
			switch strings.ToLower(v.str) {
			case "true", "false":
				buf.WriteString(strings.ToLower(v.str))
				return
			}
		}
		writeJSONString(buf, v.str)
	case kindUnknown:
		writeJSONString(buf, design.Unknown(v.str))
	case kindList:
		buf.WriteByte('[')
		for i, it := range v.items {
			if i > 0 {
				buf.WriteByte(',')
			}
			it.appendJSON(buf)
		}
		buf.WriteByte(']')
	case kindMap:
		fields := slices.Clone(v.fields)
		slices.SortStableFunc(fields, func(a, b valueField) int { return strings.Compare(a.key, b.key) })
		buf.WriteByte('{')
		for i, f := range fields {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeJSONString(buf, f.key)
			buf.WriteByte(':')
			f.val.appendJSON(buf)
		}
		buf.WriteByte('}')
	default:
		buf.WriteString("null")
	}
}

func isJSONNumber(s string) bool {
	var n json.Number
	return json.Unmarshal([]byte(s), &n) == nil && s != "" && s[0] != '"'
}

// writeJSONString writes s as a JSON string without HTML escaping, as
// design.Marshal writes.
func writeJSONString(buf *bytes.Buffer, s string) {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	// Encoding a string cannot fail.
	_ = enc.Encode(s)
	buf.Truncate(buf.Len() - 1) // the newline Encode adds
}
