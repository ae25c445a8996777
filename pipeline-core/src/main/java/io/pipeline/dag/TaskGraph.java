package io.pipeline.dag;

import io.pipeline.dag.LatestOnly;
import io.pipeline.task.BranchTask;
import io.pipeline.task.Sensor;
import io.pipeline.task.SensorSpec;
import io.pipeline.task.ShortCircuitTask;
import io.pipeline.task.Task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Where the tasks of a DAG are declared: {@code DagBuilder.tasks(b -> { var a = b.task("a", ctx -> ...); ... })}. */
public final class TaskGraph {
    private final Map<String, TaskRef> refs = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, TaskGroup> groups = new LinkedHashMap<>();
    private final List<TaskGroup> topGroups = new ArrayList<>();

    TaskGraph() {
    }

    /** A unit of work; its return value is the task's output. */
    public TaskRef task(String taskId, Task body) {
        return add(taskId, TaskKind.TASK, body, null);
    }

    /** A sensor: poked until it reports done, failing at the spec's timeout. */
    public TaskRef sensor(String taskId, Sensor body, SensorSpec spec) {
        return add(taskId, TaskKind.SENSOR, body, spec);
    }

    /** Chooses which direct downstream tasks run; the others are skipped. */
    public TaskRef branch(String taskId, BranchTask body) {
        return add(taskId, TaskKind.BRANCH, body, null);
    }

    /** Returning false skips everything downstream. */
    public TaskRef shortCircuit(String taskId, ShortCircuitTask body) {
        return add(taskId, TaskKind.SHORT_CIRCUIT, body, null);
    }

    /** Skips its direct downstream tasks unless the run is the latest scheduled one (manual runs always go on). */
    public TaskRef latestOnly(String taskId) {
        return register(new TaskRef(this, taskId, TaskKind.BRANCH, LatestOnly::new, null));
    }

    /** A task of the given kind; the body must match it (e.g. a {@code Sensor} for {@code SENSOR}). */
    public TaskRef add(String taskId, TaskKind kind, Object body, SensorSpec sensor) {
        return register(new TaskRef(this, taskId, kind, downstream -> body, sensor));
    }

    /**
     * A task group (Airflow's {@code TaskGroup}): the tasks declared in {@code declarations} get ids prefixed by
     * {@code groupId + "."}; see {@link TaskGroup}.
     */
    public TaskGroup group(String groupId, Consumer<TaskGroup> declarations) {
        TaskGroup g = registerGroup(new TaskGroup(this, null, groupId));
        topGroups.add(g);
        declarations.accept(g);
        return g;
    }

    /** Each node upstream of the next: {@code chain(a, b, c)} is {@code a >> b >> c}; groups connect all to all. */
    public void chain(TaskNodes... nodes) {
        for (int i = 0; i + 1 < nodes.length; i++) {
            for (TaskRef down : nodes[i + 1].roots()) {
                nodes[i].then(down);
            }
        }
    }

    /** The task declared with this id. */
    public TaskRef get(String taskId) {
        TaskRef r = refs.get(taskId);
        if (r == null) {
            throw new IllegalArgumentException("no task '" + taskId + "' declared (yet)");
        }
        return r;
    }

    TaskGroup registerGroup(TaskGroup group) {
        if (groups.putIfAbsent(group.id(), group) != null) {
            problem("task group '" + group.id() + "': duplicate group id");
        }
        return group;
    }

    private TaskRef register(TaskRef ref) {
        if (refs.containsKey(ref.id())) {
            problem("task '" + ref.id() + "': duplicate task id");
            return ref;
        }
        refs.put(ref.id(), ref);
        return ref;
    }

    void problem(String message) {
        problems.add(message);
    }

    List<String> problems() {
        return problems;
    }

    /** The declared task groups as the DAG keeps them; problems (empty group, id of a task) recorded. */
    TaskGroups toGroups() {
        List<TaskGroupDef> defs = new ArrayList<>();
        for (TaskGroup g : groups.values()) {
            if (g.refs().isEmpty()) {
                problem("task group '" + g.id() + "': has no tasks");
            }
            if (refs.containsKey(g.id())) {
                problem("task group '" + g.id() + "': a task has the same id");
            }
            defs.add(new TaskGroupDef(g.id(), g.parent() == null ? null : g.parent().id(),
                    g.ownTasks().stream().map(TaskRef::id).toList(),
                    g.children().stream().map(TaskGroup::id).toList(), g.docText()));
        }
        return new TaskGroups(defs);
    }

    /** TaskDefs in declaration order; problems in building one are recorded, naming the task. */
    Map<String, TaskDef> toDefs(TaskDefaults defaults) {
        Map<String, List<String>> downstream = new LinkedHashMap<>();
        refs.values().forEach(r -> r.upstreamIds().forEach(
                up -> downstream.computeIfAbsent(up, k -> new ArrayList<>()).add(r.id())));
        Map<String, TaskDef> defs = new LinkedHashMap<>();
        for (TaskRef r : refs.values()) {
            Set<String> down = Set.copyOf(downstream.getOrDefault(r.id(), List.of()));
            try {
                TaskDefaults shared = r.group() == null ? defaults : r.group().effective(defaults);
                defs.put(r.id(), r.toDef(shared, Collections.unmodifiableSet(down)));
            } catch (IllegalArgumentException | NullPointerException e) {
                String msg = e.getMessage() == null ? e.toString() : e.getMessage();
                problems.add(msg.startsWith("task '") ? msg : "task '" + r.id() + "': " + msg);
            }
        }
        return defs;
    }
}
