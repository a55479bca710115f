package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Presence is one viewer of a design, as every replica reads it: a row of
// the presence table.
type Presence struct {
	DesignID  string
	Key       string // the viewer's connection, unique among all replicas
	Replica   string // the server process the viewer is connected to
	Name      string
	Selection string
}

// PresenceEvent is the payload of a presence notification: which viewer
// of the design changed, and how. It is small whatever the number of
// viewers; what the viewer is now is read from the table.
type PresenceEvent struct {
	Kind string `json:"kind"` // PresenceJoin, PresenceSelect or PresenceLeave
	Key  string `json:"key"`
}

// Presence event kinds.
const (
	PresenceJoin   = "join"
	PresenceSelect = "select"
	PresenceLeave  = "leave"
)

// PresenceChannel returns the NOTIFY channel of a design's presence; its
// payloads are PresenceEvents.
func PresenceChannel(designID string) string { return "presence_" + designID }

func presenceNote(kind, key string) string {
	b, _ := json.Marshal(PresenceEvent{Kind: kind, Key: key})
	return string(b)
}

// The statements below change a row and NOTIFY in one statement: the
// notification goes at commit, and only if a row changed.
const joinPresence = `WITH p AS (
	INSERT INTO presence (design_id, viewer_key, replica, name, selection) VALUES ($1, $2, $3, $4, $5)
	ON CONFLICT (design_id, viewer_key) DO UPDATE
	SET replica = excluded.replica, name = excluded.name, selection = excluded.selection, updated_at = now()
	RETURNING 1)
SELECT count(pg_notify($6, $7)) FROM p`

// JoinPresence records a viewer of a design and tells the design's
// viewers.
func (s *Store) JoinPresence(ctx context.Context, p Presence) error {
	_, err := s.pool.Exec(ctx, joinPresence, p.DesignID, p.Key, p.Replica, p.Name, p.Selection,
		PresenceChannel(p.DesignID), presenceNote(PresenceJoin, p.Key))
	if err != nil {
		return fmt.Errorf("store: join presence of %s: %w", p.DesignID, err)
	}
	return nil
}

const selectPresence = `WITH p AS (
	UPDATE presence SET selection = $3, updated_at = now() WHERE design_id = $1 AND viewer_key = $2 RETURNING 1)
SELECT count(pg_notify($4, $5)) FROM p`

// SelectPresence records what a viewer of a design has selected and tells
// the design's viewers; a viewer that left stays gone.
func (s *Store) SelectPresence(ctx context.Context, designID, key, selection string) error {
	_, err := s.pool.Exec(ctx, selectPresence, designID, key, selection,
		PresenceChannel(designID), presenceNote(PresenceSelect, key))
	if err != nil {
		return fmt.Errorf("store: select presence of %s: %w", designID, err)
	}
	return nil
}

const leavePresence = `WITH p AS (
	DELETE FROM presence WHERE design_id = $1 AND viewer_key = $2 RETURNING 1)
SELECT count(pg_notify($3, $4)) FROM p`

// LeavePresence forgets a viewer of a design and tells the design's
// viewers.
func (s *Store) LeavePresence(ctx context.Context, designID, key string) error {
	_, err := s.pool.Exec(ctx, leavePresence, designID, key, PresenceChannel(designID), presenceNote(PresenceLeave, key))
	if err != nil {
		return fmt.Errorf("store: leave presence of %s: %w", designID, err)
	}
	return nil
}

const listPresence = `SELECT design_id, viewer_key, replica, name, selection FROM presence
WHERE design_id = $1 AND ($2::text[] IS NULL OR viewer_key = ANY ($2)) ORDER BY viewer_key`

// Presences returns the viewers of a design with the given keys (nil: all
// of them), by key; a key that left is missing.
func (s *Store) Presences(ctx context.Context, designID string, keys []string) ([]Presence, error) {
	rows, err := s.pool.Query(ctx, listPresence, designID, keys)
	if err != nil {
		return nil, fmt.Errorf("store: presence of %s: %w", designID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Presence])
	if err != nil {
		return nil, fmt.Errorf("store: presence of %s: %w", designID, err)
	}
	return out, nil
}

// refreshPresence writes the rows again: those another replica expired
// (this one could not refresh them for a while) come back, and their
// designs hear them join.
const refreshPresence = `WITH p AS (
	INSERT INTO presence (design_id, viewer_key, replica, name, selection)
	SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
	ON CONFLICT (design_id, viewer_key) DO UPDATE SET updated_at = now()
	RETURNING design_id, viewer_key, xmax = 0 AS inserted)
SELECT count(pg_notify($6 || design_id, json_build_object('kind', $7::text, 'key', viewer_key)::text)) FROM p WHERE inserted`

// RefreshPresence keeps a replica's viewers from expiring: a heartbeat.
func (s *Store) RefreshPresence(ctx context.Context, ps []Presence) error {
	if len(ps) == 0 {
		return nil
	}
	cols := make([][]string, 5)
	for _, p := range ps {
		for i, v := range []string{p.DesignID, p.Key, p.Replica, p.Name, p.Selection} {
			cols[i] = append(cols[i], v)
		}
	}
	_, err := s.pool.Exec(ctx, refreshPresence, cols[0], cols[1], cols[2], cols[3], cols[4], PresenceChannel(""), PresenceJoin)
	if err != nil {
		return fmt.Errorf("store: refresh presence: %w", err)
	}
	return nil
}

const expirePresence = `WITH p AS (
	DELETE FROM presence WHERE updated_at < now() - $1::interval RETURNING design_id, viewer_key)
SELECT count(pg_notify($2 || design_id, json_build_object('kind', $3::text, 'key', viewer_key)::text)) FROM p`

// ExpirePresence forgets the viewers, of every replica, not refreshed for
// age (their replica died), tells their designs, and returns how many.
func (s *Store) ExpirePresence(ctx context.Context, age time.Duration) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, expirePresence, age, PresenceChannel(""), PresenceLeave).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: expire presence: %w", err)
	}
	return n, nil
}

const leaveReplica = `WITH p AS (
	DELETE FROM presence WHERE replica = $1 RETURNING design_id, viewer_key)
SELECT count(pg_notify($2 || design_id, json_build_object('kind', $3::text, 'key', viewer_key)::text)) FROM p`

// LeaveReplica forgets every viewer of a replica (it is stopping) and
// tells their designs.
func (s *Store) LeaveReplica(ctx context.Context, replica string) error {
	if _, err := s.pool.Exec(ctx, leaveReplica, replica, PresenceChannel(""), PresenceLeave); err != nil {
		return fmt.Errorf("store: leave presence of replica %s: %w", replica, err)
	}
	return nil
}
