package io.pipeline.state;

import java.util.Locale;

/** When a task may run given its direct upstream tasks' states (Airflow's rules and meanings). */
public enum TriggerRule {
    ALL_SUCCESS, ALL_FAILED, ALL_DONE, ALL_SKIPPED, ONE_SUCCESS, ONE_FAILED, ONE_DONE,
    NONE_FAILED, NONE_FAILED_MIN_ONE_SUCCESS, NONE_SKIPPED, ALWAYS;

    /** Made once: the form is asked for on every state change (meters, statements). */
    private final String value = name().toLowerCase(Locale.ROOT);

    public String value() {
        return value;
    }

    public static TriggerRule of(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown trigger rule '" + value + "'");
        }
    }
}
