package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/store/storetest"
	"github.com/vpcboard/vpcboard/internal/web"
)

// BenchmarkEditFragments is one edit through the designer, end to end:
// the form posted, the op applied in PostgreSQL, and the updated tree,
// diagram, findings and inspector rendered, for a design of one VPC with
// 50 subnets. warm: the edit alternates a subnet's Name tag between two
// values, so after the first two the render cache holds both diagrams;
// cold: every edit gives a new diagram to render.
func BenchmarkEditFragments(b *testing.B) {
	b.Run("warm", func(b *testing.B) { benchEdit(b, 2) })
	b.Run("cold", func(b *testing.B) { benchEdit(b, 1<<30) })
}

func benchEdit(b *testing.B, states int) {
	s, _ := storetest.New(b)
	r := renderer(b)
	ts := httptest.NewServer(web.New(s, web.Options{Renderer: r}))
	defer ts.Close()
	d := designtest.Generate(designtest.Size{VPCs: 1, SubnetsPerVPC: 50, WorkloadsPer: 1, GroupsPerVPC: 3, RulesPerGroup: 5,
		TablesPerVPC: 2, RoutesPerTable: 5, NACLsPerVPC: 1, EntriesPerNACL: 5})
	info, err := s.CreateDesign(context.Background(), storetest.Team, d, "bench")
	if err != nil {
		b.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar}
	res, err := hc.Get(ts.URL + "/designs/" + info.ID)
	if err != nil {
		b.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	token := regexp.MustCompile(`name="csrf-token" content="([^"]+)"`).FindSubmatch(page)[1]
	var subnet string
	for id, sn := range d.Subnets {
		subnet, _ = id, sn
		break
	}
	sn := d.Subnets[subnet]
	version := info.Version
	edit := func(i int) {
		form := url.Values{"kind": {"subnet"}, "new": {"false"}, "id": {subnet}, "vpc": {sn.VPC}, "az": {sn.AZ},
			"cidr": {sn.CIDR}, "tier": {sn.Tier}, "tags": {"Name=state-" + strconv.Itoa(i%states)}}
		req, _ := http.NewRequest("POST", ts.URL+"/designs/"+info.ID+"/edit", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-CSRF-Token", string(token))
		req.Header.Set("X-Base-Version", strconv.FormatInt(version, 10))
		res, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		v, _ := strconv.ParseInt(res.Header.Get("X-Design-Version"), 10, 64)
		if res.StatusCode != 200 || v != version+1 || !strings.Contains(string(body), "<svg") {
			b.Fatalf("edit = %d, version %d after %d: %.300s", res.StatusCode, v, version, body)
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
