package io.pipeline.alert.deadline;

import io.pipeline.dag.alert.RunDates;

import java.time.Instant;

/**
 * Finds the data interval and session of a DAG run; the engine's run store implements it, since the state-change
 * records carry only the logical date. Called inside the state change's transaction, so it may read the run's row.
 */
@FunctionalInterface
public interface RunDatesResolver {

    RunDates resolve(String dagId, String runId, Instant logicalDate);

    /** Knows nothing beyond the logical date (data interval = that instant, no session). */
    static RunDatesResolver logicalDateOnly() {
        return (dagId, runId, logicalDate) -> RunDates.ofLogicalDate(logicalDate);
    }
}
