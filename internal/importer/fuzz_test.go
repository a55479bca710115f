package importer

import (
	"bytes"
	"errors"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// FuzzImport checks that any input either fails with an *Error or imports
// into a design whose file reads back, the same every time, and that
// nothing panics or hangs. The seed corpus is in testdata/fuzz/FuzzImport.
func FuzzImport(f *testing.F) {
	f.Add([]byte("Resources:\n  V: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\n"))
	f.Add([]byte(`{"Resources": {"V": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": {"Fn::Select": [0, {"Fn::Cidr": ["10.0.0.0/8", 2, 16]}]}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		IsTemplate(data)
		res, err := Import(bytes.NewReader(data), "fuzz.yaml", Options{})
		if err != nil {
			var ierr *Error
			if !errors.As(err, &ierr) {
				t.Fatalf("Import error %v (%T) is not an *Error", err, err)
			}
			return
		}
		design.Check(res.Design)
		out, err := design.Marshal(res.Design)
		if err != nil {
			t.Fatalf("Marshal of an imported design: %v", err)
		}
		if _, err := design.DecodeBytes(out); err != nil {
			t.Fatalf("DecodeBytes(Marshal(imported design)) = %v\n%s", err, out)
		}
		again, err := Import(bytes.NewReader(data), "fuzz.yaml", Options{})
		if err != nil {
			t.Fatalf("second Import error: %v", err)
		}
		out2, _ := design.Marshal(again.Design)
		if !bytes.Equal(out, out2) {
			t.Fatalf("Import is not deterministic:\n%s\n---\n%s", out, out2)
		}
	})
}
