package export

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/export/exporttest"
)

// plantedTexts are design texts that Terraform would evaluate, were they
// written as they are, and CloudFormation's Fn::Sub would substitute.
var plantedTexts = []string{
	`${file("/etc/hostname")}`,
	`%{ if true }directive%{ endif }`,
	`already $${escaped} and %%{escaped}`,
	`${AWS::AccountId}`,
	"q\"uote\n}\nresource \"x\" \"y\" {\n# <<EOF\r\nEOF\t\\ end \u2028 \x00nul %{",
	"a\\\"b",
}

// plantedDesign is the three-tier example with the planted texts in the
// design's name, in every resource's tag keys and values, and in every
// description.
func plantedDesign(t *testing.T) *design.Design {
	t.Helper()
	data, err := os.ReadFile(designtest.ExamplePath("three-tier"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	doc["name"] = strings.Join(plantedTexts, " ")
	var plant func(v any)
	plant = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if k == "description" {
					x[k] = plantedTexts[0] + " " + plantedTexts[1]
				}
				plant(val)
			}
		case []any:
			for _, it := range x {
				plant(it)
			}
		}
	}
	for _, v := range doc {
		resources, ok := v.(map[string]any)
		if !ok {
			continue
		}
		for _, r := range resources {
			r := r.(map[string]any)
			tags, _ := r["tags"].(map[string]any)
			if tags == nil {
				tags = map[string]any{}
			}
			for i, text := range plantedTexts {
				tags["t"+string(rune('a'+i))] = text
			}
			tags["key "+plantedTexts[0]] = "v"
			r["tags"] = tags
			plant(r)
		}
	}
	data, err = json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	d, err := design.DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	if errs := design.Check(d); len(errs) > 0 {
		t.Fatalf("the planted design has structural errors: %v", errs)
	}
	return d
}

// walkJSON calls fn with every string of a JSON document, object keys
// included, and the path to it.
func walkJSON(t *testing.T, data []byte, fn func(path, s string)) {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				fn(path+"{key}", k)
				walk(path+"."+k, val)
			}
		case []any:
			for _, it := range x {
				walk(path+"[]", it)
			}
		case string:
			fn(path, x)
		}
	}
	walk("", v)
}

// exportExpr matches the only templates with interpolations the Terraform
// export writes: a variable, a resource's or data source's attribute, a
// block of a VPC's IPv6 range, a service name with the provider's region.
// Design text never makes one.
var exportExpr = regexp.MustCompile(`^\$\{(var\.[a-z0-9_]+|(data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z0-9_]+|cidrsubnet\(aws_vpc\.[A-Za-z0-9_-]+\.ipv6_cidr_block, \d+, \d+\))\}$|^[a-z0-9.-]*\$\{data\.aws_region\.[a-z0-9_]+\.region\}[a-z0-9.-]*$`)

// checkTerraformText fails t if a string of a Terraform configuration,
// key or value, is a template other than text or one the export writes.
// It returns the text of every string that is text, and how often.
func checkTerraformText(t *testing.T, data []byte) map[string]int {
	t.Helper()
	texts := map[string]int{}
	walkJSON(t, data, func(path, s string) {
		text, ok := exporttest.TerraformText(s)
		if !ok {
			if !exportExpr.MatchString(s) {
				t.Errorf("%s = %q: a template the export does not write (design text Terraform would evaluate?)", path, s)
			}
			return
		}
		texts[text]++
	})
	return texts
}

// checkPlantedTexts fails t unless each planted text, and the planted tag
// key, is the text of a string of the export (texts: how often each text
// is) for every VPC, subnet and group at least; it returns their number.
func checkPlantedTexts(t *testing.T, d *design.Design, texts map[string]int) int {
	t.Helper()
	resources := len(d.VPCs) + len(d.Subnets) + len(d.SecurityGroups)
	for _, want := range append(slices.Clone(plantedTexts), "key "+plantedTexts[0]) {
		if texts[want] < resources {
			t.Errorf("text %q is the value of %d strings or keys of the export; want at least %d (a tag of every resource)", want, texts[want], resources)
		}
	}
	return resources
}

// The Terraform export writes design text as text: every string that holds
// any of it is a template without interpolations or directives whose
// value is the design's text, and nothing the design says is evaluated.
func TestTerraformEscapesDesignText(t *testing.T) {
	d := plantedDesign(t)
	out := mustExport(t, Terraform, d, Options{})
	data := out.Files[0].Data
	if problems := exporttest.CheckTerraform(data); len(problems) > 0 {
		t.Errorf("CheckTerraform: %s", strings.Join(problems, "\n"))
	}
	texts := checkTerraformText(t, data)
	checkPlantedTexts(t, d, texts)
	var descriptions int
	for text, n := range texts {
		if strings.Contains(text, plantedTexts[0]+" "+plantedTexts[1]) {
			descriptions += n
		}
	}
	if descriptions < len(d.SecurityGroups) {
		t.Errorf("%d strings hold a planted description; want at least %d (every security group's)", descriptions, len(d.SecurityGroups))
	}
}

// The CloudFormation export never puts design text in a Fn::Sub template,
// where "${...}" would be substituted: the text stays a plain string.
func TestCloudFormationKeepsDesignTextOutOfSub(t *testing.T) {
	d := plantedDesign(t)
	out := mustExport(t, CloudFormation, d, Options{})
	for _, f := range out.Files {
		if problems := exporttest.CheckCloudFormation(f.Data); len(problems) > 0 {
			t.Errorf("CheckCloudFormation(%s): %s", f.Path, strings.Join(problems, "\n"))
		}
		texts := map[string]int{}
		walkJSON(t, f.Data, func(path, s string) {
			if strings.HasSuffix(path, ".Fn::Sub") || strings.Contains(path, ".Fn::Sub[]") {
				for _, text := range plantedTexts {
					if strings.Contains(s, text) {
						t.Errorf("%s: %s = %q holds design text %q", f.Path, path, s, text)
					}
				}
			}
			texts[s]++
		})
		for _, want := range plantedTexts {
			if texts[want] == 0 {
				t.Errorf("%s: no string is the design's text %q", f.Path, want)
			}
		}
	}
}

// TestPlainPrefix checks the eight-bytes-at-a-time scan of appendString
// against asIs byte by byte: every byte value at every position of
// strings of lengths around a word's.
func TestPlainPrefix(t *testing.T) {
	for n := 0; n <= 19; n++ {
		for at := 0; at < n; at++ {
			for c := 0; c < 256; c++ {
				b := []byte(strings.Repeat("a~ Z", 5)[:n])
				b[at] = byte(c)
				want := 0
				for want < len(b) && asIs[b[want]] {
					want++
				}
				if got := plainPrefix(string(b)); got != want {
					t.Fatalf("plainPrefix(%q) = %d, want %d", b, got, want)
				}
			}
		}
	}
}

// TestObjectIndex checks an object built by push past indexAt keys, then
// searched (which indexes it), then added to: every key is found at its
// position and set keeps a key's first position.
func TestObjectIndex(t *testing.T) {
	o := newObject()
	key := func(i int) string { return "k" + strconv.Itoa(i) }
	for i := range 3 * indexAt {
		o.push(key(i), i)
	}
	if o.get(key(5)) != 5 {
		t.Fatalf("get(%s) = %v, want 5", key(5), o.get(key(5)))
	}
	for i := 3 * indexAt; i < 4*indexAt; i++ {
		o.push(key(i), i)
	}
	o.set(key(7), "seven")
	o.set("last", true)
	for i := range 4 * indexAt {
		want := any(i)
		if i == 7 {
			want = "seven"
		}
		at := o.find(key(i))
		if at != i {
			t.Errorf("find(%s) = %d, want %d", key(i), at, i)
			continue
		}
		if got := o.members[at]; got.key != key(i) || got.val != want {
			t.Errorf("find(%s) gives %v, want %s: %v", key(i), got, key(i), want)
		}
	}
	if n, last := o.len(), o.members[o.len()-1]; n != 4*indexAt+1 || last.key != "last" {
		t.Errorf("%d keys, the last %s; want %d, last", n, last.key, 4*indexAt+1)
	}
}
