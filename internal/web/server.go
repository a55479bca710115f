package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/sync/singleflight"
	"golang.org/x/time/rate"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/diagram"
	"github.com/vpcboard/vpcboard/internal/live"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/internal/tfconfig/sandbox"
	"github.com/vpcboard/vpcboard/web/static"
	"github.com/vpcboard/vpcboard/web/templates"
)

// Options configure the HTTP handler.
type Options struct {
	// Logger receives one structured line per request; nil discards.
	Logger *slog.Logger
	// MaxBody is the largest request body accepted; default 16 MiB (a
	// design of thousands of resources is a few MB, a template at most 4).
	MaxBody int64
	// Timeout bounds each request's work; default 30 s.
	Timeout time.Duration
	// BodyTimeout bounds reading a request's body, from the start of its
	// handling (default 30 s): a client that sends its body more slowly
	// gets 408 and its connection closes, instead of holding it. It is a
	// deadline of the request, not of the server, so that websockets are
	// not bound by it.
	BodyTimeout time.Duration
	// Renderer draws the designer's diagrams; nil shows none.
	Renderer Renderer
	// Hub pushes committed versions to viewers; nil: no live updates.
	Hub *live.Hub
	// Auth tunes accounts (password hash cost, sign-in throttling).
	Auth auth.Options
	// SignUp lets anyone make an account (with a team of its own); when
	// false accounts come from `server user add` and invitations.
	SignUp bool
	// SecureCookies marks cookies Secure even on plain HTTP requests
	// (behind a TLS proxy the server does not trust); requests over TLS
	// get Secure cookies anyway.
	SecureCookies bool
	// TrustProxy takes the client address from X-Forwarded-For and the
	// scheme from X-Forwarded-Proto; only behind a proxy that sets them.
	TrustProxy bool
	// TerraformConfigsOff refuses uploaded Terraform configurations (a
	// zip or .tf files; TERRAFORM_CONFIGS=false): the API answers 422
	// terraform_configs_off and the page says to use the CLI. By default
	// they are evaluated, each in a child process of the server's binary
	// bounded in memory, CPU and wall-clock time (TerraformEval; package
	// tfconfig/sandbox), so that a hostile configuration costs one 422.
	// States, plans, templates and snapshots are read either way.
	TerraformConfigsOff bool
	// TerraformEval bounds the evaluation of uploaded configurations;
	// zero fields take sandbox's defaults (1 GiB, 10 s of CPU, 20 s in
	// all, 2 at once). Its default Command runs os.Executable() with
	// sandbox.Arg, which the binary's main must answer with sandbox.Main.
	TerraformEval sandbox.Options
	// SessionIdle ends a session unused this long (default 12 h);
	// SessionLifetime ends any session this long after sign-in (default
	// 7 days).
	SessionIdle, SessionLifetime time.Duration
	// Limits on expensive requests (render, matrix, trace, export,
	// import) per account or address: a rate per second and a burst;
	// defaults 5 and 30. SignInRate and SignInBurst likewise limit sign-in
	// and sign-up attempts per address (defaults 1 and 10), beside the
	// per-handle lockout of auth.Options.
	ExpensiveRate, SignInRate   float64
	ExpensiveBurst, SignInBurst int
	// Concurrency bounds the expensive work running at once (matrix,
	// reachability, trace, diff, export): Concurrency units in all,
	// ConcurrencyPerCaller per account (or address). A request takes one
	// unit; a matrix one more per million pairs of workloads, a diff twice
	// that. Work that does not fit is refused at once with Retry-After:
	// 429 when the caller's own share is full, 503 when the server's is.
	// Defaults: two units per core, at least 4; per caller half of it.
	Concurrency, ConcurrencyPerCaller int
}

// Server holds what the handlers use.
type Server struct {
	store    *store.Store
	auth     *auth.Service
	sessions *scs.SessionManager
	guard    *guard
	renderer Renderer
	hub      *live.Hub
	frags    *fragmentCache
	// diagrams keeps the diagram of each design version's view, so that
	// a version drawn once is served without building its DOT again.
	diagrams *diagram.LRU[diagramKey, templates.DiagramView]
	// panels keeps the designer's panels of each design version and view
	// (see designer); building makes concurrent requests for the same
	// ones build them once.
	panels   *diagram.LRU[diagramKey, templates.Designer]
	building singleflight.Group
	log      *slog.Logger
	opts     Options

	// admission bounds expensive work; matrices computes each version's
	// matrix once.
	admission *admission
	matrices  *matrices
	// configs evaluates uploaded Terraform configurations in bounded
	// children; nil when they are refused (TerraformConfigsOff).
	configs *sandbox.Evaluator
}

// New returns the HTTP handler of vpcboard over s.
func New(s *store.Store, opts Options) *echo.Echo {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxBody == 0 {
		opts.MaxBody = 16 << 20
	}
	if opts.Timeout == 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.BodyTimeout == 0 {
		opts.BodyTimeout = 30 * time.Second
	}
	if opts.SessionIdle == 0 {
		opts.SessionIdle = 12 * time.Hour
	}
	if opts.SessionLifetime == 0 {
		opts.SessionLifetime = 7 * 24 * time.Hour
	}
	if opts.ExpensiveRate == 0 {
		opts.ExpensiveRate, opts.ExpensiveBurst = 5, 30
	}
	if opts.SignInRate == 0 {
		opts.SignInRate, opts.SignInBurst = 1, 10
	}
	if opts.Concurrency == 0 {
		opts.Concurrency = max(4, 2*runtime.GOMAXPROCS(0))
	}
	if opts.ConcurrencyPerCaller == 0 {
		opts.ConcurrencyPerCaller = max(1, opts.Concurrency/2)
	}
	sessions := scs.New()
	sessions.Store = hashedStore{inner: pgxstore.New(s.Pool())}
	sessions.IdleTimeout = opts.SessionIdle
	sessions.Lifetime = opts.SessionLifetime
	srv := &Server{store: s, auth: auth.New(s, opts.Auth), sessions: sessions, renderer: opts.Renderer, hub: opts.Hub,
		frags: newFragmentCache(256), diagrams: diagram.NewLRU[diagramKey, templates.DiagramView](diagramCacheBytes),
		panels: diagram.NewLRU[diagramKey, templates.Designer](panelsCacheBytes),
		log:    opts.Logger, opts: opts,
		admission: newAdmission(opts.Concurrency, opts.ConcurrencyPerCaller), matrices: newMatrices()}
	srv.guard = newGuard(srv)
	if !opts.TerraformConfigsOff {
		srv.configs = sandbox.New(opts.TerraformEval)
	}
	if srv.hub != nil {
		srv.hub.Handle(auth.Channel, srv.guard.changed)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = echo.ExtractIPDirect()
	if opts.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	}
	e.HTTPErrorHandler = srv.handleError
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true}))
	e.Use(middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogMethod: true, LogURIPath: true, LogRoutePath: true, LogStatus: true, LogLatency: true,
		LogError: true, LogResponseSize: true, LogContentLength: true, HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			attrs := []slog.Attr{
				slog.String("method", v.Method), slog.String("path", loggedPath(c)), slog.String("route", v.RoutePath),
				slog.Int("status", v.Status), slog.Duration("latency", v.Latency),
				slog.String("bytes_in", v.ContentLength), slog.Int64("bytes_out", v.ResponseSize),
			}
			level := slog.LevelInfo
			if v.Error != nil {
				attrs = append(attrs, slog.String("error", v.Error.Error()))
				if v.Status >= 500 {
					level = slog.LevelError
				}
			}
			srv.log.LogAttrs(c.Request().Context(), level, "request", attrs...)
			return nil
		},
	}))
	e.Use(bodyDeadline(opts.BodyTimeout))
	e.Use(bodyLimit(opts.MaxBody))
	e.Use(timeout(opts.Timeout))
	e.Use(securityHeaders)
	e.Use(checkURL)
	e.Use(srv.identify)
	e.Use(srv.checkCSRF)
	srv.routes(e)
	return e
}

// loggedPath is a request's path as logs show it: without the secret of
// a share or invitation link.
func loggedPath(c echo.Context) string {
	switch r := c.Path(); r {
	case "/s/:secret", "/join/:secret":
		return strings.TrimSuffix(r, ":secret") + "…"
	}
	return c.Request().URL.Path
}

// route registers a handler with the access it needs; every route goes
// through here. Its body is checked for text once access is granted.
func (srv *Server) route(e *echo.Echo, method, path string, a access, h echo.HandlerFunc, mw ...echo.MiddlewareFunc) {
	e.Add(method, path, h, append([]echo.MiddlewareFunc{srv.authorize(a), checkBody}, mw...)...)
}

// securityHeaders are set on every response: a CSP without inline
// scripts, no framing, no sniffing, no referrer to other sites.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		return next(c)
	}
}

// routes registers every route with its access; openapi.json documents
// the API's (TestOpenAPICoversRoutes), and TestAuthorizationOfEveryRoute
// checks who may use each.
func (srv *Server) routes(e *echo.Echo) {
	get, post := http.MethodGet, http.MethodPost
	srv.route(e, get, "/healthz", public, srv.healthz)
	srv.route(e, get, "/readyz", public, srv.readyz)
	srv.route(e, get, "/static/*", public, echo.StaticDirectoryHandler(static.FS, false))
	signIn := srv.rateLimit(srv.opts.SignInRate, srv.opts.SignInBurst)
	expensive := srv.rateLimit(srv.opts.ExpensiveRate, srv.opts.ExpensiveBurst)
	srv.accountRoutes(e, signIn)
	srv.pageRoutes(e, expensive)
	api := "/api/v1"
	srv.route(e, get, api+"/openapi.json", public, srv.openAPI)
	srv.route(e, get, api+"/me", signedIn, srv.apiMe)
	srv.route(e, get, api+"/teams/:team/audit", onTeam(auth.Owner), srv.apiAudit)
	srv.route(e, post, api+"/designs", signedIn, srv.designCreate, expensive)
	srv.route(e, get, api+"/designs", signedIn, srv.designList)
	srv.route(e, get, api+"/designs/:id", onDesign(auth.Viewer), srv.designShow)
	srv.route(e, http.MethodDelete, api+"/designs/:id", onDesign(auth.Owner), srv.designDelete)
	srv.route(e, post, api+"/designs/:id/ops", onDesign(auth.Editor), srv.designOps)
	srv.route(e, get, api+"/designs/:id/findings", onDesign(auth.Viewer), srv.designFindings)
	srv.route(e, post, api+"/designs/:id/trace", onDesign(auth.Viewer), srv.designTrace, expensive, srv.heavy)
	srv.route(e, get, api+"/designs/:id/matrix", onDesign(auth.Viewer), srv.designMatrix, expensive, srv.heavy)
	srv.route(e, get, api+"/designs/:id/export", onDesign(auth.Viewer), srv.designExport, expensive, srv.heavy)
	srv.route(e, get, api+"/designs/:id/diagram.svg", onDesign(auth.Viewer), srv.designPicture(diagram.FormatSVG), expensive, srv.heavy)
	srv.route(e, get, api+"/designs/:id/diagram.png", onDesign(auth.Viewer), srv.designPicture(diagram.FormatPNG), expensive, srv.heavy)
	srv.route(e, get, api+"/designs/:id/revisions", onDesign(auth.Viewer), srv.revisionList)
	srv.route(e, get, api+"/designs/:id/revisions/:version", onDesign(auth.Viewer), srv.revisionShow)
	srv.route(e, get, api+"/designs/:id/live", onDesign(auth.Viewer), srv.liveStream)
	srv.route(e, get, api+"/designs/:id/diff", onDesign(auth.Viewer), srv.designDiff, expensive, srv.heavy)
	srv.route(e, post, api+"/designs/:id/restore", onDesign(auth.Editor), srv.designRestore)
	srv.route(e, post, api+"/designs/:id/names", onDesign(auth.Editor), srv.designNameVersion)
	srv.route(e, get, api+"/designs/:id/comments", onDesign(auth.Viewer), srv.commentList)
	srv.route(e, post, api+"/designs/:id/comments", onDesign(auth.Commenter), srv.commentCreate)
	srv.route(e, post, api+"/designs/:id/comments/:cid/resolve", onDesign(auth.Commenter), srv.commentResolve)
	srv.route(e, get, api+"/designs/:id/reviews", onDesign(auth.Viewer), srv.reviewList)
	srv.route(e, post, api+"/designs/:id/reviews", onDesign(auth.Editor), srv.reviewRequest)
	srv.route(e, post, api+"/designs/:id/reviews/:rid/verdict", onDesign(auth.Commenter), srv.reviewVerdict)
}

// rateLimit limits requests per account (or address when anonymous).
func (srv *Server) rateLimit(perSecond float64, burst int) echo.MiddlewareFunc {
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(perSecond), Burst: burst, ExpiresIn: 10 * time.Minute}),
		IdentifierExtractor: func(c echo.Context) (string, error) { return callerKey(c), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			c.Response().Header().Set("Retry-After", "1")
			return apiErrorf(http.StatusTooManyRequests, "rate_limited", "", "too many requests: slow down and try again")
		},
	})
}

// bodyLimit refuses bodies over n bytes with 413, by their declared length
// or while reading.
func bodyLimit(n int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if r.ContentLength > n {
				ae := apiErrorf(http.StatusRequestEntityTooLarge, "too_large", "body", "the body is %d bytes; the limit is %d", r.ContentLength, n)
				ae.limit = n
				return ae
			}
			r.Body = http.MaxBytesReader(c.Response(), r.Body, n)
			return next(c)
		}
	}
}

// bodyDeadline sets the connection's read deadline to d from now for a
// request with a body; reading past it fails with 408. The deadline is
// lifted once the body is read: net/http then reads the connection in the
// background to notice a client that goes away, and a deadline expiring
// there would cancel the request's work, which Timeout bounds instead.
func bodyDeadline(d time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if r.Body == nil || r.Body == http.NoBody {
				return next(c)
			}
			rc := http.NewResponseController(c.Response())
			if err := rc.SetReadDeadline(time.Now().Add(d)); err != nil {
				return next(c) // not a connection of net/http's server (a recorder in a test)
			}
			b := &deadlineBody{ReadCloser: r.Body, rc: rc, d: d}
			r.Body = b
			err := next(c)
			if b.late != nil {
				// Whatever the handler made of the missing rest (a form
				// without its CSRF token), the body came too slowly.
				return b.late
			}
			return err
		}
	}
}

// deadlineBody is a request body read under a deadline.
type deadlineBody struct {
	io.ReadCloser
	rc   *http.ResponseController
	d    time.Duration
	late *apiError // the deadline passed
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	switch {
	case err == io.EOF:
		b.rc.SetReadDeadline(time.Time{})
	case errors.Is(err, os.ErrDeadlineExceeded):
		b.late = apiErrorf(http.StatusRequestTimeout, "body_timeout", "body",
			"the body did not arrive within %s: send it faster, or less of it", b.d)
		err = b.late
	}
	return n, err
}

// timeout bounds the request's context.
func timeout(d time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			ctx, cancel := context.WithTimeout(c.Request().Context(), d)
			defer cancel()
			c.SetRequest(c.Request().WithContext(ctx))
			return next(c)
		}
	}
}

func (srv *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

func (srv *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := srv.store.Ping(ctx); err != nil {
		// The cause goes to the log only: it names the database and its
		// user, and /readyz is public.
		srv.log.Warn("readyz: the database does not answer", "error", err.Error())
		return apiErrorf(http.StatusServiceUnavailable, "not_ready", "", "the database does not answer")
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}
