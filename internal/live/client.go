package live

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// maxRead is the largest message a viewer may send (presence updates).
const maxRead = 4096

// client is one websocket connection: a reader and a writer goroutine and
// the queue between the room and the writer.
type client struct {
	h    *Hub
	conn *websocket.Conn
	send chan []byte
	once sync.Once
	gone chan struct{}

	id            string
	wantsVersions bool
	wantsPresence bool
	last          int64 // the last version queued; the room goroutine's

	mu       sync.Mutex
	user     string
	selected string
}

func (c *client) viewer() Viewer {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Viewer{ID: c.id, User: c.user, Selected: c.selected}
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
		c.conn.Close()
	})
}

// Stream says what a connection receives.
type Stream struct {
	Since    int64  // the last version the viewer has; versions after it come first
	User     string // a name for presence; "" receives no presence
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

var upgrader = websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 16 << 10, CheckOrigin: CheckOrigin}

// Serve upgrades the request to a websocket on design id's stream and
// serves it until either side closes, or the request's context ends (the
// viewer lost access: the socket closes with 4403). The caller has checked
// that the design exists and the viewer may see it.
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request, id string, s Stream) error {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return err // the upgrader has answered
	}
	c := &client{h: h, conn: conn, send: make(chan []byte, h.opts.SendBuffer), gone: make(chan struct{}),
		id: randomID(), wantsVersions: s.Versions, wantsPresence: s.Presence, last: s.Since, user: s.User}
	// A room that empties closes; one that closed just now is replaced.
	for tries := 0; ; tries++ {
		room, err := h.room(id)
		if err != nil {
			// The connection is hijacked: nothing can answer over HTTP now.
			h.log.Warn("live: open a room", "design", id, "error", err.Error())
			conn.Close()
			return nil
		}
		if room.join(c) {
			go c.write()
			go func() {
				select {
				case <-r.Context().Done():
					c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(CloseRevoked, "access revoked"),
						time.Now().Add(time.Second))
					c.conn.Close()
				case <-c.gone:
				}
			}()
			c.read(room)
			return nil
		}
		if tries == 3 {
			h.log.Warn("live: the room kept closing", "design", id)
			conn.Close()
			return nil
		}
	}
}

// read handles what the viewer sends (presence: its selection) until the
// connection ends, then leaves the room.
func (c *client) read(r *room) {
	defer func() {
		c.stop()
		r.leave(c)
	}()
	c.conn.SetReadLimit(maxRead)
	c.conn.SetReadDeadline(time.Now().Add(c.h.opts.PongWait))
	c.conn.SetPongHandler(func(string) error {
		return c.conn.SetReadDeadline(time.Now().Add(c.h.opts.PongWait))
	})
	for {
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		var m struct {
			Type     string `json:"type"`
			Selected string `json:"selected"`
		}
		if json.Unmarshal(data, &m) != nil || m.Type != "select" || len(m.Selected) > 255 {
			continue
		}
		c.mu.Lock()
		changed := c.selected != m.Selected
		c.selected = m.Selected
		c.mu.Unlock()
		if changed && c.user != "" {
			c.h.presenceChanged(r)
		}
	}
}

// write sends queued messages and pings, each with a deadline, until the
// client stops.
func (c *client) write() {
	ping := time.NewTicker(c.h.opts.PongWait * 9 / 10)
	defer func() {
		ping.Stop()
		c.stop()
	}()
	for {
		select {
		case <-c.gone:
			return
		case msg := <-c.send:
			c.conn.SetWriteDeadline(time.Now().Add(c.h.opts.WriteTimeout))
			if err := c.conn.WriteMessage(websocket.TextMessage, msg); err != nil {
				return
			}
		case <-ping.C:
			c.conn.SetWriteDeadline(time.Now().Add(c.h.opts.WriteTimeout))
			if err := c.conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
		}
	}
}
