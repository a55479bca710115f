package export

import (
	"strings"
	"testing"
)

// TestPortable: a portable template names no zone and no region of the
// design outside parameter defaults and its metadata; subnets drawn in one
// zone share one zone parameter, whose default is that zone, so that the
// import of the template in the drawn region is the design (issue 17.9).
func TestPortable(t *testing.T) {
	for _, file := range exampleFiles(t) {
		d := readDesign(t, file)
		out := mustExport(t, CloudFormation, d, Options{Portable: true})
		tpl := readTemplate(t, out.Files[0].Data)
		zoneParam := map[string]string{} // drawn zone -> its parameter
		for logical, r := range tpl.Resources {
			if r.Type != "AWS::EC2::Subnet" {
				continue
			}
			ref, _ := r.Properties["AvailabilityZone"].(map[string]any)
			p, _ := ref["Ref"].(string)
			param, ok := tpl.Parameters[p]
			if !ok || param.Type != "AWS::EC2::AvailabilityZone::Name" {
				t.Errorf("%s: subnet %s's zone is %v; want a Ref to an AWS::EC2::AvailabilityZone::Name parameter", file, logical, r.Properties["AvailabilityZone"])
				continue
			}
			drawn := d.Subnets[r.Metadata.Vpcboard.ID].AZ
			if param.Default != drawn {
				t.Errorf("%s: subnet %s's zone parameter %s defaults to %v; want %s as drawn", file, logical, p, param.Default, drawn)
			}
			if other, ok := zoneParam[drawn]; ok && other != p {
				t.Errorf("%s: subnets drawn in %s take parameters %s and %s; want one", file, drawn, other, p)
			}
			zoneParam[drawn] = p
		}
		if len(zoneParam) < 2 {
			t.Errorf("%s: %d zone parameters; want the example's zones", file, len(zoneParam))
		}
		for logical, r := range tpl.Resources {
			if name, ok := r.Properties["ServiceName"].(string); ok && strings.Contains(name, d.Region) {
				t.Errorf("%s: endpoint %s's service name %s names the region", file, logical, name)
			}
		}
		back := importTemplate(t, out.Files[0].Path, out.Files[0].Data, d)
		if got, want := comparableJSON(t, back), comparableJSON(t, CloudFormationForm(d)); got != want {
			t.Errorf("%s: import(portable export) differs from CloudFormationForm(d) at %s", file, firstDiff(got, want))
		}
	}
}
