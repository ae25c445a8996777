package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.engine.DagRegistry;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Clear (Airflow's clearTaskInstances and dagRuns/.../clear): selects the TIs of the scope, and unless it is a dry
 * run clears them ({@link TiClearer}) and records the operation, all in one transaction that locks the runs in id
 * order and then their TIs. A dry run returns exactly the TIs a real clear with the same request would take.
 */
final class ClearOperation {

    private static final Set<TaskState> FAILED = EnumSet.of(TaskState.FAILED, TaskState.UPSTREAM_FAILED);

    private final TransactionTemplate tx;
    private final Clock clock;
    private final DagRegistry registry;
    private final DagRunRepository runs;
    private final OpsRepository repo;
    private final TiClearer clearer;
    private final AuditLog audit;

    ClearOperation(TransactionTemplate tx, Clock clock, DagRegistry registry, DagRunRepository runs,
                   OpsRepository repo, TiClearer clearer, AuditLog audit) {
        this.tx = tx;
        this.clock = clock;
        this.registry = registry;
        this.runs = runs;
        this.repo = repo;
        this.clearer = clearer;
        this.audit = audit;
    }

    List<TiRef> clear(ClearRequest req, Actor actor) {
        Dag dag = registry.require(req.dagId());
        List<String> tasks = TaskSelection.resolve(dag, req.tasks());
        return tx.execute(s -> inTransaction(dag, tasks, req, actor));
    }

    private List<TiRef> inTransaction(Dag dag, List<String> tasks, ClearRequest req, Actor actor) {
        boolean lock = !req.dryRun();
        RunSelection.Selected selected = RunSelection.select(runs, repo, dag.dagId(), req.runs(), lock);
        Map<Long, DagRunRow> locked = selected.runs();
        Set<TaskState> states = req.onlyFailed() ? FAILED
                : req.onlyRunning() ? EnumSet.of(TaskState.RUNNING) : Set.of();
        List<OpsTi> tis = repo.instances(locked.keySet(), tasks.size() == dag.tasks().size() ? null : tasks,
                states, lock);
        List<TiRef> refs = tis.stream().map(OpsTi::ref).toList();
        if (req.dryRun()) {
            return refs;
        }
        Instant now = clock.instant();
        clearer.clear(dag, locked, tis, req.resetDagRuns(), "cleared by " + actor.user() + " (" + actor.via() + ")",
                now);
        audit.record(actor, "clear", dag.dagId(), req.runs().runId(), tasks.size() == 1 ? tasks.getFirst() : null,
                selected.runDate(), OpsScopes.of(req, tasks), refs);
        return refs;
    }
}
