package io.pipeline.ops;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a backfill does at one logical date: create a run, reprocess the existing one, or skip it (and why).
 *
 * @param session the trading session for session schedules, else null
 */
public record PlannedRun(Instant logicalDate, LocalDate session, Action action) {

    public enum Action {
        CREATE, REPROCESS, SKIP_ALREADY_EXISTS, SKIP_IN_FLIGHT;

        public boolean runs() {
            return this == CREATE || this == REPROCESS;
        }

        /** The reason stored for a skipped date (Airflow 3's names), null for a date that runs. */
        String reason() {
            return switch (this) {
                case SKIP_ALREADY_EXISTS -> "already_exists";
                case SKIP_IN_FLIGHT -> "in_flight";
                default -> null;
            };
        }
    }
}
