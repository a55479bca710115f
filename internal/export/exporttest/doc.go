// Package exporttest checks exported infrastructure code against the
// official schemas: the CloudFormation registry resource schemas and the
// Terraform aws provider schema. The schemas are embedded copies, so the
// checks run offline and give the same answer on every machine. Only
// tests import this package.
//
// # CloudFormation
//
// CheckCloudFormation reads a template (JSON) the way the service does:
// its sections, each resource's attributes, every intrinsic function and
// what it references (logical IDs, Fn::GetAtt attributes, conditions,
// mappings), dependency cycles, and each resource's properties against the
// registry schema of its type (schemas/cloudformation, see SOURCES.md
// there). A Ref or Fn::GetAtt in a property that takes another resource's
// ID must point at a resource of the right type, as the schemas'
// relationshipRef annotations and a small hand-kept table (cfn_refs.go)
// say.
//
// Like CloudFormation, it takes scalars in their string forms: "80" for an
// integer, "true" for a boolean, and a number or boolean for a string.
//
// It does not check: values CloudFormation only learns at deploy time
// (what a Ref to a parameter or a Fn::Sub, Fn::Join or Fn::Select
// evaluates to is not type-checked, nor matched against the property);
// whether a resource that has a Condition is referenced from places where
// that condition may be false; the contents of Rules and of parameter
// constraints beyond their shape; transforms and macros (a template with
// Transform is checked as written, so AWS::Serverless types and
// Fn::ForEach are reported); schema patterns Go's regexp cannot compile
// (look-around, \Z), which are skipped; format, and every constraint a
// schema does not state (service quotas, CIDR validity and overlap, which
// EC2 properties exclude each other, and what only the EC2 API decides).
//
// The properties are validated by github.com/santhosh-tekuri/jsonschema/v6
// against the compiled schema (draft 7, formats not asserted); the
// library's errors are read as CloudFormation reads a template (see
// cfn_schema.go): at or below an intrinsic function they are dropped, a
// scalar CloudFormation converts is converted and validated again, and
// anyOf and oneOf report their closest branch.
//
// # Terraform
//
// CheckTerraform reads a main.tf.json, and CheckTerraformHCL a set of
// .tf (and .tf.json) files as one module, with github.com/hashicorp/hcl/v2
// (its json package and hclparse), the parsers Terraform itself uses. Every
// block is read through an hcl schema: the top-level block types, the
// terraform block (required_providers.aws: source hashicorp/aws and a
// version constraint, read by github.com/hashicorp/go-version, that the
// embedded schema's provider version satisfies), provider "aws" (a short
// hand-kept argument list), variables (types by hcl's typeexpr, literal
// defaults of that type), outputs, locals, modules, moved and import; and
// each resource against the aws provider schema, read by
// github.com/hashicorp/terraform-json: unknown, computed-only, deprecated
// and required arguments, nested and dynamic blocks with their counts, and
// meta-arguments. Every expression (in JSON syntax, every string is a
// template) is parsed by hclsyntax and evaluated with each reference an
// unknown value and each of Terraform's functions a stub returning one, so
// hcl rejects what does not parse and calls to unknown functions, and
// go-cty's conversion rejects a value of the wrong type. References are
// checked against the declarations and, for resources, against the
// schema's attribute paths. Problems name the block address and argument
// ("resource.aws_vpc.main.cidr_block: ...").
//
// It does not check data source, module, provisioner and connection
// bodies (their references only), what functions return, values the
// provider validates at plan time (enums, CIDRs, ARNs, conflicting
// arguments), a "//" comment's value (hcl ignores "//" keys in a body), the
// attributes an object written as a block (Terraform's "attributes as
// blocks") leaves out, and anything that needs evaluation.
package exporttest
