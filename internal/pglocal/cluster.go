package pglocal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

const (
	// clusterRole is the superuser role of a private cluster.
	clusterRole = "vpcboard"
	// serverOSUser runs initdb, pg_ctl and postgres when the process is root.
	serverOSUser = "postgres"
	// maxSocketPath is the longest Unix socket path PostgreSQL accepts
	// (sizeof(sockaddr_un.sun_path) - 1).
	maxSocketPath = 107
	// startWait bounds how long pg_ctl waits for a start, and how long Find
	// waits for a cluster someone else is starting.
	startWait = 30 * time.Second
	// waitDelay bounds how long a finished command may hold its output open.
	waitDelay = 10 * time.Second
)

// binSearchPath lists where to look for initdb and pg_ctl: the directories
// of path (a $PATH value), then /usr/lib/postgresql/*/bin (newest version
// first), /usr/local/pgsql/bin, /opt/homebrew/bin and /usr/local/bin.
func binSearchPath(path string) []string {
	var dirs []string
	for _, d := range filepath.SplitList(path) {
		if filepath.IsAbs(d) { // an empty or relative entry means the working directory: skip it
			dirs = append(dirs, filepath.Clean(d))
		}
	}
	versioned, _ := filepath.Glob("/usr/lib/postgresql/*/bin") // the pattern is valid, so no error
	slices.SortStableFunc(versioned, func(a, b string) int {
		return compareVersions(filepath.Base(filepath.Dir(b)), filepath.Base(filepath.Dir(a)))
	})
	dirs = append(dirs, versioned...)
	dirs = append(dirs, "/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin")
	return dedupe(dirs)
}

// compareVersions orders version strings like "9.6" and "15" numerically.
func compareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var na, nb int
		if i < len(pa) {
			na = leadingInt(pa[i])
		}
		if i < len(pb) {
			nb = leadingInt(pb[i])
		}
		if na != nb {
			return na - nb
		}
	}
	return strings.Compare(a, b)
}

func leadingInt(s string) int {
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	n, _ := strconv.Atoi(s[:end]) // digits only; "" gives 0
	return n
}

// findBinaries returns the first of dirs that holds both initdb and pg_ctl,
// or "".
func findBinaries(dirs []string) string {
	for _, d := range dirs {
		if isExecutable(filepath.Join(d, "initdb")) && isExecutable(filepath.Join(d, "pg_ctl")) {
			return d
		}
	}
	return ""
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// defaultDataDir is $XDG_DATA_HOME/vpcboard/postgres, else
// ~/.local/share/vpcboard/postgres.
func defaultDataDir() (string, error) {
	if x := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "vpcboard", "postgres"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("pglocal: choose a data directory: %w", err)
	}
	return filepath.Join(home, ".local", "share", "vpcboard", "postgres"), nil
}

// cluster is a private PostgreSQL cluster in a data directory.
type cluster struct {
	dir   string // absolute data directory, also the socket directory
	bin   string // directory holding initdb and pg_ctl
	runAs string // OS user that runs the PostgreSQL programs; "" = this process's user
	opts  Options
}

// startPrivate starts (initialising it first if need be) the private cluster
// in opts.DataDir, or uses it if it is already running.
func startPrivate(ctx context.Context, opts Options, e env, bin string) (*Server, error) {
	dir := opts.DataDir
	if dir == "" {
		var err error
		if dir, err = defaultDataDir(); err != nil {
			return nil, err
		}
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("pglocal: data directory %q: %w", opts.DataDir, err)
	}
	if err := checkDataDir(dir); err != nil {
		return nil, err
	}
	c := &cluster{dir: dir, bin: bin, opts: opts}

	// One Find at a time per data directory, across processes, so that two
	// servers starting at once do not both run initdb or pg_ctl start.
	unlock, err := lockDir(ctx, filepath.Dir(dir))
	if err != nil {
		return nil, err
	}
	defer unlock()

	_, err = os.Stat(filepath.Join(dir, "PG_VERSION"))
	fresh := errors.Is(err, fs.ErrNotExist)
	if err != nil && !fresh {
		return nil, fmt.Errorf("pglocal: data directory %s: %w", dir, err)
	}
	if e.root {
		if err := c.chooseOSUser(fresh); err != nil {
			return nil, err
		}
	}
	if fresh {
		if err := c.initdb(ctx); err != nil {
			return nil, err
		}
	}

	sockDir, port, running, err := c.status(ctx)
	if err != nil {
		return nil, err
	}
	owned := false
	if running {
		logf(opts, "pglocal: using the private cluster already running in %s (it is left running)", dir)
	} else {
		logf(opts, "pglocal: starting a private cluster in %s%s", dir, c.asWhom())
		if startErr := c.start(ctx); startErr != nil {
			// Another process may have started it at the same moment.
			if sockDir, port, running, err = c.status(ctx); err != nil || !running {
				return nil, startErr
			}
			logf(opts, "pglocal: another process started the private cluster in %s; using it", dir)
		} else {
			owned = true
			sockDir, port = dir, defaultPort
		}
	}

	srv, err := c.prepare(ctx, e, sockDir, port, owned)
	if err != nil && owned {
		// Do not leave behind a cluster nobody will stop.
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), startWait)
		defer cancel()
		if stopErr := c.stop(stopCtx); stopErr != nil {
			return nil, errors.Join(err, stopErr)
		}
	}
	return srv, err
}

// prepare creates the database in the running cluster and makes its Server.
func (c *cluster) prepare(ctx context.Context, e env, sockDir string, port int, owned bool) (*Server, error) {
	where := "the private cluster in " + c.dir
	conn, err := connectRetry(ctx, serverURL(sockDir, port, e.portSet, clusterRole, "postgres"))
	if err != nil {
		return nil, fmt.Errorf("pglocal: connect to %s as %s: %w", where, clusterRole, err)
	}
	err = ensureDatabase(ctx, c.opts, conn, c.opts.Database, where)
	conn.Close(context.WithoutCancel(ctx))
	if err != nil {
		return nil, err
	}
	srv := &Server{URL: serverURL(sockDir, port, e.portSet, clusterRole, c.opts.Database), Private: owned, Stop: noStop}
	if owned {
		var mu sync.Mutex
		stopped := false
		srv.Stop = func(ctx context.Context) error {
			mu.Lock()
			defer mu.Unlock()
			if stopped {
				return nil
			}
			if err := c.stop(ctx); err != nil {
				return err
			}
			stopped = true
			return nil
		}
	}
	return srv, nil
}

// checkDataDir rejects data directories PostgreSQL cannot use as a socket
// directory.
func checkDataDir(dir string) error {
	if n := len(dir) + len("/.s.PGSQL.5432"); n > maxSocketPath {
		return fmt.Errorf("pglocal: data directory %s is too long for a Unix socket in it (%d bytes; at most %d): choose a shorter DataDir", dir, n, maxSocketPath)
	}
	if strings.ContainsAny(dir, ",\"") || strings.ContainsFunc(dir, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return fmt.Errorf("pglocal: data directory %q: PostgreSQL cannot use a socket directory whose name holds a comma, a double quote or a control character", dir)
	}
	return nil
}

// chooseOSUser picks, for a root process, the OS user that runs PostgreSQL:
// the owner of an existing cluster, else postgres, to which it hands a new
// data directory.
func (c *cluster) chooseOSUser(fresh bool) error {
	if !fresh {
		if fi, err := os.Stat(c.dir); err == nil {
			if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Uid != 0 {
				if u, err := user.LookupId(strconv.FormatUint(uint64(st.Uid), 10)); err == nil {
					c.runAs = u.Username
					return nil
				}
			}
		}
	}
	u, err := user.Lookup(serverOSUser)
	if err != nil {
		return fmt.Errorf("pglocal: running as root, where PostgreSQL refuses to run, and there is no %q OS user to run it as: %w", serverOSUser, err)
	}
	c.runAs = u.Username
	if !fresh {
		return nil
	}
	uid, err := strconv.Atoi(u.Uid)
	if err != nil {
		return fmt.Errorf("pglocal: uid of OS user %s: %w", u.Username, err)
	}
	gid, err := strconv.Atoi(u.Gid)
	if err != nil {
		return fmt.Errorf("pglocal: gid of OS user %s: %w", u.Username, err)
	}
	if err := c.makeDir(); err != nil {
		return err
	}
	if err := os.Chown(c.dir, uid, gid); err != nil {
		return fmt.Errorf("pglocal: hand data directory %s to OS user %s: %w", c.dir, u.Username, err)
	}
	return nil
}

// lockDir takes an exclusive flock(2) on directory dir, creating it (mode
// 0755) if need be, and returns its release. It waits while another holds
// it, until ctx is done.
func lockDir(ctx context.Context, dir string) (func(), error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("pglocal: create directory %s: %w", dir, err)
	}
	f, err := os.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("pglocal: open %s to lock it: %w", dir, err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil // closing releases the lock
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("pglocal: lock %s: %w", dir, err)
		}
		t := time.NewTimer(50 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			f.Close()
			return nil, fmt.Errorf("pglocal: wait for another process setting up the cluster in %s: %w", dir, ctx.Err())
		case <-t.C:
		}
	}
}

// makeDir creates the data directory (mode 0700) and its parents (0755).
func (c *cluster) makeDir() error {
	if err := os.MkdirAll(filepath.Dir(c.dir), 0o755); err != nil {
		return fmt.Errorf("pglocal: create data directory %s: %w", c.dir, err)
	}
	if err := os.Mkdir(c.dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("pglocal: create data directory %s: %w", c.dir, err)
	}
	return nil
}

// initdb initialises a new cluster in the data directory.
func (c *cluster) initdb(ctx context.Context) error {
	if err := c.makeDir(); err != nil {
		return err
	}
	if c.runAs != "" {
		// initdb's own message would be "Permission denied"; say why.
		if test, err := exec.LookPath("test"); err == nil {
			if _, err := c.run(ctx, test, "-w", c.dir, "-a", "-x", c.dir); err != nil {
				return fmt.Errorf("pglocal: the %s OS user, which runs PostgreSQL for root, cannot use data directory %s: "+
					"every parent directory must be searchable by it (chmod o+x), or set DataDir elsewhere (e.g. /var/lib/vpcboard/postgres): %w",
					c.runAs, c.dir, err)
			}
		}
	}
	logf(c.opts, "pglocal: initialising a private cluster in %s%s", c.dir, c.asWhom())
	out, err := c.run(ctx, filepath.Join(c.bin, "initdb"),
		"-D", c.dir, "-U", clusterRole, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-instructions")
	if err != nil {
		return fmt.Errorf("pglocal: initdb in %s: %w%s", c.dir, err, quoteOutput(out))
	}
	return nil
}

// start starts the cluster, listening only on a Unix socket in its data
// directory.
func (c *cluster) start(ctx context.Context) error {
	logFile := filepath.Join(c.dir, "server.log")
	// pg_ctl hands -o to a shell, so the directory is quoted for one.
	serverOpts := "-c listen_addresses='' -c port=" + strconv.Itoa(defaultPort) + " -c unix_socket_directories=" + shellQuote(c.dir)
	out, err := c.run(ctx, filepath.Join(c.bin, "pg_ctl"),
		"-D", c.dir, "-l", logFile, "-w", "-t", strconv.Itoa(int(startWait/time.Second)), "-o", serverOpts, "start")
	if err != nil {
		msg := quoteOutput(out)
		if log, readErr := os.ReadFile(logFile); readErr == nil {
			msg += "\n" + logFile + ":" + quoteOutput(log)
		}
		return fmt.Errorf("pglocal: start the private cluster in %s: %w%s", c.dir, err, msg)
	}
	return nil
}

// stop stops the cluster with a fast shutdown and waits for it.
func (c *cluster) stop(ctx context.Context) error {
	out, err := c.run(ctx, filepath.Join(c.bin, "pg_ctl"), "-D", c.dir, "stop", "-m", "fast", "-w")
	if err != nil {
		return fmt.Errorf("pglocal: stop the private cluster in %s: %w%s", c.dir, err, quoteOutput(out))
	}
	logf(c.opts, "pglocal: stopped the private cluster in %s", c.dir)
	return nil
}

// status reports whether the cluster is running and, if so, its socket
// directory and port, read from postmaster.pid.
func (c *cluster) status(ctx context.Context) (sockDir string, port int, running bool, err error) {
	pidFile := filepath.Join(c.dir, "postmaster.pid")
	if _, err := os.Stat(pidFile); errors.Is(err, fs.ErrNotExist) {
		return "", 0, false, nil
	}
	out, err := c.run(ctx, filepath.Join(c.bin, "pg_ctl"), "-D", c.dir, "status")
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr) && exitErr.ExitCode() == 3: // not running: a stale postmaster.pid
		return "", 0, false, nil
	case err != nil:
		return "", 0, false, fmt.Errorf("pglocal: status of the private cluster in %s: %w%s", c.dir, err, quoteOutput(out))
	}
	data, err := os.ReadFile(pidFile)
	if err != nil {
		return "", 0, false, fmt.Errorf("pglocal: read %s: %w", pidFile, err)
	}
	// Lines: pid, data directory, start time, port, first socket directory, ...
	lines := strings.Split(string(data), "\n")
	if len(lines) < 5 {
		return "", 0, false, fmt.Errorf("pglocal: %s is incomplete: the cluster may be starting; try again", pidFile)
	}
	port, err = strconv.Atoi(strings.TrimSpace(lines[3]))
	if err != nil {
		return "", 0, false, fmt.Errorf("pglocal: port in %s: %w", pidFile, err)
	}
	sockDir = strings.TrimSpace(lines[4])
	if !isSocketDir(sockDir) {
		return "", 0, false, fmt.Errorf("pglocal: the private cluster in %s runs without a Unix socket; stop it (pg_ctl -D %s stop) and try again", c.dir, c.dir)
	}
	return sockDir, port, true, nil
}

// run runs a program as c.runAs (through runuser, else su) or as this
// process's user, in the data directory, and returns its combined output.
func (c *cluster) run(ctx context.Context, path string, args ...string) ([]byte, error) {
	var cmd *exec.Cmd
	switch {
	case c.runAs == "":
		cmd = exec.CommandContext(ctx, path, args...)
	default:
		if runuser, err := exec.LookPath("runuser"); err == nil {
			cmd = exec.CommandContext(ctx, runuser, append([]string{"-u", c.runAs, "--", path}, args...)...)
		} else if su, err := exec.LookPath("su"); err == nil {
			line := shellQuote(path)
			for _, a := range args {
				line += " " + shellQuote(a)
			}
			cmd = exec.CommandContext(ctx, su, "-s", "/bin/sh", c.runAs, "-c", line)
		} else {
			return nil, fmt.Errorf("pglocal: running as root, PostgreSQL must run as OS user %s, but neither runuser nor su is on PATH", c.runAs)
		}
	}
	cmd.Dir = c.dir
	cmd.WaitDelay = waitDelay
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	if errors.Is(err, exec.ErrWaitDelay) {
		err = nil // it succeeded; something it started kept the output open
	}
	return out.Bytes(), err
}

func (c *cluster) asWhom() string {
	if c.runAs == "" {
		return ""
	}
	return " (as the " + c.runAs + " OS user)"
}

// connectRetry connects, waiting up to startWait while the server says it is
// starting up.
func connectRetry(ctx context.Context, connString string) (*pgx.Conn, error) {
	deadline := time.Now().Add(startWait)
	for {
		conn, err := connect(ctx, connString, probeTimeout)
		if err == nil {
			return conn, nil
		}
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != codeCannotConnectNow || time.Now().After(deadline) {
			return nil, err
		}
		t := time.NewTimer(200 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, err
		case <-t.C:
		}
	}
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// quoteOutput formats a program's output for an error message: its last
// lines, indented, or "" if there is none.
func quoteOutput(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) == 1 && lines[0] == "" {
		return ""
	}
	const keep = 20
	if len(lines) > keep {
		lines = lines[len(lines)-keep:]
	}
	return "\n\t" + strings.Join(lines, "\n\t")
}
