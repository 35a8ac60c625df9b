-- The signing keys of the database key store (NEXUS_TOKEN_KEY_STORE=database). Every node reloads
-- them every few seconds. A key's status is not stored: it follows from the instants below and the
-- clock, so that every node switches to a new key at the same moment without anyone writing:
--   next:     activates_at in the future (published in the JWKS, verifies, does not sign yet)
--   active:   the newest key whose activates_at has come and that has its private key: it signs
--   previous: activated earlier, superseded; verifies until retired
--   retired:  retired_at set; neither verifies nor is published, and its private key is erased
-- private_key: the private JWK, encrypted with AES-256-GCM under the key-encryption key
-- (NEXUS_TOKEN_KEY_ENCRYPTION_KEY): a version byte, the 96-bit nonce, the ciphertext and the tag,
-- with the kid as associated data. NULL for a key that never signs here (a verifying key imported
-- from the configured set) and for a retired key.
-- kek_id: which key-encryption key encrypted it (a fingerprint, not the key), to tell a node with
-- the wrong one apart from damaged data.
CREATE TABLE signing_keys (
    kid          text PRIMARY KEY,
    public_jwk   jsonb       NOT NULL,
    private_key  bytea,
    kek_id       text,
    origin       text        NOT NULL CHECK (origin IN ('generated', 'imported')),
    created_at   timestamptz NOT NULL,
    activates_at timestamptz NOT NULL,
    retired_at   timestamptz,
    CHECK (retired_at IS NULL OR private_key IS NULL),
    CHECK ((private_key IS NULL) = (kek_id IS NULL)),
    CHECK (public_jwk ->> 'd' IS NULL)
);
