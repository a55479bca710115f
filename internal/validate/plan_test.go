package validate

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

func prefixes(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

func TestFreeSpace(t *testing.T) {
	tests := []struct {
		name string
		edit func(d *design.Design)
		vpc  string
		want []netip.Prefix
		err  error // matched with errors.Is; errUnknown for any error
	}{
		{
			name: "test design",
			vpc:  "app",
			want: prefixes("10.20.2.0/23", "10.20.4.0/22", "10.20.8.0/23", "10.20.12.0/22", "10.20.16.0/20", "10.20.32.0/19", "10.20.64.0/18", "10.20.128.0/17"),
		},
		{
			name: "adjacent blocks merge; unknown blocks are left out; other VPCs' subnets do not count",
			edit: func(d *design.Design) {
				d.VPCs["app"].CIDR = "10.20.0.0/24"
				d.VPCs["app"].SecondaryCIDRs = []string{"10.20.1.0/24", design.Unknown("Fn::ImportValue cidr")}
				for id, s := range d.Subnets {
					if id != "pub-a" {
						s.VPC = "elsewhere"
					}
				}
				d.Subnets["pub-a"].CIDR = "10.20.0.64/26"
			},
			vpc:  "app",
			want: prefixes("10.20.0.0/26", "10.20.0.128/25", "10.20.1.0/24"),
		},
		{
			name: "full",
			edit: func(d *design.Design) {
				d.VPCs["app"].CIDR = "10.20.0.0/23"
			},
			vpc: "app",
		},
		{name: "no such VPC", vpc: "nope", err: ErrNotFound},
		{
			name: "unknown primary block",
			edit: func(d *design.Design) { d.VPCs["app"].CIDR = design.Unknown("Fn::ImportValue cidr") },
			vpc:  "app",
			err:  errUnknown,
		},
		{
			name: "unknown subnet block",
			edit: func(d *design.Design) { d.Subnets["app-a"].CIDR = design.Unknown("Fn::Select 0 Fn::Cidr") },
			vpc:  "app",
			err:  errUnknown,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := testDesign(t)
			if tt.edit != nil {
				tt.edit(d)
			}
			got, err := FreeSpace(d, tt.vpc)
			if !matchErr(err, tt.err) {
				t.Fatalf("FreeSpace(%s) error = %v; want %v", tt.vpc, err, tt.err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("FreeSpace(%s) = %v; want %v", tt.vpc, got, tt.want)
			}
		})
	}
}

// errUnknown stands for any error in the planner's tests.
var errUnknown = errors.New("any error")

func matchErr(err, want error) bool {
	if want == errUnknown {
		return err != nil
	}
	if want == nil {
		return err == nil
	}
	return errors.Is(err, want)
}

func TestPlan(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(d *design.Design)
		vpc     string
		bits    int
		az      string
		want    string
		err     error
		message string
	}{
		{name: "best fit: the first /23 holds the /24", vpc: "app", bits: 24, want: "10.20.2.0/24"},
		{name: "an exact fit", vpc: "app", bits: 22, az: "us-east-1c", want: "10.20.4.0/22"},
		{name: "split the smallest block that fits", vpc: "app", bits: 21, want: "10.20.16.0/21"},
		{name: "an AZ ID", vpc: "app", bits: 28, az: "use1-az4", want: "10.20.2.0/28"},
		{name: "no room", vpc: "app", bits: 16, err: ErrNoSpace, message: "vpc `app` has no free /16: 1 /17 free"},
		{
			name:    "full",
			edit:    func(d *design.Design) { d.VPCs["app"].CIDR = "10.20.0.0/23" },
			vpc:     "app",
			bits:    24,
			err:     ErrNoSpace,
			message: "vpc `app` has no free /24: no space free",
		},
		{name: "AZ of another region", vpc: "app", bits: 24, az: "eu-west-1a", err: errUnknown,
			message: "availability zone eu-west-1a is not in region us-east-1 of vpc `app`"},
		{name: "too small", vpc: "app", bits: 29, err: errUnknown, message: "a subnet block is /16 to /28, not /29"},
		{name: "too large", vpc: "app", bits: 15, err: errUnknown},
		{name: "no such VPC", vpc: "nope", bits: 24, err: ErrNotFound, message: "vpc `nope` is not in the design"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := testDesign(t)
			if tt.edit != nil {
				tt.edit(d)
			}
			got, err := Plan(d, tt.vpc, tt.bits, tt.az)
			if !matchErr(err, tt.err) {
				t.Fatalf("Plan(%s, %d, %q) error = %v; want %v", tt.vpc, tt.bits, tt.az, err, tt.err)
			}
			if tt.message != "" && err.Error() != tt.message {
				t.Errorf("Plan(%s, %d, %q) error = %q; want %q", tt.vpc, tt.bits, tt.az, err, tt.message)
			}
			if tt.want != "" && got.String() != tt.want {
				t.Errorf("Plan(%s, %d, %q) = %s; want %s", tt.vpc, tt.bits, tt.az, got, tt.want)
			}
		})
	}
}

func TestPlanFillsTheVPC(t *testing.T) {
	// Planning /26s one after another, adding each as a subnet, fills a
	// /24 in four steps and then reports it full.
	d := testDesign(t)
	addVPC(t, d, "small", "10.70.0.0/24")
	var got []string
	for i := range 5 {
		p, err := Plan(d, "small", 26, "")
		if err != nil {
			got = append(got, err.Error())
			break
		}
		got = append(got, p.String())
		id := fmt.Sprintf("s%d", i)
		d.Subnets[id] = &design.Subnet{Base: design.Base{ID: id}, VPC: "small", AZ: "us-east-1a", CIDR: p.String()}
	}
	want := []string{"10.70.0.0/26", "10.70.0.64/26", "10.70.0.128/26", "10.70.0.192/26", "vpc `small` has no free /26: no space free"}
	if !slices.Equal(got, want) {
		t.Errorf("plans = %q; want %q", got, want)
	}
}
