package web

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
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
	case f.name == "az":
		return "az"
	case f.name == "region":
		return "region"
	case refFields[f.name] != nil && f.typ.Kind() == reflect.String:
		return "ref"
	case refFields[f.name] != nil && f.typ.Kind() == reflect.Slice:
		return "refs"
	case rowType(f) != nil:
		return "rows"
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
// of kind k, with the defaults of a new one), with the errors of a refused
// edit by field path ("cidr", "ingress[2].ports"): as stored, or for a
// refused form as typed (values).
func formFields(d *design.Design, k design.Kind, r design.Resource, values url.Values, errs map[string]string) []templates.Field {
	var doc map[string]any
	if r == nil && values == nil {
		doc = defaults(d, k, "", "")
	}
	return fieldsFrom(d, k, r, doc, values, errs)
}

// newFields returns the fields of a new resource of kind k in VPC vpc
// (and, for a subnet, zone az): the defaults there.
func newFields(d *design.Design, k design.Kind, vpc, az string) []templates.Field {
	return fieldsFrom(d, k, nil, defaults(d, k, vpc, az), nil, nil)
}

// fieldsFrom is formFields with the value of a new resource (doc).
func fieldsFrom(d *design.Design, k design.Kind, r design.Resource, doc map[string]any, values url.Values, errs map[string]string) []templates.Field {
	self := ""
	if r != nil {
		data, _ := json.Marshal(r)
		json.Unmarshal(data, &doc)
		self = r.ResourceID()
	}
	var out []templates.Field
	if r == nil {
		out = append(out,
			templates.Field{Name: "name", Label: "Name", Type: "text", Value: values.Get("name"),
				Hint: "its Name tag; the ID is made from it", Error: errs["name"]},
			templates.Field{Name: "id", Label: "ID", Type: "text", Value: values.Get("id"),
				Hint: "left empty, made from the name (" + generateID(d, k, "web") + " for web); renamable later", Error: errs["id"]})
	} else {
		out = append(out, templates.Field{Name: "rename", Label: "ID", Type: "text", Value: cmp.Or(values.Get("rename"), self),
			Hint: "renaming changes every reference to it in the same save", Error: errs["rename"]})
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
		case "ref":
			tf.Type, tf.Choices = "ref", choices(d, refFields[f.name]...)
			tf.Value, _ = v.(string)
		case "az":
			tf.Type, tf.Choices = "az", azChoices(d)
			tf.Value, _ = v.(string)
		case "region":
			tf.Value, _ = v.(string)
			tf.Type, tf.Choices = "region", regionChoices(tf.Value)
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
		case "list", "refs":
			tf.Type, tf.Hint = "text", "comma-separated"
			if l, ok := v.([]any); ok {
				for _, x := range l {
					tf.Values = append(tf.Values, fmt.Sprint(x))
				}
				tf.Value = strings.Join(tf.Values, ", ")
			}
			if typ == "refs" {
				tf.Type, tf.Hint, tf.Choices = "refs", "", choices(d, refFields[f.name]...)
			}
		case "tags":
			tf.Type = "tags"
			tf.Rows = &templates.RowEditor{Columns: []templates.Column{{Name: "key", Label: "Key", Type: "text"}, {Name: "value", Label: "Value", Type: "text"}}}
			var lines []string
			if m, ok := v.(map[string]any); ok {
				for i, key := range sortedKeys(m) {
					lines = append(lines, key+"="+fmt.Sprint(m[key]))
					tf.Rows.Rows = append(tf.Rows.Rows, templates.Row{Index: i, Cells: map[string]string{"key": key, "value": fmt.Sprint(m[key])}})
				}
			}
			tf.Value = strings.Join(lines, "\n")
		case "rows":
			tf.Type = "rows"
			tf.Rows = rowEditor(d, f, v, values, errs)
			tf.Value = tf.Rows.JSON
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
			switch typ {
			case "refs", "list":
				tf.Values = listValues(values[f.name])
				tf.Value = strings.Join(tf.Values, ", ")
			case "tags":
				if usesRows(values, "tags") {
					tf.Rows.Rows = nil
					var lines []string
					for _, i := range rowIndexes(values, "tags") {
						key, val := values.Get("tags["+strconv.Itoa(i)+"].key"), values.Get("tags["+strconv.Itoa(i)+"].value")
						tf.Rows.Rows = append(tf.Rows.Rows, templates.Row{Index: len(tf.Rows.Rows), Cells: map[string]string{"key": key, "value": val},
							Error: rowError(errs, "tags", len(tf.Rows.Rows))})
						lines = append(lines, key+"="+val)
					}
					tf.Value = strings.Join(lines, "\n")
				}
			case "rows":
				if usesRows(values, f.name) {
					// The rows as the JSON they make, to compare with theirs.
					var made []newGroup
					if rows, err := readRows(d, f, values.Get("id"), values, &made); err == nil && len(rows) > 0 {
						b, _ := json.MarshalIndent(rows, "", "  ")
						tf.Rows.JSON = string(b)
					}
				}
				tf.Value = tf.Rows.JSON
			}
		}
		out = append(out, tf)
	}
	suggestCIDR(d, k, out)
	// Tags and what the resource waits for come last: what the resource
	// is comes first.
	for _, name := range []string{"tags", "depends_on"} {
		if i := slices.IndexFunc(out, func(f templates.Field) bool { return f.Name == name }); i >= 0 {
			out = append(append(out[:i:i], out[i+1:]...), out[i])
		}
	}
	return out
}

// listValues splits the values of a list field, each comma-separated.
func listValues(raw []string) []string {
	var ids []string
	for _, r := range raw {
		for _, p := range strings.Split(r, ",") {
			if p = strings.TrimSpace(p); p != "" {
				ids = append(ids, p)
			}
		}
	}
	return ids
}

// suggestCIDR offers the next free block in a CIDR field: of each size in
// each VPC for a subnet (a /24 first), the next free /16 for a VPC.
func suggestCIDR(d *design.Design, k design.Kind, fields []templates.Field) {
	for i := range fields {
		if fields[i].Name != "cidr" {
			continue
		}
		switch k {
		case design.KindSubnet:
			fields[i].Suggestions, fields[i].Bits = cidrSuggestions(d), 24
			fields[i].Type = "cidr"
		case design.KindVPC:
			if b := nextVPCBlock(d); b != "" {
				fields[i].Suggestions, fields[i].Bits = []templates.CIDRSuggestion{{Bits: 16, CIDR: b}}, 16
				fields[i].Type = "cidr"
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

// parseForm turns a posted inspector form of a resource with the ID self
// into the resource's JSON value, and the security groups its rules make
// (a rule's peer naming a new group). Lists of structures come as rows
// ("ingress[2].protocol", with rows=ingress) or, from the raw JSON view,
// as JSON text; tags as key/value rows or "key=value" lines.
func parseForm(d *design.Design, k design.Kind, self string, values url.Values) ([]byte, []newGroup, error) {
	doc := map[string]any{}
	var made []newGroup
	for _, f := range fieldsOf(k) {
		raw := strings.TrimSpace(values.Get(f.name))
		typ := f.inputType()
		if typ == "rows" && usesRows(values, f.name) {
			rows, err := readRows(d, f, self, values, &made)
			if err != nil {
				return nil, nil, err
			}
			if len(rows) > 0 {
				doc[f.name] = rows
			}
			continue
		}
		switch typ {
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
				return nil, nil, &formError{f.name, fmt.Sprintf("%q is not a whole number", raw)}
			}
			doc[f.name] = n
		case "list", "refs":
			if ids := listValues(values[f.name]); len(ids) > 0 {
				if f.name == "depends_on" {
					// A set in the design: sorted, once each, in whatever order picked.
					ids = slices.Compact(slices.Sorted(slices.Values(ids)))
				}
				doc[f.name] = ids
			}
		case "tags":
			tags, err := readTags(values)
			if err != nil {
				return nil, nil, err
			}
			if len(tags) > 0 {
				doc[f.name] = tags
			}
		case "json", "rows":
			if raw == "" {
				continue
			}
			var v any
			if err := json.Unmarshal([]byte(raw), &v); err != nil {
				return nil, nil, &formError{f.name, "not valid JSON: " + err.Error()}
			}
			if err := canonicalProtocols(f.name, v); err != nil {
				return nil, nil, err
			}
			doc[f.name] = v
		default:
			if raw != "" {
				doc[f.name] = raw
			}
		}
	}
	if name := strings.TrimSpace(values.Get("name")); name != "" {
		tags, _ := doc["tags"].(map[string]string)
		if tags == nil {
			tags = map[string]string{}
		}
		if _, ok := tags["Name"]; !ok {
			tags["Name"] = name
		}
		doc["tags"] = tags
	}
	data, err := json.Marshal(doc)
	return data, made, err
}

// readTags reads the tags of a form: key/value rows (tags[0].key), or
// "key=value" lines (the tags field).
func readTags(values url.Values) (map[string]string, error) {
	tags := map[string]string{}
	if usesRows(values, "tags") {
		for n, i := range rowIndexes(values, "tags") {
			key := strings.TrimSpace(values.Get("tags[" + strconv.Itoa(i) + "].key"))
			val := strings.TrimSpace(values.Get("tags[" + strconv.Itoa(i) + "].value"))
			switch {
			case key == "" && val == "":
			case key == "":
				return nil, &formError{"tags[" + strconv.Itoa(n) + "].key", "a tag needs a key"}
			default:
				tags[key] = val
			}
		}
		return tags, nil
	}
	for i, line := range strings.Split(values.Get("tags"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(key) == "" {
			return nil, &formError{"tags", fmt.Sprintf("line %d: want key=value", i+1)}
		}
		tags[strings.TrimSpace(key)] = strings.TrimSpace(val)
	}
	return tags, nil
}

// fieldOf maps a design path ("subnet[app-c].cidr",
// "ops[0].vpc[v].cidr", "security-group[g].ingress[2].ports") to the
// form field it belongs to, with its row ("cidr", "ingress[2].ports").
// The ops[N] prefix of a batch (a new VPC with its defaults) is dropped.
func fieldOf(path string) string {
	if rest, ok := strings.CutPrefix(path, "ops["); ok {
		n, after, ok := strings.Cut(rest, "].")
		if !ok || n != "0" {
			return "" // another resource of the batch: said in the form's status line
		}
		path = after
	}
	_, rest, ok := strings.Cut(path, "].")
	if !ok {
		return ""
	}
	return rest
}

// errKey is the key of an error of a form of kind k at field path (as
// fieldOf gives it): the path itself in a row editor ("ingress[2].ports"),
// else the field's name ("subnets[1]" is the subnets field).
func errKey(k design.Kind, path string) string {
	name := path
	if i := strings.IndexAny(name, ".["); i >= 0 {
		name = name[:i]
	}
	for _, f := range fieldsOf(k) {
		if f.name == name && (f.inputType() == "rows" || f.inputType() == "tags") {
			return path
		}
	}
	return name
}

// renameOps are the ops that rename resource id to the ID to after ops
// (the save of its form): Rename on the design as ops leave it.
func renameOps(d *design.Design, ops []design.Op, id, to string) ([]design.Op, error) {
	var buf bytes.Buffer
	if err := design.Encode(&buf, d); err != nil {
		return nil, fmt.Errorf("web: copy design to rename %s: %w", id, err)
	}
	after, err := design.Decode(&buf)
	if err != nil {
		return nil, fmt.Errorf("web: copy design to rename %s: %w", id, err)
	}
	if err := design.Apply(after, slices.Clone(ops)...); err != nil {
		return nil, err
	}
	return design.Rename(after, id, to)
}

// canonicalProtocols spells the protocols of the raw rows of list field
// name as the design file does: AWS's "-1" is "all", "6" is "tcp".
func canonicalProtocols(name string, v any) error {
	list, _ := v.([]any)
	for i, item := range list {
		row, _ := item.(map[string]any)
		s, ok := row["protocol"].(string)
		if !ok {
			continue
		}
		p, err := design.ParseProtocol(s)
		if err != nil {
			return &formError{name + "[" + strconv.Itoa(i) + "].protocol", err.Error()}
		}
		row["protocol"] = string(p)
	}
	return nil
}
