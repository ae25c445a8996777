package io.pipeline.state;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The state a task group shows for one run: Airflow's rule for a group's summary, the first state of this priority
 * list that one of the group's task instances is in (so a failure anywhere shows, and a group is success only when
 * nothing in it is pending, running or failed). Empty when the run has no instance of the group's tasks.
 */
public final class TaskGroupState {

    /** Airflow's {@code state_priority} (its {@code None} is our {@code none}). */
    public static final List<TaskState> PRIORITY = List.of(TaskState.FAILED, TaskState.UPSTREAM_FAILED,
            TaskState.UP_FOR_RETRY, TaskState.UP_FOR_RESCHEDULE, TaskState.QUEUED, TaskState.SCHEDULED, TaskState.DEFERRED,
            TaskState.RUNNING, TaskState.NONE, TaskState.SUCCESS, TaskState.SKIPPED, TaskState.REMOVED);

    private TaskGroupState() {
    }

    public static Optional<TaskState> summary(Collection<TaskState> instanceStates) {
        for (TaskState s : PRIORITY) {
            if (instanceStates.contains(s)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
