package importer

import (
	"slices"
	"strings"
)

// sections are the top-level keys of a template.
var sections = []string{"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules",
	"Mappings", "Conditions", "Transform", "Resources", "Outputs", "Hooks"}

// stackResult is what one stack adds to an import: the parameters it
// declares and the values it exports.
type stackResult struct {
	declared map[string]bool
	exports  map[string]Value
}

// parsedStack is a template read but not yet evaluated, with the budget
// its evaluation continues to spend.
type parsedStack struct {
	root *node
	bud  *budget
}

// parseStack parses one template. Errors are *Error values without the
// file.
func parseStack(data []byte) (parsedStack, error) {
	if len(data) > MaxTemplateSize {
		return parsedStack{}, errTooLarge()
	}
	bud := &budget{}
	root, err := parse(data, bud)
	if err != nil {
		return parsedStack{}, err
	}
	return parsedStack{root: root, bud: bud}, nil
}

// addStack evaluates one parsed template with opts and adds its resources
// to the design. Errors are *Error values without the file.
func (b *builder) addStack(ps parsedStack, opts Options) (*stackResult, error) {
	root, bud := ps.root, ps.bud
	st, err := b.prepare(root, bud, opts)
	if err != nil {
		return nil, err
	}
	on, err := b.register(st.resources, opts.StackName, st.ids)
	if err != nil {
		return nil, err
	}
	if err := b.build(on); err != nil {
		return nil, err
	}
	b.keepDependsOn(on, st.ids)
	b.ev.checkRules(root.get("Rules"))
	exports, err := b.ev.exports(root.get("Outputs"))
	if err != nil {
		return nil, err
	}
	declared := map[string]bool{}
	for name := range b.ev.params {
		declared[name] = true
	}
	return &stackResult{declared: declared, exports: exports}, nil
}

// preparedStack is a template ready to build: its resources, in document
// order, with the evaluator that resolves their values.
type preparedStack struct {
	resources []*resource
	// ids maps logical IDs to design IDs, filled by register.
	ids map[string]string
}

// prepare checks the template's sections, makes the evaluator of the stack
// (b.ev), gives the parameters their values, applies
// AWS::LanguageExtensions and reads the resources.
func (b *builder) prepare(root *node, bud *budget, opts Options) (*preparedStack, error) {
	if root.kind != mapNode {
		return nil, errorf(root.line, "a template is a mapping with a Resources section, got %s", nodeKindName(root))
	}
	for _, f := range root.fields {
		if !slices.Contains(sections, f.key) {
			b.warn("top-level section %q is not a template section; ignored", f.key)
		}
	}
	st := &preparedStack{ids: map[string]string{}}
	ev := &evaluator{
		b:        bud,
		opts:     opts,
		mappings: root.get("Mappings"),
		conds:    newConditions(root.get("Conditions")),
		idOf: func(logical string) string {
			if id, ok := st.ids[logical]; ok {
				return id
			}
			return logical
		},
		warn: b.warn,
	}
	b.ev = ev
	if err := ev.loadParams(root.get("Parameters"), opts.Params); err != nil {
		return nil, err
	}
	if b.transforms(root.get("Transform")) {
		for _, sec := range []string{"Conditions", "Resources", "Outputs"} {
			if n := root.get(sec); n != nil {
				if err := ev.expandForEach(n); err != nil {
					return nil, prependPath(err, sec)
				}
			}
		}
	}
	ev.sizeAssumedZones(root.get("Conditions"), root.get("Resources"), root.get("Outputs"))
	rs, err := readResources(root.get("Resources"), b.warn)
	if err != nil {
		return nil, err
	}
	ev.res = make(map[string]*resource, len(rs))
	for _, r := range rs {
		r.ev = ev
		ev.res[r.id] = r
	}
	st.resources = rs
	return st, nil
}

// transforms reads the Transform section and reports whether it includes
// AWS::LanguageExtensions, which the importer applies. Other transforms
// (macros, AWS::Serverless) are not applied, with a warning.
func (b *builder) transforms(n *node) bool {
	if n == nil {
		return false
	}
	items := []*node{n}
	if n.kind == listNode {
		items = n.items
	}
	lang := false
	for _, it := range items {
		name := it.str
		if it.kind == mapNode {
			if nm := it.get("Name"); nm != nil {
				name = nm.str
			}
		}
		if name == "AWS::LanguageExtensions" {
			lang = true
			continue
		}
		b.warn("transform %s is not applied; resources it would add or change are missing", name)
	}
	return lang
}

// exports evaluates the Outputs that have an Export, skipping those whose
// condition is false.
func (e *evaluator) exports(outputs *node) (map[string]Value, error) {
	out := map[string]Value{}
	if outputs == nil || outputs.kind != mapNode {
		return out, nil
	}
	for _, f := range outputs.fields {
		path := "Outputs." + f.key
		exp := f.val.get("Export")
		if exp == nil {
			continue
		}
		if c := f.val.get("Condition"); c != nil && c.kind == scalarNode {
			on, err := e.conditionOn(c.str, c.line)
			if err != nil {
				return nil, complete(err, path+".Condition")
			}
			if !on {
				continue
			}
		}
		nameNode := exp.get("Name")
		if nameNode == nil {
			return nil, &Error{Line: exp.line, Path: path + ".Export", Msg: "missing Name"}
		}
		name, u, ok, err := e.evalString("Export.Name", nameNode)
		if err != nil {
			return nil, complete(err, path+".Export.Name")
		}
		if !ok {
			e.warn("%s: export name is unknown (%s); not exported", path, u.str)
			continue
		}
		valNode := f.val.get("Value")
		if valNode == nil {
			return nil, &Error{Line: f.line, Path: path, Msg: "missing Value"}
		}
		v, err := e.eval(valNode)
		if err != nil {
			return nil, complete(err, path+".Value")
		}
		out[name] = v
	}
	return out, nil
}

// stackNameOf derives a stack name from a file name: "vpc-3azs.yaml" gives
// "vpc-3azs".
func stackNameOf(file string) string {
	base := file
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	for _, ext := range []string{".json", ".yaml", ".yml", ".template"} {
		base = strings.TrimSuffix(base, ext)
	}
	if base == "" || base == "-" {
		return "stack"
	}
	return base
}
