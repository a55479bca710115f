package design_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// dependsOnDesign has an instance that waits for a NAT gateway and a
// security group (a template's DependsOn), named in sorted order.
const dependsOnDesign = `{"format":1,"region":"us-east-1",
	"vpcs":{"v":{"cidr":"10.0.0.0/16"}},
	"subnets":{"a":{"vpc":"v","az":"us-east-1a","cidr":"10.0.1.0/24"}},
	"elastic_ips":{"e":{}},
	"nat_gateways":{"n":{"subnet":"a","connectivity":"public","eip":"e"}},
	"security_groups":{"g":{"vpc":"v"}},
	"workloads":{"w":{"type":"instance","interfaces":[{"subnet":"a"}],"depends_on":["g","n"]}}}`

func decodeDependsOn(t *testing.T) *design.Design {
	t.Helper()
	d, err := design.Decode(strings.NewReader(dependsOnDesign))
	if err != nil {
		t.Fatal(err)
	}
	if errs := design.Check(d); len(errs) > 0 {
		t.Fatalf("Check = %v; want none", errs)
	}
	return d
}

// TestDependsOnChecked checks that depends_on names resources of the
// design, sorted, once each, and not the resource itself.
func TestDependsOnChecked(t *testing.T) {
	for deps, want := range map[string]string{
		`["g","x"]`: `workload[w].depends_on[1]: no resource with id "x"`,
		`["n","g"]`: `workload[w].depends_on[1]: depends_on must be sorted`,
		`["g","g"]`: `workload[w].depends_on[1]: depends_on must be sorted`,
		`["w"]`:     `workload[w].depends_on[0]: a resource cannot depend on itself`,
	} {
		d, err := design.Decode(strings.NewReader(strings.Replace(dependsOnDesign, `["g","n"]`, deps, 1)))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range design.Check(d) {
			got = append(got, e.Error())
		}
		if !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("depends_on %s: Check = %q; want %q", deps, got, want)
		}
	}
}

// TestDependsOnCycle checks that a cycle of depends_on is found, from
// the first ID on it.
func TestDependsOnCycle(t *testing.T) {
	d := decodeDependsOn(t)
	if c := design.DependsOnCycle(d); c != nil {
		t.Errorf("DependsOnCycle = %q; want none", c)
	}
	d.SecurityGroups["g"].DependsOn = []string{"w"}
	if c := design.DependsOnCycle(d); !slices.Equal(c, []string{"g", "w", "g"}) {
		t.Errorf("DependsOnCycle = %q; want [g w g]", c)
	}
}

// TestDependsOnCascade checks that deleting a resource another depends on
// leaves the other without it instead of refusing or deleting it.
func TestDependsOnCascade(t *testing.T) {
	d := decodeDependsOn(t)
	ops, err := design.CascadeDelete(d, "g")
	if err != nil {
		t.Fatal(err)
	}
	if err := design.Apply(d, ops...); err != nil {
		t.Fatalf("Apply(CascadeDelete(g)) = %v", err)
	}
	w := d.Workloads["w"]
	if w == nil || !slices.Equal(w.DependsOn, []string{"n"}) {
		t.Errorf("w after deleting g = %+v; want it kept, depending on n only", w)
	}
	if refs := d.Referrers("n"); !slices.Contains(refs, "workload[w].depends_on[0]") {
		t.Errorf("Referrers(n) = %q; want w's depends_on", refs)
	}
}

// TestDependsOnRename checks that a rename reaches depends_on, which stays
// sorted.
func TestDependsOnRename(t *testing.T) {
	d := decodeDependsOn(t)
	ops, err := design.Rename(d, "g", "sg-z")
	if err != nil {
		t.Fatal(err)
	}
	if err := design.Apply(d, ops...); err != nil {
		t.Fatalf("Apply(Rename) = %v", err)
	}
	if got := d.Workloads["w"].DependsOn; !slices.Equal(got, []string{"n", "sg-z"}) {
		t.Errorf("w depends on %q after renaming g to sg-z; want [n sg-z]", got)
	}
}
