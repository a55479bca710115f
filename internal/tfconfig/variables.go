package tfconfig

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// rootVariables gives the root module's variables their values, in
// Terraform's order of precedence, lowest first: defaults,
// terraform.tfvars, terraform.tfvars.json, *.auto.tfvars(.json) in
// lexical order, the var files of the options in order, then -var.
func (l *loader) rootVariables(m *module) (map[string]cty.Value, error) {
	set := map[string]cty.Value{}
	files, err := l.autoVarFiles(m.dir)
	if err != nil {
		return nil, err
	}
	for _, f := range append(files, l.opts.VarFiles...) {
		if err := l.readVarFile(m, f, set); err != nil {
			return nil, err
		}
	}
	for _, n := range sortedKeys(l.opts.Vars) {
		v := m.variables[n]
		if v == nil {
			return nil, fmt.Errorf("-var %s: the configuration declares no variable %q", n, n)
		}
		val, err := cliValue(v, l.opts.Vars[n])
		if err != nil {
			return nil, fmt.Errorf("-var %s: %w", n, err)
		}
		set[n] = val
	}
	out := map[string]cty.Value{}
	for _, n := range sortedKeys(m.variables) {
		v := m.variables[n]
		val, ok := set[n]
		if !ok {
			val = l.defaultValue(v, "")
		}
		out[n] = l.typed(v, val, "")
	}
	return out, nil
}

// autoVarFiles are the variable files Terraform reads without being told.
func (l *loader) autoVarFiles(dir string) ([]VarFile, error) {
	entries, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		return nil, err
	}
	var auto []string
	var out []VarFile
	for _, name := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		data, err := l.readFile(path.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, VarFile{Name: name, Data: data})
	}
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json")) {
			auto = append(auto, n)
		}
	}
	sort.Strings(auto)
	for _, n := range auto {
		data, err := l.readFile(path.Join(dir, n))
		if err != nil {
			return nil, err
		}
		out = append(out, VarFile{Name: n, Data: data})
	}
	return out, nil
}

// readVarFile sets the values a variable definitions file assigns. Its
// expressions are constants, as in Terraform.
func (l *loader) readVarFile(m *module, f VarFile, set map[string]cty.Value) error {
	if len(f.Data) > maxFileBytes {
		return fmt.Errorf("%s: larger than the %d MiB limit for a var file", f.Name, maxFileBytes>>20)
	}
	p := hclparse.NewParser()
	var file *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(f.Name, ".json") {
		file, diags = p.ParseJSON(f.Data, f.Name)
	} else {
		file, diags = p.ParseHCL(f.Data, f.Name)
	}
	if diags.HasErrors() {
		return diagError(diags)
	}
	attrs, diags := file.Body.JustAttributes()
	if diags.HasErrors() {
		return diagError(diags)
	}
	for _, n := range sortedKeys(attrs) {
		if m.variables[n] == nil {
			l.warnf("%s: the configuration declares no variable %q; the value is ignored", attrs[n].Range, n)
			continue
		}
		v, diags := attrs[n].Expr.Value(nil)
		if diags.HasErrors() {
			return diagError(diags)
		}
		set[n] = v
	}
	return nil
}

// cliValue reads a -var value: the string itself for a variable of a
// primitive type or of no type, else an HCL expression.
func cliValue(v *variable, raw string) (cty.Value, error) {
	ty := cty.DynamicPseudoType
	if v.typeExpr != nil {
		var diags hcl.Diagnostics
		if ty, _, diags = typeexpr.TypeConstraintWithDefaults(v.typeExpr); diags.HasErrors() {
			return cty.NilVal, diagError(diags)
		}
	}
	if ty == cty.DynamicPseudoType || ty.IsPrimitiveType() {
		return cty.StringVal(raw), nil
	}
	expr, diags := hclsyntax.ParseExpression([]byte(raw), "-var", hcl.InitialPos)
	if diags.HasErrors() {
		return cty.NilVal, diagError(diags)
	}
	val, diags := expr.Value(nil)
	if diags.HasErrors() {
		return cty.NilVal, diagError(diags)
	}
	return val, nil
}

// defaultValue is a variable's default; a required variable without a
// value is unknown, with a warning.
func (l *loader) defaultValue(v *variable, module string) cty.Value {
	where := "var." + v.name
	if module != "" {
		where = module + "." + where
	}
	if v.def == nil {
		l.warnf("%s has no value (no default, none given); it is unknown", where)
		return unknownBecause(where + " has no value")
	}
	val, diags := v.def.Value(nil)
	if diags.HasErrors() {
		l.warnf("%s: the default is not a constant: %v", where, diagError(diags))
		return unknownBecause(where + " has no value")
	}
	return val
}

// typed converts a value to the variable's type, optional attributes'
// defaults applied; a value of the wrong type becomes unknown, with a
// warning.
func (l *loader) typed(v *variable, val cty.Value, module string) cty.Value {
	if v.typeExpr == nil {
		return val
	}
	where := "var." + v.name
	if module != "" {
		where = module + "." + where
	}
	ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(v.typeExpr)
	if diags.HasErrors() {
		l.warnf("%s: type not read: %v", where, diagError(diags))
		return val
	}
	if defaults != nil && !val.IsNull() {
		val = defaults.Apply(val)
	}
	out, err := convert.Convert(val, ty)
	if err != nil {
		l.warnf("%s: the value is not a %s (%v); it is unknown", where, ty.FriendlyName(), err)
		return unknownBecause(where + " is not of its type")
	}
	return out
}
