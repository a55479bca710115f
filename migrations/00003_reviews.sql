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

-- A review asks for verdicts on the changes since a base version; each
-- reviewer's latest verdict counts, with the version it was given at.
CREATE TABLE reviews (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    design_id    text NOT NULL REFERENCES designs (id),
    base_version bigint NOT NULL,
    base_name    text NOT NULL DEFAULT '',
    requested_by text NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    note         text NOT NULL DEFAULT ''
);
CREATE INDEX reviews_design ON reviews (design_id, id DESC);
CREATE TABLE review_verdicts (
    review_id bigint NOT NULL REFERENCES reviews (id),
    reviewer  text NOT NULL,
    verdict   text NOT NULL CHECK (verdict IN ('approve', 'request_changes')),
    version   bigint NOT NULL,
    comment   text NOT NULL DEFAULT '',
    at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (review_id, reviewer)
);

-- +goose Down
DROP TABLE review_verdicts;
DROP TABLE reviews;
DROP INDEX comments_design;
ALTER TABLE comments DROP COLUMN resolved_at;
ALTER TABLE comments DROP COLUMN resolved_by;
DROP TABLE version_names;
