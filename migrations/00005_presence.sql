-- Presence: who views which design, on which replica, with what selected.
-- Every replica reads it; a notification on presence_<design> says only
-- which viewer changed how ({"kind":"join","key":"..."}), so it fits in a
-- NOTIFY however many view the design. A replica refreshes its rows every
-- few seconds; rows not refreshed for a while (a replica that died) are
-- deleted by any replica. Unlogged: presence is rebuilt by the heartbeats
-- after a crash, and needs no WAL. No foreign key to designs: an edit locks
-- its design's row FOR UPDATE, which a key-share check would wait for.

-- +goose Up
CREATE UNLOGGED TABLE presence (
    design_id  text NOT NULL,
    viewer_key text NOT NULL,
    replica    text NOT NULL,
    name       text NOT NULL,
    selection  text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (design_id, viewer_key)
);
CREATE INDEX presence_updated ON presence (updated_at);

-- +goose Down
DROP TABLE presence;
