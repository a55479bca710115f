package tfimport

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// view reads the attributes of a resource, or of a block nested in it, as
// template values: unknown attributes become unknown values with their
// reason, AWS IDs become design IDs.
type view struct {
	t    *translator
	r    *Resource
	m    map[string]any
	path string // the attribute path of m: "" or "ingress.0."
}

func (t *translator) view(r *Resource) view { return view{t: t, r: r, m: r.Values} }

// raw returns the value of key, or an unknown value when it is unknown.
func (v view) raw(key string) any {
	if why, ok := v.r.Unknown[v.path+key]; ok {
		attr := v.r.Address + "." + v.path + key
		if strings.HasPrefix(why, attr+" ") {
			// A configuration's reason may name the attribute already.
			return v.t.unknown(why)
		}
		return v.t.unknown(attr + " " + why)
	}
	return v.m[key]
}

// known reports whether key is present, not null and known.
func (v view) known(key string) bool {
	_, unknown := v.r.Unknown[v.path+key]
	return !unknown && v.m[key] != nil
}

// str returns a scalar as a string; nil when absent, null or "".
func (v view) str(key string) any {
	switch x := v.raw(key).(type) {
	case string:
		if x == "" {
			return nil
		}
		return x
	case json.Number:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case map[string]any:
		return x // an unknown value
	case nil:
		return nil
	default:
		return x // wrong-typed (a list): the importer says so, naming the attribute
	}
}

// num returns a number (or an unknown value); nil when absent or null.
func (v view) num(key string) any {
	switch x := v.raw(key).(type) {
	case json.Number, float64, map[string]any:
		return x
	case string:
		if x == "" {
			return nil
		}
		return x
	}
	return v.raw(key) // nil, or wrong-typed: the importer says so
}

// boolean returns a boolean (or an unknown value); nil when absent. A
// value of another type goes through for the importer to refuse it,
// naming the attribute, rather than being dropped.
func (v view) boolean(key string) any {
	return v.raw(key)
}

// isTrue reports whether key is known and true.
func (v view) isTrue(key string) bool { b, _ := v.m[key].(bool); return b && v.known(key) }

// ref returns a reference: the design ID of the resource an AWS ID names,
// the ID itself when no resource has it (the importer makes it an unknown
// "external" reference), or an unknown value.
func (v view) ref(key string) any {
	x := v.str(key)
	s, ok := x.(string)
	if !ok {
		return x
	}
	return v.resolve(key, s)
}

func (v view) resolve(key, s string) any {
	if to, ok := v.t.ids[s]; ok {
		return to
	}
	v.t.warnings = append(v.t.warnings, fmt.Sprintf("%s.%s: %s is not among the resources read; the reference is unknown", v.r.Address, v.path+key, s))
	return s
}

// refs returns a list of references; nil when absent or empty.
func (v view) refs(key string) any {
	switch x := v.raw(key).(type) {
	case map[string]any:
		return x
	case []any:
		var out []any
		for i, e := range x {
			if why, ok := v.r.Unknown[v.path+key+"."+strconv.Itoa(i)]; ok {
				out = append(out, v.t.unknown(fmt.Sprintf("%s.%s.%d %s", v.r.Address, v.path+key, i, why)))
				continue
			}
			if s, ok := e.(string); ok && s != "" {
				out = append(out, v.resolve(key, s))
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	return nil
}

// strs returns a list of strings, each item as str would; an unknown list
// is one unknown item.
func (v view) strs(key string) []any {
	switch x := v.raw(key).(type) {
	case map[string]any:
		return []any{x}
	case []any:
		var out []any
		for i, e := range x {
			if why, ok := v.r.Unknown[v.path+key+"."+strconv.Itoa(i)]; ok {
				out = append(out, v.t.unknown(fmt.Sprintf("%s.%s.%d %s", v.r.Address, v.path+key, i, why)))
			} else if s, ok := e.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// knownStrs is strs for a list whose being unknown says nothing about its
// items, such as the IPv6 addresses of an instance that may get none: an
// unknown list is empty.
func (v view) knownStrs(key string) []any {
	if !v.known(key) {
		return nil
	}
	return v.strs(key)
}

// list returns the blocks of key.
func (v view) list(key string) []view {
	l, _ := v.m[key].([]any)
	var out []view
	for i, x := range l {
		if o, ok := x.(map[string]any); ok {
			out = append(out, view{t: v.t, r: v.r, m: o, path: v.path + key + "." + strconv.Itoa(i) + "."})
		}
	}
	return out
}

// tags returns the resource's tags (tags_all, which holds the provider's
// default tags too, else tags) as a CloudFormation tag list.
func (v view) tags() []any {
	m, _ := v.m["tags_all"].(map[string]any)
	if len(m) == 0 {
		m, _ = v.m["tags"].(map[string]any)
	}
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]any, 0, len(keys))
	for _, k := range keys {
		if s, ok := m[k].(string); ok {
			out = append(out, map[string]any{"Key": k, "Value": s})
		}
	}
	return out
}

// props builds a property map from pairs of CloudFormation names and
// values, leaving out the nil values.
func props(kv ...any) map[string]any {
	out := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			continue
		}
		if l, ok := kv[i+1].([]any); ok && l == nil {
			continue
		}
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}
