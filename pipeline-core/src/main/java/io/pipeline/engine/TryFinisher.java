package io.pipeline.engine;

import io.pipeline.dag.RetryPolicy;
import io.pipeline.dag.TaskDef;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.AdmissionRepository.Admitted;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.DeferredWaitRepository;
import io.pipeline.store.DeferredWaitRepository.NewWait;
import io.pipeline.store.OutcomeRepository.LogAppend;
import io.pipeline.store.OutcomeRepository.XComPut;
import io.pipeline.store.OutcomeRepository;
import io.pipeline.store.Stores;
import io.pipeline.store.TryResult;
import io.pipeline.store.ProgressRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes finished tries in ONE short transaction, however many there are (group commit): their outcome and try rows,
 * logs and outputs, the skips they cause, the evaluation of their downstream tasks (newly ready ones are scheduled,
 * admitted and, up to this node's free worker slots, claimed right away), and the roll-up of their runs. Runs are
 * locked in id order before any task instance (lock order: DAG run before task instance).
 *
 * <p>A run is locked exclusively, except when all its tries in the batch are successes of mapped instances whose
 * task's downstream tasks all wait for every upstream instance ({@link RunScheduler#successWaitsForSiblings}): such a
 * success cannot move the run on while a sibling instance is unfinished, so the run is only locked shared
 * ({@code FOR SHARE}) and the nodes finishing instances of the same wide fan-out do not queue on its row. Those tries
 * are counted off their task's progress counter as the transaction's last statement; the one transaction that sees a
 * counter reach zero then moves the run on (downstream evaluation, admission, roll-up) in a second transaction under
 * the exclusive lock, as soon as the first has committed. The shared lock still excludes every exclusive locker
 * (operators clearing or marking, the scheduler loop, the run state gate's writes), so none of them sees a
 * half-finished batch.
 */
public final class TryFinisher {

    /** What a finishing transaction produced. */
    public record Finished(Set<Long> written, List<ClaimedTi> claimedHere, int queuedForOthers) {
    }

    /** The finishing transaction's result, and the tasks per run whose progress counter it brought to zero. */
    private record Pass(Finished finished, Map<Long, Set<String>> drained) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(TryFinisher.class);

    private final TransactionTemplate tx;
    private final JdbcClient jdbc;
    private final DagRegistry registry;
    private final StateRecorder recorder;
    private final EngineConfig config;
    private final Clock clock;
    private final DagRunRepository runs;
    private final ProgressRepository progress;
    private final OutcomeRepository outcomes;
    private final DeferredWaitRepository waits;
    private final RunScheduler scheduler;
    private final FinishAdmission admission;
    private final QueueNotifier notifier;
    private final DatasetEvents datasetEvents;
    private final TriggeredRuns triggered;

    public TryFinisher(TransactionTemplate tx, Stores stores, DagRegistry registry, StateRecorder recorder,
                       EngineConfig config, Clock clock, RunScheduler scheduler, Admission admission) {
        this.tx = tx;
        this.jdbc = stores.jdbc();
        this.registry = registry;
        this.recorder = recorder;
        this.config = config;
        this.clock = clock;
        this.runs = stores.runs();
        this.progress = stores.progress();
        this.outcomes = stores.outcomes();
        this.waits = stores.waits();
        this.scheduler = scheduler;
        this.admission = new FinishAdmission(admission, stores.admission(), scheduler, recorder, config);
        this.notifier = new QueueNotifier(stores.jdbc(), config.notifyChannel());
        this.datasetEvents = new DatasetEvents(stores.datasets(), registry, notifier);
        this.triggered = new TriggeredRuns(stores, registry, notifier);
    }

    /**
     * Whether this outcome makes one task ready by itself: a success of an unmapped TI of a chain's link
     * ({@link DagIndex#chainLink}: one downstream task, whose only upstream it is). The worker keeps such a try's
     * slot for its finishing transaction, and writes it beside a busy finisher rather than after it. A task with
     * several downstream tasks (a start task before a fan-out of plain tasks) is not one: its successors split its
     * priority, so queued TIs of other runs usually outrank them and the kept slot would only idle.
     */
    public boolean mayStartDownstream(TryOutcome o) {
        if (o.state() != TaskState.SUCCESS || o.ti().mapIndex() >= 0) {
            return false;
        }
        DagIndex dag = registry.indexOrNull(o.ti().dagId());
        return dag != null && dag.chainLink(o.ti().taskId());
    }

    /** @param localSlots worker slots of this node free for downstream TIs made ready by these outcomes */
    public Finished finish(List<TryOutcome> batch, int localSlots) {
        Pass pass = Objects.requireNonNull(tx.execute(s -> finishInTransaction(batch, localSlots)));
        if (pass.drained().isEmpty()) {
            return pass.finished();
        }
        Finished f = pass.finished();
        List<ClaimedTi> claimed = new ArrayList<>(f.claimedHere());
        int queued = f.queuedForOthers();
        for (Map.Entry<Long, Set<String>> e : pass.drained().entrySet()) {
            int free = localSlots - claimed.size();
            try {
                Admitted a = Objects.requireNonNull(tx.execute(s -> moveDrainedRunOn(e.getKey(), e.getValue(), free)));
                claimed.addAll(a.claimed());
                queued += a.queued().size();
            } catch (RuntimeException ex) {
                // The outcomes are committed; the scheduler loop's next pass evaluates every running run.
                LOG.warn("could not move run {} on after the last instance of {} finished; the scheduler loop will",
                        e.getKey(), e.getValue(), ex);
            }
        }
        return new Finished(f.written(), claimed, queued);
    }

    private Pass finishInTransaction(List<TryOutcome> batch, int localSlots) {
        Instant now = clock.instant();
        Map<Long, List<TryOutcome>> byRun = new TreeMap<>();
        for (TryOutcome o : batch) {
            byRun.computeIfAbsent(o.ti().runPk(), k -> new ArrayList<>()).add(o);
        }
        Set<Long> shared = new java.util.TreeSet<>();
        for (Map.Entry<Long, List<TryOutcome>> e : byRun.entrySet()) {
            if (sharedLockSuffices(e.getValue())) {
                shared.add(e.getKey());
            }
        }
        Map<Long, DagRunRow> locked = lock(byRun.keySet(), shared);
        List<TryResult> results = new ArrayList<>(batch.size());
        for (TryOutcome o : batch) {
            results.add(result(o));
        }
        Set<Long> written = outcomes.applyOutcomes(results, now,
                shared.stream().mapToLong(Long::longValue).toArray());
        outcomes.appendLogs(batch.stream().map(o -> new LogAppend(o.ti().id(), o.ti().tryNumber(), o.log())).toList(),
                now);
        List<XComPut> xcoms = new ArrayList<>();
        List<DatasetEvents.Pending> events = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            TryOutcome o = batch.get(i);
            TryResult r = results.get(i);
            if (!written.contains(r.tiId())) {
                continue;
            }
            recorder.task(o.ti().dagId(), o.ti().runId(), o.ti().logicalDate(), o.ti().taskId(), o.ti().mapIndex(),
                    o.ti().tryNumber(), o.ti().maxTries(), TaskState.RUNNING, r.state(), now, o.duration(), r.error());
            recorder.metrics().taskFinished(o.ti().dagId(), o.ti().taskId(), r.state(), o.duration());
            if (r.state() == TaskState.SUCCESS && o.outputJson() != null) {
                xcoms.add(new XComPut(o.ti().runPk(), o.ti().taskId(), o.ti().mapIndex(), o.outputJson()));
            }
            if (r.state() == TaskState.SUCCESS) {
                events.addAll(eventsOf(o, locked.get(o.ti().runPk())));
            }
        }
        outcomes.putXComs(xcoms, now);
        List<NewWait> deferred = new ArrayList<>();
        for (TryOutcome o : batch) {
            if (o.trigger() != null && written.contains(o.ti().id())) {
                deferred.add(new NewWait(o.ti().id(), o.ti().tryNumber(), o.trigger()));
            }
        }
        waits.insert(deferred, now);
        // In this transaction: the success, its dataset events and the runs it asked for commit together.
        datasetEvents.record(events, now);
        for (int i = 0; i < batch.size(); i++) {
            if (written.contains(results.get(i).tiId()) && results.get(i).state() == TaskState.SUCCESS) {
                batch.get(i).runRequests().forEach(q -> triggered.create(q, now));
            }
        }
        List<ClaimedTi> claimed = new ArrayList<>();
        int queued = 0;
        // Two passes. Every outcome of the batch is written above, so the slots all its tries freed are free by
        // now. First the runs are moved on and the tasks their finished tries made ready are admitted (a chain's
        // next link takes the slot its link freed); only then are the freed slots handed to TIs that were already
        // waiting (a fan-out's instances, whose run may come first in the batch and would otherwise take them all).
        List<FreedSlots> freed = new ArrayList<>();
        for (Map.Entry<Long, List<TryOutcome>> e : byRun.entrySet()) {
            DagRunRow run = locked.get(e.getKey());
            if (run == null) {
                continue;
            }
            if (shared.contains(e.getKey())) {
                freed.add(freedSlots(run, e.getValue(), written));
            } else {
                Admitted a = moveRunOn(run, e.getValue(), results, written, now, localSlots - claimed.size(), freed);
                claimed.addAll(a.claimed());
                queued += a.queued().size();
            }
        }
        for (FreedSlots f : freed) {
            if (f != null && !f.pools().isEmpty()) {
                Admitted a = admission.admit(f.run(), f.dag(), List.of(), f.pools(), now, localSlots - claimed.size())
                        .admitted();
                claimed.addAll(a.claimed());
                queued += a.queued().size();
            }
        }
        notifier.queued(queued);
        Map<Long, Set<String>> drained = countOff(byRun, shared, written);
        return new Pass(new Finished(written, claimed, queued), drained);
    }

    /**
     * True when the run's tries in the batch are all successes of mapped instances whose downstream tasks all wait
     * for every upstream instance: while a sibling instance is unfinished, writing them moves nothing else of the
     * run, so a shared lock of the run suffices (see the class comment).
     */
    private boolean sharedLockSuffices(List<TryOutcome> done) {
        DagIndex dag = registry.indexOrNull(done.getFirst().ti().dagId());
        if (dag == null) {
            return false;
        }
        for (TryOutcome o : done) {
            String task = o.ti().taskId();
            if (o.state() != TaskState.SUCCESS || o.ti().mapIndex() < 0 || !o.skipDownstream().isEmpty()
                    || o.trigger() != null || !dag.hasTask(task) || !RunScheduler.successWaitsForSiblings(dag, task)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Locks the runs in id order (lock order: DAG run before task instance), those in {@code shared} with a shared
     * lock and the others exclusively; consecutive runs of the same kind in one statement, which also sets this
     * transaction's synchronous_commit.
     */
    private Map<Long, DagRunRow> lock(Set<Long> runIds, Set<Long> shared) {
        String commit = config.synchronousCommit() ? "on" : "off";
        Map<Long, DagRunRow> locked = new HashMap<>();
        List<Long> group = new ArrayList<>();
        boolean groupShared = false;
        for (Long id : new java.util.TreeSet<>(runIds)) {
            boolean s = shared.contains(id);
            if (!group.isEmpty() && s != groupShared) {
                lockGroup(group, groupShared, commit, locked);
                group.clear();
            }
            group.add(id);
            groupShared = s;
        }
        lockGroup(group, groupShared, commit, locked);
        return locked;
    }

    private void lockGroup(List<Long> ids, boolean shared, String commit, Map<Long, DagRunRow> into) {
        if (ids.isEmpty()) {
            return;
        }
        long[] a = ids.stream().mapToLong(Long::longValue).toArray();
        for (DagRunRow r : shared ? runs.shareAll(a, commit) : runs.lockAll(a, commit)) {
            into.put(r.id(), r);
        }
    }

    /**
     * The written tries of the shared-locked runs counted off their task's counter, in (run, task) order, as the
     * transaction's last statements: the counter's row is locked from here to the commit only. Returns the tasks
     * whose counter this brought to zero (or that have none), per run.
     */
    private Map<Long, Set<String>> countOff(Map<Long, List<TryOutcome>> byRun, Set<Long> shared, Set<Long> written) {
        Map<Long, Set<String>> drained = new TreeMap<>();
        for (Long runPk : shared) {
            Map<String, Integer> finished = new TreeMap<>();
            for (TryOutcome o : byRun.get(runPk)) {
                if (written.contains(o.ti().id())) {
                    finished.merge(o.ti().taskId(), 1, Integer::sum);
                }
            }
            for (Map.Entry<String, Integer> e : finished.entrySet()) {
                OptionalInt left = progress.countOff(runPk, e.getKey(), e.getValue());
                if (left.isEmpty() || left.getAsInt() <= 0) {
                    drained.computeIfAbsent(runPk, k -> new LinkedHashSet<>()).add(e.getKey());
                }
            }
        }
        return drained;
    }

    /** Pools where a run's finished tries freed slots, handed to the pools' waiting TIs after the ready tasks. */
    private record FreedSlots(DagRunRow run, DagIndex dag, Set<String> pools) {
    }

    /** A shared-locked run: its finished tries freed pool slots, which the pools' waiting TIs may take. */
    private FreedSlots freedSlots(DagRunRow run, List<TryOutcome> done, Set<Long> written) {
        DagIndex dag = registry.indexOrNull(run.dagId());
        if (dag == null || run.state() != DagRunState.RUNNING) {
            return null;
        }
        Set<String> pools = new LinkedHashSet<>();
        for (TryOutcome o : done) {
            if (written.contains(o.ti().id())) {
                pools.add(dag.task(o.ti().taskId()).pool());
            }
        }
        return new FreedSlots(run, dag, pools);
    }

    /**
     * After a shared-locked finishing transaction brought the counters of {@code tasks} to zero: their downstream
     * tasks evaluated from the TIs' states, admitted, and the run rolled up, under the run's exclusive lock.
     */
    private Admitted moveDrainedRunOn(long runPk, Set<String> tasks, int localSlots) {
        Instant now = clock.instant();
        List<DagRunRow> locked = runs.lockAll(new long[] {runPk}, config.synchronousCommit() ? "on" : "off");
        DagRunRow run = locked.isEmpty() ? null : locked.getFirst();
        DagIndex dag = run == null ? null : registry.indexOrNull(run.dagId());
        if (dag == null || run.state() != DagRunState.RUNNING) {
            return new Admitted(List.of(), List.of());
        }
        Set<String> candidates = new LinkedHashSet<>();
        for (String t : tasks) {
            if (dag.hasTask(t)) {
                candidates.addAll(dag.downstream(t));
            }
        }
        RunScheduler.Result r = scheduler.evaluate(run, dag, candidates, Set.of(), now, true);
        FinishAdmission.Outcome a = admission.admit(run, dag, r.ready(), r.poolsTouched(), now, localSlots);
        if (r.scheduled().isEmpty() && !a.readyMoved()) {
            scheduler.rollUp(run, dag, now, true);
        }
        notifier.queued(a.admitted().queued().size());
        return a.admitted();
    }

    /** Skips, downstream evaluation, roll-up and admission for one run's finished tries. */
    private Admitted moveRunOn(DagRunRow run, List<TryOutcome> done, List<TryResult> results, Set<Long> written,
                               Instant now, int localSlots, List<FreedSlots> freed) {
        DagIndex dag = registry.indexOrNull(run.dagId());
        if (dag == null || run.state() != DagRunState.RUNNING) {
            return new Admitted(List.of(), List.of());
        }
        Map<Long, TaskState> finalStates = new HashMap<>();
        results.forEach(r -> finalStates.put(r.tiId(), r.state()));
        Set<String> candidates = new LinkedHashSet<>();
        Set<String> quiet = new HashSet<>();
        Set<String> noisy = new HashSet<>();
        Set<String> pools = new LinkedHashSet<>();
        Set<String> skip = new LinkedHashSet<>();
        boolean terminal = false;
        for (TryOutcome o : done) {
            TaskState state = finalStates.get(o.ti().id());
            if (!written.contains(o.ti().id()) || !dag.hasTask(o.ti().taskId())) {
                continue;
            }
            pools.add(dag.task(o.ti().taskId()).pool());
            if (!state.isTerminal()) {
                continue;
            }
            terminal = true;
            candidates.addAll(dag.downstream(o.ti().taskId()));
            (state == TaskState.SUCCESS ? quiet : noisy).add(o.ti().taskId());
            skip.addAll(o.skipDownstream());
        }
        quiet.removeAll(noisy);
        Set<String> skipped = scheduler.skip(run, skip, now);
        for (String s : skipped) {
            candidates.addAll(dag.downstream(s));
        }
        candidates.removeAll(skipped);
        RunScheduler.Result r = scheduler.evaluate(run, dag, candidates, quiet, now, true);
        pools.addAll(r.poolsTouched());
        // Now: the pools of the ready tasks. The other pools' freed slots: after every run's ready tasks.
        Set<String> readyPools = new LinkedHashSet<>();
        for (String t : r.ready()) {
            readyPools.add(dag.task(t).pool());
        }
        pools.removeAll(readyPools);
        freed.add(new FreedSlots(run, dag, pools));
        FinishAdmission.Outcome a = admission.admit(run, dag, r.ready(), Set.of(), now, localSlots);
        // A run that just got a TI scheduled is not done; otherwise see whether it is.
        if ((terminal || r.anySettled() || !skipped.isEmpty()) && r.scheduled().isEmpty() && !a.readyMoved()) {
            scheduler.rollUp(run, dag, now, true);
        }
        return a.admitted();
    }

    private List<DatasetEvents.Pending> eventsOf(TryOutcome o, DagRunRow run) {
        DagIndex dag = registry.indexOrNull(o.ti().dagId());
        if (run == null || dag == null || !dag.hasTask(o.ti().taskId())) {
            return List.of();
        }
        TaskDef def = dag.task(o.ti().taskId());
        if (def.produces().isEmpty() && o.emitted().isEmpty()) {
            return List.of();
        }
        return datasetEvents.ofSuccess(dag.dag(), o.ti().taskId(), o.ti().mapIndex(), run, o.emitted());
    }

    static void recordClaim(StateRecorder recorder, ClaimedTi c, Instant now) {
        recorder.task(c.dagId(), c.runId(), c.logicalDate(), c.taskId(), c.mapIndex(), c.tryNumber(), c.maxTries(),
                TaskState.QUEUED, TaskState.RUNNING, now, null, null);
        if (c.scheduledAt() != null) {
            recorder.metrics().taskLag(c.dagId(), java.time.Duration.between(c.scheduledAt(), now));
        }
    }

    private TryResult result(TryOutcome o) {
        ClaimedTi ti = o.ti();
        TaskState state = o.state();
        Instant next = o.nextPokeAt();
        int extraTries = 0;
        if (state == TaskState.FAILED && o.notCounted()) {
            state = TaskState.UP_FOR_RETRY;
            next = o.end();
            extraTries = 1;
        } else if (state == TaskState.FAILED && o.retryable() && ti.tryNumber() < ti.maxTries()) {
            state = TaskState.UP_FOR_RETRY;
            next = o.end().plus(retryPolicy(ti).delayAfter(ti.tryNumber(), seed(ti)));
        }
        boolean waiting = state == TaskState.UP_FOR_RESCHEDULE || state == TaskState.DEFERRED;
        Instant firstPoke = waiting ? o.firstPokeAt() : null;
        Instant deadline = waiting ? o.sensorDeadline() : null;
        return new TryResult(ti.id(), ti.version(), ti.tryNumber(), state, o.tryStart(), o.end(),
                o.duration().toMillis(), next, firstPoke, deadline,
                ti.nodeId() != null ? ti.nodeId() : config.nodeId(), o.error(), extraTries);
    }

    private RetryPolicy retryPolicy(ClaimedTi ti) {
        DagIndex dag = registry.indexOrNull(ti.dagId());
        TaskDef def = dag == null ? null : dag.task(ti.taskId());
        return def == null ? RetryPolicy.none() : def.retryPolicy();
    }

    /** Jitter seed: stable per TI so that a retry's delay is reproducible. */
    static long seed(ClaimedTi ti) {
        return Objects.hash(ti.dagId(), ti.runId(), ti.taskId(), ti.mapIndex());
    }
}
