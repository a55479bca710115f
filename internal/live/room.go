package live

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sync"
	"time"

	"github.com/vpcboard/vpcboard/internal/store"
)

// livePage is how many revisions the room reads at a time for its live
// viewers; catchUpPage, how many a viewer catching up reads at a time.
const (
	livePage    = 1000
	catchUpPage = 100
)

// room is the viewers of one design on this replica. One goroutine (run)
// owns delivery to the viewers that have caught up: it reads missed
// revisions from the store and queues them on each client, in version
// order, each version once. Another (presence) owns what the viewers are
// told of each other.
type room struct {
	h  *Hub
	id string

	mu      sync.Mutex
	clients map[*client]bool
	kick    chan struct{}
	done    chan struct{}
	closed  bool

	// Presence to pass on, under mu: viewers that changed (by key, the
	// kind of their last change), clients waiting for the whole list, and
	// whether the whole list must be read again.
	changed map[string]string
	fresh   []*client
	stale   bool
	pkick   chan struct{}
	// known is the list as the room's clients were last told it; the
	// presence goroutine's. nil: to be read whole.
	known map[string]Viewer
}

func newRoom(h *Hub, id string) *room {
	return &room{h: h, id: id, clients: map[*client]bool{}, kick: make(chan struct{}, 1), done: make(chan struct{}),
		changed: map[string]string{}, pkick: make(chan struct{}, 1)}
}

func (r *room) size() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.clients)
}

// poke asks the room to deliver whatever is new.
func (r *room) poke() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// join adds a client; it receives versions once it has caught up (live),
// and the presence list once the presence goroutine has read it.
func (r *room) join(c *client) bool {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return false
	}
	r.clients[c] = true
	if c.wantsPresence {
		r.fresh = append(r.fresh, c)
	}
	r.mu.Unlock()
	r.presenceKick()
	return true
}

// leave removes a client; an empty room closes.
func (r *room) leave(c *client) {
	r.mu.Lock()
	delete(r.clients, c)
	empty := len(r.clients) == 0
	r.mu.Unlock()
	if empty {
		r.h.dropRoom(r)
		r.close()
	}
}

// close stops the room and its connections.
func (r *room) close() {
	r.mu.Lock()
	if !r.closed {
		r.closed = true
		close(r.done)
	}
	clients := make([]*client, 0, len(r.clients))
	for c := range r.clients {
		clients = append(clients, c)
	}
	r.mu.Unlock()
	for _, c := range clients {
		c.stop()
	}
}

// run delivers: on every poke, every live client gets the revisions after
// the last it had, read from the store once for the room.
func (r *room) run() {
	for {
		select {
		case <-r.done:
			return
		case <-r.kick:
		}
		r.deliver()
	}
}

func (r *room) deliver() {
	r.mu.Lock()
	var clients []*client
	from := int64(-1)
	for c := range r.clients {
		if !c.wantsVersions || !c.live {
			continue // catching up: its writer reads the store itself
		}
		clients = append(clients, c)
		if from < 0 || c.last < from {
			from = c.last
		}
	}
	r.mu.Unlock()
	if len(clients) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	revs, err := r.h.store.RevisionsAfter(ctx, r.id, from, livePage)
	if errors.Is(err, store.ErrNotFound) {
		for _, c := range clients {
			c.queue([]byte(`{"type":"deleted"}`))
		}
		return
	}
	if err != nil {
		r.h.log.Warn("live: read revisions", "design", r.id, "error", err.Error())
		// Try again shortly: a notification must not be lost to an error.
		time.AfterFunc(time.Second, r.poke)
		return
	}
	msgs := make([][]byte, len(revs))
	for i, rev := range revs {
		msgs[i] = versionMessage(rev)
	}
	if len(revs) == livePage {
		defer r.poke() // more after these
	}
	for _, c := range clients {
		for i, rev := range revs {
			if rev.Version > c.last {
				if !c.queue(msgs[i]) {
					break
				}
				c.last = rev.Version
			}
		}
	}
}

// broadcast queues msg for every client that wants presence and events.
func (r *room) broadcast(msg []byte) {
	r.mu.Lock()
	clients := make([]*client, 0, len(r.clients))
	for c := range r.clients {
		clients = append(clients, c)
	}
	r.mu.Unlock()
	for _, c := range clients {
		if c.wantsPresence {
			c.queue(msg)
		}
	}
}

func randomID() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}
