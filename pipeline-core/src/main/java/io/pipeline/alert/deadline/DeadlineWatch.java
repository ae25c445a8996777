package io.pipeline.alert.deadline;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A run (taskId null) or task of a run that must succeed by {@code dueAt}.
 *
 * @param dueZone the zone the deadline is stated in, for showing {@code dueAt} to people
 */
public record DeadlineWatch(String dagId, String runId, String taskId, Instant logicalDate, String dateLabel,
                            Instant dueAt, ZoneId dueZone, String deadline) {
    public DeadlineWatch {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(logicalDate, "logicalDate");
        Objects.requireNonNull(dateLabel, "dateLabel");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(dueZone, "dueZone");
        Objects.requireNonNull(deadline, "deadline");
    }

    public boolean isTaskLevel() {
        return taskId != null;
    }
}
