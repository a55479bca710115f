package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/web"
)

// An action that cannot be taken as asked is refused naming its field, and
// nothing is stored; a good one is one revision.
func TestActionRefusesBadInput(t *testing.T) {
	w := newWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	api := w.api(w.token(ana, team, auth.Owner))
	id := api.create(labDesign)
	c := w.signIn("ana@example.com")
	revisions := func() int {
		return len(api.get("/api/v1/designs/" + id + "/revisions").json(t)["revisions"].([]any))
	}
	post := func(v url.Values) response {
		if v.Get("base_version") == "" {
			v.Set("base_version", "1")
		}
		return c.form("/designs/"+id+"/action", v)
	}
	for _, bad := range []struct {
		form  url.Values
		field string
	}{
		{url.Values{"action": {"add-subnet"}, "target": {"nowhere"}, "az": {"us-east-1a"}}, "target"},
		{url.Values{"action": {"explode"}, "target": {"lab"}}, "action"},
		{url.Values{"action": {"add-nat"}, "target": {"lab"}}, "action"}, // a VPC has no NAT action
		{url.Values{"action": {"add-subnet"}, "target": {"lab"}, "az": {"us-east-1a"}, "base_version": {"x"}}, "base_version"},
	} {
		r := post(bad.form)
		if _, field := r.errorOf(t); r.status != http.StatusBadRequest || field != bad.field {
			t.Errorf("%v = %d naming %q; want 400 naming %s", bad.form, r.status, field, bad.field)
		}
	}
	// Refused in the inspector, with the reason.
	for _, bad := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"action": {"add-subnet"}, "target": {"lab"}}, "availability zone"},
		{url.Values{"action": {"add-subnet"}, "target": {"lab"}, "az": {"us-east-1a"}, "cidr": {"10.50.999.0/24"}}, "cidr"},
		{url.Values{"action": {"add-igw"}, "target": {"lab"}, "subnets": {"lab-app", "nowhere"}}, "is not a subnet that can route to lab-igw"},
		{url.Values{"action": {"set-route-table"}, "target": {"lab-app"}, "route_table": {"lab.main-rtb"}}, "already uses"},
		{url.Values{"action": {"set-acl"}, "target": {"lab-app"}, "acl": {"nowhere"}}, "not a network ACL"},
	} {
		r := post(bad.form)
		body := string(r.body)
		if r.status != http.StatusOK || !strings.Contains(body, `data-testid="form-error"`) || !strings.Contains(body, bad.want) {
			t.Errorf("%v = %d; want the inspector saying %q: %s", bad.form, r.status, bad.want, body[:min(len(body), 400)])
		}
	}
	if n := revisions(); n != 1 {
		t.Fatalf("refused actions made revisions: %d; want 1", n)
	}
	r := post(url.Values{"action": {"add-igw"}, "target": {"lab"}, "subnets": {"lab-public"}})
	if r.status != http.StatusOK || !strings.Contains(string(r.body), "<h2>lab-igw</h2>") {
		t.Fatalf("add an internet gateway = %d: %s", r.status, r.body)
	}
	if n := revisions(); n != 2 {
		t.Errorf("an internet gateway and its route made %d revisions; want 1", n-1)
	}
	// A VPC has one internet gateway.
	r = post(url.Values{"action": {"add-igw"}, "target": {"lab"}, "base_version": {"2"}})
	if !strings.Contains(string(r.body), "already has internet gateway lab-igw") {
		t.Errorf("a second internet gateway: %s", r.body)
	}
}
