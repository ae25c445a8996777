package io.pipeline.store;

import io.pipeline.state.TaskState;

import java.time.Instant;

/**
 * The end of one try (or one reschedule poke) as it is written to {@code task_instance} and {@code task_try}.
 *
 * @param claimedVersion the TI version the worker claimed; a different stored version means the TI was taken away
 * @param state          success, failed, up_for_retry, up_for_reschedule, deferred or skipped
 * @param tryStart       start of the try (a reschedule sensor: its first poke)
 * @param nextAttemptAt  retry time or next poke, else null
 * @param error          first lines of the failure, else null
 * @param extraTries     added to max_tries: 1 when the try failed because the database was unreachable, so that
 *                       the engine's own outage does not use up the task's tries
 */
public record TryResult(
        long tiId,
        int claimedVersion,
        int tryNumber,
        TaskState state,
        Instant tryStart,
        Instant end,
        long durationMs,
        Instant nextAttemptAt,
        Instant firstPokeAt,
        Instant sensorDeadline,
        String nodeId,
        String error,
        int extraTries) {

    /** A result that uses a try as usual ({@code extraTries} 0). */
    public TryResult(long tiId, int claimedVersion, int tryNumber, TaskState state, Instant tryStart, Instant end,
                     long durationMs, Instant nextAttemptAt, Instant firstPokeAt, Instant sensorDeadline,
                     String nodeId, String error) {
        this(tiId, claimedVersion, tryNumber, state, tryStart, end, durationMs, nextAttemptAt, firstPokeAt,
                sensorDeadline, nodeId, error, 0);
    }
}
