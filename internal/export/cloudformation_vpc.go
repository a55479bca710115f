package export

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

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
	w.output(id, "VPC", refTo(logical))
}

// zone returns the availability zone (name or ID) az of a subnet: as
// written, or in a portable template a parameter of type typ whose
// default is az, one per zone, so that subnets drawn in one zone share it
// in any region and the drawn region needs no input.
func (w *cfnWriter) zone(az, typ, what string) any {
	if !w.portable {
		return az
	}
	name := "AvailabilityZone"
	if typ == "String" {
		name += "Id"
	}
	if rest, ok := strings.CutPrefix(az, w.region()); ok && rest != "" {
		name += strings.ToUpper(rest[:1]) + rest[1:] // us-east-1a: AvailabilityZoneA
	} else {
		name += az
	}
	return w.param("zone "+az, logicalID(name), typ,
		fmt.Sprintf("%s of the subnets drawn in %s (the default); subnets that share a zone share this parameter", what, az), az)
}

// ipv6Block is the logical ID of a VPC's Amazon-provided IPv6 block.
func (w *cfnWriter) ipv6Block(vpc string) string {
	s, _ := w.names.derived("ipv6 block "+vpc, w.names.name(vpc)+"Ipv6")
	return s
}

func (w *cfnWriter) subnet(s *design.Subnet) {
	id := s.ID
	p := withRoom(8) // room for all its keys: no growing
	p.set("VpcId", w.ref(s.VPC, id, "VpcId"))
	if zoneID(s.AZ) {
		p.set("AvailabilityZoneId", w.zone(s.AZ, "String", "ID of the availability zone"))
	} else if design.IsUnknown(s.AZ) {
		// One parameter per VPC and unknown zone: subnets of one VPC that
		// share the zone's expression share it; another VPC's are its own.
		p.set("AvailabilityZone", w.param("az "+s.VPC+" "+s.AZ, w.names.name(s.VPC)+"AvailabilityZone", "String",
			fmt.Sprintf("AvailabilityZone of the subnets of %s: unknown in the design (%s)", s.VPC, design.UnknownReason(s.AZ)), nil))
	} else {
		p.set("AvailabilityZone", w.zone(s.AZ, "AWS::EC2::AvailabilityZone::Name", "availability zone"))
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
	r := w.newResource("AWS::EC2::Subnet", id, p, deps...)
	if s.Tier != "" {
		meta(r, "tier", s.Tier)
	}
	w.put(w.names.name(id), id, r)
	w.output(id, "subnet", w.ref(id, id, "")) // the Ref that route tables and workloads use too
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
