package tfconfig

import (
	"fmt"
	"math/big"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpcboard/vpcboard/internal/tfimport"
)

// expansion is a resource block evaluated: its instances and their
// attributes.
type expansion struct {
	its   []*iteration
	keyed bool
	addrs []string
	attrs []map[string]cty.Value
}

// expanded evaluates a resource block once: every instance is added to
// the loader's output. Nothing is built for references yet.
func (in *instance) expanded(key string) (*expansion, error) {
	r := in.mod.resources[key]
	_, err := in.memo(in.exps, key, func() (cty.Value, error) {
		base := in.prefix() + key
		its, keyed, err := in.expand(r.count, r.forEach, base)
		if err != nil {
			return cty.NilVal, err
		}
		e := &expansion{its: its, keyed: keyed}
		for _, it := range its {
			addr := base + it.suffix
			attrs, err := in.instanceAttrs(r, addr, it)
			if err != nil {
				return cty.NilVal, err
			}
			e.addrs, e.attrs = append(e.addrs, addr), append(e.attrs, attrs)
		}
		in.expansions[key] = e
		return cty.NilVal, nil
	})
	return in.expansions[key], err
}

// resource is the value references to a resource block see: one object,
// a tuple of them (count) or an object of them by key (for_each).
func (in *instance) resource(key string) (cty.Value, error) {
	r, ok := in.mod.resources[key]
	if !ok {
		return cty.DynamicVal, nil
	}
	return in.memo(in.res, key, func() (cty.Value, error) {
		e, err := in.expanded(key)
		if err != nil {
			return cty.NilVal, err
		}
		if in.l.cells += len(e.its) * len(in.l.attrNames); in.l.cells > maxReferenceCells {
			return cty.NilVal, fmt.Errorf("%s%s: %d instances read through %d names after dots are more than %d attributes to hold",
				in.prefix(), key, len(e.its), len(in.l.attrNames), maxReferenceCells)
		}
		vals := make([]cty.Value, len(e.its))
		for i := range e.its {
			vals[i] = in.referenceValue(r, e.addrs[i], e.attrs[i])
		}
		return collect(r.count, e.keyed, e.its, vals), nil
	})
}

// collect is the value of expanded instances: the one value, a tuple by
// count.index or an object by each.key.
func collect(count hcl.Expression, keyed bool, its []*iteration, vals []cty.Value) cty.Value {
	switch {
	case keyed:
		m := map[string]cty.Value{}
		for i, it := range its {
			m[it.key.AsString()] = vals[i]
		}
		return cty.ObjectVal(m)
	case count != nil:
		return cty.TupleVal(vals)
	case len(vals) == 1:
		return vals[0]
	}
	return cty.DynamicVal
}

// expand evaluates count or for_each: the instances to make. An unknown
// count makes one instance and an unknown for_each none, with a warning:
// Terraform would refuse to plan.
func (in *instance) expand(count, forEach hcl.Expression, what string) ([]*iteration, bool, error) {
	switch {
	case count != nil:
		v, err := in.eval(count, nil)
		if err != nil {
			return nil, false, err
		}
		n, ok := in.countOf(v, what)
		if !ok {
			return nil, false, nil
		}
		if err := in.l.reserve(n, what); err != nil {
			return nil, false, err
		}
		its := make([]*iteration, n)
		for i := range its {
			idx := cty.NumberIntVal(int64(i))
			its[i] = &iteration{suffix: fmt.Sprintf("[%d]", i), count: &idx}
		}
		return its, false, nil
	case forEach != nil:
		v, err := in.eval(forEach, nil)
		if err != nil {
			return nil, true, err
		}
		its := in.forEachOf(v, what)
		return its, true, in.l.reserve(len(its), what)
	}
	return []*iteration{{}}, false, in.l.reserve(1, what)
}

// reserve counts n more instances against the limit.
func (l *loader) reserve(n int, what string) error {
	l.count += n
	if l.count > maxInstances {
		return fmt.Errorf("%s: the configuration makes more than %d resource instances", what, maxInstances)
	}
	return nil
}

func (in *instance) countOf(v cty.Value, what string) (int, bool) {
	v, marks := v.UnmarkDeep()
	if !v.IsKnown() {
		in.l.warnf("%s: count is unknown before apply (%s); one instance assumed", what, reasons(marks))
		return 1, true
	}
	if v.IsNull() || v.Type() != cty.Number {
		in.l.warnf("%s: count is not a number; no instance made", what)
		return 0, false
	}
	n, acc := v.AsBigFloat().Int64()
	if acc != big.Exact || n < 0 {
		in.l.warnf("%s: count %s is not a whole number of zero or more; no instance made", what, v.AsBigFloat().String())
		return 0, false
	}
	if n > maxInstances {
		n = maxInstances + 1 // reserve reports the limit
	}
	return int(n), true
}

// forEachOf lists the instances of a for_each value: a map or object by
// key, or a set of strings. A map's keys must be known, its values need
// not be (as in Terraform); a set must be wholly known.
func (in *instance) forEachOf(v cty.Value, what string) []*iteration {
	v, marks := v.Unmark()
	ty := v.Type()
	if ty.IsSetType() {
		v, marks = v.UnmarkDeep()
	}
	if !v.IsKnown() || ty.IsSetType() && !v.IsWhollyKnown() {
		in.l.warnf("%s: for_each is unknown before apply (%s); no instance made", what, reasons(marks))
		return nil
	}
	if v.IsNull() {
		in.l.warnf("%s: for_each is null; no instance made", what)
		return nil
	}
	var its []*iteration
	switch {
	case ty.IsMapType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			its = append(its, &iteration{suffix: quoteKey(k), key: k, value: e})
		}
	case ty.IsSetType() && ty.ElementType() == cty.String:
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if e.IsNull() {
				in.l.warnf("%s: for_each holds null; it is skipped", what)
				continue
			}
			its = append(its, &iteration{suffix: quoteKey(e), key: e, value: e})
		}
	default:
		in.l.warnf("%s: for_each must be a map or a set of strings, not %s; no instance made", what, ty.FriendlyName())
	}
	return its
}

// instanceAttrs evaluates one instance: it becomes a tfimport.Resource,
// and its attributes are returned.
func (in *instance) instanceAttrs(r *resourceBlock, addr string, it *iteration) (map[string]cty.Value, error) {
	ctx, err := in.context(bodyTraversals(r.body), it)
	if err != nil {
		return nil, err
	}
	attrs, err := in.bodyAttrs(r.body, ctx, addr)
	if err != nil {
		return nil, err
	}
	if r.mode == "data" {
		in.l.answerData(r.typ, addr, attrs)
	} else {
		standIns(r.typ, addr, attrs)
		in.l.chosen(r.typ, addr, attrs)
	}
	res := tfimport.Resource{Address: addr, Mode: r.mode, Type: r.typ, Values: map[string]any{}, Unknown: map[string]string{}}
	for _, n := range sortedKeys(attrs) {
		if j := toJSON(attrs[n], n, res.Unknown); j != nil {
			res.Values[n] = j
		}
	}
	res.DependsOn = in.dependsOn(r)
	in.l.out = append(in.l.out, res)
	return attrs, nil
}

// referenceValue is the instance as other expressions see it: what it
// sets, its id, and unknowns with their reason for every other name the
// configuration reads after a dot, so that any attribute read resolves.
// An attribute set to null reads as unknown: the provider computes most
// such (ipv6_cidr_block, availability_zone).
func (in *instance) referenceValue(r *resourceBlock, addr string, attrs map[string]cty.Value) cty.Value {
	obj := make(map[string]cty.Value, len(attrs)+len(in.l.attrNames))
	for n, v := range attrs {
		obj[n] = v
	}
	for n := range in.l.attrNames {
		if v, ok := obj[n]; ok && !v.IsNull() {
			continue
		}
		if r.mode == "data" {
			obj[n] = unknownBecause("from data source " + addr)
		} else {
			obj[n] = unknownBecause(n + " of " + addr + ", known after apply")
		}
	}
	return cty.ObjectVal(obj)
}

func (in *instance) dependsOn(r *resourceBlock) []string {
	if r.dependsOn == nil {
		return nil
	}
	var out []string
	for _, t := range r.dependsOn.Variables() {
		var parts []string
		for i := range t {
			if s := attrStep(t, i); s != "" {
				parts = append(parts, s)
			}
		}
		if len(parts) > 0 {
			out = append(out, in.prefix()+joinDots(parts))
		}
	}
	return out
}

func joinDots(parts []string) string {
	s := parts[0]
	for _, p := range parts[1:] {
		s += "." + p
	}
	return s
}

// bodyAttrs evaluates a resource body without a provider schema: a native
// body's nested blocks (dynamic ones expanded) become lists of objects,
// as in a state; a JSON body's properties are read as attributes, which
// is how Terraform JSON writes nested blocks anyway.
func (in *instance) bodyAttrs(body hcl.Body, ctx *hcl.EvalContext, what string) (map[string]cty.Value, error) {
	sb, native := body.(*hclsyntax.Body)
	if !native {
		attrs, diags := body.JustAttributes()
		out := map[string]cty.Value{}
		if diags.HasErrors() {
			in.softError(what, diags)
		}
		for _, n := range sortedKeys(attrs) {
			if metaArguments[n] {
				continue
			}
			var err error
			if out[n], err = in.value(attrs[n].Expr, ctx, what+"."+n); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return in.blockAttrs(dynblock.Expand(sb, ctx), shapeOf(sb), ctx, what, true)
}

func (in *instance) blockAttrs(body hcl.Body, s *shape, ctx *hcl.EvalContext, what string, top bool) (map[string]cty.Value, error) {
	content, diags := body.Content(s.schema())
	out := map[string]cty.Value{}
	if diags.HasErrors() {
		in.softError(what, diags)
		if content == nil {
			return out, nil
		}
	}
	for _, n := range sortedKeys(content.Attributes) {
		if !(top && metaArguments[n]) {
			var err error
			if out[n], err = in.value(content.Attributes[n].Expr, ctx, what+"."+n); err != nil {
				return nil, err
			}
		}
	}
	lists := map[string][]cty.Value{}
	for _, b := range content.Blocks {
		if top && metaArguments[b.Type] {
			continue
		}
		attrs, err := in.blockAttrs(b.Body, s.blocks[b.Type], ctx, what+"."+b.Type, false)
		if err != nil {
			return nil, err
		}
		lists[b.Type] = append(lists[b.Type], cty.ObjectVal(attrs))
	}
	for n, l := range lists {
		out[n] = cty.TupleVal(l)
	}
	return out, nil
}

// value evaluates an attribute in a context already made.
func (in *instance) value(expr hcl.Expression, ctx *hcl.EvalContext, what string) (cty.Value, error) {
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return in.softError(what, diags), nil
	}
	return v, checkSize(v, what)
}
