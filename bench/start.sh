#!/usr/bin/env bash
# Start with many DAGs: the shipped jar started with 2,000 herd DAGs (-Dpipeline.examples.herd-dags, start date 60
# days ahead so that nothing is due), on a fresh data directory and again on the same one, then a default start for
# the base. Prints key=value lines on stdout:
#   dags_2000_start_s  dags_2000_restart_s  (process start -> Spring Boot's started line)
#   dags_2000_load_s  dags_2000_reload_s  (the DAGs' part, as the node logs it: scan and build + sync of the dag table)
#   dags_2000_scan_cpu_s  dags_2000_rescan_cpu_s  (the scan thread's CPU time)
#   dags_2000_start_cpu_s  dags_0_start_cpu_s  (the node JVM's CPU time at the started line)
#   dags_2000_heap_mb  (live heap after a full GC, jcmd GC.class_histogram)  dags_0_start_s  dags_0_heap_mb
# The nodes' logs are under bench/out/start; the benchmark's is bench/out/start.log. Environment: JAVA_HOME (default
# Temurin 25), BENCH_BUILD_SUFFIX (default -node), MVN_FLAGS (e.g. -o), BENCH_JAVA_OPTS (e.g. -Dbench.start.dags=1000).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
: "${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}"
suffix="${BENCH_BUILD_SUFFIX:--node}"
target="bench/target${suffix}"

# shellcheck disable=SC2086
mvn -B -q ${MVN_FLAGS:-} -Dbuild.suffix="${suffix}" -pl pipeline-web,bench -am package -DskipTests 1>&2

mkdir -p bench/out
log="bench/out/start.log"
echo "start benchmark running (the shipped jar with 2,000 DAGs, three starts); log in ${log}" >&2
# shellcheck disable=SC2086
"${JAVA_HOME}/bin/java" -Xmx256m ${BENCH_JAVA_OPTS:-} -Dbench.dir=bench/out/start \
    -Dbench.node.jar="pipeline-web/target${suffix}/pipeline.jar" \
    -cp "${target}/classes:$(cat "${target}/classpath.txt")" io.pipeline.bench.node.DagsStartBenchmark >"${log}" 2>&1 \
  || { tail -40 "${log}" >&2; exit 1; }
grep -E '^[a-z0-9_]+=' "${log}"
