package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// The API makes a design of a Terraform state, and of a plan's planned
// values, told apart from design files and templates by content; a state
// of an old format is refused naming its version, and nothing is stored.
func TestCreateFromTerraform(t *testing.T) {
	c, _ := newServer(t)
	const dir = "../../internal/tfimport/testdata/threetier/"
	r := c.post("/api/v1/designs", readFile(t, dir+"terraform.tfstate"))
	if r.status != http.StatusCreated || !strings.Contains(string(r.body), `"warnings":[]`) {
		t.Fatalf("POST state = %d %s; want 201 without warnings (the DB subnet group is read for the database)", r.status, r.body)
	}
	id, _ := r.json(t)["id"].(string)
	if d := c.get("/api/v1/designs/" + id); !strings.Contains(string(d.body), `"module.vpc.aws_subnet.db.a"`) || !strings.Contains(string(d.body), `"imported Terraform"`) {
		t.Errorf("the design of the state: %s", d.body[:min(400, len(d.body))])
	}
	r = c.post("/api/v1/designs", readFile(t, dir+"plan.json"))
	if r.status != http.StatusCreated {
		t.Fatalf("POST plan = %d %s", r.status, r.body)
	}
	id, _ = r.json(t)["id"].(string)
	if d := c.get("/api/v1/designs/" + id); !strings.Contains(string(d.body), `"aws_instance.bastion"`) {
		t.Errorf("the design of the plan lacks the planned bastion")
	}
	before := c.get("/api/v1/designs").body
	r = c.post("/api/v1/designs", `{"version": 3, "terraform_version": "0.11.14", "lineage": "x", "resources": []}`)
	if code, field := r.errorOf(t); r.status != http.StatusUnprocessableEntity || code != "bad_terraform" || field != "body" || !strings.Contains(string(r.body), "version: 3") {
		t.Errorf("POST old state = %d %s; want 422 bad_terraform naming version 3", r.status, r.body)
	}
	if after := c.get("/api/v1/designs").body; string(after) != string(before) {
		t.Error("a refused state changed the list of designs")
	}
}
