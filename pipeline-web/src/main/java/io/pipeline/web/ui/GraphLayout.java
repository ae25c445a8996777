package io.pipeline.web.ui;

import io.pipeline.dag.Dag;
import io.pipeline.dag.TaskDef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layered left-to-right layout of a DAG, computed on the server: each task in the layer after its deepest
 * upstream task (longest path), tasks within a layer ordered by a few barycenter sweeps to shorten edges and cut
 * crossings. Linear in tasks and edges per sweep, so a 500-task DAG lays out in milliseconds. Pure.
 */
public final class GraphLayout {

    public static final double NODE_W = 190;
    public static final double NODE_H = 46;
    static final double GAP_X = 70;
    static final double GAP_Y = 18;
    static final double MARGIN = 12;
    private static final int SWEEPS = 4;

    /** A placed task: top-left corner. */
    public record Node(TaskDef task, double x, double y) {
    }

    public record Layout(List<Node> nodes, Map<String, Node> byId, double width, double height) {
    }

    private GraphLayout() {
    }

    public static Layout of(Dag dag) {
        Map<String, Integer> layer = new HashMap<>();
        int depth = 0;
        for (TaskDef t : dag.tasks().values()) { // topological order: every upstream is placed already
            int l = 0;
            for (String up : t.upstream()) {
                l = Math.max(l, layer.get(up) + 1);
            }
            layer.put(t.taskId(), l);
            depth = Math.max(depth, l);
        }
        List<List<String>> layers = new ArrayList<>();
        for (int i = 0; i <= depth; i++) {
            layers.add(new ArrayList<>());
        }
        dag.tasks().keySet().forEach(id -> layers.get(layer.get(id)).add(id));
        Map<String, Double> pos = new HashMap<>();
        layers.forEach(ids -> index(ids, pos));
        Map<String, List<String>> down = downstream(dag);
        for (int s = 0; s < SWEEPS; s++) {
            for (int i = 1; i < layers.size(); i++) {
                sortBy(layers.get(i), id -> dag.task(id).upstream(), pos);
            }
            for (int i = layers.size() - 2; i >= 0; i--) {
                sortBy(layers.get(i), down::get, pos);
            }
        }
        List<Node> nodes = new ArrayList<>();
        Map<String, Node> byId = new LinkedHashMap<>();
        int tallest = 0;
        for (int l = 0; l < layers.size(); l++) {
            List<String> ids = layers.get(l);
            tallest = Math.max(tallest, ids.size());
            for (int i = 0; i < ids.size(); i++) {
                Node n = new Node(dag.task(ids.get(i)), MARGIN + l * (NODE_W + GAP_X), MARGIN + i * (NODE_H + GAP_Y));
                nodes.add(n);
                byId.put(n.task().taskId(), n);
            }
        }
        double width = 2 * MARGIN + layers.size() * NODE_W + Math.max(0, layers.size() - 1) * GAP_X;
        double height = 2 * MARGIN + tallest * NODE_H + Math.max(0, tallest - 1) * GAP_Y;
        return new Layout(nodes, byId, width, height);
    }

    private static void sortBy(List<String> ids, java.util.function.Function<String, java.util.Collection<String>> nbrs,
                               Map<String, Double> pos) {
        Map<String, Double> key = new HashMap<>();
        for (String id : ids) {
            double sum = 0;
            int n = 0;
            for (String other : nbrs.apply(id)) {
                sum += pos.get(other);
                n++;
            }
            key.put(id, n == 0 ? pos.get(id) : sum / n);
        }
        ids.sort(Comparator.comparingDouble(key::get)); // stable: ties keep their order
        index(ids, pos);
    }

    private static void index(List<String> ids, Map<String, Double> pos) {
        for (int i = 0; i < ids.size(); i++) {
            pos.put(ids.get(i), (double) i);
        }
    }

    private static Map<String, List<String>> downstream(Dag dag) {
        Map<String, List<String>> down = new HashMap<>();
        dag.tasks().keySet().forEach(id -> down.put(id, new ArrayList<>()));
        dag.tasks().values().forEach(t -> t.upstream().forEach(up -> down.get(up).add(t.taskId())));
        return down;
    }
}
