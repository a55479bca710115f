package reach

import (
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
)

// A fix never opens a rule to the whole internet when the flow comes from
// somewhere narrower: it names the source's group, or its block.
func TestFixesNeverOpenToTheWorld(t *testing.T) {
	b := newBuilder(t)
	b.vpc("v", "10.0.0.0/16")
	b.vpc("w", "10.1.0.0/16")
	b.subnet("app", "v", "us-east-1a", "10.0.1.0/24")
	b.subnet("data", "v", "us-east-1a", "10.0.2.0/24")
	b.subnet("far", "w", "eu-west-1a", "10.1.2.0/24")
	// A subnet whose block is known only once deployed (an import).
	b.subnet("later", "v", "us-east-1a", design.Unknown("Fn::Select"))
	b.peering("pcx", "v", "w")
	b.table("app-rt", "v", []string{"app", "data", "later"}, "10.0.0.0/16>local", "10.1.0.0/16>peering-connection:pcx")
	b.table("far-rt", "w", []string{"far"}, "10.1.0.0/16>local", "10.0.0.0/16>peering-connection:pcx")
	b.sg("app-sg", "v", "egress all - 0.0.0.0/0")
	b.sg("db-sg", "v")
	b.sg("far-sg", "w")
	// Workloads whose address is not known yet, as drawn on a whiteboard.
	b.workload("app-1", "app", "", "app-sg")
	b.workload("app-2", "app", "10.0.1.7", "app-sg")
	b.workload("late", "later", "", "app-sg")
	b.workload("db", "data", "10.0.2.10", "db-sg")
	b.workload("far-db", "far", "10.1.2.10", "far-sg")
	d := b.build()
	// Peered across regions: groups of the other side cannot be named.
	d.VPCs["w"].Region = "eu-west-1"
	for _, c := range []struct{ from, to, at, want string }{
		{"app-1", "db", "db-sg", "security group `app-sg`"},
		{"app-1", "far-db", "far-sg", "10.0.1.0/24"},
		{"app-2", "far-db", "far-sg", "10.0.1.7/32"},
		{"10.0.1.8", "db", "db-sg", "10.0.1.8/32"},
		{"late", "far-db", "far-sg", "10.0.0.0/16"},
	} {
		f, err := ParseFlow(d, c.from, c.to, "tcp", 5432)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Trace(d, f)
		if err != nil {
			t.Fatal(err)
		}
		var fixes []string
		for _, bl := range res.Blockers {
			if bl.Resource == c.at {
				fixes = append(fixes, bl.Fix)
			}
		}
		if len(fixes) == 0 {
			t.Errorf("%s -> %s: no blocker at %s; blockers %+v", c.from, c.to, c.at, res.Blockers)
		}
		for _, fix := range fixes {
			if strings.Contains(fix, "0.0.0.0/0") || strings.Contains(fix, "::/0") || !strings.Contains(fix, c.want) {
				t.Errorf("%s -> %s: fix %q; want one allowing %s, never the internet", c.from, c.to, fix, c.want)
			}
		}
	}
}

// TestFixesThatExposeSayso: a flow from the internet can only be made
// reachable by opening something to the whole internet; when that is an
// administration or database port, or a database, the fix says what it
// exposes and that validate will report it, rather than reading as plain
// advice. Other fixes from the internet (a web port) carry no caution.
func TestFixesThatExposeSayso(t *testing.T) {
	d := loadExample(t, "three-tier")
	for _, c := range []struct {
		to      string
		port    int
		at      string
		caution string // "" for none
	}{
		{"db", 5432, "db-sg", "exposes PostgreSQL (5432) on `db` to the whole internet (validate: sg.world-db)"},
		{"db", 5432, "db", "exposes database `db` to the whole internet"},
		{"app-1", 22, "app-sg", "exposes SSH (22) on `app-1` to the whole internet (validate: sg.world-admin)"},
		{"app-1", 8080, "app-sg", ""},
	} {
		f, err := ParseFlow(d, "internet", c.to, "tcp", c.port)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Trace(d, f)
		if err != nil {
			t.Fatal(err)
		}
		var fixes []string
		for _, bl := range res.Blockers {
			if bl.Resource == c.at {
				fixes = append(fixes, bl.Fix)
			}
		}
		if len(fixes) == 0 {
			t.Errorf("internet -> %s:%d: no blocker at %s; blockers %+v", c.to, c.port, c.at, res.Blockers)
		}
		for _, fix := range fixes {
			switch {
			case c.caution == "" && strings.Contains(fix, "exposes"):
				t.Errorf("internet -> %s:%d: fix %q cautions; want none for this port", c.to, c.port, fix)
			case c.caution != "" && !strings.Contains(fix, c.caution):
				t.Errorf("internet -> %s:%d: fix %q; want the caution %q", c.to, c.port, fix, c.caution)
			}
		}
	}
}
