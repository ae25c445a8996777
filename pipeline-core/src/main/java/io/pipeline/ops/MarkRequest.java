package io.pipeline.ops;

import io.pipeline.state.TaskState;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Mark TIs success, failed or skipped (Airflow's updateTaskInstancesState): the selected tasks in the selected
 * runs, optionally only some map indexes of them (Airflow's PATCH of a mapped task instance). TIs already in the
 * new state are left out.
 *
 * @param mapIndexes empty: every instance of the selected tasks
 */
public record MarkRequest(String dagId, TaskScope tasks, RunScope runs, TaskState newState, boolean dryRun,
                          List<Integer> mapIndexes) {

    /** The states an operator may set (Airflow's UpdateTaskState). */
    public static final Set<TaskState> MARKABLE = EnumSet.of(TaskState.SUCCESS, TaskState.FAILED, TaskState.SKIPPED);

    public MarkRequest {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(newState, "new_state is required");
        if (!MARKABLE.contains(newState)) {
            throw new IllegalArgumentException("new_state '" + newState.value()
                    + "' cannot be set by hand; use success, failed or skipped");
        }
        if (tasks.selectsAll()) {
            throw new IllegalArgumentException("name the task(s) to mark");
        }
        mapIndexes = mapIndexes == null ? List.of() : List.copyOf(mapIndexes);
        for (int i : mapIndexes) {
            if (i < 0) {
                throw new IllegalArgumentException("map index must be 0 or more, got " + i);
            }
        }
    }

    public MarkRequest(String dagId, TaskScope tasks, RunScope runs, TaskState newState, boolean dryRun) {
        this(dagId, tasks, runs, newState, dryRun, List.of());
    }

    /** Only the instances of these map indexes. */
    public MarkRequest withMapIndexes(List<Integer> indexes) {
        return new MarkRequest(dagId, tasks, runs, newState, dryRun, indexes);
    }

    public static MarkRequest of(String dagId, TaskScope tasks, RunScope runs, TaskState newState) {
        return new MarkRequest(dagId, tasks, runs, newState, false);
    }

    public MarkRequest asDryRun() {
        return new MarkRequest(dagId, tasks, runs, newState, true, mapIndexes);
    }
}
