package io.pipeline.ops;

import io.pipeline.state.TaskState;

import java.time.Instant;

/**
 * A task instance an operation changed or, in a dry run, would change (Airflow's TaskInstanceReference with the map
 * index and the state it had before).
 *
 * @param state the state before the operation
 */
public record TiRef(long tiId, String dagId, String runId, Instant logicalDate, String taskId, int mapIndex,
                    TaskState state) {

    /** {@code dag/run/task[mapIndex]}, for messages. */
    public String label() {
        return dagId + "/" + runId + "/" + taskId + (mapIndex >= 0 ? "[" + mapIndex + "]" : "");
    }
}
