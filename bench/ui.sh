#!/usr/bin/env bash
# Dashboard server times on a database of the issue's size: the grid's JSON for 100 runs x 200 (and 500) tasks and
# the DAG list of 500 DAGs rendered by its template (pipeline-web's DashboardSpeedTest, on the embedded test
# PostgreSQL). Prints key=value lines on stdout (medians of 15 calls after 5 warm-up calls):
#   ui_grid_100x200_ms=  ui_grid_100x500_ms=  ui_dag_list_500_ms=  ui_partition_map_10y_ms= (ten years of XNYS
#   sessions, target <= 150 ms)  (+ sizes and the query times)
# The grid page's first paint in headless Chromium is measured by the browser test (grid_first_paint_ms).
# Environment: JAVA_HOME (default Temurin 25), BENCH_BUILD_SUFFIX (default -uibench), MVN_FLAGS (default -o).
set -euo pipefail
cd "$(dirname "$0")/.."

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
suffix="${BENCH_BUILD_SUFFIX:--uibench}"

# shellcheck disable=SC2086
mvn -B -q ${MVN_FLAGS--o} -Dbuild.suffix="${suffix}" -pl pipeline-web -am test -Dtest=DashboardSpeedTest \
    -Dsurefire.failIfNoSpecifiedTests=false 1>&2
grep -h '^ui_' "pipeline-web/target${suffix}/surefire-reports/io.pipeline.web.ui.DashboardSpeedTest-output.txt"
