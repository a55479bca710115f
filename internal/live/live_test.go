package live_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/jackc/pgx/v5"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/live"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/internal/store/storetest"
)

var ctx = context.Background()

// setup is a store with one design (a VPC) and a hub serving its stream.
// The server's query says what a connection wants: since=N, user=U (a
// name in presence, which also subscribes it to presence) and design=ID
// (default: the setup's design).
type setup struct {
	t     testing.TB
	s     *store.Store
	dbURL string
	hub   *live.Hub
	srv   *httptest.Server
	id    string
	ver   int64
	mu    sync.Mutex
}

func newSetup(t testing.TB, opts live.Options) *setup {
	t.Helper()
	s, dbURL := storetest.New(t)
	st := &setup{t: t, s: s, dbURL: dbURL, ver: 1}
	st.id = st.newDesign()
	st.hub, st.srv, _ = st.replica(opts)
	return st
}

// newDesign creates a design with one VPC and returns its ID.
func (st *setup) newDesign() string {
	st.t.Helper()
	d := design.New("live")
	v := &design.VPC{CIDR: "10.0.0.0/8"}
	v.ID = "vpc"
	if err := design.Apply(d, design.NewVPCOps(v)...); err != nil {
		st.t.Fatal(err)
	}
	info, err := st.s.CreateDesign(ctx, storetest.Team, d, "ana")
	if err != nil {
		st.t.Fatal(err)
	}
	return info.ID
}

// replica starts another hub on the setup's store, as another server
// process would, and a server for its streams; stop stops the hub (it is
// stopped when the test ends).
func (st *setup) replica(opts live.Options) (hub *live.Hub, srv *httptest.Server, stop func()) {
	if opts.Logger == nil { // warnings on stderr (the hub may log after the test ended)
		opts.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	hub = live.New(st.s, opts)
	hctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { hub.Run(hctx); close(done) }()
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var since int64
		fmt.Sscan(r.URL.Query().Get("since"), &since)
		id := r.URL.Query().Get("design")
		if id == "" {
			id = st.id
		}
		user := r.URL.Query().Get("user")
		hub.Serve(w, r, id, live.Stream{Since: since, User: user, Versions: true, Presence: user != ""})
	}))
	stop = func() { cancel(); <-done }
	st.t.Cleanup(func() { srv.Close(); stop() })
	return hub, srv, stop
}

// edit commits one more subnet (with pad > 0, replaces one subnet with a
// tag of pad bytes, so that the message is large and the design is not)
// and returns the new version.
func (st *setup) edit(n int, pad int) int64 {
	st.t.Helper()
	st.mu.Lock()
	defer st.mu.Unlock()
	sn := &design.Subnet{VPC: "vpc", AZ: "us-east-1a", CIDR: fmt.Sprintf("10.%d.%d.0/24", n/256, n%256)}
	sn.ID = fmt.Sprintf("s%d", n)
	if pad > 0 {
		sn.ID, sn.CIDR = "big", "10.255.0.0/24"
		sn.Tags = map[string]string{"pad": strings.Repeat("x", pad), "n": fmt.Sprint(n)}
	}
	rev, err := st.s.Apply(ctx, st.id, st.ver, []design.Op{design.Put(sn)}, "ana")
	if err != nil {
		st.t.Fatalf("edit %d: %v", n, err)
	}
	st.ver = rev.Version
	return rev.Version
}

type viewer struct {
	conn *websocket.Conn
	got  chan live.Message
	errc chan error
}

func (st *setup) view(since int64) *viewer {
	st.t.Helper()
	return st.dial(st.srv, fmt.Sprintf("since=%d", since))
}

// dial opens a stream on srv with the query q.
func (st *setup) dial(srv *httptest.Server, q string) *viewer {
	st.t.Helper()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/?" + q
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		st.t.Fatal(err)
	}
	v := &viewer{conn: conn, got: make(chan live.Message, 10000), errc: make(chan error, 1)}
	go func() {
		for {
			_, data, err := conn.ReadMessage()
			if err != nil {
				v.errc <- err
				return
			}
			var m live.Message
			json.Unmarshal(data, &m)
			v.got <- m
		}
	}()
	st.t.Cleanup(func() { conn.Close() })
	return v
}

// expect reads versions from..to, in order, each once.
func (v *viewer) expect(t testing.TB, from, to int64) {
	t.Helper()
	for want := from; want <= to; want++ {
		select {
		case m := <-v.got:
			if m.Type != "version" || m.Version != want {
				t.Fatalf("got %s version %d; want version %d", m.Type, m.Version, want)
			}
		case err := <-v.errc:
			t.Fatalf("connection ended waiting for version %d: %v", want, err)
		case <-time.After(10 * time.Second):
			t.Fatalf("no version %d within 10 s", want)
		}
	}
}

func TestDeliversEveryVersionInOrder(t *testing.T) {
	st := newSetup(t, live.Options{})
	v := st.view(1)
	waitConns(t, st.hub, 1)
	for i := range 20 {
		st.edit(i, 0)
	}
	v.expect(t, 2, 21)
	select {
	case m := <-v.got:
		t.Errorf("an extra message: %+v", m)
	case <-time.After(300 * time.Millisecond):
	}
}

func waitConns(t *testing.T, h *live.Hub, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, c := h.Stats(); c == n {
			return
		}
		if time.Now().After(deadline) {
			_, c := h.Stats()
			t.Fatalf("%d connections; want %d", c, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A viewer away for 30 edits comes back with ?since and ends where one
// that stayed is.
func TestReconnectCatchesUp(t *testing.T) {
	st := newSetup(t, live.Options{})
	stay := st.view(1)
	away := st.view(1)
	waitConns(t, st.hub, 2)
	st.edit(0, 0)
	away.expect(t, 2, 2)
	away.conn.Close()
	for i := 1; i <= 30; i++ {
		st.edit(i, 0)
	}
	back := st.view(2)
	back.expect(t, 3, 32)
	stay.expect(t, 2, 32)
	st.edit(31, 0)
	back.expect(t, 33, 33)
	stay.expect(t, 33, 33)
}

// Killing the LISTEN connection loses no version: the hub reconnects and
// resyncs from the store.
func TestListenConnectionKilled(t *testing.T) {
	st := newSetup(t, live.Options{})
	v := st.view(1)
	waitConns(t, st.hub, 1)
	st.edit(0, 0)
	v.expect(t, 2, 2)
	admin, err := pgx.Connect(ctx, st.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	var killed int
	if err := admin.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = 'vpcboard-listen' AND datname = current_database()`).Scan(&killed); err != nil || killed != 1 {
		t.Fatalf("terminated %d LISTEN connections (%v); want 1", killed, err)
	}
	for i := 1; i <= 10; i++ {
		st.edit(i, 0) // some while the hub reconnects
	}
	v.expect(t, 3, 12)
	var listening int
	deadline := time.Now().Add(10 * time.Second)
	for listening != 1 && time.Now().Before(deadline) {
		admin.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE application_name = 'vpcboard-listen' AND datname = current_database()`).Scan(&listening)
		time.Sleep(50 * time.Millisecond)
	}
	if listening != 1 {
		t.Errorf("%d LISTEN connections after the kill; want 1 (reconnected)", listening)
	}
	st.edit(11, 0)
	v.expect(t, 13, 13)
}

// A viewer that stops reading is dropped without delaying the others.
func TestSlowReaderDoesNotDelayOthers(t *testing.T) {
	// A queue of 16: the fast viewer may fall a few messages behind on a
	// loaded machine without being taken for a slow one.
	st := newSetup(t, live.Options{SendBuffer: 16, WriteTimeout: 200 * time.Millisecond})
	fast := st.view(1)
	url := "ws" + strings.TrimPrefix(st.srv.URL, "http") + "/?since=1"
	slow, _, err := websocket.DefaultDialer.Dial(url, nil) // never read
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	waitConns(t, st.hub, 2)
	const edits = 200
	for i := range edits {
		st.edit(i, 60000) // 60 KB a message: the slow socket's buffers fill
	}
	fast.expect(t, 2, edits+1) // while the slow one is still connected or being dropped
	waitConns(t, st.hub, 1)    // the slow one was dropped
}

// A handler registered while Run is already listening hears its channel,
// and still hears it after the LISTEN connection is lost and remade.
func TestHandleAfterRun(t *testing.T) {
	st := newSetup(t, live.Options{})
	v := st.view(1)
	waitConns(t, st.hub, 1)
	st.edit(0, 0)
	v.expect(t, 2, 2) // the hub is listening
	heard := make(chan string, 16)
	st.hub.Handle("late_channel", func(payload string) { heard <- payload })
	admin, err := pgx.Connect(ctx, st.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	// expect waits for payload, notifying again until the hub hears it (the
	// LISTEN may not be in place yet); "*" (maybe missed) is not it.
	expect := func(payload string) {
		t.Helper()
		deadline := time.After(10 * time.Second)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case p := <-heard:
				if p == payload {
					return
				}
			case <-tick.C:
				if _, err := admin.Exec(ctx, "SELECT pg_notify('late_channel', $1)", payload); err != nil {
					t.Fatal(err)
				}
			case <-deadline:
				t.Fatalf("the handler registered after Run did not hear %q within 10 s", payload)
			}
		}
	}
	expect("before-reconnect")
	var killed int
	if err := admin.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = 'vpcboard-listen' AND datname = current_database()`).Scan(&killed); err != nil || killed != 1 {
		t.Fatalf("terminated %d LISTEN connections (%v); want 1", killed, err)
	}
	expect("after-reconnect")
}

// A viewer 700 versions behind (?since=0) catches up on one connection,
// at its own pace: it stops reading after the first version while 50
// more are committed (the backlog is 14 MB, more than the sockets
// buffer, so the server is still streaming it), then reads on. It gets
// versions 1..750 exactly once, in order, then the live ones, with a
// send queue of 16 that the backlog never goes through.
func TestCatchUpAtTheReadersPace(t *testing.T) {
	st := newSetup(t, live.Options{SendBuffer: 16})
	const pad = 20000
	for i := range 699 {
		st.edit(i, pad) // versions 2..700
	}
	url := "ws" + strings.TrimPrefix(st.srv.URL, "http") + "/?since=0"
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	want := int64(1)
	next := func() {
		t.Helper()
		conn.SetReadDeadline(time.Now().Add(20 * time.Second))
		var m live.Message
		if err := conn.ReadJSON(&m); err != nil {
			t.Fatalf("waiting for version %d: %v", want, err)
		}
		if m.Type != "version" || m.Version != want {
			t.Fatalf("got %s version %d; want version %d", m.Type, m.Version, want)
		}
		want++
	}
	next()
	for i := 699; i < 749; i++ {
		st.edit(i, pad) // versions 701..750, while the server streams
	}
	for want <= 750 {
		next()
	}
	st.edit(749, 0)
	next() // 751, live
	conn.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	var m live.Message
	var ne net.Error
	if err := conn.ReadJSON(&m); err == nil {
		t.Errorf("an extra message: %+v", m)
	} else if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("after the last version: %v; want a read timeout (the connection open)", err)
	}
}

// BenchmarkCatchUp measures a viewer catching up on 1,000 versions (small
// edits) on one connection: ns/op is one whole catch-up.
func BenchmarkCatchUp(b *testing.B) {
	st := newSetup(b, live.Options{})
	for i := range 999 {
		st.edit(i, 0)
	}
	for b.Loop() {
		v := st.view(0)
		v.expect(b, 1, 1000)
		v.conn.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/version")
}

// Registering more channels than a bounded queue would hold, before and
// while the hub runs, never blocks (the hub's lock was held while a
// channel of 1,024 was full, and the listener needs that lock to empty
// it), and the last of them is heard.
func TestManyChannelsNeverBlock(t *testing.T) {
	s, dbURL := storetest.New(t)
	hub := live.New(s, live.Options{})
	heard := make(chan string, 1)
	register := func(from, to int) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := from; i < to; i++ {
				hub.Handle(fmt.Sprintf("many_%d", i), func(p string) {
					if p != "*" {
						select {
						case heard <- p:
						default:
						}
					}
				})
			}
		}()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatalf("Handle of channels %d..%d is stuck (a full queue under the hub's lock)", from, to)
		}
	}
	register(0, 1500) // before Run
	runCtx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { hub.Run(runCtx); close(stopped) }()
	defer func() { cancel(); <-stopped }()
	register(1500, 3000) // while running
	admin, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	deadline := time.After(20 * time.Second)
	for {
		if _, err := admin.Exec(ctx, "SELECT pg_notify('many_2999', 'last')"); err != nil {
			t.Fatal(err)
		}
		select {
		case p := <-heard:
			if p != "last" {
				t.Fatalf("heard %q; want last", p)
			}
			return
		case <-time.After(100 * time.Millisecond):
		case <-deadline:
			t.Fatal("the last channel registered was not heard within 20 s")
		}
	}
}
