#!/usr/bin/env bash
# The close benchmark: what users run at the XNYS close. Builds the shipped jar and the bench module, starts the jar
# (java -jar pipeline.jar, its embedded PostgreSQL under bench/out/herd/data, recreated) with 1,000 herd DAGs
# (-Dpipeline.examples.herd-dags; 20 tasks each: start, 18 in parallel, end) scheduled at the XNYS close and its clock
# started 360 s before the next XNYS close (--pipeline.bench.clock-start), warms it up through the REST API, runs a
# 200-link stress_chain across the close and prints key=value lines on stdout:
#   herd_runs_created_s  (the close -> the last of the herd's runs exists)
#   herd_first_task_p50_s|p99_s|max_s  (the close -> each run's first task running)  herd_starvation_ratio (max/p50)
#   herd_all_done_s  herd_chain_hop_p50_ms|p99_ms  (the chain's hop during the herd)
# The node's log is bench/out/herd/node.log; the benchmark's is bench/out/herd.log. Environment: JAVA_HOME (default
# Temurin 25), BENCH_BUILD_SUFFIX (default -node), MVN_FLAGS (e.g. -o), BENCH_JAVA_OPTS (e.g. -Dbench.herd.dags=200
# -Dbench.herd.lead-s=240).
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
log="bench/out/herd.log"
echo "herd benchmark running (the shipped jar, 1,000 DAGs at the XNYS close); log in ${log}" >&2
# shellcheck disable=SC2086
"${JAVA_HOME}/bin/java" -Xmx512m ${BENCH_JAVA_OPTS:-} -Dbench.dir=bench/out/herd \
    -Dbench.node.jar="pipeline-web/target${suffix}/pipeline.jar" \
    -cp "${target}/classes:$(cat "${target}/classpath.txt")" io.pipeline.bench.node.HerdBenchmark >"${log}" 2>&1 \
  || { tail -40 "${log}" >&2; exit 1; }
grep -E '^[a-z0-9_]+=' "${log}"
