package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.engine.DagRunNotFoundException;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a clear or mark acts on, selected inside its transaction: the DAG, the tasks the request's task scope resolves
 * to, and the runs of its run scope by primary key in lock order. Runs are locked before their TIs, and neither is
 * locked in a dry run, which therefore selects exactly what the real operation would.
 *
 * @param runDate the logical date of the run the scope names, or null for a date range
 */
record OpsTarget(Dag dag, List<String> tasks, RunScope scope, Instant runDate, Map<Long, DagRunRow> runs,
                 boolean lock) {

    /**
     * Resolves the run scope (one run, with past/future, or a date range) to runs, locking them unless
     * {@code dryRun}.
     *
     * @throws DagRunNotFoundException when the scope names a run that does not exist
     */
    static OpsTarget select(DagRunRepository runs, OpsRepository repo, Dag dag, List<String> tasks, RunScope scope,
                            boolean dryRun) {
        String dagId = dag.dagId();
        Instant runDate = null;
        if (scope.runId() != null) {
            runDate = runs.find(dagId, scope.runId())
                    .orElseThrow(() -> new DagRunNotFoundException(dagId, scope.runId())).logicalDate();
        }
        Map<Long, DagRunRow> selected = new LinkedHashMap<>();
        for (DagRunRow r : repo.runs(dagId, scope.lower(runDate), scope.upper(runDate), !dryRun)) {
            selected.put(r.id(), r);
        }
        return new OpsTarget(dag, tasks, scope, runDate, selected, !dryRun);
    }

    /** The target's TIs in one of {@code states} (any state when empty), under the target's locks. */
    List<OpsTi> instances(OpsRepository repo, Set<TaskState> states) {
        return repo.instances(runs.keySet(), tasks.size() == dag.tasks().size() ? null : tasks, states, lock);
    }

    /** Writes the operation's audit entry: the task when the target has one, the run's date when the scope names one. */
    void audit(AuditLog audit, Actor actor, String event, Map<String, ?> scopeFields, List<TiRef> tis) {
        audit.record(actor, event, dag.dagId(), scope.runId(), tasks.size() == 1 ? tasks.getFirst() : null, runDate,
                scopeFields, tis);
    }
}
