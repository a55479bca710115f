package design_test

import (
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

func TestRename(t *testing.T) {
	d, err := design.Decode(strings.NewReader(`{"format":1,"region":"us-east-1",
	"vpcs":{"v":{"cidr":"10.0.0.0/16"}},
	"subnets":{"a":{"vpc":"v","az":"us-east-1a","cidr":"10.0.1.0/24"}},
	"security_groups":{"g":{"vpc":"v","ingress":[{"protocol":"all","group":"g"}]},
	  "h":{"vpc":"v","egress":[{"protocol":"tcp","ports":{"from":80,"to":80},"group":"g"}]}},
	"workloads":{"w":{"type":"instance","interfaces":[{"subnet":"a"}],"security_groups":["g"]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	ops, err := design.Rename(d, "g", "sg-web")
	if err != nil {
		t.Fatal(err)
	}
	if err := design.Apply(d, ops...); err != nil {
		t.Fatalf("Apply(Rename) = %v", err)
	}
	if _, ok := d.Lookup("g"); ok {
		t.Errorf("g still there after its rename")
	}
	g := d.SecurityGroups["sg-web"]
	if g == nil || g.Ingress[0].Group != "sg-web" {
		t.Errorf("renamed group = %+v; want its own rule to name sg-web", g)
	}
	if got := d.SecurityGroups["h"].Egress[0].Group; got != "sg-web" {
		t.Errorf("h's rule names %q; want sg-web", got)
	}
	if got := d.Workloads["w"].SecurityGroups[0]; got != "sg-web" {
		t.Errorf("w's group = %q; want sg-web", got)
	}
	for _, bad := range []string{"", "h", "g", "-x"} {
		if _, err := design.Rename(d, "sg-web", bad); err == nil && bad != "g" {
			t.Errorf("Rename(sg-web, %q) = nil error; want one", bad)
		}
	}
}
