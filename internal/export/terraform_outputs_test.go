package export

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// tfConfig is the part of a main.tf.json the tests of what people would
// write read.
type tfConfig struct {
	Provider map[string][]map[string]any `json:"provider"`
	Variable map[string]struct {
		Type    string `json:"type"`
		Default any    `json:"default"`
	} `json:"variable"`
	Data     map[string]map[string]map[string]any `json:"data"`
	Resource map[string]map[string]map[string]any `json:"resource"`
	Output   map[string]struct {
		Description string `json:"description"`
		Value       string `json:"value"`
	} `json:"output"`
}

func terraformConfig(t *testing.T, d *design.Design) tfConfig {
	t.Helper()
	var cfg tfConfig
	if err := json.Unmarshal(mustExport(t, Terraform, d, Options{}).Files[0].Data, &cfg); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestTerraformOutputsTheIDs: the configuration outputs the ID of every
// VPC, subnet, security group, gateway and endpoint of the examples, each
// the id of a resource it declares (issue 17.8).
func TestTerraformOutputsTheIDs(t *testing.T) {
	for _, file := range exampleFiles(t) {
		d := readDesign(t, file)
		cfg := terraformConfig(t, d)
		want := 0
		x := newIndex(d)
		for _, k := range outputKinds {
			for _, id := range x.ids[k] {
				want++
				o, ok := cfg.Output[tfName(id)+"_id"]
				if !ok {
					t.Errorf("%s: no output for the ID of %s %s", file, k, id)
					continue
				}
				addr := strings.TrimSuffix(strings.TrimPrefix(o.Value, "${"), ".id}")
				typ, name, _ := strings.Cut(addr, ".")
				if cfg.Resource[typ][name] == nil || !strings.HasSuffix(o.Value, ".id}") {
					t.Errorf("%s: output %s_id = %q; want the id of a resource the configuration declares", file, tfName(id), o.Value)
				}
				if !strings.Contains(o.Description, id) {
					t.Errorf("%s: output %s_id says %q; want it to name %s", file, tfName(id), o.Description, id)
				}
			}
		}
		if len(cfg.Output) != want || want == 0 {
			t.Errorf("%s: %d outputs; want %d", file, len(cfg.Output), want)
		}
	}
}

// TestTerraformTagsAndProvider: every resource with tags has a Name tag,
// its design ID unless the design gives one, and every provider block
// tags what it creates ManagedBy = vpcboard (issue 17.8).
func TestTerraformTagsAndProvider(t *testing.T) {
	d := readDesign(t, "../../examples/three-tier.json")
	var named string
	for _, id := range design.SortedIDs(d.Subnets) {
		named = id
		d.Subnets[id].Tags = map[string]string{"Name": "drawn name"}
		break
	}
	cfg := terraformConfig(t, d)
	drawn := map[string]string{} // resource name -> the Name it should have
	x := newIndex(d)
	for _, k := range design.Kinds() {
		for _, id := range x.ids[k] {
			r, _ := x.lookup(id)
			drawn[tfName(id)] = id
			if n, ok := baseOf(r).Tags["Name"]; ok {
				drawn[tfName(id)] = n
			}
		}
	}
	tagged := 0
	for typ, byName := range cfg.Resource {
		for name, body := range byName {
			tags, ok := body["tags"].(map[string]any)
			if !ok {
				continue
			}
			tagged++
			want, ok := drawn[name]
			if !ok {
				continue // a resource the export adds, tagged as its owner
			}
			if typ == "aws_subnet" && name == tfName(named) && want != "drawn name" {
				t.Fatalf("subnet %s: the design's Name tag is not read", named)
			}
			if got, _ := tags["Name"].(string); got != want {
				t.Errorf("%s.%s: Name tag %q; want %q", typ, name, got, want)
			}
		}
	}
	if tagged < len(d.VPCs)+len(d.Subnets)+len(d.SecurityGroups) {
		t.Errorf("%d resources are tagged; want every VPC, subnet and group at least", tagged)
	}
	for _, p := range cfg.Provider["aws"] {
		dt, _ := p["default_tags"].(map[string]any)
		tags, _ := dt["tags"].(map[string]any)
		if tags["ManagedBy"] != "vpcboard" {
			t.Errorf("provider %v: default_tags %v; want ManagedBy = vpcboard", p["alias"], p["default_tags"])
		}
	}
}

// TestTerraformAMIAndRegion: instances take the AMI from the public SSM
// parameter the CloudFormation export defaults to (Windows Server's for a
// Windows instance), through a data source and a variable with that
// default, and endpoint service names and
// AWS-managed prefix lists take the region from the provider, not as
// written (issue 17.8).
func TestTerraformAMIAndRegion(t *testing.T) {
	windows := false
	for _, file := range exampleFiles(t) {
		d := readDesign(t, file)
		if filepath.Base(file) == "three-tier.json" {
			for _, id := range design.SortedIDs(d.Workloads) {
				if wl := d.Workloads[id]; wl.Type == design.WorkloadInstance {
					wl.OS, windows = design.OSWindows, true
					break
				}
			}
		}
		cfg := terraformConfig(t, d)
		if windows && filepath.Base(file) == "three-tier.json" {
			if v := cfg.Variable["windows_ami_ssm_parameter"]; v.Type != "string" || v.Default != defaultWindowsImage {
				t.Errorf("%s: variable windows_ami_ssm_parameter = %+v; want a string defaulting to %s", file, v, defaultWindowsImage)
			}
		}
		for name, body := range cfg.Resource["aws_instance"] {
			want := "${data.aws_ssm_parameter.ami.insecure_value}"
			if wl := d.Workloads[name]; wl != nil && wl.OS == design.OSWindows {
				want = "${data.aws_ssm_parameter.windows_ami.insecure_value}"
			}
			if body["ami"] != want {
				t.Errorf("%s: aws_instance.%s ami = %v; want the SSM parameter's value", file, name, body["ami"])
			}
		}
		if len(cfg.Resource["aws_instance"]) > 0 {
			if got := cfg.Data["aws_ssm_parameter"]["ami"]["name"]; got != "${var.ami_ssm_parameter}" {
				t.Errorf("%s: data.aws_ssm_parameter.ami name = %v", file, got)
			}
			if v := cfg.Variable["ami_ssm_parameter"]; v.Type != "string" || v.Default != defaultImage {
				t.Errorf("%s: variable ami_ssm_parameter = %+v; want a string defaulting to %s", file, v, defaultImage)
			}
		}
		var names []string
		for _, body := range cfg.Resource["aws_vpc_endpoint"] {
			names = append(names, body["service_name"].(string))
		}
		for _, body := range cfg.Data["aws_ec2_managed_prefix_list"] {
			names = append(names, body["name"].(string))
		}
		for _, n := range names {
			if strings.Contains(n, d.Region) || strings.HasPrefix(n, "com.amazonaws.") && !strings.Contains(n, "${data.aws_region.current.region}") {
				t.Errorf("%s: service name %q; want the provider's region, not %s", file, n, d.Region)
			}
		}
		if len(names) > 0 && cfg.Data["aws_region"]["current"] == nil {
			t.Errorf("%s: service names use data.aws_region.current, which is not declared", file)
		}
		if filepath.Base(file) == "peered-s3.json" && len(names) == 0 {
			t.Errorf("%s: no service names; want the S3 endpoint's", file)
		}
	}
}

// baseOf returns the Base every design resource embeds.
func baseOf(r design.Resource) design.Base {
	return reflect.ValueOf(r).Elem().FieldByName("Base").Interface().(design.Base)
}

// TestOutputsAgree: the Terraform configuration outputs the IDs of the
// same resources the CloudFormation templates output (each writer's
// description ends with the design ID), for the examples and the corpus.
func TestOutputsAgree(t *testing.T) {
	designs := examplesAndCorpus(t)
	lastWord := func(s string) string { return s[strings.LastIndex(s, " ")+1:] }
	for name, d := range designs {
		var cfn []string
		for _, f := range mustExport(t, CloudFormation, d, Options{}).Files {
			var tmpl struct {
				Outputs map[string]struct{ Description string }
			}
			if err := json.Unmarshal(f.Data, &tmpl); err != nil {
				t.Fatal(err)
			}
			for _, o := range tmpl.Outputs {
				cfn = append(cfn, lastWord(o.Description))
			}
		}
		var tf []string
		for _, o := range terraformConfig(t, d).Output {
			tf = append(tf, lastWord(o.Description))
		}
		slices.Sort(cfn)
		slices.Sort(tf)
		if !slices.Equal(cfn, tf) {
			t.Errorf("%s: CloudFormation outputs the IDs of %v; Terraform of %v", name, cfn, tf)
		}
	}
}
