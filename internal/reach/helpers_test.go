package reach

import (
	"net/netip"
	"os"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// builder makes small designs for tests through design.Apply, so that they
// are structurally valid.
type builder struct {
	t   *testing.T
	d   *design.Design
	ops []design.Op
}

func newBuilder(t *testing.T) *builder {
	d := design.New("test")
	d.Region, d.Account = "us-east-1", "111111111111"
	return &builder{t: t, d: d}
}

func (b *builder) put(r design.Resource) { b.ops = append(b.ops, design.Put(r)) }

// vpc adds a VPC with its main table, default NACL and default group.
func (b *builder) vpc(id, cidr string, ipv6 ...string) {
	v := &design.VPC{CIDR: cidr, IPv6CIDRs: ipv6}
	v.ID = id
	b.ops = append(b.ops, design.NewVPCOps(v)...)
}

func (b *builder) subnet(id, vpc, az, cidr string) *design.Subnet {
	s := &design.Subnet{VPC: vpc, AZ: az, CIDR: cidr}
	s.ID = id
	b.put(s)
	return s
}

// table adds a route table for subnets with routes "dest>type:id".
func (b *builder) table(id, vpc string, subnets []string, routes ...string) {
	rt := &design.RouteTable{VPC: vpc, Subnets: subnets}
	rt.ID = id
	for _, r := range routes {
		dest, tgt, _ := strings.Cut(r, ">")
		typ, tid, _ := strings.Cut(tgt, ":")
		route := design.Route{Target: design.Target{Type: design.TargetType(typ), ID: tid}}
		if strings.HasPrefix(dest, "com.amazonaws.") {
			route.PrefixList = dest
		} else {
			route.Destination = dest
		}
		rt.Routes = append(rt.Routes, route)
	}
	b.put(rt)
}

// sg adds a group of vpc with rules "ingress|egress proto ports peer".
func (b *builder) sg(id, vpc string, rules ...string) {
	g := &design.SecurityGroup{VPC: vpc}
	g.ID = id
	for _, r := range rules {
		f := strings.Fields(r)
		rule := design.SGRule{Protocol: design.Protocol(f[1]), Ports: ports(f[2])}
		switch peer := f[3]; {
		case strings.Contains(peer, "/"):
			rule.CIDR = peer
		case strings.HasPrefix(peer, "com.amazonaws."):
			rule.PrefixList = peer
		default:
			rule.Group = peer
		}
		if f[0] == "ingress" {
			g.Ingress = append(g.Ingress, rule)
		} else {
			g.Egress = append(g.Egress, rule)
		}
	}
	b.put(g)
}

// nacl adds a NACL for subnets with entries "in|out number proto ports cidr allow|deny".
func (b *builder) nacl(id, vpc string, subnets []string, entries ...string) {
	n := &design.NetworkACL{VPC: vpc, Subnets: subnets}
	n.ID = id
	for _, e := range entries {
		f := strings.Fields(e)
		entry := design.NACLEntry{Number: atoi(f[1]), Protocol: design.Protocol(f[2]), Ports: ports(f[3]), CIDR: f[4], Action: design.Action(f[5])}
		if f[0] == "in" {
			n.Inbound = append(n.Inbound, entry)
		} else {
			n.Outbound = append(n.Outbound, entry)
		}
	}
	b.put(n)
}

func (b *builder) workload(id, subnet, ip string, groups ...string) *design.Workload {
	w := &design.Workload{Type: design.WorkloadInstance, Interfaces: []design.Interface{{Subnet: subnet, PrivateIP: ip}}, SecurityGroups: groups}
	w.ID = id
	b.put(w)
	return w
}

func (b *builder) igw(id, vpc string) {
	g := &design.InternetGateway{VPC: vpc}
	g.ID = id
	b.put(g)
}

func (b *builder) nat(id, subnet string) {
	e := &design.ElasticIP{}
	e.ID = id + "-eip"
	n := &design.NATGateway{Subnet: subnet, Connectivity: design.ConnectivityPublic, EIP: e.ID}
	n.ID = id
	b.put(e)
	b.put(n)
}

func (b *builder) peering(id, req, acc string) {
	p := &design.PeeringConnection{Requester: req, Accepter: acc}
	p.ID = id
	b.put(p)
}

func (b *builder) build() *design.Design {
	b.t.Helper()
	if err := design.Apply(b.d, b.ops...); err != nil {
		b.t.Fatalf("design.Apply: %v", err)
	}
	return b.d
}

func ports(s string) *design.PortRange {
	if s == "-" {
		return nil
	}
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		to = from
	}
	return &design.PortRange{From: atoi(from), To: atoi(to)}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// hops formats a path as "kind resource rule decision" per hop.
func hops(hs []Hop) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = strings.Join(strings.Fields(h.Kind+" "+h.Resource+" "+h.Rule+" "+h.Decision), " ")
	}
	return out
}

// blockers formats blockers as "kind resource rule: fix".
func blockers(bs []Blocker) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = strings.Join(strings.Fields(b.Kind+" "+b.Resource+" "+b.Rule), " ") + ": " + b.Fix
	}
	return out
}

func loadExample(t testing.TB, name string) *design.Design {
	t.Helper()
	f, err := os.Open("../../examples/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := design.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return d
}

func mustTrace(t *testing.T, d *design.Design, from, to, proto string, port int) Result {
	t.Helper()
	f, err := ParseFlow(d, from, to, proto, port)
	if err != nil {
		t.Fatalf("ParseFlow(%s, %s, %s, %d): %v", from, to, proto, port, err)
	}
	r, err := Trace(d, f)
	if err != nil {
		t.Fatalf("Trace(%s -> %s): %v", from, to, err)
	}
	return r
}

func mustPrefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }
