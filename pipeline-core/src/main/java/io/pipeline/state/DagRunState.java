package io.pipeline.state;

import java.util.Locale;

/** DAG-run states. */
public enum DagRunState {
    QUEUED, RUNNING, SUCCESS, FAILED;

    /** Made once: the form is asked for on every state change (meters, statements). */
    private final String value = name().toLowerCase(Locale.ROOT);

    public String value() {
        return value;
    }

    public static DagRunState of(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown DAG run state '" + value + "'");
        }
    }

    public boolean isTerminal() {
        return this == SUCCESS || this == FAILED;
    }
}
