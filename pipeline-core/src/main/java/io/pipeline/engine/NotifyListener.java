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
 * LISTENs on the engine's channel on a dedicated connection and wakes the local worker on every notification, so
 * that a TI queued by another node (or by the scheduler) is claimed within milliseconds. Reconnects after a
 * database outage, and wakes the worker once then, since notifications sent meanwhile are lost.
 */
public final class NotifyListener {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyListener.class);

    private final DataSource dataSource;
    private final String channel;
    private final Runnable onNotify;
    private final DbHealth health;
    private volatile boolean running;
    private Thread thread;

    public NotifyListener(DataSource dataSource, String channel, Runnable onNotify, DbHealth health) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.onNotify = onNotify;
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

    private void loop() {
        Duration backoff = Duration.ofMillis(200);
        while (running) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("LISTEN " + channel);
                PGConnection pg = c.unwrap(PGConnection.class);
                onNotify.run();
                backoff = Duration.ofMillis(200);
                while (running) {
                    PGNotification[] got = pg.getNotifications(1000);
                    if (got != null && got.length > 0) {
                        onNotify.run();
                    }
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                if (DbHealth.isConnectionProblem(e)) {
                    health.failed("listening for queued work", e);
                } else {
                    LOG.warn("LISTEN connection failed: {}", e.toString());
                }
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
                        : backoff.multipliedBy(2);
            }
        }
    }
}
