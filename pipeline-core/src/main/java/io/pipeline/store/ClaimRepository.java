package io.pipeline.store;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Date;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Claims queued task instances for a node: ONE statement per batch that picks them in priority order, skipping rows
 * other nodes are claiming, and marks them running with node, start time and heartbeat. A row is claimed at most
 * once: only a queued row can be picked, and the pick holds its row lock until the statement commits.
 */
public class ClaimRepository {

    private static final String RETURNING = """
            RETURNING t.id, t.version, t.run_pk, t.dag_id, r.run_id, r.run_type, r.logical_date,
                      r.data_interval_start, r.data_interval_end, r.session_date, r.conf, t.task_id, t.map_index,
                      t.try_number, t.max_tries, t.scheduled_at, t.start_date, t.first_poke_at, t.sensor_deadline,
                      t.node_id, set_config('synchronous_commit', :sc, true) AS commit_mode
            """;

    private static final String SET_RUNNING = """
            UPDATE task_instance t
            SET state = 'running', node_id = :node, start_date = :now, heartbeat_at = :now, end_date = NULL,
                duration_ms = NULL, version = t.version + 1, updated_at = :now
            FROM dag_run r
            """;

    public static final RowMapper<ClaimedTi> MAPPER = (rs, n) -> {
        Date session = rs.getDate("session_date");
        return new ClaimedTi(rs.getLong("id"), rs.getInt("version"), rs.getLong("run_pk"), rs.getString("dag_id"),
                rs.getString("run_id"), rs.getString("run_type"), Timestamps.read(rs, "logical_date"),
                Timestamps.read(rs, "data_interval_start"), Timestamps.read(rs, "data_interval_end"),
                session == null ? null : session.toLocalDate(), rs.getString("conf"), rs.getString("task_id"),
                rs.getInt("map_index"), rs.getInt("try_number"), rs.getInt("max_tries"),
                Timestamps.read(rs, "scheduled_at"), Timestamps.read(rs, "start_date"),
                Timestamps.read(rs, "first_poke_at"), Timestamps.read(rs, "sensor_deadline"), rs.getString("node_id"));
    };

    private final JdbcClient jdbc;

    public ClaimRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims up to {@code limit} queued TIs of the given queues and DAGs (those this node has loaded: a node running
     * other code leaves them to the others), highest priority and longest queued first.
     */
    public List<ClaimedTi> claim(Collection<String> queues, Collection<String> dagIds, int limit, String nodeId,
                                 Instant now) {
        return claim(queues, dagIds, limit, nodeId, now, true);
    }

    /**
     * As {@link #claim(Collection, Collection, int, String, Instant)}; {@code synchronousCommit} false lets the
     * claiming transaction commit without waiting for the WAL flush (set in the same statement).
     */
    public List<ClaimedTi> claim(Collection<String> queues, Collection<String> dagIds, int limit, String nodeId,
                                 Instant now, boolean synchronousCommit) {
        return jdbc.sql(SET_RUNNING + """
                WHERE r.id = t.run_pk AND t.id IN (
                    SELECT id FROM task_instance
                    WHERE state = 'queued' AND queue = ANY(:queues) AND dag_id = ANY(:dags)
                    ORDER BY priority DESC, queued_at, id
                    LIMIT :limit
                    FOR UPDATE SKIP LOCKED)
                """ + RETURNING)
                .param("node", nodeId).param("now", Timestamps.toDb(now)).param("sc", synchronousCommit ? "on" : "off")
                .param("queues", queues.toArray(String[]::new)).param("dags", dagIds.toArray(String[]::new))
                .param("limit", limit)
                .query(MAPPER).list();
    }
}
