package designtest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// ExamplePath is the path of examples/NAME.json, wherever the test runs.
func ExamplePath(name string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "examples", name+".json")
}

// Example decodes examples/NAME.json (three-tier, hub-and-spoke,
// peered-s3), or fails the test.
func Example(tb testing.TB, name string) *design.Design {
	tb.Helper()
	data, err := os.ReadFile(ExamplePath(name))
	if err != nil {
		tb.Fatal(err)
	}
	d, err := design.DecodeBytes(data)
	if err != nil {
		tb.Fatalf("examples/%s.json: %v", name, err)
	}
	return d
}
