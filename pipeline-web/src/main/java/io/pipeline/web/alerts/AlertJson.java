package io.pipeline.web.alerts;

import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.alert.AlertPayload;
import io.pipeline.alert.AlertView;

import java.time.Instant;
import java.util.List;

/**
 * One alert as {@code GET /api/v1/alerts} shows it (snake_case through the application's naming strategy), with
 * Airflow's names where they exist ({@code dag_run_id}).
 *
 * @param state         {@code pending}, {@code delivered} or {@code undeliverable}
 * @param attempts      delivery attempts so far
 * @param nextAttemptAt when a pending alert is tried next; null once settled
 * @param lastError     the last failed attempt's error (for undeliverable alerts: why)
 */
public record AlertJson(long alertId, Instant createdAt, String dagId, String dagRunId, String taskId, int mapIndex,
                        AlertEvent event, String notifier, String channel, String summary, String state, int attempts,
                        Instant nextAttemptAt, String lastError, Instant deliveredAt, Instant resentAt) {

    static AlertJson of(AlertView a) {
        boolean pending = a.state() == io.pipeline.alert.AlertState.PENDING;
        return new AlertJson(a.id(), a.createdAt(), a.dagId(), a.runId(), a.taskId(), a.mapIndex(), a.event(),
                a.notifier(), a.channel(), a.summary(), a.state().value(), a.attempts(),
                pending ? a.nextAttemptAt() : null, a.lastError(), a.deliveredAt(), a.resentAt());
    }

    /** A page of alerts; {@code total_entries} counts every alert the filters match. */
    public record Collection(List<AlertJson> alerts, long totalEntries) {
    }

    /** One alert with what it says in full and every delivery attempt, oldest first. */
    public record Detail(long alertId, Instant createdAt, String dagId, String dagRunId, String taskId, int mapIndex,
                         AlertEvent event, String notifier, String channel, String summary, String state,
                         int attempts, Instant nextAttemptAt, String lastError, Instant deliveredAt,
                         Instant resentAt, AlertPayload payload, List<Attempt> deliveryAttempts) {
        static Detail of(AlertView.Detail d) {
            AlertJson a = AlertJson.of(d.alert());
            return new Detail(a.alertId(), a.createdAt(), a.dagId(), a.dagRunId(), a.taskId(), a.mapIndex(),
                    a.event(), a.notifier(), a.channel(), a.summary(), a.state(), a.attempts(), a.nextAttemptAt(),
                    a.lastError(), a.deliveredAt(), a.resentAt(), d.payload(),
                    d.attempts().stream().map(Attempt::of).toList());
        }
    }

    /**
     * @param outcome    {@code delivered}, {@code retryable}, {@code timeout}, {@code rate_limited}, {@code permanent}
     *                   or {@code not_configured}
     * @param httpStatus null when no HTTP answer came
     */
    public record Attempt(int attempt, Instant at, String outcome, Integer httpStatus, String error, long durationMs) {
        static Attempt of(AlertView.Attempt a) {
            return new Attempt(a.attempt(), a.at(), a.outcome(), a.httpStatus(), a.error(), a.durationMs());
        }
    }

    /** The answer to re-sending every undeliverable alert. */
    public record ResendAll(int resent) {
    }
}
