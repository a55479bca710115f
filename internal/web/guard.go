package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vpcboard/vpcboard/internal/auth"
	"github.com/vpcboard/vpcboard/internal/live"
	"github.com/vpcboard/vpcboard/internal/store"
)

// guard holds the open websockets with the credentials that opened them.
// When access changes anywhere (auth.Channel, heard by every replica's
// hub), the sockets it may concern check their credentials again, exactly
// as a new request would, and those that lost access close at once (4403).
// A check that cannot answer (the database is down) is no verdict: those
// sockets close too, but as "try again later" (1013), and their clients
// reconnect through a fresh check once the database is back.
type guard struct {
	srv   *Server
	mu    sync.Mutex
	socks map[*watched]struct{}
}

type watched struct {
	p            *principal
	design, team string
	cancel       context.CancelCauseFunc
}

func newGuard(srv *Server) *guard { return &guard{srv: srv, socks: map[*watched]struct{}{}} }

// watch registers a socket; the returned context ends when it loses
// access, and done unregisters it.
func (g *guard) watch(p *principal, design, team string) (ctx context.Context, done func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	w := &watched{p: p, design: design, team: team, cancel: cancel}
	g.mu.Lock()
	g.socks[w] = struct{}{}
	g.mu.Unlock()
	return ctx, func() {
		cancel(nil)
		g.mu.Lock()
		delete(g.socks, w)
		g.mu.Unlock()
	}
}

// changed handles a notification: "team:<id>", "user:<id>",
// "design:<id>", or "*" for all.
func (g *guard) changed(payload string) {
	kind, arg, _ := strings.Cut(payload, ":")
	g.mu.Lock()
	var check []*watched
	for w := range g.socks {
		uid := int64(-1)
		if w.p.user != nil {
			uid = w.p.user.ID
		}
		if kind == "*" || kind == "team" && w.team == arg || kind == "design" && w.design == arg ||
			kind == "user" && arg == strconv.FormatInt(uid, 10) {
			check = append(check, w)
		}
	}
	g.mu.Unlock()
	for _, w := range check {
		switch err := g.check(w); {
		case errors.Is(err, errRevoked):
			w.cancel(err)
		case err != nil:
			g.srv.log.Warn("live: could not check a websocket's access; it may reconnect", "design", w.design, "error", err.Error())
			w.cancel(live.ErrTryAgain)
		}
	}
}

// errRevoked is the verdict that a socket's viewer lost access.
var errRevoked = errors.New("access revoked")

// check says whether w's viewer may still see its design: nil, errRevoked,
// or the error that kept it from telling (the database is down, the check
// timed out).
func (g *guard) check(w *watched) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, err := g.srv.credentials(ctx, w.p.bearer, w.p.session)
	var ae *apiError
	switch {
	case errors.As(err, &ae) && ae.Status == http.StatusUnauthorized:
		return errRevoked // the token is no longer valid
	case err != nil:
		return err
	}
	if (w.p.user == nil) != (p.user == nil) || w.p.user != nil && w.p.user.ID != p.user.ID {
		return errRevoked // the session now is someone else's, or nobody's
	}
	team, err := g.srv.store.DesignTeam(ctx, w.design)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errRevoked // the design is gone
	case err != nil:
		return err
	}
	role, err := g.srv.roleOn(ctx, p, w.design, team)
	switch {
	case err != nil:
		return err
	case role < auth.Viewer:
		return errRevoked
	}
	return nil
}
