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
