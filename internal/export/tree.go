package export

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// object is a JSON object whose keys keep the order they were set in, so
// that output is grouped as written and byte-stable. Most objects have a
// handful of keys and are searched in order; the large ones (a template's
// resources) get an index.
type object struct {
	members []member
	idx     map[string]int // key -> position, once the object is large
}

type member struct {
	key string
	val any
}

const indexAt = 16

func newObject() *object { return &object{} }

func (o *object) find(key string) int {
	if o.idx != nil {
		if i, ok := o.idx[key]; ok {
			return i
		}
		return -1
	}
	for i := range o.members {
		if o.members[i].key == key {
			return i
		}
	}
	return -1
}

// set sets key to v, keeping the key's first position. A nil v (an
// absent optional value) is not set.
func (o *object) set(key string, v any) *object {
	if isNil(v) {
		return o
	}
	if i := o.find(key); i >= 0 {
		o.members[i].val = v
		return o
	}
	o.members = append(o.members, member{key, v})
	if o.idx != nil {
		o.idx[key] = len(o.members) - 1
	} else if len(o.members) > indexAt {
		o.idx = make(map[string]int, 2*len(o.members))
		for i, m := range o.members {
			o.idx[m.key] = i
		}
	}
	return o
}

func (o *object) get(key string) any {
	if i := o.find(key); i >= 0 {
		return o.members[i].val
	}
	return nil
}

func (o *object) len() int { return len(o.members) }

// child returns the object at key, making it if needed.
func (o *object) child(key string) *object {
	if c, ok := o.get(key).(*object); ok {
		return c
	}
	c := newObject()
	o.set(key, c)
	return c
}

func isNil(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case *object:
		return x == nil
	case []any:
		return x == nil
	}
	return false
}

// obj builds an object from alternating keys and values; nil values are
// left out.
func obj(kv ...any) *object {
	o := &object{members: make([]member, 0, len(kv)/2)}
	for i := 0; i+1 < len(kv); i += 2 {
		o.set(kv[i].(string), kv[i+1])
	}
	return o
}

// list returns the strings as a JSON list, nil when there are none.
func strList(ss []string) []any {
	if len(ss) == 0 {
		return nil
	}
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// encodeJSON writes v as indented JSON with a final newline. Values are
// *object, []any, string, int, int64, float64, bool and nil.
func encodeJSON(v any, sizeHint int) []byte { return encodeJSONWith(v, sizeHint, nil) }

// encodeJSONWith is encodeJSON with objects already encoded: frags holds
// the text of some objects of v (at the depth they are found).
func encodeJSONWith(v any, sizeHint int, frags map[*object][]byte) []byte {
	var b bytes.Buffer
	b.Grow(max(1<<12, sizeHint))
	w := jsonWriter{b: &b, frags: frags}
	w.value(v, 0)
	b.WriteByte('\n')
	return b.Bytes()
}

type jsonWriter struct {
	b     *bytes.Buffer
	frags map[*object][]byte
}

// newlines is a newline and enough indentation for any depth written.
var newlines = "\n" + strings.Repeat("  ", 64)

func (w jsonWriter) indent(n int) {
	if 1+2*n <= len(newlines) {
		w.b.WriteString(newlines[:1+2*n])
		return
	}
	w.b.WriteString(newlines)
	w.indent(n - 64)
}

func (w jsonWriter) value(v any, depth int) {
	switch x := v.(type) {
	case *object:
		if f, ok := w.frags[x]; ok {
			w.b.Write(f)
			return
		}
		if x.len() == 0 {
			w.b.WriteString("{}")
			return
		}
		w.b.WriteByte('{')
		for i, m := range x.members {
			if i > 0 {
				w.b.WriteByte(',')
			}
			w.indent(depth + 1)
			w.str(m.key)
			w.b.WriteString(": ")
			w.value(m.val, depth+1)
		}
		w.indent(depth)
		w.b.WriteByte('}')
	case []any:
		if len(x) == 0 {
			w.b.WriteString("[]")
			return
		}
		w.b.WriteByte('[')
		for i, it := range x {
			if i > 0 {
				w.b.WriteByte(',')
			}
			w.indent(depth + 1)
			w.value(it, depth+1)
		}
		w.indent(depth)
		w.b.WriteByte(']')
	case string:
		w.str(x)
	case int:
		w.b.WriteString(strconv.Itoa(x))
	case int64:
		w.b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			w.b.WriteString("null")
			return
		}
		w.b.WriteString(strconv.FormatFloat(x, 'f', -1, 64))
	case bool:
		w.b.WriteString(strconv.FormatBool(x))
	case nil:
		w.b.WriteString("null")
	default:
		panic("export: cannot encode a value of this type")
	}
}

const hexDigits = "0123456789abcdef"

// str writes s as a JSON string: quotes, backslashes and control
// characters escaped, invalid UTF-8 replaced, the rest as written.
func (w jsonWriter) str(s string) {
	b := w.b
	b.WriteByte('"')
	if plain(s) {
		b.WriteString(s)
		b.WriteByte('"')
		return
	}
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			b.WriteString(s[start:i])
			if r == utf8.RuneError {
				b.WriteString(`\ufffd`)
			} else {
				b.WriteString(`\u202`)
				b.WriteByte(hexDigits[r&0xf])
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

// plain reports whether s needs no escaping in a JSON string.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// encodeYAML writes v as YAML, keys in the same order as the JSON.
func encodeYAML(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(yamlNode(v)); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func yamlNode(v any) *yaml.Node {
	switch x := v.(type) {
	case *object:
		n := &yaml.Node{Kind: yaml.MappingNode}
		for _, m := range x.members {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: m.key}, yamlNode(m.val))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		for _, it := range x {
			n.Content = append(n.Content, yamlNode(it))
		}
		return n
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: x}
	case int:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(x)}
	case int64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(x, 10)}
	case float64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(x, 'f', -1, 64)}
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x)}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}
