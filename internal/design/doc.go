// Package design is the model of a vpcboard design: the VPCs, subnets, route
// tables, network ACLs, security groups, gateways, endpoints, peering and
// transit connections, Lattice associations, flow logs and workloads that an
// engineer draws, with the references between them.
//
// A Design is a plain value. Every resource has a stable, human-readable ID
// that is unique in the design (a CloudFormation logical ID for imported
// templates) and is stored in the map of its kind under that ID. References
// between resources are IDs.
//
// The package keeps two kinds of problems apart:
//
//   - Structural problems — a malformed CIDR, a reference to a resource that
//     does not exist or is of the wrong kind, an unknown enum value — make a
//     design meaningless. Apply refuses an Op that would introduce one and
//     leaves the design unchanged; Check lists those already present in a
//     design read from a file or imported from a template.
//   - Semantic problems — overlapping subnets, a missing route — are the
//     business of package validate: a whiteboard may be wrong while people
//     work on it.
//
// Values that are only known after deployment (an Amazon-provided IPv6 block,
// an output imported from another stack) are kept as explicit unknown values
// (see Unknown): analyses treat them as unknown, never as wrong.
//
// The package imports nothing else of vpcboard and performs no I/O beyond
// the io.Reader and io.Writer handed to Decode and Encode.
package design
