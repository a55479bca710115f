package importer

import (
	"strings"
)

// nodeKind is the shape of a template node.
type nodeKind uint8

const (
	scalarNode nodeKind = iota + 1
	listNode
	mapNode
)

// scalarType is how a scalar was written, kept only to write opaque
// properties back as JSON with the right types; evaluation treats every
// scalar as text, as CloudFormation does.
type scalarType uint8

const (
	typeString scalarType = iota
	typeInt
	typeFloat
	typeBool
	typeNull
)

// node is one value of a parsed template: a scalar, a list or a mapping with
// its keys in document order. Short-form tags (!Ref x) are rewritten to
// their long form ({Ref: x}) when the tree is built, so evaluation sees only
// one spelling. Aliases are expanded: the tree has no sharing.
type node struct {
	kind   nodeKind
	typ    scalarType
	line   int
	str    string
	items  []*node
	fields []field
}

// field is one key of a mapping node.
type field struct {
	key  string
	line int
	val  *node
}

// get returns the value of key in a mapping node, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != mapNode {
		return nil
	}
	for i := range n.fields {
		if n.fields[i].key == key {
			return n.fields[i].val
		}
	}
	return nil
}

// isNull reports whether n is absent or a YAML/JSON null.
func (n *node) isNull() bool {
	return n == nil || (n.kind == scalarNode && n.typ == typeNull)
}

// intrinsic returns the function name and argument of an intrinsic function
// node: a mapping with the single key Ref, Condition or Fn::*. Condition is
// an intrinsic only where conditions are evaluated, so the caller says
// whether to accept it.
func (n *node) intrinsic(conditionCtx bool) (string, *node, bool) {
	if n == nil || n.kind != mapNode || len(n.fields) != 1 {
		return "", nil, false
	}
	k := n.fields[0].key
	switch {
	case k == "Ref", strings.HasPrefix(k, "Fn::") && !strings.HasPrefix(k, "Fn::ForEach::"):
		return k, n.fields[0].val, true
	case k == "Condition" && conditionCtx:
		return k, n.fields[0].val, true
	}
	return "", nil, false
}

// clone returns a deep copy of n, counting its nodes against b.
func (n *node) clone(b *budget) (*node, error) {
	if err := b.node(n.line); err != nil {
		return nil, err
	}
	c := *n
	if n.items != nil {
		c.items = make([]*node, len(n.items))
		for i, it := range n.items {
			ci, err := it.clone(b)
			if err != nil {
				return nil, err
			}
			c.items[i] = ci
		}
	}
	if n.fields != nil {
		c.fields = make([]field, len(n.fields))
		for i, f := range n.fields {
			cv, err := f.val.clone(b)
			if err != nil {
				return nil, err
			}
			c.fields[i] = field{key: f.key, line: f.line, val: cv}
		}
	}
	return &c, nil
}

// shortTags maps each short-form tag to the long-form key it stands for.
var shortTags = map[string]string{
	"!Ref":              "Ref",
	"!Condition":        "Condition",
	"!Sub":              "Fn::Sub",
	"!GetAtt":           "Fn::GetAtt",
	"!Select":           "Fn::Select",
	"!GetAZs":           "Fn::GetAZs",
	"!Cidr":             "Fn::Cidr",
	"!If":               "Fn::If",
	"!Join":             "Fn::Join",
	"!Split":            "Fn::Split",
	"!FindInMap":        "Fn::FindInMap",
	"!ImportValue":      "Fn::ImportValue",
	"!Equals":           "Fn::Equals",
	"!And":              "Fn::And",
	"!Or":               "Fn::Or",
	"!Not":              "Fn::Not",
	"!Base64":           "Fn::Base64",
	"!Transform":        "Fn::Transform",
	"!Length":           "Fn::Length",
	"!ToJsonString":     "Fn::ToJsonString",
	"!ValueOf":          "Fn::ValueOf",
	"!ValueOfAll":       "Fn::ValueOfAll",
	"!RefAll":           "Fn::RefAll",
	"!Contains":         "Fn::Contains",
	"!EachMemberEquals": "Fn::EachMemberEquals",
	"!EachMemberIn":     "Fn::EachMemberIn",
	"!GetStackOutput":   "Fn::GetStackOutput",
}
