-- Reviews: names of versions ("approved 2026-11-30"), and comments that
-- can be resolved and reopened by whom and when.

-- +goose Up
CREATE TABLE version_names (
    design_id  text NOT NULL REFERENCES designs (id),
    name       text NOT NULL,
    version    bigint NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (design_id, name)
);
ALTER TABLE comments ADD COLUMN resolved_by text NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN resolved_at timestamptz;
CREATE INDEX comments_design ON comments (design_id, id);

-- +goose Down
DROP INDEX comments_design;
ALTER TABLE comments DROP COLUMN resolved_at;
ALTER TABLE comments DROP COLUMN resolved_by;
DROP TABLE version_names;
