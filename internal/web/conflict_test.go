package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/web"
)

// The server, not the page, keeps edits from being lost: a form saved
// after a later change of its resource is a 409 showing both values, and
// an undo or a redo of a version whose resources changed since is a 409
// that changes nothing; bad undo requests name their field.
func TestSavesAndUndosAreCheckedByTheServer(t *testing.T) {
	w := newWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	w.account("bo@example.com", team, auth.Editor)
	id := w.api(w.token(ana, team, auth.Owner)).create(readFile(t, "../../examples/three-tier.json"))
	a, b := w.signIn("ana@example.com"), w.signIn("bo@example.com")
	edit := func(c *client, base, cidr string) response {
		t.Helper()
		return c.form("/designs/"+id+"/edit", url.Values{"kind": {"subnet"}, "new": {"false"}, "id": {"app-a"},
			"vpc": {"web-vpc"}, "az": {"us-east-1a"}, "cidr": {cidr}, "tier": {"app"}, "base_version": {base}})
	}
	cidr := func() string { t.Helper(); return storedSubnet(t, w, id, "app-a").CIDR }
	apply := func(c *client, kind, version string) response {
		t.Helper()
		return c.form("/designs/"+id+"/apply", url.Values{"kind": {kind}, "version": {version}})
	}

	if r := edit(a, "1", "10.0.12.0/24"); r.status != http.StatusOK {
		t.Fatalf("ana's save = %d %s", r.status, r.body)
	}
	r := edit(b, "1", "10.0.13.0/24") // bo's form is of version 1
	if body := string(r.body); r.status != http.StatusConflict || !strings.Contains(body, "10.0.12.0/24") || !strings.Contains(body, "10.0.13.0/24") {
		t.Fatalf("bo's save of a form of version 1 after ana's change = %d; want 409 with both CIDRs:\n%s", r.status, body)
	}
	if got := cidr(); got != "10.0.12.0/24" {
		t.Fatalf("after the refused save, CIDR = %s; want ana's 10.0.12.0/24", got)
	}
	// A field only they changed is marked: putting mine on top sets it back.
	r = edit(b, "1", "10.0.10.0/24")
	if body := string(r.body); r.status != http.StatusConflict || !strings.Contains(body, "only they changed it") {
		t.Fatalf("bo's save of version 1's CIDR = %d; want 409 marking the CIDR as only theirs changed:\n%s", r.status, body)
	}
	if r := edit(b, "2", "10.0.13.0/24"); r.status != http.StatusOK { // put mine on top of theirs
		t.Fatalf("bo's save on version 2 = %d %s", r.status, r.body)
	}
	r = apply(a, "undo", "2") // ana's edit, which bo's changed since
	if body := string(r.body); r.status != http.StatusConflict || !strings.Contains(body, "bo@example.com") {
		t.Fatalf("ana's undo of version 2 after bo's change = %d; want 409 naming bo:\n%s", r.status, body)
	}
	if got := cidr(); got != "10.0.13.0/24" {
		t.Fatalf("after the refused undo, CIDR = %s; want bo's 10.0.13.0/24", got)
	}
	if r := apply(b, "undo", "3"); r.status != http.StatusOK || cidr() != "10.0.12.0/24" {
		t.Fatalf("bo's undo of his own edit = %d, CIDR %s; want 200 and 10.0.12.0/24", r.status, cidr())
	}
	if r := apply(b, "redo", "4"); r.status != http.StatusOK || cidr() != "10.0.13.0/24" {
		t.Fatalf("bo's redo = %d, CIDR %s; want 200 and 10.0.13.0/24", r.status, cidr())
	}
	// A delete from a form of version 4 after the redo (version 5)
	// changed the subnet is refused the same way.
	r = a.form("/designs/"+id+"/delete-resource", url.Values{"id": {"app-a"}, "cascade": {"true"}, "base_version": {"4"}})
	if body := string(r.body); r.status != http.StatusConflict || !strings.Contains(body, "You deleted it") || cidr() != "10.0.13.0/24" {
		t.Fatalf("a delete of a form of version 4 = %d, CIDR %s; want 409 and the subnet kept:\n%s", r.status, cidr(), body)
	}

	tests := []struct {
		name        string
		form        url.Values
		field       string
		wantVersion int64
	}{
		{"no version", url.Values{"kind": {"undo"}}, "version", 5},
		{"not a number", url.Values{"kind": {"undo"}, "version": {"two"}}, "version", 5},
		{"no such version", url.Values{"kind": {"undo"}, "version": {"99"}}, "version", 5},
		{"no kind", url.Values{"version": {"5"}}, "kind", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.form("/designs/"+id+"/apply", tt.form)
			if code, field := r.errorOf(t); r.status != http.StatusBadRequest || field != tt.field {
				t.Errorf("apply %v = %d %s %s; want 400 naming %s", tt.form, r.status, code, field, tt.field)
			}
			if info, _, err := w.store.Design(t.Context(), id); err != nil || info.Version != tt.wantVersion {
				t.Errorf("after a bad undo the design is at version %d (%v); want %d", info.Version, err, tt.wantVersion)
			}
		})
	}
}
