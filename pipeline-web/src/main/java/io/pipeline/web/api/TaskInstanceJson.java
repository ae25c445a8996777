package io.pipeline.web.api;

import io.pipeline.store.TaskInstanceRow;
import io.pipeline.store.TaskTryRow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Airflow's {@code TaskInstance} schema; {@code hostname} is the node that ran the latest try. */
public record TaskInstanceJson(
        String taskId,
        String taskDisplayName,
        String dagId,
        String dagRunId,
        Instant executionDate,
        Instant startDate,
        Instant endDate,
        Double duration,
        String state,
        int tryNumber,
        int mapIndex,
        int maxTries,
        String hostname,
        String unixname,
        String pool,
        int poolSlots,
        String queue,
        Integer priorityWeight,
        String operator,
        Instant queuedWhen,
        Integer pid,
        String executor,
        String executorConfig,
        Object slaMiss,
        String renderedMapIndex,
        Map<String, Object> renderedFields,
        Object trigger,
        Object triggererJob,
        String note) {

    private static final String UNIXNAME = System.getProperty("user.name", "pipeline");

    public record Collection(List<TaskInstanceJson> taskInstances, long totalEntries) {
    }

    public static TaskInstanceJson of(TaskInstanceRow t) {
        Double seconds = t.durationMs() == null ? null : t.durationMs() / 1000.0;
        return new TaskInstanceJson(t.taskId(), t.taskId(), t.dagId(), t.runId(), t.logicalDate(), t.startDate(),
                t.endDate(), seconds, t.state().value(), t.tryNumber(), t.mapIndex(), t.maxTries(),
                t.nodeId() == null ? "" : t.nodeId(), UNIXNAME, t.pool(), t.poolSlots(), t.queue(), t.priority(),
                t.operator(), t.queuedAt(), null, null, "{}", null,
                t.mapIndex() < 0 ? null : String.valueOf(t.mapIndex()), Map.of(), null, null, t.note());
    }

    /** The instance as it was in one of its tries (Airflow's tries endpoint). */
    public static TaskInstanceJson ofTry(TaskInstanceRow t, TaskTryRow a) {
        TaskInstanceJson now = of(t);
        Double seconds = a.durationMs() == null ? null : a.durationMs() / 1000.0;
        return new TaskInstanceJson(now.taskId(), now.taskDisplayName(), now.dagId(), now.dagRunId(),
                now.executionDate(), a.startDate(), a.endDate(), seconds, a.state().value(), a.tryNumber(),
                now.mapIndex(), now.maxTries(), a.nodeId() == null ? "" : a.nodeId(), now.unixname(), now.pool(),
                now.poolSlots(), now.queue(), now.priorityWeight(), now.operator(), null, null, null, "{}", null,
                now.renderedMapIndex(), Map.of(), null, null, now.note());
    }
}
