package design

import "net/netip"

// WorkloadType is what a workload is: anything with ENIs in subnets.
type WorkloadType string

// The workload types.
const (
	WorkloadInstance WorkloadType = "instance"
	WorkloadALB      WorkloadType = "alb"
	WorkloadNLB      WorkloadType = "nlb"
	WorkloadGWLB     WorkloadType = "gwlb"
	WorkloadRDS      WorkloadType = "rds"
	WorkloadLambda   WorkloadType = "lambda"
	// WorkloadENI is a network interface of its own, possibly attached to
	// an instance (AttachedTo).
	WorkloadENI WorkloadType = "eni"
)

var workloadTypes = []string{string(WorkloadInstance), string(WorkloadALB), string(WorkloadNLB),
	string(WorkloadGWLB), string(WorkloadRDS), string(WorkloadLambda), string(WorkloadENI)}

// Workload is an EC2 instance, a load balancer, a database, a Lambda
// function in a VPC or a bare ENI: one network interface per entry of
// Interfaces (a load balancer has one per subnet), all guarded by
// SecurityGroups.
type Workload struct {
	Base
	Type           WorkloadType `json:"type" jsonschema:"enum=instance,enum=alb,enum=nlb,enum=gwlb,enum=rds,enum=lambda,enum=eni"`
	Interfaces     []Interface  `json:"interfaces,omitempty"`
	SecurityGroups []string     `json:"security_groups,omitempty"`
	// AttachedTo is the instance an ENI workload is attached to.
	AttachedTo string `json:"attached_to,omitempty"`
	// SourceDestCheck is nil for AWS's default, on; a middlebox (NAT
	// instance, firewall) turns it off.
	SourceDestCheck *bool `json:"source_dest_check,omitempty"`
	// Internal reports whether a load balancer is internal (no public
	// addresses).
	Internal bool `json:"internal,omitempty"`
	// OS is an instance's operating system, which decides the ephemeral
	// ports it opens connections from (EphemeralPorts); empty when the
	// design does not say.
	OS OS `json:"os,omitempty" jsonschema:"enum=linux,enum=windows"`
}

// OS is an instance's operating system, as far as networking cares.
type OS string

// The operating systems.
const (
	OSLinux   OS = "linux"
	OSWindows OS = "windows"
)

// AnyClientPorts are the ephemeral ports of NAT gateways and load
// balancers, 1024-65535, which AWS also recommends admitting for clients
// of every kind (the internet).
var AnyClientPorts = PortRange{From: 1024, To: 65535}

// ClientPorts returns the ephemeral ports workload w opens connections
// from: AnyClientPorts for a load balancer, its operating system's range
// for an instance (for an ENI, that of the instance it is attached to),
// and Linux's and Windows' together, 32768-65535, when the design does not
// say, which known then reports.
func (d *Design) ClientPorts(w *Workload) (r PortRange, known bool) {
	switch w.Type {
	case WorkloadALB, WorkloadNLB, WorkloadGWLB:
		return AnyClientPorts, true
	}
	os := w.OS
	if a := d.Workloads[w.AttachedTo]; w.Type == WorkloadENI && a != nil {
		os = a.OS
	}
	if os == "" {
		return PortRange{From: 32768, To: 65535}, false
	}
	return os.EphemeralPorts(), true
}

// EphemeralPorts returns the range of source ports a client opens
// connections from, which a stateless network ACL must admit for the
// replies: 32768-60999 for Linux, 49152-65535 for Windows (AWS, "Ephemeral
// ports" in the network ACL documentation).
func (o OS) EphemeralPorts() PortRange {
	if o == OSWindows {
		return PortRange{From: 49152, To: 65535}
	}
	return PortRange{From: 32768, To: 60999}
}

// Kind returns KindWorkload.
func (*Workload) Kind() Kind { return KindWorkload }

// Interface is one ENI of a workload. PrivateIP may be empty: not yet
// allocated.
type Interface struct {
	Subnet       string   `json:"subnet"`
	PrivateIP    string   `json:"private_ip,omitempty"`
	SecondaryIPs []string `json:"secondary_ips,omitempty"`
	IPv6         []string `json:"ipv6,omitempty"`
	// PublicIP reports whether the interface asks for an automatic public
	// IPv4 address (AssociatePublicIpAddress, or the subnet's
	// MapPublicIpOnLaunch when the launch does not say); whether it gets
	// one is Workload.PublicIPv4's to say. An Elastic IP is an ElasticIP
	// resource instead.
	PublicIP bool `json:"public_ip,omitempty"`
}

// Addresses returns the interface's known, well-formed addresses: its
// private address, its secondary addresses and its IPv6 addresses, in that
// order. Unknown and malformed values are left out.
func (ifc *Interface) Addresses() []netip.Addr {
	out := make([]netip.Addr, 0, 1+len(ifc.SecondaryIPs)+len(ifc.IPv6))
	for _, s := range append(append([]string{ifc.PrivateIP}, ifc.SecondaryIPs...), ifc.IPv6...) {
		if s == "" || IsUnknown(s) {
			continue
		}
		if a, err := ParseAddr(s); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// PublicIPv4 reports whether interface i of the workload gets a public IPv4
// address from AWS (Elastic IPs apart): every interface of a load balancer
// that is not internal; an instance's primary interface when it asks for
// one and is the instance's only interface, since AWS assigns no automatic
// public IPv4 address to an instance launched with more than one network
// interface, nor ever to a secondary one; any other interface when it asks
// for one. Validation and reachability both decide exposure by it.
func (w *Workload) PublicIPv4(i int) bool {
	if i < 0 || i >= len(w.Interfaces) {
		return false
	}
	switch w.Type {
	case WorkloadALB, WorkloadNLB:
		return !w.Internal
	case WorkloadInstance:
		return i == 0 && len(w.Interfaces) == 1 && w.Interfaces[0].PublicIP
	}
	return w.Interfaces[i].PublicIP
}

// Subnets returns the subnets of the workload's interfaces, in order.
func (w *Workload) Subnets() []string {
	out := make([]string, 0, len(w.Interfaces))
	for _, i := range w.Interfaces {
		out = append(out, i.Subnet)
	}
	return out
}

func (w *Workload) refs(visit refVisitor) {
	for i, ifc := range w.Interfaces {
		visit(item(".interfaces", i).dot(".subnet"), ifc.Subnet, KindSubnet)
	}
	visitList(visit, ".security_groups", w.SecurityGroups, KindSecurityGroup)
	if w.AttachedTo != "" {
		visit(at(".attached_to"), w.AttachedTo, KindWorkload)
	}
}

func (w *Workload) check(c *checker) {
	c.oneOf(at(".type"), string(w.Type), workloadTypes...)
	if w.OS != "" {
		c.oneOf(at(".os"), string(w.OS), string(OSLinux), string(OSWindows))
	}
	for i, ifc := range w.Interfaces {
		p := item(".interfaces", i)
		c.required(p.dot(".subnet"), ifc.Subnet)
		c.addr(p.dot(".private_ip"), ifc.PrivateIP)
		for j, a := range ifc.SecondaryIPs {
			c.addr(item(p.String()+".secondary_ips", j), a)
		}
		for j, a := range ifc.IPv6 {
			c.addr(item(p.String()+".ipv6", j), a)
		}
	}
}
