package tfimport

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// resolver puts stand-ins for IDs not known yet where a plan's
// configuration refers to them.
type resolver struct {
	// instances lists the instance addresses of each resource address.
	instances map[string][]string
	// ids holds each instance's id, or its address standing in for it.
	ids map[string]string
	// exprs holds the expressions of each resource of the configuration.
	exprs map[string]map[string]*tfjson.Expression
	// outputs holds the expressions of the modules' outputs by address
	// (module.vpc.vpc_id).
	outputs map[string]*tfjson.Expression
}

// resolvePlanned gives the instances being created stand-in IDs (their
// addresses) and puts them where the configuration refers to them: an
// unknown attribute, a list item or an attribute of a nested block, whose
// expression refers to resources (directly or through module outputs),
// gets their IDs or stand-ins. A reference without an index to a resource
// of several instances picks the instance of the referring one's key, else
// all of them for a list.
func resolvePlanned(rs []Resource, cfg *tfjson.Config) {
	rv := &resolver{instances: map[string][]string{}, ids: map[string]string{}, exprs: map[string]map[string]*tfjson.Expression{}, outputs: map[string]*tfjson.Expression{}}
	for i := range rs {
		r := &rs[i]
		rv.instances[trimIndex(r.Address)] = append(rv.instances[trimIndex(r.Address)], r.Address)
		id, _ := r.Values["id"].(string)
		if _, unk := r.Unknown["id"]; unk || id == "" {
			if r.Values == nil {
				r.Values = map[string]any{}
			}
			id = r.Address
			r.Values["id"] = id
			delete(r.Unknown, "id")
		}
		rv.ids[r.Address] = id
	}
	if cfg == nil || cfg.RootModule == nil {
		return
	}
	rv.walk("", cfg.RootModule)
	for i := range rs {
		rv.resolve(&rs[i])
	}
}

func (rv *resolver) walk(prefix string, m *tfjson.ConfigModule) {
	for _, r := range m.Resources {
		rv.exprs[prefix+r.Address] = r.Expressions
	}
	for name, o := range m.Outputs {
		rv.outputs[prefix+name] = o.Expression
	}
	for _, name := range slices.Sorted(maps.Keys(m.ModuleCalls)) {
		if mc := m.ModuleCalls[name]; mc.Module != nil {
			rv.walk(prefix+"module."+name+".", mc.Module)
		}
	}
}

// resolve fills in the unknown attributes of r that refer to resources.
func (rv *resolver) resolve(r *Resource) {
	ex := rv.exprs[configAddress(r.Address)]
	if ex == nil {
		return
	}
	// The attributes to fill: the unknown paths without a trailing list
	// index ("ingress.0.security_groups.1" -> "ingress.0.security_groups").
	todo := map[string]bool{}
	for path := range r.Unknown {
		parts := strings.Split(path, ".")
		if _, err := strconv.Atoi(parts[len(parts)-1]); err == nil && len(parts) > 1 {
			parts = parts[:len(parts)-1]
		}
		todo[strings.Join(parts, ".")] = true
	}
	for _, path := range slices.Sorted(maps.Keys(todo)) {
		parts := strings.Split(path, ".")
		m, e := r.Values, ex[parts[0]]
		if len(parts) == 3 { // block.N.attr
			n, err := strconv.Atoi(parts[1])
			blocks, _ := r.Values[parts[0]].([]any)
			if err != nil || e == nil || e.ExpressionData == nil || n >= len(e.NestedBlocks) || n >= len(blocks) {
				continue
			}
			m, _ = blocks[n].(map[string]any)
			e = e.NestedBlocks[n][parts[2]]
		} else if len(parts) != 1 {
			continue
		}
		if m == nil || e == nil || e.ExpressionData == nil {
			continue
		}
		targets := rv.referenced(r.Address, modulePrefix(r.Address), e.References, 0)
		if len(targets) == 0 {
			continue
		}
		key := parts[len(parts)-1]
		if isList(key) {
			l := make([]any, len(targets))
			for j, t := range targets {
				l[j] = t
			}
			m[key] = l
		} else if len(targets) == 1 {
			m[key] = targets[0]
		} else {
			continue
		}
		for u := range r.Unknown {
			if u == path || strings.HasPrefix(u, path+".") {
				delete(r.Unknown, u)
			}
		}
	}
}

// isList tells the attributes that hold lists of IDs.
func isList(key string) bool {
	return strings.HasSuffix(key, "_ids") || strings.HasSuffix(key, "_arns") || key == "subnets" || key == "security_groups"
}

// referenced returns the IDs (or stand-ins) of the instances that refs
// name, in order, following module outputs.
func (rv *resolver) referenced(from, prefix string, refs []string, depth int) []string {
	var out []string
	add := func(a string) {
		if id := rv.ids[a]; id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	for _, ref := range refs {
		ref = prefix + ref
		// "aws_vpc.main.id", "aws_vpc.main", "aws_subnet.a[0].id",
		// "aws_subnet.a[0]", "aws_subnet.a", "module.vpc.vpc_id".
		if o, ok := rv.outputs[trimIndex(ref)]; ok && o != nil && o.ExpressionData != nil && depth < 8 {
			got := rv.referenced(from, modulePrefix(ref+".x"), o.References, depth+1)
			if key := indexOf(ref); key != "" && len(got) > 1 {
				if n, err := strconv.Atoi(strings.Trim(key, "[]")); err == nil && n < len(got) {
					got = got[n : n+1]
				}
			}
			for _, g := range got {
				if !slices.Contains(out, g) {
					out = append(out, g)
				}
			}
			continue
		}
		if _, ok := rv.ids[ref]; ok {
			add(ref)
			continue
		}
		// A reference to a whole resource, unless another reference
		// names one of its instances ("aws_subnet.a[0]" comes with
		// "aws_subnet.a").
		all := rv.instances[ref]
		if slices.ContainsFunc(refs, func(o string) bool { return trimIndex(prefix+o) == ref && indexOf(prefix+o) != "" }) {
			continue
		}
		var same []string
		for _, a := range all {
			if key := indexOf(from); key != "" && indexOf(a) == key {
				same = append(same, a)
			}
		}
		if len(all) > 1 && len(same) > 0 {
			all = same
		}
		for _, a := range all {
			add(a)
		}
	}
	return out
}

// trimIndex drops a trailing instance key: aws_subnet.a[0] -> aws_subnet.a.
func trimIndex(a string) string {
	if strings.HasSuffix(a, "]") {
		if i := strings.LastIndex(a, "["); i > 0 {
			return a[:i]
		}
	}
	return a
}

func indexOf(a string) string { return strings.TrimPrefix(a, trimIndex(a)) }

// configAddress is the address of an instance's resource in the
// configuration: without instance keys.
func configAddress(a string) string {
	var sb strings.Builder
	depth := 0
	for _, c := range a {
		switch {
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0:
			sb.WriteRune(c)
		}
	}
	return sb.String()
}

// modulePrefix is the module path of an address, with a trailing dot.
func modulePrefix(a string) string {
	parts := strings.Split(configAddress(a), ".")
	var sb strings.Builder
	for i := 0; i+1 < len(parts); i += 2 {
		if parts[i] != "module" {
			break
		}
		sb.WriteString("module." + parts[i+1] + ".")
	}
	return sb.String()
}
