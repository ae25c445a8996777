#!/usr/bin/env bash
# Soak: one node (the shipped jar, default settings, its embedded PostgreSQL under bench/out/soak/data, recreated)
# runs the example and market-data DAGs every minute (each triggered through the REST API) with a stress_fanout
# burst every 10 minutes, for SOAK_MINUTES (default 120). Every minute it samples the node: heap after a full GC
# (jcmd GC.run, then the heap in use from /actuator/prometheus), live threads, connections to the database
# (pg_stat_activity) and the run tables' size; at the end it waits for every triggered run and prints key=value lines:
#   soak_heap_growth_mb   soak_threads_growth   soak_connections_growth   (last quarter of the samples minus the first
#                                                                          quarter after a 10% warm-up)
#   soak_failed_tis       (task instances in state failed; want 0)
#   soak_runs_<state>  soak_run_tables_growth_mb  soak_run_tables_bytes_per_ti  soak_connections_max
# Each sample is also printed as a "sample ..." line in the log (bench/out/soak.log); the node's log is
# bench/out/soak/node.log. Environment: SOAK_MINUTES (default 120), SOAK_DAGS (comma list; default the example and
# market-data DAGs whose manual runs end on their own: example_hello, example_task_groups, example_trading_day,
# daily_bars, intraday_prices, backtest), SOAK_FANOUT_EVERY (minutes between bursts, default 10; 0: none),
# SOAK_FANOUT_WIDTH (default 5000), JAVA_HOME, BENCH_BUILD_SUFFIX (default -soak), MVN_FLAGS (e.g. -o),
# BENCH_SKIP_BUILD=1, BENCH_JAVA_OPTS (e.g. -Dbench.soak.start-minutes=N: how long the node may take to start, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
: "${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}"
suffix="${BENCH_BUILD_SUFFIX:--soak}"
target="bench/target${suffix}"
minutes="${SOAK_MINUTES:-120}"
case "${minutes}" in
  ''|*[!0-9]*) echo "SOAK_MINUTES must be a whole number of minutes, got '${minutes}'" >&2; exit 2 ;;
esac

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_FLAGS:-} -Dbuild.suffix="${suffix}" -pl pipeline-web,bench -am package -DskipTests 1>&2
fi

opts=(-Dbench.soak.minutes="${minutes}")
[ -n "${SOAK_DAGS:-}" ] && opts+=(-Dbench.soak.dags="${SOAK_DAGS}")
[ -n "${SOAK_FANOUT_EVERY:-}" ] && opts+=(-Dbench.soak.fanout-every-minutes="${SOAK_FANOUT_EVERY}")
[ -n "${SOAK_FANOUT_WIDTH:-}" ] && opts+=(-Dbench.soak.fanout-width="${SOAK_FANOUT_WIDTH}")

mkdir -p bench/out
log="bench/out/soak.log"
echo "soak running for ${minutes} minutes (the shipped jar, default settings, embedded PostgreSQL); log in ${log}" >&2
# shellcheck disable=SC2086
"${JAVA_HOME}/bin/java" -Xmx256m ${BENCH_JAVA_OPTS:-} "${opts[@]}" -Dbench.dir=bench/out/soak \
    -Dbench.node.jar="pipeline-web/target${suffix}/pipeline.jar" \
    -cp "${target}/classes:$(cat "${target}/classpath.txt")" io.pipeline.bench.node.SoakBenchmark >"${log}" 2>&1 \
  || { tail -40 "${log}" >&2; exit 1; }
grep -E '^[a-z0-9_]+=' "${log}"
