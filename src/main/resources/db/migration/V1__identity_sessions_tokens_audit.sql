-- Users and the identities they sign in with. A user has one or more identities; an identity
-- (provider + subject) belongs to exactly one user.
CREATE TABLE users (
    id              uuid PRIMARY KEY,
    email           text,
    email_verified  boolean     NOT NULL DEFAULT false,
    display_name    text,
    locale          text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    last_sign_in_at timestamptz
);

CREATE TABLE user_identities (
    id              uuid PRIMARY KEY,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider        text        NOT NULL,
    subject         text        NOT NULL,
    email           text,
    email_verified  boolean     NOT NULL DEFAULT false,
    display_name    text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    last_sign_in_at timestamptz,
    CONSTRAINT user_identities_provider_subject_key UNIQUE (provider, subject)
);
-- the profile lists a user's identities
CREATE INDEX user_identities_user_id_idx ON user_identities (user_id);

-- One row per sign-in. refresh_token_id points at the newest refresh token of the session's family.
CREATE TABLE user_sessions (
    id               uuid PRIMARY KEY,
    user_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    refresh_token_id uuid,
    provider         text        NOT NULL,
    amr              text[]      NOT NULL DEFAULT '{}',
    device_type      text,
    browser          text,
    os               text,
    ip_address       inet,
    user_agent       text,
    location         text,
    created_at       timestamptz NOT NULL,
    last_activity_at timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    revoked_at       timestamptz,
    revoked_reason   text
);
-- a user's live sessions, newest activity first
CREATE INDEX user_sessions_user_id_live_idx ON user_sessions (user_id, last_activity_at DESC) WHERE revoked_at IS NULL;

-- Refresh tokens: only the SHA-256 of each token is stored. parent_id chains a family (a session).
CREATE TABLE refresh_tokens (
    id          uuid PRIMARY KEY,
    session_id  uuid        NOT NULL REFERENCES user_sessions (id) ON DELETE CASCADE,
    parent_id   uuid        REFERENCES refresh_tokens (id) ON DELETE SET NULL,
    token_hash  bytea       NOT NULL,
    issued_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    rotated_at  timestamptz,
    revoked_at  timestamptz,
    CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash),
    CONSTRAINT refresh_tokens_hash_length CHECK (octet_length(token_hash) = 32)
);
-- revoking a session revokes its tokens; the successor of a token is found by parent
CREATE INDEX refresh_tokens_session_id_idx ON refresh_tokens (session_id);
CREATE INDEX refresh_tokens_parent_id_idx ON refresh_tokens (parent_id);

ALTER TABLE user_sessions
    ADD CONSTRAINT user_sessions_refresh_token_id_fkey
    FOREIGN KEY (refresh_token_id) REFERENCES refresh_tokens (id) ON DELETE SET NULL;

-- The audit trail. No foreign keys: events outlive the users and sessions they describe.
CREATE TABLE audit_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    type        text        NOT NULL,
    user_id     uuid,
    session_id  uuid,
    ip_address  inet,
    user_agent  text,
    request_id  text,
    details     jsonb       NOT NULL DEFAULT '{}'
);
-- a user's history, newest first; and retention clean-up by age
CREATE INDEX audit_events_user_id_idx ON audit_events (user_id, occurred_at DESC) WHERE user_id IS NOT NULL;
CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at);
