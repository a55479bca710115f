package importer

import (
	"bytes"
	"testing"
)

// BenchmarkImportQuickstart imports the 75-resource quick-start VPC
// template (65 KB of YAML with 30 conditions).
func BenchmarkImportQuickstart(b *testing.B) {
	data := readCorpus(b, quickstartFile)
	opts := Options{Params: map[string]string{"AvailabilityZones": "us-east-1a,us-east-1b"}}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Import(bytes.NewReader(data), quickstartFile, opts); err != nil {
			b.Fatal(err)
		}
	}
}
