-- Signing in with a new provider whose verified address an existing account already has is
-- answered with the merge flow, not with a second account: that check looks identities up by
-- verified address, case-insensitively.
CREATE INDEX user_identities_verified_email_idx ON user_identities (lower(email)) WHERE email_verified;
