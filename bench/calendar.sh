#!/usr/bin/env bash
# Builds pipeline-core and the bench module, runs the trading-calendar JMH benchmarks (XNYS) and prints
#   calendar_is_session_ns=  calendar_next_session_ns=  calendar_all_sessions_us=  calendar_build_ms=
#   calendar_is_session_overrides_ns=  calendar_next_session_overrides_ns= (XNYS with 200 overrides in force)
# as key=value lines on stdout. Build output and JMH's report go to stderr / a log file.
# Environment: JAVA_HOME (default Temurin 25), BENCH_BUILD_SUFFIX (default -calbench), MVN_FLAGS (default -o).
set -euo pipefail
cd "$(dirname "$0")/.."

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
suffix="${BENCH_BUILD_SUFFIX:--calbench}"
target="bench/target${suffix}"

# shellcheck disable=SC2086
mvn -B -q ${MVN_FLAGS--o} -Dbuild.suffix="${suffix}" -pl bench -am package -DskipTests 1>&2

log="${target}/calendar-jmh.log"
echo "calendar benchmarks running; JMH report in ${log}" >&2
"${JAVA_HOME}/bin/java" -Dcalendar.bench.log="${log}" \
    -cp "${target}/classes:$(cat "${target}/classpath.txt")" io.pipeline.bench.calendar.CalendarBench
