package io.pipeline.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.dag.Dag;
import io.pipeline.engine.DagImportError;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.EngineComponents;
import io.pipeline.engine.EngineConfig;
import io.pipeline.engine.SchedulerStep;
import io.pipeline.engine.SecretMasker;
import io.pipeline.engine.StateChangeListener;
import io.pipeline.engine.TaskInstanceService;
import io.pipeline.engine.TaskLimits;
import io.pipeline.engine.TaskResources;
import io.pipeline.engine.TryFinisher;
import io.pipeline.engine.TryOutcome;
import io.pipeline.ops.Operations;
import io.pipeline.engine.Triggerer;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskInstanceRow;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Drives the real engine deterministically, with no threads of its own and no sleeps: a settable clock,
 * {@link #tick()} runs one scheduler pass, {@link #runQueued()} claims queued TIs and runs them on the calling thread
 * (finishing each in its own transaction, and running the downstream TIs that finish made ready), until nothing is
 * queued. Poke-mode sensors "sleep" by moving the clock; deferred waits are checked by the node's triggerer on each
 * tick, on the calling thread.
 */
public final class EngineTestDriver {
    private final SettableClock clock;
    private final EngineComponents parts;
    private final DagRegistry registry;
    private final DagRunService runs;
    private final TaskInstanceService tis;
    private final RecordingListener changes = new RecordingListener();
    private final SecretMasker masker = new SecretMasker();
    private final TaskResources resources = TaskResources.none();
    private final Triggerer triggerer;

    private EngineTestDriver(DataSource ds, SettableClock clock, EngineConfig config, List<Dag> dags,
                             List<StateChangeListener> listeners) {
        this(ds, clock, config, dags, listeners, TaskLimits.defaults());
    }

    private EngineTestDriver(DataSource ds, SettableClock clock, EngineConfig config, List<Dag> dags,
                             List<StateChangeListener> listeners, TaskLimits limits) {
        this.clock = clock;
        JdbcClient jdbc = JdbcClient.create(ds);
        DataSourceTransactionManager txm = new DataSourceTransactionManager(ds);
        TransactionTemplate tx = new TransactionTemplate(txm);
        io.pipeline.store.Stores stores = io.pipeline.store.Stores.create(jdbc);
        this.registry = new DagRegistry(stores, tx, clock, config);
        registry.load(dags, List.of());
        this.parts = new EngineComponents(ds, stores, txm, clock, new SimpleMeterRegistry(), config, registry,
                Stream.concat(Stream.of(changes), listeners.stream()).toList(), resources, masker,
                d -> clock.advance(d), limits);
        this.triggerer = parts.newTriggerer(Runnable::run, () -> { });
        this.runs = new DagRunService(stores, tx, clock, registry);
        this.tis = new TaskInstanceService(stores);
    }

    /** A driver on node {@code node-1} with default settings (quartz off). */
    public static EngineTestDriver create(DataSource ds, SettableClock clock, Dag... dags) {
        return create(ds, clock, EngineConfig.defaults("node-1").withQuartz(false), dags);
    }

    public static EngineTestDriver create(DataSource ds, SettableClock clock, EngineConfig config, Dag... dags) {
        return new EngineTestDriver(ds, clock, config, List.of(dags), List.of());
    }

    /** A driver on node {@code node-1} whose tries store logs and XComs within {@code limits}. */
    public static EngineTestDriver create(DataSource ds, SettableClock clock, TaskLimits limits, Dag... dags) {
        return new EngineTestDriver(ds, clock, EngineConfig.defaults("node-1").withQuartz(false), List.of(dags),
                List.of(), limits);
    }

    /** A driver whose state changes also go to {@code listeners} (e.g. the alert outbox), in the engine's transactions. */
    public static EngineTestDriver withListeners(DataSource ds, SettableClock clock, List<StateChangeListener> listeners,
                                                 Dag... dags) {
        return new EngineTestDriver(ds, clock, EngineConfig.defaults("node-1").withQuartz(false), List.of(dags),
                listeners);
    }

    /** Replaces the loaded DAGs (a new deploy). */
    public void load(List<Dag> dags, List<DagImportError> errors) {
        registry.load(dags, errors);
    }

    /**
     * One pass of the node: its triggerer (when it has the role; a second triggerer pass takes the answers of the
     * HTTP checks the first one sent), then every scheduler step once, in order.
     */
    public void tick() {
        if (parts.config().triggerer()) {
            triggerer.tick(clock.instant());
            if (triggerer.awaitChecks(Duration.ofSeconds(30)) > 0) {
                triggerer.tick(clock.instant());
            }
        }
        for (SchedulerStep step : parts.steps()) {
            step.run(clock.instant());
        }
    }

    /**
     * Claims queued TIs and runs them here, with their newly ready downstream, until none is queued. Each claimed
     * batch runs with the mark taken after its claim committed, as the worker runs it.
     */
    public int runQueued() {
        int ran = 0;
        while (true) {
            List<ClaimedTi> claimed = claim(parts.config().claimBatchSize());
            if (claimed.isEmpty()) {
                return ran;
            }
            Deque<Claimed> todo = new ArrayDeque<>();
            long mark = parts.runner().claimMark();
            claimed.forEach(ti -> todo.add(new Claimed(ti, mark)));
            while (!todo.isEmpty()) {
                Claimed next = todo.poll();
                TryOutcome outcome = parts.runner().run(next.ti(), next.claimMark());
                int free = Math.max(0, parts.config().workerConcurrency() - todo.size());
                TryFinisher.Finished f = parts.finisher().finish(List.of(outcome), free);
                parts.running().finished(next.ti());
                long downstreamMark = parts.runner().claimMark();
                f.claimedHere().forEach(ti -> todo.add(new Claimed(ti, downstreamMark)));
                ran++;
            }
        }
    }

    /** A claimed TI and the mark taken after its claim committed. */
    private record Claimed(ClaimedTi ti, long claimMark) {
    }

    /** Ticks and runs queued work until a tick makes no TI queued (the clock does not move). */
    public void settle() {
        for (int i = 0; i < 1000; i++) {
            tick();
            if (runQueued() == 0) {
                return;
            }
        }
        throw new IllegalStateException("the engine did not settle within 1000 passes");
    }

    /** Claims queued TIs as this node without running them (a node that dies right after claiming). */
    public List<ClaimedTi> claim(int limit) {
        return parts.claim(limit);
    }

    public void advance(Duration d) {
        clock.advance(d);
    }

    public DagRunRow trigger(String dagId) {
        return runs.trigger(dagId, null, null, null, null);
    }

    public DagRunRow trigger(String dagId, String runId, Map<String, Object> conf) {
        return runs.trigger(dagId, runId, null, conf, null);
    }

    public DagRunState runState(String dagId, String runId) {
        return runs.get(dagId, runId).orElseThrow().state();
    }

    public TaskState state(DagRunRow run, String taskId) {
        return state(run, taskId, -1);
    }

    public TaskState state(DagRunRow run, String taskId, int mapIndex) {
        return ti(run, taskId, mapIndex).state();
    }

    public TaskInstanceRow ti(DagRunRow run, String taskId, int mapIndex) {
        return tis.get(run.dagId(), run.runId(), taskId, mapIndex)
                .orElseThrow(() -> new AssertionError("no TI " + taskId + "[" + mapIndex + "] in " + run.runId()));
    }

    public String log(DagRunRow run, String taskId, int mapIndex, int tryNumber) {
        return tis.log(run.dagId(), run.runId(), taskId, mapIndex, tryNumber).orElseThrow().text();
    }

    public Instant now() {
        return clock.instant();
    }

    public SettableClock clock() { return clock; }
    /** This node's triggerer, ticked by {@link #tick()}; object-key checks run on the calling thread. */
    public Triggerer triggerer() { return triggerer; }
    public EngineComponents parts() { return parts; }
    public DagRegistry registry() { return registry; }
    public DagRunService runs() { return runs; }
    public TaskInstanceService tis() { return tis; }
    public RecordingListener changes() { return changes; }
    public SecretMasker masker() { return masker; }
    public TaskResources resources() { return resources; }

    /** Clear, mark and the other operator actions on this driver's engine, recorded as its state changes. */
    public Operations operations() {
        return new Operations(parts.stores(), parts.tx(), parts.clock(), registry, runs, parts.recorder(), null);
    }

    /** The datasets' read side and external reports ({@code POST /datasets/events}), on this driver's database. */
    public io.pipeline.engine.DatasetService datasets() {
        return new io.pipeline.engine.DatasetService(parts.stores(), parts.tx(), clock, registry);
    }
}
