package io.pipeline.web.ui;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pipeline.dag.Dag;
import io.pipeline.dag.TaskDef;
import io.pipeline.dag.TaskGroupDef;
import io.pipeline.dag.TaskGroups;
import io.pipeline.state.TaskGroupState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.DashboardQueries;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The grid of a DAG as its page's script draws it: runs left to right (oldest first), tasks top to bottom
 * (topological), and per task one string with a state code per run (see {@link StateColors#code}). A mapped task's
 * cell shows its most urgent state and, in {@code mapped}, the count of instances per state. Task groups are rows too,
 * before their members (tasks and nested groups, each level in topological order of its first task); a group's cell
 * shows Airflow's summary of its tasks' states ({@link TaskGroupState}); the page shows groups collapsed.
 *
 * @param rows   one string per task, one character per run
 * @param mapped {@code "taskIndex,runIndex"} to counts by state, for mapped tasks only
 * @param active true while a run is unfinished (the page keeps polling)
 */
public record GridData(String dagId, List<Run> runs, List<Task> tasks, List<String> rows,
                       Map<String, Map<String, Integer>> mapped, boolean active) {

    /** A run's column; {@code key} is its partition key (left out of the JSON when the run has none). */
    public record Run(String id, String state, String date, String type,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String key) {
    }

    /**
     * A row: a task or a task group.
     *
     * @param parent the enclosing group's id, or null
     * @param group  true for a task group's row
     * @param depth  how many groups enclose it
     *               (the three are left out of the JSON when null, false or 0, to keep big flat grids small)
     */
    public record Task(String id, boolean mapped, String rule,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String parent,
                       @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean group,
                       @JsonInclude(JsonInclude.Include.NON_DEFAULT) int depth) {
        Task(String id, boolean mapped, String rule) {
            this(id, mapped, rule, null, false, 0);
        }
    }

    /** Builds the grid from the runs and the TI state counts of those runs (one row of counts per run/task/state). */
    public static GridData of(String dagId, Dag dag, List<DagRunRow> runs, List<DashboardQueries.Cell> cells) {
        Map<Long, Integer> runIndex = new HashMap<>();
        List<Run> runViews = new ArrayList<>(runs.size());
        boolean active = false;
        for (DagRunRow r : runs) {
            runIndex.put(r.id(), runViews.size());
            runViews.add(new Run(r.runId(), r.state().value(), Fmt.shortInstant(r.logicalDate()), r.runType(),
                    r.partitionKey()));
            active |= !r.state().isTerminal();
        }
        List<Task> tasks = tasks(dag, cells);
        Map<String, Integer> taskIndex = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            taskIndex.put(tasks.get(i).id(), i);
        }
        // counts[task][run] by state; most cells hold one state with count 1
        List<Map<Integer, Map<TaskState, Integer>>> counts = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            counts.add(new HashMap<>());
        }
        for (DashboardQueries.Cell c : cells) {
            Integer t = taskIndex.get(c.taskId());
            if (t != null && tasks.get(t).group()) {
                continue; // a task group, not a task
            }
            Integer r = runIndex.get(c.runPk());
            if (t != null && r != null) {
                counts.get(t).computeIfAbsent(r, k -> new EnumMap<>(TaskState.class)).merge(c.state(), c.count(),
                        Integer::sum);
            }
        }
        groupCounts(dag, tasks, taskIndex, counts);
        List<String> rows = new ArrayList<>(tasks.size());
        Map<String, Map<String, Integer>> mapped = new LinkedHashMap<>();
        for (int t = 0; t < tasks.size(); t++) {
            char[] row = new char[runs.size()];
            for (int r = 0; r < row.length; r++) {
                Map<TaskState, Integer> states = counts.get(t).get(r);
                if (states == null) {
                    row[r] = StateColors.NO_INSTANCE;
                    continue;
                }
                row[r] = StateColors.code(tasks.get(t).group()
                        ? TaskGroupState.summary(states.keySet()).orElse(TaskState.NONE)
                        : StateColors.worst(states.keySet()));
                if (tasks.get(t).mapped() && (states.size() > 1 || states.values().iterator().next() > 1)) {
                    Map<String, Integer> byName = new LinkedHashMap<>();
                    states.forEach((s, n) -> byName.put(s.value(), n));
                    mapped.put(t + "," + r, byName);
                }
            }
            rows.add(new String(row));
        }
        return new GridData(dagId, runViews, tasks, rows, mapped, active);
    }

    /** A group's cells: the counts of all its tasks' instances, nested groups included. */
    private static void groupCounts(Dag dag, List<Task> tasks, Map<String, Integer> taskIndex,
                                    List<Map<Integer, Map<TaskState, Integer>>> counts) {
        for (int g = 0; g < tasks.size(); g++) {
            if (!tasks.get(g).group()) {
                continue;
            }
            Map<Integer, Map<TaskState, Integer>> merged = counts.get(g);
            for (String member : dag.taskGroups().tasksIn(tasks.get(g).id())) {
                counts.get(taskIndex.get(member)).forEach((run, states) -> states.forEach((s, n) -> merged
                        .computeIfAbsent(run, k -> new EnumMap<>(TaskState.class)).merge(s, n, Integer::sum)));
            }
        }
    }

    /**
     * The DAG's tasks in topological order, each task group as a row before its members; tasks only the runs know
     * (removed from the code) after them.
     */
    private static List<Task> tasks(Dag dag, List<DashboardQueries.Cell> cells) {
        List<Task> out = new ArrayList<>();
        Set<String> known = new LinkedHashSet<>();
        if (dag != null) {
            TaskGroups groups = dag.taskGroups();
            Map<String, Integer> order = new HashMap<>();
            dag.taskIds().forEach(id -> order.put(id, order.size()));
            List<String> top = new ArrayList<>();
            dag.taskIds().stream().filter(id -> groups.groupOf(id) == null).forEach(top::add);
            groups.all().stream().filter(g -> g.parentId() == null).forEach(g -> top.add(g.groupId()));
            addLevel(dag, top, null, 0, order, out);
            out.forEach(t -> known.add(t.id()));
        }
        for (DashboardQueries.Cell c : cells) {
            if (known.add(c.taskId())) {
                out.add(new Task(c.taskId(), false, ""));
            }
        }
        return out;
    }

    private static void addLevel(Dag dag, List<String> ids, String parent, int depth, Map<String, Integer> order,
                                 List<Task> out) {
        TaskGroups groups = dag.taskGroups();
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(Comparator.comparingInt(id -> groups.isGroup(id)
                ? groups.tasksIn(id).stream().mapToInt(order::get).min().orElse(Integer.MAX_VALUE) : order.get(id)));
        for (String id : sorted) {
            if (groups.isGroup(id)) {
                out.add(new Task(id, false, "", parent, true, depth));
                TaskGroupDef g = groups.group(id);
                List<String> members = new ArrayList<>(g.taskIds());
                members.addAll(g.groupIds());
                addLevel(dag, members, id, depth + 1, order, out);
            } else {
                TaskDef t = dag.task(id);
                out.add(new Task(id, t.isMapped(), t.triggerRule().value(), parent, false, depth));
            }
        }
    }
}
