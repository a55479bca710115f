package live_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/vpcboard/vpcboard/internal/live"
)

// roster is who a viewer sees on its design, by viewer ID, as its
// presence messages say.
type roster map[string]live.Viewer

// apply reports whether m was a presence message, and follows it.
func (r roster) apply(m live.Message) bool {
	switch m.Type {
	case "presence":
		clear(r)
		for _, v := range m.Viewers {
			r[v.ID] = v
		}
	case "viewer":
		r[m.Viewer.ID] = *m.Viewer
	case "left":
		delete(r, m.Viewer.ID)
	default:
		return false
	}
	return true
}

// user returns the viewer of the roster named user.
func (r roster) user(name string) (live.Viewer, bool) {
	for _, v := range r {
		if v.User == name {
			return v, true
		}
	}
	return live.Viewer{}, false
}

// await follows v's messages into r until ok(r), and returns how many
// presence messages that took.
func (v *viewer) await(t *testing.T, r roster, what string, ok func(roster) bool) int {
	t.Helper()
	n := 0
	timeout := time.After(30 * time.Second)
	for !ok(r) {
		select {
		case m := <-v.got:
			if r.apply(m) {
				n++
			}
		case err := <-v.errc:
			t.Fatalf("connection ended waiting until %s: %v", what, err)
		case <-timeout:
			t.Fatalf("not %s within 30 s: sees %d viewers", what, len(r))
		}
	}
	return n
}

// 200 viewers over two replicas (two hubs on one store), each with a
// selection, all see each other, and see one leave: presence
// notifications are small whatever the number of viewers (the list of a
// replica's 100 viewers does not fit in a NOTIFY's 8,000 bytes).
func TestPresenceOf200ViewersAcrossReplicas(t *testing.T) {
	st := newSetup(t, live.Options{})
	_, other, _ := st.replica(live.Options{})
	const n = 200
	name := func(i int) string { return fmt.Sprintf("viewer-%03d@team.example.com", i) }
	vs := make([]*viewer, n)
	for i := range vs {
		srv := st.srv
		if i%2 == 1 {
			srv = other
		}
		vs[i] = st.dial(srv, "since=1&user="+name(i))
		if err := vs[i].conn.WriteJSON(map[string]string{"type": "select", "selected": fmt.Sprintf("subnet-%03d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	everyone := func(r roster) bool {
		for j := range n {
			if v, ok := r.user(name(j)); !ok || v.Selected != fmt.Sprintf("subnet-%03d", j) {
				return false
			}
		}
		return len(r) == n
	}
	rs := make([]roster, n)
	for i, v := range vs {
		rs[i] = roster{}
		v.await(t, rs[i], fmt.Sprintf("viewer %d sees the %d viewers and their selections", i, n), everyone)
	}
	vs[0].conn.Close()
	for _, i := range []int{1, 2} { // on the other replica and on its own
		vs[i].await(t, rs[i], fmt.Sprintf("viewer %d sees viewer 0 leave", i), func(r roster) bool {
			_, ok := r.user(name(0))
			return !ok && len(r) == n-1
		})
	}
}

// A replica that stops takes its viewers out of the others' presence at
// once, not when their rows expire.
func TestStoppedReplicaViewersLeave(t *testing.T) {
	st := newSetup(t, live.Options{})
	_, other, stop := st.replica(live.Options{})
	here := st.dial(st.srv, "since=1&user=here")
	there := st.dial(other, "since=1&user=there")
	seen := roster{}
	here.await(t, seen, "both are seen", func(r roster) bool { return len(r) == 2 })
	stop()
	select {
	case <-there.errc: // its connection ended with its replica
	case <-time.After(10 * time.Second):
		t.Fatal("the stopped replica's viewer is still connected")
	}
	here.await(t, seen, "the stopped replica's viewer left", func(r roster) bool {
		_, ok := r.user("there")
		return !ok && len(r) == 1
	})
}

// floodFixture is a design with a watcher, and another design with a
// bystander, each having seen its presence settle.
type floodFixture struct {
	st                 *setup
	watcher, bystander *viewer
	watched, stood     roster
}

func newFloodFixture(t *testing.T, opts live.Options) *floodFixture {
	st := newSetup(t, opts)
	f := &floodFixture{st: st, watched: roster{}, stood: roster{}}
	f.watcher = st.dial(st.srv, "since=1&user=watcher")
	f.bystander = st.dial(st.srv, "since=1&user=bystander&design="+st.newDesign())
	f.watcher.await(t, f.watched, "the watcher sees itself", func(r roster) bool { return len(r) == 1 })
	f.bystander.await(t, f.stood, "the bystander sees itself", func(r roster) bool { return len(r) == 1 })
	return f
}

// flooder joins the watcher's design and waits until the watcher sees it.
func (f *floodFixture) flooder(t *testing.T) *viewer {
	v := f.st.dial(f.st.srv, "since=1&user=flooder")
	f.watcher.await(t, f.watched, "the watcher sees the flooder", func(r roster) bool { _, ok := r.user("flooder"); return ok })
	return v
}

// quiet checks that the bystander, on another design, heard nothing of
// the flood (which the watcher has seen the end of).
func (f *floodFixture) quiet(t *testing.T) {
	t.Helper()
	select {
	case m := <-f.bystander.got:
		t.Errorf("the bystander of another design received %+v", m)
	default:
	}
}

func selectMsg(i int) map[string]string {
	return map[string]string{"type": "select", "selected": fmt.Sprintf("r%d", i)}
}

// A viewer that sends 50 selections at once is not disconnected, but the
// others receive at most one selection a 1/SelectRate: the first, and
// then only the latest.
func TestSelectFloodIsCoalesced(t *testing.T) {
	const rate = 4
	f := newFloodFixture(t, live.Options{SelectRate: rate})
	fl := f.flooder(t)
	const selects = 50
	start := time.Now()
	for i := range selects {
		if err := fl.conn.WriteJSON(selectMsg(i)); err != nil {
			t.Fatal(err)
		}
	}
	last := fmt.Sprintf("r%d", selects-1)
	got := f.watcher.await(t, f.watched, "the watcher sees the last selection", func(r roster) bool {
		v, _ := r.user("flooder")
		return v.Selected == last
	})
	// The limiter's bound: a burst of one, then one per 1/rate.
	if bound := 1 + int(time.Since(start).Seconds()*rate); got > bound {
		t.Errorf("the watcher received %d presence messages for %d selections; want at most %d", got, selects, bound)
	}
	f.quiet(t)
	select {
	case err := <-fl.errc:
		t.Errorf("the flooder was disconnected: %v", err)
	default:
	}
}

// A gross flood (1,000 messages at once) ends the connection with 1008;
// the others see a bounded number of selections, then the flooder leave.
func TestGrossFloodDisconnects(t *testing.T) {
	const rate = 4
	f := newFloodFixture(t, live.Options{SelectRate: rate})
	fl := f.flooder(t)
	start := time.Now()
	for i := range 1000 {
		if fl.conn.WriteJSON(selectMsg(i)) != nil {
			break // the server closed it
		}
	}
	select {
	case err := <-fl.errc:
		if !websocket.IsCloseError(err, websocket.ClosePolicyViolation) {
			t.Errorf("the flooder's connection ended with %v; want close 1008 (policy violation)", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the flooder is still connected")
	}
	got := f.watcher.await(t, f.watched, "the watcher sees the flooder leave", func(r roster) bool { _, ok := r.user("flooder"); return !ok })
	if bound := 2 + int(time.Since(start).Seconds()*rate); got > bound {
		t.Errorf("the watcher received %d presence messages for the flood; want at most %d", got, bound)
	}
	f.quiet(t)
}
