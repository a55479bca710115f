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
