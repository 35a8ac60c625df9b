-- The OpenID Provider (authserver package): the authorizations it grants and the consents users give.
-- Every token is stored as its SHA-256 hash, never as its value; an authorization is read back by the
-- hash of the token a client presents.

CREATE TABLE oidc_authorizations (
    id                    text        PRIMARY KEY,
    registered_client_id  text        NOT NULL,
    principal_name        text        NOT NULL,
    grant_type            text        NOT NULL,
    authorized_scopes     text[]      NOT NULL DEFAULT '{}',
    -- the Nexus session the authorization was granted in (null for client credentials)
    user_id               uuid,
    session_id            uuid,
    amr                   text[],
    auth_time             timestamptz,
    -- the authorization request as the client made it (no secrets in it)
    request               jsonb,
    consent_state_hash    bytea,
    code_hash             bytea,
    code_issued_at        timestamptz,
    code_expires_at       timestamptz,
    code_invalidated      boolean     NOT NULL DEFAULT false,
    access_hash           bytea,
    access_jti            text,
    access_issued_at      timestamptz,
    access_expires_at     timestamptz,
    access_scopes         text[],
    access_claims         jsonb,
    access_invalidated    boolean     NOT NULL DEFAULT false,
    refresh_hash          bytea,
    refresh_issued_at     timestamptz,
    refresh_expires_at    timestamptz,
    refresh_invalidated   boolean     NOT NULL DEFAULT false,
    id_token_hash         bytea,
    id_token_issued_at    timestamptz,
    id_token_expires_at   timestamptz,
    id_token_claims       jsonb,
    id_token_invalidated  boolean     NOT NULL DEFAULT false,
    -- optimistic lock: two refreshes of one token never both rotate it
    version               bigint      NOT NULL DEFAULT 0,
    created_at            timestamptz NOT NULL,
    -- after this nothing of the authorization can be used: the clean-up deletes it
    expires_at            timestamptz NOT NULL
);

CREATE UNIQUE INDEX oidc_authorizations_code_hash ON oidc_authorizations (code_hash);
CREATE UNIQUE INDEX oidc_authorizations_access_hash ON oidc_authorizations (access_hash);
CREATE UNIQUE INDEX oidc_authorizations_refresh_hash ON oidc_authorizations (refresh_hash);
CREATE UNIQUE INDEX oidc_authorizations_id_token_hash ON oidc_authorizations (id_token_hash);
CREATE UNIQUE INDEX oidc_authorizations_consent_state_hash ON oidc_authorizations (consent_state_hash);
CREATE INDEX oidc_authorizations_session ON oidc_authorizations (session_id);
CREATE INDEX oidc_authorizations_expires_at ON oidc_authorizations (expires_at);

-- Refresh tokens already rotated: presenting one again is reuse, and ends its authorization.
CREATE TABLE oidc_spent_refresh_tokens (
    token_hash        bytea       PRIMARY KEY,
    authorization_id  text        NOT NULL REFERENCES oidc_authorizations (id) ON DELETE CASCADE,
    spent_at          timestamptz NOT NULL
);

CREATE INDEX oidc_spent_refresh_tokens_authorization ON oidc_spent_refresh_tokens (authorization_id);

-- What a user allowed a client (not first-party) to have: remembered until withdrawn on /account/applications.
CREATE TABLE oidc_consents (
    registered_client_id  text        NOT NULL,
    principal_name        text        NOT NULL,
    scopes                text[]      NOT NULL,
    granted_at            timestamptz NOT NULL,
    PRIMARY KEY (principal_name, registered_client_id)
);
