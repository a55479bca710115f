package importer

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// parse reads a JSON or YAML template into a tree, expanding YAML aliases
// and short-form tags. Errors are *Error values with a line.
func parse(data []byte, b *budget) (*node, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, errorf(0, "empty template")
	}
	if trimmed[0] == '{' {
		n, err := parseJSON(data, b)
		if err == nil {
			return n, nil
		}
		// A YAML flow mapping also starts with '{'; if YAML reads it, it
		// was YAML. Otherwise the JSON error is the one to show.
		var jerr *jsonSyntaxError
		if !errors.As(err, &jerr) {
			return nil, err
		}
		if doc, yerr := parseYAML(data); yerr == nil {
			*b = budget{}
			return convertYAML(doc, b)
		}
		return nil, jerr.err
	}
	doc, err := parseYAML(data)
	if err != nil {
		return nil, err
	}
	return convertYAML(doc, b)
}

// parseYAML decodes one YAML document, with errors as *Error.
func parseYAML(data []byte) (*yaml.Node, error) {
	doc, err := decodeYAML(data)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			return nil, e
		}
		return nil, yamlError(data, err)
	}
	return doc, nil
}

// decodeYAML decodes one YAML document, with yaml.v3's errors. A panic in
// the YAML library on hostile input becomes an error.
func decodeYAML(data []byte) (doc *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, errorf(0, "malformed YAML (%v)", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errorf(0, "empty template")
		}
		return nil, err
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, err
	default:
		return nil, errorf(extra.Line, "a template is one YAML document; found a second one")
	}
	return &root, nil
}

// convertYAML converts a decoded YAML document into a tree.
func convertYAML(doc *yaml.Node, b *budget) (*node, error) {
	c := yamlConverter{b: b, sizes: map[*yaml.Node]int{}, active: map[*yaml.Node]bool{}}
	if n := c.size(doc, 0); n > maxNodes {
		return nil, errorf(0, "template expands to more than %d values (YAML aliases); refusing to import it", maxNodes)
	} else if c.err != nil {
		return nil, c.err
	}
	return c.convert(doc, 0)
}

// yamlConverter turns yaml.Nodes into nodes.
type yamlConverter struct {
	b      *budget
	sizes  map[*yaml.Node]int
	active map[*yaml.Node]bool
	err    error
}

// size returns the number of nodes n expands to, capped just above
// maxNodes, memoizing alias targets so that an alias bomb is measured in
// linear time. A recursive alias sets c.err.
func (c *yamlConverter) size(n *yaml.Node, depth int) int {
	if c.err != nil {
		return 0
	}
	if depth > maxDepth {
		c.err = errorf(n.Line, "template nested deeper than %d levels", maxDepth)
		return 0
	}
	if n.Kind == yaml.AliasNode {
		t := n.Alias
		if t == nil {
			c.err = errorf(n.Line, "alias *%s has no anchor", n.Value)
			return 0
		}
		if s, ok := c.sizes[t]; ok {
			return s
		}
		if c.active[t] {
			c.err = errorf(n.Line, "alias *%s refers to a value that contains it", n.Value)
			return 0
		}
		c.active[t] = true
		s := c.size(t, depth+1)
		delete(c.active, t)
		c.sizes[t] = s
		return s
	}
	total := 1
	for _, ch := range n.Content {
		total += c.size(ch, depth+1)
		if total > maxNodes {
			return total
		}
	}
	return total
}

func (c *yamlConverter) convert(n *yaml.Node, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, errorf(n.Line, "template nested deeper than %d levels", maxDepth)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, errorf(n.Line, "empty template")
		}
		return c.convert(n.Content[0], depth)
	case yaml.AliasNode:
		if n.Alias == nil || c.active[n.Alias] {
			return nil, errorf(n.Line, "alias *%s refers to a value that contains it", n.Value)
		}
		c.active[n.Alias] = true
		out, err := c.convert(n.Alias, depth+1)
		delete(c.active, n.Alias)
		return out, err
	}
	if err := c.b.node(n.Line); err != nil {
		return nil, err
	}
	out := &node{line: n.Line}
	switch n.Kind {
	case yaml.ScalarNode:
		if err := checkText(n.Line, n.Value); err != nil {
			return nil, err
		}
		out.kind = scalarNode
		out.str = n.Value
		switch n.Tag {
		case "!!int":
			out.typ = typeInt
		case "!!float":
			out.typ = typeFloat
		case "!!bool":
			out.typ = typeBool
		case "!!null":
			out.typ = typeNull
		}
	case yaml.SequenceNode:
		out.kind = listNode
		out.items = make([]*node, 0, len(n.Content))
		for _, ch := range n.Content {
			it, err := c.convert(ch, depth+1)
			if err != nil {
				return nil, err
			}
			out.items = append(out.items, it)
		}
	case yaml.MappingNode:
		out.kind = mapNode
		if err := c.mapping(out, n, depth); err != nil {
			return nil, err
		}
	default:
		return nil, errorf(n.Line, "unexpected YAML node")
	}
	return c.tagged(out, n)
}

// mapping fills out with the fields of n, applying YAML merge keys (<<)
// after the explicit keys so that explicit keys win.
func (c *yamlConverter) mapping(out *node, n *yaml.Node, depth int) error {
	if len(n.Content)%2 != 0 {
		return errorf(n.Line, "malformed mapping")
	}
	seen := map[string]int{}
	var merges []*yaml.Node
	for i := 0; i < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			return errorf(k.Line, "a mapping key must be a string")
		}
		if err := checkText(k.Line, k.Value); err != nil {
			return err
		}
		if first, dup := seen[k.Value]; dup {
			return errorf(k.Line, "duplicate key %q (first at line %d)", k.Value, first)
		}
		seen[k.Value] = k.Line
		val, err := c.convert(v, depth+1)
		if err != nil {
			return err
		}
		out.fields = append(out.fields, field{key: k.Value, line: k.Line, val: val})
	}
	for _, m := range merges {
		srcs := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			srcs = m.Content
		}
		for _, s := range srcs {
			mn, err := c.convert(s, depth+1)
			if err != nil {
				return err
			}
			if mn.kind != mapNode {
				return errorf(s.Line, "a merge key (<<) needs a mapping")
			}
			for _, f := range mn.fields {
				if _, dup := seen[f.key]; !dup {
					seen[f.key] = f.line
					out.fields = append(out.fields, f)
				}
			}
		}
	}
	return nil
}

// tagged rewrites a node with a short-form tag (!Ref x) to its long form
// ({Ref: x}).
func (c *yamlConverter) tagged(out *node, n *yaml.Node) (*node, error) {
	tag := n.Tag
	if tag == "" || strings.HasPrefix(tag, "!!") || !strings.HasPrefix(tag, "!") {
		return out, nil
	}
	long, ok := shortTags[tag]
	if !ok {
		return nil, errorf(n.Line, "unknown tag %s", tag)
	}
	if err := c.b.node(n.Line); err != nil {
		return nil, err
	}
	if out.kind == scalarNode {
		out.typ = typeString
	}
	return &node{kind: mapNode, line: n.Line, fields: []field{{key: long, line: n.Line, val: out}}}, nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlParserErrors are messages of yaml.v3's parser (as opposed to its
// scanner), whose line numbers are reported counted from 0.
var yamlParserErrors = []string{
	"did not find expected <document start>",
	"did not find expected node content",
	"did not find expected key",
	"did not find expected '-' indicator",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found undefined tag handle",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found duplicate %TAG directive",
}

var yamlAnchorRE = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)

// yamlError turns a yaml.v3 error into an *Error with a line counted from
// 1. yaml.v3 leaves the line out when it is the first and counts parser
// errors from 0; both are corrected here.
func yamlError(data []byte, err error) error {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		for _, p := range yamlParserErrors {
			if strings.HasPrefix(m[2], p) {
				line = problemLine(data, m[2], line+1)
				break
			}
		}
		return errorf(line, "%s", m[2])
	}
	if m := yamlAnchorRE.FindStringSubmatch(msg); m != nil {
		line := 0
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			line = bytes.Count(data[:i], []byte("\n")) + 1
		}
		return errorf(line, "unknown anchor '%s' referenced", m[1])
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	return errorf(1, "%s", msg)
}

// maxBisect is the largest template whose parser errors are located by
// reparsing prefixes.
const maxBisect = 1 << 20

// problemLine finds the line of a yaml.v3 parser error, which yaml.v3
// reports at the start of the enclosing mapping or sequence (from): the
// first line at which a prefix of data fails with the same message.
func problemLine(data []byte, msg string, from int) int {
	if len(data) > maxBisect {
		return from
	}
	starts := lineStarts(data)
	prefixFails := func(lines int) bool {
		end := len(data)
		if lines < len(starts) {
			end = starts[lines]
		}
		_, err := decodeYAML(data[:end])
		return err != nil && strings.HasSuffix(err.Error(), msg)
	}
	lo, hi := max(from, 1), len(starts)
	if lo > hi || !prefixFails(hi) {
		return from
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if prefixFails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return hi
}

// checkText refuses a string with a NUL byte (a "\0" or "\u0000"
// escape): no value of a template means one, and a design cannot store
// one (invalid UTF-8 never gets this far: the YAML parser refuses it and
// the JSON decoder replaces it).
func checkText(line int, s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return errorf(line, "the text %q holds a NUL byte, which no value of a template takes", s)
	}
	return nil
}
