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
    /** Airflow's running states of {@code set_dag_run_state_to_failed}: failed rather than skipped. */
    private static final Set<TaskState> RUNNING_STATES = EnumSet.of(TaskState.RUNNING, TaskState.UP_FOR_RESCHEDULE,
            TaskState.DEFERRED);
    /** The TIs a run marked success moves: all but successful ones and removed ones (no longer in the DAG). */
    private static final Set<TaskState> NOT_SUCCESSFUL = EnumSet.complementOf(EnumSet.of(TaskState.SUCCESS,
            TaskState.REMOVED));

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
        List<OpsTi> tis = target.instances(ops.repo(), Set.of()).stream().filter(ti -> ti.state() != to)
                .filter(ti -> req.mapIndexes().isEmpty() || req.mapIndexes().contains(ti.mapIndex())).toList();
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

    /**
     * Airflow's {@code set_dag_run_state_to_failed}: the TIs that are running (on a worker, between reschedule pokes
     * or deferred) become failed, their tries ending; the other unfinished ones (none, scheduled, queued,
     * up_for_retry) become skipped; finished TIs keep their state; the run becomes failed whatever its state.
     * Returns the TIs changed, with their previous states.
     */
    List<TiRef> failRun(String dagId, String runId, Actor actor) {
        return ops.inTransaction(dagId, TaskScope.all(), RunScope.run(runId), false, target -> {
            DagRunRow run = target.runs().values().stream().filter(r -> r.runId().equals(runId)).findFirst()
                    .orElseThrow(() -> new io.pipeline.engine.DagRunNotFoundException(dagId, runId));
            List<OpsTi> unfinished = ops.repo().instances(List.of(run.id()), null,
                    io.pipeline.state.DagRunStateRollup.UNFINISHED, true);
            List<OpsTi> toFail = unfinished.stream().filter(ti -> RUNNING_STATES.contains(ti.state())).toList();
            List<OpsTi> toSkip = unfinished.stream().filter(ti -> !RUNNING_STATES.contains(ti.state())).toList();
            toFail.forEach(ti -> TaskStateMachine.check(ti.label(), ti.state(), TaskState.FAILED));
            toSkip.forEach(ti -> TaskStateMachine.check(ti.label(), ti.state(), TaskState.SKIPPED));
            Instant now = ops.clock().instant();
            String reason = "run marked failed by " + actor.user() + " (" + actor.via() + ")";
            if (!toFail.isEmpty()) {
                write(toFail, TaskState.FAILED, reason, now);
            }
            if (!toSkip.isEmpty()) {
                write(toSkip, TaskState.SKIPPED, reason, now);
            }
            if (ops.repo().markRunFailed(run.id(), now)) {
                recorder.run(run, run.state(), io.pipeline.state.DagRunState.FAILED, now);
            }
            List<TiRef> refs = unfinished.stream().map(OpsTi::ref).toList();
            Map<String, Object> scope = new java.util.LinkedHashMap<>();
            scope.put("state", "failed");
            scope.put("previous_state", run.state().value());
            scope.put("failed", toFail.size());
            scope.put("skipped", toSkip.size());
            target.audit(ops.audit(), actor, "mark_run_failed", scope, refs);
            return refs;
        });
    }

    /**
     * Airflow's {@code set_dag_run_state_to_success}: every TI of the run not already successful becomes success
     * (unfinished ones, and as in Airflow also failed, upstream_failed and skipped ones; a running, deferred or
     * reschedule-waiting try ends as success); removed TIs (their task left the DAG) keep their state; the run
     * becomes success with its end date now, whatever its state. Returns the TIs changed, with their previous states.
     */
    List<TiRef> succeedRun(String dagId, String runId, Actor actor) {
        return ops.inTransaction(dagId, TaskScope.all(), RunScope.run(runId), false, target -> {
            DagRunRow run = lockedRun(target, dagId, runId);
            List<OpsTi> toSucceed = ops.repo().instances(List.of(run.id()), null, NOT_SUCCESSFUL, true);
            toSucceed.forEach(ti -> TaskStateMachine.check(ti.label(), ti.state(), TaskState.SUCCESS));
            Instant now = ops.clock().instant();
            String reason = "run marked success by " + actor.user() + " (" + actor.via() + ")";
            if (!toSucceed.isEmpty()) {
                write(toSucceed, TaskState.SUCCESS, reason, now);
            }
            if (ops.repo().markRunSuccess(run.id(), now)) {
                recorder.run(run, run.state(), io.pipeline.state.DagRunState.SUCCESS, now);
            }
            List<TiRef> refs = toSucceed.stream().map(OpsTi::ref).toList();
            Map<String, Object> scope = new java.util.LinkedHashMap<>();
            scope.put("state", "success");
            scope.put("previous_state", run.state().value());
            scope.put("succeeded", toSucceed.size());
            target.audit(ops.audit(), actor, "mark_run_success", scope, refs);
            return refs;
        });
    }

    /**
     * Airflow's {@code set_dag_run_state_to_queued}: the run goes back to queued (queued at now, start and end
     * cleared) and its task instances keep their states; the scheduler starts it again under max_active_runs.
     * Returns true when the run moved (false when it was queued already).
     */
    boolean queueRun(String dagId, String runId, Actor actor) {
        return ops.inTransaction(dagId, TaskScope.all(), RunScope.run(runId), false, target -> {
            DagRunRow run = lockedRun(target, dagId, runId);
            Instant now = ops.clock().instant();
            boolean moved = ops.repo().markRunQueued(run.id(), now);
            if (moved) {
                recorder.run(run, run.state(), io.pipeline.state.DagRunState.QUEUED, now);
            }
            Map<String, Object> scope = new java.util.LinkedHashMap<>();
            scope.put("state", "queued");
            scope.put("previous_state", run.state().value());
            target.audit(ops.audit(), actor, "mark_run_queued", scope, List.of());
            return moved;
        });
    }

    private static DagRunRow lockedRun(OpsTarget target, String dagId, String runId) {
        return target.runs().values().stream().filter(r -> r.runId().equals(runId)).findFirst()
                .orElseThrow(() -> new io.pipeline.engine.DagRunNotFoundException(dagId, runId));
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
