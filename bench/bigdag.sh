#!/usr/bin/env bash
# Big DAG benchmark: a DAG of 5,000 tasks and a run of 50,000 mapped instances (stress_big_dag) on the shipped jar,
# default settings, its embedded PostgreSQL under bench/out/bigdag/data (recreated), through the REST API and the
# dashboard. Prints key=value lines on stdout:
#   big_dag_5000_wall_s                     (the 5,000-task run's start_date to end_date, as the API reports them)
#   big_dag_grid_ms|_p95_ms|_kb             (the grid's JSON of the 25 newest runs, after that run)
#   big_dag_graph_ms|_p95_ms|_kb            (the graph page of that run: 5,000 nodes laid out on the server)
#   big_dag_run_states_ms|_p95_ms|_kb       (the graph's state poll of that run)
#   mapped_50k_wall_s  mapped_50k_tis_per_s (the run of 50,000 mapped instances)
#   mapped_50k_grid_during_run_p95_ms  mapped_50k_run_states_during_run_p95_ms  (polled every 500 ms while it ran)
#   mapped_50k_grid_ms|graph_ms|run_states_ms|ti_page_ms (+ _p95_ms, _kb)  (after it; ti_page: the mapped task's page)
# The node's own log is bench/out/bigdag/node.log; the benchmark's is bench/out/bigdag.log. Environment: JAVA_HOME
# (default Temurin 25), BENCH_BUILD_SUFFIX (default -bigdag), MVN_FLAGS (e.g. -o), BENCH_SKIP_BUILD=1 (use the jar
# and classes already built with that suffix), BENCH_JAVA_OPTS (e.g. -Dbench.bigdag.mapped=100000
# -Dbench.bigdag.requests=20).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
: "${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}"
suffix="${BENCH_BUILD_SUFFIX:--bigdag}"
target="bench/target${suffix}"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_FLAGS:-} -Dbuild.suffix="${suffix}" -pl pipeline-web,bench -am package -DskipTests 1>&2
fi

mkdir -p bench/out
log="bench/out/bigdag.log"
echo "big DAG benchmark running (the shipped jar, default settings, embedded PostgreSQL); log in ${log}" >&2
# shellcheck disable=SC2086
"${JAVA_HOME}/bin/java" -Xmx512m ${BENCH_JAVA_OPTS:-} -Dbench.dir=bench/out/bigdag \
    -Dbench.node.jar="pipeline-web/target${suffix}/pipeline.jar" \
    -cp "${target}/classes:$(cat "${target}/classpath.txt")" io.pipeline.bench.node.BigDagBenchmark >"${log}" 2>&1 \
  || { tail -40 "${log}" >&2; exit 1; }
grep -E '^[a-z0-9_]+=' "${log}"
