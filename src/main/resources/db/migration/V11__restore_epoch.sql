-- Restoring a backup (ops/backup/restore.sh). A backup is a dump taken while the service ran: once
-- restored, every session and refresh token revoked, ended or rotated after the dump is live again
-- in it, and the deny-list has lost what was recorded after it. The restore epoch closes that gap
-- by construction: it ends every session the restored database still shows live (by marking it,
-- as a sign-out does, so the rows stay the backup's rows) and refuses every access token issued
-- before the restore. See docs/operations/backup.md.

-- The seal: one row while this database is the service's own (created by this migration) or a
-- restore that went through the epoch. backup.sh dumps this table without its rows
-- (pg_dump --exclude-table-data), so a database restored from a backup by any means starts without
-- one, and the service refuses to start on it (nexus.restore.unsealed-database).
CREATE TABLE database_seal (
    only_row  boolean     PRIMARY KEY DEFAULT true CHECK (only_row),
    sealed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    how       text        NOT NULL CHECK (how IN ('created', 'restored', 'accepted'))
);
INSERT INTO database_seal (how) VALUES ('created');

-- One row per restore epoch. tokens_before: every access token issued before it is refused; the
-- restore's instant rounded up to the whole second, because a token's iat has whole seconds.
CREATE TABLE restore_epochs (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    restored_at          timestamptz NOT NULL,
    tokens_before        timestamptz NOT NULL,
    snapshot             text,
    snapshot_taken_at    timestamptz,
    sessions_ended       integer     NOT NULL,
    refresh_tokens_ended integer     NOT NULL,
    started_by           text        NOT NULL CHECK (started_by IN ('restore_script', 'service_start'))
);

-- The epoch itself, in one transaction, shared by restore.sh and the service's start-up
-- (nexus.restore.unsealed-database=seal) so that both do exactly the same. It is part of the
-- schema, so the restored database always carries the version that matches its tables.
--   p_snapshot:          the restic snapshot id, when known
--   p_snapshot_taken_at: when pg_dump's snapshot was taken, when known
--   p_started_by:        'restore_script' or 'service_start'
CREATE FUNCTION seal_restored_database(p_snapshot text, p_snapshot_taken_at timestamptz, p_started_by text)
    RETURNS TABLE (sessions_ended integer, refresh_tokens_ended integer, tokens_before timestamptz)
    LANGUAGE plpgsql
AS $$
DECLARE
    v_now      timestamptz := clock_timestamp();
    v_cutoff   timestamptz := date_trunc('second', clock_timestamp()) + interval '1 second';
    v_ended    uuid[];
    v_sessions integer;
    v_tokens   integer;
BEGIN
    -- one epoch at a time, also when several nodes start on the same unsealed database
    LOCK TABLE database_seal IN EXCLUSIVE MODE;
    -- sessions not past their end and not ended yet: ended as a sign-out ends one
    WITH ended AS (
        UPDATE user_sessions SET revoked_at = v_now, revoked_reason = 'restored_from_backup'
         WHERE revoked_at IS NULL AND expires_at > v_now
        RETURNING id
    )
    SELECT coalesce(array_agg(id), '{}') INTO v_ended FROM ended;
    v_sessions := cardinality(v_ended);
    -- and their refresh tokens, as ending a session does
    UPDATE refresh_tokens SET revoked_at = v_now WHERE revoked_at IS NULL AND session_id = ANY (v_ended);
    GET DIAGNOSTICS v_tokens = ROW_COUNT;
    INSERT INTO restore_epochs (restored_at, tokens_before, snapshot, snapshot_taken_at, sessions_ended,
                                refresh_tokens_ended, started_by)
    VALUES (v_now, v_cutoff, p_snapshot, p_snapshot_taken_at, v_sessions, v_tokens, p_started_by);
    INSERT INTO audit_events (occurred_at, type, details)
    VALUES (v_now, 'database_restored', jsonb_strip_nulls(jsonb_build_object(
        'snapshot', p_snapshot, 'snapshot_taken_at', p_snapshot_taken_at, 'sessions_ended', v_sessions,
        'refresh_tokens_ended', v_tokens, 'tokens_before', v_cutoff, 'started_by', p_started_by)));
    DELETE FROM database_seal;
    INSERT INTO database_seal (sealed_at, how) VALUES (v_now, 'restored');
    -- an access token's iat has whole seconds: a sign-in on the restored database within the
    -- cut-off's second would look issued before the restore. Nothing signs in before this returns,
    -- so wait (under a second) until the cut-off has passed.
    PERFORM pg_sleep(greatest(0, EXTRACT(epoch FROM v_cutoff - clock_timestamp())));
    RETURN QUERY SELECT v_sessions, v_tokens, v_cutoff;
END
$$;
