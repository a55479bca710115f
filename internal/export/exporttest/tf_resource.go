package exporttest

import "strings"

// checkResource checks one resource block: name, meta-arguments, and the
// body against the type's schema (rs is nil for a type not embedded).
func (c *tfChecker) checkResource(typ, name string, rs *tfResourceSchema, path string, v *tfNode) {
	c.checkName(path, name, "resource")
	b := c.single(path, v, "resource")
	if b == nil {
		return
	}
	meta := map[string]bool{}
	for i, k := range b.keys {
		v, p := b.vals[i], tfJoin(path, k)
		switch k {
		case "count":
			c.checkValue(p, v, tfNumberType)
		case "for_each":
			c.checkForEach(p, v)
		case "depends_on":
			c.checkDependsOn(p, v)
		case "provider":
			c.checkProviderRef(p, v)
		case "lifecycle":
			c.checkLifecycle(p, v, rs)
		case "provisioner", "connection":
			c.checkValue(p, v, tfDynamic) // references only
		default:
			continue
		}
		meta[k] = true
	}
	if meta["count"] && meta["for_each"] {
		c.addf(path, "count and for_each may not both be set")
	}
	if rs == nil {
		for i, k := range b.keys {
			if !meta[k] && k != "//" {
				c.checkValue(tfJoin(path, k), b.vals[i], tfDynamic)
			}
		}
		return
	}
	c.checkBlockBody(path, b, rs.Block, meta, typ)
}

// checkBlockBody checks a resource or nested block body against its schema;
// keys in skip were checked by the caller. what names the block in messages.
func (c *tfChecker) checkBlockBody(path string, b *tfNode, blk *tfBlock, skip map[string]bool, what string) {
	present := map[string]bool{}
	for i, k := range b.keys {
		v, p := b.vals[i], tfJoin(path, k)
		switch {
		case skip[k]:
		case k == "//":
			c.comment(p, v)
		case k == "dynamic":
			c.checkDynamic(p, v, blk, present, what)
		case blk.Attributes[k] != nil:
			present[k] = true
			c.checkAttr(p, v, blk.Attributes[k])
		case blk.BlockTypes[k] != nil:
			present[k] = true
			c.checkNestedBlock(p, v, blk.BlockTypes[k], what+"."+k)
		default:
			c.addf(p, "unknown argument (%s has no argument or block %q)", what, k)
			c.checkValue(p, v, tfDynamic)
		}
	}
	for _, k := range sortedKeys(blk.Attributes) {
		if blk.Attributes[k].Required && !present[k] {
			c.addf(tfJoin(path, k), "missing required argument")
		}
	}
	for _, k := range sortedKeys(blk.BlockTypes) {
		if bt := blk.BlockTypes[k]; bt.MinItems > 0 && !present[k] {
			c.addf(tfJoin(path, k), "missing required block (at least %d)", bt.MinItems)
		}
	}
}

func (c *tfChecker) checkAttr(path string, v *tfNode, a *tfAttribute) {
	if v.kind == tfNull {
		if a.Required {
			c.addf(path, "required argument must not be null")
		}
		return
	}
	if a.computedOnly() {
		c.addf(path, "computed-only attribute, set by the provider; it cannot be set in configuration")
		c.checkValue(path, v, tfDynamic)
		return
	}
	if a.Deprecated {
		c.deprecatedf(path, "argument is deprecated in hashicorp/aws %s", tfProviderVersion)
	}
	if a.NestedType != nil {
		c.checkNestedAttr(path, v, a.NestedType)
		return
	}
	c.checkValue(path, v, a.ty)
}

// checkNestedAttr checks the value of an attribute with a nested_type
// (an attribute whose value is objects with attributes of their own).
func (c *tfChecker) checkNestedAttr(path string, v *tfNode, nt *tfNestedType) {
	if v.kind == tfString && c.template(path, v.text).pure {
		return
	}
	switch nt.NestingMode {
	case "single":
		c.checkAttrObject(path, v, nt.Attributes)
	case "list", "set":
		if v.kind != tfArray {
			c.addf(path, "want list of objects, got %s", tfWhat(v))
			c.checkValue(path, v, tfDynamic)
			return
		}
		for i, e := range v.vals {
			c.checkAttrObject(tfIndex(path, i), e, nt.Attributes)
		}
		c.checkItems(path, len(v.vals), nt.MinItems, nt.MaxItems, "elements")
	case "map":
		if v.kind != tfObject {
			c.addf(path, "want map of objects, got %s", tfWhat(v))
			c.checkValue(path, v, tfDynamic)
			return
		}
		for i, k := range v.keys {
			c.template(path, k)
			c.checkAttrObject(tfJoin(path, k), v.vals[i], nt.Attributes)
		}
	default:
		c.checkValue(path, v, tfDynamic)
	}
}

func (c *tfChecker) checkAttrObject(path string, v *tfNode, attrs map[string]*tfAttribute) {
	switch {
	case v.kind == tfNull:
		return
	case v.kind == tfString && c.template(path, v.text).pure:
		return
	case v.kind != tfObject:
		c.addf(path, "want object, got %s", tfWhat(v))
		c.checkValue(path, v, tfDynamic)
		return
	}
	for i, k := range v.keys {
		p := tfJoin(path, k)
		c.template(path, k)
		if a := attrs[k]; a != nil {
			c.checkAttr(p, v.vals[i], a)
		} else {
			c.addf(p, "unknown attribute")
			c.checkValue(p, v.vals[i], tfDynamic)
		}
	}
	for _, k := range sortedKeys(attrs) {
		if attrs[k].Required && v.get(k) == nil {
			c.addf(tfJoin(path, k), "missing required attribute")
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

func (c *tfChecker) checkNestedBlock(path string, v *tfNode, bt *tfBlockType, what string) {
	if v.kind == tfNull {
		return
	}
	if bt.Block.Deprecated {
		c.deprecatedf(path, "block is deprecated in hashicorp/aws %s", tfProviderVersion)
	}
	var items []tfBody
	switch bt.NestingMode {
	case "map":
		c.eachLabel(path, v, func(label, p string, v *tfNode) {
			if v.kind != tfObject {
				c.addf(p, "want block object, got %s", tfWhat(v))
				return
			}
			items = append(items, tfBody{p, v})
		})
	default: // single, group, list, set
		n := 1
		switch v.kind {
		case tfObject:
			items = []tfBody{{path, v}}
		case tfArray:
			n = len(v.vals)
			for i, e := range v.vals {
				if e.kind != tfObject {
					c.addf(tfIndex(path, i), "want block object, got %s", tfWhat(e))
					continue
				}
				items = append(items, tfBody{tfIndex(path, i), e})
			}
		default:
			c.addf(path, "want block object or list of block objects, got %s", tfWhat(v))
			c.checkValue(path, v, tfDynamic)
			return
		}
		hi := bt.MaxItems
		if bt.NestingMode == "single" || bt.NestingMode == "group" {
			hi = 1
		}
		c.checkItems(path, n, bt.MinItems, hi, "blocks")
	}
	for _, it := range items {
		c.checkBlockBody(it.path, it.n, bt.Block, nil, what)
	}
}

// checkDynamic checks `"dynamic": {"<block type>": {"for_each": ..., "content": {...}}}`.
func (c *tfChecker) checkDynamic(path string, v *tfNode, blk *tfBlock, present map[string]bool, what string) {
	c.eachLabel(path, v, func(name, p string, v *tfNode) {
		bt := blk.BlockTypes[name]
		a := blk.Attributes[name]
		// An attribute of type list or set of objects may be written as
		// blocks too (Terraform's "attributes as blocks" for older providers).
		asBlocks := a != nil && a.ty != nil && (a.ty.kind == "list" || a.ty.kind == "set") && a.ty.elem.kind == "object"
		if bt == nil && !asBlocks {
			c.addf(p, "%s has no nested block %q", what, name)
			c.checkValue(p, v, tfDynamic)
			return
		}
		present[name] = true
		for _, db := range c.objects(p, v, true) {
			iterator := name
			if it := db.n.get("iterator"); it != nil {
				if it.kind != tfString || !tfIsIdent(it.text) {
					c.addf(db.path+".iterator", "want an identifier, got %s", tfShow(it))
				} else {
					iterator = it.text
				}
			}
			c.bound[iterator]++
			for i, k := range db.n.keys {
				v, kp := db.n.vals[i], tfJoin(db.path, k)
				switch k {
				case "//":
					c.comment(kp, v)
				case "iterator":
				case "for_each", "labels":
					c.checkValue(kp, v, tfDynamic)
				case "content":
					body := c.single(kp, v, "content")
					switch {
					case body == nil:
					case bt != nil:
						c.checkBlockBody(kp, body, bt.Block, nil, what+"."+name)
					default:
						for j, ak := range body.keys {
							ap := tfJoin(kp, ak)
							if at := a.ty.elem.attrs[ak]; at != nil {
								c.checkValue(ap, body.vals[j], at)
							} else {
								c.addf(ap, "unknown attribute of %s.%s", what, name)
							}
						}
					}
				default:
					c.addf(kp, "unknown argument of a dynamic block (want for_each, iterator, labels, content)")
				}
			}
			for _, k := range []string{"for_each", "content"} {
				if db.n.get(k) == nil {
					c.addf(tfJoin(db.path, k), "missing")
				}
			}
			c.bound[iterator]--
		}
	})
}

func (c *tfChecker) checkForEach(path string, v *tfNode) {
	switch v.kind {
	case tfObject:
		c.checkValue(path, v, tfDynamic)
	case tfString:
		if t := c.template(path, v.text); !t.pure {
			c.addf(path, "want a map or set of strings, got string")
		}
	default:
		c.addf(path, "want a map or set of strings, got %s (a JSON array is a tuple: write \"${toset([...])}\")", tfWhat(v))
		c.checkValue(path, v, tfDynamic)
	}
}

func (c *tfChecker) checkDependsOn(path string, v *tfNode) {
	if v.kind != tfArray {
		c.addf(path, "want list of references, got %s", tfWhat(v))
		return
	}
	for i, e := range v.vals {
		c.checkStaticRef(tfIndex(path, i), e, false)
	}
}

// checkStaticRef checks a string that must be a reference, not a template
// (depends_on entries, replace_triggered_by entries, moved.to, import.to).
// With address set it must be a resource address (moved, import): a
// resource or a module, not a data source.
func (c *tfChecker) checkStaticRef(path string, v *tfNode, address bool) {
	if v.kind != tfString {
		c.addf(path, "want a reference string such as \"aws_vpc.main\", got %s", tfWhat(v))
		return
	}
	if strings.Contains(v.text, "${") {
		c.addf(path, "want a bare reference such as \"aws_vpc.main\", not a template: %q", v.text)
		return
	}
	var refs []tfRef
	tfScanRefs(v.text, &refs)
	if len(refs) != 1 || refs[0].text != strings.TrimSpace(v.text) {
		c.addf(path, "not a single reference: %q", v.text)
		return
	}
	r := refs[0]
	switch r.root {
	case "var", "local", "each", "count", "self", "path", "terraform":
		c.addf(path, "%q is not a reference to a resource, data source or module", v.text)
		return
	case "module":
		// module.NAME...: a module call, or a resource inside one (moved.to).
	case "data":
		if address {
			c.addf(path, "%q is not a resource address", v.text)
			return
		}
	default:
		if len(r.parts) == 0 || r.parts[0] == tfIndexPart {
			c.addf(path, "%q is not a resource reference (want TYPE.NAME)", v.text)
			return
		}
	}
	c.checkRef(path, r, nil)
}

func (c *tfChecker) checkProviderRef(path string, v *tfNode) {
	if v.kind != tfString {
		c.addf(path, "want \"aws\" or \"aws.<alias>\", got %s", tfWhat(v))
		return
	}
	name, alias, hasAlias := strings.Cut(v.text, ".")
	switch {
	case name != "aws":
		c.addf(path, "unknown provider %q (want \"aws\" or \"aws.<alias>\")", v.text)
	case hasAlias && !c.aliases[name+"."+alias]:
		c.addf(path, "no provider \"aws\" block has alias %q", alias)
	}
}

var tfLifecycleBool = map[string]bool{"create_before_destroy": true, "prevent_destroy": true}

func (c *tfChecker) checkLifecycle(path string, v *tfNode, rs *tfResourceSchema) {
	for _, b := range c.objects(path, v, true) {
		for i, k := range b.n.keys {
			v, p := b.n.vals[i], tfJoin(b.path, k)
			switch {
			case k == "//":
				c.comment(p, v)
			case tfLifecycleBool[k]:
				if v.kind != tfBool {
					c.addf(p, "want bool, got %s", tfWhat(v))
				}
			case k == "ignore_changes":
				c.checkIgnoreChanges(p, v, rs)
			case k == "replace_triggered_by":
				if v.kind != tfArray {
					c.addf(p, "want list of references, got %s", tfWhat(v))
					break
				}
				for j, e := range v.vals {
					c.checkStaticRef(tfIndex(p, j), e, false)
				}
			case k == "precondition" || k == "postcondition":
				for _, cb := range c.objects(p, v, true) {
					c.checkConditionBlock(cb)
				}
			default:
				c.addf(p, "unknown lifecycle argument")
			}
		}
	}
}

func (c *tfChecker) checkIgnoreChanges(path string, v *tfNode, rs *tfResourceSchema) {
	if v.kind == tfString && v.text == "all" {
		return
	}
	if v.kind != tfArray {
		c.addf(path, "want list of attribute names or \"all\", got %s", tfShow(v))
		return
	}
	for i, e := range v.vals {
		p := tfIndex(path, i)
		if e.kind != tfString {
			c.addf(p, "want an attribute name, got %s", tfWhat(e))
			continue
		}
		var refs []tfRef
		tfScanRefs(e.text, &refs)
		if len(refs) != 1 || refs[0].text != e.text {
			c.addf(p, "want an attribute path such as \"tags\", got %q", e.text)
			continue
		}
		if rs == nil {
			continue
		}
		root := refs[0].root
		if rs.Block.Attributes[root] == nil && rs.Block.BlockTypes[root] == nil {
			c.addf(p, "%q is not an argument of this resource type", root)
		}
	}
}
