package io.pipeline.dag.alert;

import java.util.Locale;

/**
 * What an alert reports. The lower-case form is what the outbox and the API store and show; its JSON form is bound
 * in {@code io.pipeline.alert.AlertJsonModule}, so that the DAG DSL stays free of Jackson.
 */
public enum AlertEvent {
    /** A try failed and the task will be retried. */
    RETRY(false),
    /** A task failed with no tries left. */
    FAILURE(false),
    /** A task succeeded. */
    SUCCESS(false),
    /** A task succeeded after its previous outcome (an earlier try, or the task in an earlier run) was a failure. */
    RECOVERY(false),
    /** A run or task had not succeeded by its deadline. */
    DEADLINE_MISSED(false),
    /** A run or task that missed its deadline has now succeeded; the alert says by how much it was late. */
    DEADLINE_FINISHED_LATE(false),
    /** A DAG run succeeded. */
    RUN_SUCCESS(true),
    /** A DAG run failed. */
    RUN_FAILURE(true);

    private final boolean runLevel;

    AlertEvent(boolean runLevel) {
        this.runLevel = runLevel;
    }

    /** True for events about a whole DAG run, which a task-level policy cannot ask for. */
    public boolean isRunLevel() {
        return runLevel;
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertEvent of(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown alert event '" + value + "'");
        }
    }
}
