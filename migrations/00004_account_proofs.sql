-- Accounts prove who they are: an invitation is joined through its link's
-- secret (kept as a SHA-256 hash, expiring, single use, revocable), not by
-- whoever signs up first with the invited address; reviews know the
-- accounts that ask and answer, whatever credential they use; session
-- tokens are kept as SHA-256 hashes; sign-ins remember the addresses an
-- account signed in from, so that strangers' failures do not lock it there.

-- +goose Up
-- Invitations made before have no secret, so nobody could prove them:
-- they are withdrawn (owners invite again and pass on the link).
ALTER TABLE invitations DROP CONSTRAINT invitations_pkey;
ALTER TABLE invitations ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
ALTER TABLE invitations ADD COLUMN hash bytea UNIQUE;
ALTER TABLE invitations ADD COLUMN expires_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE invitations ALTER COLUMN expires_at DROP DEFAULT;
ALTER TABLE invitations ADD COLUMN accepted_at timestamptz;
ALTER TABLE invitations ADD COLUMN accepted_by bigint REFERENCES users (id);
ALTER TABLE invitations ADD COLUMN revoked_at timestamptz;
UPDATE invitations SET revoked_at = now();
-- At most one open invitation per team and address: inviting again
-- withdraws the earlier one.
CREATE UNIQUE INDEX invitations_open ON invitations (team, email) WHERE accepted_at IS NULL AND revoked_at IS NULL;

-- The accounts behind a review's requester and reviewers: one account has
-- one verdict, and cannot answer its own request.
ALTER TABLE reviews ADD COLUMN requester_id bigint REFERENCES users (id);
ALTER TABLE review_verdicts ADD COLUMN reviewer_id bigint REFERENCES users (id);
UPDATE reviews r SET requester_id = u.id FROM users u
    WHERE r.requested_by = u.email OR starts_with(r.requested_by, u.email || ' (token ');
UPDATE review_verdicts v SET reviewer_id = u.id FROM users u
    WHERE v.reviewer = u.email OR starts_with(v.reviewer, u.email || ' (token ');
DELETE FROM review_verdicts v USING reviews r WHERE r.id = v.review_id AND v.reviewer_id = r.requester_id;
DELETE FROM review_verdicts v USING review_verdicts w
    WHERE v.review_id = w.review_id AND v.reviewer_id = w.reviewer_id AND (v.at, v.reviewer) < (w.at, w.reviewer);
CREATE UNIQUE INDEX review_verdicts_account ON review_verdicts (review_id, reviewer_id);

-- scs's sessions are kept under the SHA-256 (hex) of their token; the
-- sessions of before go on under theirs.
UPDATE sessions SET token = encode(sha256(convert_to(token, 'UTF8')), 'hex');

-- The addresses each handle signed in from lately: the per-handle limit
-- on failed sign-ins does not apply to them.
CREATE TABLE sign_in_addresses (
    email text NOT NULL,
    addr  text NOT NULL,
    at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (email, addr)
);

-- +goose Down
DROP TABLE sign_in_addresses;
DELETE FROM sessions;
DROP INDEX review_verdicts_account;
ALTER TABLE review_verdicts DROP COLUMN reviewer_id;
ALTER TABLE reviews DROP COLUMN requester_id;
DELETE FROM invitations WHERE accepted_at IS NOT NULL OR revoked_at IS NOT NULL;
DROP INDEX invitations_open;
ALTER TABLE invitations DROP COLUMN revoked_at;
ALTER TABLE invitations DROP COLUMN accepted_by;
ALTER TABLE invitations DROP COLUMN accepted_at;
ALTER TABLE invitations DROP COLUMN expires_at;
ALTER TABLE invitations DROP COLUMN hash;
ALTER TABLE invitations DROP COLUMN id;
ALTER TABLE invitations ADD PRIMARY KEY (team, email);
