package io.pipeline.state;

import java.util.Collection;

/**
 * Rolls task-instance states up into the DAG run's state, by Airflow's rule: while any TI is unfinished the run is
 * running; once all are finished it failed if any leaf TI failed or is upstream_failed, else it succeeded (leaves
 * success or skipped). Removed TIs take no part. Deadlock (nothing runnable) is for the scheduler to detect.
 */
public final class DagRunStateRollup {

    private DagRunStateRollup() {
    }

    /**
     * @param allStates  states of every TI of the run (mapped tasks: every instance)
     * @param leafStates states of the TIs of the DAG's leaf tasks
     */
    public static DagRunState rollUp(Collection<TaskState> allStates, Collection<TaskState> leafStates) {
        for (TaskState s : allStates) {
            if (!s.isTerminal()) {
                return DagRunState.RUNNING;
            }
        }
        for (TaskState s : leafStates) {
            if (s == TaskState.FAILED || s == TaskState.UPSTREAM_FAILED) {
                return DagRunState.FAILED;
            }
        }
        return DagRunState.SUCCESS;
    }

    /** True for the leaf states that count as a failed run. */
    public static boolean failsRun(TaskState leafState) {
        return leafState == TaskState.FAILED || leafState == TaskState.UPSTREAM_FAILED;
    }
}
