package io.pipeline.alert;

import io.pipeline.dag.alert.AlertEvent;

import java.time.Instant;
import java.util.Objects;

/**
 * What an alert says, stored as the outbox row's JSON payload and rendered by each notifier (Slack blocks, webhook
 * JSON). Field names are snake_case in JSON.
 *
 * @param taskId     null for run-level alerts
 * @param mapIndex   -1 unless the task is mapped
 * @param dateLabel  the run's day as shown in the summary ({@code 2018-05-14})
 * @param tryNumber  0 for run-level alerts
 * @param durationMs null when unknown
 * @param error      the first lines of the failure, or null
 * @param state      the state reached, e.g. {@code up_for_retry}
 * @param taskUrl    link to the task (or run) page in the dashboard, or null when no base URL is configured
 * @param logUrl     link to the try's log, or null
 * @param deadline   the deadline's description for deadline alerts, else null
 * @param dueAt      the deadline instant for deadline alerts, else null
 * @param lateByMs   for late finishes: how late, else null
 */
public record AlertPayload(
        AlertEvent event, String summary, String dagId, String runId, String taskId, int mapIndex,
        String dateLabel, Instant logicalDate, int tryNumber, int maxTries, Long durationMs, String error,
        String state, Instant at, String taskUrl, String logUrl, String deadline, Instant dueAt, Long lateByMs) {

    public AlertPayload {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(dateLabel, "dateLabel");
        Objects.requireNonNull(at, "at");
    }

    public boolean isTaskAlert() {
        return taskId != null;
    }
}
