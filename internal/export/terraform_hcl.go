package export

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// The Terraform configuration in HCL native syntax. It is written from
// the same tree as main.tf.json (Terraform builds it, encodeTerraform or
// terraformHCL writes it), so that the two forms say the same: what JSON
// writes as a "${...}" template the export made (an expr) is an HCL
// expression (aws_vpc.app.id, not "${aws_vpc.app.id}"), and every other
// string is a quoted literal that hclwrite escapes ("${" as "$${", "%{" as
// "%%{"), so that no design text is evaluated. hclwrite (hashicorp/hcl/v2,
// the library Terraform reads HCL with) writes the tokens and formats the
// files as terraform fmt does.

// hclFiles are the files of the HCL form, by the top-level key of the
// tree each holds; the rest goes to main.tf.
var hclFiles = []struct{ path, key string }{
	{"main.tf", ""},
	{"outputs.tf", "output"},
	{"variables.tf", "variable"},
	{"versions.tf", "terraform"},
}

// hclBlockKeys are the keys of the tree whose objects are nested blocks
// in HCL; an object under any other key (tags, a provider requirement) is
// an attribute with an object value. JSON syntax leaves the difference to
// the provider schema; TestTerraformHCL checks the blocks written
// against it.
var hclBlockKeys = map[string]bool{
	"required_providers": true, "default_tags": true, "assume_role": true,
	"entry": true, "ingress": true, "egress": true,
	"primary_network_interface": true, "subnet_mapping": true, "vpc_config": true,
}

// hclLabeled are the top-level keys whose blocks carry labels, and how
// many: resource "aws_vpc" "app" {...}, variable "region" {...}.
var hclLabeled = map[string]int{"resource": 2, "data": 2, "variable": 1, "output": 1, "provider": 1}

// terraformHCL writes the configuration cfg (as Terraform builds it for
// JSON) as the files of hclFiles, each formatted by hclwrite. The comment
// of cfg ("//") heads main.tf.
func terraformHCL(cfg *object) ([]File, error) {
	files := make(map[string]*hclwrite.File, len(hclFiles))
	fileOf := map[string]string{}
	for _, f := range hclFiles {
		files[f.path] = hclwrite.NewEmptyFile()
		fileOf[f.key] = f.path
	}
	for _, m := range cfg.members {
		path := fileOf[m.key]
		if path == "" {
			path = "main.tf"
		}
		body := files[path].Body()
		if m.key == "//" {
			body.AppendUnstructuredTokens(hclComment(m.val.(string)))
			continue
		}
		if err := hclTopLevel(body, m.key, m.val); err != nil {
			return nil, fmt.Errorf("export: %s: %w", m.key, err)
		}
	}
	out := make([]File, 0, len(hclFiles))
	for _, f := range hclFiles {
		out = append(out, File{Path: f.path, Data: hclwrite.Format(files[f.path].Bytes())})
	}
	return out, nil
}

// hclTopLevel appends the blocks of top-level key (resource, variable,
// terraform, ...) with value v to body.
func hclTopLevel(body *hclwrite.Body, key string, v any) error {
	if len(body.BuildTokens(nil)) > 0 {
		body.AppendNewline()
	}
	return hclLabeledBlocks(body, key, nil, hclLabeled[key], v)
}

// hclLabeledBlocks appends blocks of type typ for v, whose first n levels
// of objects are labels (resource type, then name), separated by blank
// lines; a list at the last level is one block per item (the provider
// "aws" blocks).
func hclLabeledBlocks(body *hclwrite.Body, typ string, labels []string, n int, v any) error {
	if n == len(labels) {
		items, ok := v.([]any)
		if !ok {
			items = []any{v}
		}
		for i, it := range items {
			o, ok := it.(*object)
			if !ok {
				return fmt.Errorf("%s %s: want an object", typ, strings.Join(labels, "."))
			}
			if i > 0 {
				body.AppendNewline()
			}
			if err := hclBody(body.AppendNewBlock(typ, labels).Body(), o, typ); err != nil {
				return fmt.Errorf("%s %s: %w", typ, strings.Join(labels, "."), err)
			}
		}
		return nil
	}
	o, ok := v.(*object)
	if !ok {
		return fmt.Errorf("%s %s: want an object", typ, strings.Join(labels, "."))
	}
	for i, m := range o.members {
		if i > 0 {
			body.AppendNewline()
		}
		if err := hclLabeledBlocks(body, typ, append(labels[:len(labels):len(labels)], m.key), n, m.val); err != nil {
			return err
		}
	}
	return nil
}

// hclBody sets the members of o in body, a block of type typ: a comment
// ("//") as comment lines, nested blocks as blocks, the rest as
// attributes.
func hclBody(body *hclwrite.Body, o *object, typ string) error {
	for _, m := range o.members {
		if m.key == "//" {
			if s, ok := m.val.(string); ok {
				body.AppendUnstructuredTokens(hclComment(s))
				continue
			}
		}
		if nested, ok := hclNested(m.key, m.val); ok {
			for _, n := range nested {
				if err := hclBody(body.AppendNewBlock(m.key, nil).Body(), n, m.key); err != nil {
					return err
				}
			}
			continue
		}
		toks, err := hclAttrTokens(typ, m.key, m.val)
		if err != nil {
			return fmt.Errorf("%s: %w", m.key, err)
		}
		body.SetAttributeRaw(m.key, toks)
	}
	return nil
}

// hclNested returns the nested blocks that v, the value of key, stands
// for: an object or a list of objects under a key of hclBlockKeys (egress
// is a block of a default network ACL, a boolean of a rule).
func hclNested(key string, v any) ([]*object, bool) {
	if !hclBlockKeys[key] {
		return nil, false
	}
	if o, ok := v.(*object); ok {
		return []*object{o}, true
	}
	items, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]*object, 0, len(items))
	for _, it := range items {
		o, ok := it.(*object)
		if !ok {
			return nil, false
		}
		out = append(out, o)
	}
	return out, true
}

// hclAttrTokens returns the tokens of the value of attribute key of a
// block of type typ. The arguments Terraform itself reads as expressions
// rather than strings in JSON (a variable's type, a resource's provider
// and depends_on) are written as the expressions they stand for.
func hclAttrTokens(typ, key string, v any) (hclwrite.Tokens, error) {
	switch {
	case typ == "variable" && key == "type", key == "provider":
		if s, ok := v.(string); ok {
			return hclExpr(s)
		}
	case key == "depends_on":
		if items, ok := v.([]any); ok {
			elems := make([]hclwrite.Tokens, 0, len(items))
			for _, it := range items {
				s, _ := it.(string)
				t, err := hclExpr(s)
				if err != nil {
					return nil, err
				}
				elems = append(elems, t)
			}
			return hclwrite.TokensForTuple(elems), nil
		}
	}
	return hclValue(v)
}

// hclValue returns the tokens of a value of the tree: text as an escaped
// quoted string, an expr as the expression it interpolates, lists as
// tuples and objects as object constructors.
func hclValue(v any) (hclwrite.Tokens, error) {
	switch x := v.(type) {
	case string:
		return hclwrite.TokensForValue(cty.StringVal(x)), nil
	case expr:
		return hclTemplate(string(x))
	case int:
		return hclwrite.TokensForValue(cty.NumberIntVal(int64(x))), nil
	case int64:
		return hclwrite.TokensForValue(cty.NumberIntVal(x)), nil
	case float64:
		return hclwrite.TokensForValue(cty.NumberFloatVal(x)), nil
	case bool:
		return hclwrite.TokensForValue(cty.BoolVal(x)), nil
	case []any:
		elems := make([]hclwrite.Tokens, 0, len(x))
		for _, it := range x {
			t, err := hclValue(it)
			if err != nil {
				return nil, err
			}
			elems = append(elems, t)
		}
		return hclwrite.TokensForTuple(elems), nil
	case *object:
		attrs := make([]hclwrite.ObjectAttrTokens, 0, x.len())
		for _, m := range x.members {
			val, err := hclValue(m.val)
			if err != nil {
				return nil, err
			}
			name := hclwrite.TokensForValue(cty.StringVal(m.key))
			if hclsyntax.ValidIdentifier(m.key) {
				name = hclwrite.TokensForIdentifier(m.key)
			}
			attrs = append(attrs, hclwrite.ObjectAttrTokens{Name: name, Value: val})
		}
		return hclwrite.TokensForObject(attrs), nil
	}
	return nil, fmt.Errorf("cannot write a value of type %T", v)
}

// hclTemplate returns the tokens of an expr: the expression alone when
// the template is one interpolation ("${aws_vpc.app.id}" is aws_vpc.app.id),
// else the quoted template (a service name around the region).
func hclTemplate(s string) (hclwrite.Tokens, error) {
	if inner, ok := strings.CutPrefix(s, "${"); ok && strings.HasSuffix(inner, "}") && !strings.Contains(inner, "${") {
		return hclExpr(inner[:len(inner)-1])
	}
	quoted := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`).Replace(s)
	return hclExpr(`"` + quoted + `"`)
}

// hclExpr returns the tokens of the expression src: a dotted traversal
// (aws_vpc.app.id, aws.eu) directly, anything else (a function call, a
// type, a template) as hclwrite parses it.
func hclExpr(src string) (hclwrite.Tokens, error) {
	if trav, ok := dottedTraversal(src); ok {
		return hclwrite.TokensForTraversal(trav), nil
	}
	f, diags := hclwrite.ParseConfig([]byte("v = "+src+"\n"), "expr", hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("expression %q: %s", src, diags.Error())
	}
	a := f.Body().GetAttribute("v")
	if a == nil || len(f.Body().Attributes()) != 1 {
		return nil, fmt.Errorf("expression %q is not one expression", src)
	}
	return a.Expr().BuildTokens(nil), nil
}

// dottedTraversal returns src as a traversal when it is identifiers
// joined by dots, the commonest expression of a configuration, which
// needs no parser.
func dottedTraversal(src string) (hcl.Traversal, bool) {
	parts := strings.Split(src, ".")
	trav := make(hcl.Traversal, 0, len(parts))
	for i, p := range parts {
		if !hclsyntax.ValidIdentifier(p) {
			return nil, false
		}
		if i == 0 {
			trav = append(trav, hcl.TraverseRoot{Name: p})
		} else {
			trav = append(trav, hcl.TraverseAttr{Name: p})
		}
	}
	return trav, true
}

// hclComment returns comment lines ("# ...") for text, one per line of
// it; a carriage return would end a line too, so it is written as a
// space.
func hclComment(text string) hclwrite.Tokens {
	var toks hclwrite.Tokens
	for line := range strings.SplitSeq(strings.ReplaceAll(text, "\r", " "), "\n") {
		toks = append(toks, &hclwrite.Token{Type: hclsyntax.TokenComment, Bytes: []byte(strings.TrimRight("# "+line, " ") + "\n")})
	}
	return toks
}
