package pglocal

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// testDatabase names a database no one else uses.
func testDatabase(t *testing.T) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "pglocal_test_" + hex.EncodeToString(b)
}

// mustQuery connects to connString and returns the one text value of query.
func mustQuery(t *testing.T, ctx context.Context, connString, query string) string {
	t.Helper()
	conn, err := pgx.Connect(ctx, connString)
	if err != nil {
		t.Fatalf("connect %s: %v", connString, err)
	}
	defer conn.Close(ctx)
	var s string
	if err := conn.QueryRow(ctx, query).Scan(&s); err != nil {
		t.Fatalf("%s on %s: %v", query, connString, err)
	}
	return s
}

func mustExec(t *testing.T, ctx context.Context, connString, sql string) {
	t.Helper()
	conn, err := pgx.Connect(ctx, connString)
	if err != nil {
		t.Fatalf("connect %s: %v", connString, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s on %s: %v", sql, connString, err)
	}
}

func TestFindLocal(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db := testDatabase(t)
	// skipPrivate: if no local server answers, fail rather than start a
	// cluster in the default data directory, outside the test's files.
	srv, err := Find(ctx, Options{Database: db, Logf: t.Logf, skipPrivate: true})
	if err != nil {
		t.Fatalf("Find: %v", err)
	}
	t.Logf("URL: %s", srv.URL)
	t.Cleanup(func() { dropDatabase(t, srv.URL, db, db) })
	if srv.Private {
		t.Errorf("Private = true for a local server")
	}
	if !strings.Contains(srv.URL, "/"+db) {
		t.Errorf("URL %q does not name database %s", srv.URL, db)
	}
	if got := mustQuery(t, ctx, srv.URL, "SELECT current_database()"); got != db {
		t.Errorf("current_database() = %q, want %q", got, db)
	}
	if err := srv.Stop(ctx); err != nil {
		t.Errorf("Stop of a local server: %v", err)
	}
	// Concurrent Finds of one new database all succeed (42P04 is tolerated).
	db2 := testDatabase(t)
	t.Cleanup(func() { dropDatabase(t, srv.URL, db, db2) })
	errs := make(chan error, 4)
	for range cap(errs) {
		go func() {
			_, err := Find(ctx, Options{Database: db2, skipPrivate: true})
			errs <- err
		}()
	}
	for range cap(errs) {
		if err := <-errs; err != nil {
			t.Errorf("concurrent Find: %v", err)
		}
	}
	// With $PGHOST naming TCP, it is tried first.
	t.Run("PGHOST", func(t *testing.T) {
		t.Setenv("PGHOST", "127.0.0.1")
		tcp, err := Find(ctx, Options{Database: db, Logf: t.Logf, skipPrivate: true})
		if err != nil {
			t.Fatalf("Find: %v", err)
		}
		t.Logf("URL: %s", tcp.URL)
		if !strings.HasPrefix(tcp.URL, "postgres://") || !strings.HasSuffix(tcp.URL, "@127.0.0.1:5432/"+db) {
			t.Errorf("URL = %q, want postgres://USER@127.0.0.1:5432/%s", tcp.URL, db)
		}
		if got := mustQuery(t, ctx, tcp.URL, "SELECT current_database()"); got != db {
			t.Errorf("current_database() = %q, want %q", got, db)
		}
	})
	// A second Find finds the database there and leaves it alone.
	again, err := Find(ctx, Options{Database: db, skipPrivate: true})
	if err != nil {
		t.Fatalf("second Find: %v", err)
	}
	if again.URL != srv.URL {
		t.Errorf("second Find URL = %q, want %q", again.URL, srv.URL)
	}
}

// dropDatabase drops db on the server of connString, a URL for database in.
func dropDatabase(t *testing.T, connString, in, db string) {
	t.Helper()
	ctx := context.Background()
	admin := strings.Replace(connString, "/"+in+"?", "/postgres?", 1)
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Errorf("connect %s to drop %s: %v", admin, db, err)
		return
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{db}.Sanitize()); err != nil {
		t.Errorf("drop database %s: %v", db, err)
	}
}

func TestFindLocalNoCreateDB(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	admin, err := Find(ctx, Options{Database: "postgres", skipPrivate: true})
	if err != nil {
		t.Fatalf("Find: %v", err)
	}
	role := testDatabase(t) // a fresh name serves for a role too
	mustExec(t, ctx, admin.URL, "CREATE ROLE "+pgx.Identifier{role}.Sanitize()+" LOGIN NOCREATEDB")
	t.Cleanup(func() {
		mustExec(t, context.Background(), admin.URL, "DROP ROLE IF EXISTS "+pgx.Identifier{role}.Sanitize())
	})

	t.Setenv("PGUSER", role) // tried first
	db := testDatabase(t)
	_, err = Find(ctx, Options{Database: db, skipPrivate: true})
	if err == nil {
		dropDatabase(t, admin.URL, "postgres", db)
		t.Fatalf("Find as a role without CREATEDB succeeded")
	}
	t.Logf("error: %v", err)
	for _, want := range []string{role, db, "CREATEDB"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

func TestFindPrivate(t *testing.T) {
	if findBinaries(binSearchPath(os.Getenv("PATH"))) == "" {
		t.Skipf("no initdb and pg_ctl on this machine (looked in %s)", strings.Join(binSearchPath(os.Getenv("PATH")), ", "))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	base := t.TempDir()
	if os.Geteuid() == 0 {
		// The postgres OS user runs the cluster: let it reach the data directory.
		for _, d := range []string{filepath.Dir(base), base} {
			if err := os.Chmod(d, 0o711); err != nil {
				t.Fatal(err)
			}
		}
	}
	dir := filepath.Join(base, "pg")
	opts := Options{Database: "pglocal_test", DataDir: dir, Logf: t.Logf, skipLocal: true}
	wantURL := "postgres://vpcboard@/pglocal_test?host=" + dir
	sock := filepath.Join(dir, ".s.PGSQL.5432")

	start := time.Now()
	srv, err := Find(ctx, opts)
	if err != nil {
		t.Fatalf("Find: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Stop(context.Background()); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	t.Logf("first start (initdb and start) took %v; URL: %s", time.Since(start), srv.URL)
	if !srv.Private {
		t.Errorf("Private = false for a cluster Find started")
	}
	if srv.URL != wantURL {
		t.Errorf("URL = %q, want %q", srv.URL, wantURL)
	}
	if got := mustQuery(t, ctx, srv.URL, "SELECT current_database()"); got != "pglocal_test" {
		t.Errorf("current_database() = %q, want pglocal_test", got)
	}
	if got := mustQuery(t, ctx, srv.URL, "SHOW listen_addresses"); got != "" {
		t.Errorf("listen_addresses = %q, want none (no TCP)", got)
	}
	mustExec(t, ctx, srv.URL, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')")

	if err := srv.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if _, err := os.Stat(sock); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket %s after Stop: %v, want it gone", sock, err)
	}
	if err := srv.Stop(ctx); err != nil {
		t.Errorf("second Stop: %v", err)
	}

	// Starting again on the same data directory keeps the data.
	start = time.Now()
	srv2, err := Find(ctx, opts)
	if err != nil {
		t.Fatalf("second Find: %v", err)
	}
	t.Cleanup(func() {
		if err := srv2.Stop(context.Background()); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	t.Logf("restart took %v", time.Since(start))
	if !srv2.Private || srv2.URL != wantURL {
		t.Errorf("second Find = %+v, want Private and URL %q", srv2, wantURL)
	}
	if got := mustQuery(t, ctx, srv2.URL, "SELECT v FROM kept"); got != "still here" {
		t.Errorf("kept row = %q, want %q", got, "still here")
	}

	// A cluster someone else started is used, and left running.
	other, err := Find(ctx, Options{Database: "pglocal_other", DataDir: dir, Logf: t.Logf, skipLocal: true})
	if err != nil {
		t.Fatalf("Find on a running cluster: %v", err)
	}
	if other.Private {
		t.Errorf("Private = true for a cluster Find did not start")
	}
	if err := other.Stop(ctx); err != nil {
		t.Errorf("Stop of a cluster Find did not start: %v", err)
	}
	if got := mustQuery(t, ctx, other.URL, "SELECT current_database()"); got != "pglocal_other" {
		t.Errorf("current_database() = %q after a no-op Stop, want pglocal_other", got)
	}

	if err := srv2.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if _, err := os.Stat(sock); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket %s after Stop: %v, want it gone", sock, err)
	}
}

func TestFindPrivateConcurrent(t *testing.T) {
	if findBinaries(binSearchPath(os.Getenv("PATH"))) == "" {
		t.Skipf("no initdb and pg_ctl on this machine (looked in %s)", strings.Join(binSearchPath(os.Getenv("PATH")), ", "))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := t.TempDir()
	if os.Geteuid() == 0 {
		for _, d := range []string{filepath.Dir(base), base} {
			if err := os.Chmod(d, 0o711); err != nil {
				t.Fatal(err)
			}
		}
	}
	dir := filepath.Join(base, "pg")

	// Two servers start at once on a fresh data directory: one initialises
	// and starts the cluster, the other uses it.
	type result struct {
		srv *Server
		err error
	}
	results := make(chan result, 2)
	for range cap(results) {
		go func() {
			srv, err := Find(ctx, Options{Database: "pglocal_test", DataDir: dir, skipLocal: true})
			results <- result{srv, err}
		}()
	}
	var servers []*Server
	for range cap(results) {
		r := <-results
		if r.err != nil {
			t.Errorf("Find: %v", r.err)
			continue
		}
		servers = append(servers, r.srv)
		t.Cleanup(func() {
			if err := r.srv.Stop(context.Background()); err != nil {
				t.Errorf("Stop: %v", err)
			}
		})
	}
	if len(servers) != 2 {
		t.FailNow()
	}
	if servers[0].Private == servers[1].Private {
		t.Errorf("Private = %v and %v, want one of each", servers[0].Private, servers[1].Private)
	}
	for _, srv := range servers {
		if got := mustQuery(t, ctx, srv.URL, "SELECT current_database()"); got != "pglocal_test" {
			t.Errorf("current_database() = %q, want pglocal_test", got)
		}
	}
}

func TestFindNoPostgres(t *testing.T) {
	empty := t.TempDir()
	_, err := Find(context.Background(), Options{DataDir: filepath.Join(empty, "pg"), skipLocal: true, binDirs: []string{empty}})
	if !errors.Is(err, ErrNoPostgres) {
		t.Fatalf("Find = %v, want ErrNoPostgres", err)
	}
	t.Logf("error: %v", err)
	msg := err.Error()
	for _, want := range []string{"DATABASE_URL", "docker compose", "apt install postgresql", empty} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	if _, err := os.Stat(filepath.Join(empty, "pg")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Find created the data directory without binaries: %v", err)
	}
}

func TestServerURL(t *testing.T) {
	for _, tc := range []struct {
		host    string
		port    int
		portSet bool
		user    string
		db      string
		want    string
	}{
		{"/var/run/postgresql", 5432, false, "root", "vpcboard", "postgres://root@/vpcboard?host=/var/run/postgresql"},
		{"/var/run/postgresql", 5432, true, "root", "vpcboard", "postgres://root@/vpcboard?host=/var/run/postgresql&port=5432"},
		{"/tmp/a b&c+d", 5433, false, "me", "x", "postgres://me@/x?host=/tmp/a%20b%26c%2Bd&port=5433"},
		{"/run/pg", 5432, false, "o'neil@home", "my db/1?", "postgres://o%27neil%40home@/my%20db%2F1%3F?host=/run/pg"},
		{"127.0.0.1", 5432, false, "postgres", "vpcboard", "postgres://postgres@127.0.0.1:5432/vpcboard"},
		{"::1", 5432, false, "postgres", "vpcboard", "postgres://postgres@[::1]:5432/vpcboard"},
	} {
		got := serverURL(tc.host, tc.port, tc.portSet, tc.user, tc.db)
		if got != tc.want {
			t.Errorf("serverURL(%q, %d, %v, %q, %q) = %q, want %q", tc.host, tc.port, tc.portSet, tc.user, tc.db, got, tc.want)
		}
		cfg, err := pgx.ParseConfig(got)
		if err != nil {
			t.Errorf("ParseConfig(%q): %v", got, err)
			continue
		}
		if cfg.Host != tc.host || int(cfg.Port) != tc.port || cfg.User != tc.user || cfg.Database != tc.db {
			t.Errorf("ParseConfig(%q) = host %q port %d user %q db %q", got, cfg.Host, cfg.Port, cfg.User, cfg.Database)
		}
	}
}

func TestBinSearchPath(t *testing.T) {
	if got := compareVersions("9.6", "15"); got >= 0 {
		t.Errorf("compareVersions(9.6, 15) = %d, want < 0", got)
	}
	dirs := binSearchPath("/usr/bin:relative::/usr/bin")
	if len(dirs) < 4 || dirs[0] != "/usr/bin" {
		t.Fatalf("binSearchPath = %v, want /usr/bin first", dirs)
	}
	for _, d := range dirs {
		if !filepath.IsAbs(d) {
			t.Errorf("binSearchPath holds relative %q", d)
		}
	}
	if tail := dirs[len(dirs)-3:]; strings.Join(tail, ":") != "/usr/local/pgsql/bin:/opt/homebrew/bin:/usr/local/bin" {
		t.Errorf("binSearchPath ends %v", tail)
	}
}

func TestFindPrivateUnreachableAsRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root hands the cluster to the postgres OS user")
	}
	if findBinaries(binSearchPath(os.Getenv("PATH"))) == "" {
		t.Skip("no initdb and pg_ctl on this machine")
	}
	// Like root's default, /root/.local/share/...: a private home.
	home := filepath.Join(t.TempDir(), "home")
	if err := os.Mkdir(home, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("XDG_DATA_HOME", "")
	_, err := Find(context.Background(), Options{skipLocal: true})
	if err == nil {
		t.Fatal("Find succeeded in a data directory the postgres user cannot reach")
	}
	t.Logf("error: %v", err)
	for _, want := range []string{"postgres OS user", filepath.Join(home, ".local/share/vpcboard/postgres"), "DataDir"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}
