package io.pipeline.ops;

/** The DAG has no task with that id (HTTP 404). */
public class TaskNotFoundException extends RuntimeException {
    public TaskNotFoundException(String dagId, String taskId) {
        super("DAG '" + dagId + "' has no task '" + taskId + "'");
    }
}
