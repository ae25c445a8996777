package io.pipeline.dag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The task groups of a DAG (possibly none), by id, with the lookups the dashboard and the operations need. */
public final class TaskGroups {
    private static final TaskGroups NONE = new TaskGroups(List.of());

    private final Map<String, TaskGroupDef> byId = new LinkedHashMap<>();
    private final Map<String, String> groupOfTask = new HashMap<>();

    public TaskGroups(Collection<TaskGroupDef> groups) {
        for (TaskGroupDef g : groups) {
            byId.put(g.groupId(), g);
            g.taskIds().forEach(t -> groupOfTask.put(t, g.groupId()));
        }
    }

    public static TaskGroups none() {
        return NONE;
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    public boolean isGroup(String id) {
        return byId.containsKey(id);
    }

    public TaskGroupDef group(String groupId) {
        return Objects.requireNonNull(byId.get(groupId), () -> "no task group '" + groupId + "'");
    }

    /** Every group, parents before their nested groups. */
    public Collection<TaskGroupDef> all() {
        return byId.values();
    }

    /** The innermost group of a task, or null when it is in none. */
    public String groupOf(String taskId) {
        return groupOfTask.get(taskId);
    }

    /** The groups enclosing a task, outermost first; empty when it is in none. */
    public List<String> ancestorsOf(String taskId) {
        List<String> chain = new ArrayList<>();
        for (String g = groupOf(taskId); g != null; g = byId.get(g).parentId()) {
            chain.addFirst(g);
        }
        return chain;
    }

    /** The ids of every task in a group, its nested groups included. */
    public List<String> tasksIn(String groupId) {
        TaskGroupDef g = group(groupId);
        List<String> out = new ArrayList<>(g.taskIds());
        g.groupIds().forEach(child -> out.addAll(tasksIn(child)));
        return out;
    }

    /** Problems of these groups against the DAG's task ids (a missing task, an id shared with a task). */
    List<String> problems(Collection<String> taskIds) {
        List<String> problems = new ArrayList<>();
        for (TaskGroupDef g : byId.values()) {
            if (taskIds.contains(g.groupId())) {
                problems.add("task group '" + g.groupId() + "': a task has the same id");
            }
            g.taskIds().stream().filter(t -> !taskIds.contains(t)).forEach(t -> problems.add("task group '"
                    + g.groupId() + "': has no task '" + t + "'"));
        }
        return problems;
    }
}
