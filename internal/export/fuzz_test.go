package export

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/vpcboard/vpcboard/internal/design"
)

// FuzzExport: every design the codec accepts exports in both formats
// without a panic, to valid JSON (and YAML, and HCL that parses), the
// same bytes twice; in the Terraform configuration no design text is a
// template.
func FuzzExport(f *testing.F) {
	files, _ := filepath.Glob("../../examples/*.json")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"format":1,"vpcs":{"v":{"cidr":"10.0.0.0/16","ipv6_cidrs":["2600:1f18::/56"]}},"subnets":{"s":{"vpc":"v","az":"use1-az1","ipv6_cidr":"2600:1f18:0:1::/64"}}}`))
	f.Add([]byte(`{"format":1,"name":"${x}","vpcs":{"v":{"cidr":"10.0.0.0/16","tags":{"${a}":"%{b}"}}},"security_groups":{"g":{"vpc":"v","description":"$${c}"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := design.DecodeBytes(data)
		if err != nil || len(design.Check(d)) > 0 {
			return
		}
		for _, e := range exporters {
			a, err := e.fn(d, Options{})
			if err != nil {
				t.Fatalf("%s: %v", e.name, err)
			}
			b, _ := e.fn(d, Options{})
			for i, f := range a.Files {
				if !json.Valid(f.Data) {
					t.Fatalf("%s wrote invalid JSON:\n%s", e.name, f.Data)
				}
				if string(f.Data) != string(b.Files[i].Data) {
					t.Fatalf("%s: two exports differ", e.name)
				}
				if e.name == "terraform" {
					checkTerraformText(t, f.Data)
				}
			}
		}
		if _, err := CloudFormation(d, Options{YAML: true}); err != nil {
			t.Fatalf("YAML: %v", err)
		}
		hcl, err := Terraform(d, Options{HCL: true})
		if err != nil {
			t.Fatalf("HCL: %v", err)
		}
		for _, f := range hcl.Files {
			if _, diags := hclparse.NewParser().ParseHCL(f.Data, f.Path); diags.HasErrors() {
				t.Fatalf("HCL %s does not parse: %s\n%s", f.Path, diags.Error(), f.Data)
			}
		}
	})
}
