package io.pipeline.engine;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

/**
 * LISTENs on the engine's channel on a dedicated connection and wakes the local worker on a notification of queued
 * TIs, so that a TI queued by another node (or by the scheduler) is claimed within milliseconds, and the local
 * scheduler loop on one with payload {@link QueueNotifier#SCHEDULER} (a dataset event that counts towards a
 * consumer's run, committed on any node). Reconnects after a database outage, and wakes both once then, since
 * notifications sent meanwhile are lost.
 */
public final class NotifyListener {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyListener.class);

    private final DataSource dataSource;
    private final String channel;
    private final Runnable onNotify;
    private final Runnable onSchedulerWork;
    private final DbHealth health;
    private volatile boolean running;
    private Thread thread;

    public NotifyListener(DataSource dataSource, String channel, Runnable onNotify, DbHealth health) {
        this(dataSource, channel, onNotify, () -> { }, health);
    }

    /**
     * @param onNotify        queued TIs (the worker's wake-up)
     * @param onSchedulerWork work for a scheduler pass (the scheduler loop's wake-up)
     */
    public NotifyListener(DataSource dataSource, String channel, Runnable onNotify, Runnable onSchedulerWork,
                          DbHealth health) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.onNotify = onNotify;
        this.onSchedulerWork = onSchedulerWork;
        this.health = health;
    }

    public synchronized void start() {
        running = true;
        thread = Thread.ofPlatform().name("pipeline-listen").daemon().start(this::loop);
    }

    public void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5000);
        }
    }

    private void dispatch(PGNotification[] got) {
        boolean tis = false;
        boolean scheduler = false;
        for (PGNotification n : got) {
            if (QueueNotifier.SCHEDULER.equals(n.getParameter())) {
                scheduler = true;
            } else {
                tis = true;
            }
        }
        if (scheduler) {
            onSchedulerWork.run();
        }
        if (tis) {
            onNotify.run();
        }
    }

    private void loop() {
        Duration backoff = Duration.ofMillis(200);
        while (running) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("LISTEN " + channel);
                PGConnection pg = c.unwrap(PGConnection.class);
                onNotify.run();
                onSchedulerWork.run();
                backoff = Duration.ofMillis(200);
                while (running) {
                    PGNotification[] got = pg.getNotifications(1000);
                    if (got != null && got.length > 0) {
                        dispatch(got);
                    }
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                boolean outage = DbHealth.isConnectionProblem(e);
                if (outage) {
                    health.failed("listening for queued work", e);
                } else {
                    LOG.warn("LISTEN connection failed: {}", e.toString());
                }
                try {
                    if (outage) {
                        health.awaitReachable(backoff); // back as soon as any component reaches the database
                    } else {
                        Thread.sleep(backoff.toMillis());
                    }
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
                        : backoff.multipliedBy(2);
            }
        }
    }
}
