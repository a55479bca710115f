package importer

import (
	"fmt"
	"strings"
)

// sizeAssumedZones gives each list-of-zones parameter whose value was
// assumed as many zones as the template selects from it: the largest index
// of a Fn::Select over the parameter, plus one. Only the Selects
// CloudFormation would evaluate count: those of resources and outputs
// whose condition holds and of the taken branch of a Fn::If, so a template
// whose NumberOfAZs defaults to 3 gets three zones, not six, and those of
// every condition, which CloudFormation evaluates all. Conditions
// evaluated here are forgotten afterwards, so that none keeps a value
// computed from the first guess.
func (e *evaluator) sizeAssumedZones(conditions, resources, outputs *node) {
	need := map[string]int{}
	for name, p := range e.params {
		if p.zones {
			need[name] = len(p.val.items)
		}
	}
	if len(need) == 0 {
		return
	}
	warn := e.warn
	e.dry, e.warn = true, func(string, ...any) {}
	defer func() { e.dry, e.warn = false, warn }()
	// holds reports whether a condition may hold: unknown and erroneous
	// conditions are looked through, the evaluation proper reports them.
	holds := func(c *node) bool {
		if c == nil || c.kind != scalarNode {
			return true
		}
		t, _, err := e.condition(c.str, c.line)
		return err != nil || t != triFalse
	}
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil {
			return
		}
		if fn, arg, ok := n.intrinsic(false); ok && arg.kind == listNode {
			switch {
			case fn == "Fn::If" && len(arg.items) == 3 && arg.items[0].kind == scalarNode:
				t, _, err := e.condition(arg.items[0].str, arg.items[0].line)
				if err == nil && t != triUnknown {
					if t == triTrue {
						walk(arg.items[1])
					} else {
						walk(arg.items[2])
					}
					return
				}
			case fn == "Fn::Select" && len(arg.items) == 2:
				if ref, name, ok := arg.items[1].intrinsic(false); ok && ref == "Ref" && name.kind == scalarNode {
					if n, assumed := need[name.str]; assumed {
						if iv, err := e.eval(arg.items[0]); err == nil {
							if i, err := toInt(iv); err == nil && i >= n && i < azCount {
								need[name.str] = i + 1
							}
						}
					}
				}
			}
		}
		for _, it := range n.items {
			walk(it)
		}
		for _, f := range n.fields {
			walk(f.val)
		}
	}
	walk(conditions)
	for _, sec := range []*node{resources, outputs} {
		if sec == nil || sec.kind != mapNode {
			continue
		}
		for _, f := range sec.fields {
			if holds(f.val.get("Condition")) {
				walk(f.val)
			}
		}
	}
	e.conds = newConditions(e.conds.defs)
	for name, n := range need {
		p := e.params[name]
		if n != len(p.val.items) {
			p.val = azList(e.opts.Region, n, p.val.line)
			p.note = assumedNote(name, p.val, n-1)
		}
	}
}

// assumedNote is the warning given on the first use of a zone parameter
// whose value was assumed; maxIndex is the largest index the template
// selects from a list of zones, or -1.
func assumedNote(name string, v Value, maxIndex int) string {
	zones := v.str
	if v.kind == kindList {
		names := make([]string, len(v.items))
		for i, it := range v.items {
			names[i] = it.str
		}
		zones = strings.Join(names, ",")
	}
	why := ""
	if maxIndex >= assumedAZs {
		why = fmt.Sprintf(" (the template selects zone %d of it)", maxIndex)
	}
	return fmt.Sprintf("parameter %s has no default; assumed %s%s — pass --param %s=...", name, zones, why, name)
}
