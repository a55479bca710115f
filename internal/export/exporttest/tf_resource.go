package exporttest

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"
)

// tfMetaArgs are the meta-arguments of a resource block.
var tfMetaArgs = map[string]bool{"count": true, "for_each": true, "depends_on": true, "provider": true}

// tfMetaBlocks are the meta-blocks of a resource block (provisioner takes
// a label).
var tfMetaBlocks = []hcl.BlockHeaderSchema{
	{Type: "lifecycle"}, {Type: "provisioner", LabelNames: []string{"type"}}, {Type: "connection"},
}

// checkResource checks one resource block: name, meta-arguments, and the
// body against the type's schema.
func (c *tfChecker) checkResource(tb tfBlock) {
	typ, name := tb.b.Labels[0], tb.b.Labels[1]
	c.checkName(tb.path, name, "resource")
	rs := c.schema.resources[typ]
	if rs == nil {
		c.addf(tfJoin("resource", typ), "unknown resource type (not in the embedded hashicorp/aws %s schema subset)", tfProviderVersion)
		c.refsOnly(tb.path, tb.b.Body)
		return
	}
	c.checkBlockBody(tb.path, tb.b.Body, rs.Block, typ, true)
}

// tfBlockSchema is the hcl schema of a block type: every attribute (what
// is required is checked here, to name it), every nested block type, the
// dynamic blocks, and with resource set the meta-arguments.
//
// In the native syntax, an attribute whose type is a list or set of
// objects may also be written as blocks (Terraform's "attributes as
// blocks", which the aws provider keeps for e.g. a security group's
// ingress); in JSON the two forms cannot be told apart, so it is an
// attribute there.
func tfBlockSchema(blk *tfjson.SchemaBlock, resource, native bool) *hcl.BodySchema {
	s := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "dynamic", LabelNames: []string{"type"}}}}
	for _, n := range sortedKeys(blk.Attributes) {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: n})
		if native && tfAsBlocks(blk.Attributes[n]) {
			s.Blocks = append(s.Blocks, hcl.BlockHeaderSchema{Type: n})
		}
	}
	for _, n := range sortedKeys(blk.NestedBlocks) {
		h := hcl.BlockHeaderSchema{Type: n}
		if blk.NestedBlocks[n].NestingMode == tfjson.SchemaNestingModeMap {
			h.LabelNames = []string{"key"}
		}
		s.Blocks = append(s.Blocks, h)
	}
	if resource {
		for _, n := range sortedKeys(tfMetaArgs) {
			s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: n})
		}
		s.Blocks = append(s.Blocks, tfMetaBlocks...)
	}
	return s
}

// checkBlockBody checks a resource or nested block body against its
// schema; what names the block type in messages.
func (c *tfChecker) checkBlockBody(path string, body hcl.Body, blk *tfjson.SchemaBlock, what string, resource bool) {
	_, native := body.(*hclsyntax.Body)
	content, diags := body.Content(tfBlockSchema(blk, resource, native))
	c.diags(path, diags, func(name string) string {
		return fmt.Sprintf("unknown argument (%s has no argument or block %q)", what, name)
	})
	present := map[string]bool{}
	for _, n := range sortedKeys(content.Attributes) {
		p, expr := tfJoin(path, n), content.Attributes[n].Expr
		if a := blk.Attributes[n]; a != nil {
			present[n] = true
			c.checkAttr(p, expr, a)
			continue
		}
		c.checkMetaArg(p, n, expr)
	}
	if content.Attributes["count"] != nil && content.Attributes["for_each"] != nil {
		c.addf(path, "count and for_each may not both be set")
	}
	counts := map[string]int{}
	for _, nb := range tfPaths(path, content.Blocks) {
		switch t := nb.b.Type; t {
		case "lifecycle":
			c.checkLifecycle(nb, blk)
		case "provisioner", "connection":
			c.refsOnly(nb.path, nb.b.Body)
		case "dynamic":
			present[nb.b.Labels[0]] = true
			c.checkDynamic(nb, blk, what)
		default:
			if a := blk.Attributes[t]; a != nil {
				present[t] = true
				c.checkAttrBlock(nb, a, what)
				continue
			}
			counts[t]++
			bt := blk.NestedBlocks[t]
			if bt.Block.Deprecated {
				c.deprecatedf(nb.path, "block is deprecated in hashicorp/aws %s", tfProviderVersion)
			}
			c.checkBlockBody(nb.path, nb.b.Body, bt.Block, what+"."+t, false)
		}
	}
	for _, n := range sortedKeys(blk.Attributes) {
		if blk.Attributes[n].Required && !present[n] {
			c.addf(tfJoin(path, n), "missing required argument")
		}
	}
	for _, n := range sortedKeys(blk.NestedBlocks) {
		bt := blk.NestedBlocks[n]
		switch {
		case present[n]: // a dynamic block: how many is known at plan time
		case counts[n] == 0 && bt.MinItems > 0:
			c.addf(tfJoin(path, n), "missing required block (at least %d)", bt.MinItems)
		default:
			hi := int(bt.MaxItems)
			if bt.NestingMode == tfjson.SchemaNestingModeSingle || bt.NestingMode == tfjson.SchemaNestingModeGroup {
				hi = 1
			}
			c.checkItems(tfJoin(path, n), counts[n], int(bt.MinItems), hi, "blocks")
		}
	}
}

func (c *tfChecker) checkItems(path string, n, lo, hi int, what string) {
	if hi > 0 && n > hi {
		c.addf(path, "too many %s: %d, at most %d allowed", what, n, hi)
	}
	if lo > 0 && n < lo {
		c.addf(path, "too few %s: %d, at least %d required", what, n, lo)
	}
}

// checkAttr checks an argument's expression against its attribute.
func (c *tfChecker) checkAttr(path string, expr hcl.Expression, a *tfjson.SchemaAttribute) {
	if v, ok := c.eval(path, expr); ok {
		c.checkAttrValue(path, v, a)
	}
}

// checkAttrValue checks a value (unknown where it depends on references)
// against its attribute.
func (c *tfChecker) checkAttrValue(path string, v cty.Value, a *tfjson.SchemaAttribute) {
	switch {
	case v.IsNull():
		if a.Required {
			c.addf(path, "required argument must not be null")
		}
		return
	case a.Computed && !a.Optional && !a.Required:
		c.addf(path, "computed-only attribute, set by the provider; it cannot be set in configuration")
		return
	case a.Deprecated:
		c.deprecatedf(path, "argument is deprecated in hashicorp/aws %s", tfProviderVersion)
	}
	if a.AttributeNestedType != nil {
		c.checkNestedAttr(path, v, a.AttributeNestedType)
		return
	}
	c.conform(path, v, a.AttributeType)
}

// checkNestedAttr checks the value of an attribute with a nested_type
// (an attribute whose value is objects with attributes of their own).
func (c *tfChecker) checkNestedAttr(path string, v cty.Value, nt *tfjson.SchemaNestedAttributeType) {
	if !v.IsKnown() {
		return
	}
	ty := v.Type()
	switch nt.NestingMode {
	case tfjson.SchemaNestingModeSingle:
		c.checkNestedObject(path, v, nt.Attributes)
	case tfjson.SchemaNestingModeList, tfjson.SchemaNestingModeSet:
		if !ty.IsTupleType() && !ty.IsListType() && !ty.IsSetType() {
			c.addf(path, "want list of objects, got %s", tfDescribe(v))
			return
		}
		i := 0
		for it := v.ElementIterator(); it.Next(); i++ {
			_, ev := it.Element()
			c.checkNestedObject(tfIndex(path, i), ev, nt.Attributes)
		}
		c.checkItems(path, i, int(nt.MinItems), int(nt.MaxItems), "elements")
	case tfjson.SchemaNestingModeMap:
		if !ty.IsObjectType() && !ty.IsMapType() {
			c.addf(path, "want map of objects, got %s", tfDescribe(v))
			return
		}
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			c.checkNestedObject(tfJoin(path, k.AsString()), ev, nt.Attributes)
		}
	}
}

func (c *tfChecker) checkNestedObject(path string, v cty.Value, attrs map[string]*tfjson.SchemaAttribute) {
	if !v.IsKnown() || v.IsNull() {
		return
	}
	if !v.Type().IsObjectType() && !v.Type().IsMapType() {
		c.addf(path, "want object, got %s", tfDescribe(v))
		return
	}
	seen := map[string]bool{}
	for it := v.ElementIterator(); it.Next(); {
		k, ev := it.Element()
		name := k.AsString()
		seen[name] = true
		if a := attrs[name]; a != nil {
			c.checkAttrValue(tfJoin(path, name), ev, a)
		} else {
			c.addf(tfJoin(path, name), "unknown attribute")
		}
	}
	for _, n := range sortedKeys(attrs) {
		if attrs[n].Required && !seen[n] {
			c.addf(tfJoin(path, n), "missing required attribute")
		}
	}
}

var tfDynamicSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "for_each", Required: true}, {Name: "iterator"}, {Name: "labels"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "content"}},
}

// checkDynamic checks a dynamic block: `dynamic "ingress" { for_each =
// ..., content { ... } }`, whose content may use its iterator.
func (c *tfChecker) checkDynamic(tb tfBlock, blk *tfjson.SchemaBlock, what string) {
	name := tb.b.Labels[0]
	bt := blk.NestedBlocks[name]
	a := blk.Attributes[name]
	// An attribute of type list or set of objects may be written as
	// blocks too (Terraform's "attributes as blocks" for older providers).
	if bt == nil && !tfAsBlocks(a) {
		c.addf(tb.path, "%s has no nested block %q", what, name)
		c.refsOnly(tb.path, tb.b.Body)
		return
	}
	content, diags := tb.b.Body.Content(tfDynamicSchema)
	c.diags(tb.path, diags, func(string) string {
		return "unknown argument of a dynamic block (want for_each, iterator, labels, content)"
	})
	iterator := name
	for _, n := range sortedKeys(content.Attributes) {
		expr := content.Attributes[n].Expr
		if n != "iterator" {
			c.eval(tfJoin(tb.path, n), expr)
		} else if iterator = hcl.ExprAsKeyword(expr); iterator == "" {
			c.addf(tfJoin(tb.path, n), "want an identifier")
		}
	}
	if len(content.Blocks) != 1 {
		c.addf(tfJoin(tb.path, "content"), "want one content block, got %d", len(content.Blocks))
	}
	c.bound[iterator]++
	defer func() { c.bound[iterator]-- }()
	for _, cb := range tfPaths(tb.path, content.Blocks) {
		if bt != nil {
			c.checkBlockBody(cb.path, cb.b.Body, bt.Block, what+"."+name, false)
		} else {
			c.checkAttrBlock(cb, a, what+"."+name)
		}
	}
}

// tfAsBlocks says whether an attribute may be written as blocks: its type
// is a list or set of objects.
func tfAsBlocks(a *tfjson.SchemaAttribute) bool {
	return a != nil && a.AttributeNestedType == nil &&
		(a.AttributeType.IsListType() || a.AttributeType.IsSetType()) && a.AttributeType.ElementType().IsObjectType()
}

// checkAttrBlock checks a block that writes one object of an attribute of
// type list or set of objects.
func (c *tfChecker) checkAttrBlock(tb tfBlock, a *tfjson.SchemaAttribute, what string) {
	attrs, diags := tb.b.Body.JustAttributes()
	c.diags(tb.path, diags, func(string) string { return "unknown argument" })
	elem := a.AttributeType.ElementType()
	for _, n := range sortedKeys(attrs) {
		p := tfJoin(tb.path, n)
		if !elem.HasAttribute(n) {
			c.addf(p, "unknown attribute of %s", what)
			continue
		}
		c.checkExpr(p, attrs[n].Expr, elem.AttributeType(n))
	}
}

// checkMetaArg checks a resource's count, for_each, depends_on or provider.
func (c *tfChecker) checkMetaArg(path, name string, expr hcl.Expression) {
	switch name {
	case "count":
		c.checkExpr(path, expr, cty.Number)
	case "for_each":
		v, ok := c.eval(path, expr)
		if !ok || !v.IsKnown() {
			return
		}
		switch ty := v.Type(); {
		case ty.IsTupleType() || ty.IsListType():
			c.addf(path, "want a map or set of strings, got list (a JSON array is a tuple: write \"${toset([...])}\")")
		case ty.IsPrimitiveType():
			c.addf(path, "want a map or set of strings, got %s", tfDescribe(v))
		}
	case "depends_on":
		c.checkStaticRefs(path, expr)
	case "provider":
		c.checkProviderRef(path, expr)
	}
}

var tfLifecycleSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "create_before_destroy"}, {Name: "prevent_destroy"},
		{Name: "ignore_changes"}, {Name: "replace_triggered_by"}},
	Blocks: []hcl.BlockHeaderSchema{{Type: "precondition"}, {Type: "postcondition"}},
}

func (c *tfChecker) checkLifecycle(tb tfBlock, blk *tfjson.SchemaBlock) {
	content, diags := tb.b.Body.Content(tfLifecycleSchema)
	c.diags(tb.path, diags, func(string) string { return "unknown lifecycle argument" })
	c.literals(tb.path, content.Attributes, map[string]cty.Type{"create_before_destroy": cty.Bool, "prevent_destroy": cty.Bool})
	if a := content.Attributes["ignore_changes"]; a != nil {
		c.checkIgnoreChanges(tfJoin(tb.path, a.Name), a.Expr, blk)
	}
	if a := content.Attributes["replace_triggered_by"]; a != nil {
		c.checkStaticRefs(tfJoin(tb.path, a.Name), a.Expr)
	}
	for _, cb := range tfPaths(tb.path, content.Blocks) {
		c.checkConditionBlock(cb)
	}
}

func (c *tfChecker) checkIgnoreChanges(path string, expr hcl.Expression, blk *tfjson.SchemaBlock) {
	if hcl.ExprAsKeyword(expr) == "all" {
		return
	}
	exprs, diags := hcl.ExprList(expr)
	if diags.HasErrors() {
		c.addf(path, "want list of attribute names or \"all\"")
		return
	}
	for i, e := range exprs {
		p := tfIndex(path, i)
		t, diags := hcl.RelTraversalForExpr(e)
		if diags.HasErrors() || len(t) == 0 {
			c.addf(p, "want an attribute path such as \"tags\"")
			continue
		}
		root, _ := t[0].(hcl.TraverseAttr)
		if blk.Attributes[root.Name] == nil && blk.NestedBlocks[root.Name] == nil {
			c.addf(p, "%q is not an argument of this resource type", root.Name)
		}
	}
}
