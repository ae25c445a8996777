package io.pipeline.store;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code pool} table: the one place that writes it (the migrations seed {@code default_pool} and
 * {@code market_data_provider}). Admission reads and locks pool rows ({@link AdmissionRepository}); a change here
 * locks the row first, so a pool is never deleted or shrunk halfway through an admission. Callers run the writes
 * in a transaction (the audit entry goes with it: {@code ops.ManagedObjects}).
 */
public class PoolStore {

    /** {@code order_by} fields of the listing and their columns. */
    public static final Map<String, String> ORDER_COLUMNS = Map.of("name", "p.name", "slots", "p.slots",
            "description", "p.description", "include_deferred", "p.include_deferred");

    static final String SELECT = """
            SELECT p.name, p.slots, p.description, p.include_deferred,
                   coalesce(sum(t.pool_slots) FILTER (WHERE t.state = 'running'), 0) AS running_slots,
                   coalesce(sum(t.pool_slots) FILTER (WHERE t.state = 'queued'), 0) AS queued_slots,
                   coalesce(sum(t.pool_slots) FILTER (WHERE t.state = 'scheduled'), 0) AS scheduled_slots,
                   coalesce(sum(t.pool_slots) FILTER (WHERE t.state = 'deferred'), 0) AS deferred_slots
            FROM pool p
            LEFT JOIN task_instance t ON t.pool = p.name
                  AND t.state IN ('running', 'queued', 'scheduled', 'deferred')
            """;

    private static final RowMapper<PoolRow> MAPPER = (rs, n) -> new PoolRow(rs.getString("name"),
            rs.getInt("slots"), rs.getString("description"), rs.getBoolean("include_deferred"),
            rs.getInt("running_slots"), rs.getInt("queued_slots"), rs.getInt("scheduled_slots"),
            rs.getInt("deferred_slots"));

    private final JdbcClient jdbc;

    public PoolStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param orderBy a key of {@link #ORDER_COLUMNS} */
    public Page<PoolRow> list(int limit, int offset, String orderBy, boolean descending) {
        String column = column(orderBy);
        List<PoolRow> items = jdbc.sql(SELECT + " GROUP BY p.name ORDER BY " + column + (descending ? " DESC" : "")
                        + ", p.name LIMIT :limit OFFSET :offset")
                .param("limit", limit).param("offset", offset).query(MAPPER).list();
        long total = jdbc.sql("SELECT count(*) FROM pool").query(Long.class).single();
        return new Page<>(items, Math.max(total, items.size()));
    }

    public Optional<PoolRow> find(String name) {
        return jdbc.sql(SELECT + " WHERE p.name = :name GROUP BY p.name").param("name", name).query(MAPPER).optional();
    }

    /** @return false when a pool of that name exists (nothing changed) */
    public boolean create(String name, int slots, String description, boolean includeDeferred) {
        return jdbc.sql("""
                        INSERT INTO pool (name, slots, description, include_deferred)
                        VALUES (:name, :slots, :description, :deferred)
                        ON CONFLICT (name) DO NOTHING
                        """)
                .param("name", name).param("slots", slots).param("description", description)
                .param("deferred", includeDeferred).update() == 1;
    }

    /**
     * Locks the pool's row (as admission does) and counts the task instances that hold or wait for its slots:
     * {@code queued}, {@code running}. Empty when there is no such pool.
     */
    public Optional<Integer> lockAndCountActive(String name) {
        Optional<String> locked = jdbc.sql("SELECT name FROM pool WHERE name = :name FOR UPDATE")
                .param("name", name).query(String.class).optional();
        return locked.map(n -> jdbc.sql("""
                        SELECT count(*) FROM task_instance WHERE pool = :name AND state IN ('queued', 'running')
                        """)
                .param("name", name).query(Integer.class).single());
    }

    /** Task instances not yet finished that name the pool (scheduled, queued, running, deferred, up_for_*). */
    public int countUnfinished(String name) {
        return jdbc.sql("""
                        SELECT count(*) FROM task_instance WHERE pool = :name
                        AND state IN ('scheduled', 'queued', 'running', 'deferred', 'up_for_retry', 'up_for_reschedule')
                        """)
                .param("name", name).query(Integer.class).single();
    }

    /** Writes every field; {@code newName} renames. @return false when the pool does not exist */
    public boolean update(String name, String newName, int slots, String description, boolean includeDeferred) {
        return jdbc.sql("""
                        UPDATE pool SET name = :newName, slots = :slots, description = :description,
                               include_deferred = :deferred
                        WHERE name = :name
                        """)
                .param("name", name).param("newName", newName).param("slots", slots)
                .param("description", description).param("deferred", includeDeferred).update() == 1;
    }

    /** @return false when the pool did not exist */
    public boolean delete(String name) {
        return jdbc.sql("DELETE FROM pool WHERE name = :name").param("name", name).update() == 1;
    }

    private static String column(String orderBy) {
        String column = ORDER_COLUMNS.get(orderBy);
        if (column == null) {
            throw new IllegalArgumentException("cannot order pools by '" + orderBy + "'; use one of "
                    + ORDER_COLUMNS.keySet());
        }
        return column;
    }
}
