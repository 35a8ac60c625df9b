-- TOTP (RFC 6238) second factor: one authenticator per user. The shared secret is stored
-- AES-GCM encrypted (never in clear); confirmed_at is null while an enrolment awaits its first code.
-- last_used_step makes each time step's code usable once; failed_attempts counts wrong codes
-- since failures_since, for the per-user lock-out.
CREATE TABLE user_totp (
    user_id          uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret           bytea       NOT NULL,
    created_at       timestamptz NOT NULL,
    confirmed_at     timestamptz,
    last_used_step   bigint,
    failed_attempts  integer     NOT NULL DEFAULT 0,
    failures_since   timestamptz
);

-- Single-use recovery codes: only the SHA-256 of each code is stored.
CREATE TABLE user_recovery_codes (
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (user_id, code_hash),
    CONSTRAINT user_recovery_codes_hash_length CHECK (octet_length(code_hash) = 32)
);
