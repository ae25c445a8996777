package io.pipeline.store;

import org.springframework.jdbc.core.RowMapper;

import java.sql.Date;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Claims queued task instances for a node: ONE statement per batch that picks them in priority order, skipping rows
 * other nodes are claiming, and marks them running with node, start time and heartbeat. A row is claimed at most
 * once: only a queued row can be picked, and the pick holds its row lock until the statement commits. The statement
 * is {@link TaskInstanceStateStore}'s (the one gate for TI states).
 */
public class ClaimRepository {

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

    private final TaskInstanceStateStore states;

    public ClaimRepository(TaskInstanceStateStore states) {
        this.states = states;
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
        return states.claim(queues, dagIds, limit, nodeId, now, synchronousCommit);
    }
}
