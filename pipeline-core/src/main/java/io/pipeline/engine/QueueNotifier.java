package io.pipeline.engine;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells workers that TIs were queued: a NOTIFY on the engine's channel (sent by PostgreSQL when the transaction
 * commits, to the LISTENing connection of every node, this one included).
 */
public final class QueueNotifier {
    private final JdbcClient jdbc;
    private final String channel;

    public QueueNotifier(JdbcClient jdbc, String channel) {
        this.jdbc = jdbc;
        this.channel = channel;
    }

    /** Call inside the transaction that queued {@code count} TIs. */
    public void queued(int count) {
        if (count > 0) {
            jdbc.sql("SELECT pg_notify(:channel, '')").param("channel", channel).query(Object.class).optional();
        }
    }
}
