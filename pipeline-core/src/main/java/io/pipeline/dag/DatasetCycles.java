package io.pipeline.dag;

import io.pipeline.schedule.Dataset;
import io.pipeline.schedule.DatasetTimetable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds cycles through datasets among DAGs: DAG A produces X, DAG B is scheduled on X and produces Y, A is scheduled
 * on Y. Each cycle is named as {@code a -[x]-> b -[y]-> a}.
 */
final class DatasetCycles {

    private DatasetCycles() {
    }

    /** DAG id to the description of a cycle it is on; DAGs on no cycle are absent. */
    static Map<String, String> find(Collection<Dag> dags) {
        Map<String, Map<String, String>> edges = new LinkedHashMap<>(); // producer -> consumer -> dataset uri
        for (Dag consumer : dags) {
            if (!(consumer.timetable() instanceof DatasetTimetable t)) {
                continue;
            }
            for (Dataset in : t.datasets()) {
                for (Dag producer : dags) {
                    boolean produces = producer.tasks().values().stream()
                            .anyMatch(task -> task.produces().stream().anyMatch(d -> d.uri().equals(in.uri())));
                    if (produces) {
                        edges.computeIfAbsent(producer.dagId(), k -> new LinkedHashMap<>())
                                .putIfAbsent(consumer.dagId(), in.uri());
                    }
                }
            }
        }
        Map<String, String> onCycle = new LinkedHashMap<>();
        for (String start : edges.keySet()) {
            if (!onCycle.containsKey(start)) {
                List<String> path = new ArrayList<>();
                path.add(start);
                walk(start, start, path, new LinkedHashSet<>(), edges, onCycle);
            }
        }
        return onCycle;
    }

    private static boolean walk(String start, String at, List<String> path, Set<String> seen,
                                Map<String, Map<String, String>> edges, Map<String, String> onCycle) {
        if (!seen.add(at)) {
            return false;
        }
        for (Map.Entry<String, String> e : edges.getOrDefault(at, Map.of()).entrySet()) {
            if (e.getKey().equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                String text = describe(cycle, edges);
                for (String dag : path) {
                    onCycle.putIfAbsent(dag, text);
                }
                return true;
            }
            path.add(e.getKey());
            if (walk(start, e.getKey(), path, seen, edges, onCycle)) {
                return true;
            }
            path.removeLast();
        }
        return false;
    }

    private static String describe(List<String> cycle, Map<String, Map<String, String>> edges) {
        StringBuilder b = new StringBuilder(cycle.getFirst());
        for (int i = 1; i < cycle.size(); i++) {
            b.append(" -[").append(edges.get(cycle.get(i - 1)).get(cycle.get(i))).append("]-> ").append(cycle.get(i));
        }
        return b.toString();
    }
}
