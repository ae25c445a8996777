package io.pipeline.ops;

import java.time.Instant;

/**
 * A row of {@code backfill}. {@code completedAt} is set when its last run finished or it was cancelled;
 * {@code onlyMissingPartitionsOf} is the dataset URI whose missing partitions it was limited to, or null.
 */
public record BackfillRow(long id, String dagId, Instant fromDate, Instant toDate, boolean runBackwards,
                          String confJson, ReprocessBehavior reprocess, int maxActiveRuns, boolean paused,
                          String createdBy, Instant createdAt, Instant completedAt, Instant updatedAt,
                          String onlyMissingPartitionsOf) {
}
