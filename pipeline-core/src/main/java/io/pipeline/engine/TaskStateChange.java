package io.pipeline.engine;

import io.pipeline.state.TaskState;

import java.time.Duration;
import java.time.Instant;

/** A task instance moved from one state to another. {@code error} is the first lines of the failure, or null. */
public record TaskStateChange(
        String dagId, String runId, Instant logicalDate, String taskId, int mapIndex,
        int tryNumber, int maxTries, TaskState from, TaskState to, Instant at, Duration duration, String error) {
}
