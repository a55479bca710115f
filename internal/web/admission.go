package web

import (
	"net/http"
	"strconv"
	"sync"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"github.com/labstack/echo/v4"
)

// admission bounds the expensive work running at once, in units of cost:
// at most limit units over all callers and perCaller units per caller (an
// account, or an address when anonymous), so that no one caller can take
// the whole server and the whole server cannot take more than it has.
// Work that does not fit is refused at once, not queued: a queue would
// hold the memory of every waiting request and hand the waiting to the
// next caller in line.
//
// A request is admitted with some units (admit) and may ask for more once
// it knows its size (raise); what it holds goes back when it ends
// (release). A request larger than a caller's share is cut to the share,
// so that it runs alone rather than never.
//
// It serves any route: the heavy middleware admits with the units the
// route last cost on the design (one at first) and leaves the ticket in
// the context for charge.
type admission struct {
	mu        sync.Mutex
	limit     int
	perCaller int
	used      int
	byCaller  map[string]int
	// costs remembers what requests of a route on a design were last
	// charged, so that the next are admitted with it before they load
	// anything: a refusal then costs nothing but the refusal.
	costs *simplelru.LRU[string, int]
}

// admissionCosts is how many routes and designs' costs are remembered.
const admissionCosts = 4096

func newAdmission(limit, perCaller int) *admission {
	costs, _ := simplelru.NewLRU[string, int](admissionCosts, nil)
	return &admission{limit: limit, perCaller: min(perCaller, limit), byCaller: map[string]int{}, costs: costs}
}

// cost returns the units last charged for key, or 1.
func (a *admission) cost(key string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	if n, ok := a.costs.Get(key); ok {
		return n
	}
	return 1
}

// learn remembers the units a request of key was charged.
func (a *admission) learn(key string, units int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.costs.Add(key, units)
}

// busyError is work refused for want of room: the caller's own share is
// full (429) or the server's (503).
type busyError struct {
	mine bool
}

func (e *busyError) Error() string {
	if e.mine {
		return "too much expensive work of yours is running: wait for it and try again"
	}
	return "the server is busy with expensive work: try again shortly"
}

// ticket is what one request holds.
type ticket struct {
	a      *admission
	caller string
	units  int
	key    string // its route and design, for learn
}

// admit reserves units for caller, or returns a *busyError.
func (a *admission) admit(caller string, units int) (*ticket, error) {
	t := &ticket{a: a, caller: caller}
	if err := t.raise(units); err != nil {
		return nil, err
	}
	return t, nil
}

// raise makes the ticket hold units in all (cut to the caller's share),
// or returns a *busyError and holds what it held.
func (t *ticket) raise(units int) error {
	a := t.a
	a.mu.Lock()
	defer a.mu.Unlock()
	more := min(units, a.perCaller) - t.units
	switch {
	case more <= 0:
		return nil
	case a.byCaller[t.caller]+more > a.perCaller:
		return &busyError{mine: true}
	case a.used+more > a.limit:
		return &busyError{}
	}
	a.used += more
	a.byCaller[t.caller] += more
	t.units += more
	return nil
}

// release gives back what the ticket holds.
func (t *ticket) release() {
	a := t.a
	a.mu.Lock()
	defer a.mu.Unlock()
	a.used -= t.units
	if a.byCaller[t.caller] -= t.units; a.byCaller[t.caller] <= 0 {
		delete(a.byCaller, t.caller)
	}
	t.units = 0
}

// busyRetryAfter is what a refused caller is told to wait, in seconds: about
// the time an expensive request takes.
const busyRetryAfter = 2

// heavy admits a request to expensive work with the units the last
// request of its route on its design was charged (one at first), refusing
// it with 429 or 503 and Retry-After when there is no room; the handler
// may charge more once it knows the request's size.
func (srv *Server) heavy(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		key := c.Path() + " " + c.Param("id")
		t, err := srv.admission.admit(callerKey(c), srv.admission.cost(key))
		if err != nil {
			return refuseBusy(c, err)
		}
		defer t.release()
		t.key = key
		c.Set(ticketKey, t)
		return next(c)
	}
}

const ticketKey = "admission"

// charge raises the request's admission to units in all, or returns the
// error that refuses it. A request that did not go through heavy is not
// counted.
func charge(c echo.Context, units int) error {
	t, ok := c.Get(ticketKey).(*ticket)
	if !ok {
		return nil
	}
	t.a.learn(t.key, units)
	if err := t.raise(units); err != nil {
		return refuseBusy(c, err)
	}
	return nil
}

func refuseBusy(c echo.Context, err error) error {
	c.Response().Header().Set("Retry-After", strconv.Itoa(busyRetryAfter))
	status := http.StatusServiceUnavailable
	if be, ok := err.(*busyError); ok && be.mine {
		status = http.StatusTooManyRequests
	}
	return apiErrorf(status, "busy", "", "%v", err)
}

// callerKey is who a request counts against in limits: its account, or
// its address when anonymous.
func callerKey(c echo.Context) string {
	if p := principalOf(c); p.user != nil {
		return "user:" + strconv.FormatInt(p.user.ID, 10)
	}
	return "addr:" + c.RealIP()
}
