#!/usr/bin/env bash
# History benchmark: years of runs in the metadata database. Builds the shipped jar and the bench module, starts the
# jar on a fresh embedded PostgreSQL (bench/out/history/data, recreated; the jar's Flyway migrations), samples its
# scheduler tick, writes 3 years of 200 DAGs x 30 tasks on XNYS sessions (about 4.5 million task instances with
# their tries, logs, XComs and an event log) straight into that database with set-based SQL, restarts the jar on it
# and times the API and the dashboard. Prints key=value lines on stdout:
#   history_<page>_p95_ms (and _p50_ms)  for api_dag_list dag_list grid_25 grid_100 grid_page dag_runs
#       run_task_instances task_tries tries_chart event_log_by_dag event_log_by_user event_log_by_user_last_page
#       landing_times calendar
#   history_scheduler_tick_ratio  (mean pipeline.scheduler.loop with the history over the same on the empty database)
#   history_rows_<table>, history_generate_s, history_database_gb, history_run_tables_gb, history_db_bytes_per_ti
# Logs: bench/out/history.log (benchmark), bench/out/history/node.log (the jar). About 5 GB of disk.
# Environment: JAVA_HOME (default Temurin 25), BENCH_BUILD_SUFFIX (default -history), MVN_FLAGS (e.g. -o),
#   BENCH_JAVA_OPTS (e.g. -Dbench.history.dags=20 -Dbench.history.years=1 for a quick look).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
: "${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}"
suffix="${BENCH_BUILD_SUFFIX:--history}"
target="bench/target${suffix}"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_FLAGS:-} -Dbuild.suffix="${suffix}" -pl pipeline-web,bench -am package -DskipTests 1>&2
fi

mkdir -p bench/out
log="bench/out/history.log"
echo "history benchmark running (generates years of runs, then times the API and dashboard); log in ${log}" >&2
# shellcheck disable=SC2086
"${JAVA_HOME}/bin/java" -Xmx512m ${BENCH_JAVA_OPTS:-} -Dbench.dir=bench/out/history \
    -Dbench.node.jar="pipeline-web/target${suffix}/pipeline.jar" \
    -cp "${target}/classes:$(cat "${target}/classpath.txt")" io.pipeline.bench.node.HistoryBenchmark >"${log}" 2>&1 \
  || { tail -40 "${log}" >&2; exit 1; }
grep -E '^[a-z0-9_]+=' "${log}"
