package io.pipeline.dag;

import io.pipeline.schedule.Timetable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated DAG definition. Built with the builder DSL (see {@code DagBuilder}); tasks are kept in a
 * topological order. Immutable.
 *
 * @param source the class that defined it (shown as the DAG's file location)
 */
public record Dag(
        String dagId,
        String description,
        String owner,
        Set<String> tags,
        Timetable timetable,
        Instant startDate,
        Instant endDate,
        boolean catchup,
        int maxActiveRuns,
        int maxActiveTasks,
        Map<String, ParamSpec> params,
        Map<String, TaskDef> tasks,
        String source,
        String doc) {

    public TaskDef task(String taskId) {
        TaskDef t = tasks.get(taskId);
        if (t == null) {
            throw new IllegalArgumentException("DAG " + dagId + " has no task '" + taskId + "'");
        }
        return t;
    }

    /** Task ids in topological order (upstream before downstream). */
    public List<String> taskIds() {
        return List.copyOf(tasks.keySet());
    }
}
