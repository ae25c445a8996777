package io.pipeline.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.pipeline.store.ClaimRepository;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.Stores;
import io.pipeline.store.XComRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The engine's parts built once from its dependencies, without starting any thread: {@link Engine} runs them on
 * threads; a test driver calls them directly, step by step.
 */
public final class EngineComponents {
    private final DataSource dataSource;
    private final PlatformTransactionManager txManager;
    private final JdbcClient jdbc;
    private final Stores stores;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final EngineConfig config;
    private final DagRegistry registry;
    private final EngineMetrics metrics;
    private final StateRecorder recorder;
    private final DbHealth health;
    private final RunningTries running = new RunningTries();
    private final ScheduledExecutorService timer;
    private final RunScheduler runScheduler;
    private final Admission admission;
    private final TryFinisher finisher;
    private final TaskRunner runner;
    private final QueueNotifier notifier;
    private final CreateDueRunsStep createDueRuns;
    private final ReapZombiesStep reaper;
    private final List<SchedulerStep> steps;
    private final ClaimRepository claims;
    private final TaskResources resources;

    public EngineComponents(DataSource dataSource, Stores stores, PlatformTransactionManager txManager, Clock clock,
                            MeterRegistry meters, EngineConfig config, DagRegistry registry,
                            List<StateChangeListener> listeners, TaskResources resources, SecretMasker masker,
                            Sleeper sleeper) {
        this(dataSource, stores, txManager, clock, meters, config, registry, listeners, resources, masker, sleeper,
                TaskLimits.defaults());
    }

    /** @param limits sizes of task logs and XCom values stored per try */
    public EngineComponents(DataSource dataSource, Stores stores, PlatformTransactionManager txManager, Clock clock,
                            MeterRegistry meters, EngineConfig config, DagRegistry registry,
                            List<StateChangeListener> listeners, TaskResources resources, SecretMasker masker,
                            Sleeper sleeper, TaskLimits limits) {
        this.dataSource = dataSource;
        this.txManager = txManager;
        this.stores = stores;
        this.jdbc = stores.jdbc();
        this.tx = new TransactionTemplate(txManager);
        this.clock = clock;
        this.config = config;
        this.registry = registry;
        this.resources = resources;
        this.metrics = new EngineMetrics(meters);
        this.recorder = new StateRecorder(withResourceListener(listeners, registry), metrics);
        this.health = new DbHealth(clock);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pipeline-timer-" + config.nodeId());
            t.setDaemon(true);
            return t;
        });
        XComRepository xcoms = stores.xcoms();
        this.runScheduler = new RunScheduler(stores.scheduling(), stores.runs(), xcoms,
                stores.progress(), recorder, new DatasetGate(stores.datasets()));
        this.admission = new Admission(stores.admission(), registry, recorder, config);
        this.finisher = new TryFinisher(tx, stores, registry, recorder, config, clock, runScheduler, admission);
        this.runner = new TaskRunner(registry, clock, masker, stores, new XComCodec(), resources, timer, sleeper,
                running, limits);
        this.notifier = new QueueNotifier(jdbc, config.notifyChannel());
        this.claims = stores.claims();
        this.createDueRuns = new CreateDueRunsStep(stores, tx, registry);
        this.reaper = new ReapZombiesStep(stores.nodes(), finisher, config, health);
        StartQueuedRunsStep startQueued = new StartQueuedRunsStep(stores, tx, registry, runScheduler, admission,
                recorder, notifier);
        this.steps = List.of(
                createDueRuns,
                new CreateDatasetRunsStep(stores, tx, registry, recorder),
                startQueued,
                new StartBackfillRunsStep(jdbc, tx, registry, startQueued),
                new ScheduleRunsStep(jdbc, tx, registry, runScheduler, admission, notifier),
                new AdmitStep(tx, admission, notifier),
                reaper,
                new ReleaseResourcesStep(stores, registry, clock, masker, resources),
                new ActiveGaugesStep(jdbc, metrics),
                new CheckFreshnessStep(new io.pipeline.store.FreshnessStore(jdbc), tx, registry, recorder));
    }

    /** The engine always releases external resources; the application may pass the listener in (for its ops too). */
    private List<StateChangeListener> withResourceListener(List<StateChangeListener> listeners, DagRegistry registry) {
        if (listeners.stream().anyMatch(ExternalResourceListener.class::isInstance)) {
            return listeners;
        }
        List<StateChangeListener> all = new java.util.ArrayList<>(listeners);
        all.add(new ExternalResourceListener(stores, registry));
        return all;
    }

    public Worker newWorker() {
        return new Worker(config, this::claim, runner, finisher, recorder, running, health, clock);
    }

    /**
     * Claims up to {@code limit} queued TIs of this node's queues (ONE statement) and announces queued -> running,
     * in one transaction.
     */
    public List<ClaimedTi> claim(int limit) {
        return tx.execute(s -> {
            Instant now = clock.instant();
            List<ClaimedTi> got = claims.claim(config.queues(), registry.dagIds(), limit, config.nodeId(), now,
                    config.synchronousCommit());
            for (ClaimedTi c : got) {
                TryFinisher.recordClaim(recorder, c, now);
            }
            return got;
        });
    }

    /**
     * The node's triggerer: checks object keys on {@code checks}, calls {@code onWoken} after it woke TIs (the engine
     * wakes its scheduler and worker).
     */
    public Triggerer newTriggerer(java.util.concurrent.Executor checks, Runnable onWoken) {
        return new Triggerer(this, resources, checks, onWoken);
    }

    public Heartbeater newHeartbeater() {
        return new Heartbeater(stores.nodes(), stores.outcomes(), running, config, health, clock);
    }

    public DataSource dataSource() { return dataSource; }
    public PlatformTransactionManager txManager() { return txManager; }
    public JdbcClient jdbc() { return jdbc; }
    public Stores stores() { return stores; }
    public TransactionTemplate tx() { return tx; }
    public Clock clock() { return clock; }
    public EngineConfig config() { return config; }
    public DagRegistry registry() { return registry; }
    public EngineMetrics metrics() { return metrics; }
    public StateRecorder recorder() { return recorder; }
    public DbHealth health() { return health; }
    public RunningTries running() { return running; }
    public ScheduledExecutorService timer() { return timer; }
    public TryFinisher finisher() { return finisher; }
    public Admission admission() { return admission; }
    public QueueNotifier notifier() { return notifier; }
    public TaskRunner runner() { return runner; }
    public CreateDueRunsStep createDueRuns() { return createDueRuns; }
    public ReapZombiesStep reaper() { return reaper; }
    /** The scheduler loop's steps, in the order a pass runs them. */
    public List<SchedulerStep> steps() { return steps; }
}
