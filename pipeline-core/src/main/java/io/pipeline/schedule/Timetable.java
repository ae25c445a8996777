package io.pipeline.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * Computes scheduled DAG runs. Pure: no clock reads; "now" is passed in where needed.
 */
public interface Timetable {

    /**
     * The run after {@code last} (null: no scheduled run yet), within the restriction. With catchup off the engine
     * passes {@code now} and the timetable returns the latest run whose runAfter is &lt;= now rather than the
     * oldest missed one (or the first future one when none is due).
     */
    Optional<DagRunInfo> nextRun(DagRunInfo last, TimeRestriction restriction, Instant now);

    /** The data interval for a manual run triggered with this logical date. */
    DataInterval manualDataInterval(Instant logicalDate);

    /** Human-readable schedule, e.g. {@code "04:00 America/New_York on XNYS sessions"}. */
    String description();

    /** The expression shown in the API's schedule_interval field. */
    String expression();

    /** True for timetables that never schedule (manual-only DAGs). */
    default boolean isManual() {
        return false;
    }
}
