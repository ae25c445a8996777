package io.pipeline.web.ops;

import io.pipeline.ops.TiRef;

import java.time.Instant;
import java.util.List;

/** Airflow's {@code TaskInstanceReference}: the task instances an action took. */
public record TaskInstanceReferenceJson(String taskId, String dagId, Instant executionDate, String dagRunId) {

    /** Airflow's {@code TaskInstanceReferenceCollection}. */
    public record Collection(List<TaskInstanceReferenceJson> taskInstances) {
        static Collection of(List<TiRef> refs) {
            return new Collection(refs.stream().map(TaskInstanceReferenceJson::of).toList());
        }
    }

    static TaskInstanceReferenceJson of(TiRef r) {
        return new TaskInstanceReferenceJson(r.taskId(), r.dagId(), r.logicalDate(), r.runId());
    }
}
