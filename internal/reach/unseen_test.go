package reach

import (
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// TestEdgeTableDecidesReplies checks what checking unseen templates (the
// aws-samples Gateway Load Balancer samples) found: replies from the
// internet enter through the internet gateway's edge table like new
// connections do, so a reply sent to an appliance the request did not
// cross is decided by it (AWS, "Gateway route tables": return traffic
// must cross the same appliance; asymmetric routing is not supported).
// Trace and matrix must agree.
func TestEdgeTableDecidesReplies(t *testing.T) {
	const file = "16-edge-table-replies.yaml"
	tests := []struct {
		from, to         string
		want             Verdict
		ret              []string // the return hops, as hops() writes them
		blocker          string   // the first blocker, as blockers() writes it
		allowed, unknown string   // the matrix pair
	}{
		// Out straight through the gateway, back through Strict, whose
		// source/destination check drops the replies.
		{"Web", "internet", Unreachable,
			[]string{"igw Igw allow", "route IgwRT 10.0.1.0/24 deny"},
			"route Strict 10.0.1.0/24: turn off the source/destination check of workload `Strict`", "", ""},
		// Out and back through the same Gateway Load Balancer endpoint.
		{"App", "internet", Unknown,
			[]string{"igw Igw allow", "route IgwRT 10.0.2.0/24 allow", "endpoint Gwlbe unknown",
				"nacl-outbound Vpc.default-nacl 100 allow", "route PublicRT local allow", "nacl-inbound Vpc.default-nacl 100 allow"},
			"", "", "tcp all; udp all; icmp all"},
		// The appliance's own subnet is reached by the local route.
		{"Strict", "internet", Reachable,
			[]string{"igw Igw allow", "route IgwRT local allow", "nacl-inbound Vpc.default-nacl 100 allow"},
			"", "tcp all; udp all; icmp all", ""},
	}
	d := importAWS16(t, file)
	pairs := matrixPairs(t, d)
	for _, tt := range tests {
		t.Run(tt.from+"->"+tt.to, func(t *testing.T) {
			r := mustTrace(t, d, tt.from, tt.to, "tcp", 443)
			got := hops(r.Return)
			if r.Verdict != tt.want || !slices.Equal(got, tt.ret) {
				t.Errorf("Trace(%s -> %s) = %v, return %q; want %v, return %q", tt.from, tt.to, r.Verdict, got, tt.want, tt.ret)
			}
			first := ""
			if len(r.Blockers) > 0 {
				first = blockers(r.Blockers)[0]
			}
			if first != tt.blocker {
				t.Errorf("first blocker = %q; want %q", first, tt.blocker)
			}
			if p := pairs[[2]string{tt.from, tt.to}]; p.Allowed != tt.allowed || p.Unknown != tt.unknown {
				t.Errorf("Matrix %s -> %s = allowed %q unknown %q; want %q, %q", tt.from, tt.to, p.Allowed, p.Unknown, tt.allowed, tt.unknown)
			}
		})
	}
}

// TestCustomResourceRouteEdits checks what the aws-samples Gateway Load
// Balancer "VPC routing enhancement" templates showed: a custom resource
// that names a route table may add or replace its routes when deployed
// (there, the local route, by ec2:ReplaceRoute), so a flow routed by that
// table is unknown with that reason, in the trace and the matrix, and a
// flow that never uses it is decided as before.
func TestCustomResourceRouteEdits(t *testing.T) {
	const file = "16-custom-route-edit.yaml"
	tests := []struct {
		from, to         string
		want             Verdict
		allowed, unknown string // the matrix pair
	}{
		// Out through RtA.
		{"Web", "Db", Unknown, "", "tcp 443"},
		// Back through RtA.
		{"Db", "Web", Unknown, "", "tcp 443"},
		// RtB only.
		{"Db", "Cache", Reachable, "tcp 443", ""},
	}
	d := importAWS16(t, file)
	pairs := matrixPairs(t, d)
	for _, tt := range tests {
		t.Run(tt.from+"->"+tt.to, func(t *testing.T) {
			r := mustTrace(t, d, tt.from, tt.to, "tcp", 443)
			says := false
			for _, h := range append(slices.Clone(r.Forward), r.Return...) {
				says = says || h.Decision == DecisionUnknown && strings.Contains(h.Detail, "custom resource `EditLocal` (Custom::ReplaceRoute)")
			}
			if r.Verdict != tt.want || says != (tt.want == Unknown) {
				t.Errorf("Trace(%s -> %s) = %v, forward %q, return %q; want %v", tt.from, tt.to, r.Verdict, hops(r.Forward), hops(r.Return), tt.want)
			}
			if p := pairs[[2]string{tt.from, tt.to}]; p.Allowed != tt.allowed || p.Unknown != tt.unknown {
				t.Errorf("Matrix %s -> %s = allowed %q unknown %q; want %q, %q", tt.from, tt.to, p.Allowed, p.Unknown, tt.allowed, tt.unknown)
			}
		})
	}
}

// matrixPairs returns the matrix of d by {from, to}.
func matrixPairs(t *testing.T, d *design.Design) map[[2]string]MatrixPair {
	t.Helper()
	m, err := Matrix(d)
	if err != nil {
		t.Fatal(err)
	}
	pairs := map[[2]string]MatrixPair{}
	for _, p := range m.Pairs() {
		pairs[[2]string{p.From, p.To}] = p
	}
	return pairs
}
