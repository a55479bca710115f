package tfconfig

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpcboard/vpcboard/internal/importer"
	"github.com/vpcboard/vpcboard/internal/tfimport"
)

// Options are the inputs a configuration does not hold.
type Options struct {
	// VarFiles are read in order after terraform.tfvars and
	// *.auto.tfvars of the directory: .tfvars (HCL) or .tfvars.json.
	VarFiles []VarFile
	// Vars are -var name=value assignments, applied last. A value is a
	// string for a variable of type string or of no type, else an HCL
	// expression ("[\"a\", \"b\"]", "{ x = 1 }", "3").
	Vars map[string]string
	// Region answers aws_region and aws_availability_zones; when empty,
	// the region of the root module's aws provider block, else
	// importer.DefaultRegion.
	Region string
	// Account answers aws_caller_identity; default importer.DefaultAccount.
	Account string
}

// VarFile is one variable definitions file.
type VarFile struct {
	Name string
	Data []byte
}

// Result is what a configuration would create.
type Result struct {
	// Resources are the resource and data instances, sorted by address.
	Resources []tfimport.Resource
	// Region is the region the configuration was read for.
	Region string
	// Warnings say what was assumed or not read, sorted.
	Warnings []string
}

// Load evaluates the configuration whose root module is the directory dir
// of fsys. Local module sources are resolved within fsys, so a module
// outside it cannot be read.
func Load(fsys fs.FS, dir string, opts Options) (res *Result, err error) {
	defer func() {
		// The functions and HCL recover their own panics; this is the
		// last guard so that no input stops the server.
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("%w: %v", errPanic, r)
		}
	}()
	l := &loader{fsys: fsys, modules: map[string]parsed{}, warnings: map[string]bool{}, attrNames: map[string]bool{}, opts: opts}
	l.rootDir = path.Clean(dir)
	return l.load(l.rootDir)
}

// loader holds the state of one evaluation.
type loader struct {
	fsys      fs.FS
	rootDir   string // path.root and path.cwd
	opts      Options
	modules   map[string]parsed // by directory
	instances []*instance       // every module instance, in creation order
	warnings  map[string]bool
	attrNames map[string]bool // every name written after a dot in any file
	out       []tfimport.Resource
	region    string
	account   string
	files     int
	bytes     int
	count     int // resource and data instances made
	cells     int // attributes of the values references see
	depth     int // references being followed
}

func (l *loader) warnf(format string, args ...any) {
	l.warnings[fmt.Sprintf(format, args...)] = true
}

// attrName finds names after a dot: the attributes a configuration may
// read from a resource, whatever the expression around them.
var attrName = regexp.MustCompile(`\.\s*([A-Za-z_][A-Za-z0-9_-]*)`)

// parsed is a module's directory read, or why it could not be.
type parsed struct {
	m   *module
	err error
}

// module is the module of dir, parsed once.
func (l *loader) module(dir string) (*module, error) {
	if p, ok := l.modules[dir]; ok {
		return p.m, p.err
	}
	m, err := l.parseModule(dir)
	l.modules[dir] = parsed{m, err}
	return m, err
}

// parseCalled parses, before anything is evaluated, every local module
// m calls, and theirs: the names written after a dot in all of them
// (attrNames) must be known before the first reference value is built,
// or what a value holds would depend on the order references are
// followed. An error is kept for the call that needs the module.
func (l *loader) parseCalled(m *module, depth int) {
	if depth >= maxModuleDepth {
		return
	}
	for _, name := range sortedKeys(m.calls) {
		dir, local := localSource(m.dir, m.calls[name].source)
		if _, seen := l.modules[dir]; !local || seen {
			continue
		}
		if child, err := l.module(dir); err == nil {
			l.parseCalled(child, depth+1)
		}
	}
}

func (l *loader) load(dir string) (*Result, error) {
	m, err := l.module(dir)
	if err != nil {
		return nil, err
	}
	l.parseCalled(m, 0)
	vals, err := l.rootVariables(m)
	if err != nil {
		return nil, err
	}
	root := l.newInstance(m, "", vals, nil)
	l.account = l.opts.Account
	if l.account == "" {
		l.account = importer.DefaultAccount
	}
	if l.region, err = l.providerRegion(root); err != nil {
		return nil, err
	}
	// Every module instance's resources and calls, also those nothing
	// refers to; evaluating a call appends its instances to l.instances.
	for i := 0; i < len(l.instances); i++ {
		if err := l.instances[i].evaluateAll(); err != nil {
			return nil, err
		}
	}
	sort.Slice(l.out, func(i, j int) bool { return l.out[i].Address < l.out[j].Address })
	res := &Result{Resources: l.out, Region: l.region}
	for w := range l.warnings {
		res.Warnings = append(res.Warnings, w)
	}
	sort.Strings(res.Warnings)
	return res, nil
}

// providerRegion is the region option, else the root aws provider's
// region when it is known, else the default.
func (l *loader) providerRegion(root *instance) (string, error) {
	if l.opts.Region != "" {
		return l.opts.Region, nil
	}
	for _, body := range root.mod.providers {
		attrs, _ := body.JustAttributes()
		if _, aliased := attrs["alias"]; aliased {
			continue
		}
		a, ok := attrs["region"]
		if !ok {
			continue
		}
		v, err := root.eval(a.Expr, nil)
		if err != nil {
			return "", err
		}
		v, _ = v.UnmarkDeep()
		if v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
			return v.AsString(), nil
		}
	}
	l.warnf("the region is not set (no --region, no known region in the aws provider block); %s assumed", importer.DefaultRegion)
	return importer.DefaultRegion, nil
}

// instance is one instance of a module: the root, module.vpc or
// module.vpc["a"].
type instance struct {
	l      *loader
	mod    *module
	addr   string // "" for the root, else "module.vpc" or "module.x[0].module.y"
	vars   cty.Value
	depth  int
	locals map[string]*slot
	res    map[string]*slot // reference values
	exps   map[string]*slot // expansions
	calls  map[string]*slot

	expansions map[string]*expansion
}

// slot memoizes one value evaluated on demand and finds cycles.
type slot struct {
	busy, done bool
	val        cty.Value
}

func (l *loader) newInstance(m *module, addr string, vars map[string]cty.Value, parent *instance) *instance {
	in := &instance{l: l, mod: m, addr: addr, vars: cty.ObjectVal(vars),
		locals: map[string]*slot{}, res: map[string]*slot{}, exps: map[string]*slot{}, calls: map[string]*slot{},
		expansions: map[string]*expansion{}}
	if parent != nil {
		in.depth = parent.depth + 1
	}
	l.instances = append(l.instances, in)
	return in
}

// prefix is the address prefix of the instance's resources.
func (in *instance) prefix() string {
	if in.addr == "" {
		return ""
	}
	return in.addr + "."
}

// memo evaluates f once for the slot named name in m, reporting a cycle
// when f needs the slot itself.
func (in *instance) memo(m map[string]*slot, name string, f func() (cty.Value, error)) (cty.Value, error) {
	s := m[name]
	if s == nil {
		s = &slot{}
		m[name] = s
	}
	if s.done {
		return s.val, nil
	}
	if s.busy {
		return cty.NilVal, fmt.Errorf("%s%s refers to itself (a cycle)", in.prefix(), name)
	}
	in.l.depth++
	defer func() { in.l.depth-- }()
	if in.l.depth > maxEvalDepth {
		return cty.NilVal, fmt.Errorf("%s%s: references nested more than %d deep", in.prefix(), name, maxEvalDepth)
	}
	s.busy = true
	v, err := f()
	s.busy = false
	if err != nil {
		return cty.NilVal, err
	}
	s.done, s.val = true, v
	return v, nil
}

func (in *instance) local(name string) (cty.Value, error) {
	expr := in.mod.locals[name]
	return in.memo(in.locals, "local."+name, func() (cty.Value, error) {
		return in.eval(expr, nil)
	})
}

// evaluateAll evaluates every call and resource of the instance, in
// sorted order so that warnings and errors do not depend on map order.
func (in *instance) evaluateAll() error {
	for _, name := range sortedKeys(in.mod.calls) {
		if _, err := in.call(name); err != nil {
			return err
		}
	}
	for _, key := range sortedKeys(in.mod.resources) {
		if _, err := in.expanded(key); err != nil {
			return err
		}
	}
	return nil
}

// sortedKeys are a map's keys in order: evaluation order, warnings and
// errors do not depend on map order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// reason marks an unknown value with why it is unknown; marks follow the
// value through expressions and functions.
type reason string

func unknownBecause(why string) cty.Value { return cty.DynamicVal.Mark(reason(why)) }

// reasons lists the reasons marked on v, sorted, at most three.
func reasons(marks cty.ValueMarks) string {
	var rs []string
	for m := range marks {
		if r, ok := m.(reason); ok {
			rs = append(rs, string(r))
		}
	}
	sort.Strings(rs)
	if len(rs) > 3 {
		rs = append(rs[:3], "...")
	}
	if len(rs) == 0 {
		return "known after apply"
	}
	return strings.Join(rs, "; ")
}

// softError is an evaluation error that makes one value unknown instead
// of failing the import: the value gets the reason and a warning says so.
func (in *instance) softError(what string, diags hcl.Diagnostics) cty.Value {
	msg := diagError(diags).Error()
	in.l.warnf("%s: not evaluated, unknown: %s", what, msg)
	return unknownBecause(fmt.Sprintf("%s could not be evaluated: %s", what, msg))
}

// errPanic is the error of an evaluation that panicked; the fuzz target
// looks for it.
var errPanic = errors.New("the configuration could not be evaluated")
