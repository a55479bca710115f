// Package importer turns AWS CloudFormation templates (JSON or YAML) into
// a design.Design, so that networks already written as code can be drawn,
// validated and traced like any design.
//
// A template is evaluated the way CloudFormation would evaluate it for one
// stack: parameters take their defaults or the caller's values (zones
// without a value are guessed as the template's Fn::Selects and conditions
// need them), pseudo parameters take the caller's region (else the region
// the template's zones, ARNs or service names name), account and stack
// name, conditions decide which resources exist, Rules are checked, and
// intrinsic functions (short and long
// form, with the AWS::LanguageExtensions transform's Fn::ForEach, Fn::Length
// and Fn::ToJsonString) are computed — Fn::Cidr carves real blocks. What
// only a deployment knows (an Amazon-provided IPv6 block, a custom
// resource's attribute, an export no given stack provides, a parameter
// without a value) becomes an explicit unknown value carrying its reason,
// and functions over an unknown give an unknown, so an analysis can say
// "unknown" instead of guessing. A Ref to a resource is its logical ID,
// which is the resource's ID in the design.
//
// The networking types of AWS::EC2 (and the ENI-bearing load balancers,
// databases and functions, and VPC Lattice associations) become design
// resources; each VPC gets the main route table, default network ACL and
// default security group AWS creates with it. Every other resource is kept
// as an opaque resource, never dropped silently. What the importer assumed
// or could not model is returned as warnings.
//
// Templates are untrusted input: the importer refuses templates over
// MaxTemplateSize, caps the values a template may expand to (YAML aliases,
// Fn::ForEach), its nesting and its evaluation steps, and never panics. A
// template that cannot be imported gives one *Error naming the file, line
// and path.
package importer
