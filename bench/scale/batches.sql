-- One batch of each clean-up job, exactly as the service runs it (psql -v batch=500), each in a
-- transaction that is rolled back, so that the run can be repeated on the same data: EXPLAIN
-- (ANALYZE, BUFFERS) shows the plan, the rows and the time, the foreign-key triggers included
-- (a deleted refresh token sets user_sessions.refresh_token_id and its successors' parent_id to
-- NULL; a deleted session deletes its refresh tokens). The ids come as an array (= ANY (ARRAY(...)))
-- rather than IN (...): PostgreSQL then finds the rows to delete by primary key, where IN may
-- make it hash the batch and scan the whole table for it.
\set ON_ERROR_STOP on
\if :{?batch}
\else
\set batch 500
\endif
\pset pager off

\echo == session clean-up, revoked sessions (nexus.session.retention 30 days)
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
DELETE FROM user_sessions WHERE id = ANY (ARRAY(
  SELECT id FROM user_sessions
   WHERE revoked_at < now() - interval '30 days'
   ORDER BY revoked_at LIMIT :batch FOR UPDATE SKIP LOCKED));
ROLLBACK;

\echo == session clean-up, expired sessions
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
DELETE FROM user_sessions WHERE id = ANY (ARRAY(
  SELECT id FROM user_sessions
   WHERE expires_at < now() - interval '30 days'
   ORDER BY expires_at LIMIT :batch FOR UPDATE SKIP LOCKED));
ROLLBACK;

\echo == refresh-token clean-up
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
DELETE FROM refresh_tokens WHERE id = ANY (ARRAY(
  SELECT id FROM refresh_tokens WHERE expires_at < now() - interval '30 days'
   ORDER BY expires_at LIMIT :batch FOR UPDATE SKIP LOCKED));
ROLLBACK;

\echo == revocation clean-up (batches of 1000)
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
DELETE FROM revocations WHERE id = ANY
  (ARRAY(SELECT id FROM revocations WHERE expires_at < now() - interval '1 hour'
   ORDER BY expires_at LIMIT 1000 FOR UPDATE SKIP LOCKED));
ROLLBACK;

\echo == audit retention (nexus.audit.retention 365 days, batches of 1000)
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
DELETE FROM audit_events WHERE id = ANY (ARRAY(
  SELECT id FROM audit_events WHERE occurred_at < now() - interval '365 days'
   ORDER BY occurred_at LIMIT 1000 FOR UPDATE SKIP LOCKED));
ROLLBACK;

\echo == revocations loaded at start-up and by a rebuild, one page of 5000
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT id, kind, value, not_before, expires_at FROM revocations
 WHERE id > 0 AND expires_at > now() ORDER BY id LIMIT 5000;
