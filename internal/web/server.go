package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/vpcboard/vpcboard/internal/live"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/web/static"
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
	// Renderer draws the designer's diagrams; nil shows none.
	Renderer Renderer
	// Hub pushes committed versions to viewers; nil: no live updates.
	Hub *live.Hub
}

// Server holds what the handlers use.
type Server struct {
	store    *store.Store
	renderer Renderer
	hub      *live.Hub
	frags    *fragmentCache
	log      *slog.Logger
	opts     Options
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
	srv := &Server{store: s, renderer: opts.Renderer, hub: opts.Hub, frags: newFragmentCache(256), log: opts.Logger, opts: opts}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = srv.handleError
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true}))
	e.Use(middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogMethod: true, LogURIPath: true, LogRoutePath: true, LogStatus: true, LogLatency: true,
		LogError: true, LogResponseSize: true, LogContentLength: true, HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			attrs := []slog.Attr{
				slog.String("method", v.Method), slog.String("path", v.URIPath), slog.String("route", v.RoutePath),
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
	e.Use(bodyLimit(opts.MaxBody))
	e.Use(timeout(opts.Timeout))
	e.Use(securityHeaders)
	srv.routes(e)
	return e
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

// routes registers every route; openapi.json documents each of them
// (TestOpenAPICoversRoutes).
func (srv *Server) routes(e *echo.Echo) {
	e.GET("/healthz", srv.healthz)
	e.GET("/readyz", srv.readyz)
	e.StaticFS("/static", static.FS)
	csrf := middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "header:X-CSRF-Token,form:_csrf",
		CookieName:     "vpcboard_csrf",
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSameSite: http.SameSiteStrictMode,
		ContextKey:     "csrf",
	})
	srv.pageRoutes(e, csrf)
	api := e.Group("/api/v1")
	api.GET("/openapi.json", srv.openAPI)
	api.POST("/designs", srv.designCreate)
	api.GET("/designs", srv.designList)
	api.GET("/designs/:id", srv.designShow)
	api.DELETE("/designs/:id", srv.designDelete)
	api.POST("/designs/:id/ops", srv.designOps)
	api.GET("/designs/:id/findings", srv.designFindings)
	api.POST("/designs/:id/trace", srv.designTrace)
	api.GET("/designs/:id/matrix", srv.designMatrix)
	api.GET("/designs/:id/export", srv.designExport)
	api.GET("/designs/:id/revisions", srv.revisionList)
	api.GET("/designs/:id/revisions/:version", srv.revisionShow)
	api.GET("/designs/:id/live", srv.liveStream)
}

// bodyLimit refuses bodies over n bytes with 413, by their declared length
// or while reading.
func bodyLimit(n int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if r.ContentLength > n {
				return apiErrorf(http.StatusRequestEntityTooLarge, "too_large", "body", "the body is %d bytes; the limit is %d", r.ContentLength, n)
			}
			r.Body = http.MaxBytesReader(c.Response(), r.Body, n)
			return next(c)
		}
	}
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
		return apiErrorf(http.StatusServiceUnavailable, "not_ready", "", "the database does not answer: %v", err)
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}

// author is who makes an edit. Until accounts land (the access-control
// issue) it is the X-Author header, else "anonymous".
func author(c echo.Context) string {
	if a := c.Request().Header.Get("X-Author"); a != "" && len(a) <= 200 {
		return a
	}
	return "anonymous"
}
