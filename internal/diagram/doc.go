// Package diagram draws a design: deterministic Graphviz DOT for a few
// views of it, and SVG rendered from that DOT by worker processes.
//
// # Views
//
// A small design is drawn in full (ViewFull): a box per region holding
// VPC clusters holding one cluster per availability zone, holding the
// subnets stacked by tier (public subnets green, private ones blue), each
// holding what has a network interface there (workloads, NAT gateways,
// interface endpoints); internet gateways, gateway endpoints and route
// tables in a row at the top of their VPC; transit gateways (clusters of
// their route tables), Lattice service networks and endpoint services
// above the VPCs; TGW attachments, Lattice associations and peering
// connections as edges between them. Traffic is drawn as edges: from each
// subnet to the gateways, NAT gateways, endpoints and workloads its route
// table sends traffic to, labelled with the destinations; the destinations
// a VPC routes over a TGW attachment or peering connection label that
// edge; and, within a VPC, an edge between two workloads that a security
// group rule allows, labelled with the ports. Workloads and endpoints
// name their security groups; network ACLs, prefix lists, Elastic IPs and
// flow logs are named in labels and tooltips, not drawn; opaque resources
// are left out (the DOT says which). Every label of a resource opens with
// a glyph of its kind: a short name (VPC, IGW, NAT, EC2, RDS, ALB, TGW,
// PCX...) in white on a square of its category's colour, drawn by
// Graphviz from the label itself (no image files: AWS's architecture
// icons may not be redistributed in this repository).
//
// A larger design gets an overview instead: a row of transit gateways,
// Lattice service networks and endpoint services above a grid of one node
// per VPC (in natural order, vpc2 before vpc10, left to right then down,
// each VPC's internet gateways right of it); a hub with more than 6 VPCs
// is named on their nodes rather than joined to each by an edge. Every
// design also gets one detail view per VPC; Views says which views a
// design has, in the order the designer offers them.
//
// # Element ids and classes
//
// Every element of the SVG that draws a resource has the resource's design
// ID as its id (document.getElementById(id) finds it) and "res kind-<kind>"
// among its classes, kind as in design.Kind: a cluster for a VPC, a subnet,
// or a transit gateway with route tables; a node for a workload, NAT
// gateway, endpoint, gateway, route table, TGW route table, Lattice service
// network, endpoint service, peering connection between two VPCs drawn in
// full, or a VPC in the overview or across a peering; an edge for a TGW
// attachment, a Lattice association, or a peering connection to a VPC
// drawn as a node. Graphviz puts "cluster", "node" or "edge" before the
// classes. No element has a URL: the browser handles clicks on elements of
// class "res". Tooltips are plain text.
//
// Every other element has an id that starts with "_", which no design ID
// does; the design IDs in it are separated by "/", which no design ID
// holds, so that the resource an element belongs to can be read back:
//
//	_view/full, _view/overview, _view/vpc/<vpc>  the root group (class "graph view")
//	_region/<region>           a region's box (class "cluster region"), the region's name
//	                           written as zone names are
//	_az/<vpc>/<zone>           an availability zone (class "cluster az"); the bytes of the
//	                           zone name that are not ID characters are written %xx
//	_rts/<vpc>                 the block of a VPC's route tables (class "cluster route-tables"), not drawn
//	_if/<resource>/<n>         network interface n (from 0) of a resource drawn elsewhere: a further
//	                           subnet of a workload or interface endpoint, every subnet of a TGW
//	                           attachment (class "node part kind-<kind>")
//	_edge/<owner>/<role>/<id>  an edge that is not a resource, drawing a relation of owner
//	                           (class "edge edge-<what>"): a peering connection node to its
//	                           "requester" and "accepter" VPCs (edge-peering), an endpoint service
//	                           to a load balancer "lb" (edge-service-lb), an endpoint to its
//	                           endpoint "service" (edge-endpoint-service); a subnet to a
//	                           target of its routes (_edge/<subnet>/route/<target>, class
//	                           "edge edge-route route-<target type>", the type as in a route:
//	                           internet-gateway, nat-gateway, vpc-endpoint...); a workload a
//	                           security group rule opens to a workload of the rule's source
//	                           group (_edge/<to>/sg/<from>, class "edge edge-sg"); in the overview, an
//	                           internet gateway to its "vpc" (edge-gateway) and an endpoint
//	                           service to its "provider" and "consumer" VPCs
//	                           (edge-service-provider, edge-service-consumer)
//	_a/<id>                    the group Graphviz wraps around the tooltip of element id (the
//	                           worker renames Graphviz's "a_<id>", which could be a design ID)
//	_missing                   the note of a view that cannot be drawn
//
// Layout helpers (_top/<vpc>, _empty/<subnet>, edges without an id) are
// invisible and not in the SVG. A few more classes say what a resource
// is: "subnet-public" (its route table has a route to an internet gateway)
// or "subnet-private", "workload-<type>", "endpoint-<type>", "vpc-peer".
//
// # Rendering
//
// go-graphviz is not safe for concurrent use, leaks on every render,
// ignores deadlines and stays broken after a trap (see docs/graphviz.md), so a
// Renderer renders in worker processes (package diagram/worker, the only
// package that imports go-graphviz): one render at a time per worker,
// recycled after a number of renders or bytes, killed when a render runs
// past its timeout, with an LRU cache of SVG keyed by the SHA-256 of the
// DOT in front. Renders the cache cannot answer wait for a worker in a
// queue per tenant (a team, for the server), served in turn, so that one
// tenant's backlog does not hold up another's renders.
package diagram
