package ingest_test

import (
	"os"
	"testing"

	"github.com/vpcboard/vpcboard/internal/ingest"
)

func TestDetect(t *testing.T) {
	for file, want := range map[string]ingest.Format{
		"../../examples/three-tier.json": ingest.FormatDesign,
		"../importer/testdata/corpus/quickstart-aws-vpc-multi-az-nat-nacl-flowlogs.template.yaml": ingest.FormatCloudFormation,
		"../tfimport/testdata/threetier/terraform.tfstate":                                        ingest.FormatTerraformState,
		"../tfimport/testdata/threetier/state.json":                                               ingest.FormatTerraformShow,
		"../tfimport/testdata/threetier/plan.json":                                                ingest.FormatTerraformPlan,
	} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if got := ingest.Detect(data); got != want {
			t.Errorf("Detect(%s) = %s; want %s", file, got, want)
		}
	}
}

// A plan imports as its planned values; PlanDesigns gives both sides.
func TestPlan(t *testing.T) {
	data, err := os.ReadFile("../tfimport/testdata/threetier/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	res, err := ingest.Import(data, "plan.json", ingest.Options{})
	if err != nil || res.Design.Workloads["aws_instance.bastion"] == nil {
		t.Fatalf("Import(plan) = %v; want the planned bastion", err)
	}
	before, after, err := ingest.PlanDesigns(data, "plan.json", ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if before.Design.Workloads["aws_instance.bastion"] != nil || after.Design.Workloads["aws_instance.bastion"] == nil {
		t.Error("the bastion should be planned, not prior")
	}
}
