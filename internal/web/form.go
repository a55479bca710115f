package web

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/validate"
	"github.com/vpcboard/vpcboard/web/templates"
)

// The inspector has one form mechanism for every kind: its fields come
// from the resource type's JSON fields (what the design file holds), and
// the posted form becomes that JSON again, decoded by the design package,
// so that the form and the file format cannot drift apart. Strings are
// text inputs (a select when the type lists its values), booleans
// checkboxes, lists of IDs comma-separated text, tags "key=value" lines,
// and lists of structures (routes, rules, entries, interfaces) JSON.

// formField describes one JSON field of a resource type.
type formField struct {
	name    string // the JSON key
	typ     reflect.Type
	options []string
	index   []int
}

// fieldsOf returns the form fields of a kind, in the order of its type.
func fieldsOf(k design.Kind) []formField {
	r, err := design.DecodeResource(k, "x", []byte("{}"))
	if err != nil {
		return nil
	}
	t := reflect.TypeOf(r).Elem()
	var out []formField
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			idx := append(slices.Clone(index), i)
			if f.Anonymous {
				walk(f.Type, idx)
				continue
			}
			tag := f.Tag.Get("json")
			name, _, _ := strings.Cut(tag, ",")
			if name == "" || name == "-" || !f.IsExported() {
				continue
			}
			ff := formField{name: name, typ: f.Type, index: idx}
			for _, part := range strings.Split(f.Tag.Get("jsonschema"), ",") {
				if v, ok := strings.CutPrefix(part, "enum="); ok {
					ff.options = append(ff.options, v)
				}
			}
			out = append(out, ff)
		}
	}
	walk(t, nil)
	return out
}

// inputType is the kind of input a field gets.
func (f formField) inputType() string {
	switch {
	case f.name == "tags":
		return "tags"
	case len(f.options) > 0:
		return "select"
	}
	switch f.typ.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "checkbox"
	case reflect.Int, reflect.Int64:
		return "number"
	case reflect.Pointer:
		if f.typ.Elem().Kind() == reflect.Bool {
			return "tristate"
		}
	case reflect.Slice:
		if f.typ.Elem().Kind() == reflect.String {
			return "list"
		}
	}
	return "json"
}

func label(name string) string {
	s := strings.ReplaceAll(name, "_", " ")
	for _, a := range []string{"cidr", "ip", "az", "ipv6", "id", "dns", "asn", "arn", "vpc", "eip"} {
		s = strings.ReplaceAll(" "+s+" ", " "+a+" ", " "+strings.ToUpper(a)+" ")
		s = strings.TrimSpace(s)
	}
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// formFields returns the inspector fields of resource r (nil for a new one
// of kind k), with the errors of a refused edit by field and, for CIDR
// fields of a subnet, the planner's next free block.
func formFields(d *design.Design, k design.Kind, r design.Resource, values url.Values, errs map[string]string) []templates.Field {
	var doc map[string]any
	if r != nil {
		data, _ := json.Marshal(r)
		json.Unmarshal(data, &doc)
	}
	var out []templates.Field
	if r == nil {
		out = append(out, templates.Field{Name: "id", Label: "ID", Type: "text", Value: values.Get("id"),
			Hint: "letters, digits, . _ : - ; unique in the design", Error: errs["id"]})
	}
	for _, f := range fieldsOf(k) {
		tf := templates.Field{Name: f.name, Label: label(f.name), Error: errs[f.name]}
		v, has := doc[f.name]
		typ := f.inputType()
		switch typ {
		case "select":
			tf.Type, tf.Options = "select", append([]string{""}, f.options...)
			tf.Value, _ = v.(string)
		case "text":
			tf.Type = "text"
			tf.Value, _ = v.(string)
		case "number":
			tf.Type = "number"
			if has {
				tf.Value = fmt.Sprint(v)
			}
		case "checkbox":
			tf.Type = "checkbox"
			tf.Checked, _ = v.(bool)
		case "tristate":
			tf.Type, tf.Options = "select", []string{"", "true", "false"}
			if b, ok := v.(bool); ok {
				tf.Value = strconv.FormatBool(b)
			}
		case "list":
			tf.Type, tf.Hint = "text", "IDs, comma-separated"
			if l, ok := v.([]any); ok {
				var ss []string
				for _, x := range l {
					ss = append(ss, fmt.Sprint(x))
				}
				tf.Value = strings.Join(ss, ", ")
			}
		case "tags":
			tf.Type, tf.Hint = "tags", "one key=value a line"
			if m, ok := v.(map[string]any); ok {
				var lines []string
				for _, key := range sortedKeys(m) {
					lines = append(lines, key+"="+fmt.Sprint(m[key]))
				}
				tf.Value = strings.Join(lines, "\n")
			}
		default:
			tf.Type, tf.Hint = "json", "JSON, as in the design file"
			if has {
				b, _ := json.MarshalIndent(v, "", "  ")
				tf.Value = string(b)
			}
		}
		if values != nil {
			// A refused form shows what was typed.
			tf.Value = values.Get(f.name)
			tf.Checked = values.Get(f.name) == "true"
		}
		out = append(out, tf)
	}
	suggestCIDR(d, k, r, values, out)
	return out
}

// suggestCIDR offers the next free /24 of the subnet's VPC (or of the
// design's first VPC) in the subnet's CIDR field.
func suggestCIDR(d *design.Design, k design.Kind, r design.Resource, values url.Values, fields []templates.Field) {
	if k != design.KindSubnet {
		return
	}
	vpc := values.Get("vpc")
	if s, ok := r.(*design.Subnet); ok && vpc == "" {
		vpc = s.VPC
	}
	if vpc == "" {
		if ids := design.SortedIDs(d.VPCs); len(ids) > 0 {
			vpc = ids[0]
		}
	}
	if vpc == "" {
		return
	}
	p, err := validate.Plan(d, vpc, 24, "")
	if err != nil {
		return
	}
	for i := range fields {
		if fields[i].Name == "cidr" {
			fields[i].Suggestion = p.String()
			if vpc != "" && fields[i].Hint == "" {
				fields[i].Hint = "in VPC " + vpc
			}
		}
	}
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// formError is a posted form that does not make a resource: the field and
// what is wrong.
type formError struct{ field, msg string }

func (e *formError) Error() string { return e.field + ": " + e.msg }

// parseForm turns a posted inspector form into the resource's JSON value.
func parseForm(k design.Kind, values url.Values) ([]byte, error) {
	doc := map[string]any{}
	for _, f := range fieldsOf(k) {
		raw := strings.TrimSpace(values.Get(f.name))
		switch f.inputType() {
		case "checkbox":
			if raw == "true" {
				doc[f.name] = true
			}
		case "tristate":
			switch raw {
			case "true":
				doc[f.name] = true
			case "false":
				doc[f.name] = false
			}
		case "number":
			if raw == "" {
				continue
			}
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil {
				return nil, &formError{f.name, fmt.Sprintf("%q is not a whole number", raw)}
			}
			doc[f.name] = n
		case "list":
			var ids []string
			for _, p := range strings.Split(raw, ",") {
				if p = strings.TrimSpace(p); p != "" {
					ids = append(ids, p)
				}
			}
			if len(ids) > 0 {
				doc[f.name] = ids
			}
		case "tags":
			tags := map[string]string{}
			for i, line := range strings.Split(raw, "\n") {
				line = strings.TrimSpace(line)
				if line == "" {
					continue
				}
				key, val, ok := strings.Cut(line, "=")
				if !ok || strings.TrimSpace(key) == "" {
					return nil, &formError{f.name, fmt.Sprintf("line %d: want key=value", i+1)}
				}
				tags[strings.TrimSpace(key)] = strings.TrimSpace(val)
			}
			if len(tags) > 0 {
				doc[f.name] = tags
			}
		case "json":
			if raw == "" {
				continue
			}
			var v any
			if err := json.Unmarshal([]byte(raw), &v); err != nil {
				return nil, &formError{f.name, "not valid JSON: " + err.Error()}
			}
			doc[f.name] = v
		default:
			if raw != "" {
				doc[f.name] = raw
			}
		}
	}
	return json.Marshal(doc)
}

// fieldOf maps a design path ("subnet[app-c].cidr", "route-table[r].routes[0].target.id")
// to the form field it belongs to ("cidr", "routes").
func fieldOf(path string) string {
	_, rest, ok := strings.Cut(path, "].")
	if !ok {
		return ""
	}
	name := rest
	if i := strings.IndexAny(name, ".["); i >= 0 {
		name = name[:i]
	}
	return name
}
