package io.pipeline.schedule;

import java.time.Instant;

/**
 * Bounds for the next scheduled run: not before {@code earliest} (the DAG's start date), not after {@code latest}
 * (the DAG's end date, or null), and with catchup off only the latest run due by {@code now}.
 */
public record TimeRestriction(Instant earliest, Instant latest, boolean catchup) {
    public TimeRestriction {
        if (earliest != null && latest != null && latest.isBefore(earliest)) {
            throw new IllegalArgumentException("time restriction: latest " + latest + " is before earliest " + earliest);
        }
    }
}
