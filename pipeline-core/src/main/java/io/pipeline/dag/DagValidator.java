package io.pipeline.dag;

import io.pipeline.schedule.Timetable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a DAG as a whole and orders its tasks topologically. Each problem names the task it concerns; all problems
 * found are reported together in one {@link DagValidationException}.
 */
final class DagValidator {

    private DagValidator() {
    }

    static Map<String, TaskDef> validate(String dagId, Timetable timetable, Instant startDate, Instant endDate,
                                         int maxActiveRuns, int maxActiveTasks, Map<String, ParamSpec> params,
                                         Map<String, TaskDef> givenTasks) {
        String idProblem = Ids.problem("DAG", dagId);
        if (idProblem != null) {
            throw new DagValidationException(String.valueOf(dagId), idProblem);
        }
        List<String> problems = new ArrayList<>();
        checkDagSettings(timetable, startDate, endDate, maxActiveRuns, maxActiveTasks, params, problems);
        Map<String, TaskDef> tasks = givenTasks == null ? Map.of() : givenTasks;
        tasks.forEach((id, t) -> {
            if (t == null || !id.equals(t.taskId())) {
                problems.add("task '" + id + "': stored under a different id than its own ("
                        + (t == null ? "null" : t.taskId()) + ")");
            }
        });
        if (tasks.values().stream().noneMatch(java.util.Objects::isNull)) {
            checkReferences(tasks, problems);
        }
        if (!problems.isEmpty()) {
            throw new DagValidationException(dagId, problems);
        }
        List<String> order = topologicalOrder(tasks);
        if (order.size() < tasks.size()) {
            throw new DagValidationException(dagId, "cycle " + String.join(" -> ", findCycle(tasks)));
        }
        Map<String, TaskDef> ordered = new LinkedHashMap<>();
        order.forEach(id -> ordered.put(id, tasks.get(id)));
        return Collections.unmodifiableMap(ordered);
    }

    private static void checkDagSettings(Timetable timetable, Instant startDate, Instant endDate, int maxActiveRuns,
                                         int maxActiveTasks, Map<String, ParamSpec> params, List<String> problems) {
        // A schedule on data runs when data arrives, not from a date (as Airflow's dataset schedules).
        if (timetable != null && !timetable.isManual() && startDate == null
                && !(timetable instanceof io.pipeline.schedule.DatasetTimetable)) {
            problems.add("a scheduled DAG needs a start date (schedule " + timetable.expression() + ")");
        }
        if (startDate != null && endDate != null && endDate.isBefore(startDate)) {
            problems.add("end date " + endDate + " is before start date " + startDate);
        }
        if (maxActiveRuns < 1) {
            problems.add("max active runs must be >= 1, got " + maxActiveRuns);
        }
        if (maxActiveTasks < 1) {
            problems.add("max active tasks must be >= 1, got " + maxActiveTasks);
        }
        params.forEach((name, spec) -> {
            if (!name.equals(spec.name())) {
                problems.add("param '" + name + "' is declared under the name '" + spec.name() + "'");
            }
        });
    }

    private static void checkReferences(Map<String, TaskDef> tasks, List<String> problems) {
        for (TaskDef t : tasks.values()) {
            for (String up : t.upstream()) {
                if (!tasks.containsKey(up)) {
                    problems.add("task '" + t.taskId() + "': depends on unknown task '" + up + "'");
                }
            }
            if (t.expandFrom() != null && !t.upstream().contains(t.expandFrom())) {
                problems.add("task '" + t.taskId() + "': expands over '" + t.expandFrom()
                        + "', which is not a direct upstream task");
            }
        }
    }

    /** Kahn's algorithm, stable: among ready tasks, the one defined first goes first. */
    private static List<String> topologicalOrder(Map<String, TaskDef> tasks) {
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> downstream = new HashMap<>();
        tasks.values().forEach(t -> {
            pending.put(t.taskId(), t.upstream().size());
            t.upstream().forEach(up -> downstream.computeIfAbsent(up, k -> new ArrayList<>()).add(t.taskId()));
        });
        Map<String, Integer> position = new HashMap<>();
        List<String> ids = new ArrayList<>(tasks.keySet());
        for (int i = 0; i < ids.size(); i++) {
            position.put(ids.get(i), i);
        }
        java.util.PriorityQueue<String> ready = new java.util.PriorityQueue<>(
                java.util.Comparator.comparing(position::get));
        ids.stream().filter(id -> pending.get(id) == 0).forEach(ready::add);
        List<String> order = new ArrayList<>(ids.size());
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (String down : downstream.getOrDefault(id, List.of())) {
                if (pending.merge(down, -1, Integer::sum) == 0) {
                    ready.add(down);
                }
            }
        }
        return order;
    }

    /** One cycle as a path that returns to its first task, e.g. [a, b, c, a]. Only called when one exists. */
    private static List<String> findCycle(Map<String, TaskDef> tasks) {
        Map<String, Integer> colour = new HashMap<>(); // absent: unvisited, 1: on the path, 2: done
        for (String start : tasks.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> cycle = visit(start, tasks, colour, path);
            if (cycle != null) {
                return cycle;
            }
        }
        throw new IllegalStateException("no cycle found");
    }

    // Follows upstream edges; the found path is reversed so that the cycle reads in the direction of the flow.
    private static List<String> visit(String id, Map<String, TaskDef> tasks, Map<String, Integer> colour,
                                      List<String> path) {
        Integer c = colour.get(id);
        if (c != null && c == 2) {
            return null;
        }
        if (c != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            cycle.add(id);
            Collections.reverse(cycle);
            return cycle;
        }
        colour.put(id, 1);
        path.add(id);
        for (String up : tasks.get(id).upstream()) {
            List<String> cycle = visit(up, tasks, colour, path);
            if (cycle != null) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        colour.put(id, 2);
        return null;
    }
}
