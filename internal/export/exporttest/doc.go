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
package exporttest
