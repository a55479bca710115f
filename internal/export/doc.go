// Package export writes a design as infrastructure code that deploys as
// drawn: an AWS CloudFormation template (JSON or YAML) and a Terraform
// configuration in JSON syntax for the hashicorp/aws provider.
//
// Output is deterministic: the same design gives the same bytes, whatever
// the order its maps were filled in. Names come from design IDs
// (CloudFormation logical IDs in CamelCase, Terraform names as written),
// every reference is a Ref, Fn::GetAtt or ${type.name.attr} expression, and
// what the design leaves open (unknown values, AMIs, instance types, the
// accounts of the other side of a peering) becomes a parameter or a
// variable. What a format cannot express is said in the output and in
// Output.Notes, never dropped in silence; docs/export.md lists it.
//
// Each CloudFormation resource carries Metadata {"vpcboard": {"id": ...}}
// with its design ID (and the few design facts CloudFormation has no
// property for), so that importing an exported template gives the design
// back with its IDs.
package export
