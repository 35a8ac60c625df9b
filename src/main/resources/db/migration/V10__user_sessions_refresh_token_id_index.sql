-- user_sessions.refresh_token_id references refresh_tokens(id) ON DELETE SET NULL. Without an index
-- every deleted refresh token (clean-up, a session's deletion cascading to its tokens) makes
-- PostgreSQL scan all of user_sessions for rows to update: hundreds of milliseconds per row once
-- the table holds millions. With it, a deleted token costs one index probe.
--
-- Built CONCURRENTLY so that a live deployment keeps signing in and refreshing while it is built:
-- that cannot run inside a transaction, so this script runs outside one (see the .conf file beside
-- it). A concurrent build that fails leaves an INVALID index behind; dropping any such leftover
-- first makes the script safe to run again after `flyway repair`.
DROP INDEX CONCURRENTLY IF EXISTS user_sessions_refresh_token_id_idx;
CREATE INDEX CONCURRENTLY user_sessions_refresh_token_id_idx ON user_sessions (refresh_token_id);
