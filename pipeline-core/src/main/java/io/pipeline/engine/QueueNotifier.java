package io.pipeline.engine;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells workers that TIs were queued, and schedulers that there is work for a pass (a dataset event that counts
 * towards a consumer's run): a NOTIFY on the engine's channel (sent by PostgreSQL when the transaction commits, to
 * the LISTENing connection of every node, this one included). The payload says which: empty for queued TIs,
 * {@link #SCHEDULER} for the schedulers.
 */
public final class QueueNotifier {
    /** The payload that wakes the scheduler loops instead of the workers. */
    public static final String SCHEDULER = "scheduler";

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

    /** Call inside a transaction that gave the schedulers work: their loops run a pass when it commits. */
    public void schedulerWork() {
        jdbc.sql("SELECT pg_notify(:channel, :payload)").param("channel", channel).param("payload", SCHEDULER)
                .query(Object.class).optional();
    }
}
