package validate

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// netFixture builds a small design for a rule test through design.Apply,
// so that every test design is structurally sound and findings come from
// the rules under test only.
type netFixture struct {
	t *testing.T
	d *design.Design
}

// newNetFixture returns a fixture over an empty design in us-east-1.
func newNetFixture(t *testing.T) *netFixture {
	t.Helper()
	d := design.New("test")
	d.Region, d.Account = "us-east-1", "111111111111"
	return &netFixture{t: t, d: d}
}

// baseOf returns the Base of a resource with the given ID.
func baseOf(id string) design.Base { return design.Base{ID: id} }

// put applies one batch of puts, failing the test if the design refuses it.
func (f *netFixture) put(rs ...design.Resource) *netFixture {
	f.t.Helper()
	ops := make([]design.Op, len(rs))
	for i, r := range rs {
		ops[i] = design.Put(r)
	}
	if err := design.Apply(f.d, ops...); err != nil {
		f.t.Fatalf("fixture: %v", err)
	}
	return f
}

// del deletes a resource.
func (f *netFixture) del(k design.Kind, id string) *netFixture {
	f.t.Helper()
	if err := design.Apply(f.d, design.Delete(k, id)); err != nil {
		f.t.Fatalf("fixture: %v", err)
	}
	return f
}

// vpc creates a VPC as AWS does (main route table, default NACL, default
// security group) with DNS support and hostnames on; edit may change it
// first.
func (f *netFixture) vpc(id, cidr string, edit ...func(*design.VPC)) *netFixture {
	f.t.Helper()
	v := &design.VPC{Base: baseOf(id), CIDR: cidr, DNSSupport: new(true), DNSHostnames: new(true)}
	for _, e := range edit {
		e(v)
	}
	if err := design.Apply(f.d, design.NewVPCOps(v)...); err != nil {
		f.t.Fatalf("fixture: %v", err)
	}
	return f
}

// subnet creates a subnet.
func (f *netFixture) subnet(id, vpc, az, cidr string) *netFixture {
	f.t.Helper()
	return f.put(&design.Subnet{Base: baseOf(id), VPC: vpc, AZ: az, CIDR: cidr})
}

// table creates a custom route table associated with subnets.
func (f *netFixture) table(id, vpc string, subnets []string, routes ...design.Route) *netFixture {
	f.t.Helper()
	return f.put(&design.RouteTable{Base: baseOf(id), VPC: vpc, Subnets: subnets, Routes: routes})
}

// workload creates an instance with one interface in subnet.
func (f *netFixture) workload(id, subnet string, groups ...string) *netFixture {
	f.t.Helper()
	return f.put(&design.Workload{Base: baseOf(id), Type: design.WorkloadInstance,
		Interfaces: []design.Interface{{Subnet: subnet}}, SecurityGroups: groups})
}

// to returns a route to a target.
func to(dest string, typ design.TargetType, id string) design.Route {
	return design.Route{Destination: dest, Target: design.Target{Type: typ, ID: id}}
}

// wantFinding is an expected finding: its code, its path and, when not
// nil, its resources.
type wantFinding struct {
	code      string
	path      string
	resources []string
}

func (w wantFinding) String() string {
	if w.resources == nil {
		return w.code + " " + w.path
	}
	return fmt.Sprintf("%s %s %v", w.code, w.path, w.resources)
}

// assertFindings validates d and compares the findings whose code is one of
// codes with want, in any order. Resources are compared where want gives
// them.
func assertFindings(t *testing.T, d *design.Design, codes []string, want []wantFinding) {
	t.Helper()
	var got []Diagnostic
	for _, f := range Validate(d, Config{}) {
		if slices.Contains(codes, f.Code) {
			got = append(got, f)
		}
	}
	matched := make([]bool, len(got))
	var missing []string
	for _, w := range want {
		found := false
		for i, g := range got {
			if !matched[i] && g.Code == w.code && g.Path == w.path && (w.resources == nil || slices.Equal(g.Resources, w.resources)) {
				matched[i], found = true, true
				break
			}
		}
		if !found {
			missing = append(missing, w.String())
		}
	}
	var extra []string
	for i, g := range got {
		if !matched[i] {
			extra = append(extra, fmt.Sprintf("%v %v", g, g.Resources))
		}
	}
	if len(missing) > 0 || len(extra) > 0 {
		t.Errorf("findings differ\nmissing:\n\t%s\nunexpected:\n\t%s", strings.Join(missing, "\n\t"), strings.Join(extra, "\n\t"))
	}
	for _, g := range got {
		if g.Message == "" || g.Hint == "" || len(g.Resources) == 0 {
			t.Errorf("finding %v lacks a message, hint or resources", g)
		}
	}
}
