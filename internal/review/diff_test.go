package review_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/reach"
	"github.com/vpcboard/vpcboard/internal/review"
)

// threeTier returns the example, and a second version where the load
// balancer's group also admits SSH from anywhere and the database takes
// 5433 instead of 5432.
func threeTier(t *testing.T) (old, new *design.Design) {
	t.Helper()
	data, err := os.ReadFile("../../examples/three-tier.json")
	if err != nil {
		t.Fatal(err)
	}
	old, err = design.DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	json.Unmarshal(data, &doc)
	sgs := doc["security_groups"].(map[string]any)
	alb := sgs["alb-sg"].(map[string]any)
	alb["ingress"] = append(alb["ingress"].([]any), map[string]any{"protocol": "tcp", "ports": map[string]any{"from": 22, "to": 22}, "cidr": "0.0.0.0/0"})
	db := sgs["db-sg"].(map[string]any)
	db["ingress"].([]any)[0].(map[string]any)["ports"] = map[string]any{"from": 5433, "to": 5433}
	data, _ = json.Marshal(doc)
	new, err = design.DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	return old, new
}

// The diff lists exactly the resources changed, field by field, and
// exactly the traffic that changed, checked port by port against the
// matrix of each version computed on its own.
func TestDiffOfTwoVersions(t *testing.T) {
	old, new := threeTier(t)
	d, err := review.Compare(old, new)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range d.Resources {
		for _, f := range r.Fields {
			got = append(got, r.ID+" "+r.Change+" "+f.Path+" "+string(f.Old)+" -> "+string(f.New))
		}
	}
	if len(d.Resources) != 2 || d.Resources[0].ID != "alb-sg" || d.Resources[1].ID != "db-sg" {
		t.Fatalf("changed resources = %v; want alb-sg and db-sg", got)
	}
	if f := d.Resources[0].Fields; len(f) != 1 || f[0].Path != "ingress[1]" || f[0].Old != nil || !strings.Contains(string(f[0].New), `"from":22`) {
		t.Errorf("alb-sg fields = %v; want ingress[1] added", got)
	}
	if f := d.Resources[1].Fields; len(f) != 2 || f[0].Path != "ingress[0].ports.from" || string(f[0].Old) != "5432" || string(f[0].New) != "5433" {
		t.Errorf("db-sg fields = %v; want ingress[0].ports.from and .to 5432 -> 5433", got)
	}
	if !d.OpensFromInternet {
		t.Error("the diff does not say it opens a path from the internet")
	}
	mOld, _ := reach.Matrix(old)
	mNew, _ := reach.Matrix(new)
	byPair := map[string]review.ReachChange{}
	for _, c := range d.Reach {
		byPair[c.From+" "+c.To] = c
	}
	names := append(slices.Clone(mOld.Names()), mNew.Names()...)
	slices.Sort(names)
	names = slices.Compact(names)
	checked := 0
	for _, from := range names {
		for _, to := range names {
			if from == to || from == reach.Internet && to == reach.Internet {
				continue
			}
			po, _ := mOld.Pair(from, to)
			pn, _ := mNew.Pair(from, to)
			to1, _ := reach.ParseTraffic(po.Allowed)
			tn, _ := reach.ParseTraffic(pn.Allowed)
			c := byPair[from+" "+to]
			opened, _ := reach.ParseTraffic(c.Opened)
			closed, _ := reach.ParseTraffic(c.Closed)
			for _, port := range []int{0, 21, 22, 23, 80, 443, 5432, 5433, 8080, 65535} {
				if o, n := to1.Has("tcp", port), tn.Has("tcp", port); opened.Has("tcp", port) != (n && !o) || closed.Has("tcp", port) != (o && !n) {
					t.Errorf("%s -> %s tcp %d: before %t, after %t; the diff says opened %q closed %q", from, to, port, o, n, c.Opened, c.Closed)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("nothing checked")
	}
	var sentences []string
	for _, c := range d.Reach {
		sentences = append(sentences, c.Says)
	}
	all := strings.Join(sentences, "\n")
	t.Logf("reachability changes:\n%s", all)
	for _, s := range []string{"now allows tcp 22 from the internet to `web-alb`", "`app-1` can no longer reach `db` on tcp 5432"} {
		if !strings.Contains(all, s) {
			t.Errorf("the reachability changes do not say %q:\n%s", s, all)
		}
	}
	if again, _ := review.Compare(old, old); again.Changed() {
		t.Errorf("a version compared with itself has changes: %+v", again)
	}
}

// When only groups' rules change, Compare looks only at the pairs of
// their members: the result is the one of both whole matrices.
func TestNarrowDiffIsTheFullOne(t *testing.T) {
	old, new := largePair(t, designtest.Base.Scale(0.1))
	if !review.Narrows(old, new) {
		t.Fatal("a change of three groups' rules is not narrowed")
	}
	if a, b := threeTier(t); !review.Narrows(a, b) {
		t.Error("the example's change of two groups' rules is not narrowed")
	}
	narrow, err := review.Compare(old, new)
	if err != nil {
		t.Fatal(err)
	}
	full, err := review.CompareFull(old, new)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(narrow)
	b, _ := json.Marshal(full)
	if string(a) != string(b) {
		t.Errorf("the narrow diff differs from the full one:\n%s\n%s", a, b)
	}
	if len(full.Reach) == 0 {
		t.Error("the change opened nothing: the test proves nothing")
	}
}
