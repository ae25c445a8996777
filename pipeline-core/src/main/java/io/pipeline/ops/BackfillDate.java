package io.pipeline.ops;

import java.time.Instant;

/**
 * One logical date of a backfill: its run (null when skipped) and the run's state, or why it was skipped
 * ({@code already_exists}, {@code in_flight}).
 */
public record BackfillDate(Instant logicalDate, String runId, String runState, String skipReason) {
}
