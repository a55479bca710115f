package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/web"
)

// BenchmarkEditFragments is one edit through the designer, end to end:
// the form posted, the op applied in PostgreSQL, and the updated tree,
// diagram, findings and inspector rendered, for a design of one VPC with
// 50 subnets. warm: the edit alternates a subnet's Name tag between two
// values, so after the first two the render cache holds both diagrams;
// cold: every edit gives a new diagram to render. base: the warm edit on
// the base generated design (50 VPCs), whose answer is mostly panels
// (docs/PERFORMANCE.md, "Edit to updated diagram").
func BenchmarkEditFragments(b *testing.B) {
	small := designtest.Size{VPCs: 1, SubnetsPerVPC: 50, WorkloadsPer: 1, GroupsPerVPC: 3, RulesPerGroup: 5,
		TablesPerVPC: 2, RoutesPerTable: 5, NACLsPerVPC: 1, EntriesPerNACL: 5}
	b.Run("warm", func(b *testing.B) { benchEdit(b, small, 2) })
	b.Run("cold", func(b *testing.B) { benchEdit(b, small, 1<<30) })
	b.Run("base", func(b *testing.B) { benchEdit(b, designtest.Base, 2) })
}

func benchEdit(b *testing.B, size designtest.Size, states int) {
	r := renderer(b)
	w := newWorld(b, web.Options{Renderer: r})
	_, team := w.account("ana@example.com", "", 0)
	d := designtest.Generate(size)
	info, err := w.store.CreateDesign(context.Background(), team, d, "bench")
	if err != nil {
		b.Fatal(err)
	}
	c := w.signIn("ana@example.com")
	c.refreshCSRF("/designs/" + info.ID)
	subnet := design.SortedIDs(d.Subnets)[0]
	sn := d.Subnets[subnet]
	version := info.Version
	edit := func(i int) {
		form := url.Values{"kind": {"subnet"}, "new": {"false"}, "id": {subnet}, "vpc": {sn.VPC}, "az": {sn.AZ},
			"cidr": {sn.CIDR}, "tier": {sn.Tier}, "tags": {"Name=state-" + strconv.Itoa(i%states)},
			"base_version": {strconv.FormatInt(version, 10)}}
		res := c.form("/designs/"+info.ID+"/edit", form)
		v, _ := strconv.ParseInt(res.header.Get("X-Design-Version"), 10, 64)
		if res.status != 200 || v != version+1 || !strings.Contains(string(res.body), "<svg") {
			b.Fatalf("edit = %d, version %d after %d: %.300s", res.status, v, version, res.body)
		}
		version = v
	}
	edit(0)
	edit(1)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		edit(i)
	}
	st := r.Stats()
	b.ReportMetric(float64(st.CacheHits)/float64(max(1, st.CacheHits+st.CacheMisses)), "cache-hit-ratio")
}
