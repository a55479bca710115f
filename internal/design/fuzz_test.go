package design_test

import (
	"bytes"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// FuzzDecode checks that any input either fails with an error or decodes to
// a design whose file is stable: Marshal(Decode(Marshal(d))) == Marshal(d).
// Check and Apply of a delete must not panic on whatever decoded.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"format":1}`))
	f.Add([]byte(`{"format":1,"vpcs":{"v":{"cidr":"10.0.0.0/16"}},"subnets":{"s":{"vpc":"v","az":"us-east-1a","cidr":"10.0.1.0/24"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := design.DecodeBytes(data)
		if err != nil {
			return
		}
		design.Check(d)
		out, err := design.Marshal(d)
		if err != nil {
			t.Fatalf("Marshal of a decoded design: %v", err)
		}
		d2, err := design.DecodeBytes(out)
		if err != nil {
			t.Fatalf("DecodeBytes(Marshal(d)) = %v\n%s", err, out)
		}
		out2, _ := design.Marshal(d2)
		if !bytes.Equal(out, out2) {
			t.Fatalf("file not stable:\n%s\n---\n%s", out, out2)
		}
		d.Each(func(r design.Resource) {
			_ = design.Apply(d2, design.Delete(r.Kind(), r.ResourceID()))
		})
	})
}

// FuzzParseCIDR checks that a parsed block prints to a string that parses
// to the same block, and that masking is idempotent.
func FuzzParseCIDR(f *testing.F) {
	for _, s := range []string{"10.0.0.0/16", "10.0.1.5/24", "2600:1f18::/56", "0.0.0.0/0", "::/0", "10.0.0.0/33", "::ffff:10.0.0.0/104", "fe80::1%eth0/64"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := design.ParseCIDR(s)
		if err != nil {
			return
		}
		q, err := design.ParseCIDR(p.String())
		if err != nil || q != p {
			t.Fatalf("ParseCIDR(%q) = %v; reparse of %q = %v, %v", s, p, p.String(), q, err)
		}
		if m := p.Masked(); m.Masked() != m || !m.Contains(p.Addr()) {
			t.Fatalf("Masked(%v) = %v is not stable or does not contain the address", p, m)
		}
	})
}
