package live

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/vpcboard/vpcboard/internal/store"
)

// Presence crosses replicas through the store's presence table: a viewer's
// replica writes its row (join, selection, leave) and NOTIFYs
// presence_<design> with only the viewer's key and the kind of change;
// every replica's room reads the rows that changed and tells its viewers
// that one viewer arrived, changed or left. A viewer that joins reads the
// whole list. Heartbeats keep a replica's rows; those of a replica that
// died expire.
const (
	presenceBeat = 15 * time.Second
	presenceTTL  = 45 * time.Second
)

// Limits on what a viewer sends: a connection that sends more than
// floodRate messages a second, after a burst of floodBurst, is closed (a
// browser sends one on a click).
const (
	floodRate  = 20
	floodBurst = 100
)

// presenceIn tells a design's room that a viewer changed (ev), or, with ev
// nil, that any may have.
func (h *Hub) presenceIn(id string, ev *store.PresenceEvent) {
	h.mu.Lock()
	r := h.rooms[id]
	h.mu.Unlock()
	if r == nil {
		return
	}
	r.mu.Lock()
	if ev == nil {
		r.stale = true
	} else {
		r.changed[ev.Key] = ev.Kind
	}
	r.mu.Unlock()
	r.presenceKick()
}

func (r *room) presenceKick() {
	select {
	case r.pkick <- struct{}{}:
	default:
	}
}

// presence tells the room's clients who views the design, as the store
// says, until the room closes.
func (r *room) presence() {
	for {
		select {
		case <-r.done:
			return
		case <-r.pkick:
		}
		r.passPresence()
	}
}

// passPresence reads the viewers that changed (all of them when a client
// joined or something may have been missed) and tells the clients that
// had the list what changed, and those that joined the whole list.
func (r *room) passPresence() {
	r.mu.Lock()
	changed, fresh, stale := r.changed, r.fresh, r.stale
	r.changed, r.fresh, r.stale = map[string]string{}, nil, false
	var told []*client
	for c := range r.clients {
		if c.hasList {
			told = append(told, c)
		}
	}
	r.mu.Unlock()
	if len(told) == 0 && len(fresh) == 0 {
		r.known = nil // nobody to tell: read whole for the next
		return
	}
	whole := stale || len(fresh) > 0 || r.known == nil
	var keys []string
	if !whole {
		for k, kind := range changed {
			if kind != store.PresenceLeave {
				keys = append(keys, k)
			}
		}
	}
	var rows []store.Presence
	if whole || len(keys) > 0 {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		var err error
		rows, err = r.h.store.Presences(ctx, r.id, keys)
		cancel()
		if err != nil {
			r.h.log.Warn("live: read presence", "design", r.id, "error", err.Error())
			r.mu.Lock()
			r.fresh = append(r.fresh, fresh...)
			r.stale = true
			r.mu.Unlock()
			time.AfterFunc(time.Second, r.presenceKick)
			return
		}
	}
	now := map[string]Viewer{}
	for _, p := range rows {
		now[p.Key] = Viewer{ID: p.Key, User: p.Name, Selected: p.Selection}
	}
	if r.known == nil {
		r.known = map[string]Viewer{}
	}
	deltas := map[string]*Viewer{}
	consider := changed
	if whole {
		consider = map[string]string{}
		for k := range r.known {
			consider[k] = ""
		}
		for k := range now {
			consider[k] = ""
		}
	}
	for k := range consider {
		v, here := now[k]
		old, had := r.known[k]
		switch {
		case !here && had:
			delete(r.known, k)
			deltas[k] = nil
		case here && (!had || old != v):
			r.known[k] = v
			deltas[k] = &v
		}
	}
	if len(deltas) > 0 {
		for _, c := range told {
			c.tellChanges(deltas)
		}
	}
	if len(fresh) > 0 {
		list := make([]Viewer, 0, len(r.known)) // not nil: an empty list is a list
		list = append(list, slices.SortedFunc(maps.Values(r.known), func(a, b Viewer) int { return strings.Compare(a.ID, b.ID) })...)
		for _, c := range fresh {
			c.tellList(list)
			c.hasList = true
		}
	}
}

// heartbeat refreshes this replica's presence rows, and deletes those of
// any replica not refreshed for presenceTTL, until ctx ends.
func (h *Hub) heartbeat(ctx context.Context) {
	t := time.NewTicker(presenceBeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		h.mu.Lock()
		rooms := slices.Collect(maps.Values(h.rooms))
		h.mu.Unlock()
		var rows []store.Presence
		for _, r := range rooms {
			r.mu.Lock()
			for c := range r.clients {
				if c.user != "" {
					rows = append(rows, c.presence())
				}
			}
			r.mu.Unlock()
		}
		if err := h.store.RefreshPresence(ctx, rows); err != nil && ctx.Err() == nil {
			h.log.Warn("live: refresh presence", "error", err.Error())
		}
		if _, err := h.store.ExpirePresence(ctx, presenceTTL); err != nil && ctx.Err() == nil {
			h.log.Warn("live: expire presence", "error", err.Error())
		}
	}
}
