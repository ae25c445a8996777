package io.pipeline.alert.deadline;

import java.time.Duration;
import java.time.Instant;

/**
 * A run (taskId null) or task that had not succeeded by its deadline.
 *
 * @param succeededAt when it finally succeeded, or null while it has not
 * @param lateBy      succeededAt - dueAt, or null while it has not succeeded
 */
public record DeadlineMiss(long id, String dagId, String runId, String taskId, Instant logicalDate, String deadline,
                           Instant dueAt, Instant detectedAt, Instant succeededAt, Duration lateBy) {
}
