package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.engine.StateRecorder;
import io.pipeline.state.TaskState;
import io.pipeline.state.TaskStateMachine;
import io.pipeline.store.DagRunRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mark success / failed / skipped (Airflow's updateTaskInstancesState): the TIs of the scope not already in the new
 * state move to it through the transition table (a running try ends with that state). As in Airflow, marking
 * success or skipped then clears the failed and upstream_failed TIs downstream of the marked tasks in the same runs,
 * so that they run again; how the rest of the run reacts is the scheduler's trigger-rule evaluation.
 */
final class MarkOperation {

    private static final Set<TaskState> FAILED = EnumSet.of(TaskState.FAILED, TaskState.UPSTREAM_FAILED);

    private final OpsContext ops;
    private final StateRecorder recorder;

    MarkOperation(OpsContext ops, StateRecorder recorder) {
        this.ops = ops;
        this.recorder = recorder;
    }

    List<TiRef> mark(MarkRequest req, Actor actor) {
        return ops.inTransaction(req.dagId(), req.tasks(), req.runs(), req.dryRun(),
                target -> mark(target, req, actor));
    }

    private List<TiRef> mark(OpsTarget target, MarkRequest req, Actor actor) {
        TaskState to = req.newState();
        List<OpsTi> tis = target.instances(ops.repo(), Set.of()).stream().filter(ti -> ti.state() != to).toList();
        for (OpsTi ti : tis) {
            TaskStateMachine.check(ti.label(), ti.state(), to);
        }
        List<TiRef> refs = tis.stream().map(OpsTi::ref).toList();
        if (req.dryRun() || tis.isEmpty()) {
            return refs;
        }
        Instant now = ops.clock().instant();
        String reason = "marked " + to.value() + " by " + actor.user() + " (" + actor.via() + ")";
        write(tis, to, reason, now);
        List<TiRef> resumed = to == TaskState.FAILED ? List.of()
                : resumeDownstream(target.dag(), target.tasks(), target.runs(), reason, now);
        Map<String, Object> scope = OpsScopes.of(req, target.tasks());
        scope.put("downstream_cleared", resumed.size());
        target.audit(ops.audit(), actor, "mark_" + to.value(), scope, refs);
        return refs;
    }

    private void write(List<OpsTi> tis, TaskState to, String reason, Instant now) {
        List<Long> running = new ArrayList<>();
        long[] ids = new long[tis.size()];
        for (int i = 0; i < tis.size(); i++) {
            OpsTi ti = tis.get(i);
            ids[i] = ti.id();
            if (ti.state() == TaskState.RUNNING || ti.state() == TaskState.UP_FOR_RESCHEDULE
                    || ti.state() == TaskState.DEFERRED) {
                running.add(ti.id());
            }
        }
        ops.repo().endTries(running.stream().mapToLong(Long::longValue).toArray(), to, reason, now);
        ops.repo().mark(ids, to, reason, now);
        ops.repo().recount(tis.stream().map(OpsTi::runPk).collect(java.util.stream.Collectors.toCollection(
                java.util.TreeSet::new)));
        for (OpsTi ti : tis) {
            recorder.task(ti.dagId(), ti.runId(), ti.logicalDate(), ti.taskId(), ti.mapIndex(), ti.tryNumber(),
                    ti.maxTries(), ti.state(), to, now, null, to == TaskState.FAILED ? reason : null);
        }
    }

    /** Clears failed / upstream_failed TIs downstream of the marked tasks (not the marked tasks themselves). */
    private List<TiRef> resumeDownstream(Dag dag, List<String> marked, Map<Long, DagRunRow> locked, String reason,
                                         Instant now) {
        Set<String> downstream = new LinkedHashSet<>();
        marked.forEach(id -> downstream.addAll(dag.allDownstream(id)));
        downstream.removeAll(new HashSet<>(marked));
        if (downstream.isEmpty()) {
            return List.of();
        }
        List<OpsTi> failed = ops.repo().instances(locked.keySet(), downstream, FAILED, true);
        ops.clearer().clear(dag, locked, failed, true, reason, now);
        return failed.stream().map(OpsTi::ref).toList();
    }
}
