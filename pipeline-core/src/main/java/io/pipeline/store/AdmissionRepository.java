package io.pipeline.store;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Admission of ready TIs (scheduled -> queued) within pool slots and the DAGs' max_active_tasks. A pool's row is
 * locked while its slots are handed out, so that two admitting transactions never overfill it; pools are locked in
 * name order. TI rows are only ever taken with SKIP LOCKED here, so admission never waits on a TI lock.
 *
 * <p>Statements that pick TIs by key test the state as {@code coalesce(state, '') = ...}: the planner cannot match
 * that to a partial index on state, whose statistics lag far behind the churn of states (a plan on such an index
 * scans thousands of rows where the key finds a handful). The same idiom is used in the other TI repositories.
 */
public class AdmissionRepository {

    /** A ready TI that may be admitted. */
    public record Candidate(long id, String dagId, int poolSlots) {
    }

    private final JdbcClient jdbc;

    public AdmissionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the pool row and returns its slot count; empty when the pool does not exist. */
    public Optional<Integer> lockPool(String pool) {
        return jdbc.sql("SELECT slots FROM pool WHERE name = :name FOR UPDATE")
                .param("name", pool).query(Integer.class).optional();
    }

    /** Slots taken in a pool by queued and running TIs. */
    public int usedSlots(String pool) {
        return jdbc.sql("""
                SELECT coalesce(sum(pool_slots), 0) FROM task_instance
                WHERE state IN ('queued', 'running') AND pool = :pool
                """)
                .param("pool", pool).query(Integer.class).single();
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
                        SELECT id, dag_id, pool_slots FROM task_instance
                        WHERE state = 'scheduled' AND pool = :pool
                        ORDER BY priority DESC, id
                        LIMIT :limit
                        FOR UPDATE SKIP LOCKED
                        """)
                : jdbc.sql("""
                        SELECT id, dag_id, pool_slots FROM task_instance
                        WHERE state = 'scheduled' AND dag_id = :dag AND pool = :pool
                        ORDER BY priority DESC, id
                        LIMIT :limit
                        FOR UPDATE SKIP LOCKED
                        """).param("dag", dagId);
        return spec.param("pool", pool).param("limit", limit)
                .query((rs, n) -> new Candidate(rs.getLong("id"), rs.getString("dag_id"), rs.getInt("pool_slots")))
                .list();
    }

    /** scheduled -> queued; returns the rows moved, with their run for the listeners. */
    public List<QueuedTi> queue(long[] ids, Instant now) {
        return jdbc.sql("""
                WITH moved AS (
                    UPDATE task_instance t SET state = 'queued', queued_at = :now, version = t.version + 1,
                        updated_at = :now
                    WHERE t.id = ANY(:ids) AND coalesce(t.state, '') = 'scheduled'
                    RETURNING t.id, t.run_pk, t.dag_id, t.task_id, t.map_index, t.try_number, t.max_tries, t.queue)
                SELECT m.*, r.run_id, r.logical_date FROM moved m JOIN dag_run r ON r.id = m.run_pk
                """)
                .param("ids", ids).param("now", Timestamps.toDb(now))
                .query((rs, n) -> new QueuedTi(rs.getLong("id"), rs.getLong("run_pk"), rs.getString("run_id"),
                        Timestamps.read(rs, "logical_date"), rs.getString("dag_id"), rs.getString("task_id"),
                        rs.getInt("map_index"), rs.getInt("try_number"), rs.getInt("max_tries"), rs.getString("queue")))
                .list();
    }

    /** A TI just queued. */
    public record QueuedTi(long id, long runPk, String runId, Instant logicalDate, String dagId, String taskId,
                           int mapIndex, int tryNumber, int maxTries, String queue) {
    }
}
