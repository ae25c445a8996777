package io.pipeline.store;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one writer of {@code dataset_freshness_miss}: a partition with no event by its freshness deadline is recorded
 * once, and marked arrived when its first event comes in. Used only by the scheduler's freshness step; reads for
 * pages are in {@link DatasetQueries#freshnessMisses}.
 */
public final class FreshnessStore {

    /** A stored dataset's id and when it was first declared (no deadline before that is checked). */
    public record Watched(long id, String uri, Instant createdAt) {
    }

    /** A recorded miss, as inserted or as it arrived. */
    public record Miss(long datasetId, String uri, String partitionKey, Instant dueAt, ZoneId dueZone, String deadline,
                       Instant detectedAt, Instant arrivedAt) {
    }

    /*
     * A miss is recorded only while the partition has no event; ON CONFLICT makes a second checker (another node)
     * record nothing, so exactly one caller gets the row back.
     */
    private static final String INSERT_MISS = """
            INSERT INTO dataset_freshness_miss (dataset_id, partition_key, due_at, due_zone, deadline, detected_at)
            SELECT :ds, :key, :due, :zone, :deadline, :now
            WHERE NOT EXISTS (SELECT 1 FROM dataset_event e WHERE e.dataset_id = :ds AND e.partition_key = :key)
            ON CONFLICT (dataset_id, partition_key) DO NOTHING
            RETURNING detected_at
            """;

    /*
     * Open misses whose partition has an event now get its first event (open misses by the partial index, each
     * one's first event by the event index). Under READ COMMITTED a concurrent update of the same row re-checks
     * arrived_at IS NULL and skips it, so one caller reports each arrival.
     */
    private static final String MARK_ARRIVED = """
            UPDATE dataset_freshness_miss m SET arrived_at = f.created_at, event_id = f.id
            FROM (SELECT o.id AS miss_id, e.id, e.created_at
                  FROM dataset_freshness_miss o
                  CROSS JOIN LATERAL (SELECT x.id, x.created_at FROM dataset_event x
                                      WHERE x.dataset_id = o.dataset_id AND x.partition_key = o.partition_key
                                      ORDER BY x.id LIMIT 1) e
                  WHERE o.arrived_at IS NULL) f, dataset d
            WHERE m.id = f.miss_id AND m.arrived_at IS NULL AND d.id = m.dataset_id
            RETURNING m.dataset_id, d.uri, m.partition_key, m.due_at, m.due_zone, m.deadline, m.detected_at,
                      m.arrived_at
            """;

    private final JdbcClient jdbc;

    public FreshnessStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored datasets among {@code uris}, by URI. */
    public Map<String, Watched> watched(Collection<String> uris) {
        Map<String, Watched> out = new HashMap<>();
        jdbc.sql("SELECT id, uri, created_at FROM dataset WHERE uri = ANY(:uris)")
                .param("uris", uris.toArray(String[]::new))
                .query((rs, n) -> new Watched(rs.getLong("id"), rs.getString("uri"), Timestamps.read(rs, "created_at")))
                .list().forEach(w -> out.put(w.uri(), w));
        return out;
    }

    /**
     * Records that {@code key} had no event by {@code dueAt}, unless it has one or is recorded already; returns the
     * miss when this call recorded it.
     */
    public Optional<Miss> recordMiss(Watched dataset, String key, Instant dueAt, ZoneId zone, String deadline,
                                     Instant now) {
        return jdbc.sql(INSERT_MISS)
                .param("ds", dataset.id()).param("key", key).param("due", Timestamps.toDb(dueAt))
                .param("zone", zone.getId()).param("deadline", deadline).param("now", Timestamps.toDb(now))
                .query((rs, n) -> new Miss(dataset.id(), dataset.uri(), key, dueAt, zone, deadline,
                        Timestamps.read(rs, "detected_at"), null))
                .optional();
    }

    /** Marks the open misses whose partition has an event now; returns them with their arrival. */
    public List<Miss> markArrived() {
        return jdbc.sql(MARK_ARRIVED).query(FreshnessStore::miss).list();
    }

    private static Miss miss(ResultSet rs, int n) throws SQLException {
        return new Miss(rs.getLong("dataset_id"), rs.getString("uri"), rs.getString("partition_key"),
                Timestamps.read(rs, "due_at"), ZoneId.of(rs.getString("due_zone")), rs.getString("deadline"),
                Timestamps.read(rs, "detected_at"), Timestamps.read(rs, "arrived_at"));
    }
}
