// Command server runs vpcboard: the designer in the browser and the JSON
// API over a PostgreSQL store. Diagrams are rendered by copies of this
// binary started with -render-worker (go-graphviz must run in processes of
// its own: internal/diagram says why); each uploaded Terraform
// configuration is evaluated by a copy started with -tfconfig-eval, bounded
// in memory and time (HCL cannot bound the work of one expression:
// internal/tfconfig/sandbox says why).
//
// Configuration is by environment, all optional:
//
//	DATABASE_URL       PostgreSQL connection string; without it the server uses a
//	                   local PostgreSQL if one answers, else starts a private cluster
//	                   with the PostgreSQL binaries of the machine (internal/pglocal)
//	ADDR               listen address (default :8080)
//	VPCBOARD_DATA      where a private cluster keeps its data (default
//	                   ~/.local/share/vpcboard/postgres; as root /var/lib/vpcboard/postgres)
//	VPCBOARD_DATABASE  the database to use or create without DATABASE_URL (default vpcboard)
//	LOG_LEVEL          debug, info, warn or error (default info)
//	LOG_FORMAT         text or json (default text)
//	SHUTDOWN_TIMEOUT   how long in-flight requests may finish on SIGINT/SIGTERM (default 15s)
//	RENDER_WORKERS     diagram render processes, the binary itself in its
//	                   -render-worker mode (default 2)
//	SIGNUP             open (anyone may make an account, with a team of its own)
//	                   or closed (accounts come from `server user add` and
//	                   invitations); default open
//	SECURE_COOKIES     true: cookies are Secure even on plain HTTP (behind a TLS
//	                   proxy); requests over TLS get Secure cookies anyway
//	TRUST_PROXY        true: take the client address from X-Forwarded-For and the
//	                   scheme from X-Forwarded-Proto (only behind a proxy that sets them)
//	TERRAFORM_CONFIGS  false: refuse uploaded Terraform configurations (zip or .tf
//	                   files); default true: each is evaluated in a child process
//	                   with the limits below, and one over them is answered 422
//	                   naming the limit (states, plans and templates are read either way)
//	TERRAFORM_MEMORY   memory of one evaluation in MiB (RLIMIT_DATA; default 1024)
//	TERRAFORM_CPU      CPU time of one evaluation (default 10s); its wall-clock
//	                   time is bounded at twice that
//	TERRAFORM_EVALUATIONS  evaluations at once (default 2); one more upload waits
//	                   a second, then is answered 503 with Retry-After
//	SESSION_IDLE_TIMEOUT  a session unused this long ends (default 12h)
//	SESSION_LIFETIME   any session ends this long after sign-in (default 168h)
//	READ_HEADER_TIMEOUT  how long a client may take to send a request's header (default 10s)
//	BODY_TIMEOUT       how long it may take to send the body, from then (default 30s);
//	                   a slower body is answered 408 and its connection closed
//	WRITE_TIMEOUT      how long answering a request may take, from the end of its
//	                   header (default 60s); websockets are not bound by it
//	IDLE_TIMEOUT       how long a kept-alive connection may wait for its next request
//	                   (default 2m)
//
// Accounts from the command line, so that a fresh install is never open:
//
//	server user add --email E [--admin] [--team T --role R]   (password on stdin)
//	server token create --email E --role R [--team T] [--name N]
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/vpcboard/vpcboard/internal/diagram"
	"github.com/vpcboard/vpcboard/internal/diagram/worker"
	"github.com/vpcboard/vpcboard/internal/pglocal"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/internal/tfconfig/sandbox"
	"github.com/vpcboard/vpcboard/internal/web"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == diagram.WorkerArg {
		// A render worker: the server starts these and talks to them
		// over stdin and stdout (internal/diagram).
		os.Exit(worker.Main(os.Stdin, os.Stdout))
	}
	if len(os.Args) == 2 && os.Args[1] == sandbox.Arg {
		// The evaluation of one uploaded Terraform configuration: the
		// server starts one per upload, limits it and sends it the
		// configuration on stdin (internal/tfconfig/sandbox).
		os.Exit(sandbox.Main(os.Stdin, os.Stdout))
	}
	if len(os.Args) == 2 && os.Args[1] == "-healthcheck" {
		os.Exit(healthcheck(os.Getenv, os.Stderr))
	}
	if len(os.Args) > 1 && (os.Args[1] == "user" || os.Args[1] == "token") {
		os.Exit(admin(context.Background(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Getenv, os.Stdout, os.Stderr))
}

// healthcheck asks the server on ADDR whether it is ready, for container
// health checks in images without curl: exit 0 when /readyz answers 200.
func healthcheck(getenv func(string) string, stderr io.Writer) int {
	addr := orDefault(getenv("ADDR"), ":8080")
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		fmt.Fprintf(stderr, "healthcheck: ADDR %q: %v\n", addr, err)
		return 1
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	c := http.Client{Timeout: 3 * time.Second}
	res, err := c.Get("http://" + net.JoinHostPort(host, port) + "/readyz")
	if err != nil {
		fmt.Fprintf(stderr, "healthcheck: %v\n", err)
		return 1
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "healthcheck: /readyz answered %d\n", res.StatusCode)
		return 1
	}
	return 0
}

// config is the server's configuration.
type config struct {
	databaseURL string
	addr        string
	dataDir     string
	database    string
	logLevel    slog.Level
	logJSON     bool
	shutdown    time.Duration
	// renderWorkers is how many diagram render processes run.
	renderWorkers int
	// serve holds the handler's options and the HTTP server's time-outs.
	serve web.ServeOptions
}

func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		databaseURL: getenv("DATABASE_URL"),
		addr:        getenv("ADDR"),
		dataDir:     getenv("VPCBOARD_DATA"),
		database:    getenv("VPCBOARD_DATABASE"),
		shutdown:    15 * time.Second,
	}
	if c.addr == "" {
		c.addr = ":8080"
	}
	if c.dataDir == "" && os.Geteuid() == 0 {
		// As root, a private cluster runs as the postgres user, which
		// cannot reach root's home.
		c.dataDir = "/var/lib/vpcboard/postgres"
	}
	if err := c.logLevel.UnmarshalText([]byte(orDefault(getenv("LOG_LEVEL"), "info"))); err != nil {
		return c, fmt.Errorf("LOG_LEVEL: %w", err)
	}
	switch f := orDefault(getenv("LOG_FORMAT"), "text"); f {
	case "text":
	case "json":
		c.logJSON = true
	default:
		return c, fmt.Errorf("LOG_FORMAT %q: want text or json", f)
	}
	if s := getenv("RENDER_WORKERS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 64 {
			return c, fmt.Errorf("RENDER_WORKERS %q: want a number of processes from 1 to 64", s)
		}
		c.renderWorkers = n
	}
	switch v := orDefault(getenv("SIGNUP"), "open"); v {
	case "open":
		c.serve.SignUp = true
	case "closed":
	default:
		return c, fmt.Errorf("SIGNUP %q: want open or closed", v)
	}
	configs := true
	for name, dst := range map[string]*bool{"SECURE_COOKIES": &c.serve.SecureCookies, "TRUST_PROXY": &c.serve.TrustProxy, "TERRAFORM_CONFIGS": &configs} {
		if v := getenv(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return c, fmt.Errorf("%s %q: want true or false", name, v)
			}
			*dst = b
		}
	}
	c.serve.TerraformConfigsOff = !configs
	if s := getenv("TERRAFORM_MEMORY"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 256 || n > 1<<20 {
			return c, fmt.Errorf("TERRAFORM_MEMORY %q: want MiB from 256 to 1048576, such as 1024", s)
		}
		c.serve.TerraformEval.Memory = int64(n) << 20
	}
	if s := getenv("TERRAFORM_CPU"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < time.Second {
			return c, fmt.Errorf("TERRAFORM_CPU %q: want a duration of a second or more, such as 10s", s)
		}
		c.serve.TerraformEval.CPU = d
	}
	if s := getenv("TERRAFORM_EVALUATIONS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 64 {
			return c, fmt.Errorf("TERRAFORM_EVALUATIONS %q: want a number from 1 to 64", s)
		}
		c.serve.TerraformEval.Concurrent = n
	}
	for name, dst := range map[string]*time.Duration{"SESSION_IDLE_TIMEOUT": &c.serve.SessionIdle, "SESSION_LIFETIME": &c.serve.SessionLifetime} {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d < time.Minute {
				return c, fmt.Errorf("%s %q: want a duration of a minute or more, such as 12h", name, v)
			}
			*dst = d
		}
	}
	for name, dst := range map[string]*time.Duration{"READ_HEADER_TIMEOUT": &c.serve.ReadHeaderTimeout,
		"BODY_TIMEOUT": &c.serve.BodyTimeout, "WRITE_TIMEOUT": &c.serve.WriteTimeout, "IDLE_TIMEOUT": &c.serve.IdleTimeout} {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d < time.Second {
				return c, fmt.Errorf("%s %q: want a duration of a second or more, such as 30s", name, v)
			}
			*dst = d
		}
	}
	if s := getenv("SHUTDOWN_TIMEOUT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return c, fmt.Errorf("SHUTDOWN_TIMEOUT %q: want a duration such as 15s", s)
		}
		c.shutdown = d
	}
	return c, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func run(ctx context.Context, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard server: %v\n", err)
		return 2
	}
	opts := &slog.HandlerOptions{Level: cfg.logLevel}
	var h slog.Handler = slog.NewTextHandler(stderr, opts)
	if cfg.logJSON {
		h = slog.NewJSONHandler(stderr, opts)
	}
	log := slog.New(h)

	st, closeStore, err := openStore(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard server: %v\n", err)
		return 1
	}
	defer closeStore()

	renderer, err := diagram.NewRenderer(diagram.RendererOptions{Workers: cfg.renderWorkers})
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard server: %v\n", err)
		return 1
	}
	defer renderer.Close()

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard server: listen on %s: %v\n", cfg.addr, err)
		return 1
	}
	so := cfg.serve
	so.Logger, so.Renderer, so.Live = log, renderer, true
	srv := web.Start(st, ln, so)
	fmt.Fprintf(stdout, "vpcboard listening on http://%s\n", displayAddr(ln.Addr()))
	select {
	case err := <-srv.Failed():
		log.Error("serve", "error", err.Error())
		return 1
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests", "timeout", cfg.shutdown.String())
	shutCtx, cancel := context.WithTimeout(context.Background(), cfg.shutdown)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		log.Warn("shutdown", "error", err.Error())
	}
	log.Info("stopped")
	return 0
}

// openStore opens the store on DATABASE_URL, else on a local PostgreSQL
// (pglocal: one that answers, or a private cluster it starts and close
// stops).
func openStore(ctx context.Context, cfg config, log *slog.Logger) (*store.Store, func(), error) {
	dbURL := cfg.databaseURL
	stopPG := func() {}
	if dbURL == "" {
		pg, err := pglocal.Find(ctx, pglocal.Options{Database: cfg.database, DataDir: cfg.dataDir,
			Logf: func(format string, args ...any) { log.Info(fmt.Sprintf(format, args...)) }})
		if err != nil {
			return nil, nil, err
		}
		stopPG = func() {
			stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := pg.Stop(stopCtx); err != nil {
				log.Error("stop the private PostgreSQL", "error", err.Error())
			}
		}
		dbURL = pg.URL
	}
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		stopPG()
		return nil, nil, errors.New(redact(err.Error(), dbURL))
	}
	return st, func() { st.Close(); stopPG() }, nil
}

// displayAddr names a listen address as a browser would reach it.
func displayAddr(a net.Addr) string {
	s := a.String()
	if strings.HasPrefix(s, "[::]:") || strings.HasPrefix(s, "0.0.0.0:") {
		_, port, _ := net.SplitHostPort(s)
		return "localhost:" + port
	}
	return s
}

// redact removes the password of a connection string from a message.
func redact(msg, dbURL string) string {
	if i := strings.Index(dbURL, "://"); i >= 0 {
		if at := strings.Index(dbURL[i+3:], "@"); at >= 0 {
			cred := dbURL[i+3 : i+3+at]
			if _, pw, ok := strings.Cut(cred, ":"); ok && pw != "" {
				msg = strings.ReplaceAll(msg, pw, "****")
			}
		}
	}
	return msg
}
