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
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes finished tries in ONE short transaction, however many there are (group commit): their outcome and try rows,
 * logs and outputs, the skips they cause, the evaluation of their downstream tasks (newly ready ones are scheduled,
 * admitted and, up to this node's free worker slots, claimed right away), and the roll-up of their runs. Runs are
 * locked in id order before any task instance (lock order: DAG run before task instance).
 */
public final class TryFinisher {

    /** What a finishing transaction produced. */
    public record Finished(Set<Long> written, List<ClaimedTi> claimedHere, int queuedForOthers) {
    }

    private final TransactionTemplate tx;
    private final JdbcClient jdbc;
    private final DagRegistry registry;
    private final StateRecorder recorder;
    private final EngineConfig config;
    private final Clock clock;
    private final DagRunRepository runs;
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
        this.outcomes = stores.outcomes();
        this.waits = stores.waits();
        this.scheduler = scheduler;
        this.admission = new FinishAdmission(admission, stores.admission(), scheduler, recorder, config);
        this.notifier = new QueueNotifier(stores.jdbc(), config.notifyChannel());
        this.datasetEvents = new DatasetEvents(stores.datasets(), registry, notifier);
        this.triggered = new TriggeredRuns(stores, registry, notifier);
    }

    /** @param localSlots worker slots of this node free for downstream TIs made ready by these outcomes */
    public Finished finish(List<TryOutcome> batch, int localSlots) {
        return Objects.requireNonNull(tx.execute(s -> finishInTransaction(batch, localSlots)));
    }

    private Finished finishInTransaction(List<TryOutcome> batch, int localSlots) {
        Instant now = clock.instant();
        Map<Long, List<TryOutcome>> byRun = new TreeMap<>();
        for (TryOutcome o : batch) {
            byRun.computeIfAbsent(o.ti().runPk(), k -> new ArrayList<>()).add(o);
        }
        Map<Long, DagRunRow> locked = new HashMap<>();
        long[] runIds = byRun.keySet().stream().mapToLong(Long::longValue).toArray();
        for (DagRunRow r : runs.lockAll(runIds, config.synchronousCommit() ? "on" : "off")) {
            locked.put(r.id(), r);
        }
        List<TryResult> results = new ArrayList<>(batch.size());
        for (TryOutcome o : batch) {
            results.add(result(o));
        }
        Set<Long> written = outcomes.applyOutcomes(results, now);
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
        for (Map.Entry<Long, List<TryOutcome>> e : byRun.entrySet()) {
            DagRunRow run = locked.get(e.getKey());
            if (run != null) {
                Admitted a = moveRunOn(run, e.getValue(), results, written, now, localSlots - claimed.size());
                claimed.addAll(a.claimed());
                queued += a.queued().size();
            }
        }
        notifier.queued(queued);
        return new Finished(written, claimed, queued);
    }

    /** Skips, downstream evaluation, roll-up and admission for one run's finished tries. */
    private Admitted moveRunOn(DagRunRow run, List<TryOutcome> done, List<TryResult> results, Set<Long> written,
                               Instant now, int localSlots) {
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
        FinishAdmission.Outcome a = admission.admit(run, dag, r.ready(), pools, now, localSlots);
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
