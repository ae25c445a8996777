#!/usr/bin/env bash
# Node benchmark: what users run. Builds the shipped jar and the bench module, starts the jar as a user starts it
# (java -jar pipeline.jar, default settings, its embedded PostgreSQL under bench/out/node/data, recreated) and drives
# it through the REST API only. Prints key=value lines on stdout:
#   node_chain_1000_wall_s  node_chain_idle_hop_p50_ms|p99_ms   (stress_chain of 1,000 on the idle node)
#   node_throughput_tis_per_s  node_fanout_wall_s               (stress_fanout width 20000, sleep_ms 0)
#   node_first_fanout_tis_per_s      (the warm-up fan-out of the same width, the first after start: a cold JIT)
#   (the node is warmed up with -Dbench.node.warmups fan-outs of the measured width first, default 1)
#   node_hop_p50_ms|p99_ms  node_hop_beside_fanout               (a 200-link stress_chain beside that fan-out: the hops
#                     that began while the fan-out ran, and how many did; node_hop_whole_chain_p99_ms over all hops)
#   node_pg_cpu_ms_per_1k_tis  node_pg_cpu_s  node_jvm_cpu_s    (CPU during the fan-out, from /proc)
#   node_db_bytes_per_ti  (the run tables with indexes and TOAST, after VACUUM, over the task instances held)
#   dbscheduler_tis_per_s  node_vs_dbscheduler                  (db-scheduler, same PostgreSQL, same run)
#   node_3nodes_throughput_tis_per_s  node_3nodes_vs_1node  node_3nodes_hop_p50_ms|p99_ms  (two more jars attached
#   to the first one's PostgreSQL, the same fan-out and chain on three nodes; -Dbench.node.three=false skips it)
# The node's own log is bench/out/node/node.log; the benchmark's is bench/out/node.log. Environment: JAVA_HOME
# (default Temurin 25), BENCH_BUILD_SUFFIX (default -node), MVN_FLAGS (e.g. -o), BENCH_JAVA_OPTS (e.g.
# -Dbench.node.width=50000; -Dbench.node.pool-slots=16 sets default_pool through the API before measuring).
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
log="bench/out/node.log"
echo "node benchmark running (the shipped jar, default settings, embedded PostgreSQL); log in ${log}" >&2
# shellcheck disable=SC2086
"${JAVA_HOME}/bin/java" -Xmx512m ${BENCH_JAVA_OPTS:-} -Dbench.dir=bench/out/node \
    -Dbench.node.jar="pipeline-web/target${suffix}/pipeline.jar" \
    -cp "${target}/classes:$(cat "${target}/classpath.txt")" io.pipeline.bench.node.NodeBenchmark >"${log}" 2>&1 \
  || { tail -40 "${log}" >&2; exit 1; }
grep -E '^[a-z0-9_]+=' "${log}"
