package tfconfig

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vpcboard/vpcboard/internal/tfimport"
)

// load evaluates files (path -> content) with root module "root".
func load(t *testing.T, files map[string]string, opts Options) *Result {
	t.Helper()
	res, err := Load(mapFS(files), "root", opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return res
}

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

// byAddr indexes resources by address.
func byAddr(res *Result) map[string]tfimport.Resource {
	out := map[string]tfimport.Resource{}
	for _, r := range res.Resources {
		out[r.Address] = r
	}
	return out
}

func addrs(res *Result) []string {
	var out []string
	for _, r := range res.Resources {
		out = append(out, r.Address)
	}
	return out
}

func TestCountAndForEach(t *testing.T) {
	res := load(t, map[string]string{"root/main.tf": `
locals { zones = ["a", "b"] }
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "s" {
  count      = length(local.zones)
  vpc_id     = aws_vpc.v.id
  cidr_block = cidrsubnet(aws_vpc.v.cidr_block, 8, count.index)
  tags       = { Name = "s-${local.zones[count.index]}" }
}
resource "aws_route_table" "rt" {
  for_each = { for i, z in local.zones : z => aws_subnet.s[i].id }
  vpc_id   = aws_vpc.v.id
  tags     = { subnet = each.value, key = each.key }
}
resource "aws_eip" "none" { count = 0 }
`}, Options{})
	want := []string{`aws_route_table.rt["a"]`, `aws_route_table.rt["b"]`, "aws_subnet.s[0]", "aws_subnet.s[1]", "aws_vpc.v"}
	if got := addrs(res); !reflect.DeepEqual(got, want) {
		t.Fatalf("addresses %v; want %v", got, want)
	}
	rs := byAddr(res)
	s1 := rs["aws_subnet.s[1]"]
	if s1.Values["cidr_block"] != "10.0.1.0/24" || s1.Values["vpc_id"] != "aws_vpc.v" || s1.Values["id"] != "aws_subnet.s[1]" {
		t.Errorf("subnet 1: %v", s1.Values)
	}
	tags := rs[`aws_route_table.rt["b"]`].Values["tags"].(map[string]any)
	if tags["subnet"] != "aws_subnet.s[1]" || tags["key"] != "b" {
		t.Errorf("route table b tags %v", tags)
	}
}

func TestDynamicBlocks(t *testing.T) {
	res := load(t, map[string]string{"root/main.tf": `
variable "ports" { default = [22, 443] }
resource "aws_security_group" "g" {
  dynamic "ingress" {
    for_each = var.ports
    iterator = p
    content {
      from_port   = p.value
      to_port     = p.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.${p.key}.0/24"]
    }
  }
  egress {
    from_port = 0
    to_port   = 0
    protocol  = "-1"
  }
}`}, Options{})
	g := byAddr(res)["aws_security_group.g"]
	ingress, _ := g.Values["ingress"].([]any)
	if len(ingress) != 2 {
		t.Fatalf("ingress %v", g.Values["ingress"])
	}
	second := ingress[1].(map[string]any)
	if second["from_port"] != json.Number("443") || !reflect.DeepEqual(second["cidr_blocks"], []any{"10.0.1.0/24"}) {
		t.Errorf("second ingress %v", second)
	}
	if e, _ := g.Values["egress"].([]any); len(e) != 1 {
		t.Errorf("egress %v", g.Values["egress"])
	}
}

func TestModules(t *testing.T) {
	res := load(t, map[string]string{
		"root/main.tf": `
module "net" {
  source   = "../modules/net"
  for_each = { blue = "10.1.0.0/16", green = "10.2.0.0/16" }
  cidr     = each.value
  subnets  = 2
  name     = null
}
module "peer" {
  source = "./peer"
  count  = 1
  vpc_id = module.net["blue"].vpc_id
  first  = module.net["green"].subnet_cidrs[0]
}
module "registry" {
  source = "terraform-aws-modules/vpc/aws"
}`,
		"modules/net/main.tf": `
variable "cidr" { type = string }
variable "subnets" { type = number }
variable "tags" {
  type    = object({ team = optional(string, "net"), env = optional(string) })
  default = {}
}
variable "name" {
  default  = "net"
  nullable = false
}
resource "aws_vpc" "this" {
  cidr_block = var.cidr
  tags       = merge(var.tags, { Name = var.name })
}
resource "aws_subnet" "this" {
  count      = var.subnets
  vpc_id     = aws_vpc.this.id
  cidr_block = cidrsubnet(var.cidr, 8, count.index)
}
output "vpc_id" { value = aws_vpc.this.id }
output "subnet_cidrs" { value = aws_subnet.this[*].cidr_block }`,
		"root/peer/main.tf": `
variable "vpc_id" {}
variable "first" {}
resource "aws_route_table" "rt" {
  vpc_id = var.vpc_id
  tags   = { first = var.first }
}`,
	}, Options{})
	rs := byAddr(res)
	if len(res.Resources) != 7 {
		t.Errorf("addresses %v; want 2 VPCs, 4 subnets, 1 route table", addrs(res))
	}
	s := rs[`module.net["green"].aws_subnet.this[1]`]
	if s.Values["cidr_block"] != "10.2.1.0/24" || s.Values["vpc_id"] != `module.net["green"].aws_vpc.this` {
		t.Errorf("green subnet 1: %v", s.Values)
	}
	if tags := rs[`module.net["blue"].aws_vpc.this`].Values["tags"]; !reflect.DeepEqual(tags, map[string]any{"team": "net", "env": nil, "Name": "net"}) {
		t.Errorf("optional attribute defaults and a non-nullable variable given null: tags %v", tags)
	}
	rt := rs["module.peer[0].aws_route_table.rt"]
	if rt.Values["vpc_id"] != `module.net["blue"].aws_vpc.this` || rt.Values["tags"].(map[string]any)["first"] != "10.2.0.0/24" {
		t.Errorf("route table through module outputs: %v", rt.Values)
	}
	if !hasWarning(res, `module.registry: source "terraform-aws-modules/vpc/aws" is not a local path`) {
		t.Errorf("warnings %v", res.Warnings)
	}
}

func hasWarning(res *Result, part string) bool {
	for _, w := range res.Warnings {
		if strings.Contains(w, part) {
			return true
		}
	}
	return false
}

func TestFunctions(t *testing.T) {
	exprs := map[string]string{
		"cidrsubnet":   `cidrsubnet("10.0.0.0/16", 4, 15)`,
		"cidrsubnet6":  `cidrsubnet("2600:1f18::/56", 8, 255)`,
		"cidrsubnets":  `join(",", cidrsubnets("10.1.0.0/16", 4, 4, 8, 4))`,
		"cidrhost":     `cidrhost("10.0.1.0/24", 5)`,
		"cidrhostneg":  `cidrhost("10.0.1.0/24", -2)`,
		"cidrnetmask":  `cidrnetmask("172.16.0.0/12")`,
		"concat":       `join(",", concat(["a"], ["b", "c"]))`,
		"element":      `element(["a", "b", "c"], 4)`,
		"lookup":       `lookup({ a = "x" }, "b", "dflt")`,
		"lookupnull":   `coalesce(lookup({ a = "x" }, "b", null), "none")`,
		"merge":        `jsonencode(merge({ a = 1 }, { b = 2 }))`,
		"length":       `length({ a = 1, b = 2 })`,
		"try":          `try(local.missing, "fallback")`,
		"can":          `can(cidrsubnet("bad", 1, 1))`,
		"coalescelist": `join(",", coalescelist([], ["x"]))`,
		"format":       `format("%s-%03d", "web", 7)`,
		"formatlist":   `join(",", formatlist("%s!", ["a", "b"]))`,
		"flatten":      `join(",", flatten([["a"], ["b", ["c"]]]))`,
		"distinct":     `join(",", distinct(["a", "b", "a"]))`,
		"compact":      `join(",", compact(["a", "", "b"]))`,
		"zipmap":       `jsonencode(zipmap(["a", "b"], [1, 2]))`,
		"slice":        `join(",", slice(["a", "b", "c"], 1, 3))`,
		"minmax":       `"${min(3, 1, 2)}-${max(3, 1, 2)}"`,
		"keysvalues":   `"${join(",", keys({ b = 1, a = 2 }))}/${join(",", values({ b = "1", a = "2" }))}"`,
		"contains":     `contains(["a"], "a")`,
		"split":        `join("|", split(",", "a,b"))`,
		"conversions":  `jsonencode([tolist(toset(["b", "a", "b"])), tomap({ a = "1" })])`,
		"range":        `join(",", range(1, 7, 2))`,
		"replace":      `upper(replace(lower("A-B"), "-", "_"))`,
		"substr":       `substr("eu-west-1a", 0, 9)`,
		"index":        `index(["a", "b"], "b")`,
		"basename":     `basename("/x/y/z")`,
		"regexall":     `length(regexall("[a-z]+-[0-9]", "eu-west-1"))`,
		"coalesce":     `coalesce(null, "", "x")`,
		"sensitive":    `nonsensitive(sensitive("s"))`,
		"startswith":   `startswith("eu-west-1", "eu-") && endswith("eu-west-1", "-1") && strcontains("eu-west-1", "west")`,
	}
	want := map[string]any{
		"cidrsubnet": "10.0.240.0/20", "cidrsubnet6": "2600:1f18:0:ff::/64",
		"cidrsubnets": "10.1.0.0/20,10.1.16.0/20,10.1.32.0/24,10.1.48.0/20",
		"cidrhost":    "10.0.1.5", "cidrhostneg": "10.0.1.254", "cidrnetmask": "255.240.0.0",
		"concat": "a,b,c", "element": "b", "lookup": "dflt", "lookupnull": "none", "merge": `{"a":1,"b":2}`,
		"length": json.Number("2"), "try": "fallback", "can": false, "coalescelist": "x", "format": "web-007",
		"formatlist": "a!,b!", "flatten": "a,b,c", "distinct": "a,b", "compact": "a,b", "zipmap": `{"a":1,"b":2}`,
		"slice": "b,c", "minmax": "1-3", "keysvalues": "a,b/2,1", "contains": true, "split": "a|b",
		"conversions": `[["a","b"],{"a":"1"}]`, "range": "1,3,5", "replace": "A_B", "substr": "eu-west-1",
		"index": json.Number("1"), "basename": "z", "regexall": json.Number("1"),
		"coalesce": "x", "sensitive": "s", "startswith": true,
	}
	var src strings.Builder
	src.WriteString("resource \"null_resource\" \"f\" {\n")
	for name, e := range exprs {
		src.WriteString("  " + name + " = " + e + "\n")
	}
	src.WriteString("}\n")
	res := load(t, map[string]string{"root/main.tf": src.String()}, Options{})
	got := byAddr(res)["null_resource.f"]
	for name, w := range want {
		if !reflect.DeepEqual(got.Values[name], w) {
			t.Errorf("%s: %s = %#v; want %#v (unknown: %s)", name, exprs[name], got.Values[name], w, got.Unknown[name])
		}
	}
}

func TestVariablePrecedence(t *testing.T) {
	files := map[string]string{
		"root/main.tf": `
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "list" {
  type    = list(string)
  default = []
}
resource "null_resource" "v" {
  a = var.a
  b = var.b
  c = var.c
  d = var.d
  e = var.e
  list = var.list
}`,
		"root/terraform.tfvars":   `b = "tfvars"` + "\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\n",
		"root/x.auto.tfvars.json": `{"c": "auto", "d": "auto", "e": "auto"}`,
		"root/ignored.tfvars":     `a = "never read"`,
	}
	res := load(t, files, Options{
		VarFiles: []VarFile{{Name: "prod.tfvars", Data: []byte(`d = "var-file"` + "\ne = \"var-file\"\n")}},
		Vars:     map[string]string{"e": "-var", "list": `["x", "y"]`},
	})
	got := byAddr(res)["null_resource.v"].Values
	want := map[string]any{"a": "default", "b": "tfvars", "c": "auto", "d": "var-file", "e": "-var", "list": []any{"x", "y"}}
	for k, w := range want {
		if !reflect.DeepEqual(got[k], w) {
			t.Errorf("var.%s = %#v; want %#v", k, got[k], w)
		}
	}
	if _, err := Load(mapFS(files), "root", Options{Vars: map[string]string{"nope": "1"}}); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("an undeclared -var: error %v; want one naming it", err)
	}
}

func TestUnknowns(t *testing.T) {
	res := load(t, map[string]string{"root/main.tf": `
provider "aws" { region = "ap-south-1" }
data "aws_availability_zones" "az" {}
data "aws_region" "here" {}
data "aws_ami" "img" { owners = ["amazon"] }
variable "required" {}
resource "aws_vpc" "v" {}
resource "aws_instance" "i" {
  ami               = data.aws_ami.img.id
  availability_zone = data.aws_availability_zones.az.names[1]
  subnet_id         = var.required
  tags              = { arn = aws_vpc.v.arn, region = data.aws_region.here.name }
}`}, Options{})
	i := byAddr(res)["aws_instance.i"]
	if i.Values["availability_zone"] != "ap-south-1b" || i.Values["tags"].(map[string]any)["region"] != "ap-south-1" {
		t.Errorf("values from the region: %v", i.Values)
	}
	wantUnknown := map[string]string{
		"ami":       "from data source data.aws_ami.img",
		"subnet_id": "var.required has no value",
		"tags.arn":  "arn of aws_vpc.v, known after apply",
	}
	for k, w := range wantUnknown {
		if i.Unknown[k] != w {
			t.Errorf("unknown %s: %q; want %q", k, i.Unknown[k], w)
		}
	}
	if v := byAddr(res)["aws_vpc.v"]; v.Unknown["cidr_block"] == "" {
		t.Errorf("a VPC without cidr_block: unknown %v; want cidr_block unknown", v.Unknown)
	}
	if !hasWarning(res, "zones assumed to be ap-south-1a, ap-south-1b, ap-south-1c") {
		t.Errorf("warnings %v", res.Warnings)
	}
	if res.Region != "ap-south-1" {
		t.Errorf("region %q; want the provider's", res.Region)
	}
}

func TestJSONSyntax(t *testing.T) {
	res := load(t, map[string]string{"root/main.tf.json": `{
  "variable": {"cidr": {"default": "10.9.0.0/16"}},
  "resource": {
    "aws_vpc": {"v": {"cidr_block": "${var.cidr}"}},
    "aws_subnet": {"s": {"count": 2, "vpc_id": "${aws_vpc.v.id}", "cidr_block": "${cidrsubnet(var.cidr, 8, count.index)}"}}
  }
}`}, Options{})
	s := byAddr(res)["aws_subnet.s[1]"]
	if s.Values["cidr_block"] != "10.9.1.0/24" || s.Values["vpc_id"] != "aws_vpc.v" {
		t.Errorf("subnet: %v", s.Values)
	}
	if _, ok := s.Values["count"]; ok {
		t.Errorf("count is a meta-argument, not a value: %v", s.Values)
	}
}

func TestRefusals(t *testing.T) {
	for name, tc := range map[string]struct {
		files map[string]string
		want  string
	}{
		"cycle": {map[string]string{"root/main.tf": `locals {
  a = local.b
  b = local.a
}
resource "x" "y" { v = local.a }`}, "refers to itself"},
		"instances":    {map[string]string{"root/main.tf": `resource "x" "y" { count = 100000 }`}, "more than 20000 resource instances"},
		"module depth": {map[string]string{"root/main.tf": `module "m" { source = "./" }`}, "nested more than"},
		"no files":     {map[string]string{"root/readme.md": "hi"}, "no .tf or .tf.json files"},
		"syntax":       {map[string]string{"root/main.tf": `resource "x" {`}, "main.tf:1"},
		"outside":      {map[string]string{"root/main.tf": `module "m" { source = "../../etc" }`}, "module.m"},
		"big file":     {map[string]string{"root/main.tf": strings.Repeat("#", maxFileBytes+1)}, "limit"},
		"many names":   {map[string]string{"root/main.tf": `resource "x" "y" { count = 1100 }` + "\nlocals {\n" + manyNames(1000) + "}\nresource \"x\" \"z\" { v = local.l1 }\n"}, "more than 1000000 attributes"},
		"big value": {map[string]string{"root/main.tf": `locals {
  a = range(1000)
  b = [for x in local.a : local.a]
}
resource "x" "y" { v = local.b }`}, "larger than 100000 elements"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Load(mapFS(tc.files), "root", Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v; want one with %q", err, tc.want)
			}
		})
	}
}

// manyNames writes n locals reading distinct attributes.
func manyNames(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "  l%d = x.y[0].a%d\n", i, i)
	}
	return b.String()
}

// TestSameEvaluationEveryTime loads configurations whose results once
// depended on Go's map order, many times: the names written after a dot
// in a module parsed late were missing from reference values built
// before it (attributes were read in map order), and an error among
// several reported by HCL in map order was the one a warning quoted.
func TestSameEvaluationEveryTime(t *testing.T) {
	configs := map[string]map[string]string{
		"module parsed late": {
			"root/main.tf": `
module "a" {
  source = "./a"
  x      = aws_subnet.s.id
}
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "s" {
  p1 = aws_vpc.v
  p2 = aws_vpc.v
  p3 = aws_vpc.v
  q1 = module.b.out
  q2 = module.b.out
  q3 = module.b.out
}
module "b" { source = "./b" }`,
			"root/a/main.tf": `variable "x" {}`,
			"root/b/main.tf": `
locals { y = var.z.only_in_b }
variable "z" { default = {} }
output "out" { value = "b" }`,
		},
		"unknown function with two near names": {
			"root/main.tf": `resource "aws_vpc" "v" { cidr_block = fot(1) }`,
		},
		"several unsupported arguments": {
			"root/main.tf": `
resource "aws_security_group" "g" {
  dynamic "ingress" {
    for_each = [1]
    content {
      from_port = ingress.value
    }
  }
  dynamic "ingress" {
    for_each = [1, 2]
    iterator = "bad"
    content { to_port = 1 }
  }
  dynamic "egress" {
    for_each = 1
    content { to_port = 1 }
  }
}`,
		},
	}
	for name, files := range configs {
		t.Run(name, func(t *testing.T) {
			first := load(t, files, Options{Region: "eu-west-1"})
			for range 40 {
				if again := load(t, files, Options{Region: "eu-west-1"}); !reflect.DeepEqual(first, again) {
					t.Fatalf("two loads differ:\n%+v\n%+v", first, again)
				}
			}
		})
	}
}

// TestUnknownFunctionSaysWhy: a function vpcboard does not evaluate
// (file, timestamp) makes the value unknown with a reason that says
// which functions are evaluated and suggests the nearest name, the same
// one every time.
func TestUnknownFunctionSaysWhy(t *testing.T) {
	res := load(t, map[string]string{"root/main.tf": `
resource "aws_vpc" "v" {
  cidr_block = fot(1)
  tags       = { Name = file("name.txt") }
}`}, Options{Region: "eu-west-1"})
	got := strings.Join(res.Warnings, "\n")
	for _, want := range []string{
		`There is no function named "fot"; vpcboard evaluates Terraform's functions that do not read files, the clock or randomness. Did you mean "log"?`,
		`file is not evaluated: vpcboard evaluates Terraform's functions that do not read files, the clock or randomness.` + "\n",
	} {
		if !strings.Contains(got+"\n", want) {
			t.Errorf("warnings lack %q:\n%s", want, got)
		}
	}
}
