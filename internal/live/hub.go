package live

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/store"
)

// Options tune a Hub; zero values are defaults.
type Options struct {
	// SendBuffer is how many messages (live versions, presence, events)
	// may wait for a connection before it is dropped as too slow; default
	// 256. A viewer catching up reads its backlog from the store at its
	// own pace, outside this queue.
	SendBuffer   int
	WriteTimeout time.Duration // default 10 s
	PongWait     time.Duration // default 60 s; pings go at 9/10 of it
	Logger       *slog.Logger
	// SelectRate is how many selections a second a viewer's presence
	// publishes (default 4); those in between are skipped, since only the
	// latest matters.
	SelectRate float64
}

// Hub is one replica's set of rooms, one per design with viewers, and the
// LISTEN connection that feeds them.
type Hub struct {
	store *store.Store
	pool  *pgxpool.Pool
	opts  Options
	log   *slog.Logger
	id    string // this replica, in the presence table

	mu     sync.Mutex
	rooms  map[string]*room
	listen []string // channels to LISTEN to, taken by the listener
	wake   context.CancelFunc
	closed bool
	// handlers of other channels (Handle)
	handlers map[string]func(payload string)
}

// Viewer is one person on a design, in presence messages.
type Viewer struct {
	ID       string `json:"id"`
	User     string `json:"user"`
	Selected string `json:"selected,omitempty"`
}

// New returns a hub over the store; Run feeds it.
func New(s *store.Store, opts Options) *Hub {
	if opts.SendBuffer <= 0 {
		opts.SendBuffer = 256
	}
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = 10 * time.Second
	}
	if opts.PongWait <= 0 {
		opts.PongWait = 60 * time.Second
	}
	if opts.SelectRate <= 0 {
		opts.SelectRate = 4
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Hub{store: s, pool: s.Pool(), opts: opts, log: opts.Logger, id: randomID(),
		rooms:    map[string]*room{},
		handlers: map[string]func(string){}}
}

// Handle has fn called, in a goroutine of its own, with the payload of
// every notification on channel. Whenever the hub starts listening to
// channel (on its first connection, on every reconnection, or at once
// when Handle is called while Run is connected) fn is called with "*":
// something may have been missed. Handle may be called before or after
// Run.
func (h *Hub) Handle(channel string, fn func(payload string)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.handlers[channel] = fn
	h.listenLocked(channel)
}

// listenLocked asks the running listener to LISTEN to ch (it LISTENs to
// the channels of every room and handler anyway when it (re)connects);
// h.mu is held.
func (h *Hub) listenLocked(ch ...string) {
	// A list, not a bounded channel: a sender holding h.mu must never
	// wait for the listener, which takes h.mu too.
	h.listen = append(h.listen, ch...)
	if h.wake != nil {
		h.wake()
	}
}

// Run holds the LISTEN connection until ctx ends: it reconnects with
// backoff, and after every (re)connection it resyncs every open room from
// the store, so that a notification missed while disconnected is not a
// version missed.
func (h *Hub) Run(ctx context.Context) {
	backoff := 100 * time.Millisecond
	go h.heartbeat(ctx)
	for ctx.Err() == nil {
		err := h.listenOnce(ctx)
		if ctx.Err() != nil {
			break
		}
		h.log.Warn("live: LISTEN connection lost; reconnecting", "error", fmt.Sprint(err), "backoff", backoff.String())
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
	h.mu.Lock()
	h.closed = true
	rooms := h.rooms
	h.rooms = map[string]*room{}
	h.mu.Unlock()
	for _, r := range rooms {
		r.close()
	}
	// The other replicas' viewers see this one's leave now, not when their
	// rows expire.
	leaveCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.store.LeaveReplica(leaveCtx, h.id); err != nil {
		h.log.Warn("live: forget this replica's viewers", "error", err.Error())
	}
}

// isClosed reports whether the hub has stopped.
func (h *Hub) isClosed() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closed
}

// listenOnce connects, LISTENs to the channels of the open rooms, resyncs
// them, and delivers notifications until the connection fails.
func (h *Hub) listenOnce(ctx context.Context) error {
	cfg := h.pool.Config().ConnConfig.Copy()
	cfg.RuntimeParams["application_name"] = "vpcboard-listen"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	h.mu.Lock()
	var ids []string
	for id := range h.rooms {
		ids = append(ids, id)
	}
	var handled []string
	for ch := range h.handlers {
		handled = append(handled, ch)
	}
	h.mu.Unlock()
	listened := map[string]bool{}
	doListen := func(ch string) error {
		if listened[ch] {
			return nil
		}
		if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{ch}.Sanitize()); err != nil {
			return err
		}
		listened[ch] = true
		// A version committed between the room's first read and this
		// LISTEN, or a change of access before a handler's LISTEN, sent
		// a notification nobody heard.
		h.listening(ch)
		h.mu.Lock()
		fn := h.handlers[ch]
		h.mu.Unlock()
		if fn != nil {
			go fn("*")
		}
		return nil
	}
	for _, id := range ids {
		if err := doListen(store.Channel(id)); err != nil {
			return err
		}
		if err := doListen(store.PresenceChannel(id)); err != nil {
			return err
		}
		if err := doListen(store.EventsChannel(id)); err != nil {
			return err
		}
	}
	for _, ch := range handled {
		if err := doListen(ch); err != nil {
			return err
		}
	}
	for {
		// Pending LISTENs first, then wait for a notification or for a
		// new channel to listen to.
		h.mu.Lock()
		todo := h.listen
		h.listen = nil
		h.mu.Unlock()
		for _, ch := range todo {
			if err := doListen(ch); err != nil {
				return err
			}
		}
		waitCtx, cancel := context.WithCancel(ctx)
		h.mu.Lock()
		h.wake = cancel
		pending := len(h.listen) > 0
		h.mu.Unlock()
		if pending {
			cancel()
			continue
		}
		n, err := conn.WaitForNotification(waitCtx)
		cancel()
		if err != nil {
			if ctx.Err() == nil && waitCtx.Err() != nil && !conn.IsClosed() {
				continue // woken to LISTEN to a new channel
			}
			return err
		}
		h.dispatch(n.Channel, n.Payload)
	}
}

// dispatch routes one notification.
func (h *Hub) dispatch(channel, payload string) {
	if id, ok := strings.CutPrefix(channel, "design_"); ok {
		h.notify(id) // the room reads what the payload (a version, "deleted") says
		return
	}
	if id, ok := strings.CutPrefix(channel, "presence_"); ok {
		var ev store.PresenceEvent
		if json.Unmarshal([]byte(payload), &ev) == nil && ev.Key != "" {
			h.presenceIn(id, &ev)
		}
		return
	}
	if id, ok := strings.CutPrefix(channel, "events_"); ok {
		// Other events of the design (comments): to the designer's viewers
		// as they are.
		h.mu.Lock()
		r := h.rooms[id]
		h.mu.Unlock()
		if r != nil && json.Valid([]byte(payload)) {
			r.broadcast([]byte(payload))
		}
		return
	}
	h.mu.Lock()
	fn := h.handlers[channel]
	h.mu.Unlock()
	if fn != nil {
		go fn(payload)
	}
}

// listening is told that the LISTEN connection now hears channel ch: what
// was notified on it between the room's first read and this LISTEN was
// heard by nobody, so the room reads again.
func (h *Hub) listening(ch string) {
	if id, ok := strings.CutPrefix(ch, "design_"); ok {
		h.notify(id)
	}
	if id, ok := strings.CutPrefix(ch, "presence_"); ok {
		h.presenceIn(id, nil)
	}
}

// resync has a design's room read again its versions and its presence.
func (h *Hub) resync(id string) {
	h.listening(store.Channel(id))
	h.listening(store.PresenceChannel(id))
}

// notify tells a design's room that a version may exist that its viewers
// have not had.
func (h *Hub) notify(id string) {
	h.mu.Lock()
	r := h.rooms[id]
	h.mu.Unlock()
	if r != nil {
		r.poke()
	}
}

// room returns the room of a design, opening it (and LISTENing to its
// channels) on first use.
func (h *Hub) room(id string) (*room, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, fmt.Errorf("live: hub closed")
	}
	if r := h.rooms[id]; r != nil {
		return r, nil
	}
	r := newRoom(h, id)
	h.rooms[id] = r
	go r.run()
	go r.presence()
	h.listenLocked(store.Channel(id), store.PresenceChannel(id), store.EventsChannel(id))
	return r, nil
}

// dropRoom forgets an empty room.
func (h *Hub) dropRoom(r *room) {
	h.mu.Lock()
	if h.rooms[r.id] == r {
		delete(h.rooms, r.id)
	}
	h.mu.Unlock()
}

// Stats says how many rooms and connections the hub has.
func (h *Hub) Stats() (rooms, conns int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, r := range h.rooms {
		rooms++
		conns += r.size()
	}
	return rooms, conns
}

// Message is what viewers receive: a committed version, or presence.
// Presence is the whole list once, when the viewer joins ("presence",
// Viewers), then one viewer at a time: "viewer" (Viewer arrived or
// changed its selection) and "left" (Viewer.ID left).
type Message struct {
	Type    string      `json:"type"` // "version", "presence", "viewer", "left"
	Version int64       `json:"version,omitempty"`
	Author  string      `json:"author,omitempty"`
	Summary string      `json:"summary,omitempty"`
	Ops     []design.Op `json:"ops,omitempty"`
	Viewers []Viewer    `json:"viewers,omitempty"`
	Viewer  *Viewer     `json:"viewer,omitempty"`
}

func versionMessage(rev store.Revision) []byte {
	b, _ := json.Marshal(Message{Type: "version", Version: rev.Version, Author: rev.Author, Summary: rev.Summary, Ops: rev.Ops})
	return b
}
