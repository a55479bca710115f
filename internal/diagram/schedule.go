package diagram

import (
	"container/list"
	"context"
	"sync"
)

// scheduler hands the workers' slots to renders fairly across tenants. A
// render waits in its tenant's queue; when a slot is free it goes to the
// waiting tenant with the fewest renders running, among equals to the one
// served least recently (a tenant new to the queue first), and never to a
// tenant already running perTenant renders. So one tenant's backlog
// delays another tenant's render by at most the render in progress, and
// with perTenant below the number of workers not even that.
type scheduler struct {
	mu        sync.Mutex
	free      []*process // free slots: an idle process, or nil for a worker to start
	tenants   map[string]*tenant
	grants    uint64 // slots handed out so far
	arrivals  uint64 // tickets queued so far
	waiting   int    // tickets queued now, all tenants
	perTenant int    // the most slots one tenant holds
	maxQueue  int    // the most tickets one tenant queues
}

// tenant is the scheduler's state of a tenant with renders waiting or
// running; it is forgotten when it has neither.
type tenant struct {
	name    string
	queue   *list.List // of *ticket, oldest first
	running int
	served  uint64 // the grant that last gave it a slot; 0: none yet
}

// ticket is one render waiting for a slot.
type ticket struct {
	tenant  *tenant
	arrival uint64
	elem    *list.Element // in tenant.queue; nil once granted
	slot    chan *process // receives the granted slot; buffered
}

func newScheduler(slots []*process, perTenant, maxQueue int) *scheduler {
	return &scheduler{free: slots, tenants: map[string]*tenant{}, perTenant: perTenant, maxQueue: maxQueue}
}

// acquire waits for a slot for a render of tenant name until ctx is done.
// It fails with ErrBusy at once when the tenant already has maxQueue
// renders waiting. The slot must go back through release with the tenant
// returned.
func (s *scheduler) acquire(ctx context.Context, name string) (*process, *tenant, error) {
	s.mu.Lock()
	t := s.tenants[name]
	if t == nil {
		t = &tenant{name: name, queue: list.New()}
		s.tenants[name] = t
	}
	if t.queue.Len() >= s.maxQueue {
		s.mu.Unlock()
		return nil, nil, ErrBusy
	}
	s.arrivals++
	tk := &ticket{tenant: t, arrival: s.arrivals, slot: make(chan *process, 1)}
	tk.elem = t.queue.PushBack(tk)
	s.waiting++
	s.dispatch()
	s.mu.Unlock()

	select {
	case p := <-tk.slot:
		return p, t, nil
	case <-ctx.Done():
	}
	s.mu.Lock()
	if tk.elem != nil {
		t.queue.Remove(tk.elem)
		s.waiting--
		s.forget(t)
		s.mu.Unlock()
		return nil, nil, ctx.Err()
	}
	s.mu.Unlock()
	s.release(t, <-tk.slot) // granted as ctx ended: pass it on
	return nil, nil, ctx.Err()
}

// release gives back a slot held by a render of t: p, a process that may
// render again, or nil for a worker to start.
func (s *scheduler) release(t *tenant, p *process) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t.running--
	s.free = append(s.free, p)
	s.forget(t)
	s.dispatch()
}

// dispatch hands free slots to waiting tickets. s.mu is held.
func (s *scheduler) dispatch() {
	for len(s.free) > 0 {
		var next *tenant
		for _, t := range s.tenants {
			if t.queue.Len() == 0 || t.running >= s.perTenant {
				continue
			}
			if next == nil || before(t, next) {
				next = t
			}
		}
		if next == nil {
			return
		}
		tk := next.queue.Remove(next.queue.Front()).(*ticket)
		tk.elem = nil
		s.waiting--
		next.running++
		s.grants++
		next.served = s.grants
		last := len(s.free) - 1
		tk.slot <- s.free[last]
		s.free = s.free[:last]
	}
}

// before reports whether tenant a is served before tenant b: fewer
// renders running, else served less recently, else waiting longer.
func before(a, b *tenant) bool {
	if a.running != b.running {
		return a.running < b.running
	}
	if a.served != b.served {
		return a.served < b.served
	}
	return a.queue.Front().Value.(*ticket).arrival < b.queue.Front().Value.(*ticket).arrival
}

// forget drops t when it has nothing waiting or running. s.mu is held.
func (s *scheduler) forget(t *tenant) {
	if t.queue.Len() == 0 && t.running == 0 {
		delete(s.tenants, t.name)
	}
}

// queued returns the number of renders waiting for a slot.
func (s *scheduler) queued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.waiting
}
