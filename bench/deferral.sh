#!/usr/bin/env bash
# Deferrable waits on one node: 10,000 deferred sensors held by the node's triggerer, then 200 waits whose instants
# come one every 100 ms. Builds what it needs, runs against a fresh embedded PostgreSQL (fsync on; data directory
# <target>/deferral-pg) and prints key=value lines on stdout:
#   deferred_10k_cpu_pct= (this node's JVM, % of one core, over a 60 s window)  deferred_10k_pg_cpu_pct= (PostgreSQL)
#   deferred_10k_heap_mb= (node heap after GC with the 10,000 waits)  deferred_10k_heap_above_idle_mb=
#   deferred_resume_p50_ms= / _p99_ms= / _max_ms= (instant -> resumed poke)
# Environment: JAVA_HOME (default Temurin 25), BENCH_BUILD_SUFFIX (default -deferralbench), MVN_FLAGS (default -o),
#   BENCH_DEFERRAL_WINDOW_S (default 60), BENCH_DEFERRAL_RUNS (runs the 10,000 waits are spread over; default 100).
set -euo pipefail
cd "$(dirname "$0")/.."

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
suffix="${BENCH_BUILD_SUFFIX:--deferralbench}"
target="bench/target${suffix}"

# shellcheck disable=SC2086
mvn -B -q ${MVN_FLAGS--o} -Dbuild.suffix="${suffix}" -pl bench -am package -DskipTests 1>&2

log="${target}/deferral-bench.log"
echo "deferral benchmark running; log in ${log}" >&2
"${JAVA_HOME}/bin/java" -Xmx1g -XX:+UseParallelGC -Dbench.dir="${target}/deferral-pg" \
    -Dbench.deferral.window="${BENCH_DEFERRAL_WINDOW_S:-60}" -Dbench.deferral.runs="${BENCH_DEFERRAL_RUNS:-100}" \
    -cp "${target}/classes:$(cat "${target}/classpath.txt")" io.pipeline.bench.deferral.DeferralBenchmark \
    >"${log}" 2>&1
grep -E '^[a-z0-9_]+=' "${log}"
