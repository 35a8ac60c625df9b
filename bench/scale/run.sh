#!/usr/bin/env bash
# Scale benchmark: the load harness (bench/run.sh) twice in one run, on an empty database and on a
# bulk-loaded one (bench/scale/load.sql: a year of production, 1 million users; BENCH_SCALE=10
# for ten times that, on a machine larger than the reference one), then one batch of each
# clean-up job on the loaded data (bench/scale/batches.sql). Prints small against large side by
# side and writes bench/results/<date>-scale.md. Takes 20 to 30 minutes at scale 1.
#
#   bench/scale/run.sh                          # scale 1
#   BENCH_SCALE=10 bench/scale/run.sh           # scale 10 (about 10 times the disk and time)
#   BENCH_REDIS_URL=redis://localhost:6380/0    # the Redis to use (flushed); default localhost:6379/1
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

echo "== the large database: schema by the service's own migrations, then the bulk load (scale $SCALE)"
psql -q -h localhost -U postgres -d postgres -c "DROP DATABASE IF EXISTS $LARGE WITH (FORCE)" -c "CREATE DATABASE $LARGE"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
NEXUS_DATABASE_URL=jdbc:postgresql://localhost:5432/$LARGE NEXUS_DATABASE_USERNAME=postgres NEXUS_REDIS_URL=$BENCH_REDIS_URL \
  NEXUS_PORT=$(free_port) NEXUS_MANAGEMENT_PORT=$(free_port) java -Dspring.context.exit=onRefresh -jar "$JAR" >"$WORK/migrate.log" 2>&1 \
  || { tail -20 "$WORK/migrate.log"; exit 1; }
t0=$(date +%s)
psql -q -h localhost -U postgres -d "$LARGE" -v scale="$SCALE" -f bench/scale/load.sql | tee "$WORK/load.txt"
LOAD_S=$(( $(date +%s) - t0 ))
SIZE=$(psql -At -h localhost -U postgres -c "SELECT pg_size_pretty(pg_database_size('$LARGE'))")
echo "   loaded in $LOAD_S s, $SIZE"

echo "== one batch of each clean-up job on the loaded data"
psql -h localhost -U postgres -d "$LARGE" -v batch=500 -f bench/scale/batches.sql > "$WORK/batches.txt"
grep -E '^==|Execution Time|Trigger' "$WORK/batches.txt"

echo "== the load harness on the empty database"
BENCH_SKIP_BUILD=1 BENCH_DATABASE=$SMALL BENCH_OUT=$WORK/small.md bench/run.sh > "$WORK/small.log" 2>&1 \
  || { tail -30 "$WORK/small.log"; exit 1; }
echo "== the load harness on the loaded database"
BENCH_SKIP_BUILD=1 BENCH_DATABASE=$LARGE BENCH_KEEP_DATABASE=1 BENCH_OUT=$WORK/large.md bench/run.sh > "$WORK/large.log" 2>&1 \
  || { tail -30 "$WORK/large.log"; exit 1; }

# the figures of one table row: row NAME COLUMN (1-based, of the markdown table)
cell() { awk -F'|' -v name="$2" -v col="$3" 'index($2, name) == 2 {gsub(/^ +| +$/, "", $(col + 1)); print $(col + 1); exit}' "$1"; }
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
    for c in 5 6 8 9; do
      label=$(case $c in 5) echo p50;; 6) echo p99;; 8) echo "service CPU ms/req";; 9) echo "PostgreSQL CPU ms/req";; esac)
      a=$(cell "$WORK/small.md" " $s " $c); b=$(cell "$WORK/large.md" " $s " $c)
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
