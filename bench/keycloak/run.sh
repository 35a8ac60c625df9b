#!/usr/bin/env bash
# Keycloak side by side: the same start/RSS, authenticated-read and refresh scenarios as
# bench/run.sh, against Keycloak (the keycloak-quarkus-dist from Maven Central) in production mode
# (`kc.sh build`, then `start --optimized`) on the same PostgreSQL, in the same run as Nexus, and
# prints the ratios. Takes about 10 minutes. Not part of .ci/run.
#
#   bench/keycloak/run.sh
#   BENCH_KEYCLOAK_VERSION=26.7.3      # the distribution's version
#   BENCH_KEYCLOAK_DATABASE=nexus_bench_keycloak
#   BENCH_REDIS_URL=...                # for the Nexus half (bench/run.sh)
#
# Keycloak runs with its own default JVM options (kc.sh: -Xms64m -Xmx512m, G1) over plain HTTP on
# loopback; a realm with a confidential client signs ES256 access tokens (as Nexus does) and
# rotates refresh tokens with reuse detection (revokeRefreshToken, as Nexus does). The pool signs
# in with the password grant; the realm's password hashing is cut to 1,000 PBKDF2 iterations so
# that signing in the pool takes seconds (no measured scenario hashes a password).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
VERSION=${BENCH_KEYCLOAK_VERSION:-26.7.3}
DB=${BENCH_KEYCLOAK_DATABASE:-nexus_bench_keycloak}
DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-5}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}   # as bench/run.sh gives Nexus
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
export PATH="${JAVA_HOME:+$JAVA_HOME/bin:}$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
pg_ticks() { local t=0; for p in $(pgrep -u postgres); do t=$((t + $(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $t; }
rss_mib() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status"; }
HZ=$(getconf CLK_TCK)

echo "== Keycloak $VERSION: fetch (Maven Central, cached in target/keycloak) and build for PostgreSQL"
KC=$ROOT/target/keycloak/keycloak-$VERSION
if [ ! -x "$KC/bin/kc.sh" ]; then
  ./mvnw -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$VERSION:zip" -DoutputDirectory=target/keycloak
  unzip -q -o "target/keycloak/keycloak-quarkus-dist-$VERSION.zip" -d target/keycloak
fi
"$KC/bin/kc.sh" build --db=postgres --health-enabled=true > "$WORK/kc-build.log" 2>&1 || { tail -20 "$WORK/kc-build.log"; exit 1; }

psql -q -h localhost -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
SECRET=$(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')
USERS=160
python3 - "$KC/data/import/bench-realm.json" "$SECRET" "$USERS" <<'EOF'
import json, sys
path, secret, users = sys.argv[1], sys.argv[2], int(sys.argv[3])
import os
os.makedirs(os.path.dirname(path), exist_ok=True)
realm = {
  "realm": "bench", "enabled": True, "sslRequired": "none",
  "accessTokenLifespan": 900, "ssoSessionIdleTimeout": 7200, "ssoSessionMaxLifespan": 36000,
  "revokeRefreshToken": True, "refreshTokenMaxReuse": 0,
  "defaultSignatureAlgorithm": "ES256",
  "passwordPolicy": "hashIterations(1000)",
  "components": {"org.keycloak.keys.KeyProvider": [
    {"name": "ecdsa", "providerId": "ecdsa-generated", "config": {"priority": ["200"], "ecdsaEllipticCurveKey": ["P-256"]}},
    {"name": "hmac", "providerId": "hmac-generated", "config": {"priority": ["100"], "algorithm": ["HS512"]}},
    {"name": "aes", "providerId": "aes-generated", "config": {"priority": ["100"]}}]},
  "clients": [{"clientId": "bench", "enabled": True, "publicClient": False, "secret": secret,
               "directAccessGrantsEnabled": True, "standardFlowEnabled": False,
               "attributes": {"access.token.signed.response.alg": "ES256"}}],
  "users": [{"username": f"user{i}", "enabled": True, "email": f"user{i}@example.com", "emailVerified": True,
             "firstName": "User", "lastName": str(i),
             "credentials": [{"type": "password", "value": "bench-password", "temporary": False}]}
            for i in range(1, users + 1)],
}
json.dump(realm, open(path, "w"))
EOF

PORT=$(free_port); MPORT=$(free_port)
start_keycloak() { # LOG -> sets KPID, READY_MS
  local t0; t0=$(date +%s%N)
  "$KC/bin/kc.sh" start --optimized --http-enabled=true --http-port="$PORT" --http-management-port="$MPORT" \
    --hostname="http://localhost:$PORT" --db-url="jdbc:postgresql://localhost:5432/$DB" --db-username=postgres \
    --db-password=unused --import-realm >"$1" 2>&1 &
  KPID=$!; PIDS+=("$KPID")
  for _ in $(seq 1 1200); do
    if curl -sf "http://localhost:$MPORT/health/ready" >/dev/null; then READY_MS=$(( ($(date +%s%N) - t0) / 1000000 )); break; fi
    kill -0 "$KPID" 2>/dev/null || { echo "Keycloak died; see $1"; tail -30 "$1"; exit 1; }
    sleep 0.1
  done
  # kc.sh execs java: the measured process is the JVM
  JPID=$(pgrep -P "$KPID" java || echo "$KPID")
}
echo "== Keycloak: first start (creates its schema, imports the realm), then a second start, timed"
start_keycloak "$WORK/kc-first.log"; KC_FIRST=$READY_MS
kill "$KPID"; wait "$KPID" 2>/dev/null || true
start_keycloak "$WORK/kc.log"; KC_READY=$READY_MS
KC_READY_CPU=$(awk -v hz="$HZ" '{printf "%.2f", ($14+$15)/hz}' "/proc/$JPID/stat")
KC_RSS_READY=$(rss_mib "$JPID")
echo "   start to ready: first $KC_FIRST ms, second $KC_READY ms ($KC_READY_CPU s of CPU), RSS $KC_RSS_READY MiB"

BASE=http://localhost:$PORT/realms/bench/protocol/openid-connect
echo "== Keycloak: signing in the pool (password grant)"
: > "$WORK/access.txt"; : > "$WORK/refresh.txt"
for i in $(seq 1 $USERS); do
  curl -sf "$BASE/token" -d grant_type=password -d client_id=bench -d client_secret="$SECRET" -d scope=openid \
    -d username="user$i" -d password=bench-password > "$WORK/t.json"
  python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); open(sys.argv[2],"a").write(t["access_token"]+"\n"); open(sys.argv[3],"a").write(t["refresh_token"]+"\n")' \
    "$WORK/t.json" "$WORK/access.txt" "$WORK/refresh.txt"
done
head -n 64 "$WORK/access.txt" > "$WORK/me.txt"
sed -n '65,96p' "$WORK/refresh.txt" > "$WORK/refresh-warmup.txt"
sed -n '97,128p' "$WORK/refresh.txt" > "$WORK/refresh-measured.txt"

declare -A RPS P50 P99 NON2XX CPU PGCPU
run_wrk() { # NAME THREADS URL SCRIPT ARGS...
  local name=$1 threads=$2 url=$3 script=$4; shift 4
  local t0 pg0 t1 pg1 out requests
  t0=$(ticks "$JPID"); pg0=$(pg_ticks)
  out=$(wrk -t"$threads" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$script" "$url" -- "$@")
  t1=$(ticks "$JPID"); pg1=$(pg_ticks)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  RPS[$name]=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  P50[$name]=$(echo "$out" | awk '$1=="50%" {print $2}')
  P99[$name]=$(echo "$out" | awk '$1=="99%" {print $2}')
  NON2XX[$name]=$(echo "$out" | awk '/Non-2xx/ {print $5}'); NON2XX[$name]=${NON2XX[$name]:-0}
  CPU[$name]=$(awk -v d=$((t1 - t0)) -v n="$requests" -v hz="$HZ" 'BEGIN {printf "%.3f", d * 1000 / hz / n}')
  PGCPU[$name]=$(awk -v d=$((pg1 - pg0)) -v n="$requests" -v hz="$HZ" 'BEGIN {printf "%.3f", d * 1000 / hz / n}')
  echo "   $name: ${RPS[$name]} req/s, p50 ${P50[$name]}, p99 ${P99[$name]}, non-2xx ${NON2XX[$name]}, CPU ${CPU[$name]} ms/req, PostgreSQL ${PGCPU[$name]} ms/req"
}
echo "== Keycloak: scenarios (${WARMUP}s warm-up, ${DURATION}s measured)"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/keycloak/userinfo.lua "$BASE/userinfo" -- "$WORK/me.txt" >/dev/null
run_wrk userinfo 2 "$BASE/userinfo" bench/keycloak/userinfo.lua "$WORK/me.txt"
wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/keycloak/refresh.lua "$BASE/token" -- "$WORK/refresh-warmup.txt" "bench:$SECRET" >/dev/null
run_wrk refresh "$CONNECTIONS" "$BASE/token" bench/keycloak/refresh.lua "$WORK/refresh-measured.txt" "bench:$SECRET"
KC_RSS_AFTER=$(rss_mib "$JPID")
kill "$KPID"; wait "$KPID" 2>/dev/null || true

echo "== Nexus, the same run (bench/run.sh)"
BENCH_OUT=$WORK/nexus.md bench/run.sh > "$WORK/nexus.log" 2>&1 || { tail -30 "$WORK/nexus.log"; exit 1; }
# cell FILE SCENARIO COLUMN: a figure of bench/run.sh's table (columns: 1 req/s, 4 p99, 6 service CPU, 7 PostgreSQL CPU)
cell() { awk -F'|' -v name="$2" -v col="$3" '{s = $2; gsub(/^ +| +$/, "", s)} s == name {v = $(col + 2); gsub(/^ +| +$/, "", v); print v; exit}' "$1"; }
measure() { awk -F'|' -v m="$2" 'index($2, m) {gsub(/^ +| +$/, "", $3); print $3; exit}' "$1"; }
ratio() { awk -v k="$1" -v n="$2" 'BEGIN {if (n + 0 > 0) printf "%.1f", k / n}'; }
N_READY=$(measure "$WORK/nexus.md" "AOT cache (the recommended" | awk '{print $1}')
N_PLAIN=$(measure "$WORK/nexus.md" "second start, plain jar" | awk '{print $1}')
N_RSS_READY=$(measure "$WORK/nexus.md" "RSS at ready" | awk '{print $1}')
N_RSS_AFTER=$(measure "$WORK/nexus.md" "RSS after the loads" | awk '{print $1}')

DATE=$(date -u +%Y-%m-%d)
OUT=bench/results/$DATE-keycloak.md
{
  echo "# Nexus and Keycloak side by side, $DATE"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), shared with other work; $(java -version 2>&1 | head -1)."
  echo "Keycloak $VERSION (\`org.keycloak:keycloak-quarkus-dist\`), production mode (\`kc.sh build --db=postgres --health-enabled=true\`,"
  echo "\`start --optimized --http-enabled=true\`), its default JVM options (\`-Xms64m -Xmx512m\`, G1), realm: ES256 access tokens,"
  echo "refresh-token rotation with reuse detection. Nexus: \`bench/run.sh\`'s options (\`${BENCH_JVM_OPTS:--Xmx160m -Xss512k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=160m}\`)."
  echo "Same PostgreSQL, wrk on loopback, ${WARMUP}s warm-up, ${DURATION}s measured, $CONNECTIONS connections. Command: \`bench/keycloak/run.sh\`."
  echo
  echo "| scenario | Keycloak req/s | Nexus req/s | Keycloak p99 | Nexus p99 | Keycloak CPU ms/req | Nexus CPU ms/req | Keycloak CPU ÷ Nexus CPU | Keycloak PostgreSQL ms/req | Nexus PostgreSQL ms/req |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for pair in "userinfo:me" "refresh:refresh"; do
    k=${pair%%:*}; n=${pair##*:}
    echo "| $k (Nexus: $n) | ${RPS[$k]} | $(cell "$WORK/nexus.md" "$n" 1) | ${P99[$k]} | $(cell "$WORK/nexus.md" "$n" 4) | ${CPU[$k]} | $(cell "$WORK/nexus.md" "$n" 6) | $(ratio "${CPU[$k]}" "$(cell "$WORK/nexus.md" "$n" 6)") | ${PGCPU[$k]} | $(cell "$WORK/nexus.md" "$n" 7) |"
  done
  echo
  echo "| measure | Keycloak | Nexus | × |"
  echo "|---|---:|---:|---:|"
  echo "| start to ready, first start | $KC_FIRST ms | $(measure "$WORK/nexus.md" "first start" | awk '{print $1}') ms | |"
  echo "| start to ready, second start (Nexus: plain jar) | $KC_READY ms | $N_PLAIN ms | $(ratio "$KC_READY" "$N_PLAIN") |"
  echo "| start to ready, Nexus with its AOT cache (the recommended way) | | $N_READY ms | $(ratio "$KC_READY" "$N_READY") |"
  echo "| CPU used by readiness (Keycloak: whole process; Nexus: by thread) | $KC_READY_CPU s | $(measure "$WORK/nexus.md" "CPU used by readiness") | |"
  echo "| RSS at ready | $KC_RSS_READY MiB | $N_RSS_READY MiB | $(ratio "$KC_RSS_READY" "$N_RSS_READY") |"
  echo "| RSS after the loads | $KC_RSS_AFTER MiB | $N_RSS_AFTER MiB | $(ratio "$KC_RSS_AFTER" "$N_RSS_AFTER") |"
  echo
  echo "Non-2xx: Keycloak userinfo ${NON2XX[userinfo]}, refresh ${NON2XX[refresh]}."
} > "$OUT"
echo; cat "$OUT"; echo; echo "written to $OUT"
