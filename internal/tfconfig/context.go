package tfconfig

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// iteration is what count or for_each gives one instance: count.index,
// or each.key and each.value; suffix is its address index ("[0]",
// `["a"]`), "" without count and for_each.
type iteration struct {
	suffix string
	count  *cty.Value
	key    cty.Value
	value  cty.Value
}

// eval evaluates an expression of the instance; what names it in
// messages. An expression HCL cannot evaluate becomes an unknown with the
// reason; only cycles and limits are errors.
func (in *instance) eval(expr hcl.Expression, it *iteration) (cty.Value, error) {
	ctx, err := in.context(expr.Variables(), it)
	if err != nil {
		return cty.NilVal, err
	}
	v, diags := expr.Value(ctx)
	what := expr.Range().String()
	if in.addr != "" {
		what += " in " + in.addr
	}
	if diags.HasErrors() {
		return in.softError(what, diags), nil
	}
	return v, checkSize(v, what)
}

// attrStep is the name of the i'th step of a traversal when it is an
// attribute or a string index, else "".
func attrStep(t hcl.Traversal, i int) string {
	if i >= len(t) {
		return ""
	}
	switch s := t[i].(type) {
	case hcl.TraverseAttr:
		return s.Name
	case hcl.TraverseRoot:
		return s.Name
	case hcl.TraverseIndex:
		if s.Key.Type() == cty.String && s.Key.IsKnown() && !s.Key.IsMarked() {
			return s.Key.AsString()
		}
	}
	return ""
}

// context evaluates what the traversals refer to, first, and returns the
// evaluation context holding it.
func (in *instance) context(travs []hcl.Traversal, it *iteration) (*hcl.EvalContext, error) {
	vars := map[string]cty.Value{}
	locals := map[string]cty.Value{}
	modules := map[string]cty.Value{}
	data := map[string]map[string]cty.Value{}
	managed := map[string]map[string]cty.Value{}
	for _, t := range travs {
		root := t.RootName()
		var err error
		switch root {
		case "var":
			vars["var"] = in.vars
		case "local":
			if n := attrStep(t, 1); in.mod.locals[n] != nil {
				locals[n], err = in.local(n)
			}
		case "module":
			if n := attrStep(t, 1); n != "" && in.mod.calls[n] != nil {
				modules[n], err = in.call(n)
			}
		case "data":
			typ, n := attrStep(t, 1), attrStep(t, 2)
			if key := "data." + typ + "." + n; in.mod.resources[key] != nil {
				if data[typ] == nil {
					data[typ] = map[string]cty.Value{}
				}
				data[typ][n], err = in.resource(key)
			}
		case "count":
			if it != nil && it.count != nil {
				vars["count"] = cty.ObjectVal(map[string]cty.Value{"index": *it.count})
			}
		case "each":
			if it != nil && it.count == nil && it.suffix != "" {
				vars["each"] = cty.ObjectVal(map[string]cty.Value{"key": it.key, "value": it.value})
			}
		case "path":
			vars["path"] = cty.ObjectVal(map[string]cty.Value{
				"module": cty.StringVal(in.mod.dir), "root": cty.StringVal(in.l.rootDir), "cwd": cty.StringVal(in.l.rootDir)})
		case "terraform":
			vars["terraform"] = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})
		case "self":
			vars["self"] = unknownBecause("self is known after apply")
		default:
			n := attrStep(t, 1)
			if key := root + "." + n; in.mod.resources[key] != nil {
				if managed[root] == nil {
					managed[root] = map[string]cty.Value{}
				}
				managed[root][n], err = in.resource(key)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if len(locals) > 0 {
		vars["local"] = cty.ObjectVal(locals)
	}
	if len(modules) > 0 {
		vars["module"] = cty.ObjectVal(modules)
	}
	if len(data) > 0 {
		vars["data"] = nested(data)
	}
	for typ, m := range managed {
		vars[typ] = cty.ObjectVal(m)
	}
	return &hcl.EvalContext{Variables: vars, Functions: functions}, nil
}

func nested(m map[string]map[string]cty.Value) cty.Value {
	out := map[string]cty.Value{}
	for k, v := range m {
		out[k] = cty.ObjectVal(v)
	}
	return cty.ObjectVal(out)
}

// bodyTraversals are the references of every expression in a body,
// nested and dynamic blocks included.
func bodyTraversals(body hcl.Body) []hcl.Traversal {
	if sb, ok := body.(*hclsyntax.Body); ok {
		var out []hcl.Traversal
		for _, n := range sortedKeys(sb.Attributes) {
			out = append(out, sb.Attributes[n].Expr.Variables()...)
		}
		for _, b := range sb.Blocks {
			out = append(out, bodyTraversals(b.Body)...)
		}
		return out
	}
	attrs, _ := body.JustAttributes()
	var out []hcl.Traversal
	for _, n := range sortedKeys(attrs) {
		out = append(out, attrs[n].Expr.Variables()...)
	}
	return out
}

// shape is the attributes and nested blocks a native body writes, dynamic
// blocks counted as the blocks they make: the schema a body is read with,
// as there is no provider schema. A resource body's shape includes its
// meta-arguments, which are then skipped.
type shape struct {
	attrs  map[string]bool
	blocks map[string]*shape
	labels map[string]int
}

func shapeOf(b *hclsyntax.Body) *shape {
	s := &shape{attrs: map[string]bool{}, blocks: map[string]*shape{}, labels: map[string]int{}}
	s.add(b)
	return s
}

func (s *shape) add(b *hclsyntax.Body) {
	for n := range b.Attributes {
		s.attrs[n] = true
	}
	for _, blk := range b.Blocks {
		typ, inner, labels := blk.Type, blk.Body, len(blk.Labels)
		if typ == "dynamic" && len(blk.Labels) == 1 {
			typ, labels = blk.Labels[0], 0
			inner = nil
			for _, c := range blk.Body.Blocks {
				if c.Type == "content" {
					inner = c.Body
				}
			}
			if inner == nil {
				continue
			}
		}
		child := s.blocks[typ]
		if child == nil {
			child = &shape{attrs: map[string]bool{}, blocks: map[string]*shape{}, labels: map[string]int{}}
			s.blocks[typ] = child
		}
		child.add(inner)
		s.labels[typ] = max(s.labels[typ], labels)
	}
}

func (s *shape) schema() *hcl.BodySchema {
	sc := &hcl.BodySchema{}
	for _, n := range sortedKeys(s.attrs) {
		sc.Attributes = append(sc.Attributes, hcl.AttributeSchema{Name: n})
	}
	for _, n := range sortedKeys(s.blocks) {
		var labels []string
		for i := range s.labels[n] {
			labels = append(labels, fmt.Sprint("label", i))
		}
		sc.Blocks = append(sc.Blocks, hcl.BlockHeaderSchema{Type: n, LabelNames: labels})
	}
	return sc
}
