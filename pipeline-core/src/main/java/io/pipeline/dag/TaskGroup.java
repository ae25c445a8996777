package io.pipeline.dag;

import io.pipeline.task.BranchTask;
import io.pipeline.task.Sensor;
import io.pipeline.task.SensorSpec;
import io.pipeline.task.ShortCircuitTask;
import io.pipeline.task.Task;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A task group being declared (Airflow's {@code TaskGroup}): {@code b.group("load", g -> { var f = g.task("fetch",
 * ...); ... })}. Its tasks' ids carry the group's id as a prefix ({@code load.fetch}), nested groups too
 * ({@code load.checks.count}); {@link #defaults} apply to its tasks (and nested groups) over the DAG's defaults; as a
 * dependency end it stands for its roots downstream and its leaves upstream, so {@code extract.then(load)} makes the
 * leaves of {@code extract} upstream of the roots of {@code load}. The engine sees only the tasks.
 */
public final class TaskGroup implements TaskNodes {
    /** Airflow's group key rule: word characters and '-', no '.' (the separator of the prefix). */
    private static final Pattern LOCAL_ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");

    private final TaskGraph graph;
    private final TaskGroup parent;
    private final String id;
    private final TaskDefaults defaults = new TaskDefaults();
    private final List<TaskRef> tasks = new ArrayList<>();
    private final List<TaskGroup> children = new ArrayList<>();
    private String doc;

    TaskGroup(TaskGraph graph, TaskGroup parent, String localId) {
        this.graph = graph;
        this.parent = parent;
        this.id = parent == null ? localId : parent.id + "." + localId;
        if (localId == null || !LOCAL_ID.matcher(localId).matches()) {
            graph.problem("task group '" + id + "': invalid group id; only letters, digits, '_' and '-' are allowed"
                    + " (1 to 200 characters)");
        }
    }

    /** The group's full id, e.g. {@code load.checks}. */
    public String id() {
        return id;
    }

    /** Settings for the tasks of this group (and of its nested groups) unless a task sets its own. */
    public TaskGroup defaults(Consumer<TaskDefaults> settings) {
        settings.accept(defaults);
        return this;
    }

    /** Shown with the group in the dashboard. */
    public TaskGroup doc(String value) {
        this.doc = value;
        return this;
    }

    public TaskRef task(String taskId, Task body) {
        return add(taskId, TaskKind.TASK, body, null);
    }

    public TaskRef sensor(String taskId, Sensor body, SensorSpec spec) {
        return add(taskId, TaskKind.SENSOR, body, spec);
    }

    public TaskRef branch(String taskId, BranchTask body) {
        return add(taskId, TaskKind.BRANCH, body, null);
    }

    public TaskRef shortCircuit(String taskId, ShortCircuitTask body) {
        return add(taskId, TaskKind.SHORT_CIRCUIT, body, null);
    }

    public TaskRef latestOnly(String taskId) {
        return adopt(graph.latestOnly(prefixed(taskId)));
    }

    public TaskRef add(String taskId, TaskKind kind, Object body, SensorSpec sensor) {
        return adopt(graph.add(prefixed(taskId), kind, body, sensor));
    }

    /** A group nested in this one; its id is prefixed by this group's. */
    public TaskGroup group(String groupId, Consumer<TaskGroup> declarations) {
        TaskGroup child = graph.registerGroup(new TaskGroup(graph, this, groupId));
        children.add(child);
        declarations.accept(child);
        return child;
    }

    /** Every task of the group, nested groups included, in declaration order. */
    @Override
    public List<TaskRef> refs() {
        List<TaskRef> all = new ArrayList<>(tasks);
        children.forEach(c -> all.addAll(c.refs()));
        return all;
    }

    /** The group's tasks with no upstream task inside the group. */
    @Override
    public List<TaskRef> roots() {
        List<TaskRef> all = refs();
        Set<String> ids = ids(all);
        return all.stream().filter(r -> r.upstreamIds().stream().noneMatch(ids::contains)).toList();
    }

    /** The group's tasks with no downstream task inside the group. */
    @Override
    public List<TaskRef> leaves() {
        List<TaskRef> all = refs();
        Set<String> upstreamInside = new HashSet<>();
        all.forEach(r -> upstreamInside.addAll(r.upstreamIds()));
        return all.stream().filter(r -> !upstreamInside.contains(r.id())).toList();
    }

    TaskGroup parent() {
        return parent;
    }

    List<TaskRef> ownTasks() {
        return tasks;
    }

    List<TaskGroup> children() {
        return children;
    }

    String docText() {
        return doc;
    }

    /** This group's defaults over its parents' over the DAG's. */
    TaskDefaults effective(TaskDefaults dagDefaults) {
        return defaults.over(parent == null ? dagDefaults : parent.effective(dagDefaults));
    }

    private String prefixed(String taskId) {
        return id + "." + taskId;
    }

    private TaskRef adopt(TaskRef ref) {
        ref.group(this);
        tasks.add(ref);
        return ref;
    }

    private static Set<String> ids(List<TaskRef> refs) {
        Set<String> ids = new HashSet<>();
        refs.forEach(r -> ids.add(r.id()));
        return ids;
    }
}
