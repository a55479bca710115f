package store_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/internal/store/storetest"
)

// Presence rows and their notifications: each change NOTIFYs only the
// viewer's key and the kind; rows a replica stopped refreshing expire,
// and a refresh brings back a row that expired.
func TestPresence(t *testing.T) {
	s, dbURL := storetest.New(t)
	listen, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer listen.Close(ctx)
	const design = "d1"
	if _, err := listen.Exec(ctx, `LISTEN `+pgx.Identifier{store.PresenceChannel(design)}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	next := func(want store.PresenceEvent) {
		t.Helper()
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		n, err := listen.WaitForNotification(wctx)
		if err != nil {
			t.Fatalf("waiting for %+v: %v", want, err)
		}
		var got store.PresenceEvent
		if err := json.Unmarshal([]byte(n.Payload), &got); err != nil || got != want {
			t.Fatalf("notification %q (%v); want %+v", n.Payload, err, want)
		}
	}
	list := func(keys []string, want ...store.Presence) {
		t.Helper()
		got, err := s.Presences(ctx, design, keys)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
			t.Fatalf("Presences(%v) = %+v; want %+v", keys, got, want)
		}
	}
	a := store.Presence{DesignID: design, Key: "a", Replica: "r1", Name: "ana"}
	b := store.Presence{DesignID: design, Key: "b", Replica: "r2", Name: "bo"}
	for _, p := range []store.Presence{a, b} {
		if err := s.JoinPresence(ctx, p); err != nil {
			t.Fatal(err)
		}
		next(store.PresenceEvent{Kind: store.PresenceJoin, Key: p.Key})
	}
	if err := s.SelectPresence(ctx, design, "a", "app-a"); err != nil {
		t.Fatal(err)
	}
	next(store.PresenceEvent{Kind: store.PresenceSelect, Key: "a"})
	a.Selection = "app-a"
	list(nil, a, b)
	list([]string{"b", "gone"}, b)

	// r2 stops refreshing b; r1 refreshes a; b expires.
	if _, err := s.Pool().Exec(ctx, `UPDATE presence SET updated_at = now() - interval '1 minute'`); err != nil {
		t.Fatal(err)
	}
	if err := s.RefreshPresence(ctx, []store.Presence{a}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.ExpirePresence(ctx, 45*time.Second); err != nil || n != 1 {
		t.Fatalf("ExpirePresence = %d, %v; want 1 (b)", n, err)
	}
	next(store.PresenceEvent{Kind: store.PresenceLeave, Key: "b"})
	list(nil, a)

	// r2 comes back: its refresh writes b again, which joins.
	if err := s.RefreshPresence(ctx, []store.Presence{b}); err != nil {
		t.Fatal(err)
	}
	next(store.PresenceEvent{Kind: store.PresenceJoin, Key: "b"})
	list(nil, a, b)

	// A selection after leaving changes nothing and tells nobody.
	if err := s.LeavePresence(ctx, design, "a"); err != nil {
		t.Fatal(err)
	}
	next(store.PresenceEvent{Kind: store.PresenceLeave, Key: "a"})
	if err := s.SelectPresence(ctx, design, "a", "app-b"); err != nil {
		t.Fatal(err)
	}
	if err := s.LeavePresence(ctx, design, "b"); err != nil {
		t.Fatal(err)
	}
	next(store.PresenceEvent{Kind: store.PresenceLeave, Key: "b"}) // not a select of a
	list(nil)
}
