package reach

import (
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
)

func BenchmarkMatrix(b *testing.B) {
	d := designtest.Generate(designtest.Base)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Matrix(d); err != nil {
			b.Fatal(err)
		}
	}
}

// smallGenerated is a generated design of one VPC small enough for the
// brute-force oracle: 4 subnets, 8 workloads.
var smallGenerated = designtest.Size{VPCs: 1, SubnetsPerVPC: 4, WorkloadsPer: 2, GroupsPerVPC: 3, RulesPerGroup: 5,
	TablesPerVPC: 2, RoutesPerTable: 2, NACLsPerVPC: 1, EntriesPerNACL: 6}

// BenchmarkMatrixSmall and BenchmarkBruteForce give the ratio of the
// matrix to the oracle, which tries every tcp and udp port and ICMP type
// for every pair.
func BenchmarkMatrixSmall(b *testing.B) {
	d := designtest.Generate(smallGenerated)
	for b.Loop() {
		if _, err := Matrix(d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBruteForce(b *testing.B) {
	d := designtest.Generate(smallGenerated)
	o := oracle{d}
	ends := oracleEnds(d)
	for b.Loop() {
		n := 0
		for _, a := range ends {
			for _, c := range ends {
				if a == c {
					continue
				}
				for _, p := range []design.Protocol{design.ProtocolTCP, design.ProtocolUDP} {
					for port := range 65536 {
						if o.reachable(a, c, p, port) {
							n++
						}
					}
				}
				for ty := range 256 {
					if o.reachable(a, c, design.ProtocolICMP, ty) {
						n++
					}
				}
			}
		}
		if n == 0 {
			b.Fatal("nothing reachable")
		}
	}
}

// matrix1200 is the design of the memory figures in PERFORMANCE.md: the
// generated design at 30 VPCs, 1,200 workloads.
var matrix1200 = designtest.Base.Scale(0.6)

func BenchmarkMatrix1200(b *testing.B) {
	d := designtest.Generate(matrix1200)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Matrix(d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatrixWriteJSON writes the matrix of 1,200 workloads (1.44 M
// pairs) as the API sends it.
func BenchmarkMatrixWriteJSON(b *testing.B) {
	m, err := Matrix(designtest.Generate(matrix1200))
	if err != nil {
		b.Fatal(err)
	}
	var n countingWriter
	b.ReportAllocs()
	for b.Loop() {
		n = 0
		if err := m.WriteJSON(&n); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "bytes")
}

type countingWriter int64

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}
