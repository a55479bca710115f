package importer

import (
	"strings"
	"unicode"
)

const forEachPrefix = "Fn::ForEach::"

// expandForEach replaces, in every mapping of n, each Fn::ForEach::Name key
// of the AWS::LanguageExtensions transform by the keys its loop generates:
// for each item of the collection, the output template with the loop
// identifier substituted into keys and into Fn::Sub and Fn::GetAtt strings
// (${Id}, and &{Id} with non-alphanumeric characters removed), and for
// {Ref: Id}. Loops nest.
func (e *evaluator) expandForEach(n *node) error {
	switch n.kind {
	case listNode:
		for _, it := range n.items {
			if err := e.expandForEach(it); err != nil {
				return err
			}
		}
	case mapNode:
		out := make([]field, 0, len(n.fields))
		seen := map[string]int{}
		add := func(f field) error {
			if first, dup := seen[f.key]; dup {
				return errorf(f.line, "duplicate key %q after Fn::ForEach expansion (first at line %d)", f.key, first)
			}
			seen[f.key] = f.line
			out = append(out, f)
			return nil
		}
		for _, f := range n.fields {
			gen := []field{f}
			if strings.HasPrefix(f.key, forEachPrefix) {
				var err error
				if gen, err = e.forEach(f); err != nil {
					return err
				}
			} else if err := e.expandForEach(f.val); err != nil {
				return err
			}
			for _, g := range gen {
				if err := add(g); err != nil {
					return err
				}
			}
		}
		n.fields = out
	}
	return nil
}

// forEach expands one Fn::ForEach::Name: [Identifier, Collection,
// {OutputKey: OutputValue}].
func (e *evaluator) forEach(f field) ([]field, error) {
	items, err := args(f.key, f.val, f.line, 3, 3)
	if err != nil {
		return nil, err
	}
	idn, tmpl := items[0], items[2]
	if idn.kind != scalarNode || idn.str == "" {
		return nil, errorf(f.line, "%s: the loop identifier must be a name", f.key)
	}
	if tmpl.kind != mapNode {
		return nil, errorf(f.line, "%s: the output template must be a mapping", f.key)
	}
	coll, err := e.eval(items[1])
	if err != nil {
		return nil, err
	}
	switch coll.kind {
	case kindUnknown:
		return nil, errorf(f.line, "%s: the collection is unknown (%s)", f.key, coll.str)
	case kindList:
	default:
		return nil, errorf(f.line, "%s: the collection must be a list, got %s", f.key, coll.kindName())
	}
	id := idn.str
	var out []field
	for _, it := range coll.items {
		val, ok := it.text()
		if !ok {
			return nil, errorf(f.line, "%s: collection items must be strings, got %s", f.key, it.kindName())
		}
		for _, tf := range tmpl.fields {
			v, err := tf.val.clone(e.b)
			if err != nil {
				return nil, err
			}
			substitute(v, id, val)
			g := field{key: substituteKey(tf.key, id, val), line: tf.line, val: v}
			if strings.HasPrefix(g.key, forEachPrefix) {
				inner, err := e.forEach(g)
				if err != nil {
					return nil, err
				}
				out = append(out, inner...)
				continue
			}
			if err := e.expandForEach(g.val); err != nil {
				return nil, err
			}
			out = append(out, g)
		}
	}
	return out, nil
}

// substituteKey replaces ${id} by val and &{id} by val without its
// non-alphanumeric characters.
func substituteKey(key, id, val string) string {
	key = strings.ReplaceAll(key, "${"+id+"}", val)
	return strings.ReplaceAll(key, "&{"+id+"}", strings.Map(func(r rune) rune {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r
		}
		return -1
	}, val))
}

// substitute puts the loop value val for the identifier id into n, in
// place.
func substitute(n *node, id, val string) {
	switch n.kind {
	case listNode:
		for _, it := range n.items {
			substitute(it, id, val)
		}
	case mapNode:
		if len(n.fields) == 1 {
			f := &n.fields[0]
			switch f.key {
			case "Ref":
				if f.val.kind == scalarNode && f.val.str == id {
					*n = node{kind: scalarNode, str: val, line: n.line}
					return
				}
			case "Fn::Sub", "Fn::GetAtt":
				substituteStrings(f.val, id, val)
			}
		}
		for i := range n.fields {
			n.fields[i].key = substituteKey(n.fields[i].key, id, val)
			substitute(n.fields[i].val, id, val)
		}
	}
}

// substituteStrings replaces ${id} and &{id} in the string arguments of
// Fn::Sub and Fn::GetAtt, as in keys.
func substituteStrings(n *node, id, val string) {
	switch n.kind {
	case scalarNode:
		n.str = substituteKey(n.str, id, val)
	case listNode:
		for _, it := range n.items {
			if it.kind == scalarNode {
				it.str = substituteKey(it.str, id, val)
			}
		}
	}
}
