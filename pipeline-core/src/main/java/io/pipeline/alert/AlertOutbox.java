package io.pipeline.alert;

import io.pipeline.alert.notify.DeliveryResult;
import io.pipeline.store.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The outbox table. Writes join the caller's Spring transaction on the same DataSource (the state change's, or the
 * sender's delivery transaction).
 */
public final class AlertOutbox {

    private static final String INSERT = """
            INSERT INTO alert_outbox (created_at, dag_id, run_id, task_id, map_index, event, notifier, channel,
                                      ordering_key, summary, payload, next_attempt_at)
            VALUES (:at, :dag, :run, :task, :mapIndex, :event, :notifier, :channel, :key, :summary,
                    CAST(:payload AS jsonb), :at)
            RETURNING id
            """;

    /*
     * The head (oldest pending alert) of each (run, notifier) queue, if it is due. One pass over the pending rows in
     * queue order (index alert_outbox_order), so its cost does not grow with how many alerts wait behind each head.
     */
    private static final String DUE_HEADS = """
            SELECT id FROM (
                SELECT DISTINCT ON (ordering_key, notifier) id, next_attempt_at
                FROM alert_outbox
                WHERE state = 'pending' AND notifier IN (:notifiers)
                ORDER BY ordering_key, notifier, id) heads
            WHERE next_attempt_at <= :now
            ORDER BY next_attempt_at, id
            LIMIT :limit
            """;

    /*
     * Locks one alert for the caller's transaction if it is still pending, due and the head of its queue. SKIP LOCKED:
     * another sender delivering it keeps it; its earlier pending row, even while locked, keeps later rows back.
     */
    private static final String CLAIM = """
            SELECT o.id, coalesce(o.resent_at, o.created_at) AS since, o.notifier, o.channel, o.attempts,
                   o.payload::text AS payload
            FROM alert_outbox o
            WHERE o.id = :id AND o.state = 'pending' AND o.next_attempt_at <= :now
              AND NOT EXISTS (SELECT 1 FROM alert_outbox e
                              WHERE e.state = 'pending' AND e.ordering_key = o.ordering_key
                                AND e.notifier = o.notifier AND e.id < o.id)
            FOR UPDATE OF o SKIP LOCKED
            """;

    private static final String RECORD_ATTEMPT = """
            INSERT INTO alert_attempt (alert_id, attempt, at, outcome, http_status, error, duration_ms)
            VALUES (:id, :attempt, :at, :outcome, :status, :error, :durationMs)
            """;

    private final JdbcClient jdbc;

    public AlertOutbox(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Adds a pending alert for one notifier, due at once. */
    public long insert(AlertPayload p, String notifier, String channel, Instant at) {
        return jdbc.sql(INSERT)
                .param("at", Timestamps.toDb(at))
                .param("dag", p.dagId())
                .param("run", p.runId())
                .param("task", p.taskId())
                .param("mapIndex", p.mapIndex())
                .param("event", p.event().value())
                .param("notifier", notifier)
                .param("channel", channel)
                .param("key", orderingKey(p.dagId(), p.runId()))
                .param("summary", p.summary())
                .param("payload", AlertJson.write(p))
                .query(Long.class)
                .single();
    }

    /** Ids of the due heads of the queues of {@code notifiers}, most overdue first. */
    public List<Long> dueHeads(Instant now, Collection<String> notifiers, int limit) {
        if (notifiers.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(DUE_HEADS)
                .param("now", Timestamps.toDb(now))
                .param("notifiers", notifiers)
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    /** Locks and returns the alert if it is still due and first in its queue; must run inside a transaction. */
    public Optional<OutboxRow> claim(long id, Instant now) {
        return jdbc.sql(CLAIM)
                .param("id", id)
                .param("now", Timestamps.toDb(now))
                .query(AlertOutbox::row)
                .optional();
    }

    public void recordAttempt(long id, int attempt, Instant at, DeliveryResult result, long durationMs) {
        jdbc.sql(RECORD_ATTEMPT)
                .param("id", id)
                .param("attempt", attempt)
                .param("at", Timestamps.toDb(at))
                .param("outcome", result.outcome().value())
                .param("status", result.httpStatus())
                .param("error", result.error())
                .param("durationMs", durationMs)
                .update();
    }

    public void markDelivered(long id, int attempts, Instant at) {
        jdbc.sql("""
                        UPDATE alert_outbox SET state = 'delivered', attempts = :attempts, delivered_at = :at
                        WHERE id = :id""")
                .param("id", id).param("attempts", attempts).param("at", Timestamps.toDb(at))
                .update();
    }

    public void reschedule(long id, int attempts, Instant next, String error) {
        jdbc.sql("""
                        UPDATE alert_outbox SET attempts = :attempts, next_attempt_at = :next, last_error = :error
                        WHERE id = :id""")
                .param("id", id).param("attempts", attempts).param("next", Timestamps.toDb(next))
                .param("error", error)
                .update();
    }

    public void markUndeliverable(long id, int attempts, String error) {
        jdbc.sql("""
                        UPDATE alert_outbox SET state = 'undeliverable', attempts = :attempts, last_error = :error
                        WHERE id = :id""")
                .param("id", id).param("attempts", attempts).param("error", error)
                .update();
    }

    /** Pending alerts: how many, and when the oldest was created (null when none). */
    public Depth depth() {
        return jdbc.sql("SELECT count(*) AS n, min(created_at) AS oldest FROM alert_outbox WHERE state = 'pending'")
                .query((rs, i) -> new Depth(rs.getLong("n"), Timestamps.read(rs, "oldest")))
                .single();
    }

    public record Depth(long pending, Instant oldestCreatedAt) {
    }

    static String orderingKey(String dagId, String runId) {
        return dagId + "/" + runId;
    }

    private static OutboxRow row(ResultSet rs, int i) throws SQLException {
        return new OutboxRow(rs.getLong("id"), Timestamps.read(rs, "since"), rs.getString("notifier"),
                rs.getString("channel"), rs.getInt("attempts"), AlertJson.readPayload(rs.getString("payload")));
    }
}
