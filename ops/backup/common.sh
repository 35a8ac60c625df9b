# Shared by backup.sh and restore.sh (sourced, not run): logging, secrets from files, the
# PostgreSQL connection and the restic snapshot filter. See docs/operations/backup.md.

# restic's --host of every snapshot: fixed, so that retention groups survive a new container name
NEXUS_BACKUP_HOST=${NEXUS_BACKUP_HOST:-nexus-iam}
# the name of the dump inside each snapshot (restic backup --stdin-filename)
readonly NEXUS_BACKUP_FILENAME=nexus-iam.dump
readonly NEXUS_BACKUP_TAGS=(nexus-iam postgres)
# a third tag of each snapshot: this prefix and the UTC moment pg_dump's snapshot was taken (restic's
# own time is when restic started); retention groups by host only, so that it does not split on it
readonly NEXUS_BACKUP_SNAPSHOT_TAG=pg-snapshot-at=

# log LEVEL MESSAGE [key=value ...]: one logfmt line on standard error
log() {
	local level=$1 message=$2
	shift 2
	printf '%s level=%s component=%s msg="%s"%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$level" \
		"${LOG_COMPONENT:-nexus-backup}" "$message" "${*:+ $*}" >&2
}

# Reads VAR from the file named by VAR_FILE (Docker/Compose secrets, decrypted secret files) for
# each VAR given; setting both is a configuration error. Trailing newlines are dropped.
load_file_variables() {
	local name file
	for name in "$@"; do
		file="${name}_FILE"
		if [[ -n ${!file:-} ]]; then
			if [[ -n ${!name:-} ]]; then
				log error "both $name and $file are set; set one"
				return 2
			fi
			if [[ ! -r ${!file} ]]; then
				log error "cannot read $file" "path=${!file}"
				return 2
			fi
			printf -v "$name" '%s' "$(<"${!file}")"
			export "${name?}"
		fi
	done
}

# The secrets and settings both scripts read, from the environment or *_FILE. restic reads
# RESTIC_PASSWORD_FILE and RESTIC_REPOSITORY_FILE itself.
load_common_configuration() {
	load_file_variables B2_ACCOUNT_ID B2_ACCOUNT_KEY PGPASSWORD NEXUS_BACKUP_DATABASE_URL || return 2
	if [[ -z ${RESTIC_REPOSITORY:-} && -z ${RESTIC_REPOSITORY_FILE:-} ]]; then
		log error "RESTIC_REPOSITORY is not set (e.g. b2:bucket:nexus-iam, sftp:user@host:/srv/restic, /srv/restic)"
		return 2
	fi
	if [[ -z ${RESTIC_PASSWORD:-} && -z ${RESTIC_PASSWORD_FILE:-} && -z ${RESTIC_PASSWORD_COMMAND:-} ]]; then
		log error "the repository password is not set (RESTIC_PASSWORD or RESTIC_PASSWORD_FILE)"
		return 2
	fi
	if [[ ${RESTIC_REPOSITORY:-} == b2:* && ( -z ${B2_ACCOUNT_ID:-} || -z ${B2_ACCOUNT_KEY:-} ) ]]; then
		log error "a b2: repository needs B2_ACCOUNT_ID and B2_ACCOUNT_KEY (or their *_FILE)"
		return 2
	fi
}

require_commands() {
	local command
	for command in "$@"; do
		if ! command -v "$command" >/dev/null 2>&1; then
			log error "command not found: $command"
			return 2
		fi
	done
}

# conninfo DATABASE: a libpq connection string for DATABASE on the configured server, taken from
# NEXUS_BACKUP_DATABASE_URL (whose database part it replaces) or from the PG* variables. Empty
# DATABASE: the configured database itself.
conninfo() {
	local database=${1:-} url=${NEXUS_BACKUP_DATABASE_URL:-}
	if [[ -z $database ]]; then
		printf '%s' "${url:-${PGDATABASE:+dbname=$PGDATABASE}}"
	elif [[ -z $url ]]; then
		printf 'dbname=%s' "$database"
	elif [[ $url == postgres://* || $url == postgresql://* ]]; then
		# a later dbname parameter overrides the URL's path
		if [[ $url == *\?* ]]; then printf '%s&dbname=%s' "$url" "$database"; else printf '%s?dbname=%s' "$url" "$database"; fi
	else
		# keyword=value form: the last keyword wins
		printf '%s dbname=%s' "$url" "$database"
	fi
}

# run_psql CONNINFO [psql options]: SQL from standard input (so that -v variables work, e.g.
# :"name" and :'name'), unaligned, without headers, stopping at the first error; never prompts.
run_psql() {
	local connection=$1
	shift
	psql --no-psqlrc --no-password --quiet --tuples-only --no-align --set ON_ERROR_STOP=1 --dbname "$connection" "$@"
}

# A database name this script will put into SQL and connection strings.
valid_database_name() {
	[[ $1 =~ ^[A-Za-z_][A-Za-z0-9_-]{0,62}$ ]]
}
