package web

import (
	"slices"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/validate"
)

// TestTreeInNaturalOrder: the tree lists VPCs, subnets and the shared
// resources as people count (vpc2 before vpc10), like the overview's grid,
// and a NAT gateway's Elastic IP under the NAT gateway's VPC, not among
// the shared resources.
func TestTreeInNaturalOrder(t *testing.T) {
	d := designtest.Generate(designtest.Size{VPCs: 12, SubnetsPerVPC: 3, WorkloadsPer: 1, GroupsPerVPC: 1, RulesPerGroup: 1})
	tr := tree(d, validate.Validate(d, validate.Config{}))
	var vpcs, shared []string
	for _, g := range tr.Groups {
		if g.Title == "Shared" {
			for _, n := range g.Nodes {
				shared = append(shared, n.ID)
				if n.Kind == "elastic-ip" {
					t.Errorf("elastic IP %s listed as shared", n.ID)
				}
			}
			continue
		}
		vpcs = append(vpcs, g.Nodes[0].ID)
	}
	want := []string{"vpc0", "vpc1", "vpc2", "vpc3", "vpc4", "vpc5", "vpc6", "vpc7", "vpc8", "vpc9", "vpc10", "vpc11"}
	if !slices.Equal(vpcs, want) {
		t.Errorf("VPCs in the tree %v; want %v", vpcs, want)
	}
	if i, j := slices.Index(shared, "pcx2-3"), slices.Index(shared, "pcx10-11"); i < 0 || j < 0 || i > j {
		t.Errorf("shared resources %v: want pcx2-3 before pcx10-11", shared)
	}
}
