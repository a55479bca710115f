package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/diagram/worker"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/internal/tfconfig/sandbox"
	"github.com/vpcboard/vpcboard/internal/web"
)

// client calls the server: with a bearer token, or with cookies (a
// session) and the page's CSRF token.
type client struct {
	t     testing.TB
	base  string
	token string
	hc    *http.Client
	csrf  string
}

// newServer is a server with one account, ana@example.com, owner of her
// team; the client calls the API with an owner token of hers.
//
// Its server evaluates uploaded Terraform configurations in children of
// this test binary (TestMain), as cmd/server's do by default.
func newServer(t *testing.T) (*client, *store.Store) {
	t.Helper()
	w := newWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	return w.api(w.token(ana, team, auth.Owner)), w.store
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("response %d is not a JSON object: %v\n%s", r.status, err, r.body)
	}
	return v
}

// errorOf returns the code and field of an error response.
func (r response) errorOf(t testing.TB) (code, field string) {
	t.Helper()
	code, field, msg, ok := r.errorBody()
	if !ok {
		t.Fatalf("response %d has no error object: %s", r.status, r.body)
	}
	if msg == "" {
		t.Errorf("error response without a message: %s", r.body)
	}
	return code, field
}

// errorBody reads the error of a response: the API's {"error":{...}}, or
// the error page or fragment a page's route answers (errors.go).
func (r response) errorBody() (code, field, message string, ok bool) {
	if m := htmlError.FindSubmatch(r.body); m != nil {
		if msg := htmlErrorMessage.FindSubmatch(r.body); msg != nil {
			message = html.UnescapeString(string(msg[1]))
		}
		return html.UnescapeString(string(m[1])), html.UnescapeString(string(m[2])), message, true
	}
	var body struct {
		Error *struct{ Code, Field, Message string }
	}
	if json.Unmarshal(r.body, &body) != nil || body.Error == nil {
		return "", "", "", false
	}
	return body.Error.Code, body.Error.Field, body.Error.Message, true
}

// htmlError finds the code and the field of an error page or fragment.
var (
	htmlError        = regexp.MustCompile(`data-error-code="([^"]*)" data-error-field="([^"]*)"`)
	htmlErrorMessage = regexp.MustCompile(`role="alert"[^>]*>([^<]*)<`)
)

func (c *client) do(method, path, contentType string, body io.Reader, header ...string) response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	hc := c.hc
	if hc == nil {
		hc = &http.Client{CheckRedirect: noRedirect}
	}
	res, err := hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, data}
}

func (c *client) get(path string) response { return c.do("GET", path, "", nil) }

func (c *client) post(path, body string) response {
	return c.do("POST", path, "application/json", strings.NewReader(body))
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// create posts a design file and returns its ID.
func (c *client) create(body string) string {
	c.t.Helper()
	r := c.post("/api/v1/designs", body)
	if r.status != http.StatusCreated {
		c.t.Fatalf("POST /designs = %d %s; want 201", r.status, r.body)
	}
	id, _ := r.json(c.t)["id"].(string)
	return id
}

func version(t testing.TB, r response) int {
	t.Helper()
	v, ok := r.json(t)["version"].(float64)
	if !ok {
		t.Fatalf("no version in %s", r.body)
	}
	return int(v)
}

const subnetOp = `{"op":"put","kind":"subnet","id":"%s","value":{"vpc":"web-vpc","az":"us-east-1a","cidr":"%s"}}`

func ops(base int, ops ...string) string {
	return fmt.Sprintf(`{"base_version":%d,"ops":[%s]}`, base, strings.Join(ops, ","))
}

func TestDesignLifecycle(t *testing.T) {
	c, _ := newServer(t)
	if r := c.get("/api/v1/openapi.json"); r.status != 200 || r.json(t)["paths"] == nil {
		t.Errorf("GET openapi.json = %d", r.status)
	}
	if r := c.post("/api/v1/designs?name=scratch", ""); r.status != http.StatusCreated || version(t, r) != 1 {
		t.Fatalf("POST empty design = %d %s", r.status, r.body)
	}
	file := readFile(t, "../../examples/three-tier.json")
	id := c.create(file)
	r := c.get("/api/v1/designs")
	if list, _ := r.json(t)["designs"].([]any); r.status != 200 || len(list) != 2 {
		t.Errorf("GET /designs = %d, %d designs; want 2", r.status, len(list))
	}
	show := c.get("/api/v1/designs/" + id)
	if show.status != 200 || !jsonEqual(t, show.body, []byte(file)) {
		t.Errorf("GET /designs/%s = %d and not the file posted", id, show.status)
	}
	etag := show.header.Get("ETag")
	if r := c.do("GET", "/api/v1/designs/"+id, "", nil, "If-None-Match", etag); r.status != http.StatusNotModified {
		t.Errorf("GET with If-None-Match %s = %d; want 304", etag, r.status)
	}
	r = c.do("POST", "/api/v1/designs/"+id+"/ops", "application/json", strings.NewReader(ops(1, fmt.Sprintf(subnetOp, "app-c", "10.0.12.0/24"))))
	if r.status != 200 || version(t, r) != 2 || r.json(t)["summary"] != "added subnet app-c" {
		t.Fatalf("POST ops = %d %s; want version 2, added subnet app-c", r.status, r.body)
	}
	if r := c.get("/api/v1/designs/" + id + "?version=1"); !jsonEqual(t, r.body, []byte(file)) {
		t.Errorf("GET ?version=1 is not the design as first posted")
	}
	if r := c.get("/api/v1/designs/" + id + "?version=9"); r.status != 404 {
		t.Errorf("GET ?version=9 = %d; want 404", r.status)
	}
	r = c.get("/api/v1/designs/" + id + "/revisions")
	revs, _ := r.json(t)["revisions"].([]any)
	if len(revs) != 2 || revs[1].(map[string]any)["author"] != "ana@example.com (token test)" || revs[1].(map[string]any)["op_count"] != 1.0 {
		t.Errorf("GET revisions = %s; want two, the second by ana with one op", r.body)
	}
	if r := c.get("/api/v1/designs/" + id + "/revisions/2"); r.status != 200 || !strings.Contains(string(r.body), `"app-c"`) {
		t.Errorf("GET revisions/2 = %d %s", r.status, r.body)
	}
	if r := c.get("/api/v1/designs/" + id + "/findings"); r.status != 200 || r.json(t)["findings"] == nil {
		t.Errorf("GET findings = %d %s", r.status, r.body)
	}
	r = c.post("/api/v1/designs/"+id+"/trace", `{"from":"app-1","to":"db","protocol":"tcp","port":5432}`)
	if r.status != 200 || r.json(t)["verdict"] == nil {
		t.Errorf("POST trace = %d %s; want a verdict", r.status, r.body)
	}
	if r := c.get("/api/v1/designs/" + id + "/matrix"); r.status != 200 || !strings.Contains(string(r.body), "app-1") {
		t.Errorf("GET matrix = %d", r.status)
	}
	for _, q := range []string{"format=cloudformation", "format=cloudformation&syntax=yaml", "format=terraform"} {
		r := c.get("/api/v1/designs/" + id + "/export?" + q)
		if r.status != 200 || !strings.Contains(r.header.Get("Content-Disposition"), "attachment") || !bytes.Contains(r.body, []byte("app-c")) {
			t.Errorf("GET export?%s = %d %q; want the file with app-c", q, r.status, r.header.Get("Content-Disposition"))
		}
	}
	if r := c.do("DELETE", "/api/v1/designs/"+id, "", nil); r.status != http.StatusNoContent {
		t.Errorf("DELETE = %d", r.status)
	}
	if r := c.get("/api/v1/designs/" + id); r.status != 404 {
		t.Errorf("GET after DELETE = %d; want 404", r.status)
	}
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}

// A CloudFormation template posted as JSON or YAML becomes a design.
func TestCreateFromTemplate(t *testing.T) {
	c, _ := newServer(t)
	yaml := readFile(t, "../importer/testdata/corpus/quickstart-aws-vpc-multi-az-nat-nacl-flowlogs.template.yaml")
	r := c.do("POST", "/api/v1/designs", "application/yaml", strings.NewReader(yaml))
	if r.status != http.StatusCreated {
		t.Fatalf("POST a YAML template = %d %s", r.status, r.body)
	}
	id, _ := r.json(t)["id"].(string)
	if r := c.get("/api/v1/designs/" + id); !strings.Contains(string(r.body), `"vpcs"`) {
		t.Errorf("the imported design has no VPC: %s", r.body[:min(200, len(r.body))])
	}
	js := readFile(t, "../importer/testdata/corpus/cfn-samples-vpc-managed-nat-private-subnet.json")
	if r := c.post("/api/v1/designs", js); r.status != http.StatusCreated {
		t.Errorf("POST a JSON template = %d %s", r.status, r.body)
	}
}

// Two editors from the same base: different resources both land; the
// same resource, exactly one 409 with the resource's current state.
func TestConcurrentEditsOverHTTP(t *testing.T) {
	c, _ := newServer(t)
	id := c.create(readFile(t, "../../examples/three-tier.json"))
	path := "/api/v1/designs/" + id + "/ops"
	var wg sync.WaitGroup
	res := make([]response, 2)
	for i, s := range []string{"x-a", "x-b"} {
		wg.Go(func() { res[i] = c.post(path, ops(1, fmt.Sprintf(subnetOp, s, fmt.Sprintf("10.0.%d.0/24", 100+i)))) })
	}
	wg.Wait()
	for i, r := range res {
		if r.status != 200 {
			t.Errorf("edit %d of another resource from the same base = %d %s; want 200", i, r.status, r.body)
		}
	}
	for i := range res {
		wg.Go(func() {
			res[i] = c.post(path, ops(3, fmt.Sprintf(subnetOp, "x-a", fmt.Sprintf("10.0.%d.0/24", 110+i))))
		})
	}
	wg.Wait()
	ok, conflict := 0, 0
	for _, r := range res {
		switch r.status {
		case 200:
			ok++
		case 409:
			conflict++
			if code, _ := r.errorOf(t); code != "conflict" {
				t.Errorf("409 code %q; want conflict", code)
			}
			if cur, _ := r.json(t)["current"].(map[string]any); cur["x-a"] == nil {
				t.Errorf("409 without the current x-a: %s", r.body)
			}
		default:
			t.Errorf("edit = %d %s", r.status, r.body)
		}
	}
	if ok != 1 || conflict != 1 {
		t.Errorf("two edits of x-a from version 3: %d ok, %d conflicts; want 1 and 1", ok, conflict)
	}
}

// Bad input gets a precise 4xx naming the field, and the design is
// untouched.
func TestBadInput(t *testing.T) {
	c, _ := newServer(t)
	id := c.create(readFile(t, "../../examples/three-tier.json"))
	before := c.get("/api/v1/designs/" + id).body
	opsPath := "/api/v1/designs/" + id + "/ops"
	big := `{"base_version":1,"ops":[` + fmt.Sprintf(subnetOp, "big", "10.0.99.0/24") + `],"pad":"` + strings.Repeat("x", 20<<20) + `"}`
	tests := []struct {
		name, method, path, ctype, body string
		status                          int
		code, field                     string
	}{
		{"malformed JSON", "POST", opsPath, "application/json", `{"base_version":1,"ops":[`, 400, "bad_json", "body"},
		{"unknown field", "POST", opsPath, "application/json", `{"base_version":1,"opz":[]}`, 400, "bad_json", "body"},
		{"missing base", "POST", opsPath, "application/json", `{"ops":[` + fmt.Sprintf(subnetOp, "n", "10.0.99.0/24") + `]}`, 400, "bad_request", "base_version"},
		{"no ops", "POST", opsPath, "application/json", `{"base_version":1,"ops":[]}`, 400, "bad_request", "ops"},
		{"unknown op", "POST", opsPath, "application/json", ops(1, `{"op":"patch","kind":"subnet","id":"app-a"}`), 422, "invalid", "ops[0].op"},
		{"unknown kind", "POST", opsPath, "application/json", ops(1, `{"op":"put","kind":"router","id":"r","value":{}}`), 422, "invalid", "kind"},
		{"malformed CIDR", "POST", opsPath, "application/json", ops(1, fmt.Sprintf(subnetOp, "n", "10.0.999.0/24")), 422, "invalid", "subnet[n].cidr"},
		{"dangling reference", "POST", opsPath, "application/json", ops(1, `{"op":"put","kind":"subnet","id":"n","value":{"vpc":"nope","az":"us-east-1a","cidr":"10.0.99.0/24"}}`), 422, "invalid", "subnet[n].vpc"},
		{"hostile id", "POST", opsPath, "application/json", ops(1, fmt.Sprintf(subnetOp, "<script>", "10.0.99.0/24")), 422, "invalid", "subnet[<script>].id"},
		{"delete referenced", "POST", opsPath, "application/json", ops(1, `{"op":"delete","id":"public-a"}`), 422, "invalid", "subnet[public-a]"},
		{"future base", "POST", opsPath, "application/json", ops(5, fmt.Sprintf(subnetOp, "n", "10.0.99.0/24")), 409, "bad_base_version", "base_version"},
		{"missing design", "POST", "/api/v1/designs/nope/ops", "application/json", ops(1, fmt.Sprintf(subnetOp, "n", "10.0.99.0/24")), 404, "not_found", ""},
		{"20 MB body", "POST", opsPath, "application/json", big, 413, "too_large", "body"},
		{"bad template", "POST", "/api/v1/designs", "application/yaml", "Resources:\n  VPC:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: !Select [3, [a]]}\n", 422, "bad_template", "Resources.VPC.Properties.CidrBlock"},
		{"unparsable template", "POST", "/api/v1/designs", "application/yaml", "Resources: [\n", 422, "bad_template", ""},
		{"bad design file", "POST", "/api/v1/designs", "application/json", `{"format":1,"vpcs":{"v":{"cidr":"10.0.0.0/16","colour":"red"}}}`, 400, "bad_design", ""},
		{"dangling design file", "POST", "/api/v1/designs", "application/json", `{"format":1,"subnets":{"s":{"vpc":"nope","az":"a","cidr":"10.0.0.0/24"}}}`, 422, "invalid", "subnet[s].vpc"},
		{"bad version", "GET", "/api/v1/designs/" + id + "?version=zero", "", "", 400, "bad_request", "version"},
		{"bad export format", "GET", "/api/v1/designs/" + id + "/export?format=pulumi", "", "", 400, "bad_request", "format"},
		{"bad trace", "POST", "/api/v1/designs/" + id + "/trace", "application/json", `{"from":"nobody","to":"db","port":5432}`, 422, "bad_flow", "from"},
		{"unknown route", "GET", "/api/v1/nothing", "", "", 404, "not_found", ""},
		{"wrong method", "PUT", "/api/v1/designs/" + id, "", "", 405, "method_not_allowed", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			r := c.do(tt.method, tt.path, tt.ctype, body)
			if r.status != tt.status {
				t.Fatalf("%s %s = %d %s; want %d", tt.method, tt.path, r.status, r.body[:min(300, len(r.body))], tt.status)
			}
			code, field := r.errorOf(t)
			if code != tt.code || tt.field != "" && field != tt.field {
				t.Errorf("error code %q field %q; want %q %q (%s)", code, field, tt.code, tt.field, r.body[:min(300, len(r.body))])
			}
		})
	}
	if after := c.get("/api/v1/designs/" + id).body; !bytes.Equal(before, after) {
		t.Error("the design changed after refused requests")
	}
	if r := c.get("/api/v1/designs/" + id + "/revisions"); len(r.json(t)["revisions"].([]any)) != 1 {
		t.Errorf("revisions after refused requests: %s; want only the creation", r.body)
	}
}

// A delete refused for its referrers lists them; with cascade it lands.
func TestCascadeDeleteOverHTTP(t *testing.T) {
	c, _ := newServer(t)
	id := c.create(readFile(t, "../../examples/three-tier.json"))
	r := c.post("/api/v1/designs/"+id+"/ops", ops(1, `{"op":"delete","id":"public-a"}`))
	if r.status != 422 || !strings.Contains(string(r.body), "nat-a") {
		t.Errorf("delete of a referenced subnet = %d %s; want 422 naming nat-a", r.status, r.body)
	}
	r = c.post("/api/v1/designs/"+id+"/ops", ops(1, `{"op":"delete","id":"public-a","cascade":true}`))
	if r.status != 200 || !strings.Contains(string(r.body), `"nat-a"`) {
		t.Errorf("cascading delete = %d %s; want 200 with the NAT gateway deleted too", r.status, r.body)
	}
}

// An export of several accounts comes as a zip; an invalid design exports
// only with force.
func TestExportZipAndForce(t *testing.T) {
	c, _ := newServer(t)
	// The peering's accepter in another account and region.
	file := strings.Replace(readFile(t, "../../examples/peered-s3.json"), `"shared-vpc": {`, `"shared-vpc": {"region": "eu-central-1", "account": "222222222222",`, 1)
	id := c.create(file)
	// (Across regions, its group references are an error: force.)
	r := c.get("/api/v1/designs/" + id + "/export?format=cloudformation&force=true")
	if r.status != 200 || r.header.Get("Content-Type") != "application/zip" {
		t.Fatalf("export of two regions = %d %s %s; want a zip", r.status, r.header.Get("Content-Type"), r.body[:min(400, len(r.body))])
	}
	z, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
	if err != nil || len(z.File) != 2 {
		t.Errorf("zip: %v, %d files; want 2", err, len(z.File))
	}
	// Terraform in HCL: the four .tf files in a zip, which a second
	// export gives byte for byte (issue 17.7).
	hcl := c.get("/api/v1/designs/" + id + "/export?format=terraform&syntax=hcl&force=true")
	if hcl.status != 200 || hcl.header.Get("Content-Type") != "application/zip" || !strings.Contains(hcl.header.Get("Content-Disposition"), "terraform.zip") {
		t.Fatalf("export as HCL = %d %s %q; want terraform.zip", hcl.status, hcl.header.Get("Content-Type"), hcl.header.Get("Content-Disposition"))
	}
	z, err = zip.NewReader(bytes.NewReader(hcl.body), int64(len(hcl.body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	if strings.Join(names, " ") != "main.tf outputs.tf variables.tf versions.tf" {
		t.Errorf("HCL zip holds %v; want main.tf outputs.tf variables.tf versions.tf", names)
	}
	if again := c.get("/api/v1/designs/" + id + "/export?format=terraform&syntax=hcl&force=true"); !bytes.Equal(again.body, hcl.body) {
		t.Error("two HCL exports differ")
	}
	for _, q := range []string{"format=terraform&syntax=yaml", "format=cloudformation&syntax=hcl"} {
		if r := c.get("/api/v1/designs/" + id + "/export?" + q); r.status != 400 || !strings.Contains(string(r.body), `"syntax"`) {
			t.Errorf("export?%s = %d %s; want 400 naming syntax", q, r.status, r.body)
		}
	}
	bad := c.create(`{"format":1,"vpcs":{"v":{"cidr":"10.1.0.0/16"}},"subnets":{"a":{"vpc":"v","az":"us-east-1a","cidr":"10.1.1.0/24"},"b":{"vpc":"v","az":"us-east-1b","cidr":"10.1.1.128/25"}}}`)
	if r := c.get("/api/v1/designs/" + bad + "/export?format=terraform"); r.status != 422 {
		t.Errorf("export of a design with errors = %d; want 422", r.status)
	}
	if r := c.get("/api/v1/designs/" + bad + "/export?format=terraform&force=true"); r.status != 200 || !bytes.Contains(r.body, []byte("subnet.overlap")) {
		t.Errorf("forced export = %d, carries the finding %v", r.status, bytes.Contains(r.body, []byte("subnet.overlap")))
	}
}

func TestHealth(t *testing.T) {
	c, s := newServer(t)
	if r := c.get("/healthz"); r.status != 200 {
		t.Errorf("healthz = %d", r.status)
	}
	if r := c.get("/readyz"); r.status != 200 {
		t.Errorf("readyz = %d", r.status)
	}
	s.Close()
	if r := c.get("/readyz"); r.status != 503 {
		t.Errorf("readyz with the store closed = %d; want 503", r.status)
	}
	if r := c.get("/healthz"); r.status != 200 {
		t.Errorf("healthz with the store closed = %d; want 200", r.status)
	}
}

// workerEnv makes this test binary a render worker (TestMain); the
// argument sandbox.Arg makes it the child that evaluates a Terraform
// configuration.
const workerEnv = "VPCBOARD_RENDER_WORKER"

func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) == "1" {
		os.Exit(worker.Main(os.Stdin, os.Stdout))
	}
	if len(os.Args) == 2 && os.Args[1] == sandbox.Arg {
		// A server's child evaluating an uploaded Terraform
		// configuration: the default command of sandbox, as cmd/server's
		// main answers it.
		os.Exit(sandbox.Main(os.Stdin, os.Stdout))
	}
	os.Exit(m.Run())
}

func newJar() (http.CookieJar, error) { return cookiejar.New(nil) }

func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
