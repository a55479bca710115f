package tfconfig

import (
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// A managed instance's id is a stand-in, its address (see
// tfimport.Resource). Creating a VPC also creates its default route
// table, network ACL and security group; their ids get stand-ins too, so
// that the aws_default_* resources that adopt them are found as in a
// state, where the VPC's default_route_table_id is the id of the
// aws_default_route_table.

// madeWith are, by resource type, the attributes holding the ids of what
// creating the resource makes, and the stand-in suffix of each.
var madeWith = map[string]map[string]string{
	"aws_vpc": {
		"default_route_table_id":    ".default_route_table",
		"main_route_table_id":       ".default_route_table",
		"default_network_acl_id":    ".default_network_acl",
		"default_security_group_id": ".default_security_group",
	},
}

// adopts are, by resource type, the attribute naming the object an
// aws_default_* resource adopts: its id is that object's stand-in.
var adopts = map[string]string{
	"aws_default_route_table": "default_route_table_id",
	"aws_default_network_acl": "default_network_acl_id",
}

// standIns sets the stand-in ids of an instance in the attributes
// references see, before they are read.
func standIns(typ, addr string, attrs map[string]cty.Value) {
	attrs["id"] = cty.StringVal(addr)
	for attr, suffix := range madeWith[typ] {
		if v, ok := attrs[attr]; !ok || v.IsNull() {
			attrs[attr] = cty.StringVal(addr + suffix)
		}
	}
	if attr, ok := adopts[typ]; ok {
		if id, ok := knownString(attrs[attr]); ok {
			attrs["id"] = cty.StringVal(id)
			if vpc, ok := strings.CutSuffix(id, "."+strings.TrimSuffix(attr, "_id")); ok && attrs["vpc_id"] == cty.NilVal {
				attrs["vpc_id"] = cty.StringVal(vpc)
			}
		}
	}
	if typ == "aws_default_security_group" {
		if vpc, ok := knownString(attrs["vpc_id"]); ok {
			attrs["id"] = cty.StringVal(vpc + ".default_security_group")
		}
	}
}

// knownString is v's string when v is a known string.
func knownString(v cty.Value) (string, bool) {
	if v == cty.NilVal || v.IsMarked() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// defaultVPCCIDR is the block of every default VPC: AWS creates default
// VPCs with 172.31.0.0/16 and no other.
const defaultVPCCIDR = "172.31.0.0/16"

// providerChosen are, by resource type, the attributes the provider
// chooses when the configuration leaves them null, and why: Values leave
// them out and Unknown says so, rather than reading as absent.
var providerChosen = map[string]map[string]string{
	"aws_vpc":    {"cidr_block": "allocated at apply (IPAM pool or netmask length)"},
	"aws_subnet": {"availability_zone": "chosen by AWS at apply"},
}

// chosen marks the attributes of providerChosen that the configuration
// leaves null as unknown, and gives an adopted default VPC its block.
func (l *loader) chosen(typ, addr string, attrs map[string]cty.Value) {
	for attr, why := range providerChosen[typ] {
		if v, ok := attrs[attr]; !ok || v.IsNull() {
			attrs[attr] = unknownBecause(attr + " of " + addr + " " + why)
		}
	}
	if typ == "aws_default_vpc" {
		if v, ok := attrs["cidr_block"]; !ok || v.IsNull() {
			attrs["cidr_block"] = cty.StringVal(defaultVPCCIDR)
			l.warnf("%s: the default VPC's block is taken to be %s, the block AWS gives every default VPC", addr, defaultVPCCIDR)
		}
	}
}
