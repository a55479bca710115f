// Package reach answers "can this packet get there?" for a design: it
// traces one flow hop by hop — security groups, network ACLs, route tables,
// gateways, peering, transit gateways and endpoints — in the order and with
// the semantics docs/reachability.md sets out with their AWS sources, and says which rule
// decided each hop.
//
// The verdict is three-valued. A trace is Reachable only when every hop on
// the path is decided by facts the design holds; a hop that depends on a
// value known only after deployment (an unknown CIDR, a route target such as
// a firewall endpoint, an appliance's policy) makes it Unknown, and any hop
// that certainly drops the packet makes it Unreachable. When a flow is
// blocked the trace keeps going wherever the path is still determined (past
// a denying security group or network ACL, say) so that it reports every
// blocker, each with a one-line fix, not only the first.
//
// Abstractions the trace makes, so that its answers stay exact:
//
//   - A workload whose address is not allocated yet stands for any address
//     of its subnet: a rule decides it when it decides the whole block, and
//     is unknown otherwise.
//   - "internet" stands for a public host that no rule of the design names:
//     only a /0 rule or route matches it. Pass an address to ask about a
//     particular host.
//   - A service reached through a gateway endpoint (s3, dynamodb) is such a
//     public host that also matches the service's AWS-managed prefix list
//     (com.amazonaws.<region>.<service>).
//   - Return traffic goes to the initiator's ephemeral port; the trace uses
//     49152, which lies in every client's range (NAT gateways and load
//     balancers 1024-65535, Linux 32768-60999, Windows 49152-65535), says
//     which range it stands for and why, and proposes fixes for 1024-65535;
//     package validate checks the whole range. Security groups are
//     stateful and are not consulted on the return path; network ACLs are
//     stateless and are.
//   - A workload with its source/destination check off that a route
//     targets (a NAT instance, a firewall) is traced through: its subnet's
//     ACL and its groups are evaluated, and the hop of the workload itself
//     is unknown, since its forwarding lives in its operating system.
//     Towards the internet it translates a source without a public
//     address, as a NAT instance does.
//
// The matrix (Matrix) says, for every ordered pair of workloads and
// between each workload and the internet, which tcp, udp and icmp traffic
// (IPv4) gets there and back, and which is unknown. It is exact, not
// sampled, and never traces pair by pair:
//
//   - Elements: each protocol's ports (ICMP: type*256+code) are cut at the
//     bounds of every ACL entry and group rule, so that one point of each
//     elementary range decides all of it; sets of traffic are bit sets
//     over the elements.
//   - Classes: workloads with the same interfaces' subnets, groups and
//     public addressing, whose addresses every rule and route of the
//     design treats alike, are one class; path classes drop the groups and,
//     for subnets the trace does not compare by identity (not a NAT
//     gateway's, an attachment's, an endpoint's or a middlebox's), the
//     subnet itself, keeping its VPC, zone, ACL and route table.
//   - A trace does not branch on the port: its hops are fixed by addresses
//     and routes. So one recording trace per pair of path classes gives
//     the hops, and each hop is evaluated once per element as a bit set
//     (memoized per ACL and peer, per group set and peer class); a pair's
//     answer is the intersection of its hops' sets, with the groups of the
//     pair's own classes.
//
// The result holds one cell per pair of classes and renders pairs on
// demand (Pairs, WriteJSON, WriteText, WriteCSV).
//
// Flow-log simulation (FlowLogs) writes the version 2 default-format
// records of the ENIs on a traced path: the source's, a NAT gateway's and
// the destination's, forward and, once the destination accepted, for the
// replies. It emits records only for ENIs covered by a flow log of the
// design (of their VPC, subnet or workload, with a matching traffic type);
// a design with no flow log at all is rendered as if every ENI were logged.
// Records are deterministic: a fixed capture window and counts, ENI IDs
// derived from design IDs (eni-<workload>), source port 49152, and "-" for
// an address the design does not hold (the internet, a service, an address
// not allocated yet) where AWS would write the real one.
//
// Analyzer precomputes the per-design indexes (route tables with their
// implicit local and endpoint routes, sorted ACL entries, parsed rules,
// transit gateway tables with propagated routes) once, so that a trace costs
// microseconds; naclDecision, sgAllows and routeLookup decide single hops
// and serve any analysis built on the Analyzer.
//
// The package imports only package design and performs no I/O beyond the
// io.Writer its renderers are given.
package reach
