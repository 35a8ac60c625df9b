#!/bin/sh
# Run once by the postgres image on an empty data volume: the service's role, owner of its
# database (Flyway creates the tables), and the backup's read-only role. Passwords come from the
# Docker secrets mounted under /run/secrets, never from the environment.
set -eu
service_password=$(cat /run/secrets/nexus_database_password)
backup_password=$(cat /run/secrets/nexus_backup_database_password)
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
	-v service_password="$service_password" -v backup_password="$backup_password" <<'SQL'
CREATE ROLE nexus_iam LOGIN PASSWORD :'service_password';
ALTER DATABASE nexus_iam OWNER TO nexus_iam;
ALTER SCHEMA public OWNER TO nexus_iam;
CREATE ROLE nexus_backup LOGIN PASSWORD :'backup_password';
GRANT pg_read_all_data TO nexus_backup;
SQL
