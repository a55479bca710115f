package exporttest

import (
	"fmt"
	"regexp"
	"strings"
)

// template scans one string as a template: syntax problems and references
// are reported at path.
func (c *tfChecker) template(path, s string) tfTemplate {
	t := tfParseTemplate(s)
	if t.err != "" {
		c.addf(path, "%s in %q", t.err, s)
	}
	if len(t.exprs) == 0 {
		return t
	}
	bound := tfBoundNames(t.exprs)
	for _, e := range t.exprs {
		var refs []tfRef
		tfScanRefs(e, &refs)
		for _, r := range refs {
			c.checkRef(path, r, bound)
		}
	}
	return t
}

// checkValue checks a JSON value against an attribute type and checks the
// references in its strings (object keys included).
func (c *tfChecker) checkValue(path string, v *tfNode, ty *tfType) {
	want := ty.kind
	mismatch := func() { c.addf(path, "want %s, got %s", want, tfWhat(v)) }
	switch v.kind {
	case tfNull:
	case tfString:
		t := c.template(path, v.text)
		if t.pure || want == "dynamic" || want == "string" {
			return
		}
		interpolated := len(t.exprs) > 0
		switch want {
		case "number":
			if !interpolated && !tfIsNumber(v.text) {
				c.addf(path, "want number, got string %q", v.text)
			}
		case "bool":
			if !interpolated && v.text != "true" && v.text != "false" {
				c.addf(path, "want bool, got string %q", v.text)
			}
		default:
			mismatch()
		}
	case tfNumber:
		if want != "dynamic" && want != "string" && want != "number" {
			mismatch()
		}
	case tfBool:
		if want != "dynamic" && want != "string" && want != "bool" {
			mismatch()
		}
	case tfArray:
		switch want {
		case "dynamic":
			for i, e := range v.vals {
				c.checkValue(tfIndex(path, i), e, tfDynamic)
			}
		case "list", "set":
			for i, e := range v.vals {
				if e.kind == tfNull {
					c.addf(tfIndex(path, i), "null element in a %s", want)
					continue
				}
				c.checkValue(tfIndex(path, i), e, ty.elem)
			}
		case "tuple":
			if len(v.vals) != len(ty.elems) {
				c.addf(path, "want tuple of %d elements, got %d", len(ty.elems), len(v.vals))
			}
			for i, e := range v.vals {
				et := tfDynamic
				if i < len(ty.elems) {
					et = ty.elems[i]
				}
				c.checkValue(tfIndex(path, i), e, et)
			}
		default:
			mismatch()
			for i, e := range v.vals {
				c.checkValue(tfIndex(path, i), e, tfDynamic)
			}
		}
	case tfObject:
		switch want {
		case "dynamic", "map":
			et := ty.elem
			if et == nil {
				et = tfDynamic
			}
			for i, k := range v.keys {
				c.template(path, k)
				c.checkValue(tfJoin(path, k), v.vals[i], et)
			}
		case "object":
			for i, k := range v.keys {
				c.template(path, k)
				p := tfJoin(path, k)
				at := ty.attrs[k]
				if at == nil {
					c.addf(p, "unknown attribute of the object type (Terraform would drop it silently)")
					at = tfDynamic
				}
				c.checkValue(p, v.vals[i], at)
			}
			for _, k := range sortedKeys(ty.attrs) {
				if !ty.optional[k] && v.get(k) == nil {
					c.addf(tfJoin(path, k), "missing: the object type requires every attribute (use null for none)")
				}
			}
		default:
			mismatch()
			for i, k := range v.keys {
				c.template(path, k)
				c.checkValue(tfJoin(path, k), v.vals[i], tfDynamic)
			}
		}
	}
}

// tfNumberString matches the decimal numbers Terraform converts a string to
// where a number is wanted.
var tfNumberString = regexp.MustCompile(`^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$`)

func tfIsNumber(s string) bool { return tfNumberString.MatchString(s) }

// ---- references ----

var tfIgnoredRoots = map[string]bool{
	"each": true, "count": true, "self": true, "path": true, "terraform": true,
	"true": true, "false": true, "null": true, "for": true, "in": true,
	"if": true, "else": true, "endif": true, "endfor": true,
}

// checkRef checks one reference; bound are names a for expression binds.
func (c *tfChecker) checkRef(path string, r tfRef, bound map[string]bool) {
	if c.quiet || tfIgnoredRoots[r.root] || bound[r.root] || c.bound[r.root] > 0 {
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
		if len(r.parts) == 0 {
			return // a bare name: an object key, a keyword or a for variable
		}
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
func (c *tfChecker) checkRefPath(path string, r tfRef, blk *tfBlock, parts []string, what string) {
	for len(parts) > 0 && parts[0] == tfIndexPart { // instance key or splat
		parts = parts[1:]
	}
	if len(parts) == 0 {
		return
	}
	name := parts[0]
	parts = parts[1:]
	if bt := blk.BlockTypes[name]; bt != nil {
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
	if a.NestedType != nil {
		if a.NestedType.NestingMode != "single" && len(parts) > 0 {
			parts = parts[1:] // the index or map key
		}
		c.checkRefPath(path, r, &tfBlock{Attributes: a.NestedType.Attributes}, parts, what)
		return
	}
	ty := a.ty
	for len(parts) > 0 {
		switch ty.kind {
		case "list", "set", "map":
			parts, ty = parts[1:], ty.elem
		case "tuple":
			return
		case "object":
			at := ty.attrs[parts[0]]
			if parts[0] == tfIndexPart {
				return
			}
			if at == nil {
				c.addf(path, "reference %s: %s has no attribute %q", r.text, what, parts[0])
				return
			}
			what += "." + parts[0]
			parts, ty = parts[1:], at
		default:
			return
		}
	}
}

// ---- variable type constraints ----

// tfCheckTypeExpr checks a variable type constraint such as
// `list(object({ name = string, port = optional(number, 80) }))`.
// Default values in optional(...) are skipped, not checked.
func tfCheckTypeExpr(s string) error {
	p := &tfTypeParser{s: s}
	if err := p.typ(); err != nil {
		return err
	}
	if p.space(); p.i != len(p.s) {
		return fmt.Errorf("unexpected %q", p.s[p.i:])
	}
	return nil
}

type tfTypeParser struct {
	s string
	i int
}

func (p *tfTypeParser) space() { p.i = tfSkipSpace(p.s, p.i) }

func (p *tfTypeParser) peek(b byte) bool {
	p.space()
	return p.i < len(p.s) && p.s[p.i] == b
}

func (p *tfTypeParser) expect(b byte) error {
	if !p.peek(b) {
		if p.i >= len(p.s) {
			return fmt.Errorf("want %q at the end", b)
		}
		return fmt.Errorf("want %q at %q", b, p.s[p.i:])
	}
	p.i++
	return nil
}

func (p *tfTypeParser) ident() string {
	p.space()
	start := p.i
	p.i = tfIdentEnd(p.s, p.i)
	return p.s[start:p.i]
}

func (p *tfTypeParser) typ() error {
	switch name := p.ident(); name {
	case "string", "number", "bool", "any":
		return nil
	case "list", "set", "map":
		if !p.peek('(') {
			return nil // legacy shorthand for list(any)
		}
		p.i++
		if err := p.typ(); err != nil {
			return err
		}
		return p.expect(')')
	case "object":
		if err := p.expect('('); err != nil {
			return err
		}
		if err := p.expect('{'); err != nil {
			return err
		}
		for !p.peek('}') {
			if p.i >= len(p.s) {
				return fmt.Errorf("unterminated object type")
			}
			if p.peek('"') {
				j := tfSkipQuoted(p.s, p.i+1)
				if j < 0 {
					return fmt.Errorf("unterminated attribute name")
				}
				p.i = j
			} else if p.ident() == "" {
				return fmt.Errorf("want an attribute name at %q", p.s[p.i:])
			}
			if !p.peek('=') && !p.peek(':') {
				return fmt.Errorf("want \"=\" at %q", p.s[p.i:])
			}
			p.i++
			if err := p.attrType(); err != nil {
				return err
			}
			if p.peek(',') {
				p.i++
			}
		}
		p.i++
		return p.expect(')')
	case "tuple":
		if err := p.expect('('); err != nil {
			return err
		}
		if err := p.expect('['); err != nil {
			return err
		}
		for !p.peek(']') {
			if err := p.typ(); err != nil {
				return err
			}
			if p.peek(',') {
				p.i++
			} else if !p.peek(']') {
				return fmt.Errorf("want \",\" or \"]\" at %q", p.s[p.i:])
			}
		}
		p.i++
		return p.expect(')')
	case "":
		if p.i >= len(p.s) {
			return fmt.Errorf("want a type")
		}
		return fmt.Errorf("want a type at %q", p.s[p.i:])
	default:
		return fmt.Errorf("unknown type %q", name)
	}
}

func (p *tfTypeParser) attrType() error {
	save := p.i
	if p.ident() != "optional" || !p.peek('(') {
		p.i = save
		return p.typ()
	}
	p.i++
	if err := p.typ(); err != nil {
		return err
	}
	if p.peek(',') {
		j := tfSkipBracket(p.s, p.i+1) // skip the default value and ")"
		if j < 0 {
			return fmt.Errorf("unterminated optional(...)")
		}
		p.i = j
		return nil
	}
	return p.expect(')')
}
