package io.pipeline.web.ops;

import io.pipeline.ops.Actor;
import io.pipeline.ops.DbClean;
import io.pipeline.web.config.RetentionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the retention clean ({@link DbClean}, as {@code pipeline db clean}) on a scheduler node every interval. With
 * several scheduler nodes, a PostgreSQL advisory lock lets one of them clean at a time; the others skip that round.
 * Queued and running runs are left out (and counted in the log) rather than stopping the clean.
 */
public final class RetentionClean implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionClean.class);
    private final DbClean clean;
    private final RetentionProperties properties;
    private final Set<DbClean.Table> tables;
    private final Clock clock;
    private final boolean schedulerNode;
    private ScheduledExecutorService timer;

    /** @param schedulerNode whether this node has the scheduler role: only those run the clean on their own */
    public RetentionClean(DbClean clean, RetentionProperties properties, Clock clock,
                          boolean schedulerNode) {
        this.clean = clean;
        this.schedulerNode = schedulerNode;
        this.properties = properties;
        this.clock = clock;
        EnumSet<DbClean.Table> t = EnumSet.noneOf(DbClean.Table.class);
        properties.tables().forEach(name -> t.add(DbClean.Table.of(name)));
        this.tables = t;
    }

    /** One retention clean now, if no other node is cleaning; returns its report, or null when skipped. */
    public DbClean.Report runOnce() {
        Instant before = clock.instant().minus(properties.maxAge());
        DbClean.Report r = clean.cleanExclusively(new DbClean.Request(before, null, tables, false,
                properties.archive(), true), Actor.system("retention")).orElse(null);
        if (r == null) {
            LOG.info("retention clean skipped: another node is cleaning");
            return null;
        }
        LOG.info("retention clean before {}: {} runs deleted, rows {}; {} queued or running runs kept, {} runs busy"
                + " (left for the next clean)", before, r.runs(), r.rows(), r.skippedActive(), r.skippedBusy());
        return r;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("pipeline-retention")
                .daemon().unstarted(r));
        timer.scheduleWithFixedDelay(this::safeRun, properties.firstAfter().toMillis(),
                properties.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void safeRun() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("retention clean failed; it runs again in {}", properties.interval(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public boolean isAutoStartup() {
        return schedulerNode;
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
