package export

import (
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// TestWorkloadOS: an instance's operating system survives the round trip
// (Metadata.vpcboard.os), and a Windows instance deploys a Windows AMI by
// default (issue 16's leftover: the export dropped Workload.OS).
func TestWorkloadOS(t *testing.T) {
	d := readDesign(t, "../../examples/three-tier.json")
	win, lin := *d.Workloads["app-1"], *d.Workloads["app-2"]
	win.OS, lin.OS = design.OSWindows, design.OSLinux
	d.Workloads["app-1"], d.Workloads["app-2"] = &win, &lin
	tpl := readTemplate(t, mustExport(t, CloudFormation, d, Options{}).Files[0].Data)
	images := map[string]any{} // design ID -> ImageId
	for _, r := range tpl.Resources {
		if r.Type == "AWS::EC2::Instance" {
			images[r.Metadata.Vpcboard.ID] = r.Properties["ImageId"]
		}
	}
	ref := func(v any) string {
		m, _ := v.(map[string]any)
		s, _ := m["Ref"].(string)
		return s
	}
	if p := ref(images["app-1"]); tpl.Parameters[p].Default != defaultWindowsImage {
		t.Errorf("Windows instance app-1 takes ImageId %v, whose default is %v; want %s", images["app-1"], tpl.Parameters[p].Default, defaultWindowsImage)
	}
	if p := ref(images["app-2"]); tpl.Parameters[p].Default != defaultImage {
		t.Errorf("Linux instance app-2 takes ImageId %v, whose default is %v; want %s", images["app-2"], tpl.Parameters[p].Default, defaultImage)
	}
	back := roundTrip(t, d)
	if got := back.Workloads["app-1"].OS; got != design.OSWindows {
		t.Errorf("app-1's OS after the round trip = %q; want windows", got)
	}
	if got := back.Workloads["app-2"].OS; got != design.OSLinux {
		t.Errorf("app-2's OS after the round trip = %q; want linux", got)
	}
}
