package design_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

func TestExamplesRoundTripByteForByte(t *testing.T) {
	files, err := filepath.Glob("../../examples/*.json")
	if err != nil || len(files) < 3 {
		t.Fatalf("examples: %v, %d files; want 3 or more", err, len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			d, err := design.DecodeBytes(in)
			if err != nil {
				t.Fatalf("DecodeBytes: %v", err)
			}
			if errs := design.Check(d); len(errs) > 0 {
				t.Errorf("Check = %v; want none", errs)
			}
			out, err := design.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(in, out) {
				t.Errorf("Marshal(DecodeBytes(%s)) differs from the file", f)
			}
			compact, err := design.MarshalCompact(d)
			if err != nil {
				t.Fatal(err)
			}
			again, err := design.DecodeBytes(compact)
			if err != nil {
				t.Fatalf("DecodeBytes(MarshalCompact): %v", err)
			}
			if out2, _ := design.Marshal(again); !bytes.Equal(in, out2) {
				t.Errorf("MarshalCompact of %s does not decode to the same design", f)
			}
			if len(compact) >= len(out) || bytes.ContainsRune(compact, '\n') {
				t.Errorf("MarshalCompact of %s: %d bytes (with line breaks %v); want fewer than Marshal's %d, on one line", f, len(compact), bytes.ContainsRune(compact, '\n'), len(out))
			}
		})
	}
}

func TestMarshalIsDeterministic(t *testing.T) {
	d := exampleDesign(t)
	a, _ := design.Marshal(d)
	for range 20 {
		b, _ := design.Marshal(d)
		if !bytes.Equal(a, b) {
			t.Fatal("Marshal gave different bytes for the same design")
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", ``, "empty input: want a design file"},
		{"truncated", "{\"format\": 1, \"vpcs\": {\"a\": {\"cidr\": \"10.0", "unexpected end"},
		{"not json", `format: 1`, "line 1, column 3: invalid character"},
		{"no format", `{"vpcs": {}}`, "missing format version"},
		{"future format", `{"format": 7}`, "format version 7 is not supported"},
		{"wrong type", "{\"format\": 1,\n \"vpcs\": {\"a\": {\"cidr\": [1, 2]}}}", "line 2, column 26: vpcs.a.cidr: got JSON array, want a string"},
		{"unknown field", `{"format": 1, "vpcs": {"a": {"cidr": "10.0.0.0/16", "colour": "red"}}}`, `unknown field "colour"`},
		{"bad id", `{"format": 1, "vpcs": {"a b": {"cidr": "10.0.0.0/16"}}}`, `"a b" is not a valid id`},
		{"id twice", `{"format": 1, "vpcs": {"x": {"cidr": "10.0.0.0/16"}}, "subnets": {"x": {"vpc": "x", "az": "us-east-1a", "cidr": "10.0.0.0/24"}}}`, `id "x" is also used by vpc[x]`},
		{"trailing data", `{"format": 1} {}`, "after top-level value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := design.DecodeBytes([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("DecodeBytes(%q) error = %v; want it to contain %q", tt.in, err, tt.want)
			}
			if err != nil && !errors.Is(err, design.ErrStructure) {
				t.Errorf("DecodeBytes(%q) error %v does not match ErrStructure", tt.in, err)
			}
		})
	}
}

func TestCheckFindsMalformedValuesAndDanglingReferences(t *testing.T) {
	in := `{"format": 1,
  "vpcs": {"v": {"cidr": "10.0.0.0/33"}},
  "subnets": {"s": {"vpc": "nowhere", "az": "us-east-1a", "cidr": "10.0.0.0/24"}},
  "route_tables": {"rt": {"vpc": "v", "routes": [{"destination": "0.0.0.0/0", "target": {"type": "nat-gateway", "id": "s"}}]}},
  "security_groups": {"g": {"vpc": "v", "ingress": [{"protocol": "tcpp", "cidr": "10.0.0.0/8"}]}}
}`
	d, err := design.DecodeBytes([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range design.Check(d) {
		got = append(got, e.Error())
	}
	want := []string{
		`route-table[rt].routes[0].target.id: "s" is a subnet, not a nat-gateway`,
		`security-group[g].ingress[0].protocol: "tcpp" is not a protocol (want all, tcp, udp, icmp, icmpv6 or a number 0-255)`,
		`subnet[s].vpc: no vpc with id "nowhere"`,
		`vpc[v].cidr: "10.0.0.0/33" is not a CIDR block (want a.b.c.d/n or an IPv6 prefix)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Check =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCheckReportsEveryCopyOfAMalformedBlock guards Check's memory of the
// blocks it found well formed: a value repeated across rules is reported
// wherever it is malformed, and nowhere when it is fine.
func TestCheckReportsEveryCopyOfAMalformedBlock(t *testing.T) {
	in := `{"format": 1,
  "vpcs": {"v": {"cidr": "10.0.0.0/16"}},
  "security_groups": {"g": {"vpc": "v", "ingress": [
    {"protocol": "tcp", "cidr": "10.0.0.0/16"},
    {"protocol": "tcp", "cidr": "10.0.0.0/33"},
    {"protocol": "tcp", "cidr": "10.0.0.0/16"},
    {"protocol": "tcp", "cidr": "10.0.0.0/33"}]}}
}`
	d, err := design.DecodeBytes([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range design.Check(d) {
		got = append(got, e.Path)
	}
	want := []string{"security-group[g].ingress[1].cidr", "security-group[g].ingress[3].cidr"}
	if !slices.Equal(got, want) {
		t.Errorf("Check reported %q; want %q", got, want)
	}
}

func TestUnknownValuesPassCheck(t *testing.T) {
	d := design.New("u")
	v := &design.VPC{CIDR: "10.0.0.0/16", IPv6CIDRs: []string{design.Unknown("Fn::GetAtt VPC.Ipv6CidrBlocks")}}
	v.ID = "v"
	s := &design.Subnet{VPC: "v", AZ: design.Unknown("parameter AZ"), IPv6CIDR: design.Unknown("Fn::Cidr")}
	s.ID = "s"
	if err := design.Apply(d, design.Put(v), design.Put(s)); err != nil {
		t.Fatalf("Apply with unknown values: %v", err)
	}
	if errs := design.Check(d); len(errs) != 0 {
		t.Errorf("Check = %v; want none", errs)
	}
	if got := design.UnknownReason(s.AZ); got != "parameter AZ" {
		t.Errorf("UnknownReason(%q) = %q; want %q", s.AZ, got, "parameter AZ")
	}
}

func exampleDesign(t testing.TB) *design.Design {
	t.Helper()
	in, err := os.ReadFile("../../examples/three-tier.json")
	if err != nil {
		t.Fatal(err)
	}
	d, err := design.DecodeBytes(in)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
