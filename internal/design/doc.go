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
// # Derived facts
//
// What analyses derive rather than read off one resource — a resource's
// VPC, a VPC's subnets, route tables and gateways, the route table and
// network ACL a subnet uses (explicit association, else the main table or
// default ACL), whether a subnet is public, the workloads in a subnet, the
// peerings and attachments between VPCs, the interface that holds an
// address — is answered once, by Index. Package validate, reach, diagram,
// export and web each used to derive these themselves, and two of them
// disagreed on what a public subnet is; they now all ask an Index.
//
// An Index is a snapshot: NewIndex reads the design and the Index never
// changes after, except for parts built on first use under a sync.Once,
// so any number of goroutines may read one. Staleness is prevented by
// ownership rather than invalidation: a Design is edited in place (Apply,
// and importers and tests write its maps directly), which no cache on the
// Design could observe, so no Index is kept on it. Each analysis builds
// its own Index from a design it does not change while it runs
// (validate.Validate, reach.New for the Analyzer's lifetime, diagram.DOT,
// the export writers, one web handler), and after an edit the next
// analysis builds a new one. NewIndex costs about as much as the indexes it
// replaced (the facts fewer analyses need, the sorted IDs of each kind,
// the users of each table and the address table are built on first use),
// so BenchmarkValidate and BenchmarkTrace on the base design are no slower.
//
// The package imports nothing else of vpcboard and performs no I/O beyond
// the io.Reader and io.Writer handed to Decode and Encode.
package design
