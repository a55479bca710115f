package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/jackc/pgx/v5"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/store/storetest"
	"github.com/vpcboard/vpcboard/internal/web"
)

// While the database is down (its connections terminated, new ones
// refused) requests answer 503 with Retry-After and say why: API calls by
// token, pages by session, before the handler (credentials) and in it;
// after it is back they work again.
func TestDatabaseOutageAnswers503(t *testing.T) {
	w := newLiveWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	api := w.api(w.token(ana, team, auth.Owner))
	id := api.create(readFile(t, "../../examples/three-tier.json"))
	browser := w.signIn("ana@example.com")
	html := []string{"Accept", "text/html"}
	requests := []struct {
		name string
		do   func() response
	}{
		{"API read by token", func() response { return api.get("/api/v1/designs/" + id) }},
		{"API edit by token", func() response {
			return api.post("/api/v1/designs/"+id+"/ops", ops(1, fmt.Sprintf(subnetOp, "app-o", "10.0.66.0/24")))
		}},
		{"page by session", func() response { return browser.do("GET", "/designs/"+id, "", nil, html...) }},
		{"design list by session", func() response { return browser.do("GET", "/", "", nil, html...) }},
		{"readiness", func() response { return w.anonymous().get("/readyz") }},
	}
	for _, r := range requests[:1] {
		if got := r.do(); got.status != http.StatusOK {
			t.Fatalf("%s before the outage = %d %s", r.name, got.status, got.body)
		}
	}

	o := startOutage(t, w, "")
	db := o.db

	for _, r := range requests {
		got := r.do()
		if bytes.Contains(got.body, []byte(db)) {
			t.Errorf("%s during the outage names the database %q: %.300s", r.name, db, got.body)
		}
		if got.status != http.StatusServiceUnavailable || got.header.Get("Retry-After") == "" {
			t.Errorf("%s during the outage = %d (Retry-After %q) %.300s; want 503 with Retry-After",
				r.name, got.status, got.header.Get("Retry-After"), got.body)
			continue
		}
		if r.name != "readiness" && !strings.Contains(string(got.body), "database is unavailable") {
			t.Errorf("%s during the outage does not say why: %.300s", r.name, got.body)
		}
		if strings.Contains(r.name, "page") && !strings.Contains(got.header.Get("Content-Type"), "text/html") {
			t.Errorf("%s during the outage is %s; want a page", r.name, got.header.Get("Content-Type"))
		}
	}

	o.end()
	for _, r := range requests {
		got := r.do()
		if bytes.Contains(got.body, []byte(db)) {
			t.Errorf("%s during the outage names the database %q: %.300s", r.name, db, got.body)
		}
		for deadline := time.Now().Add(10 * time.Second); got.status == http.StatusServiceUnavailable && time.Now().Before(deadline); {
			// The pool may hand out a connection terminated by the
			// outage once more before it notices.
			time.Sleep(100 * time.Millisecond)
			got = r.do()
		}
		if got.status != http.StatusOK {
			t.Errorf("%s after the outage = %d %.300s; want 200", r.name, got.status, got.body)
		}
	}
}

// outage is a database outage of a world: new connections refused, the
// open ones terminated.
type outage struct {
	t     *testing.T
	admin *pgx.Conn
	db    string
}

// startOutage stops w's database but for the connections that the SQL
// condition spare (on pg_stat_activity) keeps ("" for none).
func startOutage(t *testing.T, w *world, spare string) *outage {
	t.Helper()
	o := &outage{t: t}
	if err := w.store.Pool().QueryRow(context.Background(), "SELECT current_database()").Scan(&o.db); err != nil {
		t.Fatal(err)
	}
	admin, err := pgx.Connect(context.Background(), storetest.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close(context.Background()) })
	o.admin = admin
	o.exec("ALTER DATABASE " + pgx.Identifier{o.db}.Sanitize() + " ALLOW_CONNECTIONS false")
	cond := "datname = '" + o.db + "'"
	if spare != "" {
		cond += " AND NOT (" + spare + ")"
	}
	o.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE " + cond)
	return o
}

// startOutageNotified starts an outage that spares the hub's LISTEN
// connection, then NOTIFYs the access channel with payload (as a change of
// access heard just as the database went down), so that the websockets
// check their access again during the outage.
func startOutageNotified(t *testing.T, w *world, payload string) *outage {
	t.Helper()
	ctx := context.Background()
	notifier, err := pgx.Connect(ctx, w.store.Pool().Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer notifier.Close(ctx)
	o := startOutage(t, w, fmt.Sprintf("pid = %d OR application_name = 'vpcboard-listen'", notifier.PgConn().PID()))
	if _, err := notifier.Exec(ctx, "SELECT pg_notify($1, $2)", auth.Channel, payload); err != nil {
		t.Fatal(err)
	}
	return o
}

// end lets connections in again.
func (o *outage) end() {
	o.t.Helper()
	o.exec("ALTER DATABASE " + pgx.Identifier{o.db}.Sanitize() + " ALLOW_CONNECTIONS true")
}

func (o *outage) exec(sql string) {
	o.t.Helper()
	if _, err := o.admin.Exec(context.Background(), sql); err != nil {
		o.t.Fatalf("%s: %v", sql, err)
	}
}

// An outage is not a revocation: when access is checked again while the
// database is down (a change of access heard just as it went, on a LISTEN
// connection that survived), the open websockets close with 1013 "try
// again later", not 4403; once the database is back, they open again, and
// a real revocation closes them with 4403.
func TestOutageIsNotRevocation(t *testing.T) {
	w := newLiveWorld(t, web.Options{})
	ana, team := w.account("ana@example.com", "", 0)
	api := w.api(w.token(ana, team, auth.Owner))
	id := api.create(readFile(t, "../../examples/three-tier.json"))
	anaWeb := w.signIn("ana@example.com")
	sock := openSocket(t, w, anaWeb, "/designs/"+id+"/ws")
	// A version that arrives came through the hub's LISTEN connection,
	// which LISTENs to the access channel before any room's.
	api.post("/api/v1/designs/"+id+"/ops", ops(1, fmt.Sprintf(subnetOp, "app-o", "10.0.66.0/24")))
	readVersion(t, sock, 2)

	o := startOutageNotified(t, w, fmt.Sprintf("user:%d", ana.ID))
	if code, err := closeCode(sock); code != websocket.CloseTryAgainLater {
		t.Errorf("the websocket during the outage ended with %d (%v); want 1013 try again later", code, err)
	}
	o.end()

	// Back: the socket opens again (the pool may hand out a connection
	// the outage terminated once more first), and revocation still
	// closes it.
	var res *http.Response
	var err error
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		sock, res, err = anaWeb.socket("/designs/"+id+"/ws", w.base)
		if err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		t.Fatalf("open the websocket after the outage: %v (%v)", err, res)
	}
	defer sock.Close()
	if r := anaWeb.form("/logout", nil); r.status != http.StatusSeeOther {
		t.Fatalf("sign out = %d", r.status)
	}
	if err := closedForAccess(sock); err != nil {
		t.Errorf("the signed-out session's websocket after the outage: %v", err)
	}
}

// readVersion reads sock until the version message of v.
func readVersion(t *testing.T, sock *websocket.Conn, v int64) {
	t.Helper()
	sock.SetReadDeadline(time.Now().Add(20 * time.Second))
	defer sock.SetReadDeadline(time.Time{})
	for {
		_, msg, err := sock.ReadMessage()
		if err != nil {
			t.Fatalf("read version %d: %v", v, err)
		}
		var m struct {
			Type    string `json:"type"`
			Version int64  `json:"version"`
		}
		if json.Unmarshal(msg, &m) == nil && m.Type == "version" && m.Version >= v {
			return
		}
	}
}
