#!/usr/bin/env bash
# Load harness: the packaged service in production mode on the local PostgreSQL and Redis, driven
# over loopback by wrk and bench/load/Driver.java. Prints a table and writes bench/results/<date>.md.
# Takes about 5 minutes. Not part of .ci/run. Every load is bounded in time and stays on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}   # fewer glibc malloc arenas: less RSS for a JVM on 2 cores
ROOT=$(pwd)

DURATION=${BENCH_DURATION:-15}   # seconds measured per scenario
WARMUP=${BENCH_WARMUP:-5}        # seconds of warm-up before each
CONNECTIONS=${BENCH_CONNECTIONS:-32}
JVM_OPTS=${BENCH_JVM_OPTS:-"-Xmx160m -Xss512k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=160m"}
# BENCH_NMT=1: Native Memory Tracking in the measured instance, its summary in the results
if [ -n "${BENCH_NMT:-}" ]; then JVM_OPTS="$JVM_OPTS -XX:NativeMemoryTracking=summary"; fi

if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
export PATH="${JAVA_HOME:+$JAVA_HOME/bin:}$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
pg_isready -q -h localhost -p 5432 || { echo "PostgreSQL must run on localhost:5432 (see .ci/run)"; exit 1; }
# BENCH_REDIS_URL: another Redis (bench/scale/run.sh passes its own). The run keeps to a key prefix
# of its own (an empty Redis to the service) and deletes its keys at the end: nothing else is touched.
REDIS_URL=${BENCH_REDIS_URL:-redis://localhost:6379/1}
REDIS_PORT=$(echo "$REDIS_URL" | sed -E 's#redis://[^:/]*:?([0-9]*)/?.*#\1#'); REDIS_PORT=${REDIS_PORT:-6379}
REDIS_DB=$(echo "$REDIS_URL" | sed -E 's#.*/([0-9]+)$#\1#'); [[ "$REDIS_DB" =~ ^[0-9]+$ ]] || REDIS_DB=0
export NEXUS_REDIS_KEY_PREFIX=${NEXUS_REDIS_KEY_PREFIX:-nexus-bench:$$:}
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping | grep -q PONG || { echo "Redis must run on localhost:$REDIS_PORT (see .ci/run)"; exit 1; }

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" -n "$REDIS_DB" --scan --pattern "${NEXUS_REDIS_KEY_PREFIX}*" \
    | xargs -r redis-cli -h 127.0.0.1 -p "$REDIS_PORT" -n "$REDIS_DB" del >/dev/null || true
}
trap cleanup EXIT

echo "== building the jar"
[ -n "${BENCH_SKIP_BUILD:-}" ] || ./mvnw -q -B -DskipTests package
JAR=$ROOT/target/nexus-iam.jar

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
pg_ticks() { local t=0; for p in $(pgrep -u postgres); do t=$((t + $(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $t; }
rss_mib() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status"; }
HZ=$(getconf CLK_TCK)

# BENCH_DATABASE with BENCH_KEEP_DATABASE=1: measure an existing database (bench/scale/run.sh's
# bulk-loaded one) instead of a fresh nexus_iam_bench
DB=${BENCH_DATABASE:-nexus_iam_bench}
if [ -z "${BENCH_KEEP_DATABASE:-}" ]; then
  psql -q -h localhost -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
fi
PORT_A=$(free_port); PORT_B=$(free_port)
export NEXUS_MODE=production
export NEXUS_DATABASE_URL=jdbc:postgresql://localhost:5432/$DB NEXUS_DATABASE_USERNAME=postgres
# production mode wants a strong database password; the local server trusts local connections and ignores it
export NEXUS_DATABASE_PASSWORD=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
export NEXUS_REDIS_URL=$REDIS_URL
export NEXUS_PUBLIC_URL=http://localhost:$PORT_A
export NEXUS_TOKEN_SIGNING_KEYS=$(java -jar "$JAR" generate-signing-key)
export NEXUS_LOGIN_STATE_SECRET=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
export NEXUS_TOKEN_REFRESH_TOKEN_SECRET=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
# The instance under load runs the development provider, which the scripts sign in through (never
# in a real deployment); every start that is only timed runs without it, as production would
export NEXUS_LOGIN_DEV_PROVIDER_ENABLED=false
# production refuses to start with no way to sign in: name Google, which the run never calls (the
# measured instance signs its users in through the development provider)
export NEXUS_LOGIN_PROVIDERS_GOOGLE_CLIENT_ID=bench.apps.googleusercontent.com
export NEXUS_LOGIN_PROVIDERS_GOOGLE_CLIENT_SECRET=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
export NEXUS_RATE_LIMIT_ENABLED=false          # every request comes from one address: measure the service, not the limiter

# The recommended way to run the service (README, docs/operations.md): the jar extracted, with a
# JDK 25 AOT cache made by one training run that stops once the application context is ready.
APP=$WORK/app
java -Djarmode=tools -jar "$JAR" extract --destination "$APP" >/dev/null
RUN_JAR=$JAR
AOT_OPTS=""

# start_instance PORT LOGFILE -> sets PID and READY_MS
start_instance() {
  local port=$1 mport log=$2
  mport=$(free_port)
  local t0; t0=$(date +%s%N)
  NEXUS_PORT=$port NEXUS_MANAGEMENT_PORT=$mport java $JVM_OPTS $AOT_OPTS -jar "$RUN_JAR" >"$log" 2>&1 &
  PID=$!; PIDS+=("$PID")
  for _ in $(seq 1 600); do
    if curl -sf "http://localhost:$mport/health/readiness" >/dev/null; then
      READY_MS=$(( ($(date +%s%N) - t0) / 1000000 )); return 0; fi
    kill -0 "$PID" 2>/dev/null || { echo "instance on $port died; see $log"; tail -20 "$log"; exit 1; }
    sleep 0.05
  done
  echo "instance on $port not ready"; exit 1
}

echo "== first start (migrations), second start, AOT cache training, start with the cache"
start_instance "$PORT_A" "$WORK/a-first.log"; FIRST_READY=$READY_MS
kill "$PID"; wait "$PID" 2>/dev/null || true
start_instance "$PORT_A" "$WORK/a-plain.log"; PLAIN_READY=$READY_MS
kill "$PID"; wait "$PID" 2>/dev/null || true
NEXUS_PORT=$(free_port) NEXUS_MANAGEMENT_PORT=$(free_port) java $JVM_OPTS -XX:AOTCacheOutput="$WORK/app.aot" \
  -Dspring.context.exit=onRefresh -jar "$APP/nexus-iam.jar" >"$WORK/aot-training.log" 2>&1
RUN_JAR=$APP/nexus-iam.jar; AOT_OPTS="-XX:AOTCache=$WORK/app.aot"
# start-up on two shared cores varies by a few hundred milliseconds from start to start: report
# the median of several starts with the cache, and their range
STARTS=${BENCH_STARTS:-5}
READIES=()
# where a start's CPU goes, read at readiness: the main thread against the JIT compilers and the
# rest (start-up on two cores is CPU-bound; docs/performance.md)
thread_cpu() { # PID -> "main 2.10 s, C2 2.30 s, C1 1.10 s, other 0.50 s"
  local t name ticks
  for t in /proc/"$1"/task/*; do
    name=$(cat "$t/comm" 2>/dev/null) || continue
    ticks=$(sed -E 's/.*\) //' "$t/stat" | awk '{print $12 + $13}')
    echo "$name|$ticks"
  done | awk -F'|' -v hz="$HZ" '
    $1 == "java" {m += $2; next} $1 ~ /^C2 / {c2 += $2; next} $1 ~ /^C1 / {c1 += $2; next} {o += $2}
    END {printf "main %.2f s, C2 %.2f s, C1 %.2f s, other %.2f s", m/hz, c2/hz, c1/hz, o/hz}'
}
for _ in $(seq 1 "$STARTS"); do
  start_instance "$PORT_A" "$WORK/a-start.log"; READIES+=("$READY_MS")
  START_CPU=$(thread_cpu "$PID")
  kill "$PID"; wait "$PID" 2>/dev/null || true
done
echo "   CPU used by readiness (last start): $START_CPU"
READY_A=$(printf '%s\n' "${READIES[@]}" | sort -n | awk '{v[NR]=$1} END {printf "%d ms (median of %d; %d to %d)", v[int((NR+1)/2)], NR, v[1], v[NR]}')
echo "   start to ready with the AOT cache: $READY_A"
# a relying party of the OpenID Provider, first-party (no consent step), for the oidc-* scenarios
OIDC_CLIENT=bench-rp OIDC_SECRET=$(head -c 32 /dev/urandom | base64 | tr -d '\n/+=') OIDC_REDIRECT=http://localhost:9/callback
NEXUS_OIDC_PROVIDER_CLIENTS_0_CLIENT_ID=$OIDC_CLIENT NEXUS_OIDC_PROVIDER_CLIENTS_0_CLIENT_SECRET=$OIDC_SECRET \
  NEXUS_OIDC_PROVIDER_CLIENTS_0_REDIRECT_URIS=$OIDC_REDIRECT NEXUS_OIDC_PROVIDER_CLIENTS_0_SCOPES=openid \
  NEXUS_OIDC_PROVIDER_CLIENTS_0_GRANT_TYPES=authorization_code,refresh_token \
  NEXUS_LOGIN_DEV_PROVIDER_ENABLED=true start_instance "$PORT_A" "$WORK/a.log"; A=$PID; READY_DEV=$READY_MS
RSS_READY=$(rss_mib "$A")
BASE=http://localhost:$PORT_A

echo "== signing in the user pool"
java bench/load/Driver.java pool "$BASE" 230 "$WORK/pool"
head -n 64 "$WORK/pool/access.txt" > "$WORK/me.txt"
sed -n '65,96p' "$WORK/pool/refresh.txt" > "$WORK/refresh-warmup.txt"
sed -n '97,128p' "$WORK/pool/refresh.txt" > "$WORK/refresh.txt"
sed -n '129,230p' "$WORK/pool/access.txt" > "$WORK/propagate.txt"

declare -A RPS P50 P99 NON2XX CPU PGCPU
# run_wrk NAME THREADS CONNS URL [SCRIPT SCRIPT_ARG]
run_wrk() {
  local name=$1 threads=$2 conns=$3 url=$4 script=${5:-} arg=${6:-}
  local extra=(); [ -n "$script" ] && extra=(-s "$script")
  local tail=(); [ -n "$arg" ] && read -r -a tail <<< "-- $arg"   # several script arguments: space-separated
  if [ "$WARMUP" != 0 ]; then
    wrk -t"$threads" -c"$conns" -d"${WARMUP}s" "${extra[@]}" "$url" "${tail[@]}" >/dev/null 2>&1 || true
  fi
  local t0 pg0; t0=$(ticks "$A"); pg0=$(pg_ticks)
  local out; out=$(wrk -t"$threads" -c"$conns" -d"${DURATION}s" --latency "${extra[@]}" "$url" "${tail[@]}")
  local t1 pg1; t1=$(ticks "$A"); pg1=$(pg_ticks)
  echo "$out" > "$WORK/wrk-$name.txt"
  local requests; requests=$(echo "$out" | awk '/requests in/ {print $1}')
  RPS[$name]=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  P50[$name]=$(echo "$out" | awk '$1=="50%" {print $2}')
  P99[$name]=$(echo "$out" | awk '$1=="99%" {print $2}')
  NON2XX[$name]=$(echo "$out" | awk '/Non-2xx/ {print $5}'); NON2XX[$name]=${NON2XX[$name]:-0}
  CPU[$name]=$(awk -v d=$((t1 - t0)) -v n="$requests" -v hz="$HZ" 'BEGIN {printf "%.3f", d * 1000 / hz / n}')
  PGCPU[$name]=$(awk -v d=$((pg1 - pg0)) -v n="$requests" -v hz="$HZ" 'BEGIN {printf "%.3f", d * 1000 / hz / n}')
  echo "   $name: ${RPS[$name]} req/s, p50 ${P50[$name]}, p99 ${P99[$name]}, non-2xx ${NON2XX[$name]}, service CPU ${CPU[$name]} ms/req"
}

echo "== wrk scenarios (${WARMUP}s warm-up, ${DURATION}s measured each)"
run_wrk baseline 2 "$CONNECTIONS" "$BASE/.well-known/jwks.json"
run_wrk me 2 "$CONNECTIONS" "$BASE/api/me" bench/load/me.lua "$WORK/me.txt"
# each chain must start from unspent tokens: warm up with one set, measure with another
wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/load/refresh.lua "$BASE/api/auth/refresh" -- "$WORK/refresh-warmup.txt" >/dev/null
WARMUP_SAVED=$WARMUP; WARMUP=0
# BENCH_JFR=1: a JFR profile (settings=profile) of the measured refresh run; its hottest methods go to the results
if [ -n "${BENCH_JFR:-}" ]; then jcmd "$A" JFR.start name=refresh settings=profile filename="$WORK/refresh.jfr" >/dev/null; fi
run_wrk refresh "$CONNECTIONS" "$CONNECTIONS" "$BASE/api/auth/refresh" bench/load/refresh.lua "$WORK/refresh.txt"
if [ -n "${BENCH_JFR:-}" ]; then
  jcmd "$A" JFR.stop name=refresh >/dev/null
  jfr view --width 200 hot-methods "$WORK/refresh.jfr" > "$WORK/refresh-hot.txt" 2>&1 || true
  [ -z "${BENCH_JFR_KEEP:-}" ] || cp "$WORK/refresh.jfr" "$BENCH_JFR_KEEP"
fi
WARMUP=$WARMUP_SAVED

echo "== OpenID Provider: authorization (PKCE), code exchange at /oauth2/token, refresh rotation at /oauth2/token"
OIDC_CODES=${BENCH_OIDC_CODES:-2000}
OIDC_BASIC=$(printf '%s:%s' "$OIDC_CLIENT" "$OIDC_SECRET" | base64 | tr -d '\n')
# warm-up: the same steps on a smaller batch, so both endpoints are compiled before they are measured
java bench/load/Driver.java oidc-codes "$BASE" "$WORK/pool/access.txt" "$OIDC_CLIENT" "$OIDC_REDIRECT" 400 "$WORK/codes-warmup.txt" >/dev/null
java bench/load/Driver.java oidc-exchange "$BASE" "$WORK/codes-warmup.txt" "$OIDC_CLIENT" "$OIDC_SECRET" "$OIDC_REDIRECT" 8 "$WORK/oidc-refresh-warmup.txt" >/dev/null
# oidc_phase NAME COMMAND...: runs a Driver phase and records its RESULT line and the CPU per request
declare -A PHASE PHASECPU PHASEPG
oidc_phase() {
  local name=$1; shift
  local t0 pg0 t1 pg1 result n; t0=$(ticks "$A"); pg0=$(pg_ticks)
  result=$("$@" | grep RESULT); t1=$(ticks "$A"); pg1=$(pg_ticks)
  n=$(echo "$result" | sed -E 's/.* n=([0-9]+).*/\1/')
  PHASE[$name]=$result
  PHASECPU[$name]=$(awk -v d=$((t1 - t0)) -v n="$n" -v hz="$HZ" 'BEGIN {printf "%.3f", d * 1000 / hz / n}')
  PHASEPG[$name]=$(awk -v d=$((pg1 - pg0)) -v n="$n" -v hz="$HZ" 'BEGIN {printf "%.3f", d * 1000 / hz / n}')
  echo "   $result; service CPU ${PHASECPU[$name]} ms/req"
}
oidc_phase authorize java bench/load/Driver.java oidc-codes "$BASE" "$WORK/pool/access.txt" "$OIDC_CLIENT" "$OIDC_REDIRECT" "$OIDC_CODES" "$WORK/codes.txt"
oidc_phase exchange java bench/load/Driver.java oidc-exchange "$BASE" "$WORK/codes.txt" "$OIDC_CLIENT" "$OIDC_SECRET" "$OIDC_REDIRECT" 8 "$WORK/oidc-refresh-all.txt"
head -n "$CONNECTIONS" "$WORK/oidc-refresh-warmup.txt" > "$WORK/oidc-refresh-warm.txt"
head -n "$CONNECTIONS" "$WORK/oidc-refresh-all.txt" > "$WORK/oidc-refresh.txt"
wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/load/oidc-refresh.lua "$BASE/oauth2/token" -- "$WORK/oidc-refresh-warm.txt" "$OIDC_BASIC" >/dev/null
WARMUP_SAVED=$WARMUP; WARMUP=0
run_wrk oidc-refresh "$CONNECTIONS" "$CONNECTIONS" "$BASE/oauth2/token" bench/load/oidc-refresh.lua "$WORK/oidc-refresh.txt $OIDC_BASIC"
WARMUP=$WARMUP_SAVED

echo "== signin (full round trip: login, provider, callback)"
java bench/load/Driver.java signin "$BASE" 8 "$WARMUP" >/dev/null
t0=$(ticks "$A")
SIGNIN=$(java bench/load/Driver.java signin "$BASE" 8 "$DURATION" | grep RESULT); echo "   $SIGNIN"
t1=$(ticks "$A")
SIGNIN_N=$(echo "$SIGNIN" | sed -E 's/.* n=([0-9]+).*/\1/')
SIGNIN_CPU=$(awk -v d=$((t1 - t0)) -v n="$SIGNIN_N" -v hz="$HZ" 'BEGIN {printf "%.3f", d * 1000 / hz / n}')
RSS_AFTER=$(rss_mib "$A")
# what the resident memory is made of: anonymous (heap, metaspace, code, stacks, malloc) against
# file-backed (the jar's classes and the AOT cache mapped from disk), and the heap's own view
RSS_SPLIT=$(awk '/RssAnon/ {a=$2} /RssFile/ {f=$2} END {printf "%d MiB anonymous, %d MiB file-backed", a/1024, f/1024}' "/proc/$A/status")
jcmd "$A" GC.heap_info > "$WORK/heap-after.txt" 2>&1 || true
if [ -n "${BENCH_NMT:-}" ]; then jcmd "$A" VM.native_memory summary > "$WORK/nmt-after.txt" 2>&1 || true; fi

echo "== revocation propagation to a second instance"
start_instance "$PORT_B" "$WORK/b.log"
PROPAGATION=$(java bench/load/Driver.java propagate "$BASE" "http://localhost:$PORT_B" "$WORK/propagate.txt" 100 | grep RESULT)
echo "   $PROPAGATION"

field() { echo "$1" | sed -E "s/.* $2=([0-9.]+).*/\1/"; }
DATE=$(date -u +%Y-%m-%d)
OUT=${BENCH_OUT:-bench/results/$DATE.md}
{
  echo "# Load run, $DATE"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)."
  echo "Service JVM options: \`$JVM_OPTS\`, extracted jar with a JDK AOT cache. Production mode, local PostgreSQL and Redis, wrk on loopback"
  echo "(${WARMUP}s warm-up, ${DURATION}s measured, $CONNECTIONS connections). Command: \`bench/run.sh\`."
  echo
  echo "| scenario | req/s | × baseline | p50 | p99 | non-2xx | service CPU ms/req | PostgreSQL CPU ms/req |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for s in baseline me refresh oidc-refresh; do
    echo "| $s | ${RPS[$s]} | $(awk -v a="${RPS[$s]}" -v b="${RPS[baseline]}" 'BEGIN {printf "%.2f", a/b}') | ${P50[$s]} | ${P99[$s]} | ${NON2XX[$s]} | ${CPU[$s]} | ${PGCPU[$s]} |"
  done
  for s in authorize exchange; do
    echo "| oidc-$s (Driver, $( [ "$s" = exchange ] && echo "8 concurrent" || echo "1 at a time")) | $(field "${PHASE[$s]}" rps) | | $(field "${PHASE[$s]}" p50_ms)ms | $(field "${PHASE[$s]}" p99_ms)ms | $(field "${PHASE[$s]}" errors) errors | ${PHASECPU[$s]} | ${PHASEPG[$s]} |"
  done
  echo "| signin (8 concurrent) | $(field "$SIGNIN" rps) | | $(field "$SIGNIN" p50_ms)ms | $(field "$SIGNIN" p99_ms)ms | $(field "$SIGNIN" errors) errors | $SIGNIN_CPU | |"
  echo
  echo "| measure | value |"
  echo "|---|---:|"
  echo "| revocation propagation to the second instance, p50 / p99 / max (n=$(field "$PROPAGATION" n)) | $(field "$PROPAGATION" p50_ms) / $(field "$PROPAGATION" p99_ms) / $(field "$PROPAGATION" max_ms) ms |"
  echo "| start to ready, production, first start (runs migrations) | $FIRST_READY ms |"
  echo "| start to ready, production, second start, plain jar | $PLAIN_READY ms |"
  echo "| start to ready, production, extracted jar with AOT cache (the recommended way) | $READY_A |"
  echo "| CPU used by readiness, by thread (the last of those starts) | $START_CPU |"
  echo "| the same, with the development provider the load needs (the instance measured below) | $READY_DEV ms |"
  echo "| RSS at ready (the instance with the development provider) | $RSS_READY MiB |"
  echo "| RSS after the loads | $RSS_AFTER MiB ($RSS_SPLIT) |"
  echo
  echo "Heap after the loads (\`jcmd GC.heap_info\`):"
  echo; echo '```'; sed 1d "$WORK/heap-after.txt"; echo '```'
  if [ -s "$WORK/refresh-hot.txt" ]; then
    echo; echo "Where the service's CPU went during \`refresh\` (\`BENCH_JFR=1\`, \`jfr view hot-methods\`):"
    echo; echo '```'; head -n 30 "$WORK/refresh-hot.txt"; echo '```'
  fi
  if [ -s "$WORK/nmt-after.txt" ]; then
    echo; echo "Native memory after the loads (\`BENCH_NMT=1\`, committed):"
    echo; echo '```'; grep -E '^(Total|-)' "$WORK/nmt-after.txt" | sed -E 's/reserved=[0-9]+KB, //'; echo '```'
  fi
} > "$OUT"
echo; cat "$OUT"; echo; echo "written to $OUT"
