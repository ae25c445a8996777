package io.pipeline.ops;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which tasks of a DAG an operation takes: the given task ids, or those whose id contains a match of a regular
 * expression (Airflow's {@code task_regex}), or every task; plus, transitively, their upstream and/or downstream.
 *
 * @param taskIds null or empty: not selecting by id
 * @param regex   null: not selecting by pattern
 */
public record TaskScope(List<String> taskIds, String regex, boolean upstream, boolean downstream) {

    public TaskScope {
        taskIds = taskIds == null ? List.of() : List.copyOf(taskIds);
        if (!taskIds.isEmpty() && regex != null) {
            throw new IllegalArgumentException("give task ids or a task regex, not both");
        }
        if (regex != null) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("task regex '" + regex + "' is not a valid regular expression: "
                        + e.getDescription());
            }
        }
    }

    public static TaskScope all() {
        return new TaskScope(List.of(), null, false, false);
    }

    public static TaskScope ids(String... taskIds) {
        return new TaskScope(List.of(taskIds), null, false, false);
    }

    public static TaskScope regex(String regex) {
        return new TaskScope(List.of(), regex, false, false);
    }

    public TaskScope withUpstream(boolean value) {
        return new TaskScope(taskIds, regex, value, downstream);
    }

    public TaskScope withDownstream(boolean value) {
        return new TaskScope(taskIds, regex, upstream, value);
    }

    public boolean selectsAll() {
        return taskIds.isEmpty() && regex == null;
    }
}
