package export

import (
	"bytes"
	"fmt"
	"net/netip"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/vpcboard/vpcboard/internal/design"
)

// CloudFormation writes d as AWS CloudFormation templates: one
// (template.json, or template.yaml with opts.YAML) when the whole design is
// in one account and region, else one per account and region, whose
// references to each other are parameters. A design with structural errors
// is refused.
func CloudFormation(d *design.Design, opts Options) (*Output, error) {
	if err := checkDesign(d); err != nil {
		return nil, err
	}
	f, notes := cloudFormationForm(d)
	x := newIndex(f)
	pl := newPlacer(f, x)
	places := pl.places()
	names := newNamer(logicalID, len(x.byID))
	for _, k := range design.Kinds() {
		if k != design.KindOpaque {
			for _, id := range x.ids[k] {
				names.name(id)
			}
		}
	}
	out := &Output{}
	var all []string
	all = append(all, notes...)
	type built struct {
		path string
		tpl  *object
	}
	var temps []built
	var buf []byte // the JSON of a template of one stack
	for _, at := range places {
		w := &cfnWriter{d: f, x: x, pl: pl, at: at, multi: len(places) > 1, names: names,
			res: newResources(), params: newObject(), outputs: newObject(), paramOf: map[string]string{},
			refOf: make(map[string]any, len(x.byID))}
		w.write()
		all = append(all, w.notes...)
		name := "template"
		if len(places) > 1 {
			name = at.file() + ".template"
		}
		stacks := split(w.template(opts), w.res, exportPrefixOf(f, at))
		if len(stacks) == 1 {
			buf = appendJSON(buf[:0], stacks[0])
			if size := len(buf); size > maxStackBytes {
				all = append(all, fmt.Sprintf("%s: the template is %d bytes, more than CloudFormation reads (1 MB from S3)", at, size))
			}
		}
		if len(stacks) > 1 {
			all = append(all, fmt.Sprintf("%s: %d resources are more than a stack holds; written as %d stacks to deploy in order (%s.stack-01 first), which import each other's values",
				at, w.res.len(), len(stacks), name))
		}
		for i, st := range stacks {
			p := name
			if len(stacks) > 1 {
				p = fmt.Sprintf("%s.stack-%02d", name, i+1)
			}
			temps = append(temps, built{p, st})
		}
	}
	slices.Sort(all)
	out.Notes = slices.Compact(all)
	ext := ".json"
	if opts.YAML {
		ext = ".yaml"
	}
	noteList, findingList := strList(out.Notes), strList(opts.Findings)
	out.Files = make([]File, len(temps))
	errs := make([]error, len(temps))
	// Each file is written whole by one of as many goroutines as there
	// are cores to run them.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(temps)) {
		wg.Go(func() {
			var buf []byte // the JSON of a template, reused
			for {
				i := int(next.Add(1)) - 1
				if i >= len(temps) {
					return
				}
				b := temps[i]
				meta := b.tpl.child("Metadata").child("vpcboard")
				meta.set("notes", noteList)
				meta.set("findings", findingList)
				out.Files[i].Path = b.path + ext
				if opts.YAML {
					out.Files[i].Data, errs[i] = encodeYAML(b.tpl)
					continue
				}
				buf = appendJSON(buf[:0], b.tpl)
				out.Files[i].Data = bytes.Clone(buf)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("export: write YAML: %w", err)
		}
	}
	return out, nil
}

// exportPrefixOf returns the default prefix of the export names of the
// stacks of a place: the design's name, made safe.
func exportPrefixOf(d *design.Design, at place) string {
	base := d.Name
	if base == "" {
		base = "design"
	}
	var b strings.Builder
	b.WriteString("vpcboard-")
	for _, c := range strings.ToLower(base) {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			b.WriteRune(c)
		} else if !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
		if b.Len() >= 48 {
			break
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if at.region != "" {
		s += "-" + at.region
	}
	return s
}

// cfnWriter writes the template of one place.
type cfnWriter struct {
	d       *design.Design
	x       *index
	pl      *placer
	at      place
	multi   bool
	names   *namer
	res     *resources
	params  *object
	outputs *object
	paramOf map[string]string
	refOf   map[string]any // design ID -> its reference, once made
	notes   []string
}

func (w *cfnWriter) note(format string, args ...any) {
	w.notes = append(w.notes, fmt.Sprintf(format, args...))
}

func (w *cfnWriter) template(opts Options) *object {
	t := obj("AWSTemplateFormatVersion", "2010-09-09")
	desc := "vpcboard export"
	if w.d.Name != "" {
		desc = "vpcboard export of " + w.d.Name
	}
	if w.multi {
		desc += " (" + w.at.String() + ")"
	}
	if len(desc) > 1000 {
		desc = desc[:1000]
	}
	t.set("Description", desc)
	meta := obj("format", design.FormatVersion, "design", w.d.Name)
	if w.at.region != "" {
		meta.set("region", w.at.region)
	}
	if w.at.account != "" {
		meta.set("account", w.at.account)
	}
	t.set("Metadata", obj("vpcboard", meta))
	if w.params.len() > 0 {
		t.set("Parameters", w.params)
	}
	t.set("Resources", w.res.object())
	if w.outputs.len() > 0 {
		t.set("Outputs", w.outputs)
	}
	return t
}

// here reports whether the resource id is written in this template.
func (w *cfnWriter) here(id string) bool { return w.pl.of(id) == w.at }

// add writes a resource. logical is a name from the namer, so new to the
// template; id is the design ID, "" for resources the export adds.
func (w *cfnWriter) add(logical, typ, id string, props *object, dependsOn ...string) {
	w.res.add(logical, newResource(typ, id, props, dependsOn...))
}

// newResource returns a resource of type typ with properties props; id
// is its design ID, which its metadata holds, "" for resources the export
// adds.
func newResource(typ, id string, props *object, dependsOn ...string) *resource {
	r := &resource{typ: typ, dependsOn: slices.Compact(dependsOn)}
	if id != "" {
		r.metadata = obj("vpcboard", obj("id", id))
	}
	if props.len() > 0 {
		r.props = props
	}
	return r
}

// meta adds a design fact to the vpcboard metadata of resource r.
func meta(r *resource, key string, v any) {
	if r.metadata == nil {
		r.metadata = newObject()
	}
	r.metadata.child("vpcboard").set(key, v)
}

// sub returns a fresh logical ID for a resource the export adds to the
// one of design ID owner.
func (w *cfnWriter) sub(owner, suffix string) string {
	return w.names.fresh(w.names.name(owner) + suffix)
}

// param returns a Ref to the parameter that stands for key (an unknown
// value, or a value from another template), declaring it on first use.
func (w *cfnWriter) param(key, name, typ, desc string, def any) any {
	if p, ok := w.paramOf[key]; ok {
		return refTo(p)
	}
	p := w.names.fresh(logicalID(name))
	w.paramOf[key] = p
	if len(desc) > 4000 {
		desc = desc[:4000]
	}
	w.params.set(p, obj("Type", typ, "Description", desc, "Default", def))
	return refTo(p)
}

// str returns a string value: as written, or a parameter when unknown.
func (w *cfnWriter) str(s, owner, prop string) any {
	switch {
	case s == "":
		return nil
	case design.IsUnknown(s):
		return w.param(s, w.names.name(owner)+prop, "String",
			fmt.Sprintf("%s of %s: unknown in the design (%s)", prop, owner, design.UnknownReason(s)), nil)
	}
	return s
}

// ref returns a reference to the design resource id: Ref, or the
// attribute that gives its ID; a parameter when the ID is unknown or the
// resource is in another template.
func (w *cfnWriter) ref(id, owner, prop string) any {
	if id == "" || design.IsUnknown(id) {
		return w.str(id, owner, prop)
	}
	if v, ok := w.refOf[id]; ok {
		return v
	}
	r, ok := w.x.lookup(id)
	if !ok {
		return w.param("missing "+id, w.names.name(owner)+prop, "String", fmt.Sprintf("%s of %s: %s is not in the design", prop, owner, id), nil)
	}
	v := w.resourceRef(id, r)
	w.refOf[id] = v
	return v
}

// resourceRef returns the reference to r, of ID id, which is the same
// wherever the template uses it.
func (w *cfnWriter) resourceRef(id string, r design.Resource) any {
	if !w.here(id) {
		return w.param("elsewhere "+id, w.names.name(id)+"Id", "String",
			fmt.Sprintf("ID of %s %s, from the template of %s", r.Kind(), id, w.pl.of(id)), nil)
	}
	switch x := r.(type) {
	case *design.SecurityGroup:
		if isDefaultGroup(x) && w.d.VPCs[x.VPC] != nil {
			return getAtt(w.names.name(x.VPC), "DefaultSecurityGroup")
		}
		return getAtt(w.names.name(id), "GroupId")
	case *design.NetworkACL:
		if x.Default {
			return getAtt(w.names.name(x.VPC), "DefaultNetworkAcl")
		}
	case *design.ElasticIP:
		return getAtt(w.names.name(id), "AllocationId")
	}
	return refTo(w.names.name(id))
}

func (w *cfnWriter) refs(ids []string, owner, prop string) any {
	if len(ids) == 0 {
		return nil
	}
	if len(ids) == 1 && design.IsUnknown(ids[0]) {
		// One unknown value may stand for a whole list (a list parameter,
		// an imported list): a CommaDelimitedList takes one ID or several.
		return w.param("list "+ids[0], w.names.name(owner)+prop, "CommaDelimitedList",
			fmt.Sprintf("%s of %s: unknown in the design (%s); one ID or several, separated by commas", prop, owner, design.UnknownReason(ids[0])), nil)
	}
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = w.ref(id, owner, prop)
	}
	return out
}

// tags returns the CloudFormation Tags of a resource, sorted by key.
func (w *cfnWriter) tags(b design.Base) []any {
	var out []any
	for _, k := range design.SortedIDs(b.Tags) {
		if strings.HasPrefix(k, "aws:") {
			w.note("%s: tag %s is reserved for AWS and not exported", b.ID, k)
			continue
		}
		out = append(out, obj("Key", k, "Value", w.str(b.Tags[k], b.ID, "Tag"+logicalID(k))))
	}
	return out
}

// isIPv6 reports whether s is an IPv6 block or address (not unknown).
func isIPv6(s string) bool { return strings.Contains(s, ":") && !design.IsUnknown(s) }

func (w *cfnWriter) write() {
	defer w.res.close()
	d := w.d
	for _, id := range w.x.ids[design.KindVPC] {
		if w.here(id) {
			w.vpc(d.VPCs[id])
		}
	}
	for _, id := range w.x.ids[design.KindSubnet] {
		if w.here(id) {
			w.subnet(d.Subnets[id])
		}
	}
	for _, id := range w.x.ids[design.KindPrefixList] {
		if w.here(id) {
			w.prefixList(d.PrefixLists[id])
		}
	}
	for _, id := range w.x.ids[design.KindInternetGateway] {
		if w.here(id) {
			w.internetGateway(d.InternetGateways[id])
		}
	}
	for _, id := range w.x.ids[design.KindEgressOnlyInternetGateway] {
		if w.here(id) {
			g := d.EgressOnlyInternetGateways[id]
			w.add(w.names.name(id), "AWS::EC2::EgressOnlyInternetGateway", id, obj("VpcId", w.ref(g.VPC, id, "VpcId")))
		}
	}
	for _, id := range w.x.ids[design.KindElasticIP] {
		if w.here(id) {
			w.elasticIP(d.ElasticIPs[id])
		}
	}
	for _, id := range w.x.ids[design.KindNATGateway] {
		if w.here(id) {
			w.natGateway(d.NATGateways[id])
		}
	}
	for _, id := range w.x.ids[design.KindPeeringConnection] {
		if w.here(id) {
			w.peering(d.PeeringConnections[id])
		}
	}
	for _, id := range w.x.ids[design.KindTransitGateway] {
		if w.here(id) {
			w.transitGateway(d.TransitGateways[id])
		}
	}
	for _, id := range w.x.ids[design.KindTransitGatewayAttachment] {
		if w.here(id) {
			w.tgwAttachment(d.TransitGatewayAttachments[id])
		}
	}
	for _, id := range w.x.ids[design.KindTransitGatewayRouteTable] {
		if w.here(id) {
			w.tgwRouteTable(d.TransitGatewayRouteTables[id])
		}
	}
	for _, id := range w.x.ids[design.KindSecurityGroup] {
		if w.here(id) {
			w.securityGroup(d.SecurityGroups[id])
		}
	}
	for _, id := range w.x.ids[design.KindNetworkACL] {
		if w.here(id) {
			w.networkACL(d.NetworkACLs[id])
		}
	}
	for _, id := range w.x.ids[design.KindWorkload] {
		if w.here(id) {
			w.workload(d.Workloads[id])
		}
	}
	for _, id := range w.x.ids[design.KindEndpointService] {
		if w.here(id) {
			w.endpointService(d.EndpointServices[id])
		}
	}
	for _, id := range w.x.ids[design.KindVPCEndpoint] {
		if w.here(id) {
			w.endpoint(d.VPCEndpoints[id])
		}
	}
	for _, id := range w.x.ids[design.KindRouteTable] {
		if w.here(id) {
			w.routeTable(d.RouteTables[id])
		}
	}
	for _, id := range w.x.ids[design.KindLatticeServiceNetwork] {
		if w.here(id) {
			n := d.LatticeServiceNetworks[id]
			w.add(w.names.name(id), "AWS::VpcLattice::ServiceNetwork", id, obj("AuthType", w.str(n.AuthType, id, "AuthType"), "Tags", w.tags(n.Base)))
		}
	}
	for _, id := range w.x.ids[design.KindLatticeAssociation] {
		if w.here(id) {
			a := d.LatticeAssociations[id]
			w.add(w.names.name(id), "AWS::VpcLattice::ServiceNetworkVpcAssociation", id, obj(
				"ServiceNetworkIdentifier", w.ref(a.ServiceNetwork, id, "ServiceNetworkIdentifier"),
				"VpcIdentifier", w.ref(a.VPC, id, "VpcIdentifier"),
				"SecurityGroupIds", w.refs(a.SecurityGroups, id, "SecurityGroupIds"),
				"Tags", w.tags(a.Base)))
		}
	}
	for _, id := range w.x.ids[design.KindFlowLog] {
		if w.here(id) {
			w.flowLog(d.FlowLogs[id])
		}
	}
}

func (w *cfnWriter) vpc(v *design.VPC) {
	id, logical := v.ID, w.names.name(v.ID)
	p := obj("CidrBlock", w.str(v.CIDR, id, "CidrBlock"))
	if v.DNSSupport != nil {
		p.set("EnableDnsSupport", *v.DNSSupport)
	}
	if v.DNSHostnames != nil {
		p.set("EnableDnsHostnames", *v.DNSHostnames)
	}
	p.set("Tags", w.tags(v.Base))
	w.add(logical, "AWS::EC2::VPC", id, p)
	for i, c := range v.SecondaryCIDRs {
		w.add(w.sub(id, "Cidr"+strconv.Itoa(i+2)), "AWS::EC2::VPCCidrBlock", "", obj("VpcId", refTo(logical), "CidrBlock", w.str(c, id, "SecondaryCidr")))
	}
	for i, c := range v.IPv6CIDRs {
		if i > 0 {
			w.note("vpc %s: only the first IPv6 block is exported (AWS provides it); %s is not", id, c)
			break
		}
		if !design.IsUnknown(c) {
			w.note("vpc %s: its IPv6 block %s is Amazon-provided on deployment; subnets keep their place in it", id, c)
		}
		w.add(w.ipv6Block(id), "AWS::EC2::VPCCidrBlock", "", obj("VpcId", refTo(logical), "AmazonProvidedIpv6CidrBlock", true))
	}
	w.outputs.set(logical+"Id", obj("Description", "ID of VPC "+id, "Value", refTo(logical),
		"Export", obj("Name", obj("Fn::Sub", "${AWS::StackName}-"+logical))))
}

// ipv6Block is the logical ID of a VPC's Amazon-provided IPv6 block.
func (w *cfnWriter) ipv6Block(vpc string) string {
	key := "ipv6 block " + vpc
	if s, ok := w.names.of[key]; ok {
		return s
	}
	s := w.names.fresh(w.names.name(vpc) + "Ipv6")
	w.names.of[key] = s
	return s
}

func (w *cfnWriter) subnet(s *design.Subnet) {
	id := s.ID
	p := obj("VpcId", w.ref(s.VPC, id, "VpcId"))
	if zoneID(s.AZ) {
		p.set("AvailabilityZoneId", s.AZ)
	} else if design.IsUnknown(s.AZ) {
		// One parameter per VPC and unknown zone: subnets of one VPC that
		// share the zone's expression share it; another VPC's are its own.
		p.set("AvailabilityZone", w.param("az "+s.VPC+" "+s.AZ, w.names.name(s.VPC)+"AvailabilityZone", "String",
			fmt.Sprintf("AvailabilityZone of the subnets of %s: unknown in the design (%s)", s.VPC, design.UnknownReason(s.AZ)), nil))
	} else {
		p.set("AvailabilityZone", s.AZ)
	}
	p.set("CidrBlock", w.str(s.CIDR, id, "CidrBlock"))
	var deps []string
	if s.IPv6CIDR != "" {
		p.set("Ipv6CidrBlock", w.subnetIPv6(s))
		if v := w.d.VPCs[s.VPC]; v != nil && len(v.IPv6CIDRs) > 0 && w.here(v.ID) {
			deps = append(deps, w.ipv6Block(v.ID))
		}
	}
	if s.CIDR == "" {
		p.set("Ipv6Native", true)
	}
	if s.MapPublicIP {
		p.set("MapPublicIpOnLaunch", true)
	}
	p.set("Tags", w.tags(s.Base))
	r := newResource("AWS::EC2::Subnet", id, p, deps...)
	if s.Tier != "" {
		meta(r, "tier", s.Tier)
	}
	w.res.add(w.names.name(id), r)
}

// subnetIPv6 returns a subnet's IPv6 block: its /64 of the VPC's
// Amazon-provided block by position, or a parameter.
func (w *cfnWriter) subnetIPv6(s *design.Subnet) any {
	v := w.d.VPCs[s.VPC]
	if v == nil || len(v.IPv6CIDRs) == 0 || !w.here(v.ID) {
		return w.str(s.IPv6CIDR, s.ID, "Ipv6CidrBlock")
	}
	index, newBits, ok := ipv6Position(v, s)
	if !ok {
		return w.str(s.IPv6CIDR, s.ID, "Ipv6CidrBlock")
	}
	return obj("Fn::Select", []any{index, obj("Fn::Cidr", []any{
		obj("Fn::Select", []any{0, getAtt(w.names.name(v.ID), "Ipv6CidrBlocks")}), min(1<<newBits, 256), "64"})})
}

// amazonIPv6Bits is the prefix length of the IPv6 block AWS provides a VPC.
const amazonIPv6Bits = 56

// ipv6Position returns the place of a subnet's /64 in its VPC's first IPv6
// block and the bits that address it: from the two blocks when both are
// known, or from the position the importer recorded when the subnet's
// block is unknown ("Fn::Cidr[3] of Fn::GetAtt VPC.Ipv6CidrBlocks"), in the
// /56 AWS provides.
func ipv6Position(v *design.VPC, s *design.Subnet) (index, newBits int, ok bool) {
	if design.IsUnknown(s.IPv6CIDR) {
		reason := design.UnknownReason(s.IPv6CIDR)
		rest, found := strings.CutPrefix(reason, "Fn::Cidr[")
		if !found || !strings.HasSuffix(reason, ".Ipv6CidrBlocks") {
			return 0, 0, false
		}
		n, _, found := strings.Cut(rest, "]")
		i, err := strconv.Atoi(n)
		bits := amazonIPv6Bits
		if vp, err := netip.ParsePrefix(v.IPv6CIDRs[0]); err == nil {
			bits = vp.Bits()
		}
		if !found || err != nil || i < 0 || bits < 48 || bits > 64 || i >= 1<<(64-bits) {
			return 0, 0, false
		}
		return i, 64 - bits, true
	}
	vp, err1 := netip.ParsePrefix(v.IPv6CIDRs[0])
	sp, err2 := netip.ParsePrefix(s.IPv6CIDR)
	if err1 != nil || err2 != nil || sp.Bits() != 64 || vp.Bits() < 48 || vp.Bits() > 64 || !vp.Contains(sp.Addr()) {
		return 0, 0, false
	}
	a, b := vp.Masked().Addr().As16(), sp.Masked().Addr().As16()
	return (int(b[6])<<8 | int(b[7])) - (int(a[6])<<8 | int(a[7])), 64 - vp.Bits(), true
}

// zoneID reports whether az is a zone ID ("use1-az1") rather than a name.
func zoneID(az string) bool {
	i := strings.Index(az, "-az")
	return i > 0 && i+3 < len(az) && !design.IsUnknown(az)
}

func (w *cfnWriter) prefixList(pl *design.PrefixList) {
	family := "IPv4"
	var entries []any
	for _, e := range pl.Entries {
		if isIPv6(e) {
			family = "IPv6"
		}
		entries = append(entries, obj("Cidr", w.str(e, pl.ID, "Cidr")))
	}
	w.add(w.names.name(pl.ID), "AWS::EC2::PrefixList", pl.ID, obj(
		"PrefixListName", w.str(pl.Name, pl.ID, "PrefixListName"),
		"AddressFamily", family,
		"MaxEntries", max(1, len(pl.Entries)),
		"Entries", entries,
		"Tags", w.tags(pl.Base)))
}

func (w *cfnWriter) internetGateway(g *design.InternetGateway) {
	w.add(w.names.name(g.ID), "AWS::EC2::InternetGateway", g.ID, obj("Tags", w.tags(g.Base)))
	if g.VPC != "" {
		w.add(w.attachmentOf(g.ID), "AWS::EC2::VPCGatewayAttachment", "", obj(
			"VpcId", w.ref(g.VPC, g.ID, "VpcId"), "InternetGatewayId", refTo(w.names.name(g.ID))))
	}
}

// attachmentOf is the logical ID of an internet gateway's attachment.
func (w *cfnWriter) attachmentOf(igw string) string {
	key := "attachment " + igw
	if s, ok := w.names.of[key]; ok {
		return s
	}
	s := w.names.fresh(w.names.name(igw) + "Attachment")
	w.names.of[key] = s
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
	r := newResource("AWS::EC2::EIP", e.ID, obj("Domain", "vpc", "Tags", w.tags(e.Base)), deps...)
	if e.Address != "" && !design.IsUnknown(e.Address) {
		meta(r, "address", e.Address)
		w.note("elastic IP %s: AWS allocates the address; the design's %s is kept in the template's metadata only", e.ID, e.Address)
	}
	w.res.add(logical, r)
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
}

func (w *cfnWriter) peering(pc *design.PeeringConnection) {
	id := pc.ID
	p := obj("VpcId", w.ref(pc.Requester, id, "VpcId"), "PeerVpcId", w.ref(pc.Accepter, id, "PeerVpcId"))
	req, acc := w.d.VPCs[pc.Requester], w.d.VPCs[pc.Accepter]
	if req != nil && acc != nil {
		if ra, aa := w.d.AccountOf(req), w.d.AccountOf(acc); aa != "" && aa != ra {
			p.set("PeerOwnerId", aa)
			p.set("PeerRoleArn", w.param("peer role "+id, w.names.name(id)+"PeerRoleArn", "String",
				fmt.Sprintf("ARN of the role in account %s that accepts peering %s (see AWS's VPC peering walkthrough)", aa, id), nil))
			w.note("peering %s: the accepter %s is in account %s; the template takes the accepting role's ARN as a parameter", id, acc.ID, aa)
		}
		if rr, ar := w.d.RegionOf(req), w.d.RegionOf(acc); ar != "" && ar != rr {
			p.set("PeerRegion", ar)
			w.note("peering %s: the accepter %s is in region %s; the connection is requested from %s", id, acc.ID, ar, rr)
		}
	}
	p.set("Tags", w.tags(pc.Base))
	w.add(w.names.name(id), "AWS::EC2::VPCPeeringConnection", id, p)
}

func enable(on bool) string {
	if on {
		return "enable"
	}
	return "disable"
}

func (w *cfnWriter) transitGateway(t *design.TransitGateway) {
	p := newObject()
	if t.ASN != 0 {
		p.set("AmazonSideAsn", t.ASN)
	}
	p.set("DefaultRouteTableAssociation", enable(t.DefaultRouteTableAssociation))
	p.set("DefaultRouteTablePropagation", enable(t.DefaultRouteTablePropagation))
	if t.SecurityGroupReferencing {
		p.set("SecurityGroupReferencingSupport", "enable")
	}
	p.set("Tags", w.tags(t.Base))
	logical := w.names.name(t.ID)
	w.add(logical, "AWS::EC2::TransitGateway", t.ID, p)
	w.outputs.set(logical+"Id", obj("Description", "ID of transit gateway "+t.ID, "Value", refTo(logical),
		"Export", obj("Name", obj("Fn::Sub", "${AWS::StackName}-"+logical))))
}

// sgReferencingOption returns the value to export for an attachment's
// security group referencing: "enable" when on, "disable" when off on a
// gateway that has it on (the EC2 API enables it on attachments by
// default, CreateTransitGatewayVpcAttachmentRequestOptions), else "" (the
// gateway's default off makes the attachment's option moot).
func sgReferencingOption(d *design.Design, a *design.TransitGatewayAttachment) string {
	if a.SecurityGroupReferencing {
		return "enable"
	}
	if g := d.TransitGateways[a.TransitGateway]; g != nil && g.SecurityGroupReferencing {
		return "disable"
	}
	return ""
}

func (w *cfnWriter) tgwAttachment(a *design.TransitGatewayAttachment) {
	p := obj("TransitGatewayId", w.ref(a.TransitGateway, a.ID, "TransitGatewayId"),
		"VpcId", w.ref(a.VPC, a.ID, "VpcId"),
		"SubnetIds", w.refs(a.Subnets, a.ID, "SubnetIds"))
	opts := newObject()
	if a.ApplianceMode {
		opts.set("ApplianceModeSupport", "enable")
	}
	if v := sgReferencingOption(w.d, a); v != "" {
		opts.set("SecurityGroupReferencingSupport", v)
	}
	if opts.len() > 0 {
		p.set("Options", opts)
	}
	p.set("Tags", w.tags(a.Base))
	w.add(w.names.name(a.ID), "AWS::EC2::TransitGatewayVpcAttachment", a.ID, p)
}

func (w *cfnWriter) tgwRouteTable(t *design.TransitGatewayRouteTable) {
	id, logical := t.ID, w.names.name(t.ID)
	w.add(logical, "AWS::EC2::TransitGatewayRouteTable", id, obj("TransitGatewayId", w.ref(t.TransitGateway, id, "TransitGatewayId"), "Tags", w.tags(t.Base)))
	for _, a := range t.Associations {
		w.add(w.names.fresh(logical+"Association"+logicalID(a)), "AWS::EC2::TransitGatewayRouteTableAssociation", "", obj(
			"TransitGatewayAttachmentId", w.ref(a, id, "TransitGatewayAttachmentId"), "TransitGatewayRouteTableId", refTo(logical)))
	}
	for _, a := range t.Propagations {
		w.add(w.names.fresh(logical+"Propagation"+logicalID(a)), "AWS::EC2::TransitGatewayRouteTablePropagation", "", obj(
			"TransitGatewayAttachmentId", w.ref(a, id, "TransitGatewayAttachmentId"), "TransitGatewayRouteTableId", refTo(logical)))
	}
	for i, r := range t.Routes {
		p := obj("TransitGatewayRouteTableId", refTo(logical), "DestinationCidrBlock", w.str(r.Destination, id, "Route"+strconv.Itoa(i+1)+"Destination"))
		if r.Blackhole {
			p.set("Blackhole", true)
		} else {
			p.set("TransitGatewayAttachmentId", w.ref(r.Attachment, id, "TransitGatewayAttachmentId"))
		}
		w.add(w.names.fresh(logical+"Route"+strconv.Itoa(i+1)), "AWS::EC2::TransitGatewayRoute", "", p)
	}
}

// localhostEgress is the egress rule AWS documents for a group that sends
// nothing: it replaces the allow-all rule a new group gets.
var localhostEgress = obj("IpProtocol", "-1", "CidrIp", "127.0.0.1/32", "Description", "no egress: replaces the allow-all rule AWS adds")

func (w *cfnWriter) securityGroup(g *design.SecurityGroup) {
	id := g.ID
	ingress, egress := g.Ingress, g.Egress
	var target any
	if isDefaultGroup(g) && w.d.VPCs[g.VPC] != nil {
		target = getAtt(w.names.name(g.VPC), "DefaultSecurityGroup")
		ingress, egress = ingress[1:], egress[len(worlds(w.d.VPCs[g.VPC])):]
	} else {
		p := obj("GroupDescription", w.str(g.Description, id, "GroupDescription"), "VpcId", w.ref(g.VPC, id, "VpcId"))
		if len(egress) > 0 && egress[0] == allowAllEgress {
			egress = egress[1:]
		} else {
			p.set("SecurityGroupEgress", []any{localhostEgress})
		}
		p.set("Tags", w.tags(g.Base))
		w.add(w.names.name(id), "AWS::EC2::SecurityGroup", id, p)
		target = getAtt(w.names.name(id), "GroupId")
	}
	logical := w.names.name(id)
	for i, r := range ingress {
		w.add(w.names.fresh(logical+"Ingress"+strconv.Itoa(i+1)), "AWS::EC2::SecurityGroupIngress", "", w.sgRule(id, target, r, true))
	}
	for i, r := range egress {
		w.add(w.names.fresh(logical+"Egress"+strconv.Itoa(i+1)), "AWS::EC2::SecurityGroupEgress", "", w.sgRule(id, target, r, false))
	}
}

func (w *cfnWriter) sgRule(id string, group any, r design.SGRule, ingress bool) *object {
	var from, to any
	if f, t, ok := ruleRange(r.Protocol, r.Ports, r.ICMP); ok {
		from, to = f, t
	}
	prefix, group2 := "SourcePrefixListId", "SourceSecurityGroupId"
	if !ingress {
		prefix, group2 = "DestinationPrefixListId", "DestinationSecurityGroupId"
	}
	var peerKey string
	var peer any
	switch {
	case r.CIDR != "" && isIPv6(r.CIDR):
		peerKey, peer = "CidrIpv6", r.CIDR
	case r.CIDR != "":
		peerKey, peer = "CidrIp", w.str(r.CIDR, id, "RuleCidr")
	case r.PrefixList != "":
		peerKey, peer = prefix, w.prefixListRef(r.PrefixList, id)
	case r.Group != "":
		peerKey, peer = group2, w.ref(r.Group, id, "RuleGroup")
	}
	var desc any
	if r.Description != "" {
		desc = r.Description
	}
	return obj("GroupId", group, "IpProtocol", sgProtocol(r.Protocol), "FromPort", from, "ToPort", to,
		peerKey, peer, "Description", desc)
}

// prefixListRef returns a prefix list: a design prefix list, an AWS
// prefix-list ID as written, or a parameter for an unknown one.
func (w *cfnWriter) prefixListRef(pl, owner string) any {
	if _, ok := w.d.PrefixLists[pl]; ok {
		return w.ref(pl, owner, "PrefixListId")
	}
	if design.IsUnknown(pl) {
		reason := design.UnknownReason(pl)
		if name, ok := strings.CutPrefix(reason, "AWS-managed prefix list "); ok {
			return w.param(pl, "PrefixList"+logicalID(name), "String",
				"ID (pl-...) of the AWS-managed prefix list "+name+" in this region (aws ec2 describe-managed-prefix-lists)", nil)
		}
	}
	return w.str(pl, owner, "PrefixListId")
}

func sgProtocol(p design.Protocol) string {
	if p == design.ProtocolAll {
		return "-1"
	}
	return string(p)
}

func (w *cfnWriter) networkACL(n *design.NetworkACL) {
	id := n.ID
	var target any
	in, out := n.Inbound, n.Outbound
	var base string
	if n.Default && w.d.VPCs[n.VPC] != nil {
		target = getAtt(w.names.name(n.VPC), "DefaultNetworkAcl")
		k := len(worlds(w.d.VPCs[n.VPC]))
		in, out = skipAWSEntries(in, k), skipAWSEntries(out, k)
		base = w.names.name(id)
	} else {
		base = w.names.name(id)
		w.add(base, "AWS::EC2::NetworkAcl", id, obj("VpcId", w.ref(n.VPC, id, "VpcId"), "Tags", w.tags(n.Base)))
		target = refTo(base)
	}
	for _, dir := range []struct {
		entries []design.NACLEntry
		egress  bool
		name    string
	}{{in, false, "In"}, {out, true, "Out"}} {
		for _, e := range dir.entries {
			cidrKey, cidr := "Ipv6CidrBlock", any(e.CIDR)
			if !isIPv6(e.CIDR) {
				cidrKey, cidr = "CidrBlock", w.str(e.CIDR, id, "EntryCidr")
			}
			var rangeKey string
			var rng any
			if from, to, ok := ruleRange(e.Protocol, e.Ports, e.ICMP); ok && e.Protocol.HasPorts() {
				rangeKey, rng = "PortRange", obj("From", from, "To", to)
			} else if ok {
				rangeKey, rng = "Icmp", obj("Type", from, "Code", to)
			}
			p := obj("NetworkAclId", target, "RuleNumber", e.Number, "Protocol", e.Protocol.Number(),
				"RuleAction", string(e.Action), "Egress", dir.egress, cidrKey, cidr, rangeKey, rng)
			w.add(w.names.fresh(base+dir.name+strconv.Itoa(e.Number)), "AWS::EC2::NetworkAclEntry", "", p)
		}
	}
	for _, s := range n.Subnets {
		w.add(w.names.fresh(w.names.name(s)+"NetworkAclAssociation"), "AWS::EC2::SubnetNetworkAclAssociation", "", obj(
			"SubnetId", w.ref(s, id, "SubnetId"), "NetworkAclId", target))
	}
}

// skipAWSEntries drops the first k entries of a default ACL in its
// CloudFormation form, which are AWS's own (numbers 100 and 101).
func skipAWSEntries(es []design.NACLEntry, k int) []design.NACLEntry {
	var out []design.NACLEntry
	for _, e := range es {
		if e.Number >= 100 && e.Number < 100+k && e.Action == design.Allow && e.Protocol == design.ProtocolAll {
			continue
		}
		out = append(out, e)
	}
	return out
}

func (w *cfnWriter) routeTable(rt *design.RouteTable) {
	id := rt.ID
	if rt.Main {
		return // AWS's, empty in the CloudFormation form
	}
	logical := w.names.name(id)
	w.add(logical, "AWS::EC2::RouteTable", id, obj("VpcId", w.ref(rt.VPC, id, "VpcId"), "Tags", w.tags(rt.Base)))
	for i, r := range rt.Routes {
		var destKey string
		var dest any
		switch {
		case r.PrefixList != "":
			destKey, dest = "DestinationPrefixListId", w.prefixListRef(r.PrefixList, id)
		case isIPv6(r.Destination):
			destKey, dest = "DestinationIpv6CidrBlock", r.Destination
		default:
			destKey, dest = "DestinationCidrBlock", w.str(r.Destination, id, "Route"+strconv.Itoa(i+1)+"Destination")
		}
		targetKey, target, deps := w.routeTarget(rt, r.Target)
		p := obj("RouteTableId", refTo(logical), destKey, dest, targetKey, target)
		w.add(w.names.fresh(logical+"Route"+strconv.Itoa(i+1)), "AWS::EC2::Route", "", p, deps...)
	}
	for _, s := range rt.Subnets {
		w.add(w.names.fresh(w.names.name(s)+"RouteTableAssociation"), "AWS::EC2::SubnetRouteTableAssociation", "", obj(
			"SubnetId", w.ref(s, id, "SubnetId"), "RouteTableId", refTo(logical)))
	}
	for _, g := range rt.Gateways {
		var deps []string
		if gw := w.d.InternetGateways[g]; w.here(g) && gw != nil && gw.VPC != "" {
			deps = append(deps, w.attachmentOf(g))
		}
		w.add(w.names.fresh(w.names.name(g)+"RouteTableAssociation"), "AWS::EC2::GatewayRouteTableAssociation", "", obj(
			"GatewayId", w.ref(g, id, "GatewayId"), "RouteTableId", refTo(logical)), deps...)
	}
}

// routeTarget returns the target property of a route of rt and what the
// route must wait for: an internet gateway's attachment, a transit
// gateway's attachment to the table's VPC.
func (w *cfnWriter) routeTarget(rt *design.RouteTable, t design.Target) (key string, target any, deps []string) {
	switch t.Type {
	case design.TargetLocal:
		return "GatewayId", "local", nil
	case design.TargetInternetGateway:
		key = "GatewayId"
		if w.here(t.ID) && w.d.InternetGateways[t.ID] != nil && w.d.InternetGateways[t.ID].VPC != "" {
			deps = append(deps, w.attachmentOf(t.ID))
		}
	case design.TargetEgressOnlyInternetGateway:
		key = "EgressOnlyInternetGatewayId"
	case design.TargetNATGateway:
		key = "NatGatewayId"
	case design.TargetPeeringConnection:
		key = "VpcPeeringConnectionId"
	case design.TargetTransitGateway:
		key = "TransitGatewayId"
		for _, aid := range w.x.AttachmentsBetween(t.ID, rt.VPC) {
			if w.here(aid) {
				deps = append(deps, w.names.name(aid))
			}
		}
	case design.TargetVPCEndpoint:
		key = "VpcEndpointId"
	case design.TargetNetworkInterface:
		key = "InstanceId"
		if wl := w.d.Workloads[t.ID]; wl == nil || wl.Type == design.WorkloadENI {
			key = "NetworkInterfaceId"
		}
	}
	return key, w.ref(t.ID, rt.ID, key), deps
}

func (w *cfnWriter) endpoint(e *design.VPCEndpoint) {
	id := e.ID
	p := obj("VpcId", w.ref(e.VPC, id, "VpcId"))
	if e.EndpointService != "" && w.here(e.EndpointService) {
		p.set("ServiceName", obj("Fn::Sub", "com.amazonaws.vpce.${AWS::Region}.${"+w.names.name(e.EndpointService)+"}"))
	} else if e.EndpointService != "" {
		p.set("ServiceName", w.param("service name "+e.EndpointService, w.names.name(e.EndpointService)+"ServiceName", "String",
			fmt.Sprintf("service name of endpoint service %s, from the template of %s", e.EndpointService, w.pl.of(e.EndpointService)), nil))
	} else {
		p.set("ServiceName", w.str(e.Service, id, "ServiceName"))
	}
	p.set("VpcEndpointType", map[design.EndpointType]string{
		design.EndpointGateway: "Gateway", design.EndpointInterface: "Interface", design.EndpointGatewayLoadBalancer: "GatewayLoadBalancer"}[e.Type])
	p.set("RouteTableIds", w.refs(e.RouteTables, id, "RouteTableIds"))
	p.set("SubnetIds", w.refs(e.Subnets, id, "SubnetIds"))
	p.set("SecurityGroupIds", w.refs(e.SecurityGroups, id, "SecurityGroupIds"))
	if e.Type == design.EndpointInterface {
		p.set("PrivateDnsEnabled", e.PrivateDNS)
	}
	p.set("Tags", w.tags(e.Base))
	w.add(w.names.name(id), "AWS::EC2::VPCEndpoint", id, p)
}

func (w *cfnWriter) endpointService(s *design.EndpointService) {
	nlbs, gwlbs := loadBalancersByType(w.d, s.LoadBalancers)
	w.add(w.names.name(s.ID), "AWS::EC2::VPCEndpointService", s.ID, obj(
		"NetworkLoadBalancerArns", w.refs(nlbs, s.ID, "NetworkLoadBalancerArns"),
		"GatewayLoadBalancerArns", w.refs(gwlbs, s.ID, "GatewayLoadBalancerArns"),
		"AcceptanceRequired", s.AcceptanceRequired,
		"Tags", w.tags(s.Base)))
}

func (w *cfnWriter) flowLog(f *design.FlowLog) {
	id := f.ID
	typ := "VPC"
	switch {
	case w.d.Subnets[f.Resource] != nil:
		typ = "Subnet"
	case w.d.Workloads[f.Resource] != nil, design.IsUnknown(f.Resource):
		typ = "NetworkInterface"
	}
	p := obj("ResourceId", w.ref(f.Resource, id, "ResourceId"), "ResourceType", typ, "TrafficType", f.TrafficType,
		"LogDestinationType", f.Destination)
	switch {
	case f.Destination == "cloud-watch-logs" && !strings.HasPrefix(f.DestinationARN, "arn:") && !design.IsUnknown(f.DestinationARN):
		p.set("LogGroupName", f.DestinationARN)
	default:
		p.set("LogDestination", w.str(f.DestinationARN, id, "LogDestination"))
	}
	if f.Destination == "cloud-watch-logs" {
		p.set("DeliverLogsPermissionArn", w.param("flow logs role", "FlowLogsRoleArn", "String",
			"ARN of the IAM role that lets VPC Flow Logs publish to CloudWatch Logs", nil))
	}
	p.set("Tags", w.tags(f.Base))
	w.add(w.names.name(id), "AWS::EC2::FlowLog", id, p)
}
