package io.pipeline.state;

import java.util.Locale;

/** Task-instance states (Airflow's names; the lower-case form is what the API and the database store). */
public enum TaskState {
    NONE, SCHEDULED, QUEUED, RUNNING, SUCCESS, FAILED, UP_FOR_RETRY, UP_FOR_RESCHEDULE, UPSTREAM_FAILED, SKIPPED, REMOVED,
    /** Waiting on a trigger (a time, an object key) without a worker slot; the triggerer wakes it. */
    DEFERRED;

    /** Made once: the form is asked for on every state change (meters, statements). */
    private final String value = name().toLowerCase(Locale.ROOT);

    /** The stored and API form, e.g. {@code up_for_retry}. */
    public String value() {
        return value;
    }

    public static TaskState of(String value) {
        if (value == null) {
            return NONE;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown task state '" + value + "'");
        }
    }

    /** Finished: the scheduler will not move it again unless it is cleared. */
    public boolean isTerminal() {
        return this == SUCCESS || this == FAILED || this == UPSTREAM_FAILED || this == SKIPPED || this == REMOVED;
    }

    /** Holding or about to hold a worker slot. */
    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }

    /** Not finished, and will be picked up again without an operator. */
    public boolean isPending() {
        return !isTerminal();
    }
}
