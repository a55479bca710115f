package tfconfig

import (
	"errors"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/vpcboard/vpcboard/internal/design"
)

// FuzzTerraformConfig checks that any root module and local module either
// fail with an error or evaluate the same every time into a design that
// passes design.Check and reads back, and that nothing panics (Load turns
// a panic into errPanic, which fails here) or hangs. The seeds cover
// count, for_each, dynamic blocks, module calls, functions and JSON.
func FuzzTerraformConfig(f *testing.F) {
	f.Add([]byte(`module "m" {
  source = "./m"
  for_each = toset(["a", "b"])
  cidr = cidrsubnet("10.0.0.0/8", 8, index(["a", "b"], each.key))
}
locals { x = [for i in range(3) : i * 2] }`), []byte(`variable "cidr" {}
resource "aws_vpc" "v" { cidr_block = var.cidr }
resource "aws_subnet" "s" {
  count = 2
  vpc_id = aws_vpc.v.id
  cidr_block = cidrsubnet(var.cidr, 4, count.index)
}
output "id" { value = aws_vpc.v.id }`), false)
	f.Add([]byte(`resource "aws_security_group" "g" {
  dynamic "ingress" {
    for_each = { a = 1, b = 2 }
    content { from_port = ingress.value }
  }
}`), []byte(``), false)
	f.Add([]byte(`{"resource": {"aws_vpc": {"v": {"count": 2, "cidr_block": "${format(\"10.%d.0.0/16\", count.index)}"}}}}`), []byte(`{}`), true)
	f.Add([]byte(`locals { a = local.b
b = try(local.a, 1) }`), []byte(`module "loop" { source = "../m" }`), false)
	f.Fuzz(func(t *testing.T, main, mod []byte, json bool) {
		fsys := fstest.MapFS{"root/m/main.tf": {Data: mod}}
		if json {
			fsys["root/main.tf.json"] = &fstest.MapFile{Data: main}
		} else {
			fsys["root/main.tf"] = &fstest.MapFile{Data: main}
		}
		res, err := Load(fsys, "root", Options{})
		if errors.Is(err, errPanic) {
			t.Fatalf("Load panicked: %v", err)
		}
		if err != nil {
			return
		}
		again, err := Load(fsys, "root", Options{})
		if err != nil || !reflect.DeepEqual(res, again) {
			t.Fatalf("second Load differs (error %v)", err)
		}
		imp, err := Import(fsys, "root", Options{})
		if err != nil {
			return
		}
		design.Check(imp.Design)
		out, err := design.Marshal(imp.Design)
		if err != nil {
			t.Fatalf("Marshal of an imported design: %v", err)
		}
		if _, err := design.DecodeBytes(out); err != nil {
			t.Fatalf("DecodeBytes(Marshal(imported design)) = %v\n%s", err, out)
		}
	})
}
