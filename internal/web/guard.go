package web

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vpcboard/vpcboard/internal/auth"
)

// guard holds the open websockets with the credentials that opened them.
// When access changes anywhere (auth.Channel, heard by every replica's
// hub), the sockets it may concern check their credentials again, exactly
// as a new request would, and those that lost access close at once.
type guard struct {
	srv   *Server
	mu    sync.Mutex
	socks map[*watched]struct{}
}

type watched struct {
	p            *principal
	design, team string
	cancel       context.CancelFunc
}

func newGuard(srv *Server) *guard { return &guard{srv: srv, socks: map[*watched]struct{}{}} }

// watch registers a socket; the returned context ends when it loses
// access, and done unregisters it.
func (g *guard) watch(p *principal, design, team string) (ctx context.Context, done func()) {
	ctx, cancel := context.WithCancel(context.Background())
	w := &watched{p: p, design: design, team: team, cancel: cancel}
	g.mu.Lock()
	g.socks[w] = struct{}{}
	g.mu.Unlock()
	return ctx, func() {
		cancel()
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
		if !g.stillAllowed(w) {
			w.cancel()
		}
	}
}

func (g *guard) stillAllowed(w *watched) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, err := g.srv.credentials(ctx, w.p.bearer, w.p.session)
	if err != nil {
		return false
	}
	if (w.p.user == nil) != (p.user == nil) || w.p.user != nil && w.p.user.ID != p.user.ID {
		return false // the session now is someone else's, or nobody's
	}
	team, err := g.srv.store.DesignTeam(ctx, w.design)
	if err != nil {
		return false
	}
	role, err := g.srv.roleOn(ctx, p, w.design, team)
	return err == nil && role >= auth.Viewer
}
