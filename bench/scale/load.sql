-- Bulk-loads a year of production into a database the service has migrated (its first start ran
-- Flyway): per scale unit (psql -v scale=1) 1 million users with one identity each, 3 million
-- sessions over 30 days (300 k live), two refresh tokens per session (the current one and the one
-- it rotated), 5 million audit events over a year and a few days, and 100 k live plus 100 k expired
-- access-token revocations. Some rows of each kind are just past retention, so that every
-- clean-up job has work: sessions that ended 30 to 31 days ago, refresh tokens that expired more
-- than 30 days ago, audit events older than 365 days, revocations that expired over an hour ago.
--
-- As pg_restore does it: the keys, foreign keys and indexes of the loaded tables are dropped, the
-- rows are inserted with generate_series, then keys, foreign keys and indexes are built again from
-- their saved definitions, and the tables vacuumed and analysed.
\set ON_ERROR_STOP on
\if :{?scale}
\else
\set scale 1
\endif
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
SET client_min_messages = warning;

-- the definitions to build again, in order: keys, then foreign keys, then the other indexes
CREATE TEMP TABLE loaded (name regclass);
INSERT INTO loaded VALUES ('users'), ('user_identities'), ('user_sessions'), ('refresh_tokens'), ('audit_events'),
    ('revocations');
CREATE TEMP TABLE saved_ddl AS
SELECT 1 AS step, format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
        pg_get_constraintdef(c.oid)) AS create_ddl,
       format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop_ddl
  FROM pg_constraint c
 WHERE c.contype IN ('p', 'u') AND c.conrelid IN (SELECT name FROM loaded)
UNION ALL
SELECT 2, format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)),
       format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname)
  FROM pg_constraint c
 WHERE c.contype = 'f' AND (c.conrelid IN (SELECT name FROM loaded) OR c.confrelid IN (SELECT name FROM loaded))
UNION ALL
SELECT 3, pg_get_indexdef(i.indexrelid), format('DROP INDEX %s', i.indexrelid::regclass)
  FROM pg_index i
 WHERE i.indrelid IN (SELECT name FROM loaded)
   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid);

SELECT drop_ddl FROM saved_ddl ORDER BY step DESC \gexec
TRUNCATE users, user_identities, user_sessions, refresh_tokens, audit_events, revocations CASCADE;

\echo users and identities
INSERT INTO users (id, email, email_verified, display_name, locale, created_at, updated_at, last_sign_in_at)
SELECT gen_random_uuid(), 'user' || i || '@example.com', true, 'User ' || i, 'en',
       now() - interval '400 days' * random(), now() - interval '30 days' * random(), now() - interval '30 days' * random()
  FROM generate_series(1, 1000000 * :scale) AS i;
INSERT INTO user_identities (id, user_id, provider, subject, email, email_verified, display_name, created_at, updated_at,
                             last_sign_in_at)
SELECT gen_random_uuid(), id, 'google', 'sub-' || email, email, true, display_name, created_at, updated_at,
       last_sign_in_at
  FROM users;

\echo sessions
-- session n of 3 million: the first 300 k live, the next 100 k ended 30 to 31 days ago (due for
-- clean-up), the rest ended within the last 30 days, half revoked and half expired
CREATE TEMP TABLE user_ids AS SELECT row_number() OVER () AS n, id FROM users;
CREATE INDEX ON user_ids (n);
INSERT INTO user_sessions (id, user_id, provider, amr, device_type, browser, os, ip_address, user_agent, location,
                           created_at, last_activity_at, expires_at, revoked_at, revoked_reason, country,
                           browser_family, os_family, identity_id)
SELECT gen_random_uuid(), u.id, 'google', '{pwd}', 'desktop', 'Firefox 133', 'Linux', '192.0.2.1',
       'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Berlin, Germany',
       s.created, least(s.ended, now()) - interval '1 minute',
       CASE WHEN s.revoked THEN s.created + interval '30 days' ELSE s.ended END,
       CASE WHEN s.revoked THEN s.ended END, CASE WHEN s.revoked THEN 'signed_out' END,
       'DE', 'Firefox', 'Linux', NULL
  FROM (SELECT n, ended,
               CASE WHEN n <= 300000 * :scale THEN ended - interval '30 days'
                    ELSE ended - interval '1 day' - interval '20 days' * random() END AS created,
               n > 300000 * :scale AND n % 2 = 0 AS revoked
          FROM (SELECT n,
                       CASE WHEN n <= 300000 * :scale THEN now() + interval '1 day' + interval '28 days' * random()
                            WHEN n <= 400000 * :scale THEN now() - interval '30 days 1 hour' - interval '23 hours' * random()
                            ELSE now() - interval '30 days' * random() END AS ended
                  FROM generate_series(1, 3000000 * :scale) AS n) e) s
  JOIN user_ids u ON u.n = 1 + (s.n::bigint * 7919) % (1000000 * :scale);

\echo refresh tokens
-- the token each session was signed in with (rotated a day later) and its successor, the current one
INSERT INTO refresh_tokens (id, session_id, parent_id, token_hash, issued_at, expires_at, rotated_at, revoked_at,
                            access_jti)
SELECT gen_random_uuid(), id, NULL, sha256(uuid_send(id)), created_at, created_at + interval '7 days',
       created_at + (last_activity_at - created_at) / 2, revoked_at, gen_random_uuid()::text
  FROM user_sessions;
INSERT INTO refresh_tokens (id, session_id, parent_id, token_hash, issued_at, expires_at, rotated_at, revoked_at,
                            access_jti)
SELECT gen_random_uuid(), t.session_id, t.id, sha256(uuid_send(t.id)), t.rotated_at,
       least(t.rotated_at + interval '7 days', s.expires_at), NULL, s.revoked_at, gen_random_uuid()::text
  FROM refresh_tokens t JOIN user_sessions s ON s.id = t.session_id;
UPDATE user_sessions s SET refresh_token_id = t.id FROM refresh_tokens t WHERE t.session_id = s.id AND t.parent_id IS NOT NULL;

\echo audit events
INSERT INTO audit_events (occurred_at, type, user_id, session_id, ip_address, user_agent, request_id, details)
SELECT now() - interval '370 days' * random(), (ARRAY['signed_in', 'signed_out', 'token_refreshed', 'session_revoked'])[1 + i % 4],
       u.id, NULL, '192.0.2.1', 'Mozilla/5.0', 'req-' || i, '{"provider": "google"}'
  FROM generate_series(1, 5000000 * :scale) AS i
  JOIN user_ids u ON u.n = 1 + (i::bigint * 104729) % (1000000 * :scale);

\echo revocations
INSERT INTO revocations (kind, value, not_before, expires_at, recorded_at)
-- live for three to four hours (an access token's entry lives 16 minutes; longer here, so that they are
-- all still active when the benchmark's last instance starts)
SELECT 'jti', gen_random_uuid()::text, NULL, now() + interval '3 hours' + interval '1 hour' * random(),
       now() - interval '1 minute' * random()
  FROM generate_series(1, 100000 * :scale);
INSERT INTO revocations (kind, value, not_before, expires_at, recorded_at)
SELECT 'jti', gen_random_uuid()::text, NULL, now() - interval '2 hours' - interval '7 days' * random(),
       now() - interval '8 days'
  FROM generate_series(1, 100000 * :scale);

\echo keys, foreign keys and indexes
SELECT create_ddl FROM saved_ddl ORDER BY step \gexec
VACUUM (ANALYZE) users, user_identities, user_sessions, refresh_tokens, audit_events, revocations;
SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE relid IN (SELECT name FROM loaded) ORDER BY relname;
