package io.pipeline.alert;

import io.pipeline.dag.alert.AlertEvent;

import java.time.Instant;
import java.util.List;

/**
 * One outbox row as the API shows it.
 *
 * @param taskId        null for run-level alerts
 * @param nextAttemptAt when a pending alert is tried next
 */
public record AlertView(long id, Instant createdAt, String dagId, String runId, String taskId, int mapIndex,
                        AlertEvent event, String notifier, String channel, String summary, AlertState state,
                        int attempts, Instant nextAttemptAt, String lastError, Instant deliveredAt, Instant resentAt) {

    /** One alert with its full payload and every delivery attempt, oldest first. */
    public record Detail(AlertView alert, AlertPayload payload, List<Attempt> attempts) {
    }

    /** @param httpStatus null when no HTTP answer was received */
    public record Attempt(int attempt, Instant at, String outcome, Integer httpStatus, String error, long durationMs) {
    }

    /** A page of alerts; {@code total} counts all that match the filter. */
    public record Page(long total, int limit, int offset, List<AlertView> alerts) {
    }

    /** Criteria for listing alerts; null fields do not filter. {@code since} inclusive, {@code until} exclusive. */
    public record Filter(String dagId, String runId, String taskId, AlertState state, AlertEvent event,
                         String notifier, Instant since, Instant until) {
        public static Filter all() {
            return new Filter(null, null, null, null, null, null, null, null);
        }

        public Filter withState(AlertState s) {
            return new Filter(dagId, runId, taskId, s, event, notifier, since, until);
        }

        public Filter withRun(String dag, String run) {
            return new Filter(dag, run, taskId, state, event, notifier, since, until);
        }
    }
}
