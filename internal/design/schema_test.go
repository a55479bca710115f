package design_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/invopop/jsonschema"
	validator "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/vpcboard/vpcboard/internal/design"
)

var update = flag.Bool("update", false, "rewrite golden files")

// idPattern is design.ValidID as a JSON Schema pattern.
const idPattern = `^[A-Za-z0-9][A-Za-z0-9._:-]{0,254}$`

const schemaFile = "../../docs/design.schema.json"

// TestSchemaIsCurrent regenerates the design file's JSON Schema from the Go
// types and their doc comments, and fails if docs/design.schema.json
// differs (run `go test ./internal/design -run Schema -update`).
func TestSchemaIsCurrent(t *testing.T) {
	r := &jsonschema.Reflector{}
	if err := r.AddGoComments("github.com/vpcboard/vpcboard/internal/design", "./"); err != nil {
		t.Fatal(err)
	}
	s := r.Reflect(&design.Design{})
	// Resource maps are keyed by IDs: say what an ID may be.
	for pair := s.Definitions["Design"].Properties.Oldest(); pair != nil; pair = pair.Next() {
		if pair.Value.AdditionalProperties != nil {
			pair.Value.PropertyNames = &jsonschema.Schema{Pattern: idPattern}
		}
	}
	s.ID = "https://vpcboard.dev/schemas/design-v1.json"
	s.Title = "vpcboard design file, format 1"
	got, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(schemaFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date: run go test ./internal/design -run Schema -update", schemaFile)
	}
}

// TestExamplesMatchSchema checks the examples against the schema with an
// independent validator, and that the schema refuses what Decode refuses.
func TestExamplesMatchSchema(t *testing.T) {
	c := validator.NewCompiler()
	sch, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatalf("compile %s: %v", schemaFile, err)
	}
	files, _ := filepath.Glob("../../examples/*.json")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		v, err := validator.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s does not match the schema: %v", f, err)
		}
	}
	for _, bad := range []string{
		`{"format": 1, "vpcs": {"v": {"cidr": "10.0.0.0/16", "colour": "red"}}}`,
		`{"format": 1, "subnets": {"s": {"az": "us-east-1a"}}}`,
		`{"vpcs": {}}`,
		`{"format": 1, "vpcs": {"a b": {"cidr": "10.0.0.0/16"}}}`,
		`{"format": 1, "route_tables": {"r": {"vpc": "v", "routes": [{"destination": "0.0.0.0/0", "target": {"type": "router"}}]}}}`,
	} {
		v, _ := validator.UnmarshalJSON(bytes.NewReader([]byte(bad)))
		if err := sch.Validate(v); err == nil {
			t.Errorf("schema accepts %s; want it refused", bad)
		}
	}
}
