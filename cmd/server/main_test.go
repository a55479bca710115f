package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/jackc/pgx/v5"
	"golang.org/x/crypto/bcrypt"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/live"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/internal/store/storetest"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "vpcboard-server-test")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "server")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build the server: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// proc is a running server process.
type proc struct {
	cmd    *exec.Cmd
	base   string
	stderr *strings.Builder
	done   chan error
}

// start runs the server with env (and ADDR on a free port) and waits until
// it says where it listens.
func start(t *testing.T, env ...string) *proc {
	t.Helper()
	cmd := exec.Command(binary)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "ADDR=127.0.0.1:0"}, env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, stderr: &strings.Builder{}, done: make(chan error, 1)}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if after, ok := strings.CutPrefix(sc.Text(), "vpcboard listening on "); ok {
				lines <- after
			}
		}
		io.Copy(io.Discard, out)
	}()
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-p.done
		}
	})
	select {
	case base := <-lines:
		p.base = base
	case err := <-p.done:
		t.Fatalf("the server exited before listening: %v\n%s", err, p.stderr)
	case <-time.After(60 * time.Second):
		t.Fatalf("the server did not listen within a minute\n%s", p.stderr)
	}
	return p
}

// stop sends SIGTERM and waits for a clean exit.
func (p *proc) stop(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		if err != nil {
			t.Fatalf("server exit after SIGTERM: %v\n%s", err, p.stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the server did not stop within 30 s of SIGTERM\n%s", p.stderr)
	}
}

// runAdmin runs `server user ...` or `server token ...` with env, the
// password on stdin; it returns what the command printed.
func runAdmin(t *testing.T, env []string, stdin string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if err != nil {
		return errOut.String(), err
	}
	return out.String(), nil
}

// owner makes the account ana@example.com from the command line, as the
// first administrator of a fresh install is made, and returns an owner
// API token of her team from `server token create`.
func owner(t *testing.T, env ...string) string {
	t.Helper()
	if out, err := runAdmin(t, env, "a long enough password\n", "user", "add", "--email", "ana@example.com", "--admin"); err != nil || !strings.Contains(out, "made account ana@example.com") {
		t.Fatalf("server user add: %v %s", err, out)
	}
	out, err := runAdmin(t, env, "", "token", "create", "--email", "ana@example.com", "--role", "owner")
	if err != nil || !strings.HasPrefix(out, "vpcb_") {
		t.Fatalf("server token create: %v %s", err, out)
	}
	return strings.TrimSpace(out)
}

var token string // the token calls send; set by each test

func (p *proc) call(t *testing.T, method, path, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, p.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	var v map[string]any
	json.NewDecoder(res.Body).Decode(&v)
	return res.StatusCode, v
}

// A server keeps every design and revision across a restart, and stops
// cleanly on SIGTERM.
func TestRestartKeepsEverything(t *testing.T) {
	dbURL := storetest.Database(t)
	token = owner(t, "DATABASE_URL="+dbURL)
	p := start(t, "DATABASE_URL="+dbURL, "LOG_FORMAT=json")
	if code, _ := p.call(t, "GET", "/api/v1/me", ""); code != 200 {
		t.Fatalf("the command line's token = %d; want 200", code)
	}
	if code, _ := p.call(t, "GET", "/readyz", ""); code != 200 {
		t.Fatalf("readyz = %d", code)
	}
	design, err := os.ReadFile("../../examples/three-tier.json")
	if err != nil {
		t.Fatal(err)
	}
	code, v := p.call(t, "POST", "/api/v1/designs", string(design))
	if code != 201 {
		t.Fatalf("create = %d %v", code, v)
	}
	id := v["id"].(string)
	code, v = p.call(t, "POST", "/api/v1/designs/"+id+"/ops", `{"base_version":1,"ops":[{"op":"put","kind":"subnet","id":"app-c","value":{"vpc":"web-vpc","az":"us-east-1c","cidr":"10.0.12.0/24"}}]}`)
	if code != 200 {
		t.Fatalf("ops = %d %v", code, v)
	}
	healthcheck := func() ([]byte, error) {
		hc := exec.Command(binary, "-healthcheck")
		hc.Env = []string{"ADDR=" + strings.TrimPrefix(p.base, "http://")}
		return hc.CombinedOutput()
	}
	if out, err := healthcheck(); err != nil {
		t.Errorf("server -healthcheck against a ready server: %v %s", err, out)
	}
	p.stop(t)
	if out, err := healthcheck(); err == nil || !strings.Contains(string(out), "healthcheck:") {
		t.Errorf("server -healthcheck against a stopped server = %v %s; want a failure", err, out)
	}
	if !strings.Contains(p.stderr.String(), `"msg":"request"`) {
		t.Errorf("no structured request log in the server's output:\n%s", p.stderr)
	}
	q := start(t, "DATABASE_URL="+dbURL)
	code, v = q.call(t, "GET", "/api/v1/designs/"+id+"/revisions", "")
	if revs, _ := v["revisions"].([]any); code != 200 || len(revs) != 2 {
		t.Errorf("revisions after a restart = %d %v; want both", code, v)
	}
	q.stop(t)
}

// Without DATABASE_URL the server finds the machine's PostgreSQL and
// creates its database.
func TestZeroConfiguration(t *testing.T) {
	name := fmt.Sprintf("vpcboard_zero_%d", time.Now().UnixNano())
	t.Cleanup(func() {
		ctx := context.Background()
		admin, err := pgx.Connect(ctx, storetest.AdminURL())
		if err != nil {
			t.Error(err)
			return
		}
		defer admin.Close(ctx)
		admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	})
	p := start(t, "VPCBOARD_DATABASE="+name)
	token = owner(t, "VPCBOARD_DATABASE="+name)
	if code, _ := p.call(t, "GET", "/readyz", ""); code != 200 {
		t.Errorf("readyz = %d\n%s", code, p.stderr)
	}
	if code, _ := p.call(t, "POST", "/api/v1/designs?name=zero", ""); code != 201 {
		t.Errorf("create = %d", code)
	}
	p.stop(t)
}

// SIGTERM lets a request in flight finish: a matrix of a large design is
// still answered in full after the signal.
func TestShutdownFinishesInFlight(t *testing.T) {
	dbURL := storetest.Database(t)
	token = owner(t, "DATABASE_URL="+dbURL)
	p := start(t, "DATABASE_URL="+dbURL)
	data, err := design.Marshal(designtest.Generate(designtest.Base.Scale(0.5)))
	if err != nil {
		t.Fatal(err)
	}
	code, v := p.call(t, "POST", "/api/v1/designs", string(data))
	if code != 201 {
		t.Fatalf("create = %d %v", code, v)
	}
	type result struct {
		status int
		n      int
		err    error
	}
	done := make(chan result, 1)
	go func() {
		req, _ := http.NewRequest("GET", p.base+"/api/v1/designs/"+v["id"].(string)+"/matrix", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- result{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		done <- result{res.StatusCode, len(b), err}
	}()
	time.Sleep(150 * time.Millisecond) // the matrix of 1,000 workloads takes longer than this
	select {
	case r := <-done:
		t.Fatalf("the matrix was done (%d) before SIGTERM; the test needs a slower request", r.status)
	default:
	}
	p.stop(t)
	r := <-done
	if r.err != nil || r.status != 200 || r.n < 1000 {
		t.Errorf("the request in flight at SIGTERM: status %d, %d bytes, %v; want a whole 200", r.status, r.n, r.err)
	}
}

func TestBadConfiguration(t *testing.T) {
	for _, env := range []string{"LOG_LEVEL=loud", "LOG_FORMAT=xml", "SHUTDOWN_TIMEOUT=soon", "SIGNUP=maybe", "SECURE_COOKIES=yes please", "SESSION_IDLE_TIMEOUT=1s",
		"BODY_TIMEOUT=slow", "READ_HEADER_TIMEOUT=0", "WRITE_TIMEOUT=-5s", "IDLE_TIMEOUT=500ms",
		"TERRAFORM_CONFIGS=perhaps", "TERRAFORM_MEMORY=1GiB", "TERRAFORM_MEMORY=64", "TERRAFORM_CPU=500ms", "TERRAFORM_EVALUATIONS=0"} {
		var out, errOut strings.Builder
		getenv := func(k string) string {
			name, value, _ := strings.Cut(env, "=")
			if k == name {
				return value
			}
			return ""
		}
		if code := run(context.Background(), getenv, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), strings.SplitN(env, "=", 2)[0]) {
			t.Errorf("run with %s = %d, %q; want 2 naming the variable", env, code, errOut.String())
		}
	}
}

// The command line makes accounts and tokens and says what is wrong with
// its input; a password never goes on the command line.
func TestAccountsFromTheCommandLine(t *testing.T) {
	env := []string{"DATABASE_URL=" + storetest.Database(t)}
	for _, c := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"short\n", []string{"user", "add", "--email", "bo@example.com"}, "at least 10"},
		{"1234567890\n", []string{"user", "add", "--email", "bo@example.com"}, "too easy to guess"},
		{"bo likes vpcboard\n", []string{"user", "add", "--email", "bo@example.com"}, "name of this site"},
		{"long enough password\n", []string{"user", "add", "--email", "not-an-email"}, "not an email"},
		{"long enough password\n", []string{"user", "add", "--email", "bo@example.com", "--team", "x"}, "--team and --role go together"},
		{"", []string{"token", "create", "--email", "nobody@example.com", "--role", "viewer"}, "no account nobody@example.com"},
		{"", []string{"token", "create", "--email", "bo@example.com"}, "needs --role"},
		{"", []string{"user", "delete"}, "usage"},
	} {
		out, err := runAdmin(t, env, c.stdin, c.args...)
		if err == nil || !strings.Contains(out, c.want) {
			t.Errorf("server %v: %v %q; want a failure saying %q", c.args, err, out, c.want)
		}
	}
	token = owner(t, env...)
	if out, err := runAdmin(t, env, "another long password\n", "user", "add", "--email", "ana@example.com"); err == nil || !strings.Contains(out, "exists already") {
		t.Errorf("a second ana: %v %s", err, out)
	}
}

// Two replicas on one database: an edit through A reaches a viewer of the
// JSON event stream on B, with its author, summary and ops.
func TestEditReachesViewerOnAnotherReplica(t *testing.T) {
	dbURL := storetest.Database(t)
	token = owner(t, "DATABASE_URL="+dbURL)
	a := start(t, "DATABASE_URL="+dbURL)
	b := start(t, "DATABASE_URL="+dbURL)
	code, v := a.call(t, "POST", "/api/v1/designs?name=replicas", "")
	if code != 201 {
		t.Fatalf("create = %d", code)
	}
	id := v["id"].(string)
	bearer := http.Header{"Authorization": {"Bearer " + token}}
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(b.base, "http")+"/api/v1/designs/"+id+"/live?since=1", bearer)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	req, _ := http.NewRequest("POST", a.base+"/api/v1/designs/"+id+"/ops", strings.NewReader(
		`{"base_version":1,"ops":[{"op":"put","kind":"vpc","id":"v","value":{"cidr":"10.0.0.0/16"}}]}`))
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("edit through A: %v %v", err, res)
	}
	res.Body.Close()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, data, err := conn.ReadMessage()
	if err != nil {
		t.Fatalf("the viewer on B got nothing: %v", err)
	}
	var m struct {
		Type, Author, Summary string
		Version               int64
		Ops                   []map[string]any
	}
	json.Unmarshal(data, &m)
	if m.Type != "version" || m.Version != 2 || m.Author != "ana@example.com (token command line)" || m.Summary != "added vpc v" || len(m.Ops) != 1 {
		t.Errorf("the viewer on B got %s; want version 2 by ana: added vpc v", data)
	}
	// A cross-origin websocket is refused, even with credentials.
	hdr := http.Header{"Origin": {"https://evil.example"}, "Authorization": {"Bearer " + token}}
	if c, res, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(b.base, "http")+"/designs/"+id+"/ws", hdr); err == nil {
		c.Close()
		t.Error("a websocket from another origin was accepted")
	} else if res == nil || res.StatusCode != http.StatusForbidden {
		t.Errorf("a websocket from another origin: %v; want 403", err)
	}
	a.stop(t)
	b.stop(t)
}

// Revoking a token or a share link, or removing a member, closes the
// websockets they opened on a server started as this command starts it
// (the change made elsewhere, as by another replica, reaches it by
// NOTIFY).
func TestRevocationClosesWebsockets(t *testing.T) {
	ctx := context.Background()
	dbURL := storetest.Database(t)
	token = owner(t, "DATABASE_URL="+dbURL)
	p := start(t, "DATABASE_URL="+dbURL)
	code, v := p.call(t, "POST", "/api/v1/designs?name=revoked", "")
	if code != 201 {
		t.Fatalf("create = %d %v", code, v)
	}
	id := v["id"].(string)

	st, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	as := auth.New(st, auth.Options{BcryptCost: bcrypt.MinCost})
	ana, err := as.UserByEmail(ctx, "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	teams, err := as.TeamsOf(ctx, ana.ID)
	if err != nil || len(teams) != 1 {
		t.Fatalf("ana's teams: %v %v", teams, err)
	}
	team := teams[0].ID
	viewer, tk, err := as.CreateToken(ctx, ana, team, auth.Viewer, "viewer")
	if err != nil {
		t.Fatal(err)
	}
	bo, err := as.CreateUser(ctx, auth.NewUser{Email: "bo@example.com", Password: "bo's long password", Team: team, Role: auth.Viewer})
	if err != nil {
		t.Fatal(err)
	}
	share, link, err := as.CreateShareLink(ctx, ana, team, id)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		path   string
		header func(t *testing.T) http.Header
		revoke func() error
	}{
		{"a revoked token", "/api/v1/designs/" + id + "/live",
			func(*testing.T) http.Header { return http.Header{"Authorization": {"Bearer " + viewer}} },
			func() error { return as.RevokeToken(ctx, ana, tk.ID) }},
		{"a removed member's session", "/designs/" + id + "/ws",
			func(t *testing.T) http.Header { return p.signIn(t, "bo@example.com", "bo's long password") },
			func() error { return as.RemoveMember(ctx, ana, team, bo.ID) }},
		{"a revoked share link", "/designs/" + id + "/ws",
			func(t *testing.T) http.Header { return p.cookiesOf(t, "/s/"+share) },
			func() error { return as.RevokeShareLink(ctx, ana, team, id, link.ID) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.header(t)
			h.Set("Origin", p.base)
			conn, res, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(p.base, "http")+tt.path, h)
			if err != nil {
				t.Fatalf("open the websocket: %v %v", err, res)
			}
			defer conn.Close()
			if err := tt.revoke(); err != nil {
				t.Fatal(err)
			}
			conn.SetReadDeadline(time.Now().Add(20 * time.Second)) // bounds a failing test only
			for {
				_, _, err := conn.ReadMessage()
				if err == nil {
					continue
				}
				if !websocket.IsCloseError(err, live.CloseRevoked) {
					t.Errorf("the websocket of %s: %v; want closed with %d", tt.name, err, live.CloseRevoked)
				}
				break
			}
		})
	}
	p.stop(t)
}

var csrfMeta = regexp.MustCompile(`name="csrf-token" content="([^"]*)"`)

// cookiesOf gets path with a cookie jar and returns the cookies it set as
// a request header.
func (p *proc) cookiesOf(t *testing.T, path string) http.Header {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.Get(p.base + path)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return cookieHeader(t, p, jar)
}

// signIn signs in through the form and returns the session's cookies as a
// request header.
func (p *proc) signIn(t *testing.T, email, password string) http.Header {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(p.base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfMeta.FindSubmatch(page)
	if m == nil {
		t.Fatalf("the sign-in page has no CSRF token: %.300s", page)
	}
	res, err = c.PostForm(p.base+"/login", url.Values{"email": {email}, "password": {password}, "_csrf": {string(m[1])}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s = %d", email, res.StatusCode)
	}
	return cookieHeader(t, p, jar)
}

func cookieHeader(t *testing.T, p *proc, jar http.CookieJar) http.Header {
	t.Helper()
	u, _ := url.Parse(p.base)
	h := http.Header{}
	for _, ck := range jar.Cookies(u) {
		h.Add("Cookie", ck.Name+"="+ck.Value)
	}
	if len(h) == 0 {
		t.Fatal("no cookies")
	}
	return h
}

// BODY_TIMEOUT reaches the server: a request whose body does not come is
// answered 408 and its connection closed once it passes.
func TestBodyTimeout(t *testing.T) {
	dbURL := storetest.Database(t)
	token = owner(t, "DATABASE_URL="+dbURL)
	p := start(t, "DATABASE_URL="+dbURL, "BODY_TIMEOUT=1s")
	conn, err := net.Dial("tcp", strings.TrimPrefix(p.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/designs HTTP/1.1\r\nHost: vpcboard\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{", token)
	conn.SetReadDeadline(time.Now().Add(time.Minute)) // bounds a failing test only
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("no answer to a body that does not come: %v", err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if _, err := br.ReadByte(); res.StatusCode != http.StatusRequestTimeout || !errors.Is(err, io.EOF) {
		t.Errorf("a body that does not come = %d, then %v; want 408 and the connection closed", res.StatusCode, err)
	}
	p.stop(t)
}
