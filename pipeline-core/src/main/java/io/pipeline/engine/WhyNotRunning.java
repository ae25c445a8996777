package io.pipeline.engine;

import io.pipeline.calendar.CalendarOutOfBoundsException;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.dag.Dag;
import io.pipeline.dag.TaskDef;
import io.pipeline.dag.TaskKind;
import io.pipeline.schedule.Partitioning;
import io.pipeline.schedule.SessionTimetable;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.state.TriggerDecision;
import io.pipeline.state.TriggerRule;
import io.pipeline.state.TriggerRuleEvaluator;
import io.pipeline.store.DeferredWaitRepository;
import io.pipeline.store.AdmissionRepository.PoolState;
import io.pipeline.store.DagRow;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.SchedulingRepository;
import io.pipeline.store.Stores;
import io.pipeline.store.TaskInstanceRow;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Why is this task instance not running?": every condition the engine checks that holds it back, as facts (the
 * numbers and instants each is based on). Each is decided by the rule the engine applies, read by the query the
 * engine reads: the pool's occupancy and max_active_tasks as {@link Admission} (same query, without the lock, same
 * predicates), the trigger rule as {@link RunScheduler} (same state counts, same evaluator), max_active_runs and the
 * pause as {@link StartQueuedRunsStep}, the retry and poke time as the due statements, the queue as the live nodes
 * serve it ({@link NodeRegistry}). A change to one of those rules changes the explanation with it. The web renders
 * the {@link Explanation}; it computes nothing itself.
 */
public final class WhyNotRunning {

    /** One condition found; {@link #blocking()} when it keeps the TI from moving on. */
    public sealed interface Reason {
        default boolean blocking() {
            return true;
        }
    }

    /** The DAG's class is not loaded: the scheduler does not move its TIs. */
    public record DagNotLoaded(String dagId) implements Reason {
    }

    /** The DAG is paused: its queued runs do not start. */
    public record DagPaused() implements Reason {
    }

    /** The run is queued under a backfill's own max active runs (or the backfill is paused). */
    public record BackfillRunWaiting(long backfillId) implements Reason {
    }

    /** The run is queued; {@code limitReached}: max_active_runs holds it, else it starts on the next pass. */
    public record RunQueued(int running, int maxActiveRuns, boolean limitReached) implements Reason {
        @Override
        public boolean blocking() {
            return limitReached;
        }
    }

    /**
     * The run of a DAG scheduled on partitions waits for input partitions without an event (the start step's
     * {@link DatasetGate}); it starts on the pass after the last one arrives.
     */
    public record WaitingForPartitions(String partitionKey, List<DatasetGate.Missing> missing) implements Reason {
    }

    /**
     * A run of a time schedule that also waits for data ({@code SessionTimetable.waitingFor},
     * {@code CronTimetable.waitingFor}) was created on time; its root task waits, holding no worker slot, for input
     * partitions without an event ({@link DatasetGate}). {@code keyKind}: {@code session} or {@code day}, what
     * {@code runKey} is.
     */
    public record WaitingForData(String runKey, String keyKind, List<DatasetGate.Missing> missing)
            implements Reason {
    }

    /**
     * depends_on_past: the previous run's instance of the task (or, with wait_for_downstream, of its direct
     * downstream) has not succeeded or been skipped; {@code previousRunId} null: the previous partition has no run.
     */
    public record DependsOnPast(String previousRunId, String previousPartition, java.util.Set<String> tasks)
            implements Reason {
    }

    /** The task has no upstream tasks: nothing to wait for. */
    public record NoUpstream() implements Reason {
        @Override
        public boolean blocking() {
            return false;
        }
    }

    /** The trigger rule's decision on the upstream states, per upstream task in the DAG's order. */
    public record Upstream(TriggerRule rule, TriggerDecision decision, Map<String, Map<TaskState, Integer>> counts)
            implements Reason {
        @Override
        public boolean blocking() {
            return decision != TriggerDecision.RUN;
        }
    }

    /** The pool does not exist. */
    public record PoolMissing(String pool) implements Reason {
    }

    /** The pool's free slots do not fit the TI. */
    public record PoolFull(String pool, int used, int slots, int needs) implements Reason {
    }

    /** The DAG has max_active_tasks TIs queued or running. */
    public record MaxActiveTasksReached(int active, int maxActiveTasks) implements Reason {
    }

    /** Nothing holds a scheduled TI back: the next admission queues it. */
    public record SlotFree(String pool, int used, int slots) implements Reason {
        @Override
        public boolean blocking() {
            return false;
        }
    }

    /** The retry (up_for_retry) or the next poke (up_for_reschedule) is still ahead. */
    public record NotDue(Instant at) implements Reason {
    }

    /**
     * Deferred: waiting for its trigger ({@code trigger} in words), held by triggerer node {@code holder} (null: none
     * holds it yet); {@code triggererAlive} false when no node with the triggerer role heartbeats, so nothing will
     * fire the trigger (the sensor's timeout still applies).
     */
    public record Deferred(String trigger, String holder, boolean triggererAlive) implements Reason {
    }

    /** No live worker node serves the TI's queue: it stays queued. */
    public record QueueNotServed(String queue) implements Reason {
    }

    /** A sensor of a session DAG: the exchange is closed now (informative). */
    public record OutsideSession(String calendar, Instant nextOpen) implements Reason {
        @Override
        public boolean blocking() {
            return false;
        }
    }

    /** A sensor of a session DAG: the exchange is open now (informative). */
    public record InsideSession(String calendar, Instant nextClose) implements Reason {
        @Override
        public boolean blocking() {
            return false;
        }
    }

    /** A sensor of a session DAG whose calendar does not cover now (informative). */
    public record CalendarNotCovering(String calendar, String message) implements Reason {
        @Override
        public boolean blocking() {
            return false;
        }
    }

    /**
     * @param now            the instant the explanation was made at
     * @param sensorDeadline a rescheduling sensor's deadline, or null
     */
    public record Explanation(TaskInstanceRow ti, Instant now, Instant sensorDeadline, List<Reason> reasons) {
        public Explanation {
            reasons = List.copyOf(reasons);
        }

        /** The reasons that keep the TI where it is; empty when nothing does. */
        public List<Reason> blockers() {
            return reasons.stream().filter(Reason::blocking).toList();
        }
    }

    private final DagRegistry registry;
    private final NodeRegistry nodes;
    private final Stores stores;
    private final Clock clock;

    public WhyNotRunning(DagRegistry registry, NodeRegistry nodes, Stores stores, Clock clock) {
        this.registry = registry;
        this.nodes = nodes;
        this.stores = stores;
        this.clock = clock;
    }

    public Explanation explain(DagRunRow run, TaskInstanceRow ti) {
        Instant now = clock.instant();
        Dag dag = registry.dag(run.dagId()).orElse(null);
        List<Reason> reasons = new ArrayList<>();
        boolean paused = stores.dags().find(run.dagId()).map(DagRow::paused).orElse(false);
        TaskState state = ti.state();
        if (dag == null) {
            reasons.add(new DagNotLoaded(run.dagId()));
        }
        if ((state == TaskState.UP_FOR_RETRY || state == TaskState.UP_FOR_RESCHEDULE)
                && !SchedulingRepository.isDue(ti.nextAttemptAt(), now)) {
            reasons.add(new NotDue(ti.nextAttemptAt()));
        }
        if (paused && !state.isTerminal()) {
            reasons.add(new DagPaused());
        }
        if (run.state() == DagRunState.QUEUED) {
            reasons.add(runNotStarted(run, dag));
            if (dag != null && DatasetGate.applies(dag, run)) {
                DatasetGate.Check check = new DatasetGate(stores.datasets()).check(dag, run);
                if (!check.ready()) {
                    reasons.add(new WaitingForPartitions(run.partitionKey(), check.missing()));
                }
            }
        }
        if (state == TaskState.NONE && run.state() == DagRunState.RUNNING && dag != null && dag.hasTask(ti.taskId())) {
            reasons.add(upstream(run, dag.task(ti.taskId()), ti.mapIndex()));
            new PastDependency(stores.runs(), stores.scheduling()).check(run, dag, dag.task(ti.taskId()))
                    .ifPresent(w -> reasons.add(new DependsOnPast(w.previousRunId(), w.previousPartition(), w.tasks())));
            if (dag.task(ti.taskId()).upstream().isEmpty() && DatasetGate.holdsTasks(dag)) {
                DatasetGate.Check check = new DatasetGate(stores.datasets()).checkWaits(dag, run);
                if (!check.ready()) {
                    reasons.add(new WaitingForData(DatasetGate.runKey(dag, run).toString(),
                            dag.timetable().waitsPartitioning() instanceof Partitioning.Days ? "day" : "session",
                            check.missing()));
                }
            }
        }
        if (state == TaskState.SCHEDULED) {
            slots(ti, reasons);
        }
        if (state == TaskState.DEFERRED) {
            reasons.add(deferred(ti, now));
        }
        if (state == TaskState.QUEUED && !nodes.served(ti.queue())) {
            reasons.add(new QueueNotServed(ti.queue()));
        }
        if (state == TaskState.UP_FOR_RESCHEDULE || state == TaskState.RUNNING || state == TaskState.SCHEDULED) {
            session(dag, ti.taskId(), now).ifPresent(reasons::add);
        }
        Instant deadline = state == TaskState.UP_FOR_RESCHEDULE || state == TaskState.DEFERRED
                ? stores.instances().sensorDeadline(ti.id()) : null;
        return new Explanation(ti, now, deadline, reasons);
    }

    /** The wait as the triggerer reads it, and whether the liveness rule of its takeover finds any triggerer. */
    private Reason deferred(TaskInstanceRow ti, Instant now) {
        Optional<DeferredWaitRepository.WaitRow> wait = stores.waits().ofTi(ti.id());
        boolean alive = stores.waits().anyTriggererAlive(now.minus(nodes.lostThreshold()));
        return new Deferred(wait.map(w -> w.trigger().describe()).orElse("no stored wait"),
                wait.map(DeferredWaitRepository.WaitRow::triggererId).orElse(null), alive);
    }

    private Reason runNotStarted(DagRunRow run, Dag dag) {
        if (run.backfillId() != null) {
            return new BackfillRunWaiting(run.backfillId());
        }
        int running = stores.runs().countRunning(run.dagId());
        int max = dag == null ? 0 : dag.maxActiveRuns();
        return new RunQueued(running, max, dag != null && !StartQueuedRunsStep.belowMaxActiveRuns(running, max));
    }

    private Reason upstream(DagRunRow run, TaskDef task, int mapIndex) {
        if (task.upstream().isEmpty()) {
            return new NoUpstream();
        }
        Map<String, Map<TaskState, Integer>> read = stores.scheduling().states(run.id(), task.upstream()).counts();
        Map<String, Map<TaskState, Integer>> counts = new LinkedHashMap<>();
        for (String u : task.upstream()) {
            Map<TaskState, Integer> byState = new EnumMap<>(TaskState.class);
            byState.putAll(read.getOrDefault(u, Map.of()));
            counts.put(u, byState);
        }
        TriggerDecision decision = TriggerRuleEvaluator.evaluate(task.triggerRule(),
                RunScheduler.upstreamStates(task, counts), mapIndex);
        return new Upstream(task.triggerRule(), decision, counts);
    }

    private void slots(TaskInstanceRow ti, List<Reason> reasons) {
        Optional<PoolState> pool = stores.admission().poolState(ti.pool(), ti.dagId());
        if (pool.isEmpty()) {
            reasons.add(new PoolMissing(ti.pool()));
            return;
        }
        PoolState p = pool.get();
        int before = reasons.size();
        if (!Admission.fitsPool(ti.poolSlots(), p.slots() - p.used())) {
            reasons.add(new PoolFull(ti.pool(), p.used(), p.slots(), ti.poolSlots()));
        }
        int max = Admission.maxActiveTasks(registry, ti.dagId());
        if (!Admission.belowMaxActiveTasks(p.dagActive(), max)) {
            reasons.add(new MaxActiveTasksReached(p.dagActive(), max));
        }
        if (reasons.size() == before) {
            reasons.add(new SlotFree(ti.pool(), p.used(), p.slots()));
        }
    }

    private static Optional<Reason> session(Dag dag, String taskId, Instant now) {
        if (dag == null || !(dag.timetable() instanceof SessionTimetable st) || !dag.hasTask(taskId)
                || dag.task(taskId).kind() != TaskKind.SENSOR) {
            return Optional.empty();
        }
        ExchangeCalendar cal = st.calendar();
        try {
            return Optional.of(cal.isOpenAt(now) ? new InsideSession(cal.code(), cal.nextClose(now))
                    : new OutsideSession(cal.code(), cal.nextOpen(now)));
        } catch (CalendarOutOfBoundsException e) {
            return Optional.of(new CalendarNotCovering(cal.code(), e.getMessage()));
        }
    }
}
