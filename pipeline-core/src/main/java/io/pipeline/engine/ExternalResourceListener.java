package io.pipeline.engine;

import io.pipeline.state.TaskState;
import io.pipeline.store.Stores;
import io.pipeline.store.TaskHandleRepository;
import io.pipeline.task.ExternalResource;

/**
 * Turns the live handle of a task instance into a release request when the TI stops needing its external resource:
 * cleared ({@code none}), marked or finished (any terminal state), or retried after an execution timeout. Other
 * retries keep the handle so that the next try can reattach. Runs in the transaction of the state change, so the
 * request commits with it; the release itself (a network call) is {@link ReleaseResourcesStep}'s. Tasks whose body
 * is not an {@link ExternalResource} cost no statement.
 */
public final class ExternalResourceListener implements StateChangeListener {
    private final DagRegistry registry;
    private final TaskHandleRepository handles;

    public ExternalResourceListener(Stores stores, DagRegistry registry) {
        this.registry = registry;
        this.handles = stores.handles();
    }

    @Override
    public void onTaskStateChange(TaskStateChange c) {
        if (endsOwnership(c) && ownsResource(c.dagId(), c.taskId())) {
            handles.requestRelease(c.dagId(), c.runId(), c.taskId(), c.mapIndex(), reason(c), c.at());
        }
    }

    static boolean endsOwnership(TaskStateChange c) {
        return c.to() == TaskState.NONE || c.to().isTerminal()
                || c.to() == TaskState.UP_FOR_RETRY && c.error() != null
                && c.error().startsWith(TaskRunner.EXECUTION_TIMEOUT);
    }

    private boolean ownsResource(String dagId, String taskId) {
        DagIndex dag = registry.indexOrNull(dagId);
        return dag != null && dag.hasTask(taskId) && dag.task(taskId).body() instanceof ExternalResource;
    }

    private static String reason(TaskStateChange c) {
        return c.to().value() + (c.error() == null ? "" : ": " + c.error());
    }
}
