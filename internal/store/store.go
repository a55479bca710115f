package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/vpcboard/vpcboard/migrations"
)

// Expected outcomes, matched with errors.Is.
var (
	// ErrNotFound: no such design, or no such version of it.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict: an edit touches a resource changed since its base
	// version; the error is a *ConflictError.
	ErrConflict = errors.New("store: conflict")
	// ErrSchemaTooNew: the database was migrated by a newer vpcboard.
	ErrSchemaTooNew = errors.New("store: database schema is newer than this binary")
)

// SnapshotEvery is how often a revision holds the whole document.
const SnapshotEvery = 50

// Store is the PostgreSQL store of designs.
type Store struct {
	pool *pgxpool.Pool
	// afterWrite, when set (by tests), runs inside Apply's transaction
	// after its writes and before the commit.
	afterWrite func(ctx context.Context, tx pgx.Tx) error
	// docs keeps the documents of designs recently edited, decoded.
	docs *docCache
	// shared keeps the documents DesignShared decoded, for readers.
	shared *docCache
	// decodes counts the stored documents Apply decoded, sharedDecodes
	// those DesignShared decoded.
	decodes, sharedDecodes atomic.Int64
}

// Open connects to the database at url, applies the migrations this
// binary has (under an advisory lock) and returns the store.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store: parse database URL: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return &Store{pool: pool, docs: newDocCache(docCacheDesigns, docCacheBytes), shared: newDocCache(docCacheDesigns, docCacheBytes)}, nil
}

// Close closes the store's connections.
func (s *Store) Close() { s.pool.Close() }

// Pool returns the connection pool, for the LISTEN bridge and readiness
// checks.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.pool.Ping(ctx) }

// migrate applies the embedded migrations under a session advisory lock,
// and refuses a schema newer than the newest migration known.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	p, err := provider(db)
	if err != nil {
		return err
	}
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	if known := latest(p); current > known {
		return fmt.Errorf("%w: the database is at version %d, this binary knows up to %d; upgrade vpcboard", ErrSchemaTooNew, current, known)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	return nil
}

func provider(db *sql.DB) (*goose.Provider, error) {
	// Another replica holding the lock is retried every second, for five
	// minutes.
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
	if err != nil {
		return nil, fmt.Errorf("store: migration lock: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS, goose.WithSessionLocker(locker))
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

func latest(p *goose.Provider) int64 {
	var v int64
	for _, s := range p.ListSources() {
		v = max(v, s.Version)
	}
	return v
}

// newID returns a fresh design ID: 12 characters of [a-z0-9].
func newID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 12)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// Channel returns the NOTIFY channel of a design: its payload is the
// version just committed.
func Channel(designID string) string { return "design_" + designID }
