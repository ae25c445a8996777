package io.pipeline.alert;

import io.pipeline.alert.deadline.DeadlineWatch;
import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.dag.alert.Durations;
import io.pipeline.dag.alert.RunDates;
import io.pipeline.engine.DagRunStateChange;
import io.pipeline.engine.LatePartition;
import io.pipeline.engine.TaskStateChange;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns state changes and deadline events into alert payloads, with the one-line summaries teams know from
 * Airflow's Slack alerts: {@code nightly_dataload.ingest_fundamentals [2018-05-14] has retried (1/2 attempts)}.
 */
public final class AlertComposer {

    static final int MAX_ERROR_LINES = 12;
    static final int MAX_ERROR_CHARS = 2000;
    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.US);

    private final DashboardLinks links;

    public AlertComposer(DashboardLinks links) {
        this.links = links;
    }

    public AlertPayload forTask(AlertEvent event, TaskStateChange c, RunDates dates) {
        String label = c.dagId() + "." + c.taskId() + (c.mapIndex() >= 0 ? "[" + c.mapIndex() + "]" : "");
        String day = dates.day().toString();
        String summary = switch (event) {
            case RETRY -> "%s [%s] has retried (%d/%d attempts)".formatted(label, day, c.tryNumber(), c.maxTries());
            case FAILURE -> "%s [%s] has failed!".formatted(label, day);
            case SUCCESS -> "%s [%s] is complete".formatted(label, day);
            case RECOVERY -> "%s [%s] has recovered and is complete".formatted(label, day);
            default -> throw new IllegalArgumentException("event " + event.value() + " is not a task state alert");
        };
        Long durationMs = c.duration() == null ? null : c.duration().toMillis();
        return new AlertPayload(event, summary, c.dagId(), c.runId(), c.taskId(), c.mapIndex(), day, c.logicalDate(),
                c.tryNumber(), c.maxTries(), durationMs, firstLines(c.error()), c.to().value(), c.at(),
                links.taskUrl(c.dagId(), c.runId(), c.taskId(), c.mapIndex()),
                links.logUrl(c.dagId(), c.runId(), c.taskId(), c.mapIndex(), c.tryNumber()), null, null, null);
    }

    public AlertPayload forRun(AlertEvent event, DagRunStateChange c, RunDates dates) {
        String day = dates.day().toString();
        String summary = switch (event) {
            case RUN_SUCCESS -> "%s [%s] is complete".formatted(c.dagId(), day);
            case RUN_FAILURE -> "%s [%s] has failed!".formatted(c.dagId(), day);
            default -> throw new IllegalArgumentException("event " + event.value() + " is not a run state alert");
        };
        return new AlertPayload(event, summary, c.dagId(), c.runId(), null, -1, day, c.logicalDate(), 0, 0, null,
                null, c.to().value(), c.at(), links.runUrl(c.dagId(), c.runId()), null, null, null, null);
    }

    public AlertPayload deadlineMissed(DeadlineWatch w, Instant detectedAt) {
        String summary = "%s [%s] missed its deadline: not succeeded by %s (%s)"
                .formatted(label(w), w.dateLabel(), due(w), w.deadline());
        return deadlinePayload(AlertEvent.DEADLINE_MISSED, summary, w, detectedAt, null);
    }

    public AlertPayload finishedLate(DeadlineWatch w, Instant succeededAt) {
        Duration late = Duration.between(w.dueAt(), succeededAt);
        String summary = "%s [%s] succeeded %s after its deadline of %s (%s)"
                .formatted(label(w), w.dateLabel(), Durations.humanize(late), due(w), w.deadline());
        return deadlinePayload(AlertEvent.DEADLINE_FINISHED_LATE, summary, w, succeededAt, late.toMillis());
    }

    /** A dataset partition with no event by its freshness deadline. */
    public AlertPayload partitionLate(LatePartition p) {
        String summary = "%s [%s] is late: no event by %s (%s)"
                .formatted(p.uri(), p.partitionKey(), due(p.dueAt(), p.dueZone()), p.deadline());
        return partitionPayload(AlertEvent.DEADLINE_MISSED, summary, p, p.detectedAt(), null, "late");
    }

    /** A late partition's first event came in. */
    public AlertPayload latePartitionArrived(LatePartition p) {
        Duration late = Duration.between(p.dueAt(), p.arrivedAt());
        String summary = "%s [%s] arrived %s after its freshness deadline of %s (%s)"
                .formatted(p.uri(), p.partitionKey(), Durations.humanize(late), due(p.dueAt(), p.dueZone()),
                        p.deadline());
        return partitionPayload(AlertEvent.DEADLINE_FINISHED_LATE, summary, p, p.arrivedAt(), late.toMillis(),
                "arrived");
    }

    /**
     * A partition's alert is filed under its first producing DAG (the dataset's URI when only external reports
     * produce it) and, as its run, {@code uri[key]}: the late and the arrived alert of a partition are one queue.
     */
    private static AlertPayload partitionPayload(AlertEvent event, String summary, LatePartition p, Instant at,
                                                 Long lateBy, String state) {
        String dag = p.producers().isEmpty() ? p.uri() : p.producers().getFirst();
        java.time.LocalDate key = java.time.LocalDate.parse(p.partitionKey());
        return new AlertPayload(event, summary, dag, p.uri() + "[" + p.partitionKey() + "]", null, -1,
                p.partitionKey(), key.atStartOfDay(p.dueZone()).toInstant(), 0, 0, null, null, state, at, null,
                null, p.deadline(), p.dueAt(), lateBy);
    }

    private static String due(Instant at, java.time.ZoneId zone) {
        return DUE.format(at.atZone(zone));
    }

    private AlertPayload deadlinePayload(AlertEvent event, String summary, DeadlineWatch w, Instant at, Long lateBy) {
        String url = w.isTaskLevel() ? links.taskUrl(w.dagId(), w.runId(), w.taskId(), -1)
                : links.runUrl(w.dagId(), w.runId());
        String state = event == AlertEvent.DEADLINE_MISSED ? "not_succeeded" : "success";
        return new AlertPayload(event, summary, w.dagId(), w.runId(), w.taskId(), -1, w.dateLabel(), w.logicalDate(),
                0, 0, null, null, state, at, url, null, w.deadline(), w.dueAt(), lateBy);
    }

    private static String label(DeadlineWatch w) {
        return w.isTaskLevel() ? w.dagId() + "." + w.taskId() : w.dagId();
    }

    private static String due(DeadlineWatch w) {
        return DUE.format(w.dueAt().atZone(w.dueZone()));
    }

    /** The first lines of an error, bounded so that a stack trace cannot swamp a chat message. */
    static String firstLines(String error) {
        if (error == null || error.isBlank()) {
            return null;
        }
        String[] lines = error.strip().split("\\R", MAX_ERROR_LINES + 1);
        boolean truncated = lines.length > MAX_ERROR_LINES;
        String joined = String.join("\n", Arrays.copyOf(lines, Math.min(lines.length, MAX_ERROR_LINES)));
        if (joined.length() > MAX_ERROR_CHARS) {
            joined = joined.substring(0, MAX_ERROR_CHARS);
            truncated = true;
        }
        return truncated ? joined + "\n…" : joined;
    }
}
