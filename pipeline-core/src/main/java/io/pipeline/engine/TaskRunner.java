package io.pipeline.engine;

import io.pipeline.dag.DagValidationException;
import io.pipeline.dag.TaskDef;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.Stores;
import io.pipeline.store.TaskHandleRepository;
import io.pipeline.store.XComRepository;
import io.pipeline.task.BranchTask;
import io.pipeline.task.PermanentFailure;
import io.pipeline.task.PokeResult;
import io.pipeline.task.Sensor;
import io.pipeline.task.SensorSpec;
import io.pipeline.task.ShortCircuitTask;
import io.pipeline.task.Task;
import io.pipeline.task.TaskDeferred;
import io.pipeline.task.Trigger;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one claimed try on the calling thread and says how it ended: the task's body by its kind (task, sensor poke,
 * branch, short-circuit), under its execution timeout (the thread is interrupted at the deadline), with its log
 * captured and its output serialised. The try stays in {@link RunningTries} (heartbeating) until its outcome is
 * committed; the caller removes it then.
 */
public final class TaskRunner {
    /** How the error of a try ended by its execution timeout starts. */
    public static final String EXECUTION_TIMEOUT = "execution timeout";
    /** How often a deferred task's object-key trigger is checked when neither it nor a sensor spec says. */
    static final Duration DEFAULT_CHECK_EVERY = Duration.ofSeconds(30);

    private final DagRegistry registry;
    private final Clock clock;
    private final SecretMasker masker;
    private final JdbcClient jdbc;
    private final TaskHandleRepository handles;
    private final XComRepository xcoms;
    private final XComCodec codec;
    private final TaskResources resources;
    private final ScheduledExecutorService timer;
    private final Sleeper sleeper;
    private final RunningTries running;
    private final RunParams runParams;
    private final TaskLimits limits;

    public TaskRunner(DagRegistry registry, Clock clock, SecretMasker masker, Stores stores, XComCodec codec,
                      TaskResources resources, ScheduledExecutorService timer, Sleeper sleeper, RunningTries running) {
        this(registry, clock, masker, stores, codec, resources, timer, sleeper, running, TaskLimits.defaults());
    }

    public TaskRunner(DagRegistry registry, Clock clock, SecretMasker masker, Stores stores, XComCodec codec,
                      TaskResources resources, ScheduledExecutorService timer, Sleeper sleeper, RunningTries running,
                      TaskLimits limits) {
        this.limits = limits;
        this.registry = registry;
        this.clock = clock;
        this.masker = masker;
        this.jdbc = stores.jdbc();
        this.xcoms = stores.xcoms();
        this.handles = stores.handles();
        this.codec = codec;
        this.resources = resources;
        this.timer = timer;
        this.sleeper = sleeper;
        this.running = running;
        this.runParams = new RunParams(codec);
    }

    /**
     * A mark of this moment, to take right after the transaction that claimed a batch of TIs committed and to pass to
     * {@link #run(ClaimedTi, long)} with each of them: their mapped items then come from a version of the upstream's
     * value read after that commit, one read for the batch rather than one per instance.
     */
    public long claimMark() {
        return xcoms.mark();
    }

    /** Runs one try (its mapped item, if it asks for one, read as of now). */
    public TryOutcome run(ClaimedTi ti) {
        return run(ti, xcoms.mark());
    }

    /**
     * Runs one try, with its ids in the thread's MDC while it runs (see {@link TryMdc}).
     *
     * @param claimMark a {@link #claimMark()} taken after the TI's claim committed
     */
    public TryOutcome run(ClaimedTi ti, long claimMark) {
        Map<String, String> ids = TryMdc.of(ti);
        try (TryMdc.Scope scope = TryMdc.put(ids)) {
            return runWithIds(ti, ids, claimMark);
        }
    }

    private TryOutcome runWithIds(ClaimedTi ti, Map<String, String> ids, long claimMark) {
        TryLog log = TryLog.forTry(ti, clock, masker, limits.maxLogBytes(), ids);
        DagIndex dag = registry.indexOrNull(ti.dagId());
        if (dag == null || !dag.hasTask(ti.taskId())) {
            return TryOutcome.failure(ti, clock.instant(), "task '" + ti.taskId() + "' is no longer defined in DAG '"
                    + ti.dagId() + "'", false, log.drain());
        }
        TaskDef def = dag.task(ti.taskId());
        RunningTaskContext ctx = new RunningTaskContext(ti, claimMark, dag.dag(), def, log, clock, jdbc, xcoms,
                handles, codec, resources, runParams, registry);
        Interrupter interrupter = new Interrupter(Thread.currentThread());
        ScheduledFuture<?> deadline = def.executionTimeout() == null ? null
                : timer.schedule(interrupter::fire, def.executionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        running.started(ti, log);
        try {
            TryOutcome outcome = execute(ti, dag, def, ctx, log);
            if (interrupter.fired()) {
                return timedOut(ti, def, log);
            }
            TryOutcome tooLarge = xcomTooLarge(ti, outcome, log);
            return tooLarge != null ? tooLarge : outcome.withRequests(ctx.emitted(), ctx.runRequests());
        } catch (Throwable t) {
            if (interrupter.fired()) {
                return timedOut(ti, def, log);
            }
            log.error("task failed", t);
            if (DbHealth.isConnectionProblem(t)) {
                return TryOutcome.notCounted(ti, clock.instant(), "database unreachable: " + describe(t),
                        log.drain());
            }
            boolean retryable = !(t instanceof DagValidationException || t instanceof PermanentFailure);
            return TryOutcome.failure(ti, clock.instant(), describe(t), retryable, log.drain());
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
            interrupter.disarm();
            running.bodyEnded(ti);
        }
    }

    /**
     * A success whose output is larger than {@link TaskLimits#maxXComBytes()} fails, without a retry: running the
     * body again would most likely produce the same value (Airflow fails such a push too). The output is not stored.
     */
    private TryOutcome xcomTooLarge(ClaimedTi ti, TryOutcome outcome, TryLog log) {
        if (outcome.outputJson() == null || outcome.outputJson().length() * 3L <= limits.maxXComBytes()) {
            return null;
        }
        long size = TaskLimits.utf8Length(outcome.outputJson());
        if (size <= limits.maxXComBytes()) {
            return null;
        }
        String msg = String.format(java.util.Locale.ROOT,
                "XCom '%s' of task %s is %,d bytes, over the limit of %s (%s); the output was not stored",
                XComRepository.RETURN_VALUE, ti.label(), size, TaskLimits.describe(limits.maxXComBytes()),
                TaskLimits.XCOM_SETTING);
        log.error(msg);
        return TryOutcome.failure(ti, clock.instant(), msg, false, log.drain());
    }

    private TryOutcome timedOut(ClaimedTi ti, TaskDef def, TryLog log) {
        String msg = EXECUTION_TIMEOUT + ": task " + ti.label() + " ran longer than " + def.executionTimeout();
        log.error(msg);
        return TryOutcome.failure(ti, clock.instant(), msg, true, log.drain());
    }

    private TryOutcome execute(ClaimedTi ti, DagIndex dag, TaskDef def, RunningTaskContext ctx, TryLog log)
            throws Exception {
        return switch (def.kind()) {
            case TASK -> {
                Object output;
                try {
                    output = ((Task) def.body()).execute(ctx);
                } catch (TaskDeferred d) {
                    Instant now = clock.instant();
                    Instant firstPoke = ti.firstPokeAt() != null ? ti.firstPokeAt() : ti.startDate();
                    Trigger trigger = resolve(d.trigger(), DEFAULT_CHECK_EVERY);
                    log.engine("deferred on " + trigger.describe());
                    yield TryOutcome.deferred(ti, now, trigger, firstPoke, null, log.drain());
                }
                String json = codec.write(ti.label(), output);
                yield TryOutcome.success(ti, clock.instant(), json, Set.of(), log.drain());
            }
            case BRANCH -> {
                Collection<String> chosen = ((BranchTask) def.body()).choose(ctx);
                Set<String> skip = dag.dag().branchSkips(ti.taskId(), chosen == null ? Set.of() : chosen);
                log.engine("branch chose " + chosen + "; skipping " + skip);
                yield TryOutcome.success(ti, clock.instant(), codec.write(ti.label(), chosen), skip, log.drain());
            }
            case SHORT_CIRCUIT -> {
                boolean proceed = ((ShortCircuitTask) def.body()).proceed(ctx);
                Set<String> skip = proceed ? Set.of() : dag.allDownstream(ti.taskId());
                if (!proceed) {
                    log.engine("condition is false: skipping all " + skip.size() + " downstream tasks");
                }
                yield TryOutcome.success(ti, clock.instant(), codec.write(ti.label(), proceed), skip, log.drain());
            }
            case SENSOR -> def.sensor().mode() == SensorSpec.Mode.POKE ? pokeUntilDone(ti, def, ctx, log)
                    : pokeOnce(ti, def, ctx, log);
        };
    }

    /** Poke mode: holds the worker, poking every interval until done or timed out. */
    private TryOutcome pokeUntilDone(ClaimedTi ti, TaskDef def, RunningTaskContext ctx, TryLog log) throws Exception {
        SensorSpec spec = def.sensor();
        Instant deadline = clock.instant().plus(spec.timeout());
        Instant firstPoke = ti.firstPokeAt() != null ? ti.firstPokeAt() : ti.startDate();
        if (ti.sensorDeadline() != null) {
            deadline = ti.sensorDeadline();
        }
        while (true) {
            PokeResult r = ((Sensor) def.body()).poke(ctx);
            if (r.done()) {
                return TryOutcome.success(ti, clock.instant(), codec.write(ti.label(), r.output()), Set.of(), log.drain());
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                return sensorTimeout(ti, spec, null, log);
            }
            if (r.deferred()) {
                return defer(ti, spec, r.defer(), now, firstPoke, deadline, log);
            }
            Duration wait = Duration.between(now, deadline);
            sleeper.sleep(wait.compareTo(spec.pokeInterval()) < 0 ? wait : spec.pokeInterval());
        }
    }

    /** Reschedule mode: one poke, then the worker is freed until the next poke time. */
    private TryOutcome pokeOnce(ClaimedTi ti, TaskDef def, RunningTaskContext ctx, TryLog log) throws Exception {
        SensorSpec spec = def.sensor();
        Instant firstPoke = ti.firstPokeAt() != null ? ti.firstPokeAt() : ti.startDate();
        Instant deadline = ti.sensorDeadline() != null ? ti.sensorDeadline() : firstPoke.plus(spec.timeout());
        PokeResult r = ((Sensor) def.body()).poke(ctx);
        Instant now = clock.instant();
        if (r.done()) {
            return new TryOutcome(ti, io.pipeline.state.TaskState.SUCCESS, now, codec.write(ti.label(), r.output()),
                    Set.of(), null, true, null, firstPoke, deadline, log.drain());
        }
        if (!now.isBefore(deadline)) {
            return sensorTimeout(ti, spec, firstPoke, log);
        }
        if (r.deferred()) {
            return defer(ti, spec, r.defer(), now, firstPoke, deadline, log);
        }
        Instant next = now.plus(spec.pokeInterval());
        if (next.isAfter(deadline)) {
            next = deadline;
        }
        log.engine("condition not met; next poke at " + next);
        return TryOutcome.reschedule(ti, now, next, firstPoke, deadline, log.drain());
    }

    /** The sensor leaves its worker until the trigger fires or its deadline comes (the scheduler wakes it then). */
    private TryOutcome defer(ClaimedTi ti, SensorSpec spec, Trigger trigger, Instant now, Instant firstPoke,
                             Instant deadline, TryLog log) {
        Trigger resolved = resolve(trigger, spec.pokeInterval());
        log.engine("condition not met; deferred on " + resolved.describe() + " (times out at " + deadline + ")");
        return TryOutcome.deferred(ti, now, resolved, firstPoke, deadline, log.drain());
    }

    /** An object-key or HTTP trigger without its own check interval takes {@code checkEvery}. */
    static Trigger resolve(Trigger trigger, Duration checkEvery) {
        if (trigger instanceof Trigger.ObjectKey k && k.checkEvery() == null) {
            return k.withCheckEvery(checkEvery);
        }
        if (trigger instanceof Trigger.Http h && h.checkEvery() == null) {
            return h.withCheckEvery(checkEvery);
        }
        return trigger;
    }

    /** A sensor past its timeout fails without retries (Airflow's AirflowSensorTimeout). */
    private TryOutcome sensorTimeout(ClaimedTi ti, SensorSpec spec, Instant firstPoke, TryLog log) {
        String msg = "sensor timed out: " + ti.label() + " was not met within " + spec.timeout();
        log.error(msg);
        return new TryOutcome(ti, io.pipeline.state.TaskState.FAILED, clock.instant(), null, null, msg, false, null,
                firstPoke, null, log.drain());
    }

    static String describe(Throwable t) {
        String s = t.toString();
        return s.length() > 2000 ? s.substring(0, 2000) : s;
    }

    /** Interrupts the task's thread at the deadline, unless the try has ended meanwhile. */
    private static final class Interrupter {
        private final Thread thread;
        private boolean armed = true;
        private boolean fired;

        Interrupter(Thread thread) {
            this.thread = thread;
        }

        synchronized void fire() {
            if (armed) {
                fired = true;
                thread.interrupt();
            }
        }

        synchronized boolean fired() {
            return fired;
        }

        /** After this the thread is never interrupted by this try; a pending interrupt is cleared. */
        synchronized void disarm() {
            armed = false;
            if (fired) {
                Thread.interrupted();
            }
        }
    }
}
