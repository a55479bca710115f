package export

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// object is a JSON object whose keys keep the order they were set in, so
// that output is grouped as written and byte-stable. Most objects have a
// handful of keys and are searched in order; a large one gets an index
// when it is first searched, so that one built by push alone (the
// thousands of resources of a type) costs no map.
type object struct {
	members []member
	idx     map[string]int // key -> position, once the object is large and searched
}

type member struct {
	key string
	val any
}

const indexAt = 16

func newObject() *object { return &object{} }

func (o *object) find(key string) int {
	if o.idx == nil && len(o.members) > indexAt {
		o.index()
	}
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
	o.push(key, v)
	return o
}

// index makes the index of o's keys.
func (o *object) index() {
	o.idx = make(map[string]int, 2*len(o.members))
	for i, m := range o.members {
		o.idx[m.key] = i
	}
}

// push appends key, which o does not have, with value v: the way to build
// an object from keys known to be distinct without searching it.
func (o *object) push(key string, v any) {
	o.members = append(o.members, member{key, v})
	if o.idx != nil {
		o.idx[key] = len(o.members) - 1
	}
}

func (o *object) get(key string) any {
	if i := o.find(key); i >= 0 {
		return o.members[i].val
	}
	return nil
}

// len returns the number of o's keys, 0 for a nil o.
func (o *object) len() int {
	if o == nil {
		return 0
	}
	return len(o.members)
}

// child returns the object at key, making it if needed.
func (o *object) child(key string) *object {
	if c, ok := o.get(key).(*object); ok {
		return c
	}
	c := newObject()
	o.set(key, c)
	return c
}

// ref is a CloudFormation Ref of a logical ID (attr "") or its Fn::GetAtt
// of attr. It is written as that object, and held as a value because it is
// the commonest object of a template.
type ref struct{ target, attr string }

func refTo(logical string) ref { return ref{target: logical} }

func getAtt(logical, attr string) ref { return ref{logical, attr} }

// object returns r as the object it is written as.
func (r ref) object() *object {
	if r.attr == "" {
		return obj("Ref", r.target)
	}
	return obj("Fn::GetAtt", []any{r.target, r.attr})
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
	n := 0
	for i := 1; i < len(kv); i += 2 {
		if !isNil(kv[i]) {
			n++
		}
	}
	o := withRoom(n)
	// What set does, without its calls: o is new and small, so not
	// indexed; a key given twice keeps its first place and its last value.
	for i := 0; i+1 < len(kv); i += 2 {
		v := kv[i+1]
		if isNil(v) {
			continue
		}
		key := kv[i].(string)
		j := 0
		for j < len(o.members) && o.members[j].key != key {
			j++
		}
		if j < len(o.members) {
			o.members[j].val = v
		} else {
			o.members = append(o.members, member{key, v})
		}
	}
	return o
}

// withRoom returns an empty object with room for n members. A small
// object comes in one allocation with its members, as most objects are
// small and made whole by obj.
func withRoom(n int) *object {
	switch {
	case n == 0:
		return &object{}
	case n == 1:
		o := &struct {
			object
			room [1]member
		}{}
		o.members = o.room[:0]
		return &o.object
	case n == 2:
		o := &struct {
			object
			room [2]member
		}{}
		o.members = o.room[:0]
		return &o.object
	case n <= 4:
		o := &struct {
			object
			room [4]member
		}{}
		o.members = o.room[:0]
		return &o.object
	case n <= 8:
		o := &struct {
			object
			room [8]member
		}{}
		o.members = o.room[:0]
		return &o.object
	}
	return &object{members: make([]member, 0, n)}
}

// strList returns the strings as a JSON list, nil when there are none.
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

// encoded is a value with its JSON text at the depth it is written at,
// which appendJSON writes as it is: a resource a template holds unchanged.
type encoded struct {
	v    any
	text []byte
}

// textStyle says how the writer writes strings.
type textStyle bool

const (
	asWritten   textStyle = false // CloudFormation: strings as they are
	asTemplates textStyle = true  // Terraform: strings and keys as tfText, expr as written
)

// encodeTerraform returns a Terraform configuration as indented JSON with
// a final newline, every string but an expr escaped by tfText: this is the
// one place design text becomes Terraform, so no field can forget it.
func encodeTerraform(v any, sizeHint int) []byte {
	b := make([]byte, 0, max(1<<12, sizeHint))
	return append(appendValue(b, v, 0, asTemplates), '\n')
}

// appendJSON appends v to b as indented JSON with a final newline and
// returns the extended buffer. Values are *object, []any, ref, *resource,
// *encoded, string, int, int64, float64, bool and nil.
func appendJSON(b []byte, v any) []byte {
	return append(appendValue(b, v, 0, asWritten), '\n')
}

// newlines is a newline and enough indentation for any depth written.
var newlines = "\n" + strings.Repeat("  ", 64)

// appendIndent appends a newline and the indentation of depth n.
func appendIndent(b []byte, n int) []byte {
	for n > 64 {
		b = append(b, newlines...)
		n -= 64
	}
	return append(b, newlines[:1+2*n]...)
}

// appendValue appends v as JSON at depth: indented for it, not preceded
// by a newline, its strings in style.
func appendValue(b []byte, v any, depth int, style textStyle) []byte {
	switch x := v.(type) {
	case *object:
		if x.len() == 0 {
			return append(b, "{}"...)
		}
		b = append(b, '{')
		for i, m := range x.members {
			if cap(b)-len(b) < 1<<10 {
				// Doubling rather than append's smaller steps, which
				// copy more for a document of megabytes.
				b = slices.Grow(b, len(b))
			}
			b = appendMember(b, i, m.key, m.val, depth, style)
		}
		b = appendIndent(b, depth)
		return append(b, '}')
	case *resource:
		b = append(b, '{')
		b = appendMember(b, 0, "Type", x.typ, depth, style)
		n := 1
		if x.id != "" || x.facts != nil {
			b = appendMetadata(b, n, x, depth, style)
			n++
		}
		switch len(x.dependsOn) {
		case 0:
		case 1:
			b = appendMember(b, n, "DependsOn", x.dependsOn[0], depth, style)
			n++
		default:
			b = appendMember(b, n, "DependsOn", strList(x.dependsOn), depth, style)
			n++
		}
		if x.policy != "" {
			b = appendMember(b, n, "DeletionPolicy", x.policy, depth, style)
			b = appendMember(b, n+1, "UpdateReplacePolicy", x.policy, depth, style)
			n += 2
		}
		if x.props != nil {
			b = appendMember(b, n, "Properties", x.props, depth, style)
		}
		b = appendIndent(b, depth)
		return append(b, '}')
	case []any:
		if len(x) == 0 {
			return append(b, "[]"...)
		}
		b = append(b, '[')
		for i, it := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendIndent(b, depth+1)
			b = appendValue(b, it, depth+1, style)
		}
		b = appendIndent(b, depth)
		return append(b, ']')
	case *encoded:
		return append(b, x.text...)
	case ref:
		b = append(b, '{')
		b = appendIndent(b, depth+1)
		if x.attr == "" {
			b = append(b, `"Ref": `...)
			b = appendString(b, x.target)
		} else {
			b = append(b, `"Fn::GetAtt": [`...)
			b = appendIndent(b, depth+2)
			b = appendString(b, x.target)
			b = append(b, ',')
			b = appendIndent(b, depth+2)
			b = appendString(b, x.attr)
			b = appendIndent(b, depth+1)
			b = append(b, ']')
		}
		b = appendIndent(b, depth)
		return append(b, '}')
	case string:
		if style == asTemplates {
			x = tfText(x)
		}
		return appendString(b, x)
	case expr:
		return appendString(b, string(x))
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return append(b, "null"...)
		}
		return strconv.AppendFloat(b, x, 'f', -1, 64)
	case bool:
		return strconv.AppendBool(b, x)
	case nil:
		return append(b, "null"...)
	}
	panic("export: cannot encode a value of this type")
}

// appendMetadata appends the member "Metadata": {"vpcboard": {"id": ...,
// facts...}} of resource r, the ith of r's object at depth: what
// appendMember would of r.metadata(), without making it.
func appendMetadata(b []byte, i int, r *resource, depth int, style textStyle) []byte {
	if i > 0 {
		b = append(b, ',')
	}
	b = appendIndent(b, depth+1)
	b = append(b, `"Metadata": {`...)
	b = appendIndent(b, depth+2)
	b = append(b, `"vpcboard": {`...)
	k := 0
	if r.id != "" {
		b = appendMember(b, 0, "id", r.id, depth+2, style)
		k++
	}
	if r.facts != nil {
		for j, m := range r.facts.members {
			b = appendMember(b, k+j, m.key, m.val, depth+2, style)
		}
	}
	b = appendIndent(b, depth+2)
	b = append(b, '}')
	b = appendIndent(b, depth+1)
	return append(b, '}')
}

// appendMember appends the member key: v, the ith of an object at depth.
func appendMember(b []byte, i int, key string, v any, depth int, style textStyle) []byte {
	if i > 0 {
		b = append(b, ',')
	}
	b = appendIndent(b, depth+1)
	if style == asTemplates {
		key = tfText(key)
	}
	b = appendString(b, key)
	b = append(b, ": "...)
	return appendValue(b, v, depth+1, style)
}

const hexDigits = "0123456789abcdef"

// asIs holds the bytes that a JSON string holds as they are: printable
// ASCII but quotes and backslashes. It is not changed after it is made.
var asIs = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendString appends s as a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced, the rest as written.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	i := plainPrefix(s)
	if i == len(s) {
		b = append(b, s...)
		return append(b, '"')
	}
	start := 0
	for i < len(s) {
		c := s[i]
		if asIs[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, `\n`...)
			case '\r':
				b = append(b, `\r`...)
			case '\t':
				b = append(b, `\t`...)
			default:
				b = append(b, `\u00`...)
				b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			if r == utf8.RuneError {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, `\u202`...)
				b = append(b, hexDigits[r&0xf])
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// plainPrefix returns the length of the longest prefix of s that a JSON
// string holds as it is. Most strings of an export are all such bytes, so
// it tests eight at a time (a word's bytes against the bounds of asIs, by
// the carry tricks of "Bit Twiddling Hacks": a byte is zero in y when
// (y-0x01..)&^y&0x80.. is set in it, less than n when (x-n..)&^x&0x80..
// is), then finishes byte by byte.
func plainPrefix(s string) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		t := s[i : i+8]
		x := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
		quote, backslash := x^(ones*'"'), x^(ones*'\\')
		special := (x - ones*0x20) &^ x // a control character
		special |= (quote - ones) &^ quote
		special |= (backslash - ones) &^ backslash
		if (special|x)&highs != 0 { // or a byte of UTF-8 beyond ASCII
			break
		}
	}
	for i < len(s) && asIs[s[i]] {
		i++
	}
	return i
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
	case ref:
		return yamlNode(x.object())
	case *resource:
		return yamlNode(x.object())
	case *encoded:
		return yamlNode(x.v)
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
