package reach

import (
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// An unknown security group hop names why the deciding rule's peer is not
// known (a plan's "known after apply", an import's unknown prefix list
// entries), so that a reviewer sees what the verdict waits for.
func TestUnknownRulePeerNamesReason(t *testing.T) {
	b := newBuilder(t)
	b.vpc("v", "10.0.0.0/16")
	b.subnet("app", "v", "us-east-1a", "10.0.1.0/24")
	b.table("rt", "v", []string{"app"}, "10.0.0.0/16>local")
	b.sg("client-sg", "v", "egress all - 0.0.0.0/0")
	b.sg("server-sg", "v")
	b.workload("client", "app", "10.0.1.5", "client-sg")
	b.workload("server", "app", "10.0.1.6", "server-sg")
	d := b.build()
	d.SecurityGroups["server-sg"].Ingress = []design.SGRule{{Protocol: "tcp", Ports: ports("8080"),
		Group: design.Unknown("aws_security_group.app.ingress.0.security_groups known after apply")}}
	f, err := ParseFlow(d, "client", "server", "tcp", 8080)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Trace(d, f)
	if err != nil {
		t.Fatal(err)
	}
	var got string
	for _, h := range res.Forward {
		if h.Kind == KindSGIngress {
			got = h.Decision + " " + h.Detail
		}
	}
	if want := "(the rule's peer is not known: aws_security_group.app.ingress.0.security_groups known after apply)"; !strings.HasPrefix(got, DecisionUnknown) || !strings.Contains(got, want) {
		t.Errorf("ingress hop %q; want unknown with %q", got, want)
	}
}
