#!/usr/bin/env bash
# Builds pipeline-core and the bench module, runs the operations benchmarks on an embedded PostgreSQL (fsync on) and
# prints key=value lines on stdout:
#   clear_2000_downstream_ms= (clear a 2,000-task run with downstream)  backfill_10y_create_ms= (10-year backfill of a
#   10-task XNYS session DAG)  ti_list_2000_ms= (the 2,000 TIs of a run: service + JSON)  and counts / maxima.
# Build output goes to stderr. Environment: JAVA_HOME (default Temurin 25), BENCH_BUILD_SUFFIX (default -opsbench),
# MVN_FLAGS (default -o).
set -euo pipefail
cd "$(dirname "$0")/.."

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
suffix="${BENCH_BUILD_SUFFIX:--opsbench}"
target="bench/target${suffix}"

# shellcheck disable=SC2086
mvn -B -q ${MVN_FLAGS--o} -Dbuild.suffix="${suffix}" -pl bench -am package -DskipTests 1>&2

log="${target}/ops-bench.log"
echo "operations benchmarks running; log in ${log}" >&2
"${JAVA_HOME}/bin/java" -Xmx1g -Dbench.dir="${target}/ops-pg" \
    -cp "${target}/classes:$(cat "${target}/classpath.txt")" io.pipeline.bench.ops.OpsBench >"${log}" 2>&1
grep -E '^[a-z0-9_]+=' "${log}"
