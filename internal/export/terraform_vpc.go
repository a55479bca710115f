package export

import (
	"fmt"
	"net/netip"
	"strconv"

	"github.com/vpcboard/vpcboard/internal/design"
)

func (w *tfWriter) managedPrefixList(pl *design.PrefixList) {
	id := pl.ID
	family := "IPv4"
	var entries []any
	for _, e := range pl.Entries {
		if isIPv6(e) {
			family = "IPv6"
		}
		entries = append(entries, obj("cidr", w.str(e, id, "entry")))
	}
	name := pl.Name
	if name == "" {
		name = id
	}
	w.add("aws_ec2_managed_prefix_list", w.names.name(id), id, obj("name", w.str(name, id, "name"), "address_family", family,
		"max_entries", max(1, len(pl.Entries)), "entry", entries, "tags", w.tags(pl.Base)))
}

func (w *tfWriter) vpc(v *design.VPC) {
	id := v.ID
	body := obj("cidr_block", w.str(v.CIDR, id, "cidr_block"))
	if v.DNSSupport != nil {
		body.set("enable_dns_support", *v.DNSSupport)
	}
	if v.DNSHostnames != nil {
		body.set("enable_dns_hostnames", *v.DNSHostnames)
	}
	if len(v.IPv6CIDRs) > 0 {
		body.set("assign_generated_ipv6_cidr_block", true)
		if !design.IsUnknown(v.IPv6CIDRs[0]) {
			w.note("vpc %s: its IPv6 block %s is Amazon-provided on deployment; subnets keep their place in it", id, v.IPv6CIDRs[0])
		}
		if len(v.IPv6CIDRs) > 1 {
			w.note("vpc %s: only the first IPv6 block is exported (AWS provides it)", id)
		}
	}
	body.set("tags", w.tags(v.Base))
	w.add("aws_vpc", w.names.name(id), id, body)
	for i, c := range v.SecondaryCIDRs {
		name := w.sub(id, "cidr"+strconv.Itoa(i+2))
		w.names.of["cidr "+id+strconv.Itoa(i)] = name
		w.add("aws_vpc_ipv4_cidr_block_association", name, id, obj("vpc_id", w.ref(id, id, "id"), "cidr_block", w.str(c, id, "secondary_cidr")))
	}
}

func (w *tfWriter) subnet(s *design.Subnet) {
	id := s.ID
	body := newObject()
	if s.Tier != "" {
		body.set("//", "tier: "+s.Tier)
	}
	body.set("vpc_id", w.ref(s.VPC, id, "vpc_id"))
	if zoneID(s.AZ) {
		body.set("availability_zone_id", s.AZ)
	} else if design.IsUnknown(s.AZ) {
		// One variable per VPC and unknown zone, as in CloudFormation.
		body.set("availability_zone", w.variable("az "+s.VPC+" "+s.AZ, s.VPC+"_availability_zone",
			fmt.Sprintf("availability_zone of the subnets of %s: unknown in the design (%s)", s.VPC, design.UnknownReason(s.AZ)), nil))
	} else {
		body.set("availability_zone", s.AZ)
	}
	body.set("cidr_block", w.str(s.CIDR, id, "cidr_block"))
	if s.IPv6CIDR != "" {
		body.set("ipv6_cidr_block", w.subnetIPv6(s))
	}
	if s.CIDR == "" {
		body.set("ipv6_native", true)
	}
	if s.MapPublicIP {
		body.set("map_public_ip_on_launch", true)
	}
	body.set("tags", w.tags(s.Base))
	body.set("depends_on", strList(w.secondaryOf(s)))
	w.add("aws_subnet", w.names.name(id), id, body)
}

// secondaryOf returns the address of the secondary block association a
// subnet's block lies in, if any: the subnet waits for it.
func (w *tfWriter) secondaryOf(s *design.Subnet) []string {
	v := w.d.VPCs[s.VPC]
	sp, err := netip.ParsePrefix(s.CIDR)
	if v == nil || err != nil {
		return nil
	}
	for i, c := range v.SecondaryCIDRs {
		if vp, err := netip.ParsePrefix(c); err == nil && vp.Contains(sp.Addr()) {
			return []string{"aws_vpc_ipv4_cidr_block_association." + w.names.of["cidr "+v.ID+strconv.Itoa(i)]}
		}
	}
	return nil
}

func (w *tfWriter) subnetIPv6(s *design.Subnet) any {
	v := w.d.VPCs[s.VPC]
	if v == nil || len(v.IPv6CIDRs) == 0 {
		return w.str(s.IPv6CIDR, s.ID, "ipv6_cidr_block")
	}
	index, newBits, ok := ipv6Position(v, s)
	if !ok {
		return w.str(s.IPv6CIDR, s.ID, "ipv6_cidr_block")
	}
	return expr(fmt.Sprintf("${cidrsubnet(aws_vpc.%s.ipv6_cidr_block, %d, %d)}", w.names.name(v.ID), newBits, index))
}

// prefixList returns a prefix list ID: a design prefix list, an AWS
// prefix-list ID as written, an AWS-managed list looked up by name.
func (w *tfWriter) prefixList(pl, owner string) any {
	if _, ok := w.d.PrefixLists[pl]; ok {
		return w.ref(pl, owner, "prefix_list_id")
	}
	if managedName(pl) {
		name, made := w.names.derived("data "+pl, tfName(serviceSuffix(pl)))
		if made {
			body := obj("name", w.regionless(pl, owner))
			if alias := w.aliasOf(owner); alias != "" {
				withProvider(body, alias)
			}
			w.data.child("aws_ec2_managed_prefix_list").set(name, body)
		}
		return expr("${data.aws_ec2_managed_prefix_list." + name + ".id}")
	}
	return w.str(pl, owner, "prefix_list_id")
}
