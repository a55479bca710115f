package export

import (
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/export/exporttest"
)

// checkSchemas exports d in both formats and checks every file against the
// official schemas: the CloudFormation registry schemas and the
// hashicorp/aws provider schema.
func checkSchemas(t *testing.T, name string, d *design.Design) {
	t.Helper()
	cfn := mustExport(t, CloudFormation, d, Options{})
	for _, f := range cfn.Files {
		if problems := exporttest.CheckCloudFormation(f.Data); len(problems) > 0 {
			t.Errorf("CloudFormation export of %s (%s): %d problems:\n%s", name, f.Path, len(problems), strings.Join(first(problems, 20), "\n"))
		}
	}
	tf := mustExport(t, Terraform, d, Options{})
	for _, f := range tf.Files {
		if problems := exporttest.CheckTerraform(f.Data); len(problems) > 0 {
			t.Errorf("Terraform export of %s: %d problems:\n%s", name, len(problems), strings.Join(first(problems, 20), "\n"))
		}
	}
}

func first(ss []string, n int) []string { return ss[:min(n, len(ss))] }

func TestSchemasExamples(t *testing.T) {
	for _, file := range exampleFiles(t) {
		checkSchemas(t, file, readDesign(t, file))
	}
}

func TestSchemasCorpus(t *testing.T) {
	for _, file := range corpusFiles(t) {
		t.Run(file, func(t *testing.T) {
			checkSchemas(t, file, importCorpusFile(t, file))
		})
	}
}

func TestSchemasLarge(t *testing.T) {
	checkSchemas(t, "the generated design", designtest.Generate(designtest.Base.Scale(0.2)))
}

// TestSchemasMultiRegion checks the templates of a design in two accounts
// and regions, which reference each other through parameters.
func TestSchemasMultiRegion(t *testing.T) {
	d := readDesign(t, "../../examples/peered-s3.json")
	for _, id := range design.SortedIDs(d.PeeringConnections) {
		v := d.VPCs[d.PeeringConnections[id].Accepter]
		v.Region, v.Account = "eu-central-1", "222222222222"
	}
	checkSchemas(t, "peered-s3 across accounts", d)
}

// TestSchemaCheckersCatch makes sure the checks can fail on an export:
// break a property in each format and see it reported.
func TestSchemaCheckersCatch(t *testing.T) {
	d := readDesign(t, "../../examples/three-tier.json")
	cfn := mustExport(t, CloudFormation, d, Options{})
	bad := strings.Replace(string(cfn.Files[0].Data), `"CidrBlock": "10.0.0.0/16"`, `"CidrBlocks": "10.0.0.0/16"`, 1)
	if got := exporttest.CheckCloudFormation([]byte(bad)); len(got) == 0 {
		t.Error("CheckCloudFormation of a template with a misspelt VPC property found nothing")
	}
	tf := mustExport(t, Terraform, d, Options{})
	bad = strings.Replace(string(tf.Files[0].Data), `"cidr_block": "10.0.0.0/16"`, `"cidr_blocks": "10.0.0.0/16"`, 1)
	if got := exporttest.CheckTerraform([]byte(bad)); len(got) == 0 {
		t.Error("CheckTerraform of a configuration with a misspelt VPC argument found nothing")
	}
}
