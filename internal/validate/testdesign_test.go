package validate

import (
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// testDesign returns a small valid design that the CIDR, subnet, quota and
// route rules accept: vpc `app` 10.20.0.0/16 in us-east-1 as NewVPCOps makes
// it, with an internet gateway `igw`, public subnets pub-a 10.20.0.0/24 and
// pub-b 10.20.1.0/24 (no tier) routed by public-rt to the IGW, app-tier
// subnets app-a 10.20.10.0/24 and app-b 10.20.11.0/24 routed by private-rt
// to NAT gateway `nat` in pub-a, and instances web-1 (10.20.10.10 in app-a)
// and web-2 (10.20.11.10 in app-b). AZs are us-east-1a for the -a subnets
// and us-east-1b for the -b ones.
func testDesign(t testing.TB) *design.Design {
	t.Helper()
	d := design.New("test")
	d.Region = "us-east-1"
	ops := design.NewVPCOps(&design.VPC{Base: design.Base{ID: "app"}, CIDR: "10.20.0.0/16"})
	for _, r := range []design.Resource{
		&design.InternetGateway{Base: design.Base{ID: "igw"}, VPC: "app"},
		&design.Subnet{Base: design.Base{ID: "pub-a"}, VPC: "app", AZ: "us-east-1a", CIDR: "10.20.0.0/24"},
		&design.Subnet{Base: design.Base{ID: "pub-b"}, VPC: "app", AZ: "us-east-1b", CIDR: "10.20.1.0/24"},
		&design.Subnet{Base: design.Base{ID: "app-a"}, VPC: "app", AZ: "us-east-1a", CIDR: "10.20.10.0/24", Tier: "app"},
		&design.Subnet{Base: design.Base{ID: "app-b"}, VPC: "app", AZ: "us-east-1b", CIDR: "10.20.11.0/24", Tier: "app"},
		&design.ElasticIP{Base: design.Base{ID: "nat-eip"}},
		&design.NATGateway{Base: design.Base{ID: "nat"}, Subnet: "pub-a", Connectivity: design.ConnectivityPublic, EIP: "nat-eip"},
		&design.RouteTable{Base: design.Base{ID: "public-rt"}, VPC: "app", Subnets: []string{"pub-a", "pub-b"},
			Routes: []design.Route{{Destination: "0.0.0.0/0", Target: design.Target{Type: design.TargetInternetGateway, ID: "igw"}}}},
		&design.RouteTable{Base: design.Base{ID: "private-rt"}, VPC: "app", Subnets: []string{"app-a", "app-b"},
			Routes: []design.Route{{Destination: "0.0.0.0/0", Target: design.Target{Type: design.TargetNATGateway, ID: "nat"}}}},
		&design.Workload{Base: design.Base{ID: "web-1"}, Type: design.WorkloadInstance, SecurityGroups: []string{"app.default-sg"},
			Interfaces: []design.Interface{{Subnet: "app-a", PrivateIP: "10.20.10.10"}}},
		&design.Workload{Base: design.Base{ID: "web-2"}, Type: design.WorkloadInstance, SecurityGroups: []string{"app.default-sg"},
			Interfaces: []design.Interface{{Subnet: "app-b", PrivateIP: "10.20.11.10"}}},
	} {
		ops = append(ops, design.Put(r))
	}
	mustApply(t, d, ops...)
	return d
}

// addVPC adds a VPC as NewVPCOps makes it, with no subnets.
func addVPC(t testing.TB, d *design.Design, id, cidr string, secondary ...string) {
	t.Helper()
	mustApply(t, d, design.NewVPCOps(&design.VPC{Base: design.Base{ID: id}, CIDR: cidr, SecondaryCIDRs: secondary})...)
}

func mustApply(t testing.TB, d *design.Design, ops ...design.Op) {
	t.Helper()
	if err := design.Apply(d, ops...); err != nil {
		t.Fatalf("Apply: %v", err)
	}
}

// ruleFamilies are the code prefixes of the rule families these tests
// cover; findings of other families are left out of comparisons.
var ruleFamilies = []string{"cidr.", "vpc.", "subnet.", "quota.", "route."}

// findings returns the findings of Validate(d, cfg) of the codes with one
// of the prefixes, as "code path resource,resource", sorted.
func findings(d *design.Design, cfg Config, prefixes ...string) []string {
	var out []string
	for _, f := range Validate(d, cfg) {
		if slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(f.Code, p) }) {
			out = append(out, f.Code+" "+f.Path+" "+strings.Join(f.Resources, ","))
		}
	}
	slices.Sort(out)
	return out
}

// ruleCase is one table entry of the rule tests: an edit of testDesign (or
// none) and the findings of ruleFamilies it must cause under cfg, exactly.
type ruleCase struct {
	name string
	cfg  Config
	edit func(t *testing.T, d *design.Design)
	want []string
}

func runRuleCases(t *testing.T, tests []ruleCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := testDesign(t)
			if tt.edit != nil {
				tt.edit(t, d)
			}
			got := findings(d, tt.cfg, ruleFamilies...)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Errorf("findings =\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
		})
	}
}

// message returns the message of the only finding of code in Validate(d).
func message(t *testing.T, d *design.Design, code string) string {
	t.Helper()
	var msgs []string
	for _, f := range Validate(d, Config{}) {
		if f.Code == code {
			msgs = append(msgs, f.Message)
		}
	}
	if len(msgs) != 1 {
		t.Fatalf("findings of %s = %q; want one", code, msgs)
	}
	return msgs[0]
}

func TestTestDesignIsClean(t *testing.T) {
	if got := findings(testDesign(t), Config{}, ruleFamilies...); len(got) > 0 {
		t.Errorf("testDesign findings = %q; want none", got)
	}
}
