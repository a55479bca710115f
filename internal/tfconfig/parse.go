package tfconfig

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// module is one module directory, parsed: its blocks by name.
type module struct {
	dir       string
	variables map[string]*variable
	locals    map[string]hcl.Expression
	outputs   map[string]hcl.Expression
	resources map[string]*resourceBlock // "aws_vpc.this", "data.aws_region.current"
	calls     map[string]*moduleCall
	providers []hcl.Body // provider "aws" blocks
}

type variable struct {
	name     string
	def      hcl.Expression // nil: required
	typeExpr hcl.Expression // nil: any
	// notNull is nullable = false: a null value takes the default.
	notNull bool
}

type resourceBlock struct {
	mode, typ, name string
	count, forEach  hcl.Expression
	body            hcl.Body // the whole block body; meta-arguments are skipped when read
	dependsOn       hcl.Expression
	rng             hcl.Range
}

// key is how the block is found from a reference: "aws_vpc.this" or
// "data.aws_region.current".
func (r *resourceBlock) key() string {
	if r.mode == "data" {
		return "data." + r.typ + "." + r.name
	}
	return r.typ + "." + r.name
}

type moduleCall struct {
	name           string
	source         string
	count, forEach hcl.Expression
	inputs         hcl.Attributes
	rng            hcl.Range
}

var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "terraform"}, {Type: "moved"}, {Type: "import"}, {Type: "removed"},
	{Type: "check", LabelNames: []string{"name"}},
}}

var variableSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "default"}, {Name: "type"}, {Name: "description"}, {Name: "sensitive"}, {Name: "nullable"}, {Name: "ephemeral"},
}, Blocks: []hcl.BlockHeaderSchema{{Type: "validation"}}}

var resourceSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "count"}, {Name: "for_each"}, {Name: "depends_on"}, {Name: "provider"},
}}

var moduleSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "source", Required: true}, {Name: "version"}, {Name: "count"}, {Name: "for_each"},
	{Name: "depends_on"}, {Name: "providers"},
}}

// metaArguments are a resource's attributes and blocks that are
// Terraform's, not the provider's.
var metaArguments = map[string]bool{
	"count": true, "for_each": true, "depends_on": true, "provider": true,
	"lifecycle": true, "provisioner": true, "connection": true,
}

// parseModule reads the .tf and .tf.json files of dir (not its
// subdirectories) within the limits of the loader.
func (l *loader) parseModule(dir string) (*module, error) {
	entries, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("module %s: %w", displayDir(dir), err)
	}
	m := &module{dir: dir, variables: map[string]*variable{}, locals: map[string]hcl.Expression{},
		outputs: map[string]hcl.Expression{}, resources: map[string]*resourceBlock{}, calls: map[string]*moduleCall{}}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !(strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json")) {
			continue
		}
		if strings.HasSuffix(strings.TrimSuffix(strings.TrimSuffix(n, ".json"), ".tf"), "_override") || n == "override.tf" || n == "override.tf.json" {
			l.warnf("%s: override files are not read", path.Join(displayDir(dir), n))
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("module %s: no .tf or .tf.json files", displayDir(dir))
	}
	for _, n := range names {
		if err := l.parseFile(m, path.Join(dir, n)); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// shownName is how messages name a file: relative to the root module's
// directory ("main.tf", "../../modules/flow-log/main.tf").
func (l *loader) shownName(name string) string {
	if rel, err := filepath.Rel(filepath.FromSlash(l.rootDir), filepath.FromSlash(name)); err == nil {
		return filepath.ToSlash(rel)
	}
	return name
}

// displayDir names a directory in messages.
func displayDir(dir string) string {
	if dir == "" {
		return "."
	}
	return dir
}

func (l *loader) readFile(name string) ([]byte, error) {
	f, err := l.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > maxFileBytes {
		return nil, fmt.Errorf("%s: larger than the %d MiB limit for a configuration file", name, maxFileBytes>>20)
	}
	l.bytes += len(data)
	if l.bytes > maxTotalBytes {
		return nil, fmt.Errorf("%s: the configuration is larger than the %d MiB limit", name, maxTotalBytes>>20)
	}
	l.files++
	if l.files > maxFiles {
		return nil, fmt.Errorf("%s: more than %d configuration files", name, maxFiles)
	}
	return data, nil
}

func (l *loader) parseFile(m *module, name string) error {
	data, err := l.readFile(name)
	if err != nil {
		return err
	}
	for _, m := range attrName.FindAllSubmatch(data, -1) {
		l.attrNames[string(m[1])] = true
	}
	p := hclparse.NewParser()
	var f *hcl.File
	var diags hcl.Diagnostics
	shown := l.shownName(name)
	if strings.HasSuffix(name, ".json") {
		f, diags = p.ParseJSON(data, shown)
	} else {
		f, diags = p.ParseHCL(data, shown)
	}
	if diags.HasErrors() {
		return diagError(diags)
	}
	content, _, diags := f.Body.PartialContent(fileSchema)
	if diags.HasErrors() {
		return diagError(diags)
	}
	for _, b := range content.Blocks {
		if err := l.addBlock(m, b); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) addBlock(m *module, b *hcl.Block) error {
	switch b.Type {
	case "variable":
		return addVariable(m, b)
	case "locals":
		attrs, diags := b.Body.JustAttributes()
		if diags.HasErrors() {
			return diagError(diags)
		}
		for n, a := range attrs {
			if _, dup := m.locals[n]; dup {
				return fmt.Errorf("%s: local.%s is defined twice", a.Range, n)
			}
			m.locals[n] = a.Expr
		}
	case "output":
		attrs, diags := b.Body.JustAttributes()
		if diags.HasErrors() {
			// outputs may hold precondition blocks; read just the value
			c, _, d := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "value"}}})
			if d.HasErrors() {
				return diagError(d)
			}
			attrs = c.Attributes
		}
		if a, ok := attrs["value"]; ok {
			m.outputs[b.Labels[0]] = a.Expr
		}
	case "resource", "data":
		return addResource(m, b)
	case "module":
		return addModuleCall(m, b)
	case "provider":
		if b.Labels[0] == "aws" {
			m.providers = append(m.providers, b.Body)
		}
	}
	return nil
}

func addVariable(m *module, b *hcl.Block) error {
	c, _, diags := b.Body.PartialContent(variableSchema)
	if diags.HasErrors() {
		return diagError(diags)
	}
	v := &variable{name: b.Labels[0]}
	if a, ok := c.Attributes["default"]; ok {
		v.def = a.Expr
	}
	if a, ok := c.Attributes["type"]; ok {
		v.typeExpr = a.Expr
	}
	if a, ok := c.Attributes["nullable"]; ok {
		n, diags := a.Expr.Value(nil)
		v.notNull = !diags.HasErrors() && n.Type() == cty.Bool && n.IsKnown() && !n.IsNull() && n.False()
	}
	if _, dup := m.variables[v.name]; dup {
		return fmt.Errorf("%s: variable %q is declared twice", b.DefRange, v.name)
	}
	m.variables[v.name] = v
	return nil
}

func addResource(m *module, b *hcl.Block) error {
	c, _, diags := b.Body.PartialContent(resourceSchema)
	if diags.HasErrors() {
		return diagError(diags)
	}
	r := &resourceBlock{mode: "managed", typ: b.Labels[0], name: b.Labels[1], body: b.Body, rng: b.DefRange}
	if b.Type == "data" {
		r.mode = "data"
	}
	if a, ok := c.Attributes["count"]; ok {
		r.count = a.Expr
	}
	if a, ok := c.Attributes["for_each"]; ok {
		r.forEach = a.Expr
	}
	if a, ok := c.Attributes["depends_on"]; ok {
		r.dependsOn = a.Expr
	}
	if r.count != nil && r.forEach != nil {
		return fmt.Errorf("%s: %s has both count and for_each", b.DefRange, r.key())
	}
	if _, dup := m.resources[r.key()]; dup {
		return fmt.Errorf("%s: %s is declared twice", b.DefRange, r.key())
	}
	m.resources[r.key()] = r
	return nil
}

func addModuleCall(m *module, b *hcl.Block) error {
	c, remain, diags := b.Body.PartialContent(moduleSchema)
	if diags.HasErrors() {
		return diagError(diags)
	}
	mc := &moduleCall{name: b.Labels[0], rng: b.DefRange}
	src, diags := c.Attributes["source"].Expr.Value(nil)
	if diags.HasErrors() || !src.IsKnown() || src.IsNull() || src.Type().FriendlyName() != "string" {
		return fmt.Errorf("%s: module %q: source must be a literal string", b.DefRange, mc.name)
	}
	mc.source = src.AsString()
	if a, ok := c.Attributes["count"]; ok {
		mc.count = a.Expr
	}
	if a, ok := c.Attributes["for_each"]; ok {
		mc.forEach = a.Expr
	}
	mc.inputs, diags = remain.JustAttributes()
	if diags.HasErrors() {
		return diagError(diags)
	}
	if _, dup := m.calls[mc.name]; dup {
		return fmt.Errorf("%s: module %q is declared twice", b.DefRange, mc.name)
	}
	m.calls[mc.name] = mc
	return nil
}

// diagError turns error diagnostics into one error: the error that comes
// first in the files, so that the message does not depend on the order
// HCL found them in (it reports some in map order).
func diagError(diags hcl.Diagnostics) error {
	var first *hcl.Diagnostic
	for _, d := range diags {
		if d.Severity == hcl.DiagError && (first == nil || diagBefore(d, first)) {
			first = d
		}
	}
	if first == nil {
		return nil
	}
	return diagErr{first}
}

// diagBefore orders diagnostics by place, then by text.
func diagBefore(a, b *hcl.Diagnostic) bool {
	switch {
	case a.Subject == nil || b.Subject == nil:
		if (a.Subject == nil) != (b.Subject == nil) {
			return a.Subject != nil
		}
	case a.Subject.Filename != b.Subject.Filename:
		return a.Subject.Filename < b.Subject.Filename
	case a.Subject.Start.Byte != b.Subject.Start.Byte:
		return a.Subject.Start.Byte < b.Subject.Start.Byte
	case a.Subject.End.Byte != b.Subject.End.Byte:
		return a.Subject.End.Byte < b.Subject.End.Byte
	}
	if a.Summary != b.Summary {
		return a.Summary < b.Summary
	}
	return a.Detail < b.Detail
}

type diagErr struct{ d *hcl.Diagnostic }

// didYouMean is HCL's suggestion at the end of a detail. HCL picks the
// first near name in map order, so two names as near give two messages
// for one input: the suggestion is left out, and made here again, the
// nearest name first in order, for a call to an unknown function.
var didYouMean = regexp.MustCompile(`\s*Did you mean [\s\S]*$`)

func (e diagErr) Error() string {
	msg := e.d.Summary
	detail := didYouMean.ReplaceAllString(e.d.Detail, "")
	if f, ok := hcl.DiagnosticExtra[hclsyntax.FunctionCallUnknownDiagExtra](e.d); ok && f.CalledFunctionNamespace() == "" {
		name := f.CalledFunctionName()
		detail = fmt.Sprintf("There is no function named %q; vpcboard evaluates Terraform's functions that do not read files, the clock or randomness.", name)
		if notEvaluated[name] {
			detail = fmt.Sprintf("%s is not evaluated: vpcboard evaluates Terraform's functions that do not read files, the clock or randomness.", name)
		} else if near := nearestName(name, sortedKeys(functions)); near != "" {
			detail += fmt.Sprintf(" Did you mean %q?", near)
		}
	}
	if detail != "" {
		msg += ": " + detail
	}
	if e.d.Subject != nil {
		return e.d.Subject.String() + ": " + msg
	}
	return msg
}

// notEvaluated are Terraform's functions left out of functions on
// purpose: they read files, the clock or randomness, or hash, encode and
// encrypt what a network design does not hold.
var notEvaluated = map[string]bool{
	"file": true, "fileexists": true, "fileset": true, "filebase64": true, "filebase64sha256": true,
	"filebase64sha512": true, "filemd5": true, "filesha1": true, "filesha256": true, "filesha512": true,
	"templatefile": true, "abspath": true, "pathexpand": true, "timestamp": true, "plantimestamp": true,
	"timeadd": true, "timecmp": true, "formatdate": true, "uuid": true, "uuidv5": true, "bcrypt": true,
	"base64encode": true, "base64decode": true, "base64gzip": true, "base64sha256": true, "base64sha512": true,
	"md5": true, "sha1": true, "sha256": true, "sha512": true, "rsadecrypt": true, "textencodebase64": true,
	"textdecodebase64": true, "urlencode": true, "yamlencode": true, "yamldecode": true,
	"templatestring": true,
}

// nearestName is the first of names (sorted) nearest to given, fewer
// than three edits away, else "".
func nearestName(given string, names []string) string {
	best, bestDist := "", 3
	for _, n := range names {
		if d := levenshtein.Distance(given, n, nil); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

// localSource reports whether a module source is a local path, and the
// module's directory relative to the caller's.
func localSource(callerDir, source string) (string, bool) {
	if !strings.HasPrefix(source, "./") && !strings.HasPrefix(source, "../") {
		return "", false
	}
	return path.Clean(path.Join(callerDir, source)), true
}
