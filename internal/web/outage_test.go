package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

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

	var db string
	if err := w.store.Pool().QueryRow(context.Background(), "SELECT current_database()").Scan(&db); err != nil {
		t.Fatal(err)
	}
	admin, err := pgx.Connect(context.Background(), storetest.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	exec := func(sql string) {
		t.Helper()
		if _, err := admin.Exec(context.Background(), sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	quoted := pgx.Identifier{db}.Sanitize()
	exec("ALTER DATABASE " + quoted + " ALLOW_CONNECTIONS false")
	exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'")

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

	exec("ALTER DATABASE " + quoted + " ALLOW_CONNECTIONS true")
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
