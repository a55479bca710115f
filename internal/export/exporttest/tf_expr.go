package exporttest

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
)

// Expressions are parsed and evaluated by hcl/v2 (hclsyntax, also for the
// templates of the JSON syntax). The checker does not know what a
// reference or a function call will give, so each reference is an unknown
// value of any type and each of Terraform's functions returns one: hcl
// still rejects what does not parse, an unknown function and what no
// value could make valid, and go-cty's conversion rejects a literal of
// the wrong type.

// tfFunctionNames are Terraform's built-in functions (Terraform 1.x
// documentation, "Functions") and the aws provider's functions.
var tfFunctionNames = []string{
	"abs", "abspath", "alltrue", "anytrue", "base64decode", "base64encode", "base64gzip",
	"base64sha256", "base64sha512", "basename", "bcrypt", "can", "ceil", "chomp", "chunklist",
	"cidrhost", "cidrnetmask", "cidrsubnet", "cidrsubnets", "coalesce", "coalescelist", "compact",
	"concat", "contains", "csvdecode", "dirname", "distinct", "element", "endswith",
	"ephemeralasnull", "file", "filebase64", "filebase64sha256", "filebase64sha512", "fileexists",
	"filemd5", "fileset", "filesha1", "filesha256", "filesha512", "flatten", "floor", "format",
	"formatdate", "formatlist", "indent", "index", "issensitive", "join", "jsondecode", "jsonencode",
	"keys", "length", "log", "lookup", "lower", "matchkeys", "max", "md5", "merge", "min",
	"nonsensitive", "one", "parseint", "pathexpand", "plantimestamp", "pow", "range", "regex",
	"regexall", "replace", "reverse", "rsadecrypt", "sensitive", "setintersection", "setproduct",
	"setsubtract", "setunion", "sha1", "sha256", "sha512", "signum", "slice", "sort", "split",
	"startswith", "strcontains", "strrev", "substr", "sum", "templatefile", "templatestring",
	"textdecodebase64", "textencodebase64", "timeadd", "timecmp", "timestamp", "title", "tobool",
	"tolist", "tomap", "tonumber", "toset", "tostring", "transpose", "trim", "trimprefix",
	"trimspace", "trimsuffix", "try", "upper", "urlencode", "uuid", "uuidv5", "values",
	"yamldecode", "yamlencode", "zipmap",
	"provider::aws::arn_build", "provider::aws::arn_parse", "provider::aws::trim_iam_role_path",
	"provider::aws::user_agent",
}

// tfFunctions maps each function name to a stub that takes anything and
// returns an unknown value of any type.
var tfFunctions = sync.OnceValue(func() map[string]function.Function {
	stub := function.New(&function.Spec{
		VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType,
			AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true},
		Type: function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) { return cty.DynamicVal, nil },
	})
	fns := make(map[string]function.Function, len(tfFunctionNames))
	for _, n := range tfFunctionNames {
		fns[n] = stub
	}
	return fns
})

// eval checks an expression's references and evaluates it, each reference
// an unknown value; ok is false when hcl rejects it. Problems are reported
// at the path of the object attribute or list element they are in.
func (c *tfChecker) eval(path string, expr hcl.Expression) (cty.Value, bool) {
	c.refs(path, expr)
	v, diags := expr.Value(tfEvalContext(expr))
	if diags.HasErrors() {
		c.evalDiags(path, expr)
		return cty.DynamicVal, false
	}
	return v, true
}

// tfEvalContext makes every root an expression references an unknown
// value, and knows Terraform's functions.
func tfEvalContext(expr hcl.Expression) *hcl.EvalContext {
	vars := map[string]cty.Value{}
	for _, t := range expr.Variables() {
		vars[t.RootName()] = cty.DynamicVal
	}
	return &hcl.EvalContext{Variables: vars, Functions: tfFunctions()}
}

// evalDiags reports the problems of an expression that does not evaluate,
// in the innermost object attribute or list element that does not.
func (c *tfChecker) evalDiags(path string, expr hcl.Expression) {
	if !tfEachElement(path, expr, func(p string, e hcl.Expression) {
		if _, diags := e.Value(tfEvalContext(e)); diags.HasErrors() {
			c.evalDiags(p, e)
		}
	}) {
		_, diags := expr.Value(tfEvalContext(expr))
		c.exprDiags(path, diags)
	}
}

// tfEachElement calls fn for each attribute of an object constructor, or
// element of a list, with its path, and says whether expr is one. An
// object key that is an expression is passed with the object's path.
func tfEachElement(path string, expr hcl.Expression, fn func(path string, e hcl.Expression)) bool {
	if _, isTemplate := expr.(*hclsyntax.TemplateExpr); isTemplate {
		return false
	}
	if pairs, diags := hcl.ExprMap(expr); !diags.HasErrors() {
		for _, kv := range pairs {
			if key := tfKey(kv.Key); key != "" {
				fn(tfJoin(path, key), kv.Value)
			} else {
				fn(path, kv.Key)
				fn(path, kv.Value)
			}
		}
		return true
	}
	if items, diags := hcl.ExprList(expr); !diags.HasErrors() {
		for i, e := range items {
			fn(tfIndex(path, i), e)
		}
		return true
	}
	return false
}

func (c *tfChecker) exprDiags(path string, diags hcl.Diagnostics) {
	for _, d := range diags.Errs() {
		if hd, ok := d.(*hcl.Diagnostic); ok {
			c.addf(path, "%s", tfDiagText(hd))
		} else {
			c.addf(path, "%v", d)
		}
	}
}

// checkExpr checks an expression and that its value conforms to ty.
func (c *tfChecker) checkExpr(path string, expr hcl.Expression, ty cty.Type) {
	if v, ok := c.eval(path, expr); ok {
		c.conform(path, v, ty)
	}
}

// literal checks an argument that must be a literal value of type ty. The
// context is empty rather than nil: with nil, hcl's JSON syntax reads a
// template as plain text.
func (c *tfChecker) literal(path string, expr hcl.Expression, ty cty.Type) (cty.Value, bool) {
	v, diags := expr.Value(&hcl.EvalContext{})
	if diags.HasErrors() {
		c.addf(path, "must be a literal value: %s", tfDiagText(diags.Errs()[0].(*hcl.Diagnostic)))
		return cty.NilVal, false
	}
	cv, err := convert.Convert(v, ty)
	if err != nil {
		c.conform(path, v, ty)
		return cty.NilVal, false
	}
	return cv, true
}

// literalString reads an argument that must be a literal string.
func (c *tfChecker) literalString(path string, expr hcl.Expression) (string, bool) {
	v, ok := c.literal(path, expr, cty.String)
	if !ok || v.IsNull() {
		return "", false
	}
	return v.AsString(), true
}

// conform reports a value go-cty cannot convert to ty, and the attributes
// of an object it has that ty lacks (which the conversion drops silently).
func (c *tfChecker) conform(path string, v cty.Value, ty cty.Type) {
	c.extraAttrs(path, v, ty)
	if _, err := convert.Convert(v, ty); err != nil {
		var pe cty.PathError
		switch {
		case errors.As(err, &pe) && len(pe.Path) > 0:
			c.addf(path+tfPathString(pe.Path), "%s", pe.Error())
		case ty.IsPrimitiveType():
			c.addf(path, "want %s, got %s", ty.FriendlyNameForConstraint(), tfDescribe(v))
		default:
			c.addf(path, "want %s: %v", ty.FriendlyNameForConstraint(), err)
		}
	}
}

func (c *tfChecker) extraAttrs(path string, v cty.Value, ty cty.Type) {
	if !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
		return
	}
	i := 0
	for it := v.ElementIterator(); it.Next(); i++ {
		k, ev := it.Element()
		switch {
		case ty.IsObjectType() && k.Type() == cty.String:
			name := k.AsString()
			if !ty.HasAttribute(name) {
				c.addf(tfJoin(path, name), "unknown attribute of the object type (Terraform would drop it silently)")
				continue
			}
			c.extraAttrs(tfJoin(path, name), ev, ty.AttributeType(name))
		case ty.IsListType() || ty.IsSetType():
			c.extraAttrs(tfIndex(path, i), ev, ty.ElementType())
		case ty.IsMapType() && k.Type() == cty.String:
			c.extraAttrs(tfJoin(path, k.AsString()), ev, ty.ElementType())
		}
	}
}

// tfDescribe names a value's kind the way the messages do: a JSON array
// is a list, a JSON object an object, a string is shown.
func tfDescribe(v cty.Value) string {
	ty := v.Type()
	switch {
	case !v.IsKnown() || ty == cty.DynamicPseudoType:
		return "an unknown value"
	case v.IsNull():
		return "null"
	case ty == cty.String:
		s := v.AsString()
		if len(s) > 60 {
			s = s[:57] + "..."
		}
		return fmt.Sprintf("string %q", s)
	case ty.IsTupleType() || ty.IsListType() || ty.IsSetType():
		return "list"
	case ty.IsObjectType() || ty.IsMapType():
		return "object"
	}
	return ty.FriendlyName()
}

// tfPathString renders a go-cty path the way problem paths are written.
func tfPathString(p cty.Path) string {
	var b strings.Builder
	for _, step := range p {
		switch s := step.(type) {
		case cty.GetAttrStep:
			b.WriteString(tfJoin(".", s.Name)[1:])
		case cty.IndexStep:
			if s.Key.Type() == cty.String {
				b.WriteString(tfJoin(".", s.Key.AsString())[1:])
			} else {
				fmt.Fprintf(&b, "[%s]", s.Key.AsBigFloat().String())
			}
		}
	}
	return b.String()
}

// ---- references ----

// refs checks the references of an expression, each at the path of the
// object attribute or list element it is in.
func (c *tfChecker) refs(path string, expr hcl.Expression) {
	if tfEachElement(path, expr, c.refs) {
		return
	}
	for _, t := range expr.Variables() {
		c.checkRef(path, t)
	}
}

// refsOnly checks the references in a body whose schema is not known:
// every argument of it and of its blocks.
func (c *tfChecker) refsOnly(path string, body hcl.Body) {
	if sb, ok := body.(*hclsyntax.Body); ok {
		for _, n := range sortedKeys(sb.Attributes) {
			c.refs(tfJoin(path, n), sb.Attributes[n].Expr)
		}
		for _, b := range sb.Blocks {
			c.refsOnly(tfJoin(path, b.Type), b.Body)
		}
		return
	}
	attrs, _ := body.JustAttributes() // in JSON syntax, blocks too
	for _, n := range sortedKeys(attrs) {
		c.refs(tfJoin(path, n), attrs[n].Expr)
	}
}

// tfRef is a reference split into its root and steps: an attribute name,
// or "[]" for an index or splat.
type tfRef struct {
	root  string
	parts []string
	text  string // as written, e.g. aws_subnet.app[0].id
}

const tfIndexPart = "[]"

func tfSplitRef(t hcl.Traversal) tfRef {
	r := tfRef{root: t.RootName()}
	var b strings.Builder
	b.WriteString(r.root)
	for _, step := range t[1:] {
		switch s := step.(type) {
		case hcl.TraverseAttr:
			r.parts = append(r.parts, s.Name)
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			r.parts = append(r.parts, tfIndexPart)
			if s.Key.Type() == cty.String {
				fmt.Fprintf(&b, "[%q]", s.Key.AsString())
			} else if s.Key.Type() == cty.Number {
				fmt.Fprintf(&b, "[%s]", s.Key.AsBigFloat().String())
			} else {
				b.WriteString("[?]")
			}
		case hcl.TraverseSplat:
			r.parts = append(r.parts, tfIndexPart)
			b.WriteString("[*]")
		}
	}
	r.text = b.String()
	return r
}

var tfIgnoredRoots = map[string]bool{"each": true, "count": true, "self": true, "path": true, "terraform": true}

// checkRef checks one reference against the declarations and the schema.
func (c *tfChecker) checkRef(path string, t hcl.Traversal) {
	r := tfSplitRef(t)
	if tfIgnoredRoots[r.root] || c.bound[r.root] > 0 {
		return
	}
	first := ""
	if len(r.parts) > 0 && r.parts[0] != tfIndexPart {
		first = r.parts[0]
	}
	declared := func(m map[string]bool, what, prefix string) {
		switch {
		case first == "":
			c.addf(path, "invalid reference %q (want %s.NAME)", r.text, prefix)
		case !m[first]:
			c.addf(path, "reference to undeclared %s %s.%s", what, prefix, first)
		}
	}
	switch r.root {
	case "var":
		declared(c.vars, "variable", "var")
	case "local":
		declared(c.locals, "local value", "local")
	case "module":
		declared(c.modules, "module", "module")
	case "data":
		if first == "" || len(r.parts) < 2 || r.parts[1] == tfIndexPart {
			c.addf(path, "invalid reference %q (want data.TYPE.NAME)", r.text)
			return
		}
		if !c.data[first][r.parts[1]] {
			c.addf(path, "reference to undeclared data source data.%s.%s", first, r.parts[1])
		}
	default:
		if first == "" {
			c.addf(path, "invalid reference %q (want TYPE.NAME)", r.text)
			return
		}
		if !c.resources[r.root][first] {
			c.addf(path, "reference to undeclared resource %s.%s", r.root, first)
			return
		}
		if rs := c.schema.resources[r.root]; rs != nil {
			c.checkRefPath(path, r, rs.Block, r.parts[1:], r.root)
		}
	}
}

// checkRefPath checks the attribute steps of a resource reference against
// the schema: block and object attribute names; indexes, map keys and
// anything below a primitive or dynamic type are not checked.
func (c *tfChecker) checkRefPath(path string, r tfRef, blk *tfjson.SchemaBlock, parts []string, what string) {
	for len(parts) > 0 && parts[0] == tfIndexPart { // instance key or splat
		parts = parts[1:]
	}
	if len(parts) == 0 {
		return
	}
	name := parts[0]
	parts = parts[1:]
	if bt := blk.NestedBlocks[name]; bt != nil {
		c.checkRefPath(path, r, bt.Block, parts, what+"."+name)
		return
	}
	a := blk.Attributes[name]
	if a == nil {
		if name == "id" && !strings.Contains(what, ".") {
			return
		}
		c.addf(path, "reference %s: %s has no attribute %q", r.text, what, name)
		return
	}
	what += "." + name
	if nt := a.AttributeNestedType; nt != nil {
		if nt.NestingMode != tfjson.SchemaNestingModeSingle && len(parts) > 0 {
			parts = parts[1:] // the index or map key
		}
		c.checkRefPath(path, r, &tfjson.SchemaBlock{Attributes: nt.Attributes}, parts, what)
		return
	}
	ty := a.AttributeType
	for len(parts) > 0 {
		switch {
		case ty.IsListType() || ty.IsSetType() || ty.IsMapType():
			parts, ty = parts[1:], ty.ElementType()
		case ty.IsObjectType() && parts[0] != tfIndexPart:
			if !ty.HasAttribute(parts[0]) {
				c.addf(path, "reference %s: %s has no attribute %q", r.text, what, parts[0])
				return
			}
			what += "." + parts[0]
			parts, ty = parts[1:], ty.AttributeType(parts[0])
		default:
			return
		}
	}
}

// checkStaticRefs checks a list of static references (depends_on,
// replace_triggered_by).
func (c *tfChecker) checkStaticRefs(path string, expr hcl.Expression) {
	exprs, diags := hcl.ExprList(expr)
	if diags.HasErrors() {
		c.addf(path, "want list of references")
		return
	}
	for i, e := range exprs {
		c.checkStaticRef(tfIndex(path, i), e, false)
	}
}

// checkStaticRef checks an expression that must be a bare reference, not
// a template (depends_on and replace_triggered_by entries, moved.to,
// import.to). With address set it must be a resource address (moved,
// import): a resource or a module, not a data source.
func (c *tfChecker) checkStaticRef(path string, e hcl.Expression, address bool) {
	t, diags := hcl.AbsTraversalForExpr(e)
	if diags.HasErrors() {
		c.addf(path, "want a bare reference such as \"aws_vpc.main\", not an expression or template")
		return
	}
	r := tfSplitRef(t)
	switch r.root {
	case "var", "local", "each", "count", "self", "path", "terraform":
		c.addf(path, "%q is not a reference to a resource, data source or module", r.text)
		return
	case "module":
		// module.NAME...: a module call, or a resource inside one (moved.to).
	case "data":
		if address {
			c.addf(path, "%q is not a resource address", r.text)
			return
		}
	default:
		if len(r.parts) == 0 || r.parts[0] == tfIndexPart {
			c.addf(path, "%q is not a resource reference (want TYPE.NAME)", r.text)
			return
		}
	}
	c.checkRef(path, t)
}

func (c *tfChecker) checkProviderRef(path string, expr hcl.Expression) {
	t, diags := hcl.AbsTraversalForExpr(expr)
	if diags.HasErrors() {
		c.addf(path, "want aws or aws.<alias>")
		return
	}
	r := tfSplitRef(t)
	switch {
	case r.root != "aws" || len(r.parts) > 1:
		c.addf(path, "unknown provider %q (want aws or aws.<alias>)", r.text)
	case len(r.parts) == 1 && !c.aliases["aws."+r.parts[0]]:
		c.addf(path, "no provider \"aws\" block has alias %q", r.parts[0])
	}
}
