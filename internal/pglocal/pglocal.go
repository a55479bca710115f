package pglocal

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DefaultDatabase is the database Find uses when Options.Database is empty.
const DefaultDatabase = "vpcboard"

const (
	defaultPort  = 5432
	probeTimeout = 2 * time.Second
	// maxIdentifier is PostgreSQL's NAMEDATALEN-1: longer names are truncated.
	maxIdentifier = 63

	codeInvalidCatalogName    = "3D000" // the database does not exist
	codeDuplicateDatabase     = "42P04"
	codeUniqueViolation       = "23505"
	codeInsufficientPrivilege = "42501"
	codeCannotConnectNow      = "57P03" // the server is starting up or shutting down
)

// Options say where to look and what to call the database.
type Options struct {
	Database string                           // the database to use (and create if missing); default "vpcboard"
	DataDir  string                           // where a private cluster keeps its data; default: $XDG_DATA_HOME/vpcboard/postgres, else ~/.local/share/vpcboard/postgres
	Logf     func(format string, args ...any) // progress messages; nil = silent

	// Knobs for the package's tests.
	skipLocal   bool     // do not probe for a local server
	skipPrivate bool     // do not start a private cluster
	binDirs     []string // where to look for initdb and pg_ctl; nil = the default search path
}

// Server is a PostgreSQL the server can use.
type Server struct {
	URL     string // a pgx connection string for Database, e.g. "postgres://root@/vpcboard?host=/var/run/postgresql"
	Private bool   // whether this package started it (a private cluster)
	// Stop stops a private cluster (a fast shutdown: pg_ctl stop -m fast) and is a no-op otherwise. Safe to call twice.
	Stop func(ctx context.Context) error
}

// ErrNoPostgres is returned (wrapped) when no server answers and no binaries are found; its message says how to get one.
var ErrNoPostgres = errors.New("pglocal: no PostgreSQL found: set DATABASE_URL to a server's connection string, " +
	"run `docker compose up` (the repository ships a docker-compose.yml), " +
	"or install PostgreSQL (e.g. `apt install postgresql`)")

// Find returns a PostgreSQL for the server: a local one if one answers, else a private cluster it starts, else ErrNoPostgres.
func Find(ctx context.Context, opts Options) (*Server, error) {
	if opts.Database == "" {
		opts.Database = DefaultDatabase
	}
	if err := checkDatabaseName(opts.Database); err != nil {
		return nil, err
	}
	e := readEnv()

	looked := "local servers not probed"
	if !opts.skipLocal {
		srv, tried, err := findLocal(ctx, opts, e)
		if err != nil || srv != nil {
			return srv, err
		}
		looked = "no server answered on " + strings.Join(tried, ", ")
		logf(opts, "pglocal: %s", looked)
	}

	dirs := opts.binDirs
	if dirs == nil {
		dirs = binSearchPath(os.Getenv("PATH"))
	}
	if opts.skipPrivate {
		return nil, fmt.Errorf("%w (%s; private clusters not tried)", ErrNoPostgres, looked)
	}
	bin := findBinaries(dirs)
	if bin == "" {
		if len(dirs) == 0 {
			dirs = []string{"(nowhere)"}
		}
		return nil, fmt.Errorf("%w (%s; no initdb and pg_ctl in %s)", ErrNoPostgres, looked, strings.Join(dirs, ", "))
	}
	logf(opts, "pglocal: using initdb and pg_ctl in %s", bin)
	return startPrivate(ctx, opts, e, bin)
}

// env is what Find reads from the environment, read once.
type env struct {
	pgHost  []string // $PGHOST, split at commas
	pgUser  string   // $PGUSER
	port    int      // $PGPORT or 5432
	portSet bool     // whether $PGPORT is set: pgx then uses it for URLs that name no port
	osUser  string   // the current OS user's name
	root    bool     // whether the process runs as root
}

func readEnv() env {
	e := env{port: defaultPort, pgUser: os.Getenv("PGUSER"), root: os.Geteuid() == 0}
	for _, h := range strings.Split(os.Getenv("PGHOST"), ",") {
		if h = strings.TrimSpace(h); h != "" {
			e.pgHost = append(e.pgHost, h)
		}
	}
	if p := os.Getenv("PGPORT"); p != "" {
		e.portSet = true
		first, _, _ := strings.Cut(p, ",")
		if n, err := strconv.Atoi(strings.TrimSpace(first)); err == nil && n > 0 && n < 65536 {
			e.port = n
		}
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		e.osUser = u.Username
	} else {
		e.osUser = os.Getenv("USER")
	}
	return e
}

// findLocal probes the local servers. It returns (nil, tried, nil) when none
// answers, and an error only when one answers but cannot give the database.
func findLocal(ctx context.Context, opts Options, e env) (*Server, []string, error) {
	hosts := dedupe(append(append([]string{}, e.pgHost...), "/var/run/postgresql", "/tmp", "127.0.0.1"))
	users := dedupe([]string{e.pgUser, e.osUser, "postgres"})
	var tried []string
	for _, host := range hosts {
		if err := ctx.Err(); err != nil {
			return nil, tried, fmt.Errorf("pglocal: look for a local PostgreSQL: %w", err)
		}
		where := hostLabel(host, e.port)
		tried = append(tried, where)
		if isSocketDir(host) {
			sock := filepath.Join(host, ".s.PGSQL."+strconv.Itoa(e.port))
			if _, err := os.Stat(sock); err != nil {
				logf(opts, "pglocal: no socket %s", sock)
				continue
			}
		}
		conn, who, err := probeHost(ctx, opts, e, host, users)
		if err != nil {
			continue
		}
		logf(opts, "pglocal: using PostgreSQL on %s as %s", where, who)
		err = ensureDatabase(ctx, opts, conn, opts.Database, where)
		conn.Close(context.WithoutCancel(ctx))
		if err != nil {
			return nil, tried, err
		}
		u := serverURL(host, e.port, e.portSet, who, opts.Database)
		if err := ping(ctx, u); err != nil {
			return nil, tried, fmt.Errorf("pglocal: connect to database %q on %s as %s: %w", opts.Database, where, who, err)
		}
		return &Server{URL: u, Private: false, Stop: noStop}, tried, nil
	}
	return nil, tried, nil
}

// probeHost tries each user on host, first in database postgres, then in
// template1. It gives up on the host as soon as it does not answer at all.
func probeHost(ctx context.Context, opts Options, e env, host string, users []string) (*pgx.Conn, string, error) {
	var last error
	for _, who := range users {
		for _, db := range []string{"postgres", "template1"} {
			conn, err := connect(ctx, serverURL(host, e.port, e.portSet, who, db), probeTimeout)
			if err == nil {
				return conn, who, nil
			}
			last = err
			var pgErr *pgconn.PgError
			if !errors.As(err, &pgErr) {
				logf(opts, "pglocal: no answer on %s: %v", hostLabel(host, e.port), err)
				return nil, "", err // nothing listens there: no other user will fare better
			}
			logf(opts, "pglocal: %s refused %s in database %s: %v", hostLabel(host, e.port), who, db, err)
			if pgErr.Code != codeInvalidCatalogName {
				break // the role is refused: try the next one
			}
		}
	}
	return nil, "", last
}

// ensureDatabase creates db through conn if pg_database lacks it.
func ensureDatabase(ctx context.Context, opts Options, conn *pgx.Conn, db, where string) error {
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", db).Scan(&exists); err != nil {
		return fmt.Errorf("pglocal: look for database %q on %s: %w", db, where, err)
	}
	if exists {
		return nil
	}
	var role string
	var mayCreate bool
	err := conn.QueryRow(ctx, "SELECT current_user::text, rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user").Scan(&role, &mayCreate)
	if err != nil {
		return fmt.Errorf("pglocal: look up the current role on %s: %w", where, err)
	}
	if !mayCreate {
		return errNoCreate(role, db, where)
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{db}.Sanitize())
	var pgErr *pgconn.PgError
	switch {
	case err == nil:
		logf(opts, "pglocal: created database %q on %s", db, where)
		return nil
	case errors.As(err, &pgErr) && (pgErr.Code == codeDuplicateDatabase || pgErr.Code == codeUniqueViolation):
		// A concurrent creator won. It shows as 42P04, or, when both
		// passed the duplicate check at once, as a unique violation on
		// pg_database's name index: make sure it is the database's.
		if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", db).Scan(&exists); err != nil {
			return fmt.Errorf("pglocal: look for database %q on %s: %w", db, where, err)
		}
		if exists {
			return nil
		}
		return fmt.Errorf("pglocal: create database %q on %s: %w", db, where, pgErr)
	case errors.As(err, &pgErr) && pgErr.Code == codeInsufficientPrivilege:
		return fmt.Errorf("%w: %w", errNoCreate(role, db, where), err)
	default:
		return fmt.Errorf("pglocal: create database %q on %s: %w", db, where, err)
	}
}

func errNoCreate(role, db, where string) error {
	return fmt.Errorf("pglocal: database %q does not exist on %s and role %q may not create databases: "+
		"create it (CREATE DATABASE %s OWNER %s), grant the role CREATEDB, or set DATABASE_URL",
		db, where, role, pgx.Identifier{db}.Sanitize(), pgx.Identifier{role}.Sanitize())
}

// connect opens a connection, giving up after timeout.
func connect(ctx context.Context, connString string, timeout time.Duration) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(connString)
	if err != nil {
		return nil, fmt.Errorf("pglocal: parse %q: %w", connString, err)
	}
	cfg.ConnectTimeout = timeout
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return pgx.ConnectConfig(ctx, cfg)
}

// ping checks that connString connects.
func ping(ctx context.Context, connString string) error {
	conn, err := connect(ctx, connString, probeTimeout)
	if err != nil {
		return err
	}
	return conn.Close(ctx)
}

// serverURL is the pgx connection string for db on host (a socket directory
// or a host name) as user.
func serverURL(host string, port int, portSet bool, user, db string) string {
	prefix := "postgres://" + uriEscape(user, "") + "@"
	if !isSocketDir(host) {
		return prefix + net.JoinHostPort(host, strconv.Itoa(port)) + "/" + uriEscape(db, "")
	}
	u := prefix + "/" + uriEscape(db, "") + "?host=" + uriEscape(host, "/")
	if port != defaultPort || portSet {
		// pgx takes a missing port from $PGPORT, so name it when that is set.
		u += "&port=" + strconv.Itoa(port)
	}
	return u
}

// uriEscape percent-encodes s for a connection URI, which pgx decodes as
// libpq does: every byte but the unreserved ones and those in keep.
func uriEscape(s, keep string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("-._~", c) >= 0 || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func isSocketDir(host string) bool { return strings.HasPrefix(host, "/") }

func hostLabel(host string, port int) string {
	if isSocketDir(host) {
		if port != defaultPort {
			return host + " (port " + strconv.Itoa(port) + ")"
		}
		return host
	}
	return net.JoinHostPort(host, strconv.Itoa(port))
}

func checkDatabaseName(db string) error {
	if len(db) > maxIdentifier {
		return fmt.Errorf("pglocal: database name %q is longer than %d bytes", db, maxIdentifier)
	}
	if strings.ContainsRune(db, 0) {
		return fmt.Errorf("pglocal: database name %q contains a NUL byte", db)
	}
	return nil
}

func dedupe(xs []string) []string {
	seen := make(map[string]bool, len(xs))
	var out []string
	for _, x := range xs {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func logf(opts Options, format string, args ...any) {
	if opts.Logf != nil {
		opts.Logf(format, args...)
	}
}

func noStop(context.Context) error { return nil }
