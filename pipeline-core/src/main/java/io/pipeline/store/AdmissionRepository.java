package io.pipeline.store;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Admission of ready TIs (scheduled -> queued) within pool slots and the DAGs' max_active_tasks. The moving
 * statements are {@link TaskInstanceStateStore}'s (the one gate for TI states). A pool's row is
 * locked while its slots are handed out, so that two admitting transactions never overfill it; pools are locked in
 * name order. TI rows are only ever taken with SKIP LOCKED here, so admission never waits on a TI lock.
 *
 * <p>Statements that pick TIs by key test the state as {@code coalesce(state, '') = ...}: the planner cannot match
 * that to a partial index on state, whose statistics lag far behind the churn of states (a plan on such an index
 * scans thousands of rows where the key finds a handful). The same idiom is used in the other TI repositories.
 */
public class AdmissionRepository {

    /** A ready TI that may be admitted. */
    public record Candidate(long id, String dagId, int poolSlots, String queue, int priority) {
    }

    /**
     * A locked pool: its slots, the slots taken, the queued and running TIs of the admitting DAG (or 0), and whether
     * TIs of the admitting DAG already wait (scheduled) in the pool: 1 or 0. Only whether any waits matters, and
     * counting them all cost a scan of every scheduled TI of a wide fan-out on each admission.
     */
    public record PoolState(int slots, int used, int dagActive, int dagWaiting) {
    }

    private final JdbcClient jdbc;
    private final TaskInstanceStateStore states;

    public AdmissionRepository(JdbcClient jdbc, TaskInstanceStateStore states) {
        this.jdbc = jdbc;
        this.states = states;
    }

    /**
     * Reads pool {@code :pool}'s occupancy, and that of DAG {@code :dag}, as {@link PoolState}. The probe for a
     * waiting TI reads {@code ti_scheduled} from its far end (lowest priority, newest id): admission takes the TIs at
     * the near end, so during a wide fan-out the near end is a run of entries of TIs admitted since the last VACUUM,
     * which every scan from there walks through (measured: 65 index pages per call with 6,000 of 12,000 admitted).
     * The order also keeps the planner on the index: with a bare {@code LIMIT 1} it expected thousands of scheduled
     * rows and chose a sequential scan that stops at the first match, and the finished instances of a fan-out come
     * first in the table (209 buffers per call at 6,000 finished TIs, a quarter of all buffers per TI).
     */
    static final String POOL_STATE = """
            SELECT p.slots,
                   (SELECT coalesce(sum(pool_slots), 0) FROM task_instance
                    WHERE state IN ('queued', 'running') AND pool = p.name) AS used,
                   (SELECT count(*) FROM task_instance
                    WHERE state IN ('queued', 'running') AND dag_id = :dag) AS dag_active,
                   (SELECT count(*) FROM (SELECT 1 FROM task_instance
                    WHERE state = 'scheduled' AND dag_id = :dag AND pool = p.name
                    ORDER BY priority, id DESC LIMIT 1) AS one) AS dag_waiting
            FROM pool p WHERE p.name = :pool
            """;

    /** {@link #POOL_STATE} with the pool's row locked. */
    static final String LOCK_POOL = POOL_STATE.stripTrailing() + " FOR UPDATE\n";

    /**
     * Locks the pool row and reads, in the same round trip, the slots its queued and running TIs take and how many
     * TIs of {@code dagId} (may be null) are queued or running. Empty when the pool does not exist.
     */
    public Optional<PoolState> lockPool(String pool, String dagId) {
        return jdbc.sql(LOCK_POOL)
                .param("pool", pool).param("dag", dagId)
                .query((rs, n) -> poolState(rs))
                .optional();
    }

    /**
     * The occupancy {@link #lockPool} reads, by the same query, without the lock (the read side: why a TI waits).
     * Empty when the pool does not exist.
     */
    public Optional<PoolState> poolState(String pool, String dagId) {
        return jdbc.sql(POOL_STATE)
                .param("pool", pool).param("dag", dagId)
                .query((rs, n) -> poolState(rs))
                .optional();
    }

    /** Queued and running TIs per DAG. */
    public Map<String, Integer> activePerDag(Collection<String> dagIds) {
        Map<String, Integer> out = new HashMap<>();
        jdbc.sql("""
                SELECT dag_id, count(*) AS n FROM task_instance
                WHERE state IN ('queued', 'running') AND dag_id = ANY(:dags)
                GROUP BY dag_id
                """)
                .param("dags", dagIds.toArray(String[]::new))
                .query(rs -> {
                    out.put(rs.getString("dag_id"), rs.getInt("n"));
                });
        return out;
    }

    /** Every pool, by name. */
    public List<String> pools() {
        return jdbc.sql("SELECT name FROM pool ORDER BY name").query(String.class).list();
    }

    /**
     * Ready TIs of a pool (of one DAG, or of every DAG when {@code dagId} is null) in priority order, locked,
     * skipping rows another transaction holds.
     */
    public List<Candidate> candidates(String pool, String dagId, int limit) {
        JdbcClient.StatementSpec spec = dagId == null
                ? jdbc.sql("""
                        SELECT id, dag_id, pool_slots, queue, priority FROM task_instance
                        WHERE state = 'scheduled' AND pool = :pool
                        ORDER BY priority DESC, id
                        LIMIT :limit
                        FOR UPDATE SKIP LOCKED
                        """)
                : jdbc.sql("""
                        SELECT id, dag_id, pool_slots, queue, priority FROM task_instance
                        WHERE state = 'scheduled' AND dag_id = :dag AND pool = :pool
                        ORDER BY priority DESC, id
                        LIMIT :limit
                        FOR UPDATE SKIP LOCKED
                        """).param("dag", dagId);
        return spec.param("pool", pool).param("limit", limit)
                .query((rs, n) -> new Candidate(rs.getLong("id"), rs.getString("dag_id"), rs.getInt("pool_slots"),
                        rs.getString("queue"), rs.getInt("priority")))
                .list();
    }

    /** The first TI waiting (scheduled) in a pool in admission order: its DAG and priority. */
    public record Waiting(String dagId, int priority) {
    }

    /**
     * The first TI waiting in pool {@code pool} in admission order (priority, then age), or empty when none waits.
     * One descent of {@code ti_scheduled_pool} (V200); read once per pool by the scheduler's admission pass.
     */
    public Optional<Waiting> firstWaiting(String pool) {
        return jdbc.sql("""
                        SELECT dag_id, priority FROM task_instance
                        WHERE state = 'scheduled' AND pool = :pool
                        ORDER BY priority DESC, id
                        LIMIT 1
                        """)
                .param("pool", pool)
                .query((rs, n) -> new Waiting(rs.getString("dag_id"), rs.getInt("priority")))
                .optional();
    }

    /** What one admitting statement did: TIs queued for any worker, and TIs claimed at once by this node. */
    public record Admitted(List<QueuedTi> queued, List<ClaimedTi> claimed) {
    }

    /**
     * In ONE statement: scheduled -> queued for {@code ids}, except those in {@code mine}, which go straight on to
     * running on {@code nodeId} (claimed by the admitting node for its free worker slots). Returns both, with their
     * run.
     */
    public Admitted admit(long[] ids, long[] mine, String nodeId, Instant now) {
        return states.admit(ids, mine, nodeId, now);
    }

    /** What {@link #admitReady} found and did: the pool's occupancy before (empty: no such pool) and the TIs moved. */
    public record ReadyAdmission(Optional<PoolState> pool, Admitted admitted) {
    }

    /**
     * In ONE statement, for unmapped TIs of one run found ready by a finishing transaction: locks the pool and reads
     * its occupancy as {@link #lockPool} does; then, if nothing of the DAG waits in the pool, {@code slotsNeeded} fit
     * its free slots and {@code tasks} fit the DAG's {@code maxActiveTasks}, moves them from none (through
     * scheduled) to queued with a new try, or, for {@code mineTasks}, on to running on {@code nodeId}. TIs no longer
     * in state none are left alone. When they do not fit nothing moves, and the caller admits by priority.
     */
    public ReadyAdmission admitReady(String pool, String dagId, long runPk, Collection<String> tasks,
                                     Collection<String> mineTasks, int slotsNeeded, int maxActiveTasks,
                                     String nodeId, Instant now) {
        return states.admitReady(pool, dagId, runPk, tasks, mineTasks, slotsNeeded, maxActiveTasks, nodeId, now);
    }

    static PoolState poolState(ResultSet rs) throws SQLException {
        return new PoolState(rs.getInt("slots"), rs.getInt("used"), rs.getInt("dag_active"), rs.getInt("dag_waiting"));
    }

    /** The TIs a {@code moved} CTE returned, with their run. */
    static final String MOVED_WITH_RUN = """
            SELECT m.id, m.version, m.run_pk, m.dag_id, r.run_id, r.run_type, r.logical_date,
                   r.data_interval_start, r.data_interval_end, r.session_date, r.conf, m.task_id, m.map_index,
                   m.try_number, m.max_tries, m.scheduled_at, m.start_date, m.first_poke_at, m.sensor_deadline,
                   m.node_id, m.state, m.queue
            FROM moved m JOIN dag_run r ON r.id = m.run_pk
            """;

    static void readMoved(ResultSet rs, List<QueuedTi> queued, List<ClaimedTi> claimed)
            throws SQLException {
        if ("running".equals(rs.getString("state"))) {
            claimed.add(ClaimRepository.MAPPER.mapRow(rs, 0));
        } else {
            queued.add(new QueuedTi(rs.getLong("id"), rs.getLong("run_pk"), rs.getString("run_id"),
                    Timestamps.read(rs, "logical_date"), rs.getString("dag_id"), rs.getString("task_id"),
                    rs.getInt("map_index"), rs.getInt("try_number"), rs.getInt("max_tries"),
                    rs.getString("queue")));
        }
    }

    /** A TI just queued. */
    public record QueuedTi(long id, long runPk, String runId, Instant logicalDate, String dagId, String taskId,
                           int mapIndex, int tryNumber, int maxTries, String queue) {
    }
}
