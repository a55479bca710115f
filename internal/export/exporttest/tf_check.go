package exporttest

import (
	"regexp"
	"strconv"
)

// tfChecker checks one configuration in Terraform JSON syntax.
//
// It checks:
//   - the JSON itself: syntax, a single top-level object, duplicated keys;
//   - the top-level block types (terraform, provider, variable, locals,
//     output, resource, data, module, moved, import, check and "//");
//   - terraform.required_providers.aws: source hashicorp/aws and a version
//     constraint that 6.47.0 satisfies;
//   - provider "aws" blocks: argument names against a short hand-kept list
//     (tfProviderArgs), aliases (identifiers, unique), one default block;
//   - variable, output, local and module declarations (argument names,
//     identifiers, variable type constraints, literal defaults);
//   - resource blocks of the embedded types against the provider schema:
//     names, meta-arguments, unknown arguments, computed-only and deprecated
//     arguments, required arguments, nested blocks (nesting mode, min/max
//     items, recursively), dynamic blocks, and argument values against the
//     attribute types;
//   - references in every template (var., local., module., data., and
//     resource references with the attribute path checked against the
//     schema), and static references in depends_on, provider,
//     lifecycle.ignore_changes/replace_triggered_by, moved.to and import.to.
//
// It does not check: data source, module, provisioner, connection and
// check block bodies (their references only), provider arguments beyond
// tfProviderArgs, default values against variable types, expression syntax
// and semantics beyond finding references (see tf_expr.go), value
// constraints the provider enforces (enums, CIDR syntax, ARNs, conflicting
// arguments), and anything that needs evaluation (count/for_each results,
// unknown values, instance keys, whether count.index or each.key is used
// where count or for_each is set).
//
// It is stricter than Terraform in a few places, on purpose: an attribute
// an object-typed value does not have is reported (Terraform drops it
// silently), provider "aws" arguments outside tfProviderArgs are reported,
// and the top-level blocks newer than the list above (removed, ephemeral)
// are reported as unknown.
type tfChecker struct {
	schema   *tfSchema
	problems []string
	quiet    bool // collecting declarations: no problems

	vars, locals, modules map[string]bool
	resources, data       map[string]map[string]bool
	aliases               map[string]bool
	bound                 map[string]int // dynamic block iterators in scope
}

// tfProviderArgs are the provider "aws" arguments the checker accepts.
// The provider's own schema is not in the schema source (see SOURCES.md),
// so this is a hand-kept list, kept deliberately small: the arguments an
// export is expected to write. Any other argument is reported, even where
// the real provider has it (profile, endpoints, ignore_tags, ...).
var tfProviderArgs = map[string]bool{
	"alias":               true,
	"region":              true,
	"assume_role":         true,
	"default_tags":        true,
	"allowed_account_ids": true,
}

// tfAssumeRoleArgs are the arguments of the provider's assume_role block.
var tfAssumeRoleArgs = map[string]*tfType{
	"role_arn":            {kind: "string"},
	"session_name":        {kind: "string"},
	"external_id":         {kind: "string"},
	"duration":            {kind: "string"},
	"policy":              {kind: "string"},
	"policy_arns":         {kind: "set", elem: &tfType{kind: "string"}},
	"tags":                {kind: "map", elem: &tfType{kind: "string"}},
	"transitive_tag_keys": {kind: "set", elem: &tfType{kind: "string"}},
	"source_identity":     {kind: "string"},
}

var (
	tfStringType   = &tfType{kind: "string"}
	tfNumberType   = &tfType{kind: "number"}
	tfBoolType     = &tfType{kind: "bool"}
	tfStringList   = &tfType{kind: "list", elem: tfStringType}
	tfStringMap    = &tfType{kind: "map", elem: tfStringType}
	tfResourceName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_-]*$`)
)

var tfTopLevel = map[string]bool{
	"terraform": true, "provider": true, "variable": true, "locals": true,
	"output": true, "resource": true, "data": true, "module": true,
	"moved": true, "import": true, "check": true,
}

// tfBody is an object that is a block body, with its problem path.
type tfBody struct {
	path string
	n    *tfNode
}

func (c *tfChecker) check(root *tfNode) {
	if root.kind != tfObject {
		c.addf("", "the configuration must be a JSON object, got %s", tfWhat(root))
		return
	}
	c.vars, c.locals, c.modules, c.aliases = map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	c.resources, c.data = map[string]map[string]bool{}, map[string]map[string]bool{}
	c.bound = map[string]int{}

	c.quiet = true
	declared := c.collect(root)
	c.quiet = false
	for _, name := range sortedKeys(declared) {
		if n := declared[name]; n > 1 {
			c.addf(name, "declared %d times", n)
		}
	}

	var terraform []tfBody
	for i, k := range root.keys {
		v := root.vals[i]
		switch k {
		case "//":
			c.comment(k, v)
		case "terraform":
			terraform = append(terraform, c.objects(k, v, true)...)
		case "provider":
			c.eachLabel(k, v, c.checkProvider)
		case "variable":
			c.eachLabel(k, v, c.checkVariable)
		case "locals":
			for _, b := range c.objects(k, v, true) {
				c.checkLocals(b)
			}
		case "output":
			c.eachLabel(k, v, c.checkOutput)
		case "resource":
			c.eachLabel(k, v, func(typ, path string, v *tfNode) {
				rs := c.schema.resources[typ]
				if rs == nil {
					c.addf(path, "unknown resource type (not in the embedded hashicorp/aws %s schema subset)", tfProviderVersion)
				}
				c.eachLabel(path, v, func(name, path string, v *tfNode) {
					c.checkResource(typ, name, rs, path, v)
				})
			})
		case "data":
			c.eachLabel(k, v, func(typ, path string, v *tfNode) {
				c.eachLabel(path, v, func(name, path string, v *tfNode) {
					c.checkData(path, v)
				})
			})
		case "module":
			c.eachLabel(k, v, c.checkModule)
		case "moved", "import":
			for _, b := range c.objects(k, v, true) {
				c.checkMoveImport(k, b)
			}
		case "check":
			c.eachLabel(k, v, func(name, path string, v *tfNode) {
				c.checkName(path, name, "check")
				c.checkValue(path, v, tfDynamic)
			})
		default:
			c.addf(tfJoin("", k), "unknown top-level block type")
		}
	}
	c.checkTerraformBlocks(terraform)
}

// collect records the declared names the references are checked against,
// and counts declarations: a name declared twice is possible when a label
// level is a list of objects (`"resource": [{...}, {...}]`).
func (c *tfChecker) collect(root *tfNode) map[string]int {
	count := map[string]int{}
	labels := func(prefix string, v *tfNode) (names []string) {
		c.eachLabel("", v, func(name, _ string, _ *tfNode) {
			count[tfJoin(prefix, name)]++
			names = append(names, name)
		})
		return names
	}
	for i, k := range root.keys {
		v := root.vals[i]
		switch k {
		case "variable":
			for _, n := range labels(k, v) {
				c.vars[n] = true
			}
		case "output":
			labels(k, v)
		case "module":
			for _, n := range labels(k, v) {
				c.modules[n] = true
			}
		case "locals":
			for _, b := range c.objects("", v, true) {
				for _, n := range b.n.keys {
					if n != "//" {
						count[tfJoin(k, n)]++
					}
					c.locals[n] = true
				}
			}
		case "resource", "data":
			m := c.resources
			if k == "data" {
				m = c.data
			}
			c.eachLabel("", v, func(typ, _ string, v *tfNode) {
				for _, n := range labels(tfJoin(k, typ), v) {
					if m[typ] == nil {
						m[typ] = map[string]bool{}
					}
					m[typ][n] = true
				}
			})
		case "check":
			// A check block may hold a scoped data source; its references
			// are to data.TYPE.NAME like any other.
			c.eachLabel("", v, func(_, _ string, v *tfNode) {
				for _, b := range c.objects("", v, true) {
					if d := b.n.get("data"); d != nil {
						c.eachLabel("", d, func(typ, _ string, v *tfNode) {
							for _, n := range labels("check-data."+typ, v) {
								if c.data[typ] == nil {
									c.data[typ] = map[string]bool{}
								}
								c.data[typ][n] = true
							}
						})
					}
				}
			})
		case "provider":
			c.eachLabel("", v, func(name, _ string, v *tfNode) {
				for _, b := range c.objects("", v, true) {
					if a := b.n.get("alias"); a != nil && a.kind == tfString {
						c.aliases[name+"."+a.text] = true
					}
				}
			})
		}
	}
	return count
}

// objects returns the block bodies in v, which may be an object or a list
// of objects (the JSON syntax for repeated blocks). With index set, bodies
// of a list get their index in the path.
func (c *tfChecker) objects(path string, v *tfNode, index bool) []tfBody {
	switch v.kind {
	case tfObject:
		return []tfBody{{path, v}}
	case tfArray:
		var out []tfBody
		for i, e := range v.vals {
			p := path
			if index {
				p = tfIndex(path, i)
			}
			if e.kind != tfObject {
				c.addf(tfIndex(path, i), "want object, got %s", tfWhat(e))
				continue
			}
			out = append(out, tfBody{p, e})
		}
		return out
	}
	c.addf(path, "want object, got %s", tfWhat(v))
	return nil
}

// eachLabel calls fn for each property of a label level (the objects keyed
// by resource type, by name, ...), skipping "//" comments.
func (c *tfChecker) eachLabel(path string, v *tfNode, fn func(label, path string, v *tfNode)) {
	for _, b := range c.objects(path, v, false) {
		for i, k := range b.n.keys {
			p := tfJoin(path, k)
			if k == "//" {
				c.comment(p, b.n.vals[i])
				continue
			}
			fn(k, p, b.n.vals[i])
		}
	}
}

func (c *tfChecker) comment(path string, v *tfNode) {
	if v.kind != tfString {
		c.addf(path, "a \"//\" comment must be a string, got %s", tfWhat(v))
	}
}

// single returns the one body of a block that may not repeat.
func (c *tfChecker) single(path string, v *tfNode, what string) *tfNode {
	bodies := c.objects(path, v, true)
	if len(bodies) > 1 {
		c.addf(path, "%s declared %d times", what, len(bodies))
	}
	if len(bodies) == 0 {
		if v.kind == tfArray {
			c.addf(path, "%s has no body (empty list)", what)
		}
		return nil
	}
	return bodies[0].n
}

func (c *tfChecker) checkName(path, name, what string) {
	if !tfResourceName.MatchString(name) {
		c.addf(path, "invalid %s name %q (want %s)", what, name, tfResourceName)
	}
}

// ---- terraform ----

var tfTerraformArgs = map[string]bool{
	"required_version": true, "required_providers": true, "backend": true,
	"cloud": true, "experiments": true, "provider_meta": true,
}

func (c *tfChecker) checkTerraformBlocks(bodies []tfBody) {
	const want = `want {"source": "hashicorp/aws", "version": "<constraint that ` + tfProviderVersion + ` satisfies>"}`
	found := false
	for _, b := range bodies {
		for i, k := range b.n.keys {
			v, p := b.n.vals[i], tfJoin(b.path, k)
			switch {
			case k == "//":
				c.comment(p, v)
			case k == "required_version":
				c.checkValue(p, v, tfStringType)
			case k == "required_providers":
				c.eachLabel(p, v, func(name, p string, v *tfNode) {
					if name != "aws" {
						return
					}
					found = true
					c.checkRequiredAWS(p, v, want)
				})
			case !tfTerraformArgs[k]:
				c.addf(p, "unknown argument of the terraform block")
			}
		}
	}
	if !found {
		c.addf("terraform.required_providers.aws", "missing (%s)", want)
	}
}

func (c *tfChecker) checkRequiredAWS(path string, v *tfNode, want string) {
	if v.kind != tfObject {
		c.addf(path, "want object, got %s (%s)", tfWhat(v), want)
		return
	}
	for i, k := range v.keys {
		switch k {
		case "//", "source", "version":
		case "configuration_aliases":
			c.checkValue(tfJoin(path, k), v.vals[i], tfStringList)
		default:
			c.addf(tfJoin(path, k), "unknown argument of a required_providers entry")
		}
	}
	switch src := v.get("source"); {
	case src == nil:
		c.addf(path+".source", "missing (want \"hashicorp/aws\")")
	case src.kind != tfString || (src.text != "hashicorp/aws" && src.text != tfProviderAddress):
		c.addf(path+".source", "want \"hashicorp/aws\", got %s", tfShow(src))
	}
	ver := v.get("version")
	if ver == nil {
		c.addf(path+".version", "missing (want a constraint that %s satisfies, e.g. \"~> 6.0\")", tfProviderVersion)
		return
	}
	if ver.kind != tfString {
		c.addf(path+".version", "want string, got %s", tfWhat(ver))
		return
	}
	ok, err := tfVersionMatches(ver.text, tfProviderVersion)
	switch {
	case err != nil:
		c.addf(path+".version", "invalid version constraint: %v", err)
	case !ok:
		c.addf(path+".version", "constraint %q does not allow %s, the version the schema is from", ver.text, tfProviderVersion)
	}
}

// tfShow renders a scalar for a message.
func tfShow(n *tfNode) string {
	switch n.kind {
	case tfString:
		return strconv.Quote(n.text)
	case tfNumber:
		return n.text
	case tfBool:
		return strconv.FormatBool(n.b)
	}
	return tfWhat(n)
}

// ---- provider ----

func (c *tfChecker) checkProvider(name, path string, v *tfNode) {
	if name != "aws" {
		c.addf(path, "unknown provider (this checker knows only aws)")
		return
	}
	defaults := 0
	seen := map[string]bool{}
	for _, b := range c.objects(path, v, true) {
		alias := b.n.get("alias")
		if alias == nil {
			defaults++
		}
		for i, k := range b.n.keys {
			v, p := b.n.vals[i], tfJoin(b.path, k)
			switch k {
			case "//":
				c.comment(p, v)
			case "alias":
				switch {
				case v.kind != tfString || !tfIsIdent(v.text):
					c.addf(p, "want an identifier, got %s", tfShow(v))
				case seen[v.text]:
					c.addf(p, "duplicate alias %q", v.text)
				}
				seen[v.text] = true
			case "region":
				c.checkValue(p, v, tfStringType)
			case "allowed_account_ids":
				c.checkValue(p, v, &tfType{kind: "set", elem: tfStringType})
			case "assume_role":
				for _, ab := range c.objects(p, v, true) {
					c.checkArgs(ab, tfAssumeRoleArgs, "assume_role")
					if ab.n.get("role_arn") == nil {
						c.addf(ab.path+".role_arn", "missing")
					}
				}
			case "default_tags":
				for _, db := range c.objects(p, v, true) {
					c.checkArgs(db, map[string]*tfType{"tags": tfStringMap}, "default_tags")
				}
			default:
				c.addf(p, "unknown or unchecked provider argument (the checker accepts only %s)", quoteList(sortedKeys(tfProviderArgs)))
			}
		}
	}
	if defaults > 1 {
		c.addf(path, "%d default configurations (blocks without alias); at most one is allowed", defaults)
	}
}

// checkArgs checks a body whose arguments are given by a fixed type table.
func (c *tfChecker) checkArgs(b tfBody, args map[string]*tfType, what string) {
	for i, k := range b.n.keys {
		v, p := b.n.vals[i], tfJoin(b.path, k)
		if k == "//" {
			c.comment(p, v)
			continue
		}
		ty, ok := args[k]
		if !ok {
			c.addf(p, "unknown argument of %s", what)
			c.checkValue(p, v, tfDynamic)
			continue
		}
		c.checkValue(p, v, ty)
	}
}

// ---- variable, locals, output, module, data, moved, import ----

var tfVariableReserved = map[string]bool{
	"source": true, "version": true, "providers": true, "count": true,
	"for_each": true, "lifecycle": true, "depends_on": true, "locals": true,
}

func (c *tfChecker) checkVariable(name, path string, v *tfNode) {
	switch {
	case !tfIsIdent(name):
		c.addf(path, "invalid variable name (want an identifier)")
	case tfVariableReserved[name]:
		c.addf(path, "variable name %q is reserved", name)
	}
	b := c.single(path, v, "variable")
	if b == nil {
		return
	}
	for i, k := range b.keys {
		v, p := b.vals[i], tfJoin(path, k)
		switch k {
		case "//":
			c.comment(p, v)
		case "type":
			if v.kind != tfString {
				c.addf(p, "want a type constraint string such as \"string\" or \"list(string)\", got %s", tfWhat(v))
			} else if err := tfCheckTypeExpr(v.text); err != nil {
				c.addf(p, "invalid type constraint %q: %v", v.text, err)
			}
		case "default":
			c.checkLiteral(p, v)
		case "description":
			if v.kind != tfString {
				c.addf(p, "want string, got %s", tfWhat(v))
			}
		case "sensitive", "nullable":
			if v.kind != tfBool {
				c.addf(p, "want bool, got %s", tfWhat(v))
			}
		case "validation":
			for _, vb := range c.objects(p, v, true) {
				c.checkConditionBlock(vb)
			}
		default:
			c.addf(p, "unknown argument of a variable (want type, default, description, sensitive, nullable or validation)")
		}
	}
}

// checkLiteral reports interpolations in a value that must be a literal.
func (c *tfChecker) checkLiteral(path string, v *tfNode) {
	switch v.kind {
	case tfString:
		if t := tfParseTemplate(v.text); len(t.exprs) > 0 || t.err != "" {
			c.addf(path, "must be a literal value, without interpolation (write $${ for a literal ${)")
		}
	case tfObject, tfArray:
		for i, e := range v.vals {
			p := tfIndex(path, i)
			if v.kind == tfObject {
				p = tfJoin(path, v.keys[i])
			}
			c.checkLiteral(p, e)
		}
	}
}

// checkConditionBlock checks a validation, precondition or postcondition block.
func (c *tfChecker) checkConditionBlock(b tfBody) {
	for i, k := range b.n.keys {
		v, p := b.n.vals[i], tfJoin(b.path, k)
		switch k {
		case "//":
			c.comment(p, v)
		case "condition":
			c.checkValue(p, v, tfBoolType)
		case "error_message":
			c.checkValue(p, v, tfStringType)
		default:
			c.addf(p, "unknown argument (want condition and error_message)")
		}
	}
	for _, k := range []string{"condition", "error_message"} {
		if b.n.get(k) == nil {
			c.addf(tfJoin(b.path, k), "missing")
		}
	}
}

func (c *tfChecker) checkLocals(b tfBody) {
	for i, k := range b.n.keys {
		v, p := b.n.vals[i], tfJoin(b.path, k)
		if k == "//" {
			c.comment(p, v)
			continue
		}
		if !tfIsIdent(k) {
			c.addf(p, "invalid local name (want an identifier)")
		}
		c.checkValue(p, v, tfDynamic)
	}
}

func (c *tfChecker) checkOutput(name, path string, v *tfNode) {
	if !tfIsIdent(name) {
		c.addf(path, "invalid output name (want an identifier)")
	}
	b := c.single(path, v, "output")
	if b == nil {
		return
	}
	for i, k := range b.keys {
		v, p := b.vals[i], tfJoin(path, k)
		switch k {
		case "//":
			c.comment(p, v)
		case "value":
			c.checkValue(p, v, tfDynamic)
		case "description":
			c.checkValue(p, v, tfStringType)
		case "sensitive", "ephemeral":
			c.checkValue(p, v, tfBoolType)
		case "depends_on":
			c.checkDependsOn(p, v)
		case "precondition":
			for _, cb := range c.objects(p, v, true) {
				c.checkConditionBlock(cb)
			}
		default:
			c.addf(p, "unknown argument of an output")
		}
	}
	if b.get("value") == nil {
		c.addf(path+".value", "missing")
	}
}

func (c *tfChecker) checkModule(name, path string, v *tfNode) {
	if !tfIsIdent(name) {
		c.addf(path, "invalid module name (want an identifier)")
	}
	b := c.single(path, v, "module")
	if b == nil {
		return
	}
	for i, k := range b.keys {
		v, p := b.vals[i], tfJoin(path, k)
		switch k {
		case "//":
			c.comment(p, v)
		case "source", "version":
			if v.kind != tfString {
				c.addf(p, "want string, got %s", tfWhat(v))
			}
		case "depends_on":
			c.checkDependsOn(p, v)
		case "providers":
			// {"aws": "aws.west"}: static references, not checked.
		default: // count, for_each and the module's inputs
			c.checkValue(p, v, tfDynamic)
		}
	}
	if b.get("source") == nil {
		c.addf(path+".source", "missing")
	}
}

// checkData checks a data block: its meta-arguments and references only,
// as no data source schema is embedded.
func (c *tfChecker) checkData(path string, v *tfNode) {
	b := c.single(path, v, "data source")
	if b == nil {
		return
	}
	for i, k := range b.keys {
		v, p := b.vals[i], tfJoin(path, k)
		switch k {
		case "//":
			c.comment(p, v)
		case "depends_on":
			c.checkDependsOn(p, v)
		case "provider":
			c.checkProviderRef(p, v)
		case "lifecycle":
		default:
			c.checkValue(p, v, tfDynamic)
		}
	}
}

func (c *tfChecker) checkMoveImport(kind string, b tfBody) {
	for i, k := range b.n.keys {
		v, p := b.n.vals[i], tfJoin(b.path, k)
		switch {
		case k == "//":
			c.comment(p, v)
		case k == "to":
			c.checkStaticRef(p, v, true)
		case k == "from" && kind == "moved":
			if v.kind != tfString {
				c.addf(p, "want a resource address string, got %s", tfWhat(v))
			}
		case k == "provider" && kind == "import":
			c.checkProviderRef(p, v)
		case kind == "import" && (k == "id" || k == "for_each" || k == "identity"):
			c.checkValue(p, v, tfDynamic)
		default:
			c.addf(p, "unknown argument of a %s block", kind)
		}
	}
	if b.n.get("to") == nil {
		c.addf(b.path+".to", "missing")
	}
}
