package io.pipeline.ops;

import java.util.Objects;

/**
 * What to clear: tasks and runs of one DAG, optionally only failed (failed or upstream_failed) or only running TIs.
 *
 * @param resetDagRuns finished runs with cleared TIs go back to queued (Airflow's {@code reset_dag_runs}); when
 *                     false their state is left alone
 * @param dryRun       select and return the TIs, change nothing
 */
public record ClearRequest(String dagId, TaskScope tasks, RunScope runs, boolean onlyFailed, boolean onlyRunning,
                           boolean resetDagRuns, boolean dryRun) {

    public ClearRequest {
        Objects.requireNonNull(dagId, "dagId");
        tasks = tasks == null ? TaskScope.all() : tasks;
        runs = runs == null ? RunScope.all() : runs;
        if (onlyFailed && onlyRunning) {
            throw new IllegalArgumentException("only_failed and only_running cannot both be set");
        }
    }

    /** Clears the given tasks in one run, resetting the run if it had finished. */
    public static ClearRequest of(String dagId, TaskScope tasks, RunScope runs) {
        return new ClearRequest(dagId, tasks, runs, false, false, true, false);
    }

    public ClearRequest withResetDagRuns(boolean value) {
        return new ClearRequest(dagId, tasks, runs, onlyFailed, onlyRunning, value, dryRun);
    }

    public ClearRequest withOnlyFailed() {
        return new ClearRequest(dagId, tasks, runs, true, false, resetDagRuns, dryRun);
    }

    public ClearRequest withOnlyRunning() {
        return new ClearRequest(dagId, tasks, runs, false, true, resetDagRuns, dryRun);
    }

    public ClearRequest asDryRun() {
        return new ClearRequest(dagId, tasks, runs, onlyFailed, onlyRunning, resetDagRuns, true);
    }
}
