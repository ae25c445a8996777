package io.pipeline.dag;

import io.pipeline.dag.alert.AlertPolicy;
import io.pipeline.schedule.Timetable;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validated DAG definition. Built with the builder DSL ({@link DagBuilder}); the constructor validates the whole
 * graph ({@link DagValidator}) and keeps the tasks in a topological order. Immutable.
 *
 * @param timetable     null means manual-only (same as {@code Schedules.manual()})
 * @param source        the class that defined it (shown as the DAG's file location)
 * @param alertPolicies which events alert, where to, and deadlines ({@link DagBuilder#alerts}); at most one
 *                      DAG-level policy and one per task, each naming a task of this DAG
 * @param taskGroups    the task groups ({@link TaskGroup}); a definition and dashboard concept, the engine sees the
 *                      tasks only
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
        String doc,
        List<AlertPolicy> alertPolicies,
        TaskGroups taskGroups) {

    public Dag {
        tags = tags == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(tags));
        params = params == null ? Map.of() : Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        tasks = DagValidator.validate(dagId, timetable, startDate, endDate, maxActiveRuns, maxActiveTasks, params,
                tasks);
        alertPolicies = AlertPolicyCheck.check(dagId, alertPolicies, tasks.keySet());
        taskGroups = taskGroups == null ? TaskGroups.none() : taskGroups;
        List<String> groupProblems = taskGroups.problems(tasks.keySet());
        if (!groupProblems.isEmpty()) {
            throw new DagValidationException(dagId, groupProblems);
        }
    }

    /** A DAG without task groups. */
    public Dag(String dagId, String description, String owner, Set<String> tags, Timetable timetable,
               Instant startDate, Instant endDate, boolean catchup, int maxActiveRuns, int maxActiveTasks,
               Map<String, ParamSpec> params, Map<String, TaskDef> tasks, String source, String doc,
               List<AlertPolicy> alertPolicies) {
        this(dagId, description, owner, tags, timetable, startDate, endDate, catchup, maxActiveRuns, maxActiveTasks,
                params, tasks, source, doc, alertPolicies, TaskGroups.none());
    }

    /** A DAG without alert policies. */
    public Dag(String dagId, String description, String owner, Set<String> tags, Timetable timetable,
               Instant startDate, Instant endDate, boolean catchup, int maxActiveRuns, int maxActiveTasks,
               Map<String, ParamSpec> params, Map<String, TaskDef> tasks, String source, String doc) {
        this(dagId, description, owner, tags, timetable, startDate, endDate, catchup, maxActiveRuns, maxActiveTasks,
                params, tasks, source, doc, List.of());
    }

    public TaskDef task(String taskId) {
        TaskDef t = tasks.get(taskId);
        if (t == null) {
            throw new IllegalArgumentException("DAG " + dagId + " has no task '" + taskId + "'");
        }
        return t;
    }

    public boolean hasTask(String taskId) {
        return tasks.containsKey(taskId);
    }

    /** Task ids in topological order (upstream before downstream). */
    public List<String> taskIds() {
        return List.copyOf(tasks.keySet());
    }

    /** True when the DAG has a schedule (not manual-only). */
    public boolean isScheduled() {
        return timetable != null && !timetable.isManual();
    }

    public Dag withSource(String newSource) {
        return new Dag(dagId, description, owner, tags, timetable, startDate, endDate, catchup, maxActiveRuns,
                maxActiveTasks, params, tasks, newSource, doc, alertPolicies, taskGroups);
    }

    /** Direct upstream task ids. */
    public Set<String> upstream(String taskId) {
        return task(taskId).upstream();
    }

    /** Direct downstream task ids, in topological order. */
    public Set<String> downstream(String taskId) {
        task(taskId);
        Set<String> out = new LinkedHashSet<>();
        for (TaskDef t : tasks.values()) {
            if (t.upstream().contains(taskId)) {
                out.add(t.taskId());
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** Every task upstream of {@code taskId}, transitively (not itself), in topological order. */
    public Set<String> allUpstream(String taskId) {
        Set<String> seen = new java.util.HashSet<>();
        Deque<String> todo = new ArrayDeque<>(upstream(taskId));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (seen.add(id)) {
                todo.addAll(tasks.get(id).upstream());
            }
        }
        return inTopologicalOrder(seen);
    }

    /** Every task downstream of {@code taskId}, transitively (not itself), in topological order. */
    public Set<String> allDownstream(String taskId) {
        task(taskId);
        Set<String> reached = new java.util.HashSet<>();
        reached.add(taskId);
        Set<String> out = new LinkedHashSet<>();
        // One pass suffices: in topological order every upstream is visited before its downstream.
        for (TaskDef t : tasks.values()) {
            if (!t.taskId().equals(taskId) && !Collections.disjoint(t.upstream(), reached)) {
                reached.add(t.taskId());
                out.add(t.taskId());
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** Tasks with no upstream. */
    public Set<String> roots() {
        Set<String> out = new LinkedHashSet<>();
        tasks.values().stream().filter(t -> t.upstream().isEmpty()).forEach(t -> out.add(t.taskId()));
        return Collections.unmodifiableSet(out);
    }

    /** Tasks with no downstream. */
    public Set<String> leaves() {
        Set<String> hasDownstream = new java.util.HashSet<>();
        tasks.values().forEach(t -> hasDownstream.addAll(t.upstream()));
        Set<String> out = new LinkedHashSet<>();
        tasks.keySet().stream().filter(id -> !hasDownstream.contains(id)).forEach(out::add);
        return Collections.unmodifiableSet(out);
    }

    /**
     * For the engine after a branch task returned {@code chosen}: checks that every chosen id is a direct downstream
     * task of {@code branchTaskId} and returns the direct downstream tasks to skip (those not chosen).
     *
     * @throws IllegalArgumentException naming the DAG, the branch task and the ids that are not direct downstream
     */
    public Set<String> branchSkips(String branchTaskId, Collection<String> chosen) {
        Set<String> direct = downstream(branchTaskId);
        Set<String> invalid = new TreeSet<>(chosen);
        invalid.removeAll(direct);
        if (!invalid.isEmpty()) {
            throw new IllegalArgumentException("DAG '" + dagId + "': branch task '" + branchTaskId + "' chose "
                    + invalid + ", which " + (invalid.size() == 1 ? "is not a" : "are not") + " direct downstream task"
                    + (invalid.size() == 1 ? "" : "s") + "; valid choices: " + direct);
        }
        Set<String> skip = new LinkedHashSet<>(direct);
        skip.removeAll(chosen);
        return Collections.unmodifiableSet(skip);
    }

    private Set<String> inTopologicalOrder(Set<String> ids) {
        Set<String> out = new LinkedHashSet<>();
        tasks.keySet().stream().filter(ids::contains).forEach(out::add);
        return Collections.unmodifiableSet(out);
    }
}
