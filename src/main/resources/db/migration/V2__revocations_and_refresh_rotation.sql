-- The access token issued together with each refresh token: a refresh retried inside the grace
-- window rebuilds exactly that token (same jti and iat) instead of minting another.
ALTER TABLE refresh_tokens ADD COLUMN access_jti text;
UPDATE refresh_tokens SET access_jti = gen_random_uuid()::text WHERE access_jti IS NULL;
ALTER TABLE refresh_tokens ALTER COLUMN access_jti SET NOT NULL;

-- The deny-list's source of truth. Redis and every node's memory hold copies rebuilt from here.
--   kind 'jti':     one access token (value = jti)
--   kind 'session': every access token of a session (value = sid)
--   kind 'user':    every access token of a user issued before not_before (value = user id)
-- expires_at: once passed, every token the entry covers has expired and the row can go.
CREATE TABLE revocations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('jti', 'session', 'user')),
    value       text        NOT NULL,
    not_before  timestamptz,
    expires_at  timestamptz NOT NULL,
    -- the database's clock, so that every node polls against one clock
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK ((kind = 'user') = (not_before IS NOT NULL))
);
-- nodes poll for what was recorded since their last poll; start-up loads what is still active;
-- clean-up deletes what expired
CREATE INDEX revocations_recorded_at_idx ON revocations (recorded_at);
CREATE INDEX revocations_expires_at_idx ON revocations (expires_at);
