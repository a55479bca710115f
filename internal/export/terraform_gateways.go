package export

import "github.com/vpcboard/vpcboard/internal/design"

func (w *tfWriter) internetGateway(g *design.InternetGateway) {
	id := g.ID
	w.add("aws_internet_gateway", w.names.name(id), id, obj("tags", w.tags(g.Base)))
	if g.VPC != "" {
		w.add("aws_internet_gateway_attachment", w.names.name(id), id, obj("internet_gateway_id", w.ref(id, id, "id"), "vpc_id", w.ref(g.VPC, id, "vpc_id")))
	}
}

func (w *tfWriter) egressOnlyGateway(g *design.EgressOnlyInternetGateway) {
	id := g.ID
	w.add("aws_egress_only_internet_gateway", w.names.name(id), id, obj("vpc_id", w.ref(g.VPC, id, "vpc_id"), "tags", w.tags(g.Base)))
}

func (w *tfWriter) natGateway(n *design.NATGateway) {
	id := n.ID
	body := obj("subnet_id", w.ref(n.Subnet, id, "subnet_id"), "connectivity_type", string(n.Connectivity))
	if n.Connectivity != design.ConnectivityPrivate {
		body.set("allocation_id", w.ref(n.EIP, id, "allocation_id"))
		if s := w.d.Subnets[n.Subnet]; s != nil {
			body.set("depends_on", w.igwAttachment(s.VPC))
		}
	}
	body.set("private_ip", w.str(n.PrivateIP, id, "private_ip"))
	body.set("tags", w.tags(n.Base))
	w.add("aws_nat_gateway", w.names.name(id), id, body)
}

// igwAttachment returns the address of the attachment of VPC vpc's
// internet gateway, as a depends_on list, or nil.
func (w *tfWriter) igwAttachment(vpc string) []any {
	if id := w.x.igw(vpc); id != "" {
		return []any{"aws_internet_gateway_attachment." + w.names.name(id)}
	}
	return nil
}

// internetDeps returns the internet gateway attachments workload wl waits
// for, as a depends_on list, or nil.
func (w *tfWriter) internetDeps(wl *design.Workload) []any {
	var deps []any
	for _, vpc := range internetVPCs(w.d, wl) {
		deps = append(deps, w.igwAttachment(vpc)...)
	}
	return deps
}

func (w *tfWriter) elasticIP(e *design.ElasticIP) {
	id := e.ID
	body := newObject()
	if e.Address != "" && !design.IsUnknown(e.Address) {
		body.set("//", "the design's address is "+e.Address+"; AWS allocates one")
		w.note("elastic IP %s: AWS allocates the address; the design's %s is in a comment only", id, e.Address)
	}
	body.set("domain", "vpc")
	body.set("tags", w.tags(e.Base))
	if vpc := w.x.eipVPC(e); vpc != "" {
		body.set("depends_on", w.igwAttachment(vpc))
	}
	w.add("aws_eip", w.names.name(id), id, body)
	if e.Workload == "" {
		return
	}
	a := obj("allocation_id", expr("${aws_eip."+w.names.name(id)+".allocation_id}"))
	if wl := w.d.Workloads[e.Workload]; wl != nil && wl.Type == design.WorkloadENI {
		a.set("network_interface_id", w.ref(e.Workload, id, "network_interface_id"))
	} else {
		a.set("instance_id", w.ref(e.Workload, id, "instance_id"))
	}
	w.add("aws_eip_association", w.names.name(id), id, a)
}
