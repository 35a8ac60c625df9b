#!/usr/bin/env bash
# Nexus IAM backup: a consistent pg_dump of the IAM database streamed into a restic repository,
# then retention (restic forget --prune) and, on the configured days, restic check. Publishes the
# outcome as metrics to VictoriaMetrics. Settings and runbook: docs/operations/backup.md.
#
# Exit codes: 0 done; 1 a step failed (a snapshot of a failed dump is discarded); 2 configuration
# error; 4 the backup is stored but its metrics could not be pushed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
source "$here/common.sh"
LOG_COMPONENT=nexus-backup

KEEP_DAILY=${NEXUS_BACKUP_KEEP_DAILY:-7}
KEEP_WEEKLY=${NEXUS_BACKUP_KEEP_WEEKLY:-4}
KEEP_MONTHLY=${NEXUS_BACKUP_KEEP_MONTHLY:-12}
# days of the week (1 = Monday … 7 = Sunday, comma-separated), always or never
CHECK_ON=${NEXUS_BACKUP_CHECK_ON:-7}
CHECK_READ_DATA_SUBSET=${NEXUS_BACKUP_CHECK_READ_DATA_SUBSET:-5%}
LOCK_WAIT_TIMEOUT=${NEXUS_BACKUP_LOCK_WAIT_TIMEOUT:-5min}
METRICS_URL=${NEXUS_BACKUP_METRICS_URL:-}
METRICS_JOB=${NEXUS_BACKUP_METRICS_JOB:-nexus-backup}
STATE_DIR=${NEXUS_BACKUP_STATE_DIR:-${XDG_STATE_HOME:-${HOME:-.}/.local/state}/nexus-backup}
INIT=${NEXUS_BACKUP_INIT:-false}

now_micros() { printf '%s' "${EPOCHREALTIME//[!0-9]/}"; }
started=$(now_micros)
work=""

# --- metrics ---------------------------------------------------------------------------------

label_value() {
	local value=${1//\\/\\\\}
	printf '%s' "${value//\"/\\\"}"
}

labels() {
	printf '{job="%s",instance="%s"}' "$(label_value "$METRICS_JOB")" "$(label_value "$NEXUS_BACKUP_HOST")"
}

failures_total() {
	local value
	value=$(cat "$STATE_DIR/failures_total" 2>/dev/null || true)
	[[ $value =~ ^[0-9]+$ ]] || value=0
	printf '%s' "$value"
}

# push_metrics < TEXT: Prometheus text format to VictoriaMetrics' import API; skipped when unset.
push_metrics() {
	if [[ -z $METRICS_URL ]]; then
		log info "metrics not pushed: NEXUS_BACKUP_METRICS_URL is not set"
		cat >/dev/null
		return 0
	fi
	if ! curl --fail --silent --show-error --max-time 30 --retry 3 --retry-delay 2 \
		--header 'Content-Type: text/plain; version=0.0.4' --data-binary @- "$METRICS_URL"; then
		log error "could not push the metrics" "url=$METRICS_URL"
		return 1
	fi
}

counter_lines() {
	local l=$1 failures=$2
	printf '# HELP nexus_backup_failures_total Backup runs that failed, as counted by this backup container.\n'
	printf '# TYPE nexus_backup_failures_total counter\n'
	printf 'nexus_backup_failures_total%s %s\n' "$l" "$failures"
}

record_failure() {
	local failures l now
	failures=$(( $(failures_total) + 1 ))
	if ! { mkdir -p "$STATE_DIR" && printf '%s\n' "$failures" >"$STATE_DIR/failures_total"; } 2>/dev/null; then
		log warn "cannot keep the failure count" "state_dir=$STATE_DIR"
	fi
	l=$(labels)
	now=$(date +%s)
	{
		printf '# HELP nexus_backup_last_failure_timestamp_seconds When the last backup run failed.\n'
		printf '# TYPE nexus_backup_last_failure_timestamp_seconds gauge\n'
		printf 'nexus_backup_last_failure_timestamp_seconds%s %s\n' "$l" "$now"
		counter_lines "$l" "$failures"
	} | push_metrics || true
}

record_success() {
	local size=$1 added=$2 l now duration
	l=$(labels)
	now=$(date +%s)
	duration=$(( $(now_micros) - started ))
	{
		printf '# HELP nexus_backup_last_success_timestamp_seconds When the last backup run succeeded.\n'
		printf '# TYPE nexus_backup_last_success_timestamp_seconds gauge\n'
		printf 'nexus_backup_last_success_timestamp_seconds%s %s\n' "$l" "$now"
		printf '# HELP nexus_backup_duration_seconds How long the last successful backup run took.\n'
		printf '# TYPE nexus_backup_duration_seconds gauge\n'
		printf 'nexus_backup_duration_seconds%s %d.%03d\n' "$l" $(( duration / 1000000 )) $(( duration % 1000000 / 1000 ))
		printf '# HELP nexus_backup_size_bytes Size of the last stored dump, before deduplication and compression.\n'
		printf '# TYPE nexus_backup_size_bytes gauge\n'
		printf 'nexus_backup_size_bytes%s %s\n' "$l" "$size"
		printf '# HELP nexus_backup_snapshot_timestamp_seconds When pg_dump took the database snapshot of the last successful backup: what a restore of it goes back to.\n'
		printf '# TYPE nexus_backup_snapshot_timestamp_seconds gauge\n'
		printf 'nexus_backup_snapshot_timestamp_seconds%s %s\n' "$l" "$snapshot_epoch"
		printf '# HELP nexus_backup_added_bytes Data the last backup added to the repository.\n'
		printf '# TYPE nexus_backup_added_bytes gauge\n'
		printf 'nexus_backup_added_bytes%s %s\n' "$l" "$added"
		counter_lines "$l" "$(failures_total)"
	} | push_metrics
}

on_exit() {
	local status=$?
	if [[ -n $work ]]; then rm -rf "$work"; fi
	if (( status != 0 && status != 4 )); then
		log error "backup failed" "exit_code=$status"
		record_failure
	fi
	exit "$status"
}
trap on_exit EXIT

# --- configuration ---------------------------------------------------------------------------

load_common_configuration || exit 2
require_commands pg_dump psql restic || exit 2
if [[ -n $METRICS_URL ]]; then require_commands curl || exit 2; fi
for setting in KEEP_DAILY KEEP_WEEKLY KEEP_MONTHLY; do
	if [[ ! ${!setting} =~ ^[0-9]+$ ]]; then
		log error "NEXUS_BACKUP_$setting must be a whole number" "value=${!setting}"
		exit 2
	fi
done
if [[ ! $CHECK_ON =~ ^(always|never|[1-7](,[1-7])*)$ ]]; then
	log error "NEXUS_BACKUP_CHECK_ON must be always, never or days 1-7 (Monday = 1), comma-separated" "value=$CHECK_ON"
	exit 2
fi
if [[ -z ${NEXUS_BACKUP_DATABASE_URL:-} && -z ${PGDATABASE:-} ]]; then
	log error "no database: set NEXUS_BACKUP_DATABASE_URL or the libpq variables (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD)"
	exit 2
fi
work=$(mktemp -d)
repository=$(printf '%s' "${RESTIC_REPOSITORY:-from RESTIC_REPOSITORY_FILE}" | sed -E 's#//[^/@]*@#//***@#')

# --- the database and the repository answer --------------------------------------------------

if ! database=$(run_psql "$(conninfo)" <<<'SELECT current_database()'); then
	log error "cannot connect to PostgreSQL"
	exit 1
fi
if ! restic cat config >/dev/null 2>"$work/open.err"; then
	if [[ $INIT != true ]]; then
		cat "$work/open.err" >&2
		log error "cannot open the restic repository (create it once with restic init, or set NEXUS_BACKUP_INIT=true)" \
			"repository=$repository"
		exit 1
	fi
	log info "no repository opened; creating one (NEXUS_BACKUP_INIT=true)" "repository=$repository"
	restic init >&2
fi
# removes only stale locks, left by a run that died
restic unlock --quiet >&2

# --- the snapshot: pg_dump reads one exported by a session of ours, so that its moment is known -

# The session takes the snapshot in its first statement and keeps it open until the dump is done.
# That statement's start (statement_timestamp) is just before the snapshot: everything committed
# before this moment is in the dump, nothing committed after the snapshot is.
coproc snapshot_session {
	psql --no-psqlrc --no-password --quiet --tuples-only --no-align --set ON_ERROR_STOP=1 --dbname "$(conninfo)" 2>&1
}
snapshot_in=${snapshot_session[1]}
snapshot_out=${snapshot_session[0]}
snapshot_pid=$snapshot_session_PID
printf '%s\n' 'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;' \
	"SELECT pg_export_snapshot() || ' ' || to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')
		|| ' ' || extract(epoch FROM statement_timestamp())::numeric(20, 6);" \
	>&"$snapshot_in"
if ! read -r -t 60 exported snapshot_taken_at snapshot_epoch <&"$snapshot_out" \
	|| [[ ! $snapshot_taken_at =~ ^[0-9T:.Z-]+$ || ! ${snapshot_epoch:-} =~ ^[0-9]+\.[0-9]+$ ]]; then
	log error "could not take the database snapshot" "output=${exported:-}"
	exit 1
fi
log info "database snapshot taken" "snapshot_taken_at=$snapshot_taken_at"
end_snapshot_session() {
	{ printf 'COMMIT;\n\\q\n' >&"$snapshot_in"; } 2>/dev/null || true
	wait "$snapshot_pid" 2>/dev/null || true
}

# --- dump, streamed into restic: no copy of the dump touches the disk ------------------------

# database_seal without its rows: a restore starts unsealed until restore.sh's epoch has run, so
# that the service refuses a database restored any other way (docs/operations/backup.md)
log info "backup started" "database=$database" "repository=$repository" "host=$NEXUS_BACKUP_HOST"
set +e
pg_dump --format=custom --compress=0 --no-password --lock-wait-timeout="$LOCK_WAIT_TIMEOUT" \
	--snapshot="$exported" --exclude-table-data=database_seal --dbname="$(conninfo)" \
	| restic backup --json --stdin --stdin-filename "$NEXUS_BACKUP_FILENAME" --host "$NEXUS_BACKUP_HOST" \
		--tag "${NEXUS_BACKUP_TAGS[0]}" --tag "${NEXUS_BACKUP_TAGS[1]}" \
		--tag "$NEXUS_BACKUP_SNAPSHOT_TAG$snapshot_taken_at" >"$work/backup.json"
codes=("${PIPESTATUS[@]}")
set -e
end_snapshot_session

summary=$(grep '"message_type":"summary"' "$work/backup.json" || true)
snapshot=$(sed -nE 's/.*"snapshot_id":"([0-9a-f]+)".*/\1/p' <<<"$summary")
size=$(sed -nE 's/.*"total_bytes_processed":([0-9]+).*/\1/p' <<<"$summary")
added=$(sed -nE 's/.*"data_added":([0-9]+).*/\1/p' <<<"$summary")

if (( codes[0] != 0 )); then
	# restic stores whatever arrived before pg_dump stopped: never keep a truncated dump
	log error "pg_dump failed" "exit_code=${codes[0]}"
	if [[ -n $snapshot ]]; then
		if restic forget "$snapshot" >&2; then
			log warn "discarded the snapshot of the incomplete dump" "snapshot=$snapshot"
		else
			log error "could not discard the snapshot of the incomplete dump: forget it by hand" "snapshot=$snapshot"
		fi
	fi
	exit 1
fi
if (( codes[1] != 0 )) || [[ -z $snapshot ]]; then
	log error "restic backup failed" "exit_code=${codes[1]}"
	exit 1
fi
log info "dump stored" "snapshot=$snapshot" "snapshot_taken_at=$snapshot_taken_at" "size_bytes=${size:-0}" "added_bytes=${added:-0}"

# --- retention -------------------------------------------------------------------------------

if ! restic forget --prune --host "$NEXUS_BACKUP_HOST" --tag "${NEXUS_BACKUP_TAGS[0]}" --group-by host \
	--keep-daily "$KEEP_DAILY" --keep-weekly "$KEEP_WEEKLY" --keep-monthly "$KEEP_MONTHLY" >&2; then
	log error "restic forget --prune failed"
	exit 1
fi
log info "retention applied" "keep_daily=$KEEP_DAILY" "keep_weekly=$KEEP_WEEKLY" "keep_monthly=$KEEP_MONTHLY"

# --- integrity check, on the configured days -------------------------------------------------

check_due() {
	case $CHECK_ON in
	always) return 0 ;;
	never) return 1 ;;
	*) [[ ,$CHECK_ON, == *,$(date +%u),* ]] ;;
	esac
}
if check_due; then
	check_args=()
	if [[ -n $CHECK_READ_DATA_SUBSET && $CHECK_READ_DATA_SUBSET != 0 ]]; then
		check_args+=("--read-data-subset=$CHECK_READ_DATA_SUBSET")
	fi
	log info "checking the repository" "read_data_subset=${CHECK_READ_DATA_SUBSET:-none}"
	if ! restic check "${check_args[@]}" >&2; then
		log error "restic check found a problem in the repository" "repository=$repository"
		exit 1
	fi
fi

# --- done ------------------------------------------------------------------------------------

if ! record_success "${size:-0}" "${added:-0}"; then
	log warn "backup done, metrics not pushed" "snapshot=$snapshot"
	exit 4
fi
log info "backup done" "snapshot=$snapshot" "snapshot_taken_at=$snapshot_taken_at" "database=$database"
