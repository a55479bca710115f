package design_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

func applyJSON(t *testing.T, d *design.Design, op string) error {
	t.Helper()
	var o design.Op
	if err := json.Unmarshal([]byte(op), &o); err != nil {
		t.Fatal(err)
	}
	return design.Apply(d, o)
}

// A delete without cascade names every field that still references the
// resource; a delete without a kind takes the resource's.
func TestDeleteRefusedListsReferrers(t *testing.T) {
	d := exampleDesign(t)
	err := applyJSON(t, d, `{"op":"delete","id":"public-a"}`)
	var fe *design.FieldError
	if !errors.As(err, &fe) || fe.Reason != design.ReasonInUse {
		t.Fatalf("delete public-a = %v; want ReasonInUse", err)
	}
	for _, want := range d.Referrers("public-a") {
		if !strings.Contains(fe.Msg, want) {
			t.Errorf("refusal %q does not name %s", fe.Msg, want)
		}
	}
	if len(d.Referrers("public-a")) < 2 {
		t.Errorf("Referrers(public-a) = %v; want the NAT gateway and the route table at least", d.Referrers("public-a"))
	}
	if err := applyJSON(t, d, `{"op":"delete","id":"no-such"}`); err == nil || !strings.Contains(err.Error(), "no-such") {
		t.Errorf("delete of a missing ID = %v; want an error naming it", err)
	}
}

// A cascading delete of a subnet drops it from association lists, deletes
// what cannot live without it (the NAT gateway in it), and in turn the
// routes to that NAT gateway; the result checks clean.
func TestCascadeDeleteSubnet(t *testing.T) {
	d := exampleDesign(t)
	nat := ""
	for _, id := range design.SortedIDs(d.NATGateways) {
		if d.NATGateways[id].Subnet == "public-a" {
			nat = id
		}
	}
	if nat == "" {
		t.Fatal("the example has no NAT gateway in public-a")
	}
	var tables []string
	for _, id := range design.SortedIDs(d.RouteTables) {
		for _, r := range d.RouteTables[id].Routes {
			if r.Target.ID == nat {
				tables = append(tables, id)
			}
		}
	}
	if err := applyJSON(t, d, `{"op":"delete","id":"public-a","cascade":true}`); err != nil {
		t.Fatalf("cascading delete of public-a: %v", err)
	}
	if _, ok := d.Lookup("public-a"); ok {
		t.Error("public-a is still there")
	}
	if _, ok := d.Lookup(nat); ok {
		t.Errorf("NAT gateway %s in public-a is still there", nat)
	}
	for _, id := range tables {
		rt, ok := d.RouteTables[id]
		if !ok {
			t.Errorf("route table %s was deleted; want only its route to %s removed", id, nat)
			continue
		}
		if slices.ContainsFunc(rt.Routes, func(r design.Route) bool { return r.Target.ID == nat }) {
			t.Errorf("route table %s still routes to %s", id, nat)
		}
	}
	for _, rt := range d.RouteTables {
		if slices.Contains(rt.Subnets, "public-a") {
			t.Errorf("route table %s still lists public-a", rt.ID)
		}
	}
	if errs := design.Check(d); len(errs) > 0 {
		t.Errorf("Check after the cascade: %v", errs)
	}
}

// Deleting a VPC with cascade leaves nothing of it.
func TestCascadeDeleteVPC(t *testing.T) {
	d := exampleDesign(t)
	ops, err := design.CascadeDelete(d, "web-vpc")
	if err != nil {
		t.Fatal(err)
	}
	if err := design.Apply(d, ops...); err != nil {
		t.Fatalf("Apply(CascadeDelete(web-vpc)): %v", err)
	}
	if len(d.VPCs) != 0 || len(d.Subnets) != 0 || len(d.RouteTables) != 0 || len(d.SecurityGroups) != 0 {
		t.Errorf("after deleting the only VPC: %d VPCs, %d subnets, %d tables, %d groups; want none", len(d.VPCs), len(d.Subnets), len(d.RouteTables), len(d.SecurityGroups))
	}
	if errs := design.Check(d); len(errs) > 0 {
		t.Errorf("Check after the cascade: %v", errs)
	}
}
