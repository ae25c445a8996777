package io.pipeline.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs the scheduler steps one after the other, pass after pass. A step that fails does not stop the others; a
 * database outage is logged once (by {@link DbHealth}) and the loop backs off until the database is back.
 * {@link #wakeForDatasets()} (a dataset event that counts towards a consumer's run) runs the steps that create and
 * start runs on data ({@link #DATASET_STEPS}) at the next step boundary, ahead of the rest of the pass, so that the
 * consumer's run does not wait for a whole pass.
 */
public final class SchedulerLoop {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerLoop.class);

    private final List<SchedulerStep> steps;
    private final EngineConfig config;
    private final EngineMetrics metrics;
    private final DbHealth health;
    private final Clock clock;
    private final WakeSignal wake = new WakeSignal();
    private final java.util.concurrent.atomic.AtomicBoolean datasetWork = new java.util.concurrent.atomic.AtomicBoolean();
    private final List<SchedulerStep> datasetSteps;

    /** The steps that create the runs of dataset events and start queued runs, in pass order. */
    static final java.util.Set<String> DATASET_STEPS = java.util.Set.of("create_dataset_runs", "start_queued_runs");
    private volatile boolean running;
    private Thread thread;

    public SchedulerLoop(List<SchedulerStep> steps, EngineConfig config, EngineMetrics metrics, DbHealth health,
                         Clock clock) {
        this.steps = List.copyOf(steps);
        this.datasetSteps = this.steps.stream().filter(s -> DATASET_STEPS.contains(s.name())).toList();
        this.config = config;
        this.metrics = metrics;
        this.health = health;
        this.clock = clock;
    }

    public List<SchedulerStep> steps() {
        return steps;
    }

    public synchronized void start() {
        running = true;
        thread = Thread.ofPlatform().name("pipeline-scheduler").daemon().start(this::loop);
    }

    public void stop() throws InterruptedException {
        running = false;
        wake.wake();
        if (thread != null) {
            thread.join(30_000);
        }
    }

    /** Runs a pass soon instead of after the interval (e.g. after a manual trigger). */
    public void wake() {
        wake.wake();
    }

    /** A dataset event was committed: its consumer's run is created and started at the next step boundary. */
    public void wakeForDatasets() {
        datasetWork.set(true);
        wake.wake();
    }

    private void loop() {
        Duration backoff = config.schedulerInterval();
        while (running) {
            Instant passStart = clock.instant();
            boolean ok = runOnce();
            backoff = ok ? config.schedulerInterval() : min(backoff.multipliedBy(2), Duration.ofSeconds(5));
            try {
                if (ok) {
                    wake.await(untilDue(passStart, backoff));
                } else {
                    health.awaitReachable(backoff); // the first component back wakes the loop
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * The pause before the next pass: {@code interval}, or less when a step knows of work that falls due sooner (the
     * close's runs are created at the close, not up to an interval and a pass later). An instant at or before the
     * pass's start is ignored: that pass had it, and a step that could not do it waits for the interval as before.
     */
    Duration untilDue(Instant passStart, Duration interval) {
        Instant due = null;
        for (SchedulerStep step : steps) {
            Instant d = step.dueAt();
            if (d != null && d.isAfter(passStart) && (due == null || d.isBefore(due))) {
                due = d;
            }
        }
        if (due == null) {
            return interval;
        }
        Duration left = Duration.between(clock.instant(), due);
        return left.isNegative() ? Duration.ZERO : min(left, interval);
    }

    /** One pass over every step; returns false when the database could not be reached. */
    public boolean runOnce() {
        long passStart = System.nanoTime();
        for (SchedulerStep step : steps) {
            if (datasetWork.getAndSet(false)) {
                for (SchedulerStep first : datasetSteps) {
                    if (!runStep(first)) {
                        return false;
                    }
                }
            }
            if (!runStep(step)) {
                return false;
            }
        }
        // Every pass reads the database (the first step lists the DAGs), so a whole pass means it is reachable.
        health.ok();
        metrics.schedulerLoop(Duration.ofNanos(System.nanoTime() - passStart));
        return true;
    }

    /** Runs one step; false when the database could not be reached. */
    private boolean runStep(SchedulerStep step) {
        long start = System.nanoTime();
        try {
            step.run(clock.instant());
        } catch (RuntimeException e) {
            if (DbHealth.isConnectionProblem(e)) {
                health.failed("scheduler step " + step.name(), e);
                return false;
            }
            LOG.error("scheduler step {} failed", step.name(), e);
        } finally {
            metrics.schedulerStep(step.name(), Duration.ofNanos(System.nanoTime() - start));
        }
        return true;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }
}
