package io.pipeline.state;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Rolls task-instance states up into the DAG run's state, by Airflow's rule: while any TI is unfinished the run is
 * running; once all are finished it failed if any leaf TI failed or is upstream_failed, else it succeeded (leaves
 * success or skipped). Removed TIs take no part. Deadlock (nothing runnable) is for the scheduler to detect.
 * <p>
 * The one definition of the rule: the engine's roll-up ({@code RunScheduler.rollUp}) asks the database the two
 * questions below with state lists built from {@link #UNFINISHED} and {@link #FAILS_RUN}, and decides with
 * {@link #rollUp(boolean, boolean)}; a database test holds the SQL to {@link #rollUp(Collection, Collection)}.
 */
public final class DagRunStateRollup {

    /** The states that keep a run running (the non-terminal ones; also the predicate of index ti_unfinished). */
    public static final Set<TaskState> UNFINISHED = unfinished();

    /** The leaf states that fail a run. */
    public static final Set<TaskState> FAILS_RUN =
            Collections.unmodifiableSet(EnumSet.of(TaskState.FAILED, TaskState.UPSTREAM_FAILED));

    private DagRunStateRollup() {
    }

    private static Set<TaskState> unfinished() {
        Set<TaskState> s = EnumSet.noneOf(TaskState.class);
        for (TaskState t : TaskState.values()) {
            if (!t.isTerminal()) {
                s.add(t);
            }
        }
        return Collections.unmodifiableSet(s);
    }

    /**
     * @param allStates  states of every TI of the run (mapped tasks: every instance)
     * @param leafStates states of the TIs of the DAG's leaf tasks
     */
    public static DagRunState rollUp(Collection<TaskState> allStates, Collection<TaskState> leafStates) {
        return rollUp(allStates.stream().anyMatch(UNFINISHED::contains),
                leafStates.stream().anyMatch(FAILS_RUN::contains));
    }

    /** The rule on the two answers: is any TI of the run unfinished, and is any leaf TI in a failing state. */
    public static DagRunState rollUp(boolean anyUnfinished, boolean anyLeafFailed) {
        if (anyUnfinished) {
            return DagRunState.RUNNING;
        }
        return anyLeafFailed ? DagRunState.FAILED : DagRunState.SUCCESS;
    }

    /** True for the leaf states that count as a failed run. */
    public static boolean failsRun(TaskState leafState) {
        return FAILS_RUN.contains(leafState);
    }
}
