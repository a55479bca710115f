package importer

import (
	"fmt"
	"slices"
	"strings"
)

// param is a declared parameter and its value.
type param struct {
	name string
	val  Value
	// note is the warning given the first time the parameter is used,
	// when its value was assumed or is unknown.
	note string
	used bool
	// zones reports whether the value is an assumed list of zones, which
	// sizeAssumedZones may lengthen.
	zones bool
}

// use returns the parameter's value for a Ref at line, warning on first
// use if the value was assumed.
func (p *param) use(e *evaluator, line int) Value {
	if e.dry {
		v := p.val
		v.line = line
		return v
	}
	if p.note != "" && !p.used {
		e.warn("%s", p.note)
	}
	p.used = true
	v := p.val
	v.line = line
	return v
}

const (
	azNameType     = "AWS::EC2::AvailabilityZone::Name"
	azNameListType = "List<AWS::EC2::AvailabilityZone::Name>"
	// assumedAZs is how many zones a list-of-zones parameter with no value
	// is given at least.
	assumedAZs = 2
)

// loadParams gives every declared parameter its value: the caller's, else
// the default, else an assumption (availability zones) or unknown. Zone
// parameters without a value are assumed to be different zones, in the
// order they are declared (templates that ask for two zones mean two
// zones, and their Rules often say so).
func (e *evaluator) loadParams(sec *node, overrides map[string]string) error {
	e.params = map[string]*param{}
	zone := 0
	if sec.isNull() {
		return nil
	}
	if sec.kind != mapNode {
		return &Error{Line: sec.line, Path: "Parameters", Msg: "want a mapping of parameters"}
	}
	for _, f := range sec.fields {
		path := "Parameters." + f.key
		if f.val.kind != mapNode {
			return &Error{Line: f.line, Path: path, Msg: "want a mapping with Type"}
		}
		t := f.val.get("Type")
		if t == nil || t.kind != scalarNode || t.str == "" {
			return &Error{Line: f.line, Path: path, Msg: "missing Type"}
		}
		typ := t.str
		raw, given := overrides[f.key]
		has := given
		if d := f.val.get("Default"); !has && !d.isNull() {
			switch d.kind {
			case scalarNode:
				raw = d.str
			case listNode:
				parts := make([]string, 0, len(d.items))
				for _, it := range d.items {
					parts = append(parts, it.str)
				}
				raw = strings.Join(parts, ",")
			default:
				return &Error{Line: d.line, Path: path + ".Default", Msg: "want a string"}
			}
			has = true
		}
		p := &param{name: f.key}
		switch {
		case !has && typ == azNameType:
			p.val = strValue(e.opts.Region+string(rune('a'+zone%azCount)), f.line)
			p.note = assumedNote(f.key, p.val, -1)
			zone++
		case !has && typ == azNameListType:
			p.val = azList(e.opts.Region, assumedAZs, f.line)
			p.note = assumedNote(f.key, p.val, -1)
			p.zones = true
		case !has:
			p.val = unknownValue("parameter "+f.key, f.line)
			p.note = fmt.Sprintf("parameter %s has no default and no value; its uses are unknown — pass --param %s=...", f.key, f.key)
		case strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<"):
			p.val = unknownValue("SSM parameter "+raw, f.line)
		case typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<"):
			parts := strings.Split(raw, ",")
			items := make([]Value, len(parts))
			for i, s := range parts {
				items[i] = strValue(strings.TrimSpace(s), f.line)
			}
			p.val = Value{kind: kindList, items: items, line: f.line}
		default:
			p.val = strValue(raw, f.line)
			if typ == "Number" {
				p.val.typ = typeInt
			}
		}
		if given {
			e.checkAllowed(f.key, raw, f.val.get("AllowedValues"))
		}
		e.params[f.key] = p
	}
	return nil
}

// checkAllowed warns when a value given by the caller is not one of the
// parameter's AllowedValues.
func (e *evaluator) checkAllowed(name, raw string, allowed *node) {
	if allowed == nil || allowed.kind != listNode {
		return
	}
	var vals []string
	for _, it := range allowed.items {
		if it.kind == scalarNode {
			vals = append(vals, it.str)
		}
	}
	if !slices.Contains(vals, raw) {
		e.warn("parameter %s: value %q is not one of its AllowedValues %v", name, raw, vals)
	}
}

// Parameter is a parameter a template declares, as a form asks for it.
type Parameter struct {
	Name        string
	Type        string
	Description string
	// Default is the declared default ("" when none); a list's items are
	// joined with commas.
	Default    string
	HasDefault bool
	// AllowedValues are the values the parameter may take, in the
	// template's order; none when any is allowed.
	AllowedValues []string
	// List reports whether the parameter takes a list, given as
	// comma-separated values.
	List bool
}

// Parameters returns the parameters the template data (JSON or YAML)
// declares, in its order. A template that cannot be read gives an *Error
// with the file name and the line.
func Parameters(data []byte, name string) ([]Parameter, error) {
	if len(data) > MaxTemplateSize {
		return nil, inFile(errTooLarge(), name)
	}
	root, err := parse(data, &budget{})
	if err != nil {
		return nil, inFile(err, name)
	}
	sec := root.get("Parameters")
	if sec == nil || sec.kind != mapNode {
		return nil, nil
	}
	var ps []Parameter
	for _, f := range sec.fields {
		if f.val.kind != mapNode {
			continue // the import reports it
		}
		p := Parameter{Name: f.key}
		p.Type = scalarOf(f.val.get("Type"))
		p.Description = scalarOf(f.val.get("Description"))
		p.List = p.Type == "CommaDelimitedList" || strings.HasPrefix(p.Type, "List<")
		if d := f.val.get("Default"); !d.isNull() {
			p.HasDefault = true
			p.Default = scalarOf(d)
			if d.kind == listNode {
				parts := make([]string, 0, len(d.items))
				for _, it := range d.items {
					parts = append(parts, scalarOf(it))
				}
				p.Default = strings.Join(parts, ",")
			}
		}
		if av := f.val.get("AllowedValues"); av != nil && av.kind == listNode {
			for _, it := range av.items {
				if it.kind == scalarNode {
					p.AllowedValues = append(p.AllowedValues, it.str)
				}
			}
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// scalarOf is the text of a scalar node, "" for anything else.
func scalarOf(n *node) string {
	if n == nil || n.kind != scalarNode {
		return ""
	}
	return n.str
}
