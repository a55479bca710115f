package importer

import (
	"strconv"

	"github.com/vpcboard/vpcboard/internal/design"
)

// obj reads the evaluated properties of a resource, or a mapping nested in
// them, as design values. A value of the wrong type records an error in
// the builder, naming the property's path and line, and reads as the zero
// value.
type obj struct {
	b    *builder
	path string
	v    Value
	line int
}

// val returns the value of key, if present.
func (o obj) val(key string) (Value, bool) { return o.v.get(key) }

// has reports whether key is present.
func (o obj) has(key string) bool {
	_, ok := o.v.get(key)
	return ok
}

func (o obj) fail(key string, v Value, msg string) {
	line := v.line
	if line == 0 {
		line = o.line
	}
	o.b.fail(&Error{Line: line, Path: o.path + "." + key, Msg: msg, abs: true})
}

// str returns a string property ("" when absent, the unknown encoding
// when unknown).
func (o obj) str(key string) string {
	v, ok := o.v.get(key)
	if !ok {
		return ""
	}
	s, err := v.designString()
	if err != nil {
		o.fail(key, v, err.(*Error).Msg)
	}
	return s
}

// boolean returns a boolean property, def when absent or unknown.
func (o obj) boolean(key string, def bool) bool {
	v, ok := o.v.get(key)
	if !ok || v.kind == kindUnknown || v.kind == kindNull {
		return def
	}
	b, err := toBool(v)
	if err != nil {
		o.fail(key, v, err.(*Error).Msg)
		return def
	}
	return b
}

// integer returns an integer property and whether it is present and known.
func (o obj) integer(key string) (int, bool) {
	v, ok := o.v.get(key)
	if !ok || v.kind == kindUnknown || v.kind == kindNull {
		return 0, false
	}
	n, err := toInt(v)
	if err != nil {
		o.fail(key, v, err.(*Error).Msg)
		return 0, false
	}
	return n, true
}

// ref returns a reference property resolved against the design.
func (o obj) ref(key string, kinds ...design.Kind) string {
	v, ok := o.v.get(key)
	if !ok {
		return ""
	}
	return o.b.resolve(v, o.path+"."+key, kinds...)
}

// refs returns a list of references. An unknown list gives one unknown
// reference.
func (o obj) refs(key string, kinds ...design.Kind) []string {
	v, ok := o.v.get(key)
	if !ok {
		return nil
	}
	switch v.kind {
	case kindUnknown:
		return []string{design.Unknown(v.str)}
	case kindList:
	case kindNull:
		return nil
	default:
		o.fail(key, v, "want a list of resource IDs, got "+v.kindName())
		return nil
	}
	out := make([]string, 0, len(v.items))
	for i, it := range v.items {
		if s := o.b.resolve(it, o.path+"."+key+"["+strconv.Itoa(i)+"]", kinds...); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// child returns the mapping under key, and whether it is present.
func (o obj) child(key string) (obj, bool) {
	v, ok := o.v.get(key)
	if !ok || v.kind == kindNull {
		return obj{}, false
	}
	if v.kind != kindMap {
		if v.kind != kindUnknown {
			o.fail(key, v, "want a mapping, got "+v.kindName())
		}
		return obj{}, false
	}
	return obj{b: o.b, path: o.path + "." + key, v: v, line: v.line}, true
}

// list returns the mappings of a list of mappings.
func (o obj) list(key string) []obj {
	v, ok := o.v.get(key)
	if !ok || v.kind == kindNull || v.kind == kindUnknown {
		return nil
	}
	if v.kind != kindList {
		o.fail(key, v, "want a list, got "+v.kindName())
		return nil
	}
	out := make([]obj, 0, len(v.items))
	for i, it := range v.items {
		p := o.path + "." + key + "[" + strconv.Itoa(i) + "]"
		if it.kind != kindMap {
			if it.kind != kindUnknown {
				o.b.fail(&Error{Line: it.line, Path: p, Msg: "want a mapping, got " + it.kindName(), abs: true})
			}
			continue
		}
		out = append(out, obj{b: o.b, path: p, v: it, line: it.line})
	}
	return out
}

// tags returns the Tags property ([{Key, Value}]) as a map.
func (o obj) tags() map[string]string {
	var out map[string]string
	for _, t := range o.list("Tags") {
		k := t.str("Key")
		if k == "" {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = t.str("Value")
	}
	return out
}

// base returns the design Base of resource r: its design ID and tags.
func (o obj) base(r *resource) design.Base {
	return design.Base{ID: o.b.ev.idOf(r.id), Tags: o.tags()}
}
