package io.pipeline.dag;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a task's effective priority (the one admission and the workers order by) follows from the declared priority
 * weights, as Airflow's {@code weight_rule}. {@link #DOWNSTREAM}, the default as in Airflow, makes a task as urgent as
 * everything that waits on it: the start task of a run outranks the leaves of earlier runs, so a herd of runs starts
 * all its runs before it works through their fan-outs.
 */
public enum WeightRule {
    /** Its own weight plus the weights of every task downstream of it (transitively). */
    DOWNSTREAM,
    /** Its own weight plus the weights of every task upstream of it (transitively). */
    UPSTREAM,
    /** Its own weight only. */
    ABSOLUTE;

    /** Effective priorities are kept within this bound, so that a backfill's offset below them cannot overflow. */
    static final long BOUND = 1_000_000_000L;

    /** The name in the API and in Airflow ({@code downstream}, {@code upstream}, {@code absolute}). */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The effective priority of every task of the DAG, in the DAG's task order (topological), each by its own rule.
     * One pass each way over the graph with a bit set per task: cheap enough for a DAG of thousands of tasks.
     */
    public static int[] effectivePriorities(Dag dag) {
        List<TaskDef> tasks = List.copyOf(dag.tasks().values());
        int n = tasks.size();
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(tasks.get(i).taskId(), i);
        }
        boolean anyDown = false;
        boolean anyUp = false;
        for (TaskDef t : tasks) {
            anyDown |= t.weightRule() == DOWNSTREAM;
            anyUp |= t.weightRule() == UPSTREAM;
        }
        BitSet[] up = anyUp ? new BitSet[n] : null;
        if (anyUp) {
            for (int i = 0; i < n; i++) { // topological: every upstream's set is complete before its downstream's
                up[i] = new BitSet(n);
                for (String u : tasks.get(i).upstream()) {
                    int j = index.get(u);
                    up[i].set(j);
                    up[i].or(up[j]);
                }
            }
        }
        BitSet[] down = anyDown ? new BitSet[n] : null;
        if (anyDown) {
            for (int i = 0; i < n; i++) {
                down[i] = new BitSet(n);
            }
            for (int i = n - 1; i >= 0; i--) { // reverse topological: every downstream's set is complete first
                for (String u : tasks.get(i).upstream()) {
                    int j = index.get(u);
                    down[j].set(i);
                    down[j].or(down[i]);
                }
            }
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            TaskDef t = tasks.get(i);
            long sum = t.priorityWeight();
            BitSet others = switch (t.weightRule()) {
                case DOWNSTREAM -> down[i];
                case UPSTREAM -> up[i];
                case ABSOLUTE -> null;
            };
            if (others != null) {
                for (int j = others.nextSetBit(0); j >= 0; j = others.nextSetBit(j + 1)) {
                    sum += tasks.get(j).priorityWeight();
                }
            }
            out[i] = (int) Math.max(-BOUND, Math.min(BOUND, sum));
        }
        return out;
    }
}
