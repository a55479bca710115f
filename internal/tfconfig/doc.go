// Package tfconfig evaluates a Terraform configuration — a directory of
// .tf and .tf.json files and the local modules it calls — without
// applying it, into the resource instances it would create
// ([]tfimport.Resource), for tfimport.Build to map onto a design.
//
// The configuration is parsed with hashicorp/hcl/v2 and evaluated with
// go-cty the way Terraform plans it: variables (defaults, terraform.tfvars,
// *.auto.tfvars, var files, -var), locals, count, for_each, dynamic
// blocks, local modules (with count and for_each) and the functions such
// configurations use. Evaluation is on demand: a reference evaluates what
// it refers to first, so the order of blocks and files does not matter,
// and a cycle is an error naming it.
//
// What only apply knows stays unknown, with its reason: the attributes a
// resource does not set (arn, owner_id, ...) and data sources. Two
// exceptions: a managed resource's id is its address (the references
// tfimport.Build resolves through id attributes then find the resource),
// and the data sources aws_region, aws_availability_zones,
// aws_caller_identity and aws_partition answer from the region and
// account, with a warning for the zones.
package tfconfig
