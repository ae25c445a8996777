package io.pipeline.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.pipeline.store.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One node's engine: scheduler loop and Quartz (scheduler role), worker and LISTEN connection (worker role), the
 * triggerer (triggerer role), heartbeats (all). Construct after the {@link DagRegistry} has loaded the DAGs; {@link #start()} it; {@link #stop}
 * it before closing the DataSource. Holds no state that a crash would lose: everything it knows is in the database.
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final EngineComponents parts;
    private final EngineConfig config;
    private final Worker worker;
    private final SchedulerLoop loop;
    private final QuartzRunTriggers quartz;
    private final NotifyListener listener;
    private final Heartbeater heartbeater;
    private final Triggerer triggerer;
    private final java.util.concurrent.ExecutorService triggerChecks;
    private ScheduledFuture<?> heartbeats;
    private boolean started;

    public Engine(DataSource dataSource, Stores stores, PlatformTransactionManager txManager, Clock clock,
                  MeterRegistry meters, EngineConfig config, DagRegistry registry, List<StateChangeListener> listeners,
                  TaskResources resources, SecretMasker masker) {
        this(dataSource, stores, txManager, clock, meters, config, registry, listeners, resources, masker,
                TaskLimits.defaults());
    }

    /** @param limits sizes of task logs and XCom values stored per try ({@code pipeline.tasks.*}) */
    public Engine(DataSource dataSource, Stores stores, PlatformTransactionManager txManager, Clock clock,
                  MeterRegistry meters, EngineConfig config, DagRegistry registry, List<StateChangeListener> listeners,
                  TaskResources resources, SecretMasker masker, TaskLimits limits) {
        this.parts = new EngineComponents(dataSource, stores, txManager, clock, meters, config, registry, listeners,
                resources, masker, Sleeper.real(), limits);
        this.config = config;
        this.worker = config.worker() ? parts.newWorker() : null;
        this.heartbeater = parts.newHeartbeater();
        // Workers wake on queued TIs, the scheduler loop on dataset events that count towards a consumer's run.
        this.listener = config.worker() || config.scheduler() ? new NotifyListener(dataSource,
                config.notifyChannel(), this::wakeWorker, this::wakeLoop, parts.health()) : null;
        this.triggerChecks = config.triggerer() ? java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()
                : null;
        this.triggerer = config.triggerer() ? parts.newTriggerer(triggerChecks, this::wake) : null;
        List<SchedulerStep> steps = new ArrayList<>(parts.steps());
        this.quartz = config.scheduler() && config.quartz()
                ? new QuartzRunTriggers(dataSource, txManager, parts.stores(), registry, parts.createDueRuns(), config,
                clock, this::wake) : null;
        if (quartz != null) {
            steps.add(1, quartz);
        }
        this.loop = config.scheduler() ? new SchedulerLoop(steps, config, parts.metrics(), parts.health(), clock)
                : null;
    }

    /** Registers the node and starts heartbeats, then the worker, then the scheduler loop and Quartz. */
    public synchronized void start() {
        if (started) {
            return;
        }
        try {
            startParts();
        } catch (RuntimeException e) {
            started = true;
            stop(Duration.ofSeconds(5));
            throw e;
        }
    }

    private void startParts() {
        List<String> roles = new ArrayList<>();
        if (config.scheduler()) {
            roles.add("scheduler");
        }
        if (config.worker()) {
            roles.add("worker");
        }
        if (config.triggerer()) {
            roles.add("triggerer");
        }
        parts.stores().nodes().register(config.nodeId(), hostname(), roles, config.queues(),
                config.workerConcurrency(), parts.clock().instant());
        long beat = config.heartbeatInterval().toMillis();
        heartbeats = parts.timer().scheduleWithFixedDelay(heartbeater, beat, beat, TimeUnit.MILLISECONDS);
        if (listener != null) {
            listener.start();
        }
        if (worker != null) {
            worker.start();
        }
        if (quartz != null) {
            quartz.start();
        }
        if (loop != null) {
            loop.start();
        }
        if (triggerer != null) {
            triggerer.start();
        }
        started = true;
        LOG.info("engine started on node {} (roles {}, queues {}, {} worker slots)", config.nodeId(), roles,
                config.queues(), config.workerConcurrency());
    }

    /**
     * Stops the scheduler and Quartz, stops claiming, lets running tries finish for up to {@code grace} and writes
     * their outcomes, then stops the triggerer (its waits handed back to the others), then stops heartbeats and marks
     * the node stopped.
     */
    public synchronized void stop(Duration grace) {
        if (!started) {
            return;
        }
        try {
            markStopping();
            if (loop != null) {
                loop.stop();
            }
            if (quartz != null) {
                quartz.stop();
            }
            if (worker != null) {
                worker.stop(grace);
            }
            if (listener != null) {
                listener.stop();
            }
            if (triggerer != null) {
                triggerer.stop();
                triggerChecks.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (heartbeats != null) {
                heartbeats.cancel(false);
            }
            parts.timer().shutdownNow();
            try {
                parts.stores().nodes().stopped(config.nodeId(), parts.clock().instant());
            } catch (RuntimeException e) {
                LOG.warn("could not mark node {} stopped: {}", config.nodeId(), e.toString());
            }
            started = false;
        }
    }

    private void markStopping() {
        try {
            parts.stores().nodes().stopping(config.nodeId());
        } catch (RuntimeException e) {
            LOG.warn("could not mark node {} stopping: {}", config.nodeId(), e.toString());
        }
    }

    /** Something changed (a manual run was triggered, a DAG unpaused): run a scheduler pass and a claim soon. */
    public void wake() {
        if (loop != null) {
            loop.wake();
        }
        if (worker != null) {
            worker.wake();
        }
    }

    private void wakeWorker() {
        if (worker != null) {
            worker.wake();
        }
    }

    private void wakeLoop() {
        if (loop != null) {
            loop.wakeForDatasets();
        }
    }

    /** The node's triggerer, or null when the node does not have the role. */
    public Triggerer triggerer() {
        return triggerer;
    }

    public EngineComponents components() {
        return parts;
    }

    public boolean isDatabaseDown() {
        return parts.health().isDown();
    }

    /** This machine's host name as the node registry records it. */
    public static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
