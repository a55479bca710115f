package design_test

import (
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

func TestAssociations(t *testing.T) {
	d := exampleDesign(t)
	// data-b leaves data-rt for the main table; app-nacl, first by ID,
	// also lists app-a and data-a.
	d.RouteTables["data-rt"].Subnets = []string{"data-a"}
	extra := &design.NetworkACL{VPC: "web-vpc", Subnets: []string{"app-a", "data-a"}}
	extra.ID = "app-nacl"
	if err := design.Apply(d, design.Put(extra)); err != nil {
		t.Fatal(err)
	}
	a := d.Associations()
	tests := []struct{ subnet, rt, acl string }{
		{"public-a", "public-rt", "web-vpc.default-nacl"},
		{"app-a", "app-rt-a", "app-nacl"},
		{"data-a", "data-rt", "app-nacl"},           // app-nacl and data-nacl list it: first by ID
		{"data-b", "web-vpc.main-rtb", "data-nacl"}, // no explicit table: the main one
	}
	for _, tt := range tests {
		if got := a.RouteTables[tt.subnet]; got != tt.rt {
			t.Errorf("Associations().RouteTables[%s] = %q; want %q", tt.subnet, got, tt.rt)
		}
		if got := a.NetworkACLs[tt.subnet]; got != tt.acl {
			t.Errorf("Associations().NetworkACLs[%s] = %q; want %q", tt.subnet, got, tt.acl)
		}
	}
}

func TestEachCIDR(t *testing.T) {
	d := exampleDesign(t)
	got := map[string]string{}
	design.EachCIDR(d, func(r design.Resource, value string, at design.FieldPath) {
		got[at.String()] = value
	})
	want := map[string]string{
		"vpc[web-vpc].cidr":                                 "10.0.0.0/16",
		"subnet[app-a].cidr":                                "10.0.10.0/24",
		"route-table[app-rt-a].routes[0].destination":       "0.0.0.0/0",
		"network-acl[data-nacl].inbound[0].cidr":            "10.0.10.0/23",
		"network-acl[data-nacl].outbound[0].cidr":           "10.0.10.0/23",
		"security-group[alb-sg].ingress[0].cidr":            "0.0.0.0/0",
		"security-group[web-vpc.default-sg].egress[0].cidr": "0.0.0.0/0",
	}
	for path, v := range want {
		if got[path] != v {
			t.Errorf("EachCIDR: %s = %q; want %q", path, got[path], v)
		}
	}
	if _, ok := got["security-group[app-sg].ingress[0].cidr"]; ok {
		t.Error("EachCIDR reported a group rule's cidr, which is empty")
	}
}
