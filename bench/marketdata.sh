#!/usr/bin/env bash
# Builds the bench module and measures loading minute bars into bars_1m (COPY into staging + upsert, one transaction)
# against a plain COPY of the same CSV into an index-free table, on an embedded PostgreSQL with fsync ON. Prints
#   bars_rows_per_s=  plain_copy_rows_per_s=  ratio_to_plain_copy=  (and a few more: reload_upsert_rows_per_s= ...)
# as key=value lines on stdout; build output goes to stderr.
# Environment: JAVA_HOME (default Temurin 25), BENCH_BUILD_SUFFIX (default -mdbench), MVN_FLAGS (default -o),
# BARS (default 1000000), ROUNDS (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
suffix="${BENCH_BUILD_SUFFIX:--mdbench}"
target="bench/target${suffix}"

# shellcheck disable=SC2086
mvn -B -q ${MVN_FLAGS--o} -Dbuild.suffix="${suffix}" -pl bench -am package -DskipTests 1>&2

echo "market-data load benchmark running (${BARS:-1000000} bars, ${ROUNDS:-5} rounds)" >&2
"${JAVA_HOME}/bin/java" -Xmx2g -Dbars="${BARS:-1000000}" -Drounds="${ROUNDS:-5}" \
    -cp "${target}/classes:$(cat "${target}/classpath.txt")" io.pipeline.bench.marketdata.BarsLoadBench \
    | awk '/^[a-z0-9_]+=/ { print; next } { print > "/dev/stderr" }'
