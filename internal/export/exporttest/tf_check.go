package exporttest

import (
	"regexp"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// tfChecker checks one Terraform module, read by hashicorp/hcl/v2 from
// the JSON or the native syntax, against the provider schema.
//
// It checks:
//   - the syntax: hcl's JSON and native parsers, and hclsyntax for every
//     expression and template (in JSON syntax, strings are templates);
//   - the top-level block types (terraform, provider, variable, locals,
//     output, resource, data, module, moved, import, check), each block's
//     arguments, and names declared twice;
//   - terraform.required_providers.aws: source hashicorp/aws and a version
//     constraint (hashicorp/go-version) that 6.47.0 satisfies, and
//     required_version's syntax;
//   - provider "aws" blocks: argument names against a short hand-kept list
//     (tfProviderArgs), aliases (identifiers, unique), one default block;
//   - variable declarations (type constraints by hcl's typeexpr, literal
//     defaults that conform to the type), outputs, locals, modules;
//   - resource blocks of the embedded types against the provider schema
//     (hashicorp/terraform-json): unknown, computed-only, deprecated and
//     required arguments, nested blocks (nesting mode, min/max items,
//     recursively), dynamic blocks, meta-arguments, and each argument's
//     value converted to the attribute's type by go-cty, with every
//     reference an unknown value of any type and every Terraform function
//     known by name;
//   - references: var., local., module., data., and resource references
//     with their attribute path checked against the schema, in every
//     expression and in depends_on, provider, lifecycle, moved and import.
//
// It does not check: data source, module, provisioner, connection and
// check block bodies (their references only), provider arguments beyond
// tfProviderArgs, what functions return, value constraints the provider
// enforces (enums, CIDR syntax, ARNs, conflicting arguments), and anything
// that needs evaluation (count/for_each results, instance keys).
//
// It is stricter than Terraform in a few places, on purpose: an attribute
// an object-typed value does not have is reported (Terraform drops it
// silently), provider "aws" arguments outside tfProviderArgs are reported,
// and the top-level blocks newer than the list above (removed, ephemeral)
// are reported as unknown.
type tfChecker struct {
	schema   *tfSchema
	problems []string

	vars, locals, modules map[string]bool
	resources, data       map[string]map[string]bool
	aliases               map[string]bool
	bound                 map[string]int // dynamic block iterators in scope
}

// tfProviderArgs are the provider "aws" arguments the checker accepts,
// with their types. The provider's own schema is not in the schema source
// (see SOURCES.md), so this is a hand-kept list, kept deliberately small:
// the arguments an export is expected to write. Any other argument is
// reported, even where the real provider has it (profile, endpoints, ...).
var tfProviderArgs = map[string]cty.Type{
	"alias":               cty.String,
	"region":              cty.String,
	"allowed_account_ids": cty.Set(cty.String),
}

// tfAssumeRoleArgs are the arguments of the provider's assume_role block.
var tfAssumeRoleArgs = map[string]cty.Type{
	"role_arn": cty.String, "session_name": cty.String, "external_id": cty.String,
	"duration": cty.String, "policy": cty.String, "policy_arns": cty.Set(cty.String),
	"tags": cty.Map(cty.String), "transitive_tag_keys": cty.Set(cty.String),
	"source_identity": cty.String,
}

var tfResourceName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_-]*$`)

// tfRootSchema is the top level of a Terraform module.
var tfRootSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "terraform"}, {Type: "provider", LabelNames: []string{"name"}},
	{Type: "variable", LabelNames: []string{"name"}}, {Type: "locals"},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "module", LabelNames: []string{"name"}}, {Type: "moved"}, {Type: "import"},
	{Type: "check", LabelNames: []string{"name"}},
}}

// tfBlock is a block with its problem path.
type tfBlock struct {
	path string
	b    *hcl.Block
}

// tfPaths gives each block its problem path: its type and labels, with an
// index where several blocks share them (repeated blocks of a list, the
// configurations of one provider).
func tfPaths(prefix string, blocks []*hcl.Block) []tfBlock {
	base := func(b *hcl.Block) string {
		p := tfJoin(prefix, b.Type)
		for _, l := range b.Labels {
			p = tfJoin(p, l)
		}
		return p
	}
	count := map[string]int{}
	for _, b := range blocks {
		count[base(b)]++
	}
	seen := map[string]int{}
	out := make([]tfBlock, len(blocks))
	for i, b := range blocks {
		p := base(b)
		if count[p] > 1 {
			seen[p]++
			p = tfIndex(p, seen[p]-1)
		}
		out[i] = tfBlock{p, b}
	}
	return out
}

func (c *tfChecker) check(body hcl.Body) {
	content, diags := body.Content(tfRootSchema)
	c.diags("", diags, func(string) string { return "unknown top-level block type" })
	blocks := tfPaths("", content.Blocks)
	c.collect(blocks)
	var terraform []tfBlock
	providers := map[string][]tfBlock{}
	for _, tb := range blocks {
		switch tb.b.Type {
		case "terraform":
			terraform = append(terraform, tb)
		case "provider":
			providers[tb.b.Labels[0]] = append(providers[tb.b.Labels[0]], tb)
		case "variable":
			c.checkVariable(tb)
		case "locals":
			c.checkLocals(tb)
		case "output":
			c.checkOutput(tb)
		case "resource":
			c.checkResource(tb)
		case "data":
			c.checkData(tb)
		case "module":
			c.checkModule(tb)
		case "moved", "import":
			c.checkMoveImport(tb)
		case "check":
			c.checkName(tb.path, tb.b.Labels[0], "check")
			c.refsOnly(tb.path, tb.b.Body)
		}
	}
	for _, name := range sortedKeys(providers) {
		c.checkProvider(name, providers[name])
	}
	c.checkTerraformBlocks(terraform)
}

// collect records the declared names the references are checked against,
// and reports names declared twice.
func (c *tfChecker) collect(blocks []tfBlock) {
	c.vars, c.locals, c.modules, c.aliases = map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	c.resources, c.data = map[string]map[string]bool{}, map[string]map[string]bool{}
	c.bound = map[string]int{}
	count := map[string]int{}
	declare := func(m map[string]map[string]bool, labels []string) {
		if m[labels[0]] == nil {
			m[labels[0]] = map[string]bool{}
		}
		m[labels[0]][labels[1]] = true
	}
	for _, tb := range blocks {
		b := tb.b
		key := tfJoin("", b.Type)
		for _, l := range b.Labels {
			key = tfJoin(key, l)
		}
		switch b.Type {
		case "variable":
			c.vars[b.Labels[0]] = true
		case "module":
			c.modules[b.Labels[0]] = true
		case "resource":
			declare(c.resources, b.Labels)
		case "data":
			declare(c.data, b.Labels)
		case "check":
			// A check block may hold a scoped data source; its references
			// are to data.TYPE.NAME like any other.
			inner, _, _ := b.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "data", LabelNames: []string{"type", "name"}}}})
			for _, d := range inner.Blocks {
				declare(c.data, d.Labels)
			}
		case "locals":
			attrs, _ := b.Body.JustAttributes()
			for name := range attrs {
				c.locals[name] = true
				count[tfJoin("locals", name)]++
			}
			continue
		case "provider":
			inner, _, _ := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "alias"}}})
			if a := inner.Attributes["alias"]; a != nil {
				if v, d := a.Expr.Value(nil); !d.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
					c.aliases[b.Labels[0]+"."+v.AsString()] = true
				}
			}
			continue
		default:
			continue
		}
		count[key]++
	}
	for _, name := range sortedKeys(count) {
		if n := count[name]; n > 1 {
			c.addf(name, "declared %d times", n)
		}
	}
}

func (c *tfChecker) checkName(path, name, what string) {
	if !tfResourceName.MatchString(name) {
		c.addf(path, "invalid %s name %q (want %s)", what, name, tfResourceName)
	}
}

// ---- terraform ----

var tfTerraformSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "required_version"}, {Name: "experiments"}},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "required_providers"}, {Type: "backend", LabelNames: []string{"type"}},
		{Type: "cloud"}, {Type: "provider_meta", LabelNames: []string{"provider"}},
	},
}

func (c *tfChecker) checkTerraformBlocks(blocks []tfBlock) {
	const want = `want {"source": "hashicorp/aws", "version": "<constraint that ` + tfProviderVersion + ` satisfies>"}`
	found := false
	for _, tb := range blocks {
		content, diags := tb.b.Body.Content(tfTerraformSchema)
		c.diags(tb.path, diags, func(string) string { return "unknown argument of the terraform block" })
		if a := content.Attributes["required_version"]; a != nil {
			p := tfJoin(tb.path, a.Name)
			if s, ok := c.literalString(p, a.Expr); ok {
				if _, err := tfVersionMatches(s); err != nil {
					c.addf(p, "invalid version constraint: %v", err)
				}
			}
		}
		for _, rp := range tfPaths(tb.path, content.Blocks) {
			if rp.b.Type != "required_providers" {
				continue
			}
			attrs, diags := rp.b.Body.JustAttributes()
			c.diags(rp.path, diags, func(string) string { return "unknown argument" })
			if a := attrs["aws"]; a != nil {
				found = true
				c.checkRequiredAWS(tfJoin(rp.path, "aws"), a.Expr, want)
			}
		}
	}
	if !found {
		c.addf("terraform.required_providers.aws", "missing (%s)", want)
	}
}

func (c *tfChecker) checkRequiredAWS(path string, expr hcl.Expression, want string) {
	pairs, diags := hcl.ExprMap(expr)
	if diags.HasErrors() {
		c.addf(path, "want object (%s)", want)
		return
	}
	args := map[string]hcl.Expression{}
	for _, kv := range pairs {
		key := tfKey(kv.Key)
		switch key {
		case "source", "version":
			args[key] = kv.Value
		case "configuration_aliases":
			c.refs(tfJoin(path, key), kv.Value)
		default:
			c.addf(tfJoin(path, key), "unknown argument of a required_providers entry")
		}
	}
	if src := args["source"]; src == nil {
		c.addf(path+".source", "missing (want \"hashicorp/aws\")")
	} else if s, ok := c.literalString(path+".source", src); ok && s != "hashicorp/aws" && s != tfProviderAddress {
		c.addf(path+".source", "want \"hashicorp/aws\", got %q", s)
	}
	ver := args["version"]
	if ver == nil {
		c.addf(path+".version", "missing (want a constraint that %s satisfies, e.g. \"~> 6.0\")", tfProviderVersion)
		return
	}
	s, ok := c.literalString(path+".version", ver)
	if !ok {
		return
	}
	switch ok, err := tfVersionMatches(s); {
	case err != nil:
		c.addf(path+".version", "invalid version constraint: %v", err)
	case !ok:
		c.addf(path+".version", "constraint %q does not allow %s, the version the schema is from", s, tfProviderVersion)
	}
}

// tfKey reads an object key: a name, or a string.
func tfKey(expr hcl.Expression) string {
	if v, d := expr.Value(&hcl.EvalContext{}); !d.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
		return v.AsString()
	}
	return hcl.ExprAsKeyword(expr)
}

// ---- provider ----

var tfProviderSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "alias"}, {Name: "region"}, {Name: "allowed_account_ids"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "assume_role"}, {Type: "default_tags"}},
}

func (c *tfChecker) checkProvider(name string, blocks []tfBlock) {
	if name != "aws" {
		c.addf(tfJoin("provider", name), "unknown provider (this checker knows only aws)")
		return
	}
	accepted := quoteList(slices.Sorted(slices.Values(append(sortedKeys(tfProviderArgs), "assume_role", "default_tags"))))
	defaults := 0
	aliases := map[string]bool{}
	for _, tb := range blocks {
		content, diags := tb.b.Body.Content(tfProviderSchema)
		c.diags(tb.path, diags, func(string) string {
			return "unknown or unchecked provider argument (the checker accepts only " + accepted + ")"
		})
		for _, n := range sortedKeys(content.Attributes) {
			a := content.Attributes[n]
			p := tfJoin(tb.path, n)
			if n != "alias" {
				c.checkExpr(p, a.Expr, tfProviderArgs[n])
				continue
			}
			alias, ok := c.literalString(p, a.Expr)
			switch {
			case !ok:
			case !hclsyntax.ValidIdentifier(alias):
				c.addf(p, "want an identifier, got %q", alias)
			case aliases[alias]:
				c.addf(p, "duplicate alias %q", alias)
			}
			aliases[alias] = true
		}
		if content.Attributes["alias"] == nil {
			defaults++
		}
		for _, bb := range tfPaths(tb.path, content.Blocks) {
			if bb.b.Type == "assume_role" {
				c.checkArgs(bb, tfAssumeRoleArgs, "assume_role", "role_arn")
			} else {
				c.checkArgs(bb, map[string]cty.Type{"tags": cty.Map(cty.String)}, "default_tags", "")
			}
		}
	}
	if defaults > 1 {
		c.addf("provider.aws", "%d default configurations (blocks without alias); at most one is allowed", defaults)
	}
}

// checkArgs checks a body whose arguments are given by a fixed type table;
// required names the one that must be there, if any.
func (c *tfChecker) checkArgs(tb tfBlock, args map[string]cty.Type, what, required string) {
	schema := &hcl.BodySchema{}
	for _, n := range sortedKeys(args) {
		schema.Attributes = append(schema.Attributes, hcl.AttributeSchema{Name: n, Required: n == required})
	}
	content, diags := tb.b.Body.Content(schema)
	c.diags(tb.path, diags, func(string) string { return "unknown argument of " + what })
	for _, n := range sortedKeys(content.Attributes) {
		c.checkExpr(tfJoin(tb.path, n), content.Attributes[n].Expr, args[n])
	}
}

// ---- variable, locals, output, module, data, moved, import ----

var tfVariableReserved = map[string]bool{
	"source": true, "version": true, "providers": true, "count": true,
	"for_each": true, "lifecycle": true, "depends_on": true, "locals": true,
}

var tfVariableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "type"}, {Name: "default"}, {Name: "description"},
		{Name: "sensitive"}, {Name: "nullable"}, {Name: "ephemeral"}},
	Blocks: []hcl.BlockHeaderSchema{{Type: "validation"}},
}

func (c *tfChecker) checkVariable(tb tfBlock) {
	name := tb.b.Labels[0]
	switch {
	case !hclsyntax.ValidIdentifier(name):
		c.addf(tb.path, "invalid variable name (want an identifier)")
	case tfVariableReserved[name]:
		c.addf(tb.path, "variable name %q is reserved", name)
	}
	content, diags := tb.b.Body.Content(tfVariableSchema)
	c.diags(tb.path, diags, func(string) string {
		return "unknown argument of a variable (want type, default, description, sensitive, nullable, ephemeral or validation)"
	})
	ty := cty.DynamicPseudoType
	if a := content.Attributes["type"]; a != nil {
		t, _, diags := typeexpr.TypeConstraintWithDefaults(a.Expr)
		if diags.HasErrors() {
			c.addf(tfJoin(tb.path, "type"), "invalid type constraint: %s", tfDiagText(diags.Errs()[0].(*hcl.Diagnostic)))
		} else {
			ty = t
		}
	}
	if a := content.Attributes["default"]; a != nil {
		p := tfJoin(tb.path, "default")
		if v, diags := a.Expr.Value(&hcl.EvalContext{}); diags.HasErrors() {
			c.addf(p, "must be a literal value, without interpolation (write $${ for a literal ${)")
		} else if !v.IsNull() {
			c.conform(p, v, ty)
		}
	}
	c.literals(tb.path, content.Attributes, map[string]cty.Type{
		"description": cty.String, "sensitive": cty.Bool, "nullable": cty.Bool, "ephemeral": cty.Bool,
	})
	for _, vb := range tfPaths(tb.path, content.Blocks) {
		c.checkConditionBlock(vb)
	}
}

// literals checks the arguments of attrs that types names, which must be
// literal values of those types.
func (c *tfChecker) literals(path string, attrs hcl.Attributes, types map[string]cty.Type) {
	for _, n := range sortedKeys(types) {
		if a := attrs[n]; a != nil {
			c.literal(tfJoin(path, n), a.Expr, types[n])
		}
	}
}

var tfConditionSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "condition", Required: true}, {Name: "error_message", Required: true},
}}

// checkConditionBlock checks a validation, precondition or postcondition block.
func (c *tfChecker) checkConditionBlock(tb tfBlock) {
	content, diags := tb.b.Body.Content(tfConditionSchema)
	c.diags(tb.path, diags, func(string) string { return "unknown argument (want condition and error_message)" })
	if a := content.Attributes["condition"]; a != nil {
		c.checkExpr(tfJoin(tb.path, a.Name), a.Expr, cty.Bool)
	}
	if a := content.Attributes["error_message"]; a != nil {
		c.checkExpr(tfJoin(tb.path, a.Name), a.Expr, cty.String)
	}
}

func (c *tfChecker) checkLocals(tb tfBlock) {
	attrs, diags := tb.b.Body.JustAttributes()
	c.diags(tb.path, diags, func(string) string { return "unknown argument" })
	for _, n := range sortedKeys(attrs) {
		p := tfJoin("locals", n)
		if !hclsyntax.ValidIdentifier(n) {
			c.addf(p, "invalid local name (want an identifier)")
		}
		c.eval(p, attrs[n].Expr)
	}
}

var tfOutputSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "value", Required: true}, {Name: "description"},
		{Name: "sensitive"}, {Name: "ephemeral"}, {Name: "depends_on"}},
	Blocks: []hcl.BlockHeaderSchema{{Type: "precondition"}},
}

func (c *tfChecker) checkOutput(tb tfBlock) {
	if !hclsyntax.ValidIdentifier(tb.b.Labels[0]) {
		c.addf(tb.path, "invalid output name (want an identifier)")
	}
	content, diags := tb.b.Body.Content(tfOutputSchema)
	c.diags(tb.path, diags, func(string) string { return "unknown argument of an output" })
	if a := content.Attributes["value"]; a != nil {
		c.eval(tfJoin(tb.path, "value"), a.Expr)
	}
	if a := content.Attributes["depends_on"]; a != nil {
		c.checkStaticRefs(tfJoin(tb.path, "depends_on"), a.Expr)
	}
	c.literals(tb.path, content.Attributes, map[string]cty.Type{"description": cty.String, "sensitive": cty.Bool, "ephemeral": cty.Bool})
	for _, pb := range tfPaths(tb.path, content.Blocks) {
		c.checkConditionBlock(pb)
	}
}

func (c *tfChecker) checkModule(tb tfBlock) {
	if !hclsyntax.ValidIdentifier(tb.b.Labels[0]) {
		c.addf(tb.path, "invalid module name (want an identifier)")
	}
	attrs, diags := tb.b.Body.JustAttributes()
	c.diags(tb.path, diags, func(string) string { return "unknown argument" })
	for _, n := range sortedKeys(attrs) {
		p, expr := tfJoin(tb.path, n), attrs[n].Expr
		switch n {
		case "source", "version":
			c.literal(p, expr, cty.String)
		case "depends_on":
			c.checkStaticRefs(p, expr)
		case "providers":
			// {"aws": "aws.west"}: static references, not checked.
		default: // count, for_each and the module's inputs
			c.eval(p, expr)
		}
	}
	if attrs["source"] == nil {
		c.addf(tb.path+".source", "missing")
	}
}

var tfDataMeta = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "depends_on"}, {Name: "provider"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "lifecycle"}},
}

// checkData checks a data block: its meta-arguments and references only,
// as no data source schema is embedded.
func (c *tfChecker) checkData(tb tfBlock) {
	content, rest, _ := tb.b.Body.PartialContent(tfDataMeta)
	if a := content.Attributes["depends_on"]; a != nil {
		c.checkStaticRefs(tfJoin(tb.path, a.Name), a.Expr)
	}
	if a := content.Attributes["provider"]; a != nil {
		c.checkProviderRef(tfJoin(tb.path, a.Name), a.Expr)
	}
	c.refsOnly(tb.path, rest)
}

var (
	tfMovedSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "from", Required: true}, {Name: "to", Required: true}}}
	tfImportSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "to", Required: true}, {Name: "id"}, {Name: "for_each"}, {Name: "identity"}, {Name: "provider"}}}
)

func (c *tfChecker) checkMoveImport(tb tfBlock) {
	schema := tfImportSchema
	if tb.b.Type == "moved" {
		schema = tfMovedSchema
	}
	content, diags := tb.b.Body.Content(schema)
	c.diags(tb.path, diags, func(string) string { return "unknown argument of a " + tb.b.Type + " block" })
	for _, n := range sortedKeys(content.Attributes) {
		p, expr := tfJoin(tb.path, n), content.Attributes[n].Expr
		switch n {
		case "to":
			c.checkStaticRef(p, expr, true)
		case "from":
			if _, diags := hcl.AbsTraversalForExpr(expr); diags.HasErrors() {
				c.addf(p, "want a resource address: %s", tfDiagText(diags.Errs()[0].(*hcl.Diagnostic)))
			}
		case "provider":
			c.checkProviderRef(p, expr)
		default:
			c.eval(p, expr)
		}
	}
}
