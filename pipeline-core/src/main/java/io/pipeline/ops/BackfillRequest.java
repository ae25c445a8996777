package io.pipeline.ops;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A backfill: one run per scheduled logical date in [from, to] (session schedules: per session).
 *
 * @param runBackwards  start the newest runs first
 * @param conf          the conf of every run it creates (validated against the DAG's params)
 * @param maxActiveRuns the backfill's own limit of running runs (the DAG's limit is for its scheduled runs)
 * @param missingOf     a dataset URI, or null: only the dates whose partition of that dataset has no event yet
 *                      ("every session of 2025 where bars_1d has no event")
 */
public record BackfillRequest(String dagId, Instant from, Instant to, boolean runBackwards, Map<String, Object> conf,
                              ReprocessBehavior reprocess, int maxActiveRuns, String missingOf) {

    public BackfillRequest(String dagId, Instant from, Instant to, boolean runBackwards, Map<String, Object> conf,
                           ReprocessBehavior reprocess, int maxActiveRuns) {
        this(dagId, from, to, runBackwards, conf, reprocess, maxActiveRuns, null);
    }

    /** Airflow 3's default. */
    public static final int DEFAULT_MAX_ACTIVE_RUNS = 10;

    public BackfillRequest {
        Objects.requireNonNull(dagId, "dag_id is required");
        Objects.requireNonNull(from, "from_date is required");
        Objects.requireNonNull(to, "to_date is required");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to_date " + to + " is before from_date " + from);
        }
        conf = conf == null ? Map.of() : Map.copyOf(conf);
        reprocess = reprocess == null ? ReprocessBehavior.NONE : reprocess;
        if (maxActiveRuns < 1) {
            throw new IllegalArgumentException("max_active_runs must be at least 1, got " + maxActiveRuns);
        }
    }

    public static BackfillRequest of(String dagId, Instant from, Instant to) {
        return new BackfillRequest(dagId, from, to, false, Map.of(), ReprocessBehavior.NONE, DEFAULT_MAX_ACTIVE_RUNS);
    }

    public BackfillRequest withReprocess(ReprocessBehavior value) {
        return new BackfillRequest(dagId, from, to, runBackwards, conf, value, maxActiveRuns, missingOf);
    }

    public BackfillRequest withMaxActiveRuns(int value) {
        return new BackfillRequest(dagId, from, to, runBackwards, conf, reprocess, value, missingOf);
    }

    public BackfillRequest backwards() {
        return new BackfillRequest(dagId, from, to, true, conf, reprocess, maxActiveRuns, missingOf);
    }

    public BackfillRequest withConf(Map<String, Object> value) {
        return new BackfillRequest(dagId, from, to, runBackwards, value, reprocess, maxActiveRuns, missingOf);
    }

    /** Only the dates whose partition of the dataset has no event yet. */
    public BackfillRequest onlyMissingPartitionsOf(String datasetUri) {
        return new BackfillRequest(dagId, from, to, runBackwards, conf, reprocess, maxActiveRuns, datasetUri);
    }
}
