package io.pipeline.ops.calendar;

import io.pipeline.engine.DbHealth;
import io.pipeline.engine.NotifyListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps this node's calendars in step with the stored overrides. LISTENs on {@link CalendarOverrideService#CHANNEL}
 * (the engine's {@link NotifyListener}, which also fires once on every (re)connect) and, as the fallback for a lost
 * notification, polls the revision counter every {@code pollInterval}. When the revision moved it reloads every
 * override; calendars that changed are recompiled and swapped in, and the service's change callback wakes the
 * scheduler, which recomputes the next run of the DAGs on them.
 */
public final class CalendarOverrideSync {
    private static final Logger LOG = LoggerFactory.getLogger(CalendarOverrideSync.class);

    private final CalendarOverrideService service;
    private final NotifyListener listener;
    private final Duration pollInterval;
    private ScheduledExecutorService poller;
    private long seen = Long.MIN_VALUE;

    public CalendarOverrideSync(DataSource dataSource, CalendarOverrideService service, Duration pollInterval,
                                Clock clock) {
        this.service = service;
        this.pollInterval = pollInterval;
        // quiet: the node's engine reports a database outage once; this listener only retries through it
        this.listener = new NotifyListener(dataSource, CalendarOverrideService.CHANNEL, this::check,
                DbHealth.quiet(clock));
    }

    /** Loads the stored overrides now, then listens and polls. */
    public synchronized void start() {
        check();
        listener.start();
        poller = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("pipeline-calendar-poll")
                .daemon().unstarted(r));
        long ms = pollInterval.toMillis();
        poller.scheduleWithFixedDelay(this::check, ms, ms, TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
        try {
            listener.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reloads the overrides when the revision moved since the last load. */
    public void check() {
        try {
            synchronized (this) {
                long revision = service.revision();
                if (revision == seen) {
                    return;
                }
                service.reloadAll();
                seen = revision;
            }
        } catch (RuntimeException e) {
            LOG.warn("could not load the calendar overrides (retrying): {}", e.toString());
        }
    }
}
