package design_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
)

func TestApplyRefusesStructuralErrorsAndLeavesDesignUnchanged(t *testing.T) {
	tests := []struct {
		name     string
		op       string
		wantPath string
		want     design.Reason
	}{
		{"malformed cidr", `{"op":"put","kind":"subnet","id":"n","value":{"vpc":"web-vpc","az":"us-east-1a","cidr":"10.0.0.0/33"}}`, "subnet[n].cidr", design.ReasonCIDR},
		{"dangling vpc", `{"op":"put","kind":"subnet","id":"n","value":{"vpc":"nope","az":"us-east-1a","cidr":"10.0.9.0/24"}}`, "subnet[n].vpc", design.ReasonDangling},
		{"wrong kind", `{"op":"put","kind":"subnet","id":"n","value":{"vpc":"app-a","az":"us-east-1a","cidr":"10.0.9.0/24"}}`, "subnet[n].vpc", design.ReasonWrongKind},
		{"missing vpc", `{"op":"put","kind":"subnet","id":"n","value":{"az":"us-east-1a","cidr":"10.0.9.0/24"}}`, "subnet[n].vpc", design.ReasonInvalid},
		{"id of another kind", `{"op":"put","kind":"subnet","id":"web-vpc","value":{"vpc":"web-vpc","az":"us-east-1a","cidr":"10.0.9.0/24"}}`, "subnet[web-vpc].id", design.ReasonIDTaken},
		{"bad id", `{"op":"put","kind":"subnet","id":"<script>","value":{"vpc":"web-vpc","az":"us-east-1a","cidr":"10.0.9.0/24"}}`, "subnet[<script>].id", design.ReasonInvalid},
		{"unknown kind", `{"op":"put","kind":"router","id":"r","value":{}}`, "kind", design.ReasonInvalid},
		{"unknown op", `{"op":"patch","kind":"subnet","id":"app-a","value":{}}`, "op", design.ReasonInvalid},
		{"unknown field", `{"op":"put","kind":"subnet","id":"n","value":{"vpc":"web-vpc","cidrr":"10.0.9.0/24"}}`, "subnet[n]", design.ReasonFormat},
		{"missing value", `{"op":"put","kind":"subnet","id":"n"}`, "value", design.ReasonInvalid},
		{"port out of range", `{"op":"put","kind":"security-group","id":"g","value":{"vpc":"web-vpc","ingress":[{"protocol":"tcp","ports":{"from":1,"to":70000},"cidr":"0.0.0.0/0"}]}}`, "security-group[g].ingress[0].ports", design.ReasonInvalid},
		{"route target wrong kind", `{"op":"put","kind":"route-table","id":"r","value":{"vpc":"web-vpc","routes":[{"destination":"0.0.0.0/0","target":{"type":"internet-gateway","id":"nat-a"}}]}}`, "route-table[r].routes[0].target.id", design.ReasonWrongKind},
		{"edge association with a subnet", `{"op":"put","kind":"route-table","id":"r","value":{"vpc":"web-vpc","gateways":["app-a"]}}`, "route-table[r].gateways[0]", design.ReasonWrongKind},
		{"edge association dangling", `{"op":"put","kind":"route-table","id":"r","value":{"vpc":"web-vpc","gateways":["igw-nope"]}}`, "route-table[r].gateways[0]", design.ReasonDangling},
		{"delete referenced", `{"op":"delete","kind":"subnet","id":"app-a"}`, "subnet[app-a]", design.ReasonInUse},
		{"delete missing", `{"op":"delete","kind":"subnet","id":"zzz"}`, "subnet[zzz]", design.ReasonDangling},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := exampleDesign(t)
			before, _ := design.Marshal(d)
			var op design.Op
			if err := json.Unmarshal([]byte(tt.op), &op); err != nil {
				t.Fatal(err)
			}
			err := design.Apply(d, op)
			var fe *design.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Apply(%s) = %v; want a *FieldError", tt.op, err)
			}
			if fe.Path != tt.wantPath || fe.Reason != tt.want {
				t.Errorf("Apply(%s) = path %q reason %d (%v); want path %q reason %d", tt.op, fe.Path, fe.Reason, fe, tt.wantPath, tt.want)
			}
			if !errors.Is(err, design.ErrStructure) {
				t.Errorf("errors.Is(%v, ErrStructure) = false", err)
			}
			after, _ := design.Marshal(d)
			if !bytes.Equal(before, after) {
				t.Errorf("Apply(%s) failed but changed the design", tt.op)
			}
		})
	}
}

func TestApplyPutAndDelete(t *testing.T) {
	d := exampleDesign(t)
	var put design.Op
	if err := json.Unmarshal([]byte(`{"op":"put","kind":"subnet","id":"app-c","value":{"vpc":"web-vpc","az":"us-east-1c","cidr":"10.0.12.0/24","tier":"app"}}`), &put); err != nil {
		t.Fatal(err)
	}
	if err := design.Apply(d, put); err != nil {
		t.Fatalf("Apply(put app-c) = %v", err)
	}
	s := d.Subnets["app-c"]
	if s == nil || s.ID != "app-c" || s.CIDR != "10.0.12.0/24" || s.AZ != "us-east-1c" {
		t.Fatalf("after put, Subnets[app-c] = %+v", s)
	}
	// Replace, then delete.
	s2 := *s
	s2.CIDR = "10.0.13.0/24"
	if err := design.Apply(d, design.Put(&s2)); err != nil {
		t.Fatal(err)
	}
	if got := d.Subnets["app-c"].CIDR; got != "10.0.13.0/24" {
		t.Errorf("after replace, cidr = %s; want 10.0.13.0/24", got)
	}
	if err := design.Apply(d, design.Delete(design.KindSubnet, "app-c")); err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Subnets["app-c"]; ok {
		t.Error("app-c still there after delete")
	}
}

func TestApplyBatchIsAtomicAndSeesItsOwnResources(t *testing.T) {
	d := design.New("batch")
	v := &design.VPC{CIDR: "10.0.0.0/16"}
	v.ID = "v"
	if err := design.Apply(d, design.NewVPCOps(v)...); err != nil {
		t.Fatalf("NewVPCOps: %v", err)
	}
	if d.RouteTables[design.MainRouteTableID("v")] == nil || d.NetworkACLs[design.DefaultNetworkACLID("v")] == nil || d.SecurityGroups[design.DefaultSecurityGroupID("v")] == nil {
		t.Fatal("NewVPCOps did not create the main route table, default NACL and default SG")
	}
	a := &design.SecurityGroup{VPC: "v", Egress: []design.SGRule{{Protocol: design.ProtocolAll, Group: "b"}}}
	a.ID = "a"
	b := &design.SecurityGroup{VPC: "v", Ingress: []design.SGRule{{Protocol: design.ProtocolAll, Group: "a"}}}
	b.ID = "b"
	if err := design.Apply(d, design.Put(a), design.Put(b)); err != nil {
		t.Fatalf("groups naming each other in one batch: %v", err)
	}
	// A failing last op leaves every earlier op of the batch unapplied.
	before, _ := design.Marshal(d)
	c := &design.SecurityGroup{VPC: "v"}
	c.ID = "c"
	err := design.Apply(d, design.Put(c), design.Delete(design.KindSecurityGroup, "a"))
	if err == nil || !strings.Contains(err.Error(), "ops[1].security-group[a]") || !strings.Contains(err.Error(), "still referenced by security-group[b]") {
		t.Fatalf("Apply(put c, delete a) = %v; want ops[1] refused as still referenced by b", err)
	}
	after, _ := design.Marshal(d)
	if !bytes.Equal(before, after) {
		t.Error("a refused batch changed the design")
	}
	// Deleting both in one batch works.
	if err := design.Apply(d, design.Delete(design.KindSecurityGroup, "a"), design.Delete(design.KindSecurityGroup, "b")); err != nil {
		t.Errorf("delete a and b together: %v", err)
	}
}

func TestOpJSONRoundTrip(t *testing.T) {
	s := &design.Subnet{VPC: "v", AZ: "us-east-1a", CIDR: "10.0.1.0/24"}
	s.ID = "s"
	b, err := json.Marshal(design.Put(s))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"op":"put","kind":"subnet","id":"s","value":{"vpc":"v","az":"us-east-1a","cidr":"10.0.1.0/24"}}`
	if string(b) != want {
		t.Errorf("json.Marshal(Put(s)) = %s; want %s", b, want)
	}
}

func TestParseProtocol(t *testing.T) {
	tests := []struct {
		in   string
		want design.Protocol
		err  bool
	}{
		{"-1", design.ProtocolAll, false}, {"6", design.ProtocolTCP, false}, {"tcp", design.ProtocolTCP, false},
		{"TCP", design.ProtocolTCP, false}, {"17", design.ProtocolUDP, false}, {"1", design.ProtocolICMP, false},
		{"58", design.ProtocolICMPv6, false}, {"47", "47", false}, {"tcpp", "", true}, {"256", "", true}, {"", "", true},
	}
	for _, tt := range tests {
		got, err := design.ParseProtocol(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseProtocol(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func ExampleApply() {
	d := design.New("demo")
	v := &design.VPC{CIDR: "10.0.0.0/16"}
	v.ID = "app-vpc"
	if err := design.Apply(d, design.NewVPCOps(v)...); err != nil {
		panic(err)
	}
	s := &design.Subnet{VPC: "app-vpc", AZ: "us-east-1a", CIDR: "10.0.1.0/24"}
	s.ID = "app-a"
	fmt.Println(design.Apply(d, design.Put(s)))
	bad := &design.Subnet{VPC: "db-vpc", AZ: "us-east-1a", CIDR: "10.0.2.0/24"}
	bad.ID = "db-a"
	fmt.Println(design.Apply(d, design.Put(bad)))
	// Output:
	// <nil>
	// subnet[db-a].vpc: no vpc with id "db-vpc"
}

// OpsTo turns one design into another: applied, the document is the
// other's, byte for byte.
func TestOpsTo(t *testing.T) {
	for _, pair := range [][2]string{{"three-tier", "hub-and-spoke"}, {"hub-and-spoke", "peered-s3"}, {"peered-s3", "three-tier"}, {"three-tier", "three-tier"}} {
		from, to := designtest.Example(t, pair[0]), designtest.Example(t, pair[1])
		to.Name, to.Region, to.Account = from.Name, from.Region, from.Account // not resources
		ops := design.OpsTo(from, to)
		if pair[0] == pair[1] && len(ops) != 0 {
			t.Errorf("OpsTo of a design to itself = %d ops", len(ops))
		}
		if err := design.Apply(from, ops...); err != nil {
			t.Fatalf("%s -> %s: %v", pair[0], pair[1], err)
		}
		a, _ := design.Marshal(from)
		b, _ := design.Marshal(to)
		if string(a) != string(b) {
			t.Errorf("%s -> %s: the result is not the target", pair[0], pair[1])
		}
	}
}

// Apply on a shallow copy leaves the original as it was, byte for byte:
// a put and a cascading delete on the copy change none of the
// original's collections or resources.
func TestApplyOnShallowCopyLeavesOriginal(t *testing.T) {
	d := exampleDesign(t)
	want, err := design.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	c := d.Shallow()
	s := *c.Subnets["app-a"]
	s.CIDR = "10.0.99.0/24"
	if err := design.Apply(c, design.Put(&s)); err != nil {
		t.Fatal(err)
	}
	if err := design.Apply(c, design.Op{Op: design.OpDelete, ID: "web-vpc", Cascade: true}); err != nil {
		t.Fatal(err)
	}
	got, err := design.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("Apply on the shallow copy changed the original")
	}
	if len(c.VPCs) == len(d.VPCs) {
		t.Error("the copy kept the VPC it deleted")
	}
}
