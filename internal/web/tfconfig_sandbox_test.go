package web_test

import (
	"bytes"
	"context"
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/tfconfig"
	"github.com/vpcboard/vpcboard/internal/tfconfig/sandbox"
	"github.com/vpcboard/vpcboard/internal/web"
)

// hostileConfigs are the uploads of the security review that ran the
// server out of memory when it evaluated configurations in its own
// process: each local is read by a resource, so it is evaluated.
var hostileConfigs = map[string]string{
	"setproduct over range(1000) three times": `setproduct(range(1000), range(1000), range(1000))`,
	"nested for expressions":                  `[for a in range(1000) : [for b in range(1000) : [for c in range(1000) : "${a}-${b}-${c}"]]]`,
	"indent(999999999, ...)":                  `indent(999999999, "a\nb\nc\nd")`,
}

// hostileMain is a main.tf whose VPC's tag reads the local x.
func hostileMain(local string) string {
	return "locals {\n  x = " + local + "\n}\n" + `resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
  tags       = { n = length(local.x) }
}
`
}

// peakMemory is this process's peak resident memory, for the log.
func peakMemory() string {
	data, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			return strings.Join(strings.Fields(strings.TrimPrefix(l, "VmHWM:")), " ")
		}
	}
	return "?"
}

// TestHostileConfigurationsMeetTheServersLimits: a server started with the
// defaults (as cmd/server starts it) evaluates uploaded configurations,
// in a bounded child process: each hostile upload of the security review
// answers 422 bad_terraform naming the limit it needs more than and the
// CLI to use instead, by the API and by the page, and the server goes on
// serving: the list of designs is unchanged and a real configuration
// still imports.
func TestHostileConfigurationsMeetTheServersLimits(t *testing.T) {
	w := newWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	api := w.api(w.token(ana, team, auth.Owner))
	before := string(api.get("/api/v1/designs").body)
	t.Logf("server VmHWM before: %s", peakMemory())
	for name, local := range hostileConfigs {
		r := api.do("POST", "/api/v1/designs", "application/zip", bytes.NewReader(hostileZip(t, [2]string{"main.tf", hostileMain(local)})))
		code, field, msg, _ := r.errorBody()
		if r.status != http.StatusUnprocessableEntity || code != "bad_terraform" || field != "body" ||
			!strings.Contains(msg, "than the server allows") || !strings.Contains(msg, "(limit ") || !strings.Contains(msg, "vpcboard import") {
			t.Errorf("%s: POST = %d %s; want 422 bad_terraform naming the limit and the CLI", name, r.status, r.body)
		}
		t.Logf("%s: %d %s", name, r.status, msg)
		if r := api.get("/api/v1/designs"); r.status != http.StatusOK || string(r.body) != before {
			t.Errorf("%s: the designs after it = %d %s; want as before", name, r.status, r.body)
		}
	}
	t.Logf("server VmHWM after: %s", peakMemory())

	// The page: the list page says why, and the limit.
	ses := w.signIn("ana@example.com")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "main.tf")
	fw.Write([]byte(hostileMain(hostileConfigs["setproduct over range(1000) three times"])))
	mw.Close()
	r := ses.do("POST", "/designs/import", mw.FormDataContentType(), &buf)
	loc, _ := url.QueryUnescape(r.header.Get("Location"))
	if r.status != http.StatusSeeOther || !strings.Contains(loc, "needs more memory than the server allows") ||
		!strings.Contains(loc, "(limit 1 GiB)") || !strings.Contains(loc, "vpcboard import") {
		t.Errorf("page import of the hostile main.tf = %d %s; want the list page naming the memory limit and the CLI", r.status, loc)
	}

	// Still serving: a real configuration imports.
	q := url.Values{"root": {"app"}, "var": {`office_cidrs=["198.51.100.0/24"]`}}
	if r := api.do("POST", "/api/v1/designs?"+q.Encode(), "application/zip", bytes.NewReader(webappZip(t))); r.status != http.StatusCreated {
		t.Errorf("a real configuration after the hostile ones = %d %s; want 201", r.status, r.body)
	}
	t.Logf("server VmHWM at the end: %s", peakMemory())
}

// TestConfigurationImportsThroughTheChildAsInProcess: the "complete"
// example of terraform-aws-vpc uploaded to a server with the defaults
// (evaluated in a child) is stored as the same design, byte for byte, as
// the design file of its evaluation in this process (vpcboard import
// DIR, as the CLI does) uploaded to the same server.
func TestConfigurationImportsThroughTheChildAsInProcess(t *testing.T) {
	w := newWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	api := w.api(w.token(ana, team, auth.Owner))
	r := api.do("POST", "/api/v1/designs?root=terraform-aws-vpc/examples/complete&region=eu-west-1", "application/zip", bytes.NewReader(corpusZip(t)))
	if r.status != http.StatusCreated {
		t.Fatalf("POST the zip = %d %s", r.status, r.body)
	}
	viaChild := api.get("/api/v1/designs/" + r.json(t)["id"].(string)).body

	file := inProcessDesign(t, "terraform-aws-vpc/examples/complete", "eu-west-1")
	r = api.do("POST", "/api/v1/designs", "application/json", bytes.NewReader(file))
	if r.status != http.StatusCreated {
		t.Fatalf("POST the in-process design = %d %s", r.status, r.body)
	}
	inProcess := api.get("/api/v1/designs/" + r.json(t)["id"].(string)).body
	if !bytes.Equal(viaChild, inProcess) {
		t.Errorf("the design imported through the child differs from the in-process one:\n%.3000s\nwant:\n%.3000s", viaChild, inProcess)
	}
}

// inProcessDesign evaluates root of corpusZip in this process, as the
// CLI evaluates a configuration, and returns its design file.
func inProcessDesign(t *testing.T, root, region string) []byte {
	t.Helper()
	fsys, _, err := tfconfig.ZipFS(corpusZip(t))
	if err != nil {
		t.Fatal(err)
	}
	res, err := tfconfig.Import(fsys, root, tfconfig.Options{Region: region})
	if err != nil {
		t.Fatal(err)
	}
	data, err := design.Marshal(res.Design)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestConfigEvaluationsBusy: with as many configurations evaluating as
// the server allows (TerraformEval.Concurrent), one more upload waits a
// moment (QueueWait) and is answered 503 busy with Retry-After, not
// queued without end; a request that goes away ends its child.
func TestConfigEvaluationsBusy(t *testing.T) {
	started := make(chan struct{}, 1)
	w := newWorld(t, web.Options{TerraformEval: sandbox.Options{Concurrent: 1, QueueWait: 10 * time.Millisecond,
		Command: func() *exec.Cmd {
			started <- struct{}{}
			return exec.Command("sleep", "600") // a child that never answers
		}}})
	ana, team := w.account("ana@example.com", "", 0)
	api := w.api(w.token(ana, team, auth.Owner))
	zip := hostileZip(t, [2]string{"main.tf", `resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }` + "\n"})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, "POST", w.base+"/api/v1/designs", bytes.NewReader(zip))
		req.Header.Set("Content-Type", "application/zip")
		req.Header.Set("Authorization", "Bearer "+api.token)
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
		}
		first <- err
	}()
	<-started
	r := api.do("POST", "/api/v1/designs", "application/zip", bytes.NewReader(zip))
	if code, _, _, _ := r.errorBody(); r.status != http.StatusServiceUnavailable || code != "busy" || r.header.Get("Retry-After") == "" {
		t.Errorf("an upload while the one evaluation allowed runs = %d %s (Retry-After %q); want 503 busy with Retry-After",
			r.status, r.body, r.header.Get("Retry-After"))
	}
	cancel()
	if err := <-first; !errors.Is(err, context.Canceled) {
		t.Errorf("the first upload: %v; want it cancelled", err)
	}
}
