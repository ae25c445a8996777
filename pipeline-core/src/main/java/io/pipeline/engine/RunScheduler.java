package io.pipeline.engine;

import io.pipeline.dag.TaskDef;
import io.pipeline.state.DagRunState;
import io.pipeline.state.DagRunStateRollup;
import io.pipeline.state.TaskState;
import io.pipeline.state.TriggerDecision;
import io.pipeline.state.TriggerRule;
import io.pipeline.state.TriggerRuleEvaluator;
import io.pipeline.state.UpstreamStates;
import io.pipeline.store.ChangedTi;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.ProgressRepository;
import io.pipeline.store.SchedulingRepository;
import io.pipeline.store.XComRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves the waiting TIs of one run on by their trigger rules: ready ones to scheduled (mapped tasks expanded into
 * their instances), settled ones to skipped / upstream_failed, propagating to their downstream in the same
 * transaction; then rolls the run's state up. The caller holds the run's row lock.
 */
public final class RunScheduler {

    /**
     * Rules that wait while any upstream instance is unfinished unless a failure or skip settles them first; for
     * these, a batch of upstream successes with other upstream still unfinished cannot change anything, so the
     * (possibly large) count of upstream states is not needed.
     */
    private static final Set<TriggerRule> WAIT_FOR_ALL = EnumSet.of(TriggerRule.ALL_SUCCESS, TriggerRule.ALL_DONE,
            TriggerRule.NONE_FAILED, TriggerRule.NONE_SKIPPED, TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS);

    /**
     * What an evaluation changed.
     *
     * @param ready unmapped tasks found ready but left in state none for the caller to schedule and admit in one
     *              statement (only with {@code deferReady}); empty otherwise
     */
    public record Result(List<ChangedTi> scheduled, List<String> ready, Set<String> poolsTouched, boolean anySettled) {
    }

    private final SchedulingRepository repo;
    private final DagRunRepository runs;
    private final XComRepository xcoms;
    private final ProgressRepository progress;
    private final StateRecorder recorder;
    private final PastDependency past;
    private final DatasetGate data;

    public RunScheduler(SchedulingRepository repo, DagRunRepository runs, XComRepository xcoms,
                        ProgressRepository progress, StateRecorder recorder, DatasetGate data) {
        this.repo = repo;
        this.runs = runs;
        this.xcoms = xcoms;
        this.progress = progress;
        this.recorder = recorder;
        this.past = new PastDependency(runs, repo);
        this.data = data;
    }

    /**
     * True when no success of an instance of {@code taskId} can move a downstream task while another instance of it
     * is unfinished: every downstream task's rule waits for all its upstream (see {@link #WAIT_FOR_ALL}). A leaf
     * qualifies; whether its run is done is decided once its last instance is counted off.
     */
    static boolean successWaitsForSiblings(DagIndex dag, String taskId) {
        for (String down : dag.downstream(taskId)) {
            if (!WAIT_FOR_ALL.contains(dag.task(down).triggerRule())) {
                return false;
            }
        }
        return true;
    }

    /** Counts finished instances per task into the progress counters. */
    public void finished(DagRunRow run, Collection<ChangedTi> tis) {
        Map<String, Integer> delta = new java.util.HashMap<>();
        for (ChangedTi ti : tis) {
            delta.merge(ti.taskId(), -1, Integer::sum);
        }
        progress.add(run.id(), delta);
    }

    /**
     * Evaluates {@code candidates} (task ids whose upstream changed; null: every waiting task of the run).
     *
     * @param quietUpstream upstream tasks whose only news is success; may be empty
     */
    public Result evaluate(DagRunRow run, DagIndex dag, Collection<String> candidates, Set<String> quietUpstream,
                           Instant now) {
        return evaluate(run, dag, candidates, quietUpstream, now, false);
    }

    /**
     * As {@link #evaluate(DagRunRow, DagIndex, Collection, Set, Instant)}; with {@code deferReady} the unmapped tasks
     * found ready are returned in {@link Result#ready()} instead of being moved to scheduled, so that the finishing
     * transaction can move them on to queued or running in one statement ({@link FinishAdmission}).
     */
    public Result evaluate(DagRunRow run, DagIndex dag, Collection<String> candidates, Set<String> quietUpstream,
                           Instant now, boolean deferReady) {
        List<ChangedTi> scheduled = new ArrayList<>();
        List<String> ready = new ArrayList<>();
        Set<String> pools = new HashSet<>();
        boolean anySettled = false;
        Set<String> pending = candidates == null ? repo.allWaiting(run.id()) : new LinkedHashSet<>(candidates);
        Set<String> quiet = new HashSet<>(quietUpstream);
        while (!pending.isEmpty()) {
            pending.removeIf(id -> !dag.hasTask(id));
            Map<TriggerDecision, List<String>> decisions = decide(run, dag, pending, quiet);
            Set<String> settledNow = new LinkedHashSet<>();
            for (String taskId : decisions.getOrDefault(TriggerDecision.RUN, List.of())) {
                TaskDef def = dag.task(taskId);
                if (def.dependsOnPast() && past.check(run, dag.dag(), def).isPresent()) {
                    continue; // stays none; evaluated again on the next pass
                }
                if (def.upstream().isEmpty() && DatasetGate.holdsTasks(dag.dag())
                        && !data.checkWaits(dag.dag(), run).ready()) {
                    continue; // a root task waits for its run's input partitions, holding no slot
                }
                if (def.isMapped()) {
                    List<ChangedTi> cleared = scheduleExpanded(run, taskId, now);
                    if (cleared.isEmpty()) {
                        settledNow.addAll(expand(run, def, scheduled, now));
                    } else {
                        scheduled.addAll(cleared);
                    }
                } else if (deferReady) {
                    ready.add(taskId);
                } else {
                    scheduled.addAll(schedule(run, List.of(taskId), now));
                }
                pools.add(def.pool());
            }
            for (TriggerDecision d : List.of(TriggerDecision.SKIP, TriggerDecision.UPSTREAM_FAILED,
                    TriggerDecision.REMOVED)) {
                List<String> ids = decisions.getOrDefault(d, List.of());
                if (!ids.isEmpty()) {
                    settle(run, ids, d.settledState(), null, now);
                    settledNow.addAll(ids);
                }
            }
            anySettled |= !settledNow.isEmpty();
            quiet.removeAll(settledNow);
            pending = new LinkedHashSet<>();
            for (String s : settledNow) {
                pending.addAll(dag.downstream(s));
            }
        }
        return new Result(scheduled, ready, pools, anySettled);
    }

    /**
     * Trigger-rule decisions for the waiting ones among {@code pending}. A task whose rule waits for all upstream,
     * whose upstream news is only success, and one of whose mapped upstream tasks still has unfinished instances (by
     * its progress counter) must wait: it is decided without reading upstream states. The rest are decided from one
     * read of their own and their upstream states.
     */
    private Map<TriggerDecision, List<String>> decide(DagRunRow run, DagIndex dag, Set<String> pending,
                                                      Set<String> quiet) {
        Set<String> probe = new HashSet<>();
        for (String id : pending) {
            TaskDef t = dag.task(id);
            if (WAIT_FOR_ALL.contains(t.triggerRule()) && quiet.containsAll(t.upstream())) {
                t.upstream().stream().filter(u -> dag.task(u).isMapped()).forEach(probe::add);
            }
        }
        Set<String> unfinished = probe.isEmpty() ? Set.of() : progress.unfinished(run.id(), probe);
        Set<String> toCount = new LinkedHashSet<>();
        Set<String> read = new HashSet<>();
        Map<TriggerDecision, List<String>> out = new EnumMap<>(TriggerDecision.class);
        for (String id : pending) {
            TaskDef t = dag.task(id);
            if (allUpstreamJustSucceeded(dag, t, quiet)) {
                // Every upstream is one unmapped TI that succeeded in this transaction: the upstream states are
                // known without reading them. Whether the task still waits is left to the statements that move
                // it (they only move TIs in state none).
                TriggerDecision d = TriggerRuleEvaluator.evaluate(t.triggerRule(), allSuccess(t.upstream().size()));
                if (d != null) {
                    out.computeIfAbsent(d, k -> new ArrayList<>()).add(id);
                }
                continue;
            }
            boolean mustWait = WAIT_FOR_ALL.contains(t.triggerRule()) && quiet.containsAll(t.upstream())
                    && t.upstream().stream().anyMatch(unfinished::contains);
            if (!mustWait) {
                toCount.add(id);
                read.add(id);
                read.addAll(t.upstream());
            }
        }
        if (toCount.isEmpty()) {
            return out;
        }
        SchedulingRepository.States states = repo.states(run.id(), read);
        for (String id : toCount) {
            if (!states.waiting().contains(id)) {
                continue;
            }
            TaskDef t = dag.task(id);
            TriggerDecision d = TriggerRuleEvaluator.evaluate(t.triggerRule(), upstreamStates(t, states.counts()));
            out.computeIfAbsent(d, k -> new ArrayList<>()).add(id);
        }
        return out;
    }

    private static boolean allUpstreamJustSucceeded(DagIndex dag, TaskDef t, Set<String> quiet) {
        if (t.isMapped() || t.upstream().isEmpty() || !quiet.containsAll(t.upstream())) {
            return false;
        }
        for (String up : t.upstream()) {
            if (dag.task(up).isMapped()) {
                return false;
            }
        }
        return true;
    }

    private static UpstreamStates allSuccess(int n) {
        return new UpstreamStates(n, n, 0, 0, 0, 0);
    }

    static UpstreamStates upstreamStates(TaskDef t, Map<String, Map<TaskState, Integer>> counts) {
        int total = 0;
        int success = 0;
        int failed = 0;
        int upstreamFailed = 0;
        int skipped = 0;
        int removed = 0;
        for (String up : t.upstream()) {
            for (Map.Entry<TaskState, Integer> e : counts.getOrDefault(up, Map.of()).entrySet()) {
                int n = e.getValue();
                total += n;
                switch (e.getKey()) {
                    case SUCCESS -> success += n;
                    case FAILED -> failed += n;
                    case UPSTREAM_FAILED -> upstreamFailed += n;
                    case SKIPPED -> skipped += n;
                    case REMOVED -> removed += n;
                    default -> {
                    }
                }
            }
        }
        return new UpstreamStates(total, success, failed, upstreamFailed, skipped, removed);
    }

    /** none -> scheduled for unmapped tasks of the run (a new try each). */
    List<ChangedTi> schedule(DagRunRow run, List<String> taskIds, Instant now) {
        List<ChangedTi> moved = repo.schedule(run.id(), taskIds, now);
        for (ChangedTi ti : moved) {
            recorder.task(run, ti, TaskState.NONE, TaskState.SCHEDULED, now);
        }
        return moved;
    }

    /** Schedules the instances of a mapped task that a clear sent back to none (it was expanded before). */
    private List<ChangedTi> scheduleExpanded(DagRunRow run, String taskId, Instant now) {
        List<ChangedTi> moved = repo.scheduleExpanded(run.id(), taskId, now);
        for (ChangedTi ti : moved) {
            recorder.task(run, ti, TaskState.NONE, TaskState.SCHEDULED, now);
        }
        return moved;
    }

    /** Expands a mapped task over its source's output; returns the task id when it was settled instead. */
    private List<String> expand(DagRunRow run, TaskDef def, List<ChangedTi> scheduled, Instant now) {
        Integer length = xcoms.arrayLength(run.id(), def.expandFrom(), -1, XComRepository.RETURN_VALUE).orElse(null);
        if (length == null || length < 0) {
            settle(run, List.of(def.taskId()), TaskState.FAILED, "cannot expand task '" + def.taskId()
                    + "': the output of '" + def.expandFrom() + "' is " + (length == null ? "missing" : "not a JSON array"),
                    now);
            return List.of(def.taskId());
        }
        if (length == 0) {
            settle(run, List.of(def.taskId()), TaskState.SKIPPED, null, now);
            return List.of(def.taskId());
        }
        List<ChangedTi> instances = repo.expand(run.id(), def.taskId(), length, now);
        for (ChangedTi ti : instances) {
            recorder.task(run, ti, TaskState.NONE, TaskState.SCHEDULED, now);
            scheduled.add(ti);
        }
        progress.add(run.id(), Map.of(def.taskId(), instances.size() - 1));
        return List.of();
    }

    private void settle(DagRunRow run, List<String> taskIds, TaskState to, String reason, Instant now) {
        List<ChangedTi> settled = repo.settle(run.id(), taskIds, to, reason, now);
        for (ChangedTi ti : settled) {
            recorder.task(run.dagId(), run.runId(), run.logicalDate(), ti.taskId(), ti.mapIndex(), ti.tryNumber(),
                    ti.maxTries(), TaskState.NONE, to, now, null, reason);
        }
        finished(run, settled);
    }

    /**
     * Skips the not-yet-started instances of {@code taskIds} (branch not chosen, short-circuit) and returns the
     * task ids that were skipped.
     */
    public Set<String> skip(DagRunRow run, Collection<String> taskIds, Instant now) {
        Set<String> skipped = new LinkedHashSet<>();
        if (taskIds.isEmpty()) {
            return skipped;
        }
        for (TaskState from : List.of(TaskState.NONE, TaskState.SCHEDULED)) {
            List<ChangedTi> moved = repo.skipNotStarted(run.id(), taskIds, from, now);
            for (ChangedTi ti : moved) {
                recorder.task(run, ti, from, TaskState.SKIPPED, now);
                skipped.add(ti.taskId());
            }
            finished(run, moved);
        }
        return skipped;
    }

    /** Due retries, reschedule pokes and deferred sensors past their timeout of the run -> scheduled. */
    public List<ChangedTi> scheduleDue(DagRunRow run, Instant now) {
        List<ChangedTi> out = new ArrayList<>();
        for (ChangedTi ti : repo.scheduleDueRetries(run.id(), now)) {
            recorder.task(run, ti, TaskState.UP_FOR_RETRY, TaskState.SCHEDULED, now);
            out.add(ti);
        }
        for (ChangedTi ti : repo.scheduleDuePokes(run.id(), now)) {
            recorder.task(run, ti, TaskState.UP_FOR_RESCHEDULE, TaskState.SCHEDULED, now);
            out.add(ti);
        }
        for (ChangedTi ti : repo.wakeTimedOutDeferred(run.id(), now)) {
            recorder.task(run, ti, TaskState.DEFERRED, TaskState.SCHEDULED, now);
            out.add(ti);
        }
        return out;
    }

    /**
     * Once no TI of the run is unfinished: failed if a leaf TI failed or is upstream_failed, else success. The rule is
     * {@link DagRunStateRollup}'s, decided on the database's two answers. Returns the new state, or null if unchanged.
     *
     * @param trustCounters true on the hot path: a progress counter saying "unfinished" is believed without reading
     *                      the TIs (the scheduler loop's pass, with false, is the safety net)
     */
    public DagRunState rollUp(DagRunRow run, DagIndex dag, Instant now, boolean trustCounters) {
        if (run.state() != DagRunState.RUNNING || (trustCounters && progress.anyUnfinished(run.id()))
                || repo.hasUnfinished(run.id())) {
            return null;
        }
        DagRunState to = DagRunStateRollup.rollUp(false, repo.anyLeafFailed(run.id(), dag.leaves()));
        if (runs.updateState(run.id(), DagRunState.RUNNING, to, now)) {
            recorder.run(run, DagRunState.RUNNING, to, now);
            return to;
        }
        return null;
    }
}
