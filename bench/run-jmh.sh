#!/usr/bin/env bash
# JMH micro-benchmarks of the per-request paths. Usage: bench/run-jmh.sh [benchmark regex]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
export PATH="${JAVA_HOME:+$JAVA_HOME/bin:}$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
./mvnw -q -B -Pbench -DskipTests test-compile exec:exec -Dbench.args="${1:-}"
