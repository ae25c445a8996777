package io.pipeline.task;

/**
 * A unit of work. Returns its output (stored as the task's XCom, serialised with Jackson; null for none) or throws
 * to fail the try. Implementations must react to thread interruption (execution timeout, clear).
 */
@FunctionalInterface
public interface Task {
    Object execute(TaskContext ctx) throws Exception;
}
