-- The first schema: designs, their revisions, and the tables later issues
-- fill (comments for reviews, users and memberships for access control).

-- +goose Up
CREATE TABLE designs (
    id         text PRIMARY KEY,
    name       text NOT NULL,
    owner      text NOT NULL DEFAULT '',
    version    bigint NOT NULL CHECK (version >= 1),
    document   jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE INDEX designs_live ON designs (updated_at DESC) WHERE deleted_at IS NULL;

-- One row per version: the ops that made it from the previous one, and
-- every snapshot_every versions (and at version 1) the whole document, so
-- that any version is a snapshot plus at most snapshot_every-1 batches of
-- ops (docs/server.md has the sizes behind the choice).
CREATE TABLE revisions (
    design_id  text NOT NULL REFERENCES designs (id),
    version    bigint NOT NULL CHECK (version >= 1),
    author     text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    summary    text NOT NULL,
    ops        jsonb NOT NULL,
    snapshot   jsonb,
    PRIMARY KEY (design_id, version)
);

-- The version that last changed (or deleted) each resource of a design:
-- an edit based on an older version conflicts only on the resources it
-- touches.
CREATE TABLE resource_versions (
    design_id   text NOT NULL REFERENCES designs (id),
    resource_id text NOT NULL,
    version     bigint NOT NULL,
    PRIMARY KEY (design_id, resource_id)
);

-- Reserved for the review issue.
CREATE TABLE comments (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    design_id  text NOT NULL REFERENCES designs (id),
    version    bigint NOT NULL,
    resource   text NOT NULL DEFAULT '',
    parent_id  bigint REFERENCES comments (id),
    author     text NOT NULL,
    body       text NOT NULL,
    resolved   boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Reserved for the access-control issue.
CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL UNIQUE,
    password_hash text NOT NULL DEFAULT '',
    admin         boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE memberships (
    user_id    bigint NOT NULL REFERENCES users (id),
    team       text NOT NULL,
    role       text NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, team)
);

-- +goose Down
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE comments;
DROP TABLE resource_versions;
DROP TABLE revisions;
DROP TABLE designs;
