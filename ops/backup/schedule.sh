#!/usr/bin/env bash
# The backup container's entry point (compose.yaml): runs backup.sh once a day at NEXUS_BACKUP_AT
# (HH:MM in the container's TZ, default 03:00). A plain loop instead of a cron daemon: nothing to
# install, the container's environment (and *_FILE secrets) reaches backup.sh unchanged, its log
# lines go straight to the container log, and SIGTERM stops it at once. The loop looks at the
# clock every 30 s and starts the day's backup at the first look at or after that time, so a
# daylight-saving change neither skips nor repeats a day. A failed run is logged and reported by
# backup.sh's metrics (an alert fires); the loop goes on with the next day.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
source "$here/common.sh"
LOG_COMPONENT=nexus-backup-schedule

at=${NEXUS_BACKUP_AT:-03:00}
if [[ ! $at =~ ^([01][0-9]|2[0-3]):[0-5][0-9]$ ]]; then
	log error "NEXUS_BACKUP_AT must be HH:MM (24 h)" "value=$at"
	exit 2
fi
trap 'log info "stopped"; exit 0' TERM INT

run_backup() {
	local status=0
	"$here/backup.sh" || status=$?
	if ((status != 0)); then
		log error "backup run failed; the next one is due tomorrow" "exit_code=$status"
	fi
}

# A container started after today's time does not back up until tomorrow, unless asked to.
last_day=""
if [[ ${NEXUS_BACKUP_RUN_AT_START:-false} == true ]]; then
	last_day=$(date +%F)
	run_backup
elif [[ $(date +%H:%M) > $at ]]; then
	last_day=$(date +%F)
fi
log info "daily backups scheduled" "at=$at" "tz=${TZ:-UTC}"
while true; do
	today=$(date +%F)
	if [[ $today != "$last_day" && ! $(date +%H:%M) < $at ]]; then
		last_day=$today
		run_backup
	fi
	sleep 30 &
	wait $!
done
