package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.TaskDef;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph of a DAG precomputed for the hot path: direct downstream and transitive downstream per task, leaves,
 * and tasks expanded over each task's output. {@link Dag#downstream} scans every task; a finishing TI must not.
 */
public final class DagIndex {
    private final Dag dag;
    private final Map<String, List<String>> downstream = new HashMap<>();
    private final Map<String, Set<String>> allDownstream = new HashMap<>();
    private final Set<String> leaves;
    private final Set<String> chainLinks = new HashSet<>();

    public DagIndex(Dag dag) {
        this.dag = dag;
        for (String id : dag.tasks().keySet()) {
            downstream.put(id, new ArrayList<>());
        }
        for (TaskDef t : dag.tasks().values()) {
            for (String up : t.upstream()) {
                downstream.get(up).add(t.taskId());
            }
        }
        downstream.replaceAll((k, v) -> List.copyOf(v));
        Set<String> l = new LinkedHashSet<>();
        downstream.forEach((k, v) -> {
            if (v.isEmpty()) {
                l.add(k);
            }
        });
        leaves = Collections.unmodifiableSet(l);
        downstream.forEach((id, down) -> {
            if (down.size() == 1 && dag.tasks().get(down.getFirst()).upstream().size() == 1) {
                chainLinks.add(id);
            }
        });
    }

    public Dag dag() {
        return dag;
    }

    public String dagId() {
        return dag.dagId();
    }

    public TaskDef task(String taskId) {
        return dag.tasks().get(taskId);
    }

    public boolean hasTask(String taskId) {
        return dag.tasks().containsKey(taskId);
    }

    public List<String> downstream(String taskId) {
        List<String> d = downstream.get(taskId);
        return d == null ? List.of() : d;
    }

    /** Every task downstream of {@code taskId}, transitively. */
    public synchronized Set<String> allDownstream(String taskId) {
        return allDownstream.computeIfAbsent(taskId, id -> {
            Set<String> out = new LinkedHashSet<>();
            List<String> todo = new ArrayList<>(downstream(id));
            while (!todo.isEmpty()) {
                String next = todo.removeLast();
                if (out.add(next)) {
                    todo.addAll(downstream(next));
                }
            }
            return Collections.unmodifiableSet(out);
        });
    }

    /**
     * Whether {@code taskId} hands on to one task alone: it has exactly one downstream task, and is that task's only
     * upstream (a chain's link; a start task before one mapped task). Its success then makes that task ready by
     * itself, and nothing else competes for what it leaves behind.
     */
    public boolean chainLink(String taskId) {
        return chainLinks.contains(taskId);
    }

    public Set<String> leaves() {
        return leaves;
    }

    public boolean isLeaf(String taskId) {
        return leaves.contains(taskId);
    }
}
