package live

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vpcboard/vpcboard/internal/store"
)

// room is the viewers of one design on this replica. One goroutine (run)
// owns delivery: it reads missed revisions from the store and queues them
// on each client, in version order, each version once.
type room struct {
	h  *Hub
	id string

	mu      sync.Mutex
	clients map[*client]bool
	wanted  int64 // highest version notified, 0 when only a resync is asked
	kick    chan struct{}
	done    chan struct{}
	closed  bool
}

func newRoom(h *Hub, id string) *room {
	return &room{h: h, id: id, clients: map[*client]bool{}, kick: make(chan struct{}, 1), done: make(chan struct{})}
}

func (r *room) size() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.clients)
}

// poke asks the room to deliver up to version v (0: whatever is new).
func (r *room) poke(v int64) {
	r.mu.Lock()
	r.wanted = max(r.wanted, v)
	r.mu.Unlock()
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// join adds a client that has had every version up to since.
func (r *room) join(c *client) bool {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return false
	}
	r.clients[c] = true
	r.mu.Unlock()
	r.poke(0)
	r.h.presenceChanged(r)
	return true
}

// leave removes a client; an empty room closes.
func (r *room) leave(c *client) {
	r.mu.Lock()
	delete(r.clients, c)
	empty := len(r.clients) == 0
	r.mu.Unlock()
	r.h.presenceChanged(r)
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

// run delivers: on every poke, every client gets the revisions after the
// last it had, read from the store once for the room.
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
		if !c.wantsVersions {
			continue
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
	revs, err := r.h.store.RevisionsAfter(ctx, r.id, from)
	if errors.Is(err, store.ErrNotFound) {
		for _, c := range clients {
			c.queue([]byte(`{"type":"deleted"}`))
		}
		return
	}
	if err != nil {
		r.h.log.Warn("live: read revisions", "design", r.id, "error", err.Error())
		// Try again shortly: a notification must not be lost to an error.
		time.AfterFunc(time.Second, func() { r.poke(0) })
		return
	}
	msgs := make([][]byte, len(revs))
	for i, rev := range revs {
		msgs[i] = versionMessage(rev)
	}
	if len(revs) == 1000 {
		defer r.poke(0) // more after these
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

// viewers are this replica's viewers of the room.
func (r *room) viewers() []Viewer {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Viewer
	for c := range r.clients {
		if c.user != "" {
			out = append(out, c.viewer())
		}
	}
	slices.SortFunc(out, func(a, b Viewer) int { return strings.Compare(a.ID, b.ID) })
	return out
}

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

// presenceChannel is the NOTIFY channel of a design's presence.
func presenceChannel(id string) string { return "presence_" + id }

// presenceNote is what a replica NOTIFYs about its viewers of a design.
type presenceNote struct {
	Replica string   `json:"replica"`
	Viewers []Viewer `json:"viewers"`
}

// presenceChanged tells this replica's and the other replicas' viewers of
// r who is there.
func (h *Hub) presenceChanged(r *room) {
	note, _ := json.Marshal(presenceNote{Replica: h.id, Viewers: r.viewers()})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := h.pool.Exec(ctx, "SELECT pg_notify($1, $2)", presenceChannel(r.id), string(note)); err != nil {
		h.log.Warn("live: presence notify", "design", r.id, "error", err.Error())
		h.sendPresence(r)
	}
}

// presenceIn records another (or this) replica's viewers of a design.
func (h *Hub) presenceIn(id, payload string) {
	var n presenceNote
	if json.Unmarshal([]byte(payload), &n) != nil {
		return
	}
	h.mu.Lock()
	r := h.rooms[id]
	if n.Replica != h.id {
		m := h.remote[id]
		if m == nil {
			m = map[string]remoteViewer{}
			h.remote[id] = m
		}
		for k := range m {
			if strings.HasPrefix(k, n.Replica+"/") {
				delete(m, k)
			}
		}
		for _, v := range n.Viewers {
			m[n.Replica+"/"+v.ID] = remoteViewer{v: v, seen: time.Now()}
		}
	}
	h.mu.Unlock()
	if r != nil {
		h.sendPresence(r)
	}
}

// sendPresence sends the room's viewers, of every replica, to its
// clients.
func (h *Hub) sendPresence(r *room) {
	vs := r.viewers()
	h.mu.Lock()
	for k, rv := range h.remote[r.id] {
		if time.Since(rv.seen) > 45*time.Second {
			delete(h.remote[r.id], k)
			continue
		}
		vs = append(vs, rv.v)
	}
	h.mu.Unlock()
	slices.SortFunc(vs, func(a, b Viewer) int { return strings.Compare(a.ID, b.ID) })
	msg, _ := json.Marshal(Message{Type: "presence", Viewers: vs})
	r.broadcast(msg)
}

// announce re-sends this replica's presence every 15 s, so that other
// replicas keep it (they forget viewers not heard of for 45 s).
func (h *Hub) announce(ctx context.Context) {
	t := time.NewTicker(15 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		h.mu.Lock()
		rooms := make([]*room, 0, len(h.rooms))
		for _, r := range h.rooms {
			rooms = append(rooms, r)
		}
		h.mu.Unlock()
		for _, r := range rooms {
			h.presenceChanged(r)
		}
	}
}
