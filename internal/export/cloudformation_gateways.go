package export

import "github.com/vpcboard/vpcboard/internal/design"

func (w *cfnWriter) egressOnlyGateway(g *design.EgressOnlyInternetGateway) {
	id := g.ID
	w.add(w.names.name(id), "AWS::EC2::EgressOnlyInternetGateway", id, obj("VpcId", w.ref(g.VPC, id, "VpcId")))
	w.output(id, "egress-only internet gateway", refTo(w.names.name(id)))
}

func (w *cfnWriter) internetGateway(g *design.InternetGateway) {
	w.add(w.names.name(g.ID), "AWS::EC2::InternetGateway", g.ID, obj("Tags", w.tags(g.Base)))
	w.output(g.ID, "internet gateway", refTo(w.names.name(g.ID)))
	if g.VPC != "" {
		w.add(w.attachmentOf(g.ID), "AWS::EC2::VPCGatewayAttachment", "", obj(
			"VpcId", w.ref(g.VPC, g.ID, "VpcId"), "InternetGatewayId", refTo(w.names.name(g.ID))))
	}
}

// attachmentOf is the logical ID of an internet gateway's attachment.
func (w *cfnWriter) attachmentOf(igw string) string {
	s, _ := w.names.derived("attachment "+igw, w.names.name(igw)+"Attachment")
	return s
}

// igwAttachment returns the logical ID of the attachment of the internet
// gateway of VPC vpc in this template, if there is one: routes to the
// internet and public NAT gateways wait for it.
func (w *cfnWriter) igwAttachment(vpc string) []string {
	if id := w.x.igw(vpc); id != "" && w.here(id) {
		return []string{w.attachmentOf(id)}
	}
	return nil
}

// internetDeps returns the internet gateway attachments workload wl waits
// for.
func (w *cfnWriter) internetDeps(wl *design.Workload) []string {
	var deps []string
	for _, vpc := range internetVPCs(w.d, wl) {
		deps = append(deps, w.igwAttachment(vpc)...)
	}
	return deps
}

func (w *cfnWriter) elasticIP(e *design.ElasticIP) {
	logical := w.names.name(e.ID)
	var deps []string
	if vpc := w.x.eipVPC(e); vpc != "" {
		deps = w.igwAttachment(vpc)
	}
	r := w.newResource("AWS::EC2::EIP", e.ID, obj("Domain", "vpc", "Tags", w.tags(e.Base)), deps...)
	if e.Address != "" && !design.IsUnknown(e.Address) {
		meta(r, "address", e.Address)
		w.note("elastic IP %s: AWS allocates the address; the design's %s is kept in the template's metadata only", e.ID, e.Address)
	}
	w.put(logical, e.ID, r)
	if e.Workload == "" {
		return
	}
	p := obj("AllocationId", getAtt(logical, "AllocationId"))
	if wl := w.d.Workloads[e.Workload]; wl != nil && wl.Type == design.WorkloadENI {
		p.set("NetworkInterfaceId", w.ref(e.Workload, e.ID, "NetworkInterfaceId"))
	} else {
		p.set("InstanceId", w.ref(e.Workload, e.ID, "InstanceId"))
	}
	w.add(w.sub(e.ID, "Association"), "AWS::EC2::EIPAssociation", "", p)
}

func (w *cfnWriter) natGateway(n *design.NATGateway) {
	p := obj("SubnetId", w.ref(n.Subnet, n.ID, "SubnetId"), "ConnectivityType", string(n.Connectivity))
	var deps []string
	if n.Connectivity != design.ConnectivityPrivate {
		p.set("AllocationId", w.ref(n.EIP, n.ID, "AllocationId"))
		if s := w.d.Subnets[n.Subnet]; s != nil {
			deps = w.igwAttachment(s.VPC)
		}
	}
	p.set("PrivateIpAddress", w.str(n.PrivateIP, n.ID, "PrivateIpAddress"))
	p.set("Tags", w.tags(n.Base))
	w.add(w.names.name(n.ID), "AWS::EC2::NatGateway", n.ID, p, deps...)
	w.output(n.ID, "NAT gateway", refTo(w.names.name(n.ID)))
}
