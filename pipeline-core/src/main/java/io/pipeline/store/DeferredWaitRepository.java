package io.pipeline.store;

import io.pipeline.task.Trigger;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The deferred waits ({@code deferred_wait}): one row per deferred task instance with its trigger's definition and
 * the triggerer node holding it. The holder's node heartbeat is the lease: a wait whose holder stopped, or has not
 * heartbeated since the cutoff, is free for another triggerer. Waking a TI is the state gate's
 * ({@link TaskInstanceStateStore#wake}), which deletes the fired waits in the same statement.
 */
public class DeferredWaitRepository {

    /** A wait as stored, with its trigger rebuilt. */
    public record WaitRow(long id, long tiId, int tryNumber, Trigger trigger, String triggererId, Instant createdAt) {
    }

    /** A wait to store for a TI that just deferred. */
    public record NewWait(long tiId, int tryNumber, Trigger trigger) {
    }

    static final RowMapper<WaitRow> MAPPER = (rs, n) -> new WaitRow(rs.getLong("id"), rs.getLong("ti_id"),
            rs.getInt("try_number"), trigger(rs), rs.getString("triggerer_id"), Timestamps.read(rs, "created_at"));

    private static final String CLAIM = """
            UPDATE deferred_wait w SET triggerer_id = :node, claimed_at = :now
            WHERE w.id IN (SELECT d.id FROM deferred_wait d WHERE %s ORDER BY d.id LIMIT :limit
                           FOR UPDATE SKIP LOCKED)
            RETURNING w.*
            """;

    private static final String CLAIM_FREE = CLAIM.formatted("d.triggerer_id IS NULL");

    /** Held by a node that is not alive (stopped, gone, or silent since the cutoff). */
    private static final String CLAIM_ORPHANED = CLAIM.formatted("""
            d.triggerer_id IS NOT NULL AND d.triggerer_id <> :node
                AND d.triggerer_id NOT IN (SELECT node_id FROM node WHERE state <> 'stopped'
                                            AND heartbeat_at >= :cutoff)""");

    private final JdbcClient jdbc;

    public DeferredWaitRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the waits of TIs that just deferred (replacing an older wait of the same TI), held by no triggerer. */
    public void insert(List<NewWait> waits, Instant now) {
        for (NewWait w : waits) {
            jdbc.sql("DELETE FROM deferred_wait WHERE ti_id = :ti").param("ti", w.tiId()).update();
            JdbcClient.StatementSpec spec = jdbc.sql("""
                    INSERT INTO deferred_wait (ti_id, try_number, kind, fire_at, object_key, connection_id,
                                               or_default, check_every_ms, http_url, http_method, expected_status,
                                               body_contains, created_at)
                    VALUES (:ti, :try, :kind, :fire, :key, :conn, :orDefault, :every, :url, :method,
                            CAST(:status AS integer[]), :body, :now)
                    """)
                    .param("ti", w.tiId()).param("try", w.tryNumber()).param("now", Timestamps.toDb(now))
                    .param("fire", null).param("key", null).param("conn", null).param("orDefault", false)
                    .param("every", null).param("url", null).param("method", null).param("status", null)
                    .param("body", null);
            switch (w.trigger()) {
                case Trigger.At at -> spec.param("kind", "time").param("fire", Timestamps.toDb(at.at()));
                case Trigger.ObjectKey k -> spec.param("kind", "object_key")
                        .param("key", k.key()).param("conn", k.connectionId()).param("orDefault", k.orDefault())
                        .param("every", k.checkEvery().toMillis());
                case Trigger.Http h -> spec.param("kind", "http").param("url", h.url().toString())
                        .param("method", h.method())
                        .param("status", h.expectedStatus().stream().sorted().mapToInt(Integer::intValue).toArray())
                        .param("body", h.bodyContains()).param("every", h.checkEvery().toMillis());
            }
            spec.update();
        }
    }

    /** Takes up to {@code limit} waits no triggerer holds. */
    public List<WaitRow> claimFree(String nodeId, int limit, Instant now) {
        return jdbc.sql(CLAIM_FREE)
                .param("node", nodeId).param("limit", limit).param("now", Timestamps.toDb(now))
                .query(MAPPER).list();
    }

    /** Takes up to {@code limit} waits whose holder is stopped or has not heartbeated since {@code cutoff}. */
    public List<WaitRow> claimOrphaned(String nodeId, Instant cutoff, int limit, Instant now) {
        return jdbc.sql(CLAIM_ORPHANED)
                .param("node", nodeId).param("cutoff", Timestamps.toDb(cutoff)).param("limit", limit)
                .param("now", Timestamps.toDb(now))
                .query(MAPPER).list();
    }

    /** Ids of the waits {@code nodeId} holds (a holder drops from memory what is no longer its own). */
    public List<Long> heldBy(String nodeId) {
        return jdbc.sql("SELECT id FROM deferred_wait WHERE triggerer_id = :node")
                .param("node", nodeId).query(Long.class).list();
    }

    /** A stopping triggerer hands its waits back. */
    public int release(String nodeId) {
        return jdbc.sql("UPDATE deferred_wait SET triggerer_id = NULL, claimed_at = NULL WHERE triggerer_id = :node")
                .param("node", nodeId).update();
    }

    /** Deletes waits whose TI is no longer deferred in that try (cleared, marked, removed meanwhile). */
    public int deleteStale() {
        return jdbc.sql("""
                DELETE FROM deferred_wait w WHERE NOT EXISTS (
                    SELECT 1 FROM task_instance t WHERE t.id = w.ti_id AND t.state = 'deferred'
                        AND t.try_number = w.try_number)
                """).update();
    }

    /** The wait of a TI, if it has one. */
    public Optional<WaitRow> ofTi(long tiId) {
        return jdbc.sql("SELECT * FROM deferred_wait WHERE ti_id = :ti").param("ti", tiId).query(MAPPER).optional();
    }

    /** Whether a node with the triggerer role is alive (heartbeat since {@code cutoff}). */
    public boolean anyTriggererAlive(Instant cutoff) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM node WHERE state <> 'stopped' AND 'triggerer' = ANY (roles)
                               AND heartbeat_at >= :cutoff)""")
                .param("cutoff", Timestamps.toDb(cutoff)).query(Boolean.class).single();
    }

    private static Trigger trigger(ResultSet rs) throws SQLException {
        String kind = rs.getString("kind");
        return switch (kind) {
            case "time" -> Trigger.at(Timestamps.read(rs, "fire_at"));
            case "object_key" -> new Trigger.ObjectKey(rs.getString("object_key"), rs.getString("connection_id"),
                    rs.getBoolean("or_default"), Duration.ofMillis(rs.getLong("check_every_ms")));
            case "http" -> {
                Set<Integer> status = new LinkedHashSet<>();
                Array codes = rs.getArray("expected_status");
                for (Object code : (Object[]) codes.getArray()) {
                    status.add(((Number) code).intValue());
                }
                yield new Trigger.Http(URI.create(rs.getString("http_url")), rs.getString("http_method"), status,
                        rs.getString("body_contains"), Duration.ofMillis(rs.getLong("check_every_ms")));
            }
            default -> throw new IllegalStateException("unknown trigger kind '" + kind + "' in deferred_wait");
        };
    }
}
