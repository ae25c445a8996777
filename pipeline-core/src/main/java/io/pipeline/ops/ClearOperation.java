package io.pipeline.ops;

import io.pipeline.state.TaskState;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Clear (Airflow's clearTaskInstances and dagRuns/.../clear): selects the TIs of the scope, and unless it is a dry
 * run clears them ({@link TiClearer}) and records the operation, all in one transaction that locks the runs in id
 * order and then their TIs. A dry run returns exactly the TIs a real clear with the same request would take.
 */
final class ClearOperation {

    private static final Set<TaskState> FAILED = EnumSet.of(TaskState.FAILED, TaskState.UPSTREAM_FAILED);

    private final OpsContext ops;

    ClearOperation(OpsContext ops) {
        this.ops = ops;
    }

    List<TiRef> clear(ClearRequest req, Actor actor) {
        return ops.inTransaction(req.dagId(), req.tasks(), req.runs(), req.dryRun(),
                target -> clear(target, req, actor));
    }

    private List<TiRef> clear(OpsTarget target, ClearRequest req, Actor actor) {
        Set<TaskState> states = req.onlyFailed() ? FAILED
                : req.onlyRunning() ? EnumSet.of(TaskState.RUNNING) : Set.of();
        List<OpsTi> tis = target.instances(ops.repo(), states);
        List<TiRef> refs = tis.stream().map(OpsTi::ref).toList();
        if (req.dryRun()) {
            return refs;
        }
        Instant now = ops.clock().instant();
        ops.clearer().clear(target.dag(), target.runs(), tis, req.resetDagRuns(),
                "cleared by " + actor.user() + " (" + actor.via() + ")", now);
        target.audit(ops.audit(), actor, "clear", OpsScopes.of(req, target.tasks()), refs);
        return refs;
    }
}
