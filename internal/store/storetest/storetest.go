// Package storetest gives each test a store on a database of its own, on
// the machine's PostgreSQL, dropped when the test ends.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vpcboard/vpcboard/internal/store"
)

// AdminURL is the server the tests use: $VPCBOARD_TEST_DATABASE_URL, else
// the local PostgreSQL on its default socket.
func AdminURL() string {
	if u := os.Getenv("VPCBOARD_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return "postgres:///postgres?host=/var/run/postgresql"
}

// Database creates an empty database for t and returns its URL; it is
// dropped (with its connections) when t ends.
func Database(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		t.Fatalf("storetest: connect to PostgreSQL at %s: %v (set VPCBOARD_TEST_DATABASE_URL)", AdminURL(), err)
	}
	defer admin.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	name := "vpcboard_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatalf("storetest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := pgx.Connect(ctx, AdminURL())
		if err != nil {
			t.Errorf("storetest: drop database %s: %v", name, err)
			return
		}
		defer admin.Close(ctx)
		if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("storetest: drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(AdminURL())
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// Team is a team New makes, for tests that need designs but not accounts.
const Team = "test"

// New returns a migrated store on a fresh database, closed when t ends,
// with the team Team.
func New(t testing.TB) (*store.Store, string) {
	t.Helper()
	dbURL := Database(t)
	s, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatalf("storetest: open store: %v", err)
	}
	t.Cleanup(s.Close)
	if _, err := s.Pool().Exec(context.Background(), `INSERT INTO teams (id, name) VALUES ($1, 'Test')`, Team); err != nil {
		t.Fatalf("storetest: create the test team: %v", err)
	}
	return s, dbURL
}
