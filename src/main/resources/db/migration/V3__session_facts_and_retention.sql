-- Where a session was started, as facts that "new device or location" alerts compare: the
-- location's country code (location keeps the display form), and the families of browser and OS
-- without their versions, so that a browser update is not a new device.
ALTER TABLE user_sessions ADD COLUMN country text;
ALTER TABLE user_sessions ADD COLUMN browser_family text;
ALTER TABLE user_sessions ADD COLUMN os_family text;

-- Clean-up deletes sessions that ended (revoked or expired) longer ago than the retention, and
-- refresh tokens that expired longer ago, oldest first and in small batches.
CREATE INDEX user_sessions_revoked_at_idx ON user_sessions (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX user_sessions_expires_at_idx ON user_sessions (expires_at);
CREATE INDEX refresh_tokens_expires_at_idx ON refresh_tokens (expires_at);

-- a sign-in compares itself with all of the user's sessions on record, ended ones included
CREATE INDEX user_sessions_user_id_idx ON user_sessions (user_id);
