package io.pipeline.store;

import io.pipeline.state.TaskState;

import java.time.Instant;
import java.util.Objects;

/** A row of {@code task_instance}, with the run id and logical date of its run for display. */
public record TaskInstanceRow(
        long id,
        long runPk,
        String dagId,
        String runId,
        Instant logicalDate,
        String taskId,
        int mapIndex,
        TaskState state,
        int tryNumber,
        int maxTries,
        int priority,
        String pool,
        int poolSlots,
        String queue,
        String operator,
        Instant scheduledAt,
        Instant queuedAt,
        Instant startDate,
        Instant endDate,
        Long durationMs,
        Instant nextAttemptAt,
        String nodeId,
        Instant heartbeatAt,
        String failureReason,
        String note,
        Instant updatedAt,
        int version) {

    public TaskInstanceRow {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(state, "state");
    }
}
