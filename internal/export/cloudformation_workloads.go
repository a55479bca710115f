package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// The parameters that stand for what a design leaves open about
// workloads, with defaults that deploy.
const (
	defaultImage = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
	// defaultWindowsImage is the AMI of instances the design says run
	// Windows: AWS's public parameter of the latest Windows Server 2022.
	defaultWindowsImage = "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base"
	defaultInstanceType = "t3.micro"
	defaultDBClass      = "db.t3.micro"
	defaultDBEngine     = "postgres"
	// lambdaRuntime is the runtime of placeholder functions: one AWS
	// supports creating functions with (cfn-lint E2533 flags deprecated
	// ones; TestCfnLint keeps this checked).
	lambdaRuntime = "nodejs24.x"
)

func (w *cfnWriter) workload(wl *design.Workload) {
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

// addresses sets the address properties of one interface: the primary
// address, secondary ones (or their count when AWS chooses them) and IPv6
// addresses (or their count).
func (w *cfnWriter) addresses(p *object, ifc design.Interface, owner string) {
	primary := ifc.PrivateIP
	if design.IsUnknown(primary) {
		primary = ""
	}
	switch {
	case len(ifc.SecondaryIPs) == 0:
		if primary != "" {
			p.set("PrivateIpAddress", primary)
		}
	case countsSecondaries(ifc):
		if primary != "" {
			p.set("PrivateIpAddress", primary)
		}
		p.set("SecondaryPrivateIpAddressCount", len(ifc.SecondaryIPs))
	default:
		list := []any{obj("PrivateIpAddress", primary, "Primary", true)}
		for _, a := range ifc.SecondaryIPs {
			list = append(list, obj("PrivateIpAddress", a, "Primary", false))
		}
		p.set("PrivateIpAddresses", list)
	}
	unknown6 := false
	for _, a := range ifc.IPv6 {
		unknown6 = unknown6 || design.IsUnknown(a)
	}
	if unknown6 {
		p.set("Ipv6AddressCount", len(ifc.IPv6))
	} else if len(ifc.IPv6) > 0 {
		var list []any
		for _, a := range ifc.IPv6 {
			list = append(list, obj("Ipv6Address", a))
		}
		p.set("Ipv6Addresses", list)
	}
}

// image returns the AMI parameter of instances running os: Windows
// instances take a parameter of their own whose default is a Windows AMI,
// so that they deploy with the operating system drawn; the others Amazon
// Linux's.
func (w *cfnWriter) image(os design.OS) any {
	if os == design.OSWindows {
		return w.param("windows image", "WindowsImageId", "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
			"AMI of the Windows instances (default: the latest Windows Server 2022)", defaultWindowsImage)
	}
	return w.param("image", "ImageId", "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
		"AMI of the instances (the design does not say; default: the latest Amazon Linux 2023)", defaultImage)
}

func (w *cfnWriter) instance(wl *design.Workload) {
	id := wl.ID
	image := w.image(wl.OS)
	typ := w.param("instance type", "InstanceType", "String", "instance type of the instances (the design does not say)", defaultInstanceType)
	var nis []any
	for i, ifc := range wl.Interfaces {
		ni := withRoom(8) // room for all its keys: no growing
		ni.set("DeviceIndex", strconv.Itoa(i))
		ni.set("SubnetId", w.ref(ifc.Subnet, id, "SubnetId"))
		w.addresses(ni, ifc, id)
		ni.set("AssociatePublicIpAddress", ifc.PublicIP)
		ni.set("GroupSet", w.refs(wl.SecurityGroups, id, "GroupSet"))
		nis = append(nis, ni)
	}
	enis := w.x.AttachedENIs(id)
	if len(wl.Interfaces) == 0 && len(enis) > 0 {
		nis = append(nis, obj("DeviceIndex", "0", "NetworkInterfaceId", w.ref(enis[0], id, "NetworkInterfaceId")))
		enis = enis[1:]
	}
	if len(nis) == 0 {
		w.note("workload %s: an instance with no interface is launched in the default VPC", id)
	}
	var check any
	if wl.SourceDestCheck != nil {
		check = *wl.SourceDestCheck
	}
	p := obj("ImageId", image, "InstanceType", typ, "NetworkInterfaces", nis, "SourceDestCheck", check, "Tags", w.tags(wl.Base))
	logical := w.names.name(id)
	r := w.newResource("AWS::EC2::Instance", id, p, w.internetDeps(wl)...)
	if wl.OS != "" {
		meta(r, "os", string(wl.OS)) // the importer reads it back
	}
	w.put(logical, id, r)
	for i, e := range enis {
		w.add(w.names.fresh(w.names.name(e)+"Attachment"), "AWS::EC2::NetworkInterfaceAttachment", "", obj(
			"InstanceId", refTo(logical), "NetworkInterfaceId", w.ref(e, id, "NetworkInterfaceId"),
			"DeviceIndex", strconv.Itoa(len(nis)+i)))
	}
}

func (w *cfnWriter) networkInterface(wl *design.Workload) {
	id := wl.ID
	p := withRoom(8) // room for all its keys: no growing
	if len(wl.Interfaces) > 0 {
		p.set("SubnetId", w.ref(wl.Interfaces[0].Subnet, id, "SubnetId"))
		w.addresses(p, wl.Interfaces[0], id)
	}
	p.set("GroupSet", w.refs(wl.SecurityGroups, id, "GroupSet"))
	if wl.SourceDestCheck != nil {
		p.set("SourceDestCheck", *wl.SourceDestCheck)
	}
	p.set("Tags", w.tags(wl.Base))
	w.add(w.names.name(id), "AWS::EC2::NetworkInterface", id, p)
	if wl.AttachedTo != "" && !w.here(wl.AttachedTo) || design.IsUnknown(wl.AttachedTo) {
		w.note("workload %s: attached to %s, which is not in this template; the attachment is not exported", id, wl.AttachedTo)
	}
}

func (w *cfnWriter) loadBalancer(wl *design.Workload) {
	id := wl.ID
	typ := map[design.WorkloadType]string{design.WorkloadALB: "application", design.WorkloadNLB: "network", design.WorkloadGWLB: "gateway"}[wl.Type]
	p := obj("Type", typ)
	if wl.Type != design.WorkloadGWLB {
		scheme := "internet-facing"
		if wl.Internal {
			scheme = "internal"
		}
		p.set("Scheme", scheme)
	}
	if mapsAddresses(wl) {
		var ms []any
		for _, ifc := range wl.Interfaces {
			m := obj("SubnetId", w.ref(ifc.Subnet, id, "SubnetId"))
			if knownIP(ifc.PrivateIP) {
				m.set("PrivateIPv4Address", ifc.PrivateIP)
			}
			ms = append(ms, m)
		}
		p.set("SubnetMappings", ms)
	} else {
		p.set("Subnets", w.refs(wl.Subnets(), id, "Subnets"))
	}
	if wl.Type != design.WorkloadGWLB {
		p.set("SecurityGroups", w.refs(wl.SecurityGroups, id, "SecurityGroups"))
	} else if len(wl.SecurityGroups) > 0 {
		w.note("workload %s: a Gateway Load Balancer has no security groups; %s not exported", id, strings.Join(wl.SecurityGroups, ", "))
	}
	p.set("Tags", w.tags(wl.Base))
	w.add(w.names.name(id), "AWS::ElasticLoadBalancingV2::LoadBalancer", id, p, w.internetDeps(wl)...)
}

func (w *cfnWriter) database(wl *design.Workload) {
	id := wl.ID
	logical := w.names.name(id)
	public := false
	for _, ifc := range wl.Interfaces {
		public = public || ifc.PublicIP
	}
	p := obj("Engine", w.param("db engine", "DBEngine", "String", "engine of the databases (the design does not say)", defaultDBEngine),
		"DBInstanceClass", w.param("db class", "DBInstanceClass", "String", "instance class of the databases (the design does not say)", defaultDBClass),
		"AllocatedStorage", "20",
		"MasterUsername", "vpcboard",
		"ManageMasterUserPassword", true)
	if len(wl.Interfaces) > 0 {
		group := w.sub(id, "SubnetGroup")
		w.add(group, "AWS::RDS::DBSubnetGroup", "", obj("DBSubnetGroupDescription", fmt.Sprintf("subnets of %s", id),
			"SubnetIds", w.refs(wl.Subnets(), id, "SubnetIds")))
		p.set("DBSubnetGroupName", refTo(group))
	}
	p.set("VPCSecurityGroups", w.refs(wl.SecurityGroups, id, "VPCSecurityGroups"))
	p.set("PubliclyAccessible", public)
	p.set("Tags", w.tags(wl.Base))
	// A database holds data: deleting the stack or replacing the
	// instance keeps a final snapshot (cfn-lint W3011 asks for both).
	r := w.newResource("AWS::RDS::DBInstance", id, p)
	r.policy = "Snapshot"
	w.put(logical, id, r)
	w.note("workload %s: a placeholder database (engine and class are parameters, 20 GiB, the password managed in Secrets Manager)", id)
}

func (w *cfnWriter) function(wl *design.Workload) {
	id := wl.ID
	p := obj("Description", "placeholder for "+id+" (vpcboard export): replace the code",
		"Runtime", lambdaRuntime, "Handler", "index.handler",
		"Role", w.param("lambda role", "LambdaRoleArn", "String", "ARN of the execution role of the functions (with AWSLambdaVPCAccessExecutionRole)", nil),
		"Code", obj("ZipFile", "exports.handler = async () => ({ statusCode: 200 });"),
		"VpcConfig", obj("SubnetIds", w.refs(wl.Subnets(), id, "SubnetIds"), "SecurityGroupIds", w.refs(wl.SecurityGroups, id, "SecurityGroupIds")),
		"Tags", w.tags(wl.Base))
	w.add(w.names.name(id), "AWS::Lambda::Function", id, p)
	w.note("workload %s: a placeholder function (its code and role are to be supplied)", id)
}
