#!/usr/bin/env bash
# Dataset trigger benchmark: what users run. Builds the shipped jar and the bench module, starts the jar as a user
# starts it (java -jar pipeline.jar, default settings, its embedded PostgreSQL under bench/out/datasets/data,
# recreated) and drives it through the REST API: example_dataset_producer triggered for a session (its success
# records the event of example://prices/eod), then POST /api/v1/datasets/events from outside, one event at a time,
# each until example_dataset_consumer's run of that session succeeded. Prints key=value lines on stdout (from the
# node's database timestamps):
#   dataset_trigger_p50_ms|p99_ms|max_ms        (event -> the consumer's first task running; producer path)
#   dataset_trigger_run_created_p50_ms|p99_ms   (event -> the consumer's run created; producer path)
#   dataset_trigger_external_p50_ms|p99_ms      (event -> first task running; POST /datasets/events)
# Environment: JAVA_HOME (default Temurin 25), BENCH_BUILD_SUFFIX (default -node), MVN_FLAGS (e.g. -o),
# BENCH_JAVA_OPTS (e.g. -Dbench.datasets.events=500), BENCH_SKIP_BUILD=1 (use the jar already built). The node's log
# is bench/out/datasets/node.log.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
: "${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}"
suffix="${BENCH_BUILD_SUFFIX:--node}"
target="bench/target${suffix}"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_FLAGS:-} -Dbuild.suffix="${suffix}" -pl pipeline-web,bench -am package -DskipTests 1>&2
fi

mkdir -p bench/out
log="bench/out/datasets.log"
echo "dataset trigger benchmark running (the shipped jar, default settings, embedded PostgreSQL); log in ${log}" >&2
# shellcheck disable=SC2086
"${JAVA_HOME}/bin/java" -Xmx256m ${BENCH_JAVA_OPTS:-} -Dbench.dir=bench/out/datasets \
    -Dbench.node.jar="pipeline-web/target${suffix}/pipeline.jar" \
    -cp "${target}/classes:$(cat "${target}/classpath.txt")" io.pipeline.bench.node.DatasetTriggerBenchmark \
    >"${log}" 2>&1 \
  || { tail -40 "${log}" >&2; exit 1; }
grep -E '^[a-z0-9_]+=' "${log}"
