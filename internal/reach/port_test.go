package reach

import (
	"os"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// SuggestPort chooses a port the destination opens to the source: the
// database's 5432 from the app tier, the app's 8080 from the balancer.
func TestSuggestPort(t *testing.T) {
	data, err := os.ReadFile("../../examples/three-tier.json")
	if err != nil {
		t.Fatal(err)
	}
	d, err := design.DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	b := newBuilder(t)
	b.vpc("v", "10.0.0.0/16")
	b.subnet("a", "v", "us-east-1a", "10.0.1.0/24")
	b.subnet("b", "v", "us-east-1a", "10.0.2.0/24")
	b.sg("client-sg", "v", "egress all - 0.0.0.0/0")
	// The web-wide rule comes first; the one naming the client's block is
	// preferred.
	b.sg("server-sg", "v", "ingress tcp 443 0.0.0.0/0", "ingress udp 53 10.0.1.0/24", "ingress tcp 9000-9100 10.0.1.0/24")
	b.workload("client", "a", "10.0.1.5", "client-sg")
	b.workload("server", "b", "10.0.2.5", "server-sg")
	small := b.build()
	// The same, with the server's subnet refusing 9000-9100 from the
	// client: the first reachable candidate, UDP 53, wins.
	b = newBuilder(t)
	b.vpc("v", "10.0.0.0/16")
	b.subnet("a", "v", "us-east-1a", "10.0.1.0/24")
	b.subnet("b", "v", "us-east-1a", "10.0.2.0/24")
	b.sg("client-sg", "v", "egress all - 0.0.0.0/0")
	b.sg("server-sg", "v", "ingress tcp 443 0.0.0.0/0", "ingress udp 53 10.0.1.0/24", "ingress tcp 9000-9100 10.0.1.0/24")
	b.nacl("server-nacl", "v", []string{"b"}, "in 100 tcp 9000-9100 10.0.1.0/24 deny", "in 200 all - 0.0.0.0/0 allow", "out 100 all - 0.0.0.0/0 allow")
	b.workload("client", "a", "10.0.1.5", "client-sg")
	b.workload("server", "b", "10.0.2.5", "server-sg")
	guarded := b.build()
	for _, c := range []struct {
		d        *design.Design
		from, to string
		proto    design.Protocol
		port     int
		group    string
	}{
		{d, "app-1", "db", design.ProtocolTCP, 5432, "db-sg"},
		{d, "web-alb", "app-2", design.ProtocolTCP, 8080, "app-sg"},
		{d, "internet", "web-alb", design.ProtocolTCP, 443, "alb-sg"},
		{small, "client", "server", design.ProtocolTCP, 9000, "server-sg"},
		{small, "server", "client", design.ProtocolTCP, DefaultPort, ""},
		{guarded, "client", "server", design.ProtocolUDP, 53, "server-sg"},
	} {
		got, err := SuggestPort(c.d, c.from, c.to)
		if err != nil {
			t.Fatalf("%s -> %s: %v", c.from, c.to, err)
		}
		if got.Protocol != c.proto || got.Port != c.port || got.Group != c.group || got.Why == "" {
			t.Errorf("%s -> %s: %+v; want %s %d of %q, with a reason", c.from, c.to, got, c.proto, c.port, c.group)
		}
	}
	if _, err := SuggestPort(d, "app-1", "nowhere"); err == nil {
		t.Error("SuggestPort to an unknown endpoint: no error")
	}
}
