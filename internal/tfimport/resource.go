package tfimport

import (
	"github.com/vpcboard/vpcboard/internal/importer"
)

// Resource is one resource instance as Terraform knows it: from a state, a
// plan, or an evaluated configuration.
type Resource struct {
	// Address is the instance's full address, with its module path and its
	// index: module.vpc.aws_subnet.private[0], aws_subnet.app["a"].
	Address string
	// Mode is "managed" (a resource block) or "data" (a data block).
	Mode string
	// Type is the resource type, such as aws_subnet.
	Type string
	// Values are the attribute values as encoding/json decodes them with
	// UseNumber: string, json.Number, bool, []any, map[string]any and nil.
	// Nested blocks are lists of objects, as in a state. References hold
	// what the referenced attribute holds, usually an AWS ID (vpc-0abc);
	// Build maps them back through every resource's id (and arn, and a
	// few other identifying attributes). An id not known yet may be a
	// stand-in unique to the instance, such as its address: attributes
	// that refer to the instance then hold the same stand-in, and Build
	// resolves them like real IDs.
	Values map[string]any
	// Unknown gives, for each attribute path that is not known yet
	// ("cidr_block", "ingress.0.cidr_blocks": names and list indexes
	// joined with dots), why it is unknown ("known after apply", "from
	// data source data.aws_vpc.main", ...). An unknown attribute has no
	// entry in Values, or a nil one.
	Unknown map[string]string
	// DependsOn are the addresses the instance depends on.
	DependsOn []string
}

// Options are the inputs of Build that the resources do not hold.
type Options struct {
	// Name names the design and prefixes nothing; usually the file name.
	Name string
	// Region and Account are the design's; when empty, the region is taken
	// from the resources' availability zones and ARNs, else
	// importer.DefaultRegion, and the account from ARNs, else
	// importer.DefaultAccount.
	Region  string
	Account string
}

// Result is importer.Result: the design and the sorted warnings saying
// what was assumed or not modelled.
type Result = importer.Result
