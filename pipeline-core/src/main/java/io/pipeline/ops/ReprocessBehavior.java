package io.pipeline.ops;

import java.util.Locale;

/**
 * What a backfill does with a logical date that already has a run (Airflow 3): {@code none} leaves every existing
 * run alone, {@code failed} re-runs the failed ones (their failed TIs), {@code completed} re-runs failed and
 * successful ones (all their TIs). Queued and running runs are never touched.
 */
public enum ReprocessBehavior {
    NONE, FAILED, COMPLETED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReprocessBehavior of(String value) {
        for (ReprocessBehavior b : values()) {
            if (b.value().equals(value)) {
                return b;
            }
        }
        throw new IllegalArgumentException("reprocess_behavior '" + value + "' is not one of none, failed, completed");
    }
}
