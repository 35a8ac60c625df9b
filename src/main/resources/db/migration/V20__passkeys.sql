-- WebAuthn passkeys (discoverable credentials). The attested credential data (AAGUID, credential
-- id and COSE public key) is kept as the authenticator sent it, for webauthn4j to read back.
-- user_handle is the WebAuthn user.id given at registration: the user's id as 16 bytes; a sign-in
-- checks the handle the authenticator returns against the credential's owner.
-- counter_regressed_at marks a passkey whose signature counter went backwards (a possible clone).
CREATE TABLE passkeys (
    id                         uuid PRIMARY KEY,
    user_id                    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id              bytea       NOT NULL UNIQUE,
    user_handle                bytea       NOT NULL,
    attested_credential_data   bytea       NOT NULL,
    sign_count                 bigint      NOT NULL,
    uv_initialized             boolean     NOT NULL,
    backup_eligible            boolean     NOT NULL,
    backed_up                  boolean     NOT NULL,
    aaguid                     uuid,
    transports                 text        NOT NULL DEFAULT '',
    name                       text        NOT NULL,
    created_at                 timestamptz NOT NULL,
    last_used_at               timestamptz,
    counter_regressed_at       timestamptz,
    CONSTRAINT passkeys_credential_id_length CHECK (octet_length(credential_id) BETWEEN 16 AND 1023),
    CONSTRAINT passkeys_name_length CHECK (char_length(name) BETWEEN 1 AND 64)
);

CREATE INDEX passkeys_user ON passkeys (user_id);

-- Challenges handed out by the options endpoints, until their answer or expiry. The browser holds
-- a random handle in a cookie; only its SHA-256 is stored. An answer deletes the row (single use,
-- on any node), whatever its outcome.
CREATE TABLE passkey_challenges (
    handle_hash  bytea       PRIMARY KEY,
    challenge    bytea       NOT NULL,
    purpose      text        NOT NULL,
    user_id      uuid REFERENCES users (id) ON DELETE CASCADE,
    session_id   uuid,
    expires_at   timestamptz NOT NULL,
    CONSTRAINT passkey_challenges_purpose CHECK (purpose IN ('register', 'sign_in', 'step_up')),
    CONSTRAINT passkey_challenges_hash_length CHECK (octet_length(handle_hash) = 32)
);

CREATE INDEX passkey_challenges_expiry ON passkey_challenges (expires_at);
