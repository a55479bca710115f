package importer

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// Options are the inputs of an import that a template does not hold.
type Options struct {
	// Params overrides parameter defaults by name. List parameters
	// (CommaDelimitedList, List<...>) are split on commas.
	Params map[string]string
	// StackName is AWS::StackName; the default is the file's base name
	// without its extension.
	StackName string
	// Region is AWS::Region and the region of Fn::GetAZs. Without it, the
	// region the templates name (their zones, else their ARNs, endpoint
	// service names and Fn::GetAZs arguments) is taken, with a warning
	// saying so; else DefaultRegion.
	Region string
	// Account is AWS::AccountId; default 123456789012.
	Account string
	// Exports are the values Fn::ImportValue reads, by export name. An
	// import of a name not listed is unknown.
	Exports map[string]Value
}

// DefaultRegion and DefaultAccount are the region and account of an
// import whose Options name none.
const (
	DefaultRegion  = "us-east-1"
	DefaultAccount = "123456789012"
)

// withDefaults fills in the defaults of opts for the template called name.
func (opts Options) withDefaults(name string) Options {
	if opts.Region == "" {
		opts.Region = DefaultRegion
	}
	if opts.Account == "" {
		opts.Account = DefaultAccount
	}
	if opts.StackName == "" {
		opts.StackName = stackNameOf(name)
	}
	return opts
}

// Result is an imported design with what the importer had to assume.
type Result struct {
	Design *design.Design
	// Warnings say what the importer assumed or could not model, sorted.
	Warnings []string
	// Exports are the values the templates export (Outputs with an
	// Export), by export name, for importing stacks that use them.
	Exports map[string]Value
}

// Source is one template of a set of stacks.
type Source struct {
	// Name names the template in messages, usually its file name.
	Name string
	Data []byte
	// StackName is the stack's AWS::StackName; default: Name's base name
	// without its extension.
	StackName string
	// Params are this stack's parameter values; they override
	// Options.Params.
	Params map[string]string
}

// Import reads one CloudFormation template (JSON or YAML) and returns the
// network it describes. name names the template in errors and warnings.
// A template that cannot be read or evaluated gives one *Error with the
// file, line and path of the problem; an input larger than
// MaxTemplateSize is refused without being read whole.
func Import(r io.Reader, name string, opts Options) (*Result, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxTemplateSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: read: %w", name, err)
	}
	if len(data) > MaxTemplateSize {
		return nil, inFile(errTooLarge(), name)
	}
	ps, err := parseStack(data)
	if err != nil {
		return nil, inFile(err, name)
	}
	note := ""
	if opts.Region == "" {
		opts.Region, note = inferRegion([]*node{ps.root}, []string{name}, []map[string]string{opts.Params})
	}
	opts = opts.withDefaults(name)
	b := newBuilder(name, opts)
	if note != "" {
		b.warn("%s", note)
	}
	st, err := b.addStack(ps, opts)
	if err != nil {
		return nil, inFile(err, name)
	}
	b.prefix = ""
	for _, p := range slices.Sorted(maps.Keys(opts.Params)) {
		if !st.declared[p] {
			b.warn("parameter %s is not declared by the template; ignored", p)
		}
	}
	res := b.result()
	res.Exports = st.exports
	return res, nil
}

// ImportStacks imports templates that make one network as a set of
// stacks, in order: the exports of earlier stacks (Outputs with an Export)
// feed Fn::ImportValue in later ones, and all resources go into one
// design. A logical ID already used by an earlier stack is renamed
// "<stack name>.<logical ID>", with a warning. Warnings are prefixed with
// the source's name.
func ImportStacks(srcs []Source, opts Options) (*Result, error) {
	if len(srcs) == 0 {
		return nil, fmt.Errorf("importer: no templates")
	}
	names := make([]string, len(srcs))
	parsed := make([]parsedStack, len(srcs))
	roots := make([]*node, len(srcs))
	params := make([]map[string]string, len(srcs)) // each stack's: its own over opts'
	for i, s := range srcs {
		names[i] = s.Name
		ps, err := parseStack(s.Data)
		if err != nil {
			return nil, inFile(err, s.Name)
		}
		parsed[i], roots[i] = ps, ps.root
		params[i] = maps.Clone(opts.Params)
		if params[i] == nil {
			params[i] = map[string]string{}
		}
		maps.Copy(params[i], s.Params)
	}
	note := ""
	if opts.Region == "" {
		opts.Region, note = inferRegion(roots, names, params)
	}
	base := opts.withDefaults(names[0])
	b := newBuilder(strings.Join(names, "+"), base)
	if note != "" {
		b.warn("%s", note)
	}
	exports := maps.Clone(opts.Exports)
	if exports == nil {
		exports = map[string]Value{}
	}
	exporter := map[string]string{}
	declared := map[string]bool{}
	for i, src := range srcs {
		so := base
		so.StackName = src.StackName
		if so.StackName == "" {
			so.StackName = stackNameOf(src.Name)
		}
		so.Params = params[i]
		so.Exports = exports
		b.prefix = src.Name + ": "
		st, err := b.addStack(parsed[i], so)
		if err != nil {
			return nil, inFile(err, src.Name)
		}
		for _, p := range slices.Sorted(maps.Keys(src.Params)) {
			if !st.declared[p] {
				b.warn("parameter %s is not declared by the template; ignored", p)
			}
		}
		maps.Copy(declared, st.declared)
		for _, name := range slices.Sorted(maps.Keys(st.exports)) {
			if other, dup := exporter[name]; dup {
				return nil, &Error{File: src.Name, Msg: fmt.Sprintf("export %q is also exported by %s; export names are unique in a region", name, other)}
			}
			exporter[name] = src.Name
			exports[name] = st.exports[name]
		}
	}
	b.prefix = ""
	for _, p := range slices.Sorted(maps.Keys(opts.Params)) {
		if !declared[p] {
			b.warn("parameter %s is not declared by any of the templates; ignored", p)
		}
	}
	res := b.result()
	res.Exports = exports
	return res, nil
}

var resourcesKeyRE = regexp.MustCompile(`(?m)^\s*"?Resources"?\s*:`)

// IsTemplate reports whether data looks like a CloudFormation template
// rather than a design file: a mapping with AWSTemplateFormatVersion, or
// with a Resources mapping whose entries have a Type "AWS::...". Input
// that is too large or malformed is judged by its text, so that the
// importer, not the design reader, reports what is wrong with it.
func IsTemplate(data []byte) bool {
	textual := func() bool {
		return bytes.Contains(data, []byte("AWSTemplateFormatVersion")) ||
			(resourcesKeyRE.Match(data) && bytes.Contains(data, []byte("AWS::")))
	}
	if len(data) > MaxTemplateSize {
		return textual()
	}
	root, err := parse(data, &budget{})
	if err != nil {
		return textual()
	}
	if root.kind != mapNode {
		return false
	}
	if root.get("AWSTemplateFormatVersion") != nil {
		return true
	}
	res := root.get("Resources")
	if res == nil || res.kind != mapNode {
		return false
	}
	for _, f := range res.fields {
		if t := f.val.get("Type"); t != nil && t.kind == scalarNode && strings.HasPrefix(t.str, "AWS::") {
			return true
		}
	}
	return false
}
