package export

import (
	"strconv"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

func (w *tfWriter) workload(wl *design.Workload) {
	switch wl.Type {
	case design.WorkloadInstance:
		w.instance(wl)
	case design.WorkloadENI:
		w.networkInterface(wl)
	case design.WorkloadALB, design.WorkloadNLB, design.WorkloadGWLB:
		w.loadBalancer(wl)
	case design.WorkloadRDS:
		w.database(wl)
	case design.WorkloadLambda:
		w.function(wl)
	}
}

// known returns the addresses that are not unknown, and how many are.
func known(addrs []string) ([]any, int) {
	var out []any
	n := 0
	for _, a := range addrs {
		if design.IsUnknown(a) {
			n++
		} else {
			out = append(out, a)
		}
	}
	return out, n
}

func (w *tfWriter) instance(wl *design.Workload) {
	id := wl.ID
	name := w.names.name(id)
	body := obj("ami", w.ami(wl),
		"instance_type", w.variable("instance type", "instance_type", "instance type of the instances (the design does not say)", defaultInstanceType))
	enis := w.x.AttachedENIs(id)
	if len(wl.Interfaces) > 0 {
		ifc := wl.Interfaces[0]
		body.set("subnet_id", w.ref(ifc.Subnet, id, "subnet_id"))
		if !design.IsUnknown(ifc.PrivateIP) {
			body.set("private_ip", ifc.PrivateIP)
		} else {
			w.note("workload %s: its primary address in %s is unknown (%s); AWS chooses it", id, ifc.Subnet, design.UnknownReason(ifc.PrivateIP))
		}
		if sec, n := known(ifc.SecondaryIPs); n > 0 {
			w.note("workload %s: secondary addresses AWS chooses are not exported for an instance's primary interface", id)
		} else {
			body.set("secondary_private_ips", sec)
		}
		if v6, n := known(ifc.IPv6); n > 0 {
			body.set("ipv6_address_count", len(ifc.IPv6))
		} else {
			body.set("ipv6_addresses", v6)
		}
		body.set("associate_public_ip_address", ifc.PublicIP)
		body.set("vpc_security_group_ids", w.refs(wl.SecurityGroups, id, "vpc_security_group_ids"))
	} else if len(enis) > 0 {
		body.set("primary_network_interface", obj("network_interface_id", w.ref(enis[0], id, "network_interface_id")))
		enis = enis[1:]
	} else {
		w.note("workload %s: an instance with no interface is launched in the default VPC", id)
	}
	if wl.SourceDestCheck != nil {
		body.set("source_dest_check", *wl.SourceDestCheck)
	}
	body.set("tags", w.tags(wl.Base))
	body.set("depends_on", w.internetDeps(wl))
	w.add("aws_instance", name, id, body)
	device := 1
	for i, ifc := range wl.Interfaces {
		if i == 0 {
			continue
		}
		eni := w.sub(id, "eth"+strconv.Itoa(i))
		w.add("aws_network_interface", eni, id, w.eniBody(ifc, wl, id))
		w.add("aws_network_interface_attachment", eni, id, obj("instance_id", expr("${aws_instance."+name+".id}"),
			"network_interface_id", expr("${aws_network_interface."+eni+".id}"), "device_index", device))
		device++
	}
	for _, e := range enis {
		w.add("aws_network_interface_attachment", w.names.fresh(w.names.name(e)+"_attachment"), id, obj("instance_id", expr("${aws_instance."+name+".id}"),
			"network_interface_id", w.ref(e, id, "network_interface_id"), "device_index", device))
		device++
	}
}

// eniBody returns the arguments of an aws_network_interface for one
// interface of a workload.
func (w *tfWriter) eniBody(ifc design.Interface, wl *design.Workload, owner string) *object {
	b := obj("subnet_id", w.ref(ifc.Subnet, owner, "subnet_id"))
	for _, n := range addressNotes(ifc, owner) {
		w.note("%s", n)
	}
	switch {
	case countsSecondaries(ifc):
		if knownIP(ifc.PrivateIP) {
			b.set("private_ips", []any{ifc.PrivateIP})
		}
		b.set("private_ips_count", len(ifc.SecondaryIPs))
	case knownIP(ifc.PrivateIP):
		sec, _ := known(ifc.SecondaryIPs)
		b.set("private_ips", append([]any{ifc.PrivateIP}, sec...))
	}
	if v6, n := known(ifc.IPv6); n > 0 {
		b.set("ipv6_address_count", len(ifc.IPv6))
	} else {
		b.set("ipv6_addresses", v6)
	}
	b.set("security_groups", w.refs(wl.SecurityGroups, owner, "security_groups"))
	if wl.SourceDestCheck != nil {
		b.set("source_dest_check", *wl.SourceDestCheck)
	}
	if ifc.PublicIP {
		w.note("workload %s: a network interface gets a public address from an Elastic IP, not on its own; not exported", owner)
	}
	return b
}

func (w *tfWriter) networkInterface(wl *design.Workload) {
	id := wl.ID
	var b *object
	if len(wl.Interfaces) > 0 {
		b = w.eniBody(wl.Interfaces[0], wl, id)
		if len(wl.Interfaces) > 1 {
			w.note("workload %s: a network interface is in one subnet; only its first interface is exported", id)
		}
	} else {
		b = newObject()
	}
	b.set("tags", w.tags(wl.Base))
	w.add("aws_network_interface", w.names.name(id), id, b)
	if wl.AttachedTo != "" && w.d.Workloads[wl.AttachedTo] == nil {
		w.note("workload %s: attached to %s, which is not in the design; the attachment is not exported", id, wl.AttachedTo)
	}
}

func (w *tfWriter) loadBalancer(wl *design.Workload) {
	id := wl.ID
	typ := map[design.WorkloadType]string{design.WorkloadALB: "application", design.WorkloadNLB: "network", design.WorkloadGWLB: "gateway"}[wl.Type]
	b := obj("load_balancer_type", typ)
	if wl.Type != design.WorkloadGWLB {
		b.set("internal", wl.Internal)
	}
	if mapsAddresses(wl) {
		var ms []any
		for _, ifc := range wl.Interfaces {
			m := obj("subnet_id", w.ref(ifc.Subnet, id, "subnet_id"))
			if knownIP(ifc.PrivateIP) {
				m.set("private_ipv4_address", ifc.PrivateIP)
			}
			ms = append(ms, m)
		}
		b.set("subnet_mapping", ms)
	} else {
		b.set("subnets", w.refs(wl.Subnets(), id, "subnets"))
	}
	if wl.Type != design.WorkloadGWLB {
		b.set("security_groups", w.refs(wl.SecurityGroups, id, "security_groups"))
	} else if len(wl.SecurityGroups) > 0 {
		w.note("workload %s: a Gateway Load Balancer has no security groups; %s not exported", id, strings.Join(wl.SecurityGroups, ", "))
	}
	b.set("tags", w.tags(wl.Base))
	b.set("depends_on", w.internetDeps(wl))
	w.add("aws_lb", w.names.name(id), id, b)
}

func (w *tfWriter) database(wl *design.Workload) {
	id := wl.ID
	public := false
	for _, ifc := range wl.Interfaces {
		public = public || ifc.PublicIP
	}
	b := obj("//", "placeholder database: engine and class are variables",
		"engine", w.variable("db engine", "db_engine", "engine of the databases (the design does not say)", defaultDBEngine),
		"instance_class", w.variable("db class", "db_instance_class", "instance class of the databases (the design does not say)", defaultDBClass),
		"allocated_storage", 20, "username", "vpcboard", "manage_master_user_password", true, "skip_final_snapshot", true)
	if len(wl.Interfaces) > 0 {
		group := w.sub(id, "subnets")
		w.add("aws_db_subnet_group", group, id, obj("name", latticeName(id)+"-subnets", "subnet_ids", w.refs(wl.Subnets(), id, "subnet_ids")))
		b.set("db_subnet_group_name", expr("${aws_db_subnet_group."+group+".name}"))
	}
	b.set("vpc_security_group_ids", w.refs(wl.SecurityGroups, id, "vpc_security_group_ids"))
	b.set("publicly_accessible", public)
	b.set("tags", w.tags(wl.Base))
	w.add("aws_db_instance", w.names.name(id), id, b)
	w.note("workload %s: a placeholder database (engine and class are variables, 20 GiB, the password managed in Secrets Manager)", id)
}

func (w *tfWriter) function(wl *design.Workload) {
	id := wl.ID
	b := obj("//", "placeholder function: supply its package and role",
		"function_name", latticeName(id),
		"role", w.variable("lambda role", "lambda_role_arn", "ARN of the execution role of the functions (with AWSLambdaVPCAccessExecutionRole)", nil),
		"runtime", lambdaRuntime, "handler", "index.handler",
		"filename", w.variable("lambda package", "lambda_package", "path of the zip file with the functions' code", nil),
		"vpc_config", obj("subnet_ids", w.refs(wl.Subnets(), id, "subnet_ids"), "security_group_ids", w.refs(wl.SecurityGroups, id, "security_group_ids")),
		"tags", w.tags(wl.Base))
	w.add("aws_lambda_function", w.names.name(id), id, b)
	w.note("workload %s: a placeholder function (its package and role are variables)", id)
}
