package export

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// cfnTemplate is what the tests read of a CloudFormation template.
type cfnTemplate struct {
	Parameters map[string]struct {
		Type    string
		Default any
	}
	Resources map[string]struct {
		Type                string
		DeletionPolicy      string
		UpdateReplacePolicy string
		Properties          map[string]any
		Metadata            struct{ Vpcboard struct{ ID string } }
	}
	Outputs map[string]struct {
		Description string
		Value       any
		Export      struct{ Name map[string]string }
	}
}

func readTemplate(t *testing.T, data []byte) cfnTemplate {
	t.Helper()
	var tpl cfnTemplate
	if err := json.Unmarshal(data, &tpl); err != nil {
		t.Fatal(err)
	}
	return tpl
}

// TestCfnOutputs: the template outputs and exports, as
// ${AWS::StackName}-<logical ID>, the ID of every VPC, subnet, security
// group, gateway and endpoint, and keeps a snapshot of a database it
// deletes or replaces (issue 17.9).
func TestCfnOutputs(t *testing.T) {
	for _, file := range exampleFiles(t) {
		d := readDesign(t, file)
		tpl := readTemplate(t, mustExport(t, CloudFormation, d, Options{}).Files[0].Data)
		exported := map[string]bool{} // design IDs whose ID the template exports
		for key, o := range tpl.Outputs {
			if name := o.Export.Name["Fn::Sub"]; name != "${AWS::StackName}-"+key[:len(key)-2] {
				t.Errorf("%s: output %s exports %q; want ${AWS::StackName}-<logical ID>", file, key, name)
			}
			var id string
			for _, w := range []string{"VPC", "subnet", "security group", "internet gateway", "egress-only internet gateway",
				"NAT gateway", "transit gateway", "VPC endpoint", "endpoint service"} {
				if n := len("ID of " + w + " "); len(o.Description) > n && o.Description[:n] == "ID of "+w+" " {
					id = o.Description[n:]
				}
			}
			exported[id] = true
		}
		want := 0
		for _, k := range []design.Kind{design.KindVPC, design.KindSubnet, design.KindSecurityGroup, design.KindInternetGateway,
			design.KindEgressOnlyInternetGateway, design.KindNATGateway, design.KindTransitGateway, design.KindVPCEndpoint, design.KindEndpointService} {
			d.Each(func(r design.Resource) {
				if r.Kind() != k {
					return
				}
				want++
				if !exported[r.ResourceID()] {
					t.Errorf("%s: no output exports the ID of %s %s", file, k, r.ResourceID())
				}
			})
		}
		if want == 0 {
			t.Errorf("%s: nothing to export", file)
		}
		for logical, r := range tpl.Resources {
			if r.Type == "AWS::RDS::DBInstance" && (r.DeletionPolicy != "Snapshot" || r.UpdateReplacePolicy != "Snapshot") {
				t.Errorf("%s: database %s has DeletionPolicy %q, UpdateReplacePolicy %q; want Snapshot for both", file, logical, r.DeletionPolicy, r.UpdateReplacePolicy)
			}
		}
	}
	three := readDesign(t, "../../examples/three-tier.json")
	if len(three.Workloads) == 0 {
		t.Fatal("three-tier has no workloads")
	}
	tpl := readTemplate(t, mustExport(t, CloudFormation, three, Options{}).Files[0].Data)
	dbs := 0
	for _, r := range tpl.Resources {
		if r.Type == "AWS::RDS::DBInstance" {
			dbs++
		}
	}
	if dbs == 0 {
		t.Error("three-tier's export has no database to check the policies of")
	}
}

// TestCfnOutputsQuota: a design whose resources fit one stack but whose
// exported IDs are more than a template's outputs quota is split into
// stacks that each stay within it, and every ID is still exported.
func TestCfnOutputsQuota(t *testing.T) {
	d := design.New("many-subnets")
	d.Region = "us-east-1"
	d.VPCs = map[string]*design.VPC{"v": {CIDR: "10.0.0.0/16"}}
	d.Subnets = map[string]*design.Subnet{}
	for i := range 220 {
		d.Subnets[fmt.Sprintf("s%03d", i)] = &design.Subnet{VPC: "v", AZ: "us-east-1a", CIDR: fmt.Sprintf("10.0.%d.0/24", i)}
	}
	for id, s := range d.Subnets {
		s.ID = id
	}
	d.VPCs["v"].ID = "v"
	out := mustExport(t, CloudFormation, d, Options{})
	if len(out.Files) < 2 {
		t.Fatalf("%d files; want the 222 outputs split over stacks", len(out.Files))
	}
	ids := 0
	for _, f := range out.Files {
		tpl := readTemplate(t, f.Data)
		if len(tpl.Outputs) > maxStackOutputs {
			t.Errorf("%s has %d outputs; want at most %d", f.Path, len(tpl.Outputs), maxStackOutputs)
		}
		for _, o := range tpl.Outputs {
			if o.Description != "" {
				ids++
			}
		}
	}
	if ids != 222 { // the VPC, its default group (the CloudFormation form's) and 220 subnets
		t.Errorf("the stacks export %d IDs; want 222", ids)
	}
}
