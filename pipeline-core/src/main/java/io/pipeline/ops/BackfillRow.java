package io.pipeline.ops;

import java.time.Instant;

/** A row of {@code backfill}. {@code completedAt} is set when its last run finished or it was cancelled. */
public record BackfillRow(long id, String dagId, Instant fromDate, Instant toDate, boolean runBackwards,
                          String confJson, ReprocessBehavior reprocess, int maxActiveRuns, boolean paused,
                          String createdBy, Instant createdAt, Instant completedAt, Instant updatedAt) {
}
