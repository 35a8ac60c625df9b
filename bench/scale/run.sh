#!/usr/bin/env bash
# Scale benchmark: the load harness (bench/run.sh) twice in one run, on an empty database and on a
# bulk-loaded one (bench/scale/load.sql: a year of production, 1 million users; BENCH_SCALE=10
# for ten times that, on a machine larger than the reference one), then one batch of each
# clean-up job on the loaded data (bench/scale/batches.sql). Prints small against large side by
# side and writes bench/results/<date>-scale.md. Takes 20 to 30 minutes at scale 1.
#
#   bench/scale/run.sh                          # scale 1
#   BENCH_SCALE=10 bench/scale/run.sh           # scale 10 (about 10 times the disk and time)
#   BENCH_REDIS_URL=redis://localhost:6380/0    # the Redis to use (each run keeps to a key prefix of its own); default localhost:6379/1
#
# Every bench/run.sh variable (BENCH_DURATION, BENCH_STARTS, BENCH_JVM_OPTS, ...) applies to both runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
SCALE=${BENCH_SCALE:-1}
PREFIX=${BENCH_SCALE_DATABASE:-nexus_bench_scale}
SMALL=${PREFIX}_small
LARGE=${PREFIX}_large
export BENCH_REDIS_URL=${BENCH_REDIS_URL:-redis://localhost:6379/1}
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
export PATH="${JAVA_HOME:+$JAVA_HOME/bin:}$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
WORK=$(mktemp -d)
DATE=$(date -u +%Y-%m-%d)

echo "== building the jar"
./mvnw -q -B -DskipTests package
JAR=target/nexus-iam.jar

# BENCH_SCALE_REUSE=1: keep the large database of an earlier run (its live revocations last four
# hours from the load) instead of loading it again
if [ -n "${BENCH_SCALE_REUSE:-}" ] && psql -At -h localhost -U postgres -d "$LARGE" -c "SELECT 1" >/dev/null 2>&1; then
  echo "== reusing the large database $LARGE"
  LOAD_S="(reused; see the earlier run)"
  psql -At -h localhost -U postgres -d "$LARGE" -c "SELECT 'relname | n_live_tup'" \
    -c "SELECT relname || ' | ' || n_live_tup FROM pg_stat_user_tables WHERE relname IN ('users', 'user_identities', 'user_sessions', 'refresh_tokens', 'audit_events', 'revocations') ORDER BY relname" > "$WORK/load.txt"
else
  echo "== the large database: schema by the service's own migrations, then the bulk load (scale $SCALE)"
  psql -q -h localhost -U postgres -d postgres -c "DROP DATABASE IF EXISTS $LARGE WITH (FORCE)" -c "CREATE DATABASE $LARGE"
  free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
  NEXUS_DATABASE_URL=jdbc:postgresql://localhost:5432/$LARGE NEXUS_DATABASE_USERNAME=postgres NEXUS_REDIS_URL=$BENCH_REDIS_URL NEXUS_REDIS_KEY_PREFIX=nexus-bench:$$: \
    NEXUS_PORT=$(free_port) NEXUS_MANAGEMENT_PORT=$(free_port) java -Dspring.context.exit=onRefresh -jar "$JAR" >"$WORK/migrate.log" 2>&1 \
    || { tail -20 "$WORK/migrate.log"; exit 1; }
  t0=$(date +%s)
  psql -q -h localhost -U postgres -d "$LARGE" -v scale="$SCALE" -f bench/scale/load.sql | tee "$WORK/load.txt"
  LOAD_S=$(( $(date +%s) - t0 ))
  echo "   loaded in $LOAD_S s"
fi
SIZE=$(psql -At -h localhost -U postgres -c "SELECT pg_size_pretty(pg_database_size('$LARGE'))")

echo "== one batch of each clean-up job on the loaded data"
psql -h localhost -U postgres -d "$LARGE" -v batch=500 -f bench/scale/batches.sql > "$WORK/batches.txt"
grep -E '^==|Execution Time|Trigger' "$WORK/batches.txt"

echo "== the load harness on the empty database"
BENCH_SKIP_BUILD=1 BENCH_DATABASE=$SMALL BENCH_OUT=$WORK/small.md bench/run.sh > "$WORK/small.log" 2>&1 \
  || { tail -30 "$WORK/small.log"; exit 1; }
echo "== the load harness on the loaded database"
BENCH_SKIP_BUILD=1 BENCH_DATABASE=$LARGE BENCH_KEEP_DATABASE=1 BENCH_OUT=$WORK/large.md bench/run.sh > "$WORK/large.log" 2>&1 \
  || { tail -30 "$WORK/large.log"; exit 1; }

# cell FILE SCENARIO COLUMN: a figure of bench/run.sh's table (columns: 1 req/s, 3 p50, 4 p99, 6 service CPU, 7 PostgreSQL CPU)
cell() { awk -F'|' -v name="$2" -v col="$3" '{s = $2; gsub(/^ +| +$/, "", s)} s == name {v = $(col + 2); gsub(/^ +| +$/, "", v); print v; exit}' "$1"; }
OUT=bench/results/$DATE-scale.md
{
  echo "# Scale run, $DATE"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), shared with other work;"
  echo "compare the two columns (one run), not absolute figures across runs. Command: \`BENCH_SCALE=$SCALE bench/scale/run.sh\`."
  echo "Large: scale $SCALE of bench/scale/load.sql, $SIZE, loaded in $LOAD_S s; its row counts:"
  echo; echo '```'; sed -n '/relname/,$p' "$WORK/load.txt"; echo '```'
  echo
  echo "| measure | empty database | loaded database | × |"
  echo "|---|---:|---:|---:|"
  for s in baseline me refresh; do
    for c in 3 4 6 7; do
      label=$(case $c in 3) echo p50;; 4) echo p99;; 6) echo "service CPU ms/req";; 7) echo "PostgreSQL CPU ms/req";; esac)
      a=$(cell "$WORK/small.md" "$s" $c); b=$(cell "$WORK/large.md" "$s" $c)
      echo "| $s $label | $a | $b | $(awk -v a="${a%ms}" -v b="${b%ms}" 'BEGIN {if (a+0 > 0) printf "%.2f", b/a}') |"
    done
  done
  for m in "first start" "second start" "AOT cache (the recommended" "CPU used by readiness" "RSS at ready" "RSS after the loads"; do
    a=$(awk -F'|' -v m="$m" 'index($2, m) {print $3; exit}' "$WORK/small.md")
    b=$(awk -F'|' -v m="$m" 'index($2, m) {print $3; exit}' "$WORK/large.md")
    echo "| $m |$a|$b| |"
  done
  echo
  echo "One clean-up batch on the loaded data (\`bench/scale/batches.sql\`, EXPLAIN ANALYZE, rolled back):"
  echo; echo '```'; cat "$WORK/batches.txt"; echo '```'
  echo; echo "The two load runs in full:"; echo
  echo "## Empty database"; echo; sed 1d "$WORK/small.md"; echo
  echo "## Loaded database"; echo; sed 1d "$WORK/large.md"
} > "$OUT"
echo; sed -n '1,/^One clean-up/p' "$OUT"; echo; echo "written to $OUT"
