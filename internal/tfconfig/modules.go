package tfconfig

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"
)

// call is the value of a module call: the object of its outputs, a tuple
// of them (count) or an object by key (for_each). A call of a module that
// is not local (registry, git) is not read: its outputs are unknown.
func (in *instance) call(name string) (cty.Value, error) {
	mc, ok := in.mod.calls[name]
	if !ok {
		return cty.DynamicVal, nil
	}
	return in.memo(in.calls, "module."+name, func() (cty.Value, error) {
		base := in.prefix() + "module." + name
		dir, local := localSource(in.mod.dir, mc.source)
		if !local {
			in.l.warnf("%s: source %q is not a local path; the module's resources are not read", base, mc.source)
			return unknownBecause("output of " + base + ", whose source " + mc.source + " is not read"), nil
		}
		if in.depth+1 > maxModuleDepth {
			return cty.NilVal, fmt.Errorf("%s: modules nested more than %d deep", base, maxModuleDepth)
		}
		m, err := in.l.module(dir)
		if err != nil {
			return cty.NilVal, fmt.Errorf("%s (%s): %w", base, mc.rng, err)
		}
		for _, n := range sortedKeys(mc.inputs) {
			if m.variables[n] == nil {
				in.l.warnf("%s: module %s has no variable %q; the argument is ignored", mc.inputs[n].Range, base, n)
			}
		}
		its, keyed, err := in.expand(mc.count, mc.forEach, base)
		if err != nil {
			return cty.NilVal, err
		}
		vals := make([]cty.Value, len(its))
		for i, it := range its {
			if vals[i], err = in.callInstance(m, base+it.suffix, name, it); err != nil {
				return cty.NilVal, err
			}
		}
		return collect(mc.count, keyed, its, vals), nil
	})
}

// callInstance makes one instance of a called module and returns its
// outputs.
func (in *instance) callInstance(m *module, addr, name string, it *iteration) (cty.Value, error) {
	if len(in.l.instances) >= maxModuleInstances {
		return cty.NilVal, fmt.Errorf("%s: more than %d module instances", addr, maxModuleInstances)
	}
	mc := in.mod.calls[name]
	vars := map[string]cty.Value{}
	for _, n := range sortedKeys(m.variables) {
		v := m.variables[n]
		var val cty.Value
		if a, ok := mc.inputs[n]; ok {
			var err error
			if val, err = in.eval(a.Expr, it); err != nil {
				return cty.NilVal, err
			}
			if val.IsNull() && v.notNull {
				val = in.l.defaultValue(v, addr)
			}
		} else {
			val = in.l.defaultValue(v, addr)
		}
		vars[n] = in.l.typed(v, val, addr)
	}
	child := in.l.newInstance(m, addr, vars, in)
	outs := map[string]cty.Value{}
	for _, n := range sortedKeys(m.outputs) {
		v, err := child.eval(m.outputs[n], nil)
		if err != nil {
			return cty.NilVal, err
		}
		outs[n] = v
	}
	return cty.ObjectVal(outs), nil
}
