package live

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"github.com/vpcboard/vpcboard/internal/store"
)

// maxRead is the largest message a viewer may send (presence updates).
const maxRead = 4096

// client is one websocket connection: a reader and a writer goroutine and
// the queue between the room and the writer; with presence, a publisher
// goroutine.
type client struct {
	h    *Hub
	r    *room
	conn *websocket.Conn
	send chan []byte
	once sync.Once
	gone chan struct{}
	ctx  context.Context // ends when the client stops
	end  context.CancelFunc

	id            string
	user          string
	wantsVersions bool
	wantsPresence bool
	// last is the last version written or queued: the writer's while it
	// catches up, then (live, set under r.mu) the room goroutine's.
	last int64
	live bool
	// hasList reports whether the client had the presence list; the room's
	// presence goroutine's.
	hasList bool

	mu        sync.Mutex
	selected  string        // the latest selection the viewer sent
	published string        // the latest written to the presence table
	selects   chan struct{} // a selection to publish
	// Presence for the writer, merged by viewer: a viewer slow to read
	// gets the latest of each viewer, never a backlog of their changes,
	// and is not dropped for presence.
	list    []Viewer           // the whole list, to send first; nil: none
	changes map[string]*Viewer // by viewer ID: as it is now, nil if it left
	told    chan struct{}      // presence to send
}

// tellList has the writer send the whole presence list.
func (c *client) tellList(list []Viewer) {
	c.mu.Lock()
	c.list = list
	clear(c.changes)
	c.mu.Unlock()
	c.kickWriter()
}

// tellChanges has the writer send what changed in the presence list
// (a nil Viewer: the viewer with that ID left).
func (c *client) tellChanges(changes map[string]*Viewer) {
	c.mu.Lock()
	for id, v := range changes {
		c.changes[id] = v
	}
	c.mu.Unlock()
	c.kickWriter()
}

func (c *client) kickWriter() {
	select {
	case c.told <- struct{}{}:
	default:
	}
}

// presenceMessages takes the presence waiting for the writer, as
// messages: the list, then the changes by viewer ID.
func (c *client) presenceMessages() [][]byte {
	c.mu.Lock()
	list, changes := c.list, c.changes
	c.list, c.changes = nil, map[string]*Viewer{}
	c.mu.Unlock()
	var out [][]byte
	if list != nil {
		msg, _ := json.Marshal(Message{Type: "presence", Viewers: list})
		out = append(out, msg)
	}
	for _, id := range slices.Sorted(maps.Keys(changes)) {
		m := Message{Type: "viewer", Viewer: changes[id]}
		if m.Viewer == nil {
			m = Message{Type: "left", Viewer: &Viewer{ID: id}}
		}
		msg, _ := json.Marshal(m)
		out = append(out, msg)
	}
	return out
}

// presence is the client's row in the presence table.
func (c *client) presence() store.Presence {
	c.mu.Lock()
	defer c.mu.Unlock()
	return store.Presence{DesignID: c.r.id, Key: c.id, Replica: c.h.id, Name: c.user, Selection: c.published}
}

// queue hands a message to the writer, or drops the client when its
// queue is full: a slow viewer is not waited for.
func (c *client) queue(msg []byte) bool {
	select {
	case <-c.gone:
		return false
	default:
	}
	select {
	case c.send <- msg:
		return true
	default:
		c.h.log.Info("live: dropping a slow viewer", "viewer", c.id)
		c.stop()
		return false
	}
}

func (c *client) stop() {
	c.once.Do(func() {
		close(c.gone)
		c.end()
		c.conn.Close()
	})
}

// Stream says what a connection receives.
type Stream struct {
	Since    int64  // the last version the viewer has; versions after it come first
	User     string // a name for presence; "" is not in presence
	Versions bool   // committed versions
	Presence bool   // presence messages
}

// CheckOrigin accepts a websocket from a page of the same host, or from a
// client that sends no Origin (not a browser).
func CheckOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}

// CloseRevoked is the close code of a websocket whose viewer lost access.
const CloseRevoked = 4403

// ErrTryAgain, as the cause of a Serve request's context, says the viewer's
// access could not be checked (the database is down): the socket closes
// with 1013 "try again later", which a client reconnects after, rather
// than with CloseRevoked, which it must not.
var ErrTryAgain = errors.New("access could not be checked: try again later")

// closeFor is the close message of a socket whose request's context ended.
func closeFor(ctx context.Context) []byte {
	if errors.Is(context.Cause(ctx), ErrTryAgain) {
		return websocket.FormatCloseMessage(websocket.CloseTryAgainLater, "try again later")
	}
	return websocket.FormatCloseMessage(CloseRevoked, "access revoked")
}

var upgrader = websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 16 << 10, CheckOrigin: CheckOrigin}

// Serve upgrades the request to a websocket on design id's stream and
// serves it until either side closes, or the request's context ends (the
// viewer lost access: the socket closes with 4403, or 1013 when the cause
// is ErrTryAgain). The caller has checked
// that the design exists and the viewer may see it.
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request, id string, s Stream) error {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return err // the upgrader has answered
	}
	ctx, end := context.WithCancel(context.Background())
	c := &client{h: h, conn: conn, send: make(chan []byte, h.opts.SendBuffer), gone: make(chan struct{}), ctx: ctx, end: end,
		id: randomID(), user: s.User, wantsVersions: s.Versions, wantsPresence: s.Presence, last: s.Since,
		selects: make(chan struct{}, 1), changes: map[string]*Viewer{}, told: make(chan struct{}, 1)}
	// A room that empties closes; one that closed just now is replaced.
	for tries := 0; ; tries++ {
		room, err := h.room(id)
		if err != nil {
			// The connection is hijacked: nothing can answer over HTTP now.
			h.log.Warn("live: open a room", "design", id, "error", err.Error())
			c.stop()
			return nil
		}
		c.r = room
		if room.join(c) {
			if c.user != "" {
				// On failure the viewer is missing from presence until the
				// next heartbeat writes its row.
				if err := h.store.JoinPresence(ctx, c.presence()); err != nil {
					h.log.Warn("live: join presence", "design", id, "error", err.Error())
				}
				go c.publish()
			}
			go c.write()
			go func() {
				select {
				case <-r.Context().Done():
					c.conn.WriteControl(websocket.CloseMessage, closeFor(r.Context()), time.Now().Add(time.Second))
					c.conn.Close()
				case <-c.gone:
				}
			}()
			c.read()
			return nil
		}
		if tries == 3 {
			h.log.Warn("live: the room kept closing", "design", id)
			c.stop()
			return nil
		}
	}
}

// read handles what the viewer sends (presence: its selection) until the
// connection ends, then leaves the room. A viewer that sends more than
// floodRate messages a second (after a burst) is disconnected with 1008.
func (c *client) read() {
	defer func() {
		c.stop()
		c.r.leave(c)
		if c.user != "" && !c.h.isClosed() { // a closing hub forgets all its viewers at once

			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := c.h.store.LeavePresence(ctx, c.r.id, c.id); err != nil {
				c.h.log.Warn("live: leave presence", "design", c.r.id, "error", err.Error())
			}
		}
	}()
	c.conn.SetReadLimit(maxRead)
	c.conn.SetReadDeadline(time.Now().Add(c.h.opts.PongWait))
	c.conn.SetPongHandler(func(string) error {
		return c.conn.SetReadDeadline(time.Now().Add(c.h.opts.PongWait))
	})
	flood := rate.NewLimiter(floodRate, floodBurst)
	for {
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		if !flood.Allow() {
			c.h.log.Info("live: closing a viewer that floods", "viewer", c.id, "design", c.r.id)
			c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.ClosePolicyViolation, "too many messages"),
				time.Now().Add(time.Second))
			return
		}
		var m struct {
			Type     string `json:"type"`
			Selected string `json:"selected"`
		}
		if json.Unmarshal(data, &m) != nil || m.Type != "select" || len(m.Selected) > 255 || c.user == "" {
			continue
		}
		c.mu.Lock()
		c.selected = m.Selected
		c.mu.Unlock()
		c.republish() // or the publisher, busy, reads the latest next

	}
}

// publish writes the viewer's selection to the presence table, at most
// SelectRate times a second: the selections sent in between are skipped,
// only the latest matters.
func (c *client) publish() {
	limit := rate.NewLimiter(rate.Limit(c.h.opts.SelectRate), 1)
	for {
		select {
		case <-c.gone:
			return
		case <-c.selects:
		}
		if limit.Wait(c.ctx) != nil {
			return
		}
		c.mu.Lock()
		sel, same := c.selected, c.selected == c.published
		c.mu.Unlock()
		if same {
			continue
		}
		if err := c.h.store.SelectPresence(c.ctx, c.r.id, c.id, sel); err != nil {
			if c.ctx.Err() == nil {
				c.h.log.Warn("live: publish a selection", "design", c.r.id, "error", err.Error())
				time.AfterFunc(time.Second, c.republish) // the latest must get there
			}
			continue
		}
		c.mu.Lock()
		c.published = sel
		c.mu.Unlock()
	}
}

// republish has the publisher write the latest selection again.
func (c *client) republish() {
	select {
	case c.selects <- struct{}{}:
	default:
	}
}

// write sends queued messages and pings, each with a deadline, until the
// client stops. A client that wants versions first catches up.
func (c *client) write() {
	ping := time.NewTicker(c.h.opts.PongWait * 9 / 10)
	defer func() {
		ping.Stop()
		c.stop()
	}()
	if c.wantsVersions && !c.catchUp(ping) {
		return
	}
	for {
		select {
		case <-c.gone:
			return
		case msg := <-c.send:
			if !c.writeMessage(websocket.TextMessage, msg) {
				return
			}
		case <-c.told:
			if !c.writePresence() {
				return
			}
		case <-ping.C:
			if !c.writeMessage(websocket.PingMessage, nil) {
				return
			}
		}
	}
}

// writePresence writes the presence waiting for the writer.
func (c *client) writePresence() bool {
	for _, msg := range c.presenceMessages() {
		if !c.writeMessage(websocket.TextMessage, msg) {
			return false
		}
	}
	return true
}

// writeMessage writes one message with the write deadline.
func (c *client) writeMessage(kind int, msg []byte) bool {
	c.conn.SetWriteDeadline(time.Now().Add(c.h.opts.WriteTimeout))
	return c.conn.WriteMessage(kind, msg) == nil
}

// catchUp streams the versions after c.last from the revision log, a page
// at a time, each written with the write deadline: at the pace the viewer
// reads, and never through the send queue, however far behind it is.
// When a page comes back short the room's live feed takes over from the
// last version written, so that each version goes once, in order.
func (c *client) catchUp(ping *time.Ticker) bool {
	for {
		revs, err := c.h.store.RevisionsAfter(c.ctx, c.r.id, c.last, catchUpPage)
		if errors.Is(err, store.ErrNotFound) {
			break // deleted: the room says so
		}
		if err != nil {
			if c.ctx.Err() == nil {
				c.h.log.Warn("live: catch up", "design", c.r.id, "error", err.Error())
			}
			return false // the viewer reconnects from the last version it had
		}
		for _, rev := range revs {
			if !c.writeMessage(websocket.TextMessage, versionMessage(rev)) {
				return false
			}
			c.last = rev.Version
		}
		// Between pages, what the room queued meanwhile, and a ping when due.
		for drained := false; !drained; {
			select {
			case <-c.gone:
				return false
			case msg := <-c.send:
				if !c.writeMessage(websocket.TextMessage, msg) {
					return false
				}
			case <-c.told:
				if !c.writePresence() {
					return false
				}
			case <-ping.C:
				if !c.writeMessage(websocket.PingMessage, nil) {
					return false
				}
			default:
				drained = true
			}
		}
		if len(revs) < catchUpPage {
			break
		}
	}
	c.r.mu.Lock()
	c.live = true
	c.r.mu.Unlock()
	c.r.poke() // what was committed since the last page
	return true
}
