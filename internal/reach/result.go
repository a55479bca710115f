package reach

import "fmt"

// Verdict is the outcome of a trace. The zero Verdict is invalid.
type Verdict uint8

// The verdicts.
const (
	// Reachable: every hop of the forward and return paths allows the
	// flow, decided by facts the design holds.
	Reachable Verdict = iota + 1
	// Unreachable: some hop certainly drops the flow.
	Unreachable
	// Unknown: no hop denies the flow, but some hop depends on a fact the
	// design lacks.
	Unknown
)

var verdictNames = [...]string{Reachable: "reachable", Unreachable: "unreachable", Unknown: "unknown"}

// String returns "reachable", "unreachable" or "unknown", and "invalid" for
// the zero Verdict.
func (v Verdict) String() string {
	if v == 0 || int(v) >= len(verdictNames) {
		return "invalid"
	}
	return verdictNames[v]
}

// MarshalText returns the verdict's name; the zero Verdict is an error.
func (v Verdict) MarshalText() ([]byte, error) {
	if v == 0 || int(v) >= len(verdictNames) {
		return nil, fmt.Errorf("reach: invalid verdict %d", uint8(v))
	}
	return []byte(verdictNames[v]), nil
}

// UnmarshalText parses a verdict's name.
func (v *Verdict) UnmarshalText(b []byte) error {
	for i, n := range verdictNames {
		if i > 0 && n == string(b) {
			*v = Verdict(i)
			return nil
		}
	}
	return fmt.Errorf("reach: %q is not a verdict (want reachable, unreachable or unknown)", b)
}

// The kinds of hop.
const (
	KindSGEgress      = "sg-egress"
	KindSGIngress     = "sg-ingress"
	KindNACLOutbound  = "nacl-outbound"
	KindNACLInbound   = "nacl-inbound"
	KindRoute         = "route"
	KindIGW           = "igw"
	KindNAT           = "nat"
	KindPeering       = "peering"
	KindTGWRoute      = "tgw-route"
	KindTGWAttachment = "tgw-attachment"
	KindEndpoint      = "endpoint"
	// KindMiddlebox is a workload with its source/destination check off
	// that a route sends traffic through: a NAT instance, a firewall.
	KindMiddlebox = "middlebox"
	// KindLocal is delivery within one subnet, which consults no route
	// table and no network ACL.
	KindLocal = "local"
)

// The decisions of a hop.
const (
	DecisionAllow   = "allow"
	DecisionDeny    = "deny"
	DecisionUnknown = "unknown"
)

// Hop is one step of a path: a component the packet passes (Kind, and the
// design ID of the Resource), the rule of it that decided (a network ACL
// rule number or "*", a security group rule "ingress[2]", a route's
// destination or "local"; empty when no rule matched, such as a missing
// route), the Decision, and a Detail for people.
type Hop struct {
	Kind     string `json:"kind"`
	Resource string `json:"resource"`
	Rule     string `json:"rule,omitempty"`
	Decision string `json:"decision"`
	Detail   string `json:"detail,omitempty"`
}

// Blocker is a component that drops the flow, the rule that does it (empty
// when a missing rule or route is the problem) and a one-line Fix.
type Blocker struct {
	Kind     string `json:"kind"`
	Resource string `json:"resource"`
	Rule     string `json:"rule,omitempty"`
	Fix      string `json:"fix"`
}

// Result is a trace: the verdict, the forward path from source to
// destination, the return path of the replies, and every blocker on them.
// Forward, Return and Blockers are never nil, so that their JSON is a list.
type Result struct {
	Verdict  Verdict   `json:"verdict"`
	Forward  []Hop     `json:"forward"`
	Return   []Hop     `json:"return"`
	Blockers []Blocker `json:"blockers"`
}
