// Package reach answers "can this packet get there?" for a design: it
// traces one flow hop by hop — security groups, network ACLs, route tables,
// gateways, peering, transit gateways and endpoints — in the order and with
// the semantics of ../shared/RULES.md ("Reachability"), and says which rule
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
//     49152 as the representative of 1024-65535 and proposes fixes for the
//     whole range. Security groups are stateful and are not consulted on the
//     return path; network ACLs are stateless and are.
//
// Analyzer precomputes the per-design indexes (route tables with their
// implicit local and endpoint routes, sorted ACL entries, parsed rules,
// transit gateway tables with propagated routes) once, so that a trace costs
// microseconds; naclDecision, sgAllows and routeLookup decide single hops
// and serve any analysis built on the Analyzer.
//
// The package imports only package design and performs no I/O.
package reach
