package io.pipeline.store;

import io.pipeline.state.TaskState;

import java.time.Instant;

/** One try of a task instance (a row of {@code task_try}). {@code error} is null unless the try failed. */
public record TaskTryRow(long tiId, int tryNumber, TaskState state, Instant startDate, Instant endDate,
                         Long durationMs, String nodeId, String error) {
}
