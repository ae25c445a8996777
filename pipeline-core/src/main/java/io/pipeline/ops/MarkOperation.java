package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.StateRecorder;
import io.pipeline.state.TaskState;
import io.pipeline.state.TaskStateMachine;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
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

    private final TransactionTemplate tx;
    private final Clock clock;
    private final DagRegistry registry;
    private final DagRunRepository runs;
    private final OpsRepository repo;
    private final TiClearer clearer;
    private final StateRecorder recorder;
    private final AuditLog audit;

    MarkOperation(TransactionTemplate tx, Clock clock, DagRegistry registry, DagRunRepository runs,
                  OpsRepository repo, TiClearer clearer, StateRecorder recorder, AuditLog audit) {
        this.tx = tx;
        this.clock = clock;
        this.registry = registry;
        this.runs = runs;
        this.repo = repo;
        this.clearer = clearer;
        this.recorder = recorder;
        this.audit = audit;
    }

    List<TiRef> mark(MarkRequest req, Actor actor) {
        Dag dag = registry.require(req.dagId());
        List<String> tasks = TaskSelection.resolve(dag, req.tasks());
        return tx.execute(s -> inTransaction(dag, tasks, req, actor));
    }

    private List<TiRef> inTransaction(Dag dag, List<String> tasks, MarkRequest req, Actor actor) {
        boolean lock = !req.dryRun();
        RunSelection.Selected selected = RunSelection.select(runs, repo, dag.dagId(), req.runs(), lock);
        Map<Long, DagRunRow> locked = selected.runs();
        TaskState to = req.newState();
        List<OpsTi> tis = repo.instances(locked.keySet(), tasks.size() == dag.tasks().size() ? null : tasks,
                        Set.of(), lock).stream()
                .filter(ti -> ti.state() != to).toList();
        for (OpsTi ti : tis) {
            TaskStateMachine.check(ti.label(), ti.state(), to);
        }
        List<TiRef> refs = tis.stream().map(OpsTi::ref).toList();
        if (req.dryRun() || tis.isEmpty()) {
            return refs;
        }
        Instant now = clock.instant();
        String reason = "marked " + to.value() + " by " + actor.user() + " (" + actor.via() + ")";
        write(tis, to, reason, now);
        List<TiRef> resumed = to == TaskState.FAILED ? List.of()
                : resumeDownstream(dag, tasks, locked, reason, now);
        Map<String, Object> scope = OpsScopes.of(req, tasks);
        scope.put("downstream_cleared", resumed.size());
        audit.record(actor, "mark_" + to.value(), dag.dagId(), req.runs().runId(),
                tasks.size() == 1 ? tasks.getFirst() : null, selected.runDate(), scope, refs);
        return refs;
    }

    private void write(List<OpsTi> tis, TaskState to, String reason, Instant now) {
        List<Long> running = new ArrayList<>();
        long[] ids = new long[tis.size()];
        for (int i = 0; i < tis.size(); i++) {
            OpsTi ti = tis.get(i);
            ids[i] = ti.id();
            if (ti.state() == TaskState.RUNNING || ti.state() == TaskState.UP_FOR_RESCHEDULE) {
                running.add(ti.id());
            }
        }
        repo.endTries(running.stream().mapToLong(Long::longValue).toArray(), to, reason, now);
        repo.mark(ids, to, reason, now);
        repo.recount(tis.stream().map(OpsTi::runPk).collect(java.util.stream.Collectors.toCollection(
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
        List<OpsTi> failed = repo.instances(locked.keySet(), downstream, FAILED, true);
        clearer.clear(dag, locked, failed, true, reason, now);
        return failed.stream().map(OpsTi::ref).toList();
    }
}
