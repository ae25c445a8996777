#!/usr/bin/env bash
# Scale-out benchmark: builds pipeline-core, pipeline-dags and the bench module, starts an embedded PostgreSQL
# (fsync and synchronous_commit on; data in bench/out/scaleout-pg, recreated), and runs the same stress_fanout run of
# no-op TIs on one node and then on three nodes (each its own JVM on that database), then the hops of a 200-task
# chain on the three nodes alone and while a fan-out keeps them busy, and the creation of a two-year daily backfill
# during that fan-out. Prints key=value lines on stdout:
#   scaleout_1node_tis_per_s  scaleout_3node_tis_per_s  scaleout_ratio  scaleout_Nnode_db_sessions (what the
#   database sessions did during each fan-out)  scaleout_hop_3node_p50_ms|p99_ms  scaleout_hop_under_load_p50_ms|p99_ms
#   scaleout_backfill_runs  scaleout_backfill_create_ms  scaleout_backfill_runs_per_s  (and the settings used)
# Build output and the benchmark's log go to stderr / bench/out. Environment: JAVA_HOME (default Temurin 25),
# BENCH_BUILD_SUFFIX (default -scaleout), MVN_FLAGS (e.g. -o), BENCH_JAVA_OPTS (e.g. -Dbench.scaleout.fanout=50000
# -Dbench.scaleout.workers=32).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
: "${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}"
suffix="${BENCH_BUILD_SUFFIX:--scaleout}"
target="bench/target${suffix}"

# shellcheck disable=SC2086
mvn -B -q ${MVN_FLAGS:-} -Dbuild.suffix="${suffix}" -pl bench -am package -DskipTests 1>&2

mkdir -p bench/out
log="bench/out/scaleout.log"
echo "scale-out benchmark running (1 node, then 3 nodes on one embedded PostgreSQL); log in ${log}" >&2
# shellcheck disable=SC2086
"${JAVA_HOME}/bin/java" -Xmx512m ${BENCH_JAVA_OPTS:-} -Dbench.dir=bench/out/scaleout-pg \
    -cp "${target}/classes:$(cat "${target}/classpath.txt")" io.pipeline.bench.scaleout.ScaleOutBenchmark >"${log}" 2>&1 \
  || { tail -40 "${log}" >&2; exit 1; }
grep -E '^[a-z0-9_]+=' "${log}"
