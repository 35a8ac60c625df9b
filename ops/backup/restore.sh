#!/usr/bin/env bash
# Nexus IAM restore: streams a dump that backup.sh stored in the restic repository into a
# PostgreSQL database with pg_restore, then verifies the result (Flyway history, row counts).
# Settings and runbook: docs/operations/backup.md.
#
# Exit codes: 0 restored and verified; 1 failed (the target is left as it was); 2 usage or
# configuration error; 3 refused: the target database is not empty (see --force).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
source "$here/common.sh"
LOG_COMPONENT=nexus-restore

usage() {
	cat <<'EOF'
Usage: restore.sh [--snapshot ID] [--database NAME] [--force] [--owner ROLE]

  --snapshot ID    the restic snapshot to restore (default: latest, of NEXUS_BACKUP_HOST's backups)
  --database NAME  the database to restore into, on the server of NEXUS_BACKUP_DATABASE_URL or
                   the PG* variables (default: a new one, nexus_iam_restore_<UTC date and time>)
  --force          replace NAME even if it holds tables: the dump is restored into a new database
                   first and verified; only then is NAME dropped (its connections are ended) and
                   the new database renamed to NAME
  --owner ROLE     create the database and its objects as ROLE (the service's database user);
                   default: the user this script connects as

The target is refused (exit 3) when it exists and holds tables, unless --force is given.
EOF
}

snapshot=latest
target=""
force=false
owner=""
while (($#)); do
	case $1 in
	--snapshot | --database | --owner)
		if (($# < 2)); then usage >&2; exit 2; fi
		case $1 in
		--snapshot) snapshot=$2 ;;
		--database) target=$2 ;;
		--owner) owner=$2 ;;
		esac
		shift 2
		;;
	--force) force=true; shift ;;
	-h | --help) usage; exit 0 ;;
	*) log error "unknown argument" "argument=$1"; usage >&2; exit 2 ;;
	esac
done

load_common_configuration || exit 2
require_commands restic pg_restore psql || exit 2
target=${target:-nexus_iam_restore_$(date -u +%Y%m%d_%H%M%S)}
if ! valid_database_name "$target"; then
	log error "not a database name this script accepts (letters, digits, _ and -)" "database=$target"
	exit 2
fi
if [[ -n $owner ]] && ! valid_database_name "$owner"; then
	log error "not a role name this script accepts (letters, digits, _ and -)" "owner=$owner"
	exit 2
fi
if [[ $snapshot != latest && ! $snapshot =~ ^[0-9a-f]{8,64}$ ]]; then
	log error "a snapshot is latest or a restic snapshot id" "snapshot=$snapshot"
	exit 2
fi
admin=$(conninfo "${NEXUS_RESTORE_MAINTENANCE_DATABASE:-postgres}")

# --- where to restore ------------------------------------------------------------------------

exists=$(run_psql "$admin" -v name="$target" <<<"SELECT count(*) FROM pg_database WHERE datname = :'name'")
relations=0
if ((exists == 1)); then
	relations=$(run_psql "$(conninfo "$target")" <<<"SELECT count(*) FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
		AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'")
fi
if ((relations > 0)) && [[ $force != true ]]; then
	log error "refusing to restore into a database that is not empty; use --force to replace it" \
		"database=$target" "relations=$relations"
	exit 3
fi

# --- which snapshot --------------------------------------------------------------------------

if [[ $snapshot == latest ]]; then
	listing=$(restic snapshots --json --latest 1 --host "$NEXUS_BACKUP_HOST" --tag "${NEXUS_BACKUP_TAGS[0]}")
else
	listing=$(restic snapshots --json "$snapshot")
fi
snapshot_id=$(sed -nE 's/.*"id":"([0-9a-f]{64})".*/\1/p' <<<"$listing" | head -n 1)
snapshot_time=$(sed -nE 's/.*"time":"([^"]+)".*/\1/p' <<<"$listing" | head -n 1)
# when pg_dump's snapshot was taken (a tag of backup.sh since the restore epoch); empty for older backups
snapshot_taken_at=$(grep -oE "\"$NEXUS_BACKUP_SNAPSHOT_TAG[0-9T:.Z-]+\"" <<<"$listing" | head -n 1 | tr -d '"' || true)
snapshot_taken_at=${snapshot_taken_at#"$NEXUS_BACKUP_SNAPSHOT_TAG"}
if [[ -z $snapshot_id ]]; then
	log error "no such snapshot" "snapshot=$snapshot" "host=$NEXUS_BACKUP_HOST"
	exit 1
fi
log info "restoring" "snapshot=${snapshot_id:0:8}" "snapshot_time=$snapshot_time" \
	"snapshot_taken_at=${snapshot_taken_at:-unknown}" "database=$target"

into=$target      # the database pg_restore writes
created=""        # a database this run created, dropped again if the run fails
if ((relations > 0)); then
	into="${target:0:40}_restoring_$(date -u +%H%M%S)"
	log info "the database holds tables (--force): restoring into a new database first" "database=$target" "new=$into"
elif ((exists == 1)); then
	log info "the database exists and is empty: restoring into it" "database=$target"
fi

drop_created() {
	local status=$?
	if [[ -n $created ]]; then
		log warn "dropping the database this run created" "database=$created"
		run_psql "$admin" -v name="$created" <<<'DROP DATABASE IF EXISTS :"name" WITH (FORCE)' || true
	fi
	exit "$status"
}
trap drop_created EXIT

if [[ $into != "$target" || $exists == 0 ]]; then
	create='CREATE DATABASE :"name" TEMPLATE template0'
	if [[ -n $owner ]]; then create+=' OWNER :"owner"'; fi
	run_psql "$admin" -v name="$into" -v owner="$owner" <<<"$create"
	created=$into
fi

# --- the dump, streamed from restic into pg_restore ------------------------------------------

restore_args=(--no-owner --no-privileges --exit-on-error --single-transaction)
if [[ -n $owner ]]; then restore_args+=("--role=$owner"); fi
set +e
restic dump "$snapshot_id" "/$NEXUS_BACKUP_FILENAME" | pg_restore "${restore_args[@]}" --dbname="$(conninfo "$into")"
codes=("${PIPESTATUS[@]}")
set -e
if ((codes[0] != 0 || codes[1] != 0)); then
	log error "restore failed" "restic_exit_code=${codes[0]}" "pg_restore_exit_code=${codes[1]}" "database=$into"
	exit 1
fi

# --- verify ----------------------------------------------------------------------------------

connection=$(conninfo "$into")
if [[ $(run_psql "$connection" <<<"SELECT to_regclass('flyway_schema_history') IS NOT NULL") != t ]]; then
	log error "the restored database has no Flyway history: not a Nexus IAM dump?" "database=$into"
	exit 1
fi
IFS='|' read -r applied failed version < <(run_psql "$connection" <<<"SELECT
	count(*) FILTER (WHERE success), count(*) FILTER (WHERE NOT success),
	coalesce((SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL
		ORDER BY installed_rank DESC LIMIT 1), '-')
	FROM flyway_schema_history")
if ((applied == 0 || failed > 0)); then
	log error "the restored Flyway history is not clean" "applied=$applied" "failed=$failed" "database=$into"
	exit 1
fi
counts=$(run_psql "$connection" <<<"SELECT format('%I.%I', n.nspname, c.relname),
	(xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname),
		false, true, '')))[1]::text
	FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
	AND n.nspname NOT LIKE 'pg_toast%'
	ORDER BY 1")
log info "verified" "schema_version=$version" "migrations=$applied" "tables=$(wc -l <<<"$counts")"
printf '%-40s %12s\n' table rows
while IFS='|' read -r table rows; do
	printf '%-40s %12s\n' "$table" "$rows"
done <<<"$counts"

# --- the restore epoch -----------------------------------------------------------------------

# Everything revoked, ended or rotated after the backup is live again in the restored database.
# The epoch ends every session it still shows live (marked as a sign-out marks them), revokes their
# refresh tokens, makes the service refuse every access token issued before now, and seals the
# database, in one transaction, before the database takes the target's place. Without it the
# service refuses to start on this database (NEXUS_RESTORE_UNSEALED_DATABASE).
tokens_before=""
if [[ $(run_psql "$connection" <<<"SELECT to_regprocedure('seal_restored_database(text,timestamptz,text)') IS NOT NULL") != t ]]; then
	# a backup from before the epoch existed: end the sessions here; the service's migration seals it
	IFS='|' read -r sessions_ended tokens_ended < <(run_psql "$connection" <<<"WITH ended AS (
		UPDATE user_sessions SET revoked_at = clock_timestamp(), revoked_reason = 'restored_from_backup'
		 WHERE revoked_at IS NULL AND expires_at > clock_timestamp() RETURNING id
	), tokens AS (
		UPDATE refresh_tokens SET revoked_at = clock_timestamp()
		 WHERE revoked_at IS NULL AND session_id IN (SELECT id FROM ended) RETURNING 1
	) SELECT (SELECT count(*) FROM ended), (SELECT count(*) FROM tokens)")
	log warn "a backup from before the restore epoch: sessions ended, but access tokens issued before the restore stay valid until they expire" \
		"sessions_ended=$sessions_ended" "refresh_tokens_revoked=$tokens_ended"
else
	IFS='|' read -r sessions_ended tokens_ended tokens_before < <(run_psql "$connection" \
		-v snapshot="$snapshot_id" -v taken="$snapshot_taken_at" <<<"SELECT sessions_ended, refresh_tokens_ended,
		to_char(tokens_before AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
		FROM seal_restored_database(:'snapshot', CAST(NULLIF(:'taken', '') AS timestamptz), 'restore_script')")
	if [[ -z $tokens_before ]]; then
		log error "the restore epoch did not run" "database=$into"
		exit 1
	fi
	log info "restore epoch" "sessions_ended=$sessions_ended" "refresh_tokens_revoked=$tokens_ended" \
		"access_tokens_refused_if_issued_before=$tokens_before" "database=$into"
fi
signing_keys=$(run_psql "$connection" <<<"SELECT CASE WHEN to_regclass('signing_keys') IS NULL THEN 0 ELSE
	(xpath('/row/n/text()', query_to_xml('SELECT count(*) AS n FROM signing_keys WHERE retired_at IS NULL',
		false, true, '')))[1]::text::int END")
cat <<SUMMARY
Restore epoch (nothing revoked after the backup can come back):
  sessions live in the backup, now ended (restored_from_backup): ${sessions_ended}
  their refresh tokens, now revoked:                             ${tokens_ended}
  access tokens refused when issued before:                      ${tokens_before:-not cut off (a backup from before the epoch)}
  signing keys retired:                                          0 (${signing_keys} not retired in the database key store; see docs/operations/backup.md)
  journal entries replayed:                                      0 (no journal: the epoch ends all that the backup shows live)
SUMMARY

# --- replace the target ----------------------------------------------------------------------

if [[ $into != "$target" ]]; then
	log info "replacing the database with the restored one; its connections are ended" "database=$target"
	run_psql "$admin" -v name="$target" <<<'DROP DATABASE :"name" WITH (FORCE)'
	# from here on the restored database is the only copy: never drop it
	created=""
	if ! run_psql "$admin" -v from="$into" -v to="$target" <<<'ALTER DATABASE :"from" RENAME TO :"to"'; then
		log error "the old database is gone but the restored one could not be renamed: rename it by hand" \
			"restored=$into" "database=$target"
		exit 1
	fi
fi
created=""
log info "restore done" "snapshot=${snapshot_id:0:8}" "snapshot_time=$snapshot_time" \
	"snapshot_taken_at=${snapshot_taken_at:-unknown}" "database=$target" "sessions_ended=$sessions_ended"
