-- Access control: teams own designs; accounts sign in with sessions kept
-- here (alexedwards/scs's pgxstore layout); API tokens and share links are
-- stored as SHA-256 hashes only; failed sign-ins throttle; an audit trail
-- of account, membership, token and share-link events (edits are already
-- in revisions).

-- +goose Up
CREATE TABLE teams (
    id         text PRIMARY KEY,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Designs made before access control belong to the team "default", which
-- has no members: `server user add --team default --role owner` gives it one.
INSERT INTO teams (id, name) SELECT 'default', 'Default' WHERE EXISTS (SELECT 1 FROM designs);
ALTER TABLE designs ADD COLUMN team text REFERENCES teams (id);
UPDATE designs SET team = 'default';
ALTER TABLE designs ALTER COLUMN team SET NOT NULL;
CREATE INDEX designs_team ON designs (team, updated_at DESC) WHERE deleted_at IS NULL;

-- session_epoch grows on a password change or "sign out everywhere": a
-- session made under an older epoch is no longer valid.
ALTER TABLE users ADD COLUMN session_epoch bigint NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN disabled boolean NOT NULL DEFAULT false;

ALTER TABLE memberships ADD CONSTRAINT memberships_team_fkey FOREIGN KEY (team) REFERENCES teams (id);
CREATE INDEX memberships_team ON memberships (team);

-- An invitation of a handle that has no account yet: it becomes a
-- membership when that account is made.
CREATE TABLE invitations (
    team       text NOT NULL REFERENCES teams (id),
    email      text NOT NULL,
    role       text NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
    invited_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team, email)
);

CREATE TABLE api_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hash         bytea NOT NULL UNIQUE,
    user_id      bigint NOT NULL REFERENCES users (id),
    team         text NOT NULL REFERENCES teams (id),
    role         text NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
    name         text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE share_links (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hash       bytea NOT NULL UNIQUE,
    design_id  text NOT NULL REFERENCES designs (id),
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);
CREATE INDEX share_links_design ON share_links (design_id);

-- scs pgxstore's table.
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

CREATE TABLE login_failures (
    key text NOT NULL,
    at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE audit_events (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    actor     text NOT NULL,
    action    text NOT NULL,
    team      text NOT NULL DEFAULT '',
    design_id text NOT NULL DEFAULT '',
    detail    text NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_team ON audit_events (team, at DESC);

-- +goose Down
DROP TABLE audit_events;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE share_links;
DROP TABLE api_tokens;
DROP TABLE invitations;
DROP INDEX memberships_team;
ALTER TABLE memberships DROP CONSTRAINT memberships_team_fkey;
ALTER TABLE users DROP COLUMN disabled;
ALTER TABLE users DROP COLUMN session_epoch;
DROP INDEX designs_team;
ALTER TABLE designs DROP COLUMN team;
DROP TABLE teams;
