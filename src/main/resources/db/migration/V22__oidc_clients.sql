-- The OpenID Provider's clients registered at run time (RFC 7591); those of the settings are never
-- stored. metadata is the registered client metadata as the registration response gave it, without
-- credentials. Secrets and registration access tokens are Nexus's own 256-bit random values: only
-- their SHA-256 (base64url) is kept, since a fast hash of a value that long cannot be guessed back.
CREATE TABLE oidc_clients (
    client_id                text        PRIMARY KEY,
    secret_hash              text,
    registration_token_hash  text        NOT NULL,
    metadata                 jsonb       NOT NULL,
    issued_at                timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    CONSTRAINT oidc_clients_client_id_shape CHECK (client_id ~ '^[A-Za-z0-9._~-]{1,100}$'),
    CONSTRAINT oidc_clients_secret_hash_length CHECK (secret_hash IS NULL OR char_length(secret_hash) = 43),
    CONSTRAINT oidc_clients_registration_token_hash_length CHECK (char_length(registration_token_hash) = 43),
    CONSTRAINT oidc_clients_metadata_object CHECK (jsonb_typeof(metadata) = 'object')
);
