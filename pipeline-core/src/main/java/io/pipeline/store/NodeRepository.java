package io.pipeline.store;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The node registry ({@code node}) and the heartbeats of running task instances. */
public class NodeRepository {

    /** A node as registered. */
    public record NodeRow(String nodeId, String hostname, List<String> roles, List<String> queues,
                          int workerConcurrency, String state, Instant startedAt, Instant heartbeatAt,
                          int runningTis) {
    }

    /** A try running on a node, as the node registry shows it. */
    public record RunningTry(String nodeId, String dagId, String runId, String taskId, int mapIndex, int tryNumber,
                             Instant startDate) {
    }

    private static final RowMapper<NodeRow> MAPPER = (rs, n) -> new NodeRow(rs.getString("node_id"),
            rs.getString("hostname"), DagRepository.textArray(rs.getArray("roles")),
            DagRepository.textArray(rs.getArray("queues")), rs.getInt("worker_concurrency"), rs.getString("state"),
            Timestamps.read(rs, "started_at"), Timestamps.read(rs, "heartbeat_at"), rs.getInt("running_tis"));

    private final JdbcClient jdbc;

    public NodeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void register(String nodeId, String hostname, List<String> roles, List<String> queues, int concurrency,
                         Instant now) {
        jdbc.sql("""
                INSERT INTO node (node_id, hostname, roles, queues, worker_concurrency, state, started_at, heartbeat_at)
                VALUES (:id, :host, :roles, :queues, :concurrency, 'running', :now, :now)
                ON CONFLICT (node_id) DO UPDATE SET hostname = excluded.hostname, roles = excluded.roles,
                    queues = excluded.queues, worker_concurrency = excluded.worker_concurrency, state = 'running',
                    started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at
                """)
                .param("id", nodeId).param("host", hostname).param("roles", roles.toArray(String[]::new))
                .param("queues", queues.toArray(String[]::new)).param("concurrency", concurrency)
                .param("now", Timestamps.toDb(now))
                .update();
    }

    /** Adds {@code role} to a registered node's roles (once). */
    public void addRole(String nodeId, String role) {
        jdbc.sql("UPDATE node SET roles = array_append(roles, :role) WHERE node_id = :id AND NOT (:role = ANY(roles))")
                .param("role", role).param("id", nodeId).update();
    }

    public void heartbeat(String nodeId, Instant now) {
        jdbc.sql("""
                UPDATE node SET heartbeat_at = :now,
                    state = CASE WHEN state = 'stopping' THEN 'stopping' ELSE 'running' END
                WHERE node_id = :id
                """)
                .param("now", Timestamps.toDb(now)).param("id", nodeId).update();
    }

    /** The node has begun to stop: it no longer claims and lets its running tries end (it still heartbeats). */
    public void stopping(String nodeId) {
        jdbc.sql("UPDATE node SET state = 'stopping' WHERE node_id = :id AND state = 'running'")
                .param("id", nodeId).update();
    }

    public void stopped(String nodeId, Instant now) {
        jdbc.sql("UPDATE node SET heartbeat_at = :now, state = 'stopped' WHERE node_id = :id")
                .param("now", Timestamps.toDb(now)).param("id", nodeId).update();
    }

    /**
     * Heartbeats the running TIs of this node. Rows another transaction holds are skipped (they are being finished
     * or reaped), so this never waits on a TI lock and cannot deadlock with the finishing transaction.
     */
    public int heartbeatTis(long[] tiIds, String nodeId, Instant now) {
        if (tiIds.length == 0) {
            return 0;
        }
        return jdbc.sql("""
                UPDATE task_instance SET heartbeat_at = :now
                WHERE id IN (SELECT id FROM task_instance
                             WHERE id = ANY(:ids) AND state = 'running' AND node_id = :node
                             FOR UPDATE SKIP LOCKED)
                """)
                .param("now", Timestamps.toDb(now)).param("ids", tiIds).param("node", nodeId)
                .update();
    }

    /**
     * Of the tries this node is executing, those whose TI is no longer running under that claim here (its state,
     * version or node changed, or the row is gone): they were cleared, marked, deleted or reaped.
     */
    public Set<ClaimedTi> takenAway(Collection<ClaimedTi> tries, String nodeId) {
        long[] ids = tries.stream().mapToLong(ClaimedTi::id).toArray();
        int[] versions = tries.stream().mapToInt(ClaimedTi::version).toArray();
        Set<String> gone = new HashSet<>(jdbc.sql("""
                SELECT v.id || ':' || v.version FROM unnest(CAST(:ids AS bigint[]), CAST(:versions AS int[]))
                    AS v(id, version)
                WHERE NOT EXISTS (SELECT 1 FROM task_instance t WHERE t.id = v.id AND t.version = v.version
                                  AND t.state = 'running' AND t.node_id = :node)
                """)
                .param("ids", ids).param("versions", versions).param("node", nodeId)
                .query(String.class).list());
        Set<ClaimedTi> out = new HashSet<>();
        for (ClaimedTi t : tries) {
            if (gone.contains(t.id() + ":" + t.version())) {
                out.add(t);
            }
        }
        return out;
    }

    /** Running TIs whose heartbeat is older than {@code cutoff}, with their run, oldest first. */
    public List<ClaimedTi> staleRunning(Instant cutoff, int limit) {
        return jdbc.sql("""
                SELECT t.id, t.version, t.run_pk, t.dag_id, r.run_id, r.run_type, r.logical_date,
                       r.data_interval_start, r.data_interval_end, r.session_date, r.conf, t.task_id, t.map_index,
                       t.try_number, t.max_tries, t.scheduled_at, t.start_date, t.first_poke_at, t.sensor_deadline,
                       t.node_id
                FROM task_instance t JOIN dag_run r ON r.id = t.run_pk
                WHERE t.state = 'running' AND t.heartbeat_at < :cutoff
                ORDER BY t.heartbeat_at LIMIT :limit
                """)
                .param("cutoff", Timestamps.toDb(cutoff)).param("limit", limit)
                .query(ClaimRepository.MAPPER).list();
    }

    public List<NodeRow> list() {
        return jdbc.sql("""
                SELECT n.*, (SELECT count(*) FROM task_instance t WHERE t.state = 'running' AND t.node_id = n.node_id)
                       AS running_tis
                FROM node n ORDER BY n.node_id
                """)
                .query(MAPPER).list();
    }

    public Optional<NodeRow> find(String nodeId) {
        return jdbc.sql("""
                SELECT n.*, (SELECT count(*) FROM task_instance t WHERE t.state = 'running' AND t.node_id = n.node_id)
                       AS running_tis
                FROM node n WHERE n.node_id = :id
                """)
                .param("id", nodeId).query(MAPPER).optional();
    }

    /** The running tries of these nodes, oldest first. */
    public List<RunningTry> runningTries(Collection<String> nodeIds) {
        if (nodeIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT t.node_id, t.dag_id, r.run_id, t.task_id, t.map_index, t.try_number, t.start_date
                FROM task_instance t JOIN dag_run r ON r.id = t.run_pk
                WHERE t.state = 'running' AND t.node_id = ANY(:nodes)
                ORDER BY t.start_date, t.id
                """)
                .param("nodes", nodeIds.toArray(String[]::new))
                .query((rs, n) -> new RunningTry(rs.getString("node_id"), rs.getString("dag_id"),
                        rs.getString("run_id"), rs.getString("task_id"), rs.getInt("map_index"),
                        rs.getInt("try_number"), Timestamps.read(rs, "start_date")))
                .list();
    }

    /** Queues that have queued task instances, with how many each. */
    public Map<String, Integer> queuedByQueue() {
        Map<String, Integer> out = new TreeMap<>();
        jdbc.sql("SELECT queue, count(*) AS n FROM task_instance WHERE state = 'queued' GROUP BY queue")
                .query(rs -> {
                    out.put(rs.getString("queue"), rs.getInt("n"));
                });
        return out;
    }

    /** The newest heartbeat of a running node with the scheduler role; empty when there is none. */
    public Optional<Instant> latestSchedulerHeartbeat() {
        return jdbc.sql("""
                        SELECT max(heartbeat_at) AS latest FROM node
                        WHERE state = 'running' AND 'scheduler' = ANY (roles)""")
                .query((rs, row) -> Optional.ofNullable(Timestamps.read(rs, "latest")))
                .single();
    }

    /** Whether a running node with the scheduler role heartbeated at or after {@code cutoff}. */
    public boolean schedulerHeartbeatSince(Instant cutoff) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM node WHERE state = 'running' AND 'scheduler' = ANY (roles)
                               AND heartbeat_at >= :cutoff)
                """)
                .param("cutoff", Timestamps.toDb(cutoff)).query(Boolean.class).single();
    }
}
