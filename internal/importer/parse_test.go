package importer

import (
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "  \n", "empty template"},
		{"comment only", "# nothing\n", "empty template"},
		{"mapping values", "a: 1\nb: 2\nc: d: e\n", "line 3: mapping values are not allowed in this context"},
		{"first line", "a: b: c\n", "line 1: mapping values are not allowed in this context"},
		{"unclosed flow list", "Resources:\n  X:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: [1,2\n", "line 5: did not find expected ',' or ']'"},
		{"bad indentation", "a: 1\nb:\n  - x\n - y\n", "line 4: did not find expected key"},
		{"tab indentation", "a: 1\n\tb: 2\n", "line 2: found a tab character that violates indentation"},
		{"unterminated string", "a: 1\nb: \"abc\n", "line 2: found unexpected end of stream"},
		{"unknown anchor", "a: 1\nb: *x\n", "line 2: unknown anchor 'x' referenced"},
		{"recursive alias", "a: &x [1, *x]\n", "line 1: alias *x refers to a value that contains it"},
		{"duplicate key", "a: 1\nb: 2\na: 3\n", `line 3: duplicate key "a" (first at line 1)`},
		{"unknown tag", "a: 1\nb: !Foo x\n", "line 2: unknown tag !Foo"},
		{"second document", "a: 1\n---\nb: 2\n", "line 2: a template is one YAML document; found a second one"},
		{"complex key", "? [a]\n: 1\n", "line 1: a mapping key must be a string"},
		{"json truncated", "{\n  \"Resources\": {\n    \"X\": {\"Type\": \"AWS::EC2::VPC\"", "line 3: unexpected end of input (truncated file?)"},
		{"json syntax", "{\n  \"a\": 1,\n  \"b\" 2\n}\n", "line 3: invalid character '2' after object key"},
		{"json duplicate key", "{\n  \"a\": 1,\n  \"a\": 2\n}", `line 3: duplicate key "a" (first at line 2)`},
		{"json trailing data", "{\"a\": 1}\n{\"b\": 2}", "line 2: unexpected data after the JSON value"},
		{"json deep", strings.Repeat("[", 300) + strings.Repeat("]", 300), "nested deeper than 256 levels"},
		{"yaml deep", "a: " + strings.Repeat("[", 300) + strings.Repeat("]", 300), "nested deeper than 256 levels"},
	}
	for _, tt := range tests {
		_, err := parse([]byte(tt.in), &budget{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: parse(%q) error = %v; want %q", tt.name, tt.in, err, tt.want)
		}
	}
}

// billionLaughs is the YAML alias bomb: nine levels of nine aliases, 9^9
// values once expanded.
func billionLaughs() string {
	var b strings.Builder
	b.WriteString("a: &a [x, x, x, x, x, x, x, x, x]\n")
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		b.WriteString(name + ": &" + name + " [")
		for i := range 9 {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]\n")
		prev = name
	}
	return b.String()
}

func TestParseAliasBomb(t *testing.T) {
	_, err := parse([]byte(billionLaughs()), &budget{})
	if err == nil || !strings.Contains(err.Error(), "expands to more than 1000000 values") {
		t.Fatalf("parse(billion laughs) error = %v; want the expansion cap", err)
	}
}

func TestParseShapes(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // the tree evaluated as JSON
	}{
		{"json with tabs and escapes", "{\n\t\"a\": {\n\t\t\"b\": [1,\t\"x\\/y\\u00e9\"]\n\t}\n}", `{"a":{"b":[1,"x/yé"]}}`},
		{"json scalars", `{"n": -1.5, "t": true, "z": null, "s": "100"}`, `{"n":-1.5,"s":"100","t":true,"z":null}`},
		{"yaml flow mapping", "{a: b}", `{"a":"b"}`},
		{"yaml 1.1 booleans stay strings", "a: [Yes, No, on, off, y, n]", `{"a":["Yes","No","on","off","y","n"]}`},
		{"aliases", "x: &v [1, 2]\ny: *v", `{"x":[1,2],"y":[1,2]}`},
		{"merge key", "base: &b {a: 1, b: 2}\nm:\n  <<: *b\n  b: 3", `{"base":{"a":1,"b":2},"m":{"a":1,"b":3}}`},
		{"timestamp stays text", "Version: 2012-10-17", `{"Version":"2012-10-17"}`},
		{"bom", "\ufeffa: 1", `{"a":1}`},
		{"short tags", "a: !Ref X\nb: !GetAZs\nc: !Sub [s, {}]", `{"a":{"Ref":"X"},"b":{"Fn::GetAZs":""},"c":{"Fn::Sub":["s",{}]}}`},
		{"long form under short tag", "a: !Split [',', {'Fn::ImportValue': !Sub 'x'}]", `{"a":{"Fn::Split":[",",{"Fn::ImportValue":{"Fn::Sub":"x"}}]}}`},
	}
	for _, tt := range tests {
		n, err := parse([]byte(tt.in), &budget{})
		if err != nil {
			t.Errorf("%s: parse(%q) error: %v", tt.name, tt.in, err)
			continue
		}
		if got := rawJSON(n); got != tt.want {
			t.Errorf("%s: parse(%q) = %s; want %s", tt.name, tt.in, got, tt.want)
		}
	}
}

// rawJSON writes a tree as JSON without evaluating intrinsics.
func rawJSON(n *node) string {
	return rawValue(n).String()
}

func rawValue(n *node) Value {
	switch n.kind {
	case listNode:
		v := Value{kind: kindList}
		for _, it := range n.items {
			v.items = append(v.items, rawValue(it))
		}
		return v
	case mapNode:
		v := Value{kind: kindMap}
		for _, f := range n.fields {
			v.fields = append(v.fields, valueField{key: f.key, val: rawValue(f.val)})
		}
		return v
	}
	if n.typ == typeNull {
		return Value{}
	}
	return Value{kind: kindString, typ: n.typ, str: n.str}
}
