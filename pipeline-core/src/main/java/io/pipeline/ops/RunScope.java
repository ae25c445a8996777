package io.pipeline.ops;

import java.time.Instant;

/**
 * Which runs of a DAG an operation takes (Airflow's clear semantics): one run by id, or the runs whose logical date
 * lies in [start, end] (either bound open when null). {@code past} drops the lower bound and {@code future} the
 * upper one; with a run id, both bounds start at that run's logical date.
 */
public record RunScope(String runId, Instant start, Instant end, boolean past, boolean future) {

    public RunScope {
        if (runId != null && (start != null || end != null)) {
            throw new IllegalArgumentException("give either a dag_run_id or a start_date/end_date range, not both");
        }
        if (runId != null && runId.isBlank()) {
            throw new IllegalArgumentException("dag_run_id is blank");
        }
        if (start != null && end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("end_date " + end + " is before start_date " + start);
        }
    }

    public static RunScope run(String runId) {
        return new RunScope(runId, null, null, false, false);
    }

    public static RunScope between(Instant start, Instant end) {
        return new RunScope(null, start, end, false, false);
    }

    public static RunScope all() {
        return new RunScope(null, null, null, false, false);
    }

    public RunScope withPast(boolean value) {
        return new RunScope(runId, start, end, value, future);
    }

    public RunScope withFuture(boolean value) {
        return new RunScope(runId, start, end, past, value);
    }

    /** The logical-date bounds once the run's own date is known ({@code runDate} null without a run id). */
    Instant lower(Instant runDate) {
        return past ? null : runId != null ? runDate : start;
    }

    Instant upper(Instant runDate) {
        return future ? null : runId != null ? runDate : end;
    }
}
