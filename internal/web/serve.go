package web

import (
	"context"
	"errors"
	"log"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/live"
	"github.com/vpcboard/vpcboard/internal/store"
)

// ServeOptions configure Start: the handler's Options, live updates, and
// the HTTP server's time-outs. A zero time-out takes its default.
type ServeOptions struct {
	Options
	// Live runs a live hub on the store: viewers receive committed
	// versions, and websockets close when their access is revoked.
	// Options.Hub is then Start's own.
	Live bool
	// ReadHeaderTimeout bounds reading a request's header (default 10 s);
	// Options.BodyTimeout bounds reading its body.
	ReadHeaderTimeout time.Duration
	// WriteTimeout bounds writing a response, from the end of the
	// request's header (default 60 s: Options.Timeout of work, then the
	// transfer). Websockets are not bound by it (a hijacked connection
	// loses its deadlines; the hub sets its own on every write).
	WriteTimeout time.Duration
	// IdleTimeout closes a kept-alive connection that sends no next
	// request for this long (default 2 min).
	IdleTimeout time.Duration
	// ErrorLog receives the HTTP server's own errors (a TLS handshake, a
	// panic outside a handler); nil: Options.Logger at warn.
	ErrorLog *log.Logger
}

// Running is a server Start started.
type Running struct {
	http    *http.Server
	routes  []*echo.Route
	served  chan error
	stopHub context.CancelFunc
	hubDone chan struct{}
}

// Start serves vpcboard over s on ln until Shutdown; cmd/server and the
// tests start servers through it, so that both wire the parts in the same
// order: the handler (which registers its handlers of notifications with
// the hub) before the hub's LISTEN connection, then the HTTP server with
// its time-outs.
func Start(s *store.Store, ln net.Listener, o ServeOptions) *Running {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.ReadHeaderTimeout <= 0 {
		o.ReadHeaderTimeout = 10 * time.Second
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 60 * time.Second
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 2 * time.Minute
	}
	if o.ErrorLog == nil {
		o.ErrorLog = slog.NewLogLogger(o.Logger.Handler(), slog.LevelWarn)
	}
	r := &Running{served: make(chan error, 1), stopHub: func() {}, hubDone: make(chan struct{})}
	var hub *live.Hub
	if o.Live {
		hub = live.New(s, live.Options{Logger: o.Logger})
		o.Hub = hub
	}
	e := New(s, o.Options)
	r.routes = e.Routes()
	if hub != nil {
		// Live updates run until the HTTP server has finished its
		// requests (Shutdown): websockets close after them.
		ctx, cancel := context.WithCancel(context.Background())
		r.stopHub = cancel
		go func() { hub.Run(ctx); close(r.hubDone) }()
	} else {
		close(r.hubDone)
	}
	r.http = &http.Server{
		Handler:           e,
		ReadHeaderTimeout: o.ReadHeaderTimeout,
		WriteTimeout:      o.WriteTimeout,
		IdleTimeout:       o.IdleTimeout,
		ErrorLog:          o.ErrorLog,
	}
	go func() { r.served <- r.http.Serve(ln) }()
	return r
}

// Routes are the handler's routes, for tests that walk them all.
func (r *Running) Routes() []*echo.Route { return r.routes }

// Failed receives the error that ended serving before Shutdown (the
// listener failed).
func (r *Running) Failed() <-chan error { return r.served }

// Shutdown stops accepting connections, lets in-flight requests finish
// until ctx ends (then closes their connections), and then stops live
// updates, closing the websockets.
func (r *Running) Shutdown(ctx context.Context) error {
	err := r.http.Shutdown(ctx)
	if err != nil {
		r.http.Close()
	}
	r.stopHub()
	<-r.hubDone
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}
